"""msoko db check: integrity_check, foreign_key_check and the schema version; exit 1 on a problem."""

from __future__ import annotations

import argparse

from desktop.cli.common import add_db_argument, db_path
from desktop.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help="обслуживание базы данных")
    commands = parser.add_subparsers(dest="db_command", metavar="ДЕЙСТВИЕ", required=True)
    check = commands.add_parser("check", help="проверить целостность базы")
    add_db_argument(check)
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    from desktop.services.db_check import check_database

    report = check_database(db_path(args))
    if args.json:
        print_json(report.to_json())
    else:
        print(f"База: {report.path}")
        print(f"Целостность: {report.integrity}; версия схемы: {report.schema_version}")
        if report.network:
            from desktop.models.network import NETWORK_NOTE

            print(NETWORK_NOTE)
        if report.read_only:
            print("Носитель только для чтения: базу можно смотреть, но не изменять (скопируйте её на диск, "
                  "чтобы работать с ней).")
        for problem in report.problems:
            print(f"Проблема: {problem}")
        print("Проверка пройдена." if report.ok else "Обнаружены проблемы.")
    return 0 if report.ok else 1
