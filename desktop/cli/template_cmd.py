"""msoko template results: the office's template for collecting results from schools."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db
from desktop.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("template", help="шаблоны для школ")
    commands = parser.add_subparsers(dest="template_command", metavar="ШАБЛОН", required=True)
    results = commands.add_parser("results", help="шаблон сбора результатов оценочной процедуры (.xlsx)")
    results.add_argument("--kind", required=True,
                         help="ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР, ИС-11 (сочинение), ИС-9 (собеседование)")
    results.add_argument("--year", required=True, type=int)
    results.add_argument("--out", required=True, metavar="FILE.xlsx")
    add_db_argument(results)
    results.set_defaults(func=run_results)


def run_results(args: argparse.Namespace) -> int:
    from desktop.services.results_template import write_results_template

    if not 2000 <= args.year <= 2100:
        raise UserError(f"Год {args.year} вне допустимого 2000–2100.")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"Шаблон сохраняется в формате .xlsx, а не «{out.suffix or 'без расширения'}».")
    if not out.parent.is_dir():
        raise UserError(f"Папки «{out.parent}» нет.")
    print(write_results_template(open_db(args), args.kind, args.year, out))
    return 0
