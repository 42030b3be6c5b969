"""msoko backup create|list|restore FILE."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_db_argument, db_path, hold_lock
from desktop.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("backup", help="резервные копии базы данных")
    commands = parser.add_subparsers(dest="backup_command", metavar="ДЕЙСТВИЕ", required=True)

    create = commands.add_parser("create", help="сделать резервную копию сейчас")
    add_db_argument(create)
    create.add_argument("--json", action="store_true")
    create.set_defaults(func=run_create)

    listing = commands.add_parser("list", help="список резервных копий")
    add_db_argument(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)

    restore = commands.add_parser("restore", help="восстановить базу из копии")
    restore.add_argument("file", metavar="FILE")
    add_db_argument(restore)
    restore.set_defaults(func=run_restore)


def run_create(args: argparse.Namespace) -> int:
    from desktop.services.backup import create_backup

    backup = create_backup(db_path(args), "manual")
    if args.json:
        print_json(backup.to_json())
    else:
        print(backup.path)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desktop.services.backup import list_backups

    backups = list_backups(db_path(args))
    if args.json:
        print_json([b.to_json() for b in backups])
    else:
        for b in backups:
            print(f"{b.created:%d.%m.%Y %H:%M:%S}  {b.reason:<16} {b.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from desktop.services.backup import restore_backup

    path = db_path(args)
    hold_lock(args, path)
    safety = restore_backup(path, Path(args.file))
    print(f"База «{path}» восстановлена из «{args.file}».")
    if safety:
        print(f"Состояние до восстановления сохранено в «{safety.path}».")
    return 0
