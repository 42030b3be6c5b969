"""msoko deadline TEXT [--period START:END] [--issued DATE]: how the program reads a deadline."""

from __future__ import annotations

import argparse

from desktop.cli.common import parse_iso_date, parse_period
from desktop.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "deadline",
        help="прочитать срок исполнения как даты",
        description="Показывает, как программа читает срок исполнения: диапазоны дат, повторение "
        "(ежемесячно, ежеквартально…), сроки внутри периода плана и предупреждения (JSON).",
    )
    parser.add_argument("text", metavar="ТЕКСТ", help="срок, как он написан: «до 8 сентября 2023 г.»")
    parser.add_argument(
        "--period", metavar="ГГГГ-ММ-ДД:ГГГГ-ММ-ДД", help="период плана, например 2024-09-01:2025-08-31"
    )
    parser.add_argument(
        "--issued", metavar="ДАТА",
        help="дата приказа (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД): от неё считаются «в 3-месячный срок», «этого года»",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services.deadlines import parse_deadline

    period = parse_period(args.period) if args.period else None
    issued = parse_iso_date(args.issued, "дату приказа (--issued)") if args.issued else None
    print_json(parse_deadline(args.text, period, issued).to_json())
    return 0
