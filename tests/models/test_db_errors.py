"""SQLite errors sorted by their result code: the environment (a damaged file, a full disk, a lock) gets
one Russian sentence and an undone transaction; the program's own mistakes go on as they are."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import DatabaseError
from desktop.models.db import APPLICATION_ID, connect, error_code, transaction


def _table(path, rows=2000):
    db = connect(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # МСОКО's own file: another program's is refused
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT UNIQUE)")
    with transaction(db):
        db.executemany("INSERT INTO t (text) VALUES (?)", [(f"строка {i} " + "x" * 200,) for i in range(rows)])
    return db


def test_a_file_damaged_under_an_open_transaction_is_told_in_russian(tmp_path):
    path = tmp_path / "база.sqlite"
    _table(path).close()
    data = bytearray(path.read_bytes())
    data[4096 * 20:4096 * 40] = b"\xff" * (4096 * 20)  # pages of the table's b-tree, not the header
    path.write_bytes(bytes(data))
    db = connect(path)
    with pytest.raises(DatabaseError, match="повреждён или не является базой МСОКО") as caught:
        with transaction(db):
            db.execute("UPDATE t SET text = text || '!'")
    assert error_code(caught.value.__cause__) == 11  # SQLITE_CORRUPT
    assert not db.conn.in_transaction


def test_a_constraint_the_program_broke_is_not_dressed_up_as_the_environment(tmp_path):
    db = _table(tmp_path / "база.sqlite", rows=2)
    with pytest.raises(sqlite3.IntegrityError):
        with transaction(db):
            db.execute("INSERT INTO t (text) VALUES ('новая')")
            db.execute("INSERT INTO t (text) VALUES ('новая')")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 2


@pytest.mark.parametrize("code, words", [
    (13, "Недостаточно места на диске"),  # SQLITE_FULL
    (8 | (1 << 8), "только для чтения"),  # SQLITE_READONLY_RECOVERY: an extended code
    (5, "занята другой программой"),  # SQLITE_BUSY
    (26, "повреждён или не является базой"),  # SQLITE_NOTADB
])
def test_errors_are_sorted_by_code_whatever_their_english_text(tmp_path, code, words):
    db = _table(tmp_path / "база.sqlite", rows=2)
    error = sqlite3.DatabaseError("some English text that names nothing")
    error.sqlite_errorcode = code
    with pytest.raises(DatabaseError, match=words):
        with transaction(db):
            db.execute("DELETE FROM t")
            raise error
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 2
