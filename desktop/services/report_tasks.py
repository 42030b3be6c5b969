"""The analytic report's section «Выполнение заданий»: per subject and grade a table of the tasks (level,
maximum, the district's and the region's completion, the planned result) and, per school, its three
weakest and three strongest tasks written as sentences.

    blocks = task_blocks(db, "ВПР", 2026, [("Математика", 5)], number=3, single_grade=True)   # [] without tasks
"""

from __future__ import annotations

from desktop.models.db import Database
from desktop.services.documents.model import TableRow
from desktop.services.documents.report_model import Heading, Paragraph, ReportTable
from desktop.services.rules import pct
from desktop.services.task_analysis import LEVEL_NAMES, TaskAnalysis, TaskLine, task_analysis, weakest_and_strongest

TABLE_SIZE = 10
COLUMNS = [("Зада-\nние", 40, "text"), ("Уро-\nвень", 34, "text"), ("Макс. балл", 36, "score"),
           ("Муници-\nпалитет, %", 56, "percent"), ("Регион, %", 48, "percent"),
           ("Проверяемый планируемый результат", 230, "text")]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " и " + items[-1]


def _task(line: TaskLine, rate: float, with_result: bool) -> str:
    """«4К1 (базовый уровень; 25,0%; «Умение извлекать информацию из таблиц»)»."""
    parts = [LEVEL_NAMES[line.level] + " уровень"] if line.level in LEVEL_NAMES else []
    parts.append(pct(rate))
    if with_result and line.planned_result:
        parts.append(f"«{line.planned_result}»")
    return f"{line.task} ({'; '.join(parts)})"


def _tasks_phrase(pairs: list[tuple[TaskLine, float]], with_result: bool) -> str:
    word = "задание" if len(pairs) == 1 else "задания"
    return f"{word} {_listed([_task(line, rate, with_result) for line, rate in pairs])}"


def school_sentence(analysis: TaskAnalysis, school_id: int, name: str) -> str | None:
    """«<school>: слабее всего выполнены задания …; лучше всего — задания …»; None without rates."""
    weakest, strongest = weakest_and_strongest(analysis, school_id)
    if not weakest:
        return None
    done = "выполнено" if len(weakest) == 1 else "выполнены"
    text = f"{name}: слабее всего {done} {_tasks_phrase([(t, s.rate) for t, s in weakest], True)}"
    if strongest:
        text += f"; лучше всего — {_tasks_phrase([(t, s.rate) for t, s in strongest], False)}"
    return text + "."


def district_sentence(analysis: TaskAnalysis) -> str | None:
    rated = sorted((line for line in analysis.tasks if line.district is not None), key=lambda t: (t.district, t.task))
    if not rated:
        return None
    weakest = rated[:3]
    strongest = [line for line in reversed(rated) if line not in weakest][:3]
    done = "выполнено" if len(weakest) == 1 else "выполнены"
    text = (f"По муниципалитету слабее всего {done} "
            f"{_tasks_phrase([(t, t.district) for t in weakest], False)}")
    if strongest:
        text += f", лучше всего — {_tasks_phrase([(t, t.district) for t in strongest], False)}"
    below = [t for t in analysis.tasks if t.district is not None and t.region is not None and t.district < t.region]
    if any(t.region is not None for t in analysis.tasks):
        text += f"; ниже регионального уровня — {len(below)} из {sum(1 for t in analysis.tasks if t.region is not None)}"
    return text + "."


def _table(analysis: TaskAnalysis, group: str) -> ReportTable:
    rows = [TableRow([line.task, line.level or "", line.max, line.district, line.region, line.planned_result or ""])
            for line in analysis.tasks]
    return ReportTable([c[0] for c in COLUMNS], rows, [c[1] for c in COLUMNS], [c[2] for c in COLUMNS],
                       caption="Выполнение заданий: доля от максимального балла задания", sheet="Задания",
                       group=group, font_size=TABLE_SIZE)


def task_blocks(db: Database, kind: str, year: int, groups: list[tuple[str, int]], *, number: int,
                single_grade: bool) -> list:
    """The section, numbered `number`; [] when no work of the kind and year has task data."""
    blocks: list = []
    for subject, grade in groups:
        analysis = task_analysis(db, kind, year, subject, grade)
        if not any(line.schools or line.district is not None for line in analysis.tasks):
            continue
        title = subject if single_grade else f"{subject}, {grade} класс"
        blocks.append(Heading(title, level=2))
        district = district_sentence(analysis)
        if district:
            blocks.append(Paragraph(district))
        blocks.append(_table(analysis, title))
        for school_id, _code, name in analysis.schools():
            sentence = school_sentence(analysis, school_id, name)
            if sentence:
                blocks.append(Paragraph(sentence))
    if not blocks:
        return []
    return [Heading(f"{number}. Выполнение заданий"),
            Paragraph("Выполнение задания — доля от его максимального балла, набранная участниками (по результатам "
                      "учеников, иначе по отчётам ФИС ОКО); по муниципалитету — взвешенно по числу участников."),
            *blocks]
