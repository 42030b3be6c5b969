"""msoko schools list|card|import|export."""

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

    card = commands.add_parser(
        "card", help="карточка школы: результаты по годам, признаки, мероприятия",
        description="Карточка школы: результаты по годам и предметам, признаки правил по годам с основаниями и "
                    "мероприятия планов, адресованные школе, с их состоянием. С --json — объект с полями school, "
                    "results (строки показателей), flags (год → признаки), measures (plan_id, number, text, "
                    "status, due).",
    )
    card.add_argument("school", metavar="CODE|ID", help="код ФИС ОКО (и старый) или номер школы в реестре")
    add_db_argument(card)
    card.add_argument("--on", metavar="ДАТА", help="состояние мероприятий на дату (по умолчанию сегодня)")
    card.add_argument("--out", metavar="FILE.pdf|FILE.docx|FILE.xlsx", help="сохранить карточку для печати")
    card.add_argument("--json", action="store_true", help="вывести JSON")
    card.set_defaults(func=run_card)

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


def run_card(args: argparse.Namespace) -> int:
    from datetime import date

    from desktop.cli.common import parse_iso_date
    from desktop.models.office import load_office
    from desktop.services.documents.report_files import save_report
    from desktop.services.school_card import card_document, school_card
    from desktop.services.school_matching import find_school

    db = open_db(args)
    on = parse_iso_date(args.on, "дату (--on)") if args.on else date.today()
    card = school_card(db, find_school(db, args.school), on)
    if args.out:
        save_report(card_document(card, load_office(db).full_name), Path(args.out))
    if args.json:
        print_json(card.to_json())
        return 0
    print(f"{card.school.short_name} ({card.school.code or 'без кода'}): результатов {len(card.results)}")
    for year, flags in sorted(card.flags.items()):
        for flag in flags:
            print(f"  {year}: {flag.flag} — {one_line(flag.explanation)}")
    for measure in card.measures:
        print(f"  план {measure.plan_id}, {measure.number or '—'}: {one_line(measure.text)} — {measure.state}")
    if args.out:
        print(f"Карточка сохранена: {args.out}")
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
