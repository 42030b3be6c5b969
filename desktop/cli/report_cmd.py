"""msoko report results --kind ВПР|ОГЭ|ЕГЭ --year YYYY --out FILE.pdf|FILE.docx|FILE.xlsx [--db PATH]."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="аналитические отчёты")
    commands = parser.add_subparsers(dest="report_command", metavar="ВИД", required=True)
    results = commands.add_parser("results", help="отчёт о результатах оценочной процедуры года")
    results.add_argument("--kind", required=True, help="ВПР, ОГЭ, ЕГЭ…")
    results.add_argument("--year", required=True, type=int)
    results.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx|FILE.xlsx")
    add_db_argument(results)
    results.set_defaults(func=run_results)


def run_results(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.services.results_report import REPORT_FORMATS, results_report, save_report

    out = Path(args.out)
    if out.suffix.lower() not in REPORT_FORMATS:  # before the report is built: it takes a while
        raise UserError(f"Отчёт сохраняется в PDF, DOCX или XLSX, а не «{out.suffix or out.name}».")
    save_report(results_report(open_db(args), args.kind, args.year), out)
    print(out)
    return 0
