"""The safe workbook reader: bad files become ImportFormatError naming the file; cells read as typed."""

from __future__ import annotations

import datetime
import struct
import zipfile

import pytest
from openpyxl import Workbook

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import limits, workbook
from desktop.services.importers.intake.workbook import cell_number, cell_text, read_sheets
from tests.builders.hostile_files import zip_version
from tests.builders.result_files import write_fisoko_marks, write_rows


def _error(path, **kwargs) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        read_sheets(path, **kwargs)
    assert path.name in str(caught.value), "the message must name the file"
    return caught.value


def test_zero_byte_file(tmp_path):
    path = tmp_path / "пустой.xlsx"
    path.write_bytes(b"")
    assert "пуст" in str(_error(path))


def test_text_renamed_to_xlsx(tmp_path):
    path = tmp_path / "отчёт.xlsx"
    path.write_text("Группы участников;Кол-во участников\nВся выборка;100\n", encoding="utf-8")
    assert "не является книгой Excel" in str(_error(path))


def test_html_saved_as_xls_gets_a_hint(tmp_path):
    path = tmp_path / "протокол.xls"
    path.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    message = str(_error(path))
    assert "HTML" in message and "сохраните" in message


def test_truncated_zip(tmp_path):
    good = tmp_path / "good.xlsx"
    write_fisoko_marks(good)
    path = tmp_path / "обрезан.xlsx"
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "повреждён" in str(_error(path))


def test_zip_of_an_unknown_version(tmp_path):
    good = tmp_path / "good.xlsx"
    write_fisoko_marks(good)
    path = tmp_path / "версия.xlsx"
    path.write_bytes(zip_version(good.read_bytes(), 0, 148))  # zipfile: NotImplementedError, not BadZipFile
    assert "повреждён" in str(_error(path))


def test_directory_and_missing_file(tmp_path):
    folder = tmp_path / "папка.xlsx"
    folder.mkdir()
    assert "папка" in str(_error(folder)).lower()
    missing = tmp_path / "нет такого.xlsx"
    assert "не найден" in str(_error(missing))


def _bomb(path, size: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "бомба.xlsx"
    _bomb(path, 48 << 20)  # 48 MB of zeros pack to ~50 KB: a ratio near 1000
    assert path.stat().st_size < 1 << 20
    message = str(_error(path))
    assert "слишком велик" in message and "zip-бомб" in message


def test_total_unpacked_size_is_capped(tmp_path, monkeypatch):
    path = tmp_path / "большой.xlsx"
    write_fisoko_marks(path)
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED", 10_000)
    message = str(_error(path))
    assert "слишком велик" in message


def test_forged_sizes_are_caught_by_the_stream_check(tmp_path):
    """An archive that declares a small member but holds a big one (sizes patched in both headers)."""
    path = tmp_path / "подделка.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 200_000)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)  # the member's central entry
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    assert "повреждён" in str(_error(path))


def test_zip_without_a_workbook_inside(tmp_path):
    path = tmp_path / "архив.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert "не является книгой Excel" in str(_error(path))


def test_calamine_failure_becomes_import_format_error(tmp_path):
    """A zip that looks like a workbook to our checks but has no workbook part: calamine raises."""
    path = tmp_path / "сломан.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r='1'>")
    assert "не является книгой Excel" in str(_error(path))


def test_values_hidden_sheets_and_positions(tmp_path):
    path = tmp_path / "values.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Данные"
    ws.append(["текст", 123, "0123", 1.5, datetime.date(2026, 4, 20), True, "", None])
    ws.merge_cells("A3:B3")
    ws["A3"] = "объединено"
    hidden = wb.create_sheet("Скрытый")
    hidden.sheet_state = "hidden"
    hidden["C5"] = 7
    wb.save(path)

    sheets = read_sheets(path)
    assert [(s.name, s.hidden) for s in sheets] == [("Данные", False), ("Скрытый", True)]
    first = sheets[0]
    row = first.rows[0]
    assert row[:6] == ["текст", 123.0, "0123", 1.5, datetime.date(2026, 4, 20), True]
    assert first.rows[1] == [None] * len(row)  # calamine's '' for an empty cell became None
    assert first.cell(3, 1) == "объединено" and first.cell(3, 2) is None
    assert (3, 1, 3, 2) in first.merged
    # rows are counted from A1 even when the data start lower
    assert sheets[1].cell(5, 3) == 7.0
    assert sheets[1].rows[4][2] == 7.0


def test_equal_values_are_shared_and_keep_their_types(tmp_path):
    """Repeated texts and numbers are one object each (the memory of a 300,000-row file); a True read
    after 1.0 (equal to it) stays True; data starting at C2 keep their columns."""
    path = tmp_path / "shared.xlsx"
    wb = Workbook()
    ws = wb.active
    for r in range(2, 6):
        ws.cell(r, 3, "МБОУ СОШ № 1")
        ws.cell(r, 4, 1.5 * 2)
        ws.cell(r, 5, 1 if r < 4 else True)
    wb.save(path)
    rows = read_sheets(path)[0].rows
    assert rows[0] == [] or set(rows[0]) == {None}
    assert rows[1] == [None, None, "МБОУ СОШ № 1", 3.0, 1.0]
    assert rows[1][2] is rows[4][2] and rows[1][3] is rows[4][3]
    assert [type(row[4]) for row in rows[1:]] == [float, float, bool, bool]


def test_rows_beyond_the_cap_are_dropped_and_counted(tmp_path):
    path = write_rows(tmp_path / "длинный.xlsx", [[i] for i in range(1, 21)])
    sheet = read_sheets(path, max_rows=5)[0]
    assert len(sheet.rows) == 5
    assert sheet.dropped_rows == 15


@pytest.mark.parametrize(
    "value, expected",
    [
        (12.5, 12.5),
        ("12,5", 12.5),
        (" 12.5 ", 12.5),
        ("1\xa0234", 1234.0),
        ("1 234,5", 1234.5),
        ("45,20%", 45.2),
        ("\u22125", -5.0),
        ("X", None),
        ("x", None),
        ("Х", None),  # Cyrillic
        ("-", None),
        ("—", None),
        ("нет отметки", None),
        ("  ", None),
        (None, None),
        (7, 7.0),
    ],
)
def test_cell_number(value, expected):
    assert cell_number(value) == expected


@pytest.mark.parametrize("value", ["двадцать", "12,5,1", "nan", True, datetime.date(2026, 1, 1)])
def test_cell_number_rejects_non_numbers(value):
    with pytest.raises(ValueError):
        cell_number(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        (123.0, "123"),
        (12.5, "12.5"),
        ("  9А ", "9А"),
        ("\xa0edu900101\xa0", "edu900101"),
        ("Х", None),
        ("нет отметки", None),
        ("", None),
        (None, None),
        (datetime.date(2026, 4, 20), "20.04.2026"),
    ],
)
def test_cell_text(value, expected):
    assert cell_text(value) == expected


def test_gc_paused_restores_the_previous_state():
    import gc

    assert gc.isenabled()
    with workbook.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with workbook.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
