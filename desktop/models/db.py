"""Opening the office database and running work in one transaction."""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from desktop.errors import DatabaseError


class Database:
    """A connection to the office database: what every repository needs, and no more.

    Plain sqlite3 rather than sqlite-utils: the repositories need only statements, executemany for
    bulk rows and explicit transactions, and importing sqlite-utils (click, dateutil, pluggy, numpy)
    cost about 0.1 s at every start of the window and the command line.
    """

    def __init__(self, conn: sqlite3.Connection, network: bool = False, read_only: bool = False):
        self.conn = conn
        self.network = network  # on a network folder: rollback journal, one user at a time (models/network.py)
        self.read_only = read_only  # on a medium that cannot be written: opened immutable, reads only

    @property
    def path(self) -> str:
        """The file of the connection («main» of the database list): a worker thread opens its own on it."""
        return self.conn.execute("PRAGMA database_list").fetchone()[2]

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


def iso_date(value: date | None) -> str | None:
    """A date as the database stores it (ISO text), None as NULL."""
    return value.isoformat() if value else None


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


BUSY_TIMEOUT_S = 5.0


# «MSOK» in the file's header (set by migration 5): an МСОКО database is told from any other SQLite file.
APPLICATION_ID = 0x4D534F4B
# the tables every МСОКО database has had since step 1: how a file made before the mark is known
MSOKO_TABLES = frozenset({"schools", "office"})


def is_msoko_file(application_id: int, tables: set[str]) -> bool:
    """Whether a SQLite file is (or may become) an МСОКО database: marked as one, or unmarked and either
    empty or holding the tables of a database made before the mark (schema 4 and older)."""
    if application_id == APPLICATION_ID:
        return True
    return application_id == 0 and (not tables or MSOKO_TABLES <= tables)


def check_is_msoko(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written to it (not even the journal mode in its header), a SQLite file
    of another program: opening it must not add МСОКО's tables to somebody else's data."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not is_msoko_file(application_id, tables):
        shown = ", ".join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
        raise DatabaseError(f"Файл «{path}» — база данных другой программы (таблицы: {shown}), а не МСОКО: "
                            "программа его не изменяет. Укажите файл базы МСОКО или новый файл.")


def connect_read_only(path: Path | str, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A read-only connection for checks. The URI is built by pathlib, which quotes what a URI would
    read otherwise: «Отчёты #2» or «Отчёт%20копия» in a folder name opened another (empty) file.

    On a medium that cannot be written the file is opened `immutable`: a database in WAL mode needs its
    -shm file to be read otherwise, and none can be made there («unable to open database file»)."""
    path = Path(path)
    suffix = "?mode=ro&immutable=1" if on_read_only_medium(path) else "?mode=ro"
    return sqlite3.connect(path.resolve().as_uri() + suffix, uri=True, timeout=timeout)


def on_read_only_medium(path: Path) -> bool:
    """Whether a database file lies where nothing can be written: a write-protected stick, a CD, a
    read-only mount or folder. Then nobody writes it meanwhile either, which `immutable` needs."""
    if not path.exists():
        return False
    if sys.platform == "win32":
        return _windows_read_only_volume(path) or not os.access(path, os.W_OK)
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    # as root os.access says yes to everything; the mount flag above is what counts then
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def _windows_read_only_volume(path: Path) -> bool:
    """FILE_READ_ONLY_VOLUME of the volume the file is on (a write-protected stick or a CD)."""
    import ctypes

    flags = ctypes.c_ulong()
    root = ctypes.create_unicode_buffer(260)
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if not kernel32.GetVolumePathNameW(str(path.resolve()), root, 260):
        return False
    if not kernel32.GetVolumeInformationW(root, None, 0, None, None, ctypes.byref(flags), None, 0):
        return False
    return bool(flags.value & 0x00080000)


def connect(path: Path | str) -> Database:
    """A connection with WAL (a rollback journal on a network folder), foreign keys and a busy timeout;
    no schema work here.

    Raises DatabaseError (Russian) when the file is not a database or cannot be opened.
    """
    from desktop.models.network import is_network_path

    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"«{path}» — это папка, а не файл базы данных.")
    network = str(path) != ":memory:" and is_network_path(path)
    if str(path) != ":memory:" and on_read_only_medium(path):
        try:
            conn = connect_read_only(path)
            conn.isolation_level = None
            check_is_msoko(conn, path)  # a file that is not a database fails here too
            db = Database(conn, network, read_only=True)
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            raise explain(error, path) from error
        return db
    try:
        # Autocommit mode: transactions are begun and ended explicitly by transaction().
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            if str(path) != ":memory:":
                check_is_msoko(conn, path)
        except DatabaseError:
            conn.close()
            raise
        db = Database(conn, network)
        db.execute("PRAGMA foreign_keys = ON")
        # WAL keeps its index in memory shared by the processes of one computer: over a network two
        # computers would corrupt the file. There the rollback journal and the one-writer lock serve.
        mode = db.execute("PRAGMA journal_mode = DELETE" if network else "PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal" and str(path) != ":memory:":
            # WAL is refused on some network drives; rollback journal is still safe, only slower.
            db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        raise explain(error, path) from error
    return db


# SQLite's primary result codes (the low byte of an extended code) that say something about the
# environment — the file, the disk, another program — rather than about the program's own statements.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, SQLITE_FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
ENVIRONMENT_CODES = frozenset({_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, SQLITE_FULL, _CANTOPEN, _NOTADB})


def error_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error, or None for errors sqlite3 raises by itself."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_environment(error: sqlite3.Error) -> bool:
    return error_code(error) in ENVIRONMENT_CODES


def explain(error: sqlite3.Error, path: Path) -> DatabaseError:
    """One Russian sentence for an SQLite error, chosen by its result code (not its English text)."""
    code = error_code(error)
    if code in (_CORRUPT, _NOTADB):
        return DatabaseError(
            f"Файл «{path}» повреждён или не является базой МСОКО. "
            "Восстановите базу из резервной копии (Файл → Восстановить из копии…)."
        )
    if code in (_BUSY, _LOCKED):
        return DatabaseError(
            f"База данных «{path}» занята другой программой. Подождите и повторите."
        )
    if code in (SQLITE_FULL, _IOERR):
        return DatabaseError(
            f"Недостаточно места на диске для базы данных «{path}» или диск неисправен: изменения не сохранены, "
            "сохранённые ранее данные не затронуты. Освободите место и повторите."
        )
    if code == _READONLY:
        return DatabaseError(f"База данных «{path}» доступна только для чтения.")
    if code == _CANTOPEN:
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
    except sqlite3.DatabaseError as error:
        raise explain(error, Path(_db_file_quietly(db))) from error
    try:
        yield db
    except sqlite3.DatabaseError as error:
        # the environment (a full disk, a read-only file, a lock, a file damaged under us): all of the
        # block is undone, and the user is told why in Russian; a constraint or a statement the
        # program got wrong is a bug and goes on as it is
        _rollback_quietly(db)
        if is_environment(error):
            raise explain(error, Path(_db_file_quietly(db))) from error
        raise
    except BaseException:
        db.rollback()
        raise
    try:
        db.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        _rollback_quietly(db)
        raise explain(error, Path(_db_file_quietly(db))) from error


def _rollback_quietly(db: Database) -> None:
    """Roll back what SQLite has not rolled back by itself (on a full disk it may already have)."""
    try:
        db.rollback()
    except sqlite3.DatabaseError:
        pass


def _db_file_quietly(db: Database) -> str:
    """The file's name for a message; on a damaged file even asking for it may fail."""
    try:
        return db_file(db) or "?"
    except sqlite3.DatabaseError:
        return "?"


def db_file(db: Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or None if row else None
