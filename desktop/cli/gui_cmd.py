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


# The layers under the window that its start needs, imported before Qt: PySide reads the source of
# every module imported after it, looking for its own name (PYSIDE-2029), ~0.2 ms a module.
BEFORE_QT = ("desktop.services.database", "desktop.services.attention", "desktop.services.roadmap_status",
             "desktop.models.office", "desktop.models.result_imports", "desktop.models.network",
             "desktop.services.file_kind", "desktop.services.wording", "desktop.models.lock", "html")


def run(args: argparse.Namespace) -> int:
    import importlib

    for name in BEFORE_QT:
        importlib.import_module(name)
    from desktop.views.app import run_gui

    return run_gui(db_path(args), args.tab, Path(args.screenshot) if args.screenshot else None)
