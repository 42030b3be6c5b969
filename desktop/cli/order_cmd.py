"""msoko order roadmap|monitoring ROADMAP_ID --number N --date D [--kind приказ|распоряжение|решение] --out FILE;
msoko order results --kind ВПР --year Y [--kind распоряжение] …; msoko order list.

A date is ДД.ММ.ГГГГ or ГГГГ-ММ-ДД. A plan's documents are of the kind of the order it was imported
from unless --kind says otherwise; «Об итогах» is a приказ unless a second --kind names another kind
(its first --kind is the assessment's: the values never overlap).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db, parse_iso_date
from desktop.errors import UserError
from desktop.services.documents.kinds import KIND_WORDS


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("order", help="приказы")
    commands = parser.add_subparsers(dest="order_command", metavar="ВИД", required=True)
    for name, help_text in (  # the names of services.orders.PLAN_ORDERS
        ("roadmap", "приказ об утверждении дорожной карты"),
        ("monitoring", "приказ о реализации мониторинга с графиком из плана"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("roadmap_id", metavar="ROADMAP_ID", type=int)
        command.add_argument("--number", required=True, help="номер документа")
        command.add_argument("--date", required=True, metavar="ДД.ММ.ГГГГ", help="дата документа")
        command.add_argument("--kind", choices=list(KIND_WORDS), metavar="приказ|распоряжение|решение",
                             help="вид документа (по умолчанию — вид приказа, из которого загружен план)")
        command.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx")
        add_db_argument(command)
        command.set_defaults(func=run_roadmap)

    results = commands.add_parser("results", help="приказ «Об итогах …» оценочной процедуры года")
    results.add_argument("--kind", required=True, action="append",
                         help="ВПР, ОГЭ, ЕГЭ, ГВЭ…; ещё раз — вид документа: приказ (по умолчанию), распоряжение, решение")
    results.add_argument("--year", required=True, type=int)
    results.add_argument("--number", required=True, help="номер документа")
    results.add_argument("--date", required=True, metavar="ДД.ММ.ГГГГ", help="дата документа")
    results.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx")
    add_db_argument(results)
    results.set_defaults(func=run_results)

    listing = commands.add_parser("list", help="журнал приказов")
    add_db_argument(listing)
    listing.add_argument("--on", metavar="ГГГГ-ММ-ДД", help="ход исполнения на дату (по умолчанию сегодня)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)


def run_roadmap(args: argparse.Namespace) -> int:
    from desktop.services import orders
    from desktop.services.order_files import check_order_path

    build = orders.PLAN_ORDERS[args.order_command]
    out = Path(args.out)
    check_order_path(out)  # before the database is opened
    db = open_db(args, write=True)
    kind = KIND_WORDS[args.kind] if args.kind else None
    document = build(db, args.roadmap_id, args.number, parse_iso_date(args.date, "дату документа (--date)"), kind)
    _save(db, document, out)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from datetime import date

    from desktop.cli.output import print_json
    from desktop.services.orders_journal import orders_journal

    on = parse_iso_date(args.on, "дату (--on)") if args.on else date.today()
    entries = orders_journal(open_db(args), on)
    if args.json:
        print_json([e.to_json() for e in entries])
    else:
        for e in entries:
            day = f"{e.order.date:%d.%m.%Y}" if e.order.date else "без даты"
            print(f"{e.order.kind.capitalize()} от {day} № {e.order.number} «{e.order.title}» — {e.order.status}"
                  + (f"; {e.progress()}" if e.plans else ""))
    return 0


def run_results(args: argparse.Namespace) -> int:
    from desktop.models.results import parse_kind
    from desktop.services.order_files import check_order_path
    from desktop.services.orders import results_order

    documents = [KIND_WORDS[k.strip().casefold()] for k in args.kind if k.strip().casefold() in KIND_WORDS]
    assessments = [k for k in args.kind if k.strip().casefold() not in KIND_WORDS]
    if len(documents) > 1 or len(assessments) != 1:
        raise UserError("Укажите --kind один раз для оценочной процедуры (ВПР, ОГЭ, ЕГЭ, ГВЭ…) и, если нужно, "
                        "ещё раз для вида документа (приказ, распоряжение, решение).")
    out = Path(args.out)
    check_order_path(out)  # before the database is opened
    kind = parse_kind(assessments[0])
    db = open_db(args, write=True)
    day = parse_iso_date(args.date, "дату документа (--date)")
    _save(db, results_order(db, kind, args.year, args.number, day, *documents), out)
    return 0


def _save(db, document, out: Path) -> None:
    """Save the document; what its own date contradicts is said on stderr (it is saved all the same,
    as the user asked for this number and date)."""
    import sys

    from desktop.services.order_checks import deadline_warnings
    from desktop.services.order_files import save_order

    for warning in deadline_warnings(document):
        print(f"Внимание: {warning}", file=sys.stderr)
    for note in document.to_check:
        print(f"Проверьте: {note}", file=sys.stderr)
    save_order(db, document, out)
    print(out)
