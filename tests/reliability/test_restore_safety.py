"""Restore takes only a copy of an МСОКО database: never the open database itself (or a link to it),
never another program's SQLite file; the database is untouched by a refusal."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from tests.cli.run import msoko


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    return db


def _refused(result, words):
    assert result.returncode == 2, result.stdout + result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_database_itself_is_not_a_backup_of_it(demo):
    before = _digest(demo)
    _refused(msoko("backup", "restore", demo, "--db", demo, timeout=30), "это сама база данных")
    assert _digest(demo) == before


def test_a_hard_link_to_the_database_is_the_database(demo, tmp_path):
    link = tmp_path / "копия.sqlite"
    os.link(demo, link)
    before = _digest(demo)
    _refused(msoko("backup", "restore", link, "--db", demo, timeout=30), "это сама база данных")
    assert _digest(demo) == before


def test_another_programs_sqlite_file_is_refused_before_anything_is_written(demo, tmp_path):
    foreign = tmp_path / "другая.sqlite"
    conn = sqlite3.connect(foreign)
    conn.executescript("CREATE TABLE schools (id INTEGER); PRAGMA user_version = 3; PRAGMA application_id = 42;")
    conn.close()
    before, foreign_before = _digest(demo), _digest(foreign)
    _refused(msoko("backup", "restore", foreign, "--db", demo), "другой программы")
    assert (_digest(demo), _digest(foreign)) == (before, foreign_before)
    assert not (demo.parent / "backups").exists() or not any("before-restore" in p.name
                                                             for p in (demo.parent / "backups").iterdir())


def test_new_databases_are_marked_and_a_marked_copy_restores(demo, tmp_path):
    conn = sqlite3.connect(demo)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x4D534F4B
    conn.close()
    assert msoko("backup", "create", "--db", demo).returncode == 0
    copy = next((demo.parent / "backups").iterdir())
    result = msoko("backup", "restore", copy, "--db", demo)
    assert result.returncode == 0, result.stderr
