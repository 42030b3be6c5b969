"""Another program's SQLite file given as --db is left byte for byte as it was by every command: none
adds МСОКО's tables, none switches its journal mode; each says in Russian what the file is."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from tests.cli.run import msoko

COMMANDS = [
    ["schools", "list", "--json"],
    ["roadmap", "list", "--json"],
    ["office", "show", "--json"],
    ["office", "set", "--head-name", "И. И. Иванова"],
    ["results", "indicators", "--kind", "ВПР", "--year", "2026", "--json"],
    ["results", "rules"],
    ["order", "list", "--json"],
    ["db", "check"],
]


@pytest.fixture(params=[0, 0x12345678], ids=["unmarked", "another mark"])
def foreign(tmp_path, request):
    path = tmp_path / "учёт.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {request.param}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('чужие данные')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_another_programs_database_is_left_as_it_was(foreign, command):
    before = hashlib.sha256(foreign.read_bytes()).hexdigest()
    result = msoko(*command, "--db", foreign)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr
    assert "другой программы" in result.stderr + result.stdout
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == before
    assert not foreign.with_name(foreign.name + "-wal").exists()
