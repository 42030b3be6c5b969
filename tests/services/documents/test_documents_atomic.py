"""Atomic writing: a failure midway leaves neither a file under the target name nor a temp file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from desktop.atomic import atomic_open, atomic_write
from desktop.errors import UserError
from desktop.services.documents.docx_writer import render_order_docx
from desktop.services.documents.model import (
    Appendix,
    Letterhead,
    OrderDocument,
    Signature,
    Table,
    TableRow,
)
from desktop.services.documents.pdf import render_order_pdf
from desktop.services.documents.xlsx_writer import write_table_xlsx


class Boom(Exception):
    pass


class ExplodingCell:
    """A cell value that fails when the renderer turns it into text, i.e. in the middle of a render."""

    def __str__(self) -> str:
        raise Boom("cell cannot be printed")


def test_success_replaces_the_target(tmp_path):
    target = tmp_path / "report.bin"
    target.write_bytes(b"old")
    with atomic_write(target) as tmp:
        assert tmp.parent == tmp_path and tmp.exists() and tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # not visible until the block ends
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["report.bin"]


def test_failure_leaves_no_file_and_no_temp(tmp_path):
    target = tmp_path / "report.bin"
    with pytest.raises(Boom):
        with atomic_write(target) as tmp:
            tmp.write_bytes(b"half")
            raise Boom
    assert os.listdir(tmp_path) == []


def test_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.bin"
    target.write_bytes(b"old")
    with pytest.raises(Boom):
        with atomic_open(target) as f:
            f.write(b"half")
            raise Boom
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["report.bin"]


def test_atomic_open_text(tmp_path):
    target = tmp_path / "note.txt"
    with atomic_open(target, "w") as f:
        f.write("Приказ № 57")
    assert target.read_text(encoding="utf-8") == "Приказ № 57"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_folder_is_a_user_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="Не удалось сохранить файл"):
            with atomic_write(folder / "x.pdf"):
                pass
    finally:
        folder.chmod(0o700)


def order_with(cell) -> OrderDocument:
    table = Table(["№", "Мероприятие"], [TableRow(["1.", "Семинар"]), TableRow(["2.", cell])])
    return OrderDocument(
        letterhead=Letterhead("Отдел образования"),
        date=date(2026, 9, 1),
        number="1",
        title="О проверке",
        signature=Signature("Начальник", "А. Б. Иванов"),
        appendices=[Appendix(1, "План", [table])],
    )


@pytest.mark.parametrize(
    "render",
    [
        render_order_pdf,
        render_order_docx,
        lambda doc, path: write_table_xlsx(path, [("План", doc.appendices[0].tables[0])]),
    ],
    ids=["pdf", "docx", "xlsx"],
)
def test_renderer_failing_midway_leaves_nothing(tmp_path: Path, render):
    target = tmp_path / "out.file"
    with pytest.raises(Boom):
        render(order_with(ExplodingCell()), target)
    assert os.listdir(tmp_path) == []

    target.write_bytes(b"previous version")
    with pytest.raises(Boom):
        render(order_with(ExplodingCell()), target)
    assert target.read_bytes() == b"previous version"
    assert os.listdir(tmp_path) == ["out.file"]

    render(order_with("Совещание"), target)  # and the same renderer succeeds with good data
    assert target.read_bytes() != b"previous version"
    assert os.listdir(tmp_path) == ["out.file"]
