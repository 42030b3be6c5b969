"""Backups of the office database: made with SQLite's online backup API (a plain copy of a WAL
database can miss the latest changes), written under a temporary name and renamed, so a kill
mid-backup never leaves a half copy that looks whole.

Kept: the last 10, plus the newest of every month.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import DatabaseError, UserError
from desktop.models.db import SQLITE_FULL, connect_read_only, error_code
from desktop.paths import backups_dir

log = logging.getLogger("msoko.backup")

KEEP_LAST = 10
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}(?:-\d+)?)(?:-(?P<reason>[a-z0-9-]+))?\.sqlite$")
_STAMP = "%Y-%m-%d_%H-%M-%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    created: datetime
    reason: str

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "created": self.created.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.path.stat().st_size,
        }


def create_backup(db_path: Path, reason: str = "manual", now: datetime | None = None) -> Backup:
    db_path = Path(db_path)
    if not db_path.is_file():
        raise DatabaseError(f"Нет файла базы данных «{db_path}»: копировать нечего.")
    folder = backups_dir(db_path)
    now = now or datetime.now()
    target = _free_name(folder, db_path.stem, now, reason)
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_database(db_path, partial)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(_os_message(error, folder)) from error
    except sqlite3.DatabaseError as error:
        partial.unlink(missing_ok=True)
        if error_code(error) == SQLITE_FULL:
            raise UserError(_os_message(OSError(errno.ENOSPC, "disk is full"), folder)) from error
        raise DatabaseError(
            f"Не удалось сделать резервную копию «{db_path}»: база данных занята, повреждена или недоступна."
        ) from error
    log.info("backup created: %s (%s)", target.name, reason)
    return Backup(target, now.replace(microsecond=0), reason)


def _free_name(folder: Path, stem: str, now: datetime, reason: str) -> Path:
    stamp = now.strftime(_STAMP)
    candidate = folder / f"{stem}-{stamp}-{reason}.sqlite"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}-{stamp}-{counter}-{reason}.sqlite"
    return candidate


def _copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(str(source), timeout=5)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
        # A self-contained file: no -wal beside it is needed to read the copy.
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()


def _os_message(error: OSError, folder: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"Недостаточно места на диске для резервной копии в папке «{folder}». Освободите место."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Нет права записи в папку резервных копий «{folder}»."
    return f"Не удалось записать резервную копию в «{folder}»: {error.strerror or error}"


def list_backups(db_path: Path) -> list[Backup]:
    """Newest first. Only copies of this database (by file name stem)."""
    folder = backups_dir(Path(db_path))
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite"):
        match = _NAME.match(path.name)
        if not match or match["stem"] != Path(db_path).stem:
            continue
        stamp = match["stamp"]  # 2026-12-03_20-18-10: strptime would cost the window's start 4 ms
        created = datetime.fromisoformat(f"{stamp[:10]}T{stamp[11:19].replace('-', ':')}")
        found.append(Backup(path, created, match["reason"] or ""))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def prune_backups(db_path: Path) -> list[Path]:
    """Delete what the policy does not keep; returns what was deleted."""
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:KEEP_LAST]}
    newest_of_month: dict[tuple[int, int], Path] = {}
    for backup in backups:  # newest first, so the first seen per month is its newest
        newest_of_month.setdefault((backup.created.year, backup.created.month), backup.path)
    keep |= set(newest_of_month.values())
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    for stale in backups_dir(Path(db_path)).glob("*.partial"):
        stale.unlink(missing_ok=True)  # left by a backup that was killed
    return removed


def ensure_daily_backup(db_path: Path, now: datetime | None = None) -> Backup | None:
    """At the first start of each day: one copy, then the old ones are thinned out."""
    now = now or datetime.now()
    if not Path(db_path).is_file():
        return None
    if any(b.created.date() == now.date() for b in list_backups(db_path)):
        return None
    backup = create_backup(db_path, "daily", now)
    prune_backups(db_path)
    return backup


def last_backup(db_path: Path) -> Backup | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


def restore_backup(db_path: Path, backup_path: Path) -> Backup | None:
    """Replace the database's content with the copy's. The current state is backed up first, so
    a restore can itself be undone. The caller holds the database lock."""
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.is_file():
        raise UserError(f"Нет файла резервной копии «{backup_path}».")
    if db_path.exists() and os.path.samefile(db_path, backup_path):  # the same file, or a link to it
        raise UserError(f"«{backup_path}» — это сама база данных, а не её резервная копия.")
    problem = _check_copy(backup_path)
    if problem:
        raise DatabaseError(f"Резервная копия «{backup_path.name}» непригодна: {problem}")
    safety = create_backup(db_path, "before-restore") if db_path.is_file() else None
    src = sqlite3.connect(str(backup_path))
    dst = sqlite3.connect(str(db_path), timeout=5)
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"Не удалось восстановить базу из «{backup_path.name}»: {error}") from error
    finally:
        dst.close()
        src.close()
    log.info("database %s restored from %s", db_path.name, backup_path.name)
    return safety  # the restored copy is migrated, if older, when it is next opened


def _check_copy(path: Path) -> str | None:
    from desktop.models.db import is_msoko_file
    from desktop.models.migrations import LATEST_VERSION

    try:
        conn = connect_read_only(path)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return "файл повреждён или не является базой МСОКО"
    if not tables:
        return "в файле нет данных МСОКО"
    # copies made before the mark (schema 4 and older) carry none: they are known by their tables
    if not is_msoko_file(application_id, tables):
        return "это база данных другой программы, а не МСОКО"
    if result != "ok":
        return f"проверка целостности не пройдена ({result})"
    if version > LATEST_VERSION:
        return "копия создана более новой версией программы"
    if version == 0:
        return "в файле нет данных МСОКО"
    return None

