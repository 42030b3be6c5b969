"""msoko results medalists import | list: the medalists' list and their ЕГЭ scores, for the rule
`medalists` (the medalists' non-confirmation index)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import one_line, print_json
from desktop.errors import UserError

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

    adding = actions.add_parser("add", help="добавить медалиста вручную")
    adding.add_argument("--school", required=True, metavar="КОД|ID", help="код ФИС ОКО или номер школы в реестре")
    adding.add_argument("--year", required=True, type=int, help="год выпуска")
    adding.add_argument("--medal", required=True, help="I или II (степень медали)")
    adding.add_argument("--name", help="ФИО (необязательно)")
    adding.add_argument("--score", action="append", default=[], metavar="ПРЕДМЕТ=БАЛЛ",
                        help="тестовый балл ЕГЭ, например «Математика профильная=56»")
    add_db_argument(adding)
    adding.add_argument("--json", action="store_true", help="вывести JSON")
    adding.set_defaults(func=run_add)

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


def run_add(args: argparse.Namespace) -> int:
    from desktop.cli.results_cmd import _check_year
    from desktop.cli.results_settings_cmd import _number, _pairs
    from desktop.models.medalists import Medalist, MedalistsRepository
    from desktop.models.results import normalize_subject
    from desktop.services.medalists import add_medalist, medal_of
    from desktop.services.school_matching import find_school

    _check_year(args.year)
    medal = medal_of(args.medal)
    if medal is None:
        raise UserError(f"--medal «{args.medal}»: ожидается I (I степени) или II (II степени).")
    scores = {}
    for subject, value in _pairs(args.score, "ПРЕДМЕТ=БАЛЛ"):
        score = _number(value, f"{subject}={value}")
        if not 0 <= score <= 100:
            raise UserError(f"«{subject}={value}»: тестовый балл — число от 0 до 100.")
        scores[normalize_subject(subject)] = score
    db = open_db(args, write=True)
    school = find_school(db, args.school)
    new_id = add_medalist(db, Medalist(school.id, args.year, medal, (args.name or "").strip() or None, scores))
    saved = next(m for m in MedalistsRepository(db).list(year=args.year) if m.id == new_id)
    if args.json:
        print_json(saved.to_json())
    else:
        print(f"Добавлен медалист {saved.year} года: {saved.school_name}, {saved.full_name or '(без ФИО)'}.")
    return 0


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
