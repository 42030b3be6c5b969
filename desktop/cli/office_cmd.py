"""msoko office show|set: the letterhead details every document uses."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import print_json
from desktop.models.office import OFFICE_FIELDS, OFFICE_LABELS


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("office", help="реквизиты организации")
    commands = parser.add_subparsers(dest="office_command", metavar="ДЕЙСТВИЕ", required=True)
    show = commands.add_parser("show", help="показать реквизиты")
    add_db_argument(show)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)
    change = commands.add_parser("set", help="изменить реквизиты")
    add_db_argument(change)
    for name in OFFICE_FIELDS:
        change.add_argument(f"--{name.replace('_', '-')}", dest=name, help=OFFICE_LABELS[name])
    change.set_defaults(func=run_set)


def run_show(args: argparse.Namespace) -> int:
    from desktop.models.office import load_office

    office = load_office(open_db(args))
    if args.json:
        print_json(asdict(office))
    else:
        for name in OFFICE_FIELDS:
            print(f"{OFFICE_LABELS[name]}: {getattr(office, name)}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from desktop.models.office import load_office, save_office

    db = open_db(args, write=True)
    changes = {k: getattr(args, k) for k in OFFICE_FIELDS if getattr(args, k) is not None}
    save_office(db, replace(load_office(db), **changes))
    print_json(asdict(load_office(db)))
    return 0
