"""msoko schools list|import|export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import one_line, print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("schools", help="реестр школ")
    commands = parser.add_subparsers(dest="schools_command", metavar="ДЕЙСТВИЕ", required=True)

    listing = commands.add_parser(
        "list", help="список школ",
        description="Список школ реестра: номер, код ФИС ОКО и краткое наименование. С --json — "
                    "массив объектов с полями id, short_name, full_name, code (код ФИС ОКО), rcoi_code (код РЦОИ, "
                    "текст или null), old_codes (список старых кодов ФИС ОКО), kind, settlement, director, phone, "
                    "active, note.",
    )
    add_db_argument(listing)
    listing.add_argument("--json", action="store_true",
                         help="вывести JSON (с полями code, rcoi_code и old_codes)")
    listing.set_defaults(func=run_list)

    importing = commands.add_parser(
        "import", help="загрузить список школ из .xlsx",
        description="Загрузить список школ из .xlsx (столбцы как в выгрузке: «Краткое наименование», «Код ФИС ОКО», "
                    "«Код РЦОИ», «Старые коды ФИС ОКО» — через запятую, и другие).",
    )
    importing.add_argument("file", metavar="FILE.xlsx")
    add_db_argument(importing)
    importing.add_argument("--dry-run", action="store_true", help="только показать, что изменится")
    importing.add_argument("--json", action="store_true", help="вывести JSON")
    importing.set_defaults(func=run_import)

    exporting = commands.add_parser("export", help="выгрузить список школ в .xlsx")
    exporting.add_argument("file", metavar="FILE.xlsx")
    add_db_argument(exporting)
    exporting.set_defaults(func=run_export)


def run_list(args: argparse.Namespace) -> int:
    from desktop.models.schools import SchoolsRepository

    db = open_db(args)
    schools = SchoolsRepository(db).list()
    if args.json:
        print_json([s.to_json() for s in schools])
    else:
        for s in schools:
            mark = "" if s.active else "  (не действует)"
            print(f"{s.id:>4}  {s.code or '—':<10}  {s.short_name}{mark}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.schools_io import apply_schools_import, plan_schools_import

    db = open_db(args, write=not args.dry_run)
    plan = plan_schools_import(db, Path(args.file))
    saved = False
    if not plan.has_errors and not args.dry_run:
        apply_schools_import(db, plan)
        saved = True
    if args.json:
        print_json(plan.to_json(saved))
    else:
        print(f"Добавить: {len(plan.added)}, изменить: {len(plan.changed)}, без изменений: {plan.unchanged}")
        print("Сохранено." if saved else "Ничего не сохранено.")
    for problem in plan.problems:
        print(("Ошибка: " if problem.is_error else "Предупреждение: ") + one_line(problem.describe(args.file)),
              file=sys.stderr)
    return 2 if plan.has_errors else 0


def run_export(args: argparse.Namespace) -> int:
    from desktop.services.schools_io import export_schools

    count = export_schools(open_db(args), Path(args.file))
    print(f"Выгружено школ: {count} → {args.file}")
    return 0
