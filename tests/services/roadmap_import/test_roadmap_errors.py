"""Files that cannot be read at all: an ImportFormatError in Russian naming the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import limits
from desktop.services.importers.roadmap.pasted_text import read_roadmap_text
from desktop.services.importers.roadmap.plan_table import read_roadmap_xlsx
from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from tests.builders.docx_orders import Table, build_order_docx, write_roadmap_xlsx
from tests.builders.hostile_files import zip_version


def _error(reader, path, **kwargs) -> str:
    with pytest.raises(ImportFormatError) as caught:
        reader(path, **kwargs)
    message = str(caught.value)
    assert f"«{Path(path).name}»" in message  # every message names the file…
    assert any("а" <= ch.lower() <= "я" for ch in message.replace(Path(path).name, ""))  # …in Russian
    return message


def test_missing_empty_and_directory(tmp_path):
    assert _error(read_roadmap_docx, tmp_path / "нет такого.docx") == "Файл «нет такого.docx» не найден"
    empty = tmp_path / "пустой.docx"
    empty.write_bytes(b"")
    assert _error(read_roadmap_docx, empty) == "Файл «пустой.docx» пуст"
    folder = tmp_path / "папка.docx"
    folder.mkdir()
    assert _error(read_roadmap_docx, folder) == "«папка.docx» — это папка, а не файл"
    assert "пустой.xlsx" in _error(read_roadmap_xlsx, _touch(tmp_path / "пустой.xlsx"))


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    "content",
    [
        b"This is plain text, not a Word document at all.",
        b"PK\x03\x04garbage that only starts like a zip",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    ],
)
def test_foreign_or_corrupt_docx(tmp_path, content):
    path = tmp_path / "план.docx"
    path.write_bytes(content)
    assert _error(read_roadmap_docx, path) == "Файл «план.docx» повреждён или не является документом Word"


def test_zip_of_an_unknown_version(tmp_path):
    """A flipped «version needed to extract» makes zipfile raise NotImplementedError: still a message."""
    document = build_order_docx(tmp_path / "приказ.docx", ["ПРИКАЗ", Table([["№", "Мероприятие", "Срок"], ["1", "А", "Май"]])])
    broken_docx = tmp_path / "версия.docx"
    broken_docx.write_bytes(zip_version(document.read_bytes(), 1, 148))
    assert _error(read_roadmap_docx, broken_docx) == "Файл «версия.docx» повреждён или не является документом Word"
    workbook = write_roadmap_xlsx(tmp_path / "план.xlsx", [["№", "Мероприятие", "Срок"], ["1", "А", "Май"]])
    broken_xlsx = tmp_path / "версия.xlsx"
    broken_xlsx.write_bytes(zip_version(workbook.read_bytes(), 1, 148))
    assert "повреждён" in _error(read_roadmap_xlsx, broken_xlsx)


def test_zip_without_a_word_document(tmp_path):
    workbook = write_roadmap_xlsx(tmp_path / "книга.xlsx", [["№", "Мероприятие", "Срок"], ["1", "А", "Май"]])
    renamed = tmp_path / "книга.docx"
    renamed.write_bytes(workbook.read_bytes())
    assert _error(read_roadmap_docx, renamed) == "Файл «книга.docx» повреждён или не является документом Word"


def test_truncated_docx(tmp_path):
    good = build_order_docx(tmp_path / "good.docx", ["ПРИКАЗ", Table([["№", "Мероприятие", "Срок"], ["1", "А", "Май"]])])
    broken = tmp_path / "обрезан.docx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "«обрезан.docx»" in _error(read_roadmap_docx, broken)


def test_damaged_document_xml(tmp_path):
    path = tmp_path / "битый.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><not closed")
    assert _error(read_roadmap_docx, path) == "Файл «битый.docx» повреждён или не является документом Word"


def test_old_binary_word(tmp_path):
    path = tmp_path / "старый.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    message = _error(read_roadmap_docx, path)
    assert message.startswith("Файл «старый.doc» сохранён в старом формате Word 97–2003")


def test_zip_bomb_by_ratio(tmp_path):
    path = tmp_path / "бомба.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (6 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    message = _error(read_roadmap_docx, path)
    assert "«бомба.docx»" in message and "zip-бомбу" in message


def test_zip_bomb_by_total_size(tmp_path, monkeypatch):
    good = build_order_docx(tmp_path / "большой.docx", ["ПРИКАЗ"])
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED", 1000)
    message = _error(read_roadmap_docx, good)
    assert "«большой.docx»" in message and "после распаковки" in message


def test_docx_without_plan_table_and_without_clauses(tmp_path):
    path = build_order_docx(tmp_path / "письмо.docx", ["Уважаемые коллеги!", "Просим представить сведения."])
    message = _error(read_roadmap_docx, path)
    assert message.startswith("В документе «письмо.docx» не найдена таблица плана: нужны столбцы «№», «Мероприятие», «Срок»")


def test_clauses_requested_but_none(tmp_path):
    path = build_order_docx(tmp_path / "план.docx", [Table([["№", "Мероприятие", "Срок"], ["1", "А", "Май"]])])
    assert read_roadmap_docx(path).measure_count == 1
    assert _error(read_roadmap_docx, path, clauses=True) == "В документе «план.docx» не найдены пункты приказа после «ПРИКАЗЫВАЮ:»"


def test_xlsx_corrupt_and_without_plan(tmp_path):
    corrupt = tmp_path / "сломана.xlsx"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "«сломана.xlsx»" in _error(read_roadmap_xlsx, corrupt)
    text = tmp_path / "текст.xlsx"
    text.write_text("не книга", encoding="utf-8")
    assert _error(read_roadmap_xlsx, text) == "Файл «текст.xlsx» повреждён или не является книгой Excel"
    other = write_roadmap_xlsx(tmp_path / "список.xlsx", [["ФИО", "Школа"], ["Иванов", "СОШ № 1"]])
    assert _error(read_roadmap_xlsx, other).startswith("В книге «список.xlsx» не найдена таблица плана")


def test_text_without_table_or_clauses():
    with pytest.raises(ImportFormatError, match="Во вставленном тексте не найдена таблица плана"):
        read_roadmap_text("просто текст\nбез таблицы")


def test_empty_plan_table(tmp_path):
    path = build_order_docx(tmp_path / "пустая.docx", [Table([["№", "Мероприятие", "Срок"], ["", "", ""]])])
    assert _error(read_roadmap_docx, path) == "Таблица плана в документе «пустая.docx» пуста: в ней нет ни одного мероприятия"
    with_clauses = build_order_docx(
        tmp_path / "приказ.docx",
        ["ПРИКАЗЫВАЮ:", "1. Провести совещание.", "", Table([["№", "Мероприятие", "Срок"], ["", "", ""]])],
    )
    roadmap = read_roadmap_docx(with_clauses)
    assert roadmap.source == "clauses" and roadmap.measure_count == 1
    assert [p.message for p in roadmap.problems] == ["Таблица плана пуста: прочитаны пункты приказа"]
