"""msoko order roadmap ROADMAP_ID --number N --date YYYY-MM-DD --out FILE.pdf|FILE.docx."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db, parse_iso_date
from desktop.errors import UserError

FORMATS = (".pdf", ".docx")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("order", help="приказы")
    commands = parser.add_subparsers(dest="order_command", metavar="ВИД", required=True)
    roadmap = commands.add_parser("roadmap", help="приказ об утверждении дорожной карты")
    roadmap.add_argument("roadmap_id", metavar="ROADMAP_ID", type=int)
    roadmap.add_argument("--number", required=True, help="номер приказа")
    roadmap.add_argument("--date", required=True, metavar="ГГГГ-ММ-ДД", help="дата приказа")
    roadmap.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx")
    add_db_argument(roadmap)
    roadmap.set_defaults(func=run_roadmap)


def run_roadmap(args: argparse.Namespace) -> int:
    from desktop.services.order_files import save_order
    from desktop.services.orders import roadmap_order

    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"Приказ сохраняется в PDF или DOCX, а не «{out.suffix or out.name}».")
    db = open_db(args, write=True)
    document = roadmap_order(db, args.roadmap_id, args.number, parse_iso_date(args.date, "дату приказа (--date)"))
    save_order(db, document, out)
    print(out)
    return 0
