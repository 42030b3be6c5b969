"""msoko roadmap import|list|export|report|status|progress|targeted|address|archive|unarchive|delete."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db, parse_iso_date, parse_period
from desktop.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("roadmap", help="дорожные карты (планы мероприятий)")
    commands = parser.add_subparsers(dest="roadmap_command", metavar="ДЕЙСТВИЕ", required=True)

    importing = commands.add_parser("import", help="загрузить план из .docx или .xlsx")
    importing.add_argument("file", metavar="FILE")
    add_db_argument(importing)
    importing.add_argument("--period", metavar="ГГГГ-ММ-ДД:ГГГГ-ММ-ДД", help="период плана")
    importing.add_argument("--clauses", action="store_true", help="читать пункты приказа, а не таблицу плана")
    importing.add_argument("--json", action="store_true")
    importing.set_defaults(func=run_import)

    listing = commands.add_parser("list", help="список дорожных карт (в работе; с --all и завершённые)")
    add_db_argument(listing)
    listing.add_argument("--all", action="store_true", help="и завершённые планы")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)

    archiving = commands.add_parser("archive", help="завершить план: только просмотр, не в просроченном")
    archiving.add_argument("id", metavar="ID", type=int)
    add_db_argument(archiving)
    archiving.set_defaults(func=run_archive)

    unarchiving = commands.add_parser("unarchive", help="вернуть завершённый план в работу")
    unarchiving.add_argument("id", metavar="ID", type=int)
    add_db_argument(unarchiving)
    unarchiving.set_defaults(func=run_unarchive)

    deleting = commands.add_parser("delete", help="удалить план с мероприятиями и отметками о выполнении")
    deleting.add_argument("id", metavar="ID", type=int)
    deleting.add_argument("--yes", action="store_true", help="да, удалить (без него — только сказать, что удалится)")
    add_db_argument(deleting)
    deleting.set_defaults(func=run_delete)

    exporting = commands.add_parser("export", help="выгрузить дорожную карту")
    exporting.add_argument("id", metavar="ID", type=int)
    exporting.add_argument("--format", choices=("json", "xlsx"), required=True)
    exporting.add_argument("--out", metavar="FILE", help="файл (JSON без --out печатается)")
    exporting.add_argument("--on", metavar="ДАТА", help="состояние сроков на дату (по умолчанию сегодня)")
    add_db_argument(exporting)
    exporting.set_defaults(func=run_export)

    progress = commands.add_parser("progress", help="отметить выполнение мероприятия (или одного его срока)")
    progress.add_argument("id", metavar="ID", type=int)
    progress.add_argument("number", metavar="MEASURE_NUMBER", help="номер мероприятия в плане: 3.1")
    progress.add_argument("--done", action="store_true", required=True, help="выполнено")
    progress.add_argument("--occurrence", metavar="ГГГГ-ММ",
                          help="срок повторяющегося мероприятия: месяц срока (ежеквартально — месяц, когда он "
                               "наступает; еженедельно — день конца недели ГГГГ-ММ-ДД); без него — самый ранний "
                               "невыполненный из прошедших, иначе ближайший")
    progress.add_argument("--date", metavar="ДАТА", help="дата выполнения, ДД.ММ.ГГГГ или ГГГГ-ММ-ДД (по умолчанию сегодня)")
    progress.add_argument("--who", metavar="NAME", default="", help="кто отметил")
    progress.add_argument("--evidence", metavar="TEXT", default="", help="чем подтверждено")
    add_db_argument(progress)
    progress.set_defaults(func=run_progress)

    targeted = commands.add_parser(
        "targeted", help="адресные мероприятия для школ с признаками",
        description="Добавить в план раздел «Адресная работа со школами» (если его нет) и по мероприятию на каждую "
                    "школу и признак года; основание признака — в примечании мероприятия. Школа с признаком, которой "
                    "план уже адресован, второй раз не добавляется. С --json — объект с полями section_id и "
                    "measures (id, number, school_id, flag).",
    )
    targeted.add_argument("id", metavar="PLAN_ID", type=int)
    targeted.add_argument("--year", type=int, required=True, help="год результатов, по которому выделены школы")
    targeted.add_argument("--flag", choices=("low_results", "objectivity_risk"),
                          help="только этот признак (по умолчанию оба)")
    targeted.add_argument("--deadline", metavar="TEXT", default="", help="срок мероприятий, как в плане")
    targeted.add_argument("--responsible", metavar="TEXT", default="", help="ответственные")
    add_db_argument(targeted)
    targeted.add_argument("--json", action="store_true")
    targeted.set_defaults(func=run_targeted)

    address = commands.add_parser(
        "address", help="школы, которым адресовано мероприятие",
        description="Назначить мероприятию плана школы реестра (все сразу: прежние заменяются; без школ — убрать "
                    "все). С --json — объект с полями measure_id и schools (school_id, flag).",
    )
    address.add_argument("id", metavar="PLAN_ID", type=int)
    address.add_argument("number", metavar="MEASURE_NUMBER", help="номер мероприятия в плане: 5.1")
    address.add_argument("schools", metavar="CODE|ID", nargs="*", help="коды ФИС ОКО или номера школ в реестре")
    add_db_argument(address)
    address.add_argument("--json", action="store_true")
    address.set_defaults(func=run_address)

    report = commands.add_parser("report", help="отчёт об исполнении плана")
    report.add_argument("id", metavar="ID", type=int)
    add_db_argument(report)
    report.add_argument("--on", metavar="ГГГГ-ММ-ДД", help="на дату (по умолчанию сегодня)")
    report.add_argument("--out", metavar="FILE.pdf|FILE.docx|FILE.xlsx", help="сохранить отчёт в PDF, Word или Excel")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=run_report)

    status = commands.add_parser("status", help="просроченные и ближайшие мероприятия")
    add_db_argument(status)
    status.add_argument("--on", metavar="ГГГГ-ММ-ДД", help="на дату (по умолчанию сегодня)")
    status.add_argument("--days", type=int, default=14, help="«ближайшие» — сколько дней вперёд")
    status.add_argument("--json", action="store_true")
    status.add_argument("--out", metavar="FILE.pdf|FILE.docx|FILE.xlsx",
                        help="список просроченного (и ближайшего) по планам — в файл для печати")
    status.set_defaults(func=run_status)


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.roadmap_import import apply_roadmap_import, plan_roadmap_import

    period = parse_period(args.period) if args.period else None
    plan = plan_roadmap_import(Path(args.file), period, clauses=args.clauses)
    roadmap_id = apply_roadmap_import(open_db(args, write=True), plan)
    if args.json:
        print_json({"id": roadmap_id, "sections": plan.section_count, "measures": plan.measure_count,
                    "warnings": plan.warnings})
    else:
        print(roadmap_id)
        # the period taken against the title's, deadlines before the order, measures without a responsible…:
        # what the window's preview lists is said here too (the plan is saved all the same)
        for warning in plan.warnings:
            print(f"Замечание: {warning}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desktop.models.roadmaps import RoadmapsRepository
    from desktop.services.roadmap_status import status_on

    db = open_db(args)
    today = date.today()
    rows, finished = [], {}
    for roadmap in RoadmapsRepository(db).list(include_archived=args.all):
        summary = status_on(db, today, roadmap_id=roadmap.id)
        rows.append({
            "id": roadmap.id,
            "title": roadmap.title,
            "order": roadmap.order.to_json() if roadmap.order else None,
            "period": [d.isoformat() if d else None for d in (roadmap.period_start, roadmap.period_end)],
            "measures": summary.total,
            "done": summary.done,
            "overdue": len(summary.overdue),
            "archived": roadmap.archived,
        })
        finished[roadmap.id] = roadmap.archived_at
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            state = (f"завершён {finished[row['id']]:%d.%m.%Y}, " if row["archived"] else "")
            print(f"{row['id']:>4}  {row['title']}  ({state}мероприятий {row['measures']}, выполнено {row['done']}, "
                  f"просрочено {row['overdue']})")
    return 0


def run_archive(args: argparse.Namespace) -> int:
    from desktop.services.roadmap_life import archive, find_plan

    db = open_db(args, write=True)
    was = find_plan(db, args.id)
    roadmap = archive(db, args.id)
    said = "уже был завершён" if was.archived else "завершён"
    print(f"План № {roadmap.id} «{roadmap.title}» {said} {roadmap.archived_at:%d.%m.%Y}: только просмотр, "
          "в просроченном не показывается.")
    return 0


def run_unarchive(args: argparse.Namespace) -> int:
    from desktop.services.roadmap_life import find_plan, unarchive

    db = open_db(args, write=True)
    was = find_plan(db, args.id)
    roadmap = unarchive(db, args.id)
    said = "возвращён в работу" if was.archived else "и так в работе"
    print(f"План № {roadmap.id} «{roadmap.title}» {said}.")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from desktop.services.roadmap_life import counts, delete, find_plan

    # Without --yes nothing is written: not even the lock or the day's backup are taken.
    db = open_db(args, write=args.yes)
    roadmap = find_plan(db, args.id)
    going = counts(db, args.id)
    if not args.yes:
        print(f"План № {roadmap.id} «{roadmap.title}» не удалён: вместе с ним будут удалены {going.sentence()}. "
              "Чтобы удалить, повторите команду с --yes.", file=sys.stderr)
        return 2
    delete(db, args.id)
    print(f"План № {roadmap.id} «{roadmap.title}» удалён: {going.sentence()}.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.services.roadmap_export import export_roadmap_xlsx, roadmap_json

    on = parse_iso_date(args.on, "дату (--on)") if args.on else date.today()
    if args.out is None and args.format == "xlsx":
        raise UserError("Книгу Excel нужно сохранить в файл: укажите --out план.xlsx.")
    db = open_db(args)
    if args.format == "json":
        import json

        from desktop.atomic import atomic_open

        data = roadmap_json(db, args.id, on)
        if args.out is None:
            print_json(data)
            return 0
        with atomic_open(Path(args.out), "w") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
    else:
        export_roadmap_xlsx(db, args.id, Path(args.out), on)
    print(Path(args.out))
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.services.roadmap_progress import choose, mark_done, parse_occurrence

    on = parse_iso_date(args.date, "дату выполнения (--date)") if args.date else date.today()
    occurrence = None
    if args.occurrence is not None:
        try:
            occurrence = parse_occurrence(args.occurrence) or parse_iso_date(args.occurrence, "срок (--occurrence)")
        except UserError:
            raise UserError(f"Не удалось прочитать срок «{args.occurrence}» (--occurrence): ожидается месяц срока "
                            "ГГГГ-ММ, например 2025-10, или день срока ДД.ММ.ГГГГ / ГГГГ-ММ-ДД.") from None
    # Checked on a reading connection first: a refused mark writes nothing, not even the day's backup.
    reading = open_db(args)
    try:
        measure, chosen = choose(reading, args.id, args.number, occurrence, on)
    finally:
        reading.close()
    measure = mark_done(open_db(args, write=True), measure, chosen, on, args.who, args.evidence)
    what = f"{chosen.label} — выполнено" if chosen else "выполнено"
    print(f"План № {args.id}, мероприятие {measure.number}: {what} {on:%d.%m.%Y}.")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from desktop.services.roadmap_status import status_on

    on = parse_iso_date(args.on, "дату (--on)") if args.on else date.today()
    db = open_db(args)
    summary = status_on(db, on, args.days)
    if args.out:
        from desktop.errors import UserError
        from desktop.services.documents.report_files import REPORT_FORMATS, save_report
        from desktop.services.roadmap_status import urgent_document

        if Path(args.out).suffix.lower() not in REPORT_FORMATS:
            raise UserError(f"Список сохраняется в PDF, DOCX или XLSX, а не «{Path(args.out).suffix or args.out}».")
        save_report(urgent_document(db, on, soon=True, days=args.days), Path(args.out))
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"На {on:%d.%m.%Y}: {summary.sentence()}")
    return 0


def run_targeted(args: argparse.Namespace) -> int:
    from desktop.services.targeted_measures import add_targeted

    result = add_targeted(open_db(args, write=True), args.id, args.year, flag=args.flag, deadline=args.deadline,
                          responsible=args.responsible)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Добавлено мероприятий: {len(result.measures)}; уже были в плане: {result.already}.")
    return 0


def run_address(args: argparse.Namespace) -> int:
    from desktop.services.roadmap_progress import find_measure
    from desktop.services.targeted_measures import address_measure

    db = open_db(args, write=True)
    links = address_measure(db, args.id, args.number, args.schools)
    if args.json:
        measure = find_measure(db, args.id, args.number)
        print_json({"measure_id": measure.id, "schools": [{"school_id": s, "flag": f} for s, f in links]})
    else:
        print(f"План № {args.id}, мероприятие {args.number}: школ {len(links)}.")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.models.office import load_office
    from desktop.services.documents.report_files import REPORT_FORMATS
    from desktop.services.roadmap_report import execution_report, write_report

    on = parse_iso_date(args.on, "дату (--on)") if args.on else date.today()
    if args.out and Path(args.out).suffix.lower() not in REPORT_FORMATS:
        raise UserError(f"Отчёт сохраняется в PDF, DOCX или XLSX, а не «{Path(args.out).suffix or args.out}».")
    db = open_db(args)
    report = execution_report(db, args.id, on)
    if args.out:
        write_report(report, Path(args.out), office=load_office(db))
    if args.json:
        data = report.to_json()
        print_json({k: data[k] for k in ("total", "done", "done_on_time", "overdue", "measures")})
    else:
        print(f"{report.title}: всего {len(report.measures)}, выполнено {len(report.done)}, "
              f"в срок {len(report.done_on_time)}, просрочено {len(report.overdue)} (на {on:%d.%m.%Y})")
    return 0
