"""msoko gui [--db PATH] [--tab today|roadmap|schools|results] [--screenshot FILE.png]."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_db_argument, db_path

TABS = ("today", "roadmap", "schools", "results")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("gui", help="открыть окно программы")
    add_db_argument(parser)
    parser.add_argument("--tab", choices=TABS, help="открыть на вкладке")
    parser.add_argument("--screenshot", metavar="FILE.png", help="сохранить снимок окна и выйти")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.views.app import run_gui

    return run_gui(db_path(args), args.tab, Path(args.screenshot) if args.screenshot else None)
