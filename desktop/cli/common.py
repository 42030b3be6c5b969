"""What the commands share: the --db option and opening the database the way the window does."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.paths import resolve_db_path

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="файл базы данных (по умолчанию MSOKO_DB или папка данных пользователя)"
    )


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def open_db(args: argparse.Namespace, *, write: bool = False) -> Database:
    """Reading needs an existing database; writing creates one and makes the day's backup first."""
    from desktop.services.database import open_database

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
    written = value.strip()
    if _ISO_DATE.fullmatch(written):
        try:
            return date.fromisoformat(written)
        except ValueError:  # a day the calendar does not have: 2024-02-30
            pass
    raise UserError(f"Не удалось прочитать {what} «{value}»: ожидается дата ГГГГ-ММ-ДД, например 2024-09-01.")
