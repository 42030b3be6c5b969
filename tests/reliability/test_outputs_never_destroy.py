"""No output destroys a file: not the database (nor its -wal or a backup, nor any SQLite file), not a
file of another kind than the output's own; a file of the same kind is replaced whole."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from docx import Document

from desktop.atomic import file_kind
from tests.cli.run import msoko


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _content(db):
    """The database's content as SQL (opening it may change the header's journal mode, not the data)."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    return db


def _refused(result):
    assert result.returncode == 2, result.stdout + result.stderr
    assert any(words in result.stderr for words in ("не перезаписан", "нельзя сохранить", "сохраняется в")), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [
    lambda db, out: ("schools", "export", out, "--db", db),
    lambda db, out: ("roadmap", "export", "1", "--format", "json", "--out", out, "--db", db),
    lambda db, out: ("roadmap", "export", "1", "--format", "xlsx", "--out", out, "--db", db),
    lambda db, out: ("report", "results", "--kind", "ВПР", "--year", "2026", "--out", out, "--db", db),
])
def test_the_database_is_never_an_output(demo, command):
    before = _content(demo)
    _refused(msoko(*command(demo, demo)))
    assert _content(demo) == before
    assert msoko("db", "check", "--db", demo).returncode == 0


def test_a_backup_or_the_write_ahead_log_is_never_an_output(demo):
    assert msoko("backup", "create", "--db", demo).returncode == 0
    backup = next((demo.parent / "backups").iterdir())
    before = _digest(backup)
    _refused(msoko("schools", "export", backup, "--db", demo))
    assert _digest(backup) == before
    _refused(msoko("roadmap", "export", "1", "--format", "json", "--out", f"{demo}-wal", "--db", demo))


def test_a_word_file_is_not_replaced_by_an_excel_export(demo, tmp_path):
    order = tmp_path / "приказ.docx"
    document = Document()
    document.add_paragraph("Приказ, который нельзя потерять")
    document.save(order)
    before = _digest(order)
    _refused(msoko("schools", "export", order, "--db", demo))
    assert _digest(order) == before


def test_an_excel_export_is_not_written_under_a_word_name(demo, tmp_path):
    target = tmp_path / "новый.docx"
    _refused(msoko("schools", "export", target, "--db", demo))
    assert not target.exists() and not list(tmp_path.glob(".новый.docx.*"))


def test_a_file_of_the_same_kind_is_replaced_whole(demo, tmp_path):
    target = tmp_path / "школы.xlsx"
    target.write_bytes(b"")  # an empty file of that name (made by «Создать → Лист Excel», say) is no loss
    assert msoko("schools", "export", target, "--db", demo).returncode == 0
    again = msoko("schools", "export", target, "--db", demo)
    assert again.returncode == 0, again.stderr
    assert file_kind(target) == "XLSX"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_file_kinds_are_told_by_content(tmp_path, demo):
    order = tmp_path / "a.docx"
    Document().save(order)
    text = tmp_path / "a.txt"
    text.write_text("просто текст, в нём %PDF не в начале")
    assert (file_kind(demo), file_kind(order), file_kind(text), file_kind(tmp_path / "нет")) == (
        "SQLite", "DOCX", None, None)
