"""msoko kind FILE…: what the window does with a file dropped on it (a plan, results, a list of schools)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("kind", help="что за файл: план, результаты или список школ (как при перетаскивании в окно)")
    parser.add_argument("files", nargs="+", metavar="ФАЙЛ")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services.file_kind import LABELS, kind_of

    kinds = {name: kind_of(Path(name)) for name in args.files}
    if args.json:
        print_json(kinds)
    else:
        for name, kind in kinds.items():
            print(f"{name}: {LABELS[kind]}")
    return 0
