"""The one file intake (desktop/services/importers/intake/): every reader — results, roadmaps from Excel and
Word, schools — goes through the same checks with the same limits, each refusal worded for its reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import files, limits, workbook, zips
from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.roadmap.plan_table import read_roadmap_xlsx
from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from desktop.services.schools_io import read_schools_file
from tests.builders import hostile_files as hostile
from tests.builders.docx_orders import Table, build_order_docx, write_roadmap_xlsx
from tests.builders.result_files import write_fisoko_individual, write_fisoko_marks, write_xlsx_fast
from tests.builders.schools_files import invented_school, write_schools_xlsx

PLAN = [["№", "Мероприятие", "Срок"], ["1", "Совещание", "Май"]]


@pytest.fixture()
def inputs(tmp_path) -> dict[str, tuple]:
    """A valid file of every reader, with the reader."""
    return {
        "results": (write_fisoko_marks(tmp_path / "отчёт.xlsx").path, read_sheets),
        "schools": (write_schools_xlsx(tmp_path / "школы.xlsx", [invented_school(n) for n in range(1, 4)]),
                    read_schools_file),
        "roadmap.xlsx": (write_roadmap_xlsx(tmp_path / "план.xlsx", PLAN), read_roadmap_xlsx),
        "roadmap.docx": (build_order_docx(tmp_path / "приказ.docx", ["ПРИКАЗ", Table(PLAN)]), read_roadmap_docx),
    }


def _refusal(reader, path: Path) -> str:
    with pytest.raises(ImportFormatError) as caught:
        reader(path)
    message = str(caught.value)
    assert message.count(path.name) == 1, message  # the file is named, once
    return message


@pytest.mark.parametrize("limit, value, words", [
    ("MAX_FILE_SIZE", 1000, "слишком велик"),
    ("MAX_UNCOMPRESSED", 1000, "распаков"),
    ("MAX_MEMBERS", 3, "част"),
    ("MAX_CELLS", 4, "слишком велик"),
])
def test_every_reader_keeps_to_the_same_limits(inputs, monkeypatch, limit, value, words):
    for path, reader in inputs.values():
        reader(path)  # within the usual limits every file reads
    monkeypatch.setattr(limits, limit, value)
    for name, (path, reader) in inputs.items():
        if limit == "MAX_CELLS" and name == "roadmap.docx":
            continue  # a Word document has no sheets
        assert words in _refusal(reader, path), name


def test_a_bomb_and_a_lying_archive_are_refused_for_every_reader(inputs, tmp_path):
    for name, (path, reader) in inputs.items():
        bomb = hostile.decompression_bomb(path, tmp_path / f"бомба {path.name}", 64 * 1024 * 1024)
        assert "zip-бомб" in _refusal(reader, bomb), name
        forged = hostile.forged_bomb(path, tmp_path / f"подделка {path.name}", 64 * 1024 * 1024)
        assert "повреждён" in _refusal(reader, forged), name


def test_refusals_are_worded_for_their_reader(tmp_path):
    """Results and schools carry the file as the error's location; roadmaps name it in the sentence, and
    a damaged archive no longer names it twice («Файл «x»: Файл «x» повреждён…»)."""
    page = tmp_path / "план.xlsx"
    page.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(ImportFormatError) as located:
        read_sheets(page)
    assert located.value.location.file == str(page)
    assert located.value.message.startswith("Файл повреждён или не является книгой Excel: это веб-страница (HTML)")
    assert _refusal(read_roadmap_xlsx, page).startswith(
        "Файл «план.xlsx» повреждён или не является книгой Excel: это веб-страница (HTML)")

    document = build_order_docx(tmp_path / "good.docx", ["ПРИКАЗ", Table(PLAN)])
    broken = tmp_path / "crc.docx"
    broken.write_bytes(hostile.apply_plan(document.read_bytes(), "docx", [["bad_crc", 0]]))
    assert _refusal(read_roadmap_docx, broken) == "Файл «crc.docx» повреждён или не является документом Word"


def test_a_damaged_xls_header_is_refused_before_calamine_for_a_plan_too(tmp_path):
    path = tmp_path / "план.xls"
    path.write_bytes(files.OLE_MAGIC + b"\0" * 4096)
    assert _refusal(read_roadmap_xlsx, path) == (
        "Файл «план.xls» повреждён или не является книгой Excel (повреждён заголовок файла Excel 97–2003).")
    with pytest.raises(ImportFormatError, match="повреждён заголовок") as located:
        read_sheets(path)
    assert located.value.location.file == str(path)


def test_the_kind_is_told_from_the_first_bytes_only(tmp_path, monkeypatch):
    """The roadmap reader used to read the whole file (up to 256 MB) to look at 8 bytes."""
    path = tmp_path / "большой.xls"
    path.write_bytes(files.OLE_MAGIC + b"\0" * (8 << 20))
    reads = []
    real_open = open

    class Counted:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            reads.append(size)
            return self.handle.read(size)

    monkeypatch.setattr(files, "open", lambda *args, **kwargs: Counted(real_open(*args, **kwargs)), raising=False)
    with pytest.raises(ImportFormatError):
        files.check_file(path, files.PLAN_WORKBOOK)
    assert files.is_ole(path)
    assert reads == [files.HEAD, len(files.OLE_MAGIC)]


def test_parts_held_whole_are_bounded(inputs, tmp_path, monkeypatch):
    """calamine holds a workbook's shared strings whole, python-docx every part of a document."""
    strings = tmp_path / "строки.xlsx"
    with zipfile.ZipFile(inputs["schools"][0]) as source, zipfile.ZipFile(strings, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>текст</t></si>" * 100_000 + "</sst>")
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 1024 * 1024)
    assert "тексты ячеек занимают 3 МБ, допустимо до 1 МБ" in _refusal(read_schools_file, strings)
    assert "тексты ячеек" in _refusal(read_roadmap_xlsx, strings)

    document = inputs["roadmap.docx"][0]
    body = tmp_path / "длинный.docx"
    with zipfile.ZipFile(document) as source, zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"</w:body>", b" " * (2 << 20) + b"</w:body>")
            target.writestr(info.filename, content)
    monkeypatch.setattr(limits, "MAX_DOCUMENT_PART", 1024 * 1024)
    assert "(текст документа занимает 3 МБ, допустимо до 1 МБ)" in _refusal(read_roadmap_docx, body)
    read_roadmap_docx(document)
    monkeypatch.setattr(limits, "MAX_DOCUMENT_PART", 200 * 1024)  # the styles of the builder's template: 340 KB
    assert "(часть документа «word/styles.xml» занимает" in _refusal(read_roadmap_docx, document)
    monkeypatch.undo()
    monkeypatch.setattr(limits, "MAX_HELD_PACKAGE", 100_000)
    assert "после распаковки" in _refusal(read_roadmap_docx, document)
    read_roadmap_xlsx(inputs["roadmap.xlsx"][0])  # a workbook is not held whole: the bound is not its


def _sheet_member(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return next(i for i, info in enumerate(archive.infolist()) if info.filename.startswith("xl/worksheets/"))


def _in_pieces(monkeypatch) -> None:
    monkeypatch.setattr(workbook, "PIECES_FROM", 1)  # every sheet is «big»: read in pieces, checked as it is
    monkeypatch.setattr(workbook, "PIECE_BYTES", 4096)
    monkeypatch.setattr(workbook, "PIECE_PER_SHARED", 0)


def test_the_intake_leaves_a_big_sheet_to_be_checked_as_it_is_read(tmp_path, monkeypatch):
    """A worksheet part of `PIECES_FROM` bytes and more is unpacked once, by the reader of its pieces,
    not before it as well; every other part is checked by the intake as ever."""
    path = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=300).path
    whole = read_sheets(path)
    _in_pieces(monkeypatch)
    checked = []
    member = zips._Verifier.member
    monkeypatch.setattr(zips._Verifier, "member", lambda self, info: (checked.append(info.filename),
                                                                      member(self, info)))
    assert [s.rows for s in read_sheets(path)] == [s.rows for s in whole]
    assert "xl/workbook.xml" in checked and not [n for n in checked if n.startswith("xl/worksheets/")]


@pytest.mark.parametrize("damage", ["far cell", "bad crc", "text", "read whole"])
def test_a_big_sheet_checked_as_it_is_read_is_refused_in_the_same_words(tmp_path, monkeypatch, damage):
    """A sheet too wide, a CRC that lies, cells that would hold too much text: refused as the intake
    refuses them, read in pieces or (when the sheet cannot be cut) whole."""
    fixture = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=300).path
    path = tmp_path / f"{damage}.xlsx"
    if damage == "far cell":
        path.write_bytes(hostile.far_cell(fixture, "xlsx"))
    elif damage == "text":  # cells that refer to one shared string 300 times
        write_xlsx_fast(path, "Лист1", [["№", "Текст"]] + [[n, "длинный текст " * 20] for n in range(300)])
        monkeypatch.setattr(limits, "MAX_CELL_TEXT", 64 * 1024)
    else:
        path.write_bytes(hostile._bad_crc(fixture.read_bytes(), _sheet_member(fixture)))
    before = _refusal(read_sheets, path)
    _in_pieces(monkeypatch)
    if damage == "read whole":
        monkeypatch.setattr(workbook, "_big_sheet_parts", lambda path: {})
    assert _refusal(read_sheets, path) == before
    assert ("повреждён" if damage in ("bad crc", "read whole") else "слишком велик") in before
