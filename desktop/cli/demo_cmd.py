"""msoko demo --db PATH [--force]: the invented district for newcomers, tests and screenshots."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desktop.cli.common import add_db_argument, db_path, hold_lock
from desktop.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="создать базу демонстрационного округа")
    add_db_argument(parser)
    parser.add_argument("--force", action="store_true", help="перезаписать существующий файл")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sqlite3

    from desktop.atomic import file_kind
    from desktop.demo import build_demo
    from desktop.models.db import explain, is_environment
    from desktop.services.backup import create_backup
    from desktop.services.database import open_database

    path = db_path(args)
    hold_lock(args, path)  # held until the command ends: two demos cannot meet
    if path.exists() and not args.force:
        raise UserError(f"Файл «{path}» уже существует. Чтобы перезаписать его, добавьте --force.")
    if path.exists() and file_kind(path) != "SQLite":
        raise UserError(f"Файл «{path}» — не база данных; демонстрационная база его не заменит.")
    # Built beside the target and renamed into place, so a failure never leaves half a demo.
    partial = Path(str(path) + ".demo-partial")
    _remove_database_files(partial)
    db = open_database(partial)
    try:
        build_demo(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as error:  # a full disk: nothing is left half-built
        db.close()
        _remove_database_files(partial)
        if not is_environment(error):
            raise
        raise explain(error, path) from error
    finally:
        db.close()
    if path.exists():  # the old database is kept as a backup; then the new one is renamed over it
        create_backup(path, "before-demo")
        for side in ("-wal", "-shm", "-journal"):  # the old file's: they would not fit the new one
            Path(str(path) + side).unlink(missing_ok=True)
    os.replace(partial, path)
    _remove_database_files(partial)
    print(path)
    return 0


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
