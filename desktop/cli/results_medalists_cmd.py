"""msoko results medalists import | list: the medalists' list and their ЕГЭ scores, for the rule
`medalists` (the medalists' non-confirmation index)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import one_line, print_json

IMPORT_HELP = """\
Загружает список медалистов из таблицы .xlsx или .xls: строка заголовков ищется в первых 20 строках
листа по словам (регистр, «ё», кавычки и знаки препинания не важны):
  «ФИО» — необязательный;
  «Код ОО» (код ФИС ОКО или РЦОИ) и/или «Школа» (название, как в реестре);
  «Год» — год выпуска (без него — год из строк над заголовком);
  «Медаль»: «I», «1», «I степени», «золотая» или «II», «2», «II степени», «серебряная»;
  предметы ЕГЭ («Русский язык», «Математика профильная», «Обществознание», …) — тестовый балл 0–100,
    пустая ячейка — предмет не сдавался.
Списки школ и лет из файла заменяют сохранённые ранее. Ошибка в любой строке (она названа листом,
строкой и столбцом) — ничего не сохраняется, код возврата 2.

JSON: {"file", "sheet", "medalists", "lists": [{"school_id", "year"}], "replaced", "problems": [...], "saved"}
"""
LIST_HELP = """\
JSON: [{"id", "school_id", "code", "name", "year", "medal" ("I" или "II"), "full_name", "scores": {предмет: балл}}]
"""


def register(commands: argparse._SubParsersAction) -> None:
    medalists = commands.add_parser("medalists", help="медалисты и их результаты ЕГЭ")
    actions = medalists.add_subparsers(dest="medalists_command", metavar="ДЕЙСТВИЕ", required=True)

    importing = actions.add_parser("import", help="загрузить список медалистов", description=IMPORT_HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    importing.add_argument("file", metavar="FILE.xlsx", help="таблица медалистов (.xlsx или .xls)")
    add_db_argument(importing)
    importing.add_argument("--json", action="store_true", help="вывести JSON")
    importing.set_defaults(func=run_import)

    listing = actions.add_parser("list", help="показать медалистов года", description=LIST_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    listing.add_argument("--year", type=int, help="год выпуска (без него — все годы)")
    add_db_argument(listing)
    listing.add_argument("--json", action="store_true", help="вывести JSON")
    listing.set_defaults(func=run_list)


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.medalists import apply_medalists_import, plan_medalists_import

    db = open_db(args, write=True)
    plan = plan_medalists_import(db, Path(args.file))
    saved = not plan.has_errors
    if saved:
        apply_medalists_import(db, plan)
    for problem in plan.problems:
        label = "Ошибка: " if problem.is_error else "Предупреждение: "
        print(label + one_line(problem.describe(plan.file)), file=sys.stderr)
    if args.json:
        print_json(plan.to_json(saved))
    elif saved:
        print(f"Загружено медалистов: {len(plan.medalists)} (списков школ: {len(plan.lists)}, заменено прежних: "
              f"{plan.replaced}).")
    else:
        print(f"Ничего не сохранено: в файле «{Path(args.file).name}» ошибок — "
              f"{sum(p.is_error for p in plan.problems)}.")
    return 0 if saved else 2


def run_list(args: argparse.Namespace) -> int:
    from desktop.cli.results_cmd import _check_year
    from desktop.models.medalists import MEDALS, MedalistsRepository

    if args.year is not None:
        _check_year(args.year)
    medalists = MedalistsRepository(open_db(args)).list(year=args.year)
    if args.json:
        print_json([m.to_json() for m in medalists])
        return 0
    if not medalists:
        print("Медалистов нет." if args.year is None else f"Медалистов {args.year} года нет.")
    for m in medalists:
        scores = ", ".join(f"{s} {v:g}" for s, v in sorted(m.scores.items())) or "баллов ЕГЭ нет"
        print(f"{m.year} {m.school_name}: {m.full_name or '(без ФИО)'}, {MEDALS[m.medal]} — {scores}")
    return 0
