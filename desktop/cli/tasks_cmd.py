"""msoko results tasks: the completion of each task of one assessment by school, district and region."""

from __future__ import annotations

import argparse

from desktop.cli.common import add_db_argument, open_db
from desktop.cli.output import print_json

TASKS_HELP = """\
Выполнение заданий одной работы: доля от максимального балла задания, набранная участниками, — по
школам (по результатам учеников, иначе по отчётам ФИС ОКО «Выполнение заданий» и «Достижение
планируемых результатов»), по муниципалитету (взвешено по участникам) и по региону (из отчётов).

JSON: {"tasks": [{"task", "max", "level", "planned_result", "district", "region", "schools":
[{"school_id", "code", "rate", "participants"}]}]}; доли — числа 0–1 с 4 знаками, null — нет данных;
level — Б, П или В (базовый, повышенный, высокий).
"""


def register(commands: argparse._SubParsersAction) -> None:
    tasks = commands.add_parser("tasks", help="выполнение заданий по школам, муниципалитету и региону",
                                description=TASKS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    tasks.add_argument("--kind", required=True, help="ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР")
    tasks.add_argument("--year", required=True, type=int)
    tasks.add_argument("--subject", required=True)
    tasks.add_argument("--grade", required=True, type=int)
    add_db_argument(tasks)
    tasks.add_argument("--json", action="store_true", help="вывести JSON")
    tasks.set_defaults(func=run_tasks)


def run_tasks(args: argparse.Namespace) -> int:
    from desktop.cli.results_cmd import _pct
    from desktop.services.task_analysis import task_analysis

    analysis = task_analysis(open_db(args), args.kind, args.year, args.subject, args.grade)
    if args.json:
        print_json(analysis.to_json())
        return 0
    if not analysis.tasks:
        print(f"Нет данных о заданиях: {analysis.assessment.title}.")
        return 0
    print(f"{analysis.assessment.title}")
    print(f"{'Задание':<8} {'Ур.':<3} {'Макс':>4} {'Муниц.':>6} {'Регион':>6}  Планируемый результат")
    for line in analysis.tasks:
        top = f"{line.max:g}" if line.max else "—"
        print(f"{line.task:<8} {line.level or '—':<3} {top:>4} {_pct(line.district)} {_pct(line.region)}  "
              f"{(line.planned_result or '')[:60]}")
    for school_id, _code, name in analysis.schools():
        rates = {line.task: s.rate for line in analysis.tasks for s in line.schools if s.school_id == school_id}
        print(f"{name}: " + ", ".join(f"{task} {_pct(rate).strip()}" for task, rate in rates.items()))
    return 0
