"""msoko today [--db PATH] [--on ДАТА] [--json]: what the window's start page «Сегодня» shows."""

from __future__ import annotations

import argparse
from datetime import date

from desktop.cli.common import add_db_argument, db_path, open_db, parse_iso_date
from desktop.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("today", help="сегодня: просроченное, сроки недели, новые признаки, первые шаги")
    add_db_argument(parser)
    parser.add_argument("--on", metavar="ГГГГ-ММ-ДД", help="на дату (по умолчанию сегодня)")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services.attention import today

    on = parse_iso_date(args.on, "дату (--on)") if args.on else date.today()
    view = today(open_db(args), db_path(args), on)
    if args.json:
        print_json(view.to_json())
    else:
        print("\n".join(lines(view)))
    return 0


def lines(view) -> list[str]:
    from desktop.services.attention import STEPS

    out = [f"Сегодня, {view.on:%d.%m.%Y}"]
    if view.steps:
        out.append("Первые шаги:")
        out += [f"  {STEPS[key][0]} — {STEPS[key][1]}" for key in view.steps]
    for title, entries in (("Просрочено", view.overdue), ("Срок на этой неделе", view.due_week)):
        out.append(f"{title}: {len(entries)}")
        for e in entries:
            late = f", просрочено {e.overdue_days} дн." if e.overdue_days else ""
            due = f"{e.due:%d.%m.%Y}" if e.due else "без даты"
            out.append(f"  {e.number} {e.text} — {due}{late} ({e.plan})".replace("   ", "  "))
    flags = view.flags
    if flags is not None and flags.year is not None:
        title = "Школы с новыми признаками" if flags.known else "Школы с признаками (что было до загрузки, не записано)"
        out.append(f"{title}, {flags.year}: {len(flags.schools)}")
        out += [f"  {name}: {'; '.join(reasons)}" for _, name, reasons in flags.schools]
    out.append("Последние загрузки:" if view.loads else "Загрузок ещё не было.")
    out += [f"  {load.when:%d.%m.%Y %H:%M} {load.what}" if load.when else f"  {load.what}" for load in view.loads]
    out.append("Резервные копии:" if view.backups else "Резервных копий нет.")
    out += [f"  {b.created:%d.%m.%Y %H:%M} {b.path.name}" for b in view.backups]
    return out
