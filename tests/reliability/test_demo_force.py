"""`demo --force` writes the new database beside the old one and renames it over: at no moment is there
no database, the old one is kept as a backup, and a file that is not a database is never replaced."""

from __future__ import annotations

import os
import sqlite3

from desktop.cli.main import run
from tests.cli.run import msoko


def _schools(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM schools").fetchone()[0]
    finally:
        conn.close()


def test_a_failure_at_the_rename_leaves_the_old_database_whole_and_backed_up(tmp_path, monkeypatch):
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM school_aliases")
    conn.commit()
    conn.close()
    before = _schools(db)

    def killed(source, target):
        raise KeyboardInterrupt  # stopped at the rename, as a kill there would leave things
    monkeypatch.setattr(os, "replace", killed)
    assert run(["demo", "--db", str(db), "--force"]) == 130
    assert db.is_file() and _schools(db) == before
    assert any("before-demo" in p.name for p in (tmp_path / "backups").iterdir())


def test_force_replaces_a_database_and_keeps_the_old_one_as_a_backup(tmp_path):
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    assert msoko("demo", "--db", db, "--force").returncode == 0
    assert msoko("db", "check", "--db", db).returncode == 0
    assert [p.name for p in (tmp_path / "backups").iterdir() if "before-demo" in p.name]


def test_force_never_replaces_a_file_that_is_not_a_database(tmp_path):
    order = tmp_path / "приказ.docx"
    order.write_bytes(b"PK\x03\x04 not really, but not a database either")
    result = msoko("demo", "--db", order, "--force")
    assert result.returncode == 2 and "не база данных" in result.stderr
    assert order.read_bytes().startswith(b"PK\x03\x04 not really")
