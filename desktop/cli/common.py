"""What the commands share: the --db option and opening the database the way the window does."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.paths import resolve_db_path

_RUSSIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="файл базы данных (по умолчанию MSOKO_DB или папка данных пользователя)"
    )


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


# A command that writes waits this long for the window or another command (MSOKO_LOCK_WAIT_S: for a
# script that would rather fail at once, and for the tests).
LOCK_WAIT_S = float(os.environ.get("MSOKO_LOCK_WAIT_S", "60"))
_held: list = []  # the locks this run of a command holds; run() releases them at its end


def hold_lock(args: argparse.Namespace, path: Path | None = None) -> None:
    """The database's one-writer lock (the window's too), held until the command ends: waited for up
    to LOCK_WAIT_S with a line on stderr, then a Russian error naming who holds it."""
    from desktop.models.lock import DatabaseLock

    path = path or db_path(args)
    lock = DatabaseLock(path, holder=f"команда «msoko {getattr(args, 'command', '') or ''}»".replace(" »", "»"))

    def waiting(holder: str) -> None:
        print(f"База данных «{path}» занята ({holder}): жду до {LOCK_WAIT_S:g} с…", file=sys.stderr, flush=True)

    lock.acquire(wait_s=LOCK_WAIT_S, on_wait=waiting)
    _held.append(lock)


def release_locks() -> None:
    while _held:
        _held.pop().release()


def open_db(args: argparse.Namespace, *, write: bool = False) -> Database:
    """Reading needs an existing database; writing takes the one-writer lock first (before the schema
    or the day's backup is written, so first writes of two commands cannot meet), creates the
    database if new and makes the day's backup."""
    from desktop.services.database import open_database

    if write:
        hold_lock(args)
    return open_database(db_path(args), create=write, daily_backup=write)


def parse_period(value: str) -> tuple[date, date]:
    parts = value.split(":")
    if len(parts) != 2:
        raise UserError(
            f"Не удалось прочитать период «{value}»: ожидается ГГГГ-ММ-ДД:ГГГГ-ММ-ДД, "
            "например 2024-09-01:2025-08-31."
        )
    start = parse_iso_date(parts[0], "начало периода (--period)")
    end = parse_iso_date(parts[1], "окончание периода (--period)")
    if start > end:
        raise UserError(f"Период «{value}» задан неверно: начало позже окончания.")
    return start, end


def parse_iso_date(value: str, what: str) -> date:
    """A date written ГГГГ-ММ-ДД or, as offices write it, ДД.ММ.ГГГГ."""
    written = value.strip()
    russian = _RUSSIAN_DATE.fullmatch(written)
    if russian:
        written = f"{russian.group(3)}-{int(russian.group(2)):02d}-{int(russian.group(1)):02d}"
    if _ISO_DATE.fullmatch(written):
        try:
            return date.fromisoformat(written)
        except ValueError:  # a day the calendar does not have: 2024-02-30
            pass
    raise UserError(f"Не удалось прочитать {what} «{value}»: ожидается дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, "
                    "например 01.09.2024.")
