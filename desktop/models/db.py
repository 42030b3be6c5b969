"""Opening the office database and running work in one transaction."""

from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import DatabaseError


class Database:
    """A connection to the office database: what every repository needs, and no more.

    Plain sqlite3 rather than sqlite-utils: the repositories need only statements, executemany for
    bulk rows and explicit transactions, and importing sqlite-utils (click, dateutil, pluggy, numpy)
    cost about 0.1 s at every start of the window and the command line.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def table_names(self) -> list[str]:
        rows = self.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [name for (name,) in rows]

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


BUSY_TIMEOUT_S = 5.0


def connect(path: Path | str) -> Database:
    """A connection with WAL, foreign keys and a busy timeout; no schema work here.

    Raises DatabaseError (Russian) when the file is not a database or cannot be opened.
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"«{path}» — это папка, а не файл базы данных.")
    try:
        # Autocommit mode: transactions are begun and ended explicitly by transaction().
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal" and str(path) != ":memory:":
            # WAL is refused on some network drives; rollback journal is still safe, only slower.
            db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        raise _explain(error, path) from error
    return db


def _explain(error: sqlite3.DatabaseError, path: Path) -> DatabaseError:
    text = str(error).lower()
    if "not a database" in text or "malformed" in text:
        return DatabaseError(
            f"Файл «{path}» повреждён или не является базой МСОКО. "
            "Восстановите базу из резервной копии (Файл → Восстановить из копии…)."
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"База данных «{path}» занята другой программой. Подождите и повторите."
        )
    if "disk is full" in text or "disk i/o" in text:
        return DatabaseError(
            f"Недостаточно места на диске для базы данных «{path}» или диск неисправен: изменения не сохранены, "
            "сохранённые ранее данные не затронуты. Освободите место и повторите."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"База данных «{path}» доступна только для чтения.")
    if "unable to open" in text:
        return DatabaseError(f"Не удалось открыть базу данных «{path}»: нет доступа к папке.")
    return DatabaseError(f"Ошибка базы данных «{path}»: {error}")


_savepoints = itertools.count(1)


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All of the block or none of it. Nested blocks become savepoints of the outer one.

    BEGIN IMMEDIATE takes the write lock up front, so two writers wait for each other
    (busy timeout) instead of failing half-way when a read turns into a write.
    """
    if db.conn.in_transaction:
        name = f"nested_{next(_savepoints)}"
        db.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.execute(f"ROLLBACK TO {name}")
                db.execute(f"RELEASE {name}")
            raise
        db.execute(f"RELEASE {name}")
        return
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _explain(error, Path(db_file(db) or "?")) from error
    try:
        yield db
    except sqlite3.OperationalError as error:
        # the environment (a full disk, a read-only file, a lock): all of the block is undone, and the
        # user is told why in Russian; anything else the block raises is a bug and goes on as it is
        _rollback_quietly(db)
        if _ENVIRONMENT.search(str(error).lower()):
            raise _explain(error, Path(db_file(db) or "?")) from error
        raise
    except BaseException:
        db.rollback()
        raise
    try:
        db.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        db.rollback()
        raise _explain(error, Path(db_file(db) or "?")) from error


_ENVIRONMENT = re.compile(r"disk is full|disk i/o|readonly|read-only|locked|busy|unable to open")


def _rollback_quietly(db: Database) -> None:
    """Roll back what SQLite has not rolled back by itself (on a full disk it may already have)."""
    try:
        db.rollback()
    except sqlite3.DatabaseError:
        pass


def db_file(db: Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or None if row else None
