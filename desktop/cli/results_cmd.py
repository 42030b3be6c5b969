"""msoko results import|enter|indicators|flags|alias."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import one_line, print_json
from desktop.errors import UserError
from desktop.figures import MARKS, PASS_FAIL_KINDS

IMPORT_HELP = """\
Загружает отчёты ФИС ОКО, протоколы РЦОИ и заполненные школами шаблоны. Папка означает все файлы
.xlsx/.xls в ней. Уже загруженный файл (тот же SHA-256) пропускается. При ошибке в любом файле ничего
не сохраняется (код возврата 2).

Файлы одной или нескольких процедур загружаются вместе. Если в загрузке есть результаты по ученикам,
цифры школы считаются по ним, а «Статистика по отметкам» и «Сравнение с журналом» тех же школ
сверяются с ними: расхождение — предупреждение (cross_checks), а не отказ. Школа находится по коду
ФИС ОКО (edu…, sch…), коду РЦОИ или запомненному написанию; по названию — только если в файле нет кода.

JSON: {"files": [{"file", "layout", "kind_of_file", "assessments", "rows", "problems": [{"sheet", "row",
"column", "message", "severity"}], "added", "replaced", …}], "new_schools": [{"code", "name"}],
"cross_checks": [{"school_code", "assessment", "files": [...], "field", "values": [...]}], "saved": bool}
"""
ENTER_HELP = """\
Сохраняет показатели одной школы по одной процедуре, предмету и классу. Для ВПР, ОГЭ, ГВЭ, НИКО, РМ,
МКР — число участников и отметок «2»–«5» (--n2 … --n5; сумма равна числу участников); для итогового
сочинения (изложения) ИС-11 и итогового собеседования ИС-9 — участники, --passed (зачёт), --failed
(незачёт) и для ИС-9 средний балл из 20 (--mean). Пустой счётчик — 0. ЕГЭ вручную не вводится.
Уже сохранённые результаты школы заменяются только с --replace; рассчитанные по ученикам — никогда.

JSON: {"assessment", "school", "replaced"}
"""
FLAGS_HELP = """\
JSON: {"year", "flags": [{"school_id", "code", "name", "flag", "rule", "explanation"}],
"low_quality": [{"kind", "subject", "grade", "years": [...], "quality_rates": [...], "explanation"}],
"notes": [...], "settings": {...}}. flag: low_results (ШНОР) или objectivity_risk (признаки
необъективности); rule: share_2, quality_decile, raised_share, lowered_share, quality_jump, vpr_vs_oge,
region_anomaly (выше региона без подтверждения теми же обучающимися), medalists (индекс неподтверждения
результатов медалистов), task_pattern (базовые задания выполнены хуже сложных), score_peaks (пики баллов у
границ отметок). low_quality — предметы и классы с качеством по муниципалитету ниже порога
несколько лет подряд.

С --from Y1 --to Y2 — признаки по годам: {"years": [...], "schools": [{"school_id", "code", "name",
"flags": {"YEAR": [{"flag", "rule", "explanation", "second_year", "running"}]}, "left": {"YEAR": [flag…]}}],
"settings": {...}}; second_year — тот же признак у школы и в прошлом году (running — сколько лет подряд),
left — признаки, которых у школы в этом году уже нет.
"""
INDICATORS_HELP = """\
JSON: {"kind", "year", "schools": [...], "municipality": [...], "reference": [...]}: у каждой строки
school_id, code, name, subject, grade, participants, n2…n5, pass_rate, quality_rate, mean_mark, sou,
share_2, lowered, confirmed, raised, passed, failed, share_failed (зачёт, незачёт и доля незачёта ИС-11 и
ИС-9; доли — числа 0–1 с 4 знаками), mean_primary (средний балл; ИС-9 — из 20), change — изменение к прошлому году.
municipality — по всем школам (взвешено по участникам), reference — регион и «Вся выборка».
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("results", help="результаты оценочных процедур")
    commands = parser.add_subparsers(dest="results_command", metavar="ДЕЙСТВИЕ", required=True)

    importing = commands.add_parser("import", help="загрузить файлы результатов", description=IMPORT_HELP,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
    importing.add_argument("files", metavar="FILE", nargs="+", help="файл или папка")
    add_db_argument(importing)
    importing.add_argument("--dry-run", action="store_true", help="только показать, что изменится")
    importing.add_argument("--replace", action="store_true", help="заменить ранее загруженные результаты")
    importing.add_argument("--add-schools", action="store_true",
                           help="добавить в реестр школы, которых в нём нет: по коду ФИС ОКО или РЦОИ, "
                                "по названию — если в файле нет кода")
    importing.add_argument("--keep-names", action="store_true", help="сохранять ФИО участников из протоколов")
    importing.add_argument("--json", action="store_true", help="вывести JSON")
    importing.set_defaults(func=run_import)

    entering = commands.add_parser("enter", help="ввести результаты школы вручную", description=ENTER_HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    entering.add_argument("--kind", required=True, help="ВПР, ОГЭ, ГВЭ, НИКО, РМ, МКР, ИС-11, ИС-9")
    entering.add_argument("--year", required=True, type=int)
    entering.add_argument("--school", required=True, metavar="КОД|ID", help="код ФИС ОКО или номер школы в реестре")
    entering.add_argument("--subject", help="предмет (для ИС-11 и ИС-9 — «Русский язык»)")
    entering.add_argument("--grade", type=int, help="класс (для ОГЭ, ИС-9 — 9, для ИС-11 — 11)")
    entering.add_argument("--participants", required=True, type=int, help="число участников")
    for mark in MARKS:
        entering.add_argument(f"--{mark}", type=int, metavar="N", help=f"сколько получили «{mark[1]}»")
    entering.add_argument("--passed", type=int, metavar="N", help="сколько получили «зачёт» (ИС-11, ИС-9)")
    entering.add_argument("--failed", type=int, metavar="N", help="сколько получили «незачёт» (ИС-11, ИС-9)")
    entering.add_argument("--mean", type=float, metavar="БАЛЛ", help="средний балл из 20 (ИС-9), если известен")
    add_db_argument(entering)
    entering.add_argument("--replace", action="store_true", help="заменить уже сохранённые результаты школы")
    entering.add_argument("--json", action="store_true", help="вывести JSON")
    entering.set_defaults(func=run_enter)

    showing = commands.add_parser("indicators", help="показатели по школам и муниципалитету",
                                  description=INDICATORS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    showing.add_argument("--kind", required=True, help="ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР, ИС-11, ИС-9")
    showing.add_argument("--year", required=True, type=int)
    showing.add_argument("--subject")
    showing.add_argument("--grade", type=int)
    add_db_argument(showing)
    showing.add_argument("--json", action="store_true", help="вывести JSON")
    showing.set_defaults(func=run_indicators)

    flags = commands.add_parser("flags", help="ШНОР, признаки необъективности, низкое качество",
                                description=FLAGS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    flags.add_argument("--year", type=int, help="год (или --from и --to)")
    flags.add_argument("--from", dest="first", type=int, metavar="Y1", help="признаки по годам: с года")
    flags.add_argument("--to", dest="last", type=int, metavar="Y2", help="признаки по годам: по год включительно")
    add_db_argument(flags)
    flags.add_argument("--json", action="store_true", help="вывести JSON")
    flags.set_defaults(func=run_flags)

    alias = commands.add_parser("alias", help="запомнить, какой школе реестра соответствует название или код из файла")
    alias.add_argument("text", metavar="НАЗВАНИЕ", help="как школа записана в файле, например «Код ОО 0042»")
    alias.add_argument("--school", required=True, metavar="КОД|ID", help="код ФИС ОКО или номер школы в реестре")
    add_db_argument(alias)
    alias.set_defaults(func=run_alias)

    from desktop.cli import results_medalists_cmd, results_settings_cmd, scales_cmd, tasks_cmd

    results_medalists_cmd.register(commands)
    results_settings_cmd.register(commands)
    scales_cmd.register(commands)
    tasks_cmd.register(commands)


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.results_import import apply_results_import, plan_results_import

    db = open_db(args, write=not args.dry_run)
    plan = plan_results_import(db, [Path(f) for f in args.files], keep_names=args.keep_names,
                               add_schools=args.add_schools)
    blocked = plan.blocked(args.replace)
    saved = False
    if not blocked and not args.dry_run and any(f.saves_anything for f in plan.files):
        apply_results_import(db, plan, replace=args.replace)
        saved = True
    if args.json:
        print_json(plan.to_json(saved, args.replace))
    else:
        _print_plan(plan, saved)
    for file_plan in plan.files:
        for problem in file_plan.problems_for(args.replace):
            label = "Ошибка: " if problem.is_error else "Предупреждение: "
            print(label + one_line(problem.describe(file_plan.file)), file=sys.stderr)
    # hints, worded as messages: tools read every stderr line as «Ошибка: …» or «Предупреждение: …»
    if blocked and plan.replacements and not args.replace:
        print("Предупреждение: чтобы заменить ранее загруженные результаты, добавьте «--replace».", file=sys.stderr)
    if plan.unmatched and not args.add_schools:
        print("Предупреждение: школы, которых нет в реестре, можно добавить параметром «--add-schools» или "
              "сопоставить со школой реестра командой «msoko results alias» (см. справку).", file=sys.stderr)
    return 2 if blocked else 0


def _print_plan(plan, saved: bool) -> None:
    from desktop.services.results_plan import assessment_title

    for file_plan in plan.files:
        name = Path(file_plan.file).name
        if file_plan.skipped:
            print(f"«{name}»: пропущен (уже загружен)")
            continue
        titles = "; ".join(assessment_title(k) for k in file_plan.assessments) or "—"
        rows = len(file_plan.marks_rows) + len(file_plan.journal_rows) + len(file_plan.pass_fail_rows)
        students = sum(file_plan.students_per_assessment)
        kind = (file_plan.parsed.kind_of_file if file_plan.parsed else "") or file_plan.layout or "не прочитан"
        tasks = len(file_plan.parsed.task_rates) + len(file_plan.parsed.score_shares) if file_plan.parsed else 0
        print(f"«{name}» ({kind}): {titles} — строк школ {rows} (новых {file_plan.added}), "
              f"учеников {students}, замен {len(file_plan.replacements)}, справочных строк "
              f"{len(file_plan.reference_rows)}" + (f", долей по заданиям и баллам {tasks}" if tasks else ""))
    for school in plan.new_schools:
        print(f"Новая школа: {school.name}" + (f" ({school.code})" if school.code else ""))
    for check in plan.cross_checks:
        print(f"Сверка: {check.school}, {check.field}: {check.values[0]} в «{Path(check.files[0]).name}», "
              f"{check.values[1]} по ученикам «{Path(check.files[1]).name}»")
    print("Сохранено." if saved else "Ничего не сохранено.")


def run_indicators(args: argparse.Namespace) -> int:
    from desktop.models.results import parse_kind
    from desktop.services.indicators import indicators

    _check_year(args.year)
    table = indicators(open_db(args), parse_kind(args.kind), args.year, args.subject, args.grade)
    if args.json:
        print_json(table.to_json())
        return 0
    if not table.schools:
        print(f"Нет результатов {table.kind} {table.year}.")
        return 0
    if table.kind in PASS_FAIL_KINDS:
        _print_pass_fail(table)
        return 0
    print(f"{'Школа':<40} {'Предмет':<22} {'Кл':>2} {'Уч.':>5} {'Усп.':>6} {'Кач.':>6} {'Ср.':>5} {'СОУ':>6} {'«2»':>6}")
    for row in table.schools + table.municipality + table.reference:
        print(f"{row.name[:40]:<40} {row.subject[:22]:<22} {row.grade:>2} {row.participants or 0:>5} "
              f"{_pct(row.pass_rate)} {_pct(row.quality_rate)} {_num(row.mean_mark)} {_pct(row.sou)} "
              f"{_pct(row.share_2)}")
    return 0


def _print_pass_fail(table) -> None:
    print(f"{'Школа':<40} {'Предмет':<22} {'Кл':>2} {'Уч.':>5} {'Зачёт':>6} {'Незач.':>6} {'Доля н.':>7} {'Ср. б.':>6}")
    for row in table.schools + table.municipality + table.reference:
        print(f"{row.name[:40]:<40} {row.subject[:22]:<22} {row.grade:>2} {row.participants or 0:>5} "
              f"{_count(row.passed):>6} {_count(row.failed):>6} {_pct(row.share_failed):>7} {_num(row.mean_primary):>6}")


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _pct(value: float | None) -> str:
    return f"{value * 100:5.1f}%" if value is not None else "     —"


def _num(value: float | None) -> str:
    return f"{value:5.2f}" if value is not None else "    —"


def run_flags(args: argparse.Namespace) -> int:
    from desktop.services.rules import flags_for_year

    if args.first is not None or args.last is not None:
        return _run_flags_history(args)
    if args.year is None:
        raise UserError("Укажите год (--year Y) или годы (--from Y1 --to Y2).")
    _check_year(args.year)
    report = flags_for_year(open_db(args), args.year)
    if args.json:
        print_json(report.to_json())
        return 0
    titles = {"low_results": "ШНОР", "objectivity_risk": "признаки необъективности"}
    for flag in report.flags:
        print(f"{flag.name} — {titles.get(flag.flag, flag.flag)}: {flag.explanation}")
    for item in report.low_quality:
        print(item.explanation)
    for note in report.notes:
        print(f"Примечание: {note}")
    return 0


def _run_flags_history(args: argparse.Namespace) -> int:
    from desktop.services.flags_history import flags_history
    from desktop.services.results_report import flags_history_rows

    if args.year is not None or args.first is None or args.last is None:
        raise UserError("Признаки по годам: укажите оба года, --from Y1 --to Y2 (без --year).")
    history = flags_history(open_db(args), args.first, args.last)
    if args.json:
        print_json(history.to_json())
        return 0
    if not history.schools:
        print(f"Признаков за {args.first}–{args.last} годы нет.")
        return 0
    for row in flags_history_rows(history):
        print(" | ".join(row))
    return 0


def run_enter(args: argparse.Namespace) -> int:
    from desktop.services.results_entry import enter_results
    from desktop.services.school_matching import find_school

    _check_year(args.year)
    db = open_db(args, write=True)
    figures = {name: getattr(args, name) for name in ("participants", *MARKS, "passed", "failed")}
    figures["mean_primary"] = args.mean
    entered = enter_results(db, args.kind, args.year, args.subject, args.grade, find_school(db, args.school).id,
                            figures, replace=args.replace)
    if args.json:
        print_json(entered.to_json())
    else:
        print(f"{entered.school}, {entered.title}: {'заменено' if entered.replaced else 'сохранено'}.")
    return 0


def run_alias(args: argparse.Namespace) -> int:
    from desktop.services.school_matching import find_school, remember_alias

    db = open_db(args, write=True)
    school = find_school(db, args.school)
    remember_alias(db, args.text, school.id)
    print(f"«{args.text}» → {school.short_name}")
    return 0


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise UserError(f"Год {year} вне допустимого 2000–2100.")
