"""Pupils with designed task patterns and score distributions, for `write_fisoko_individual`, and the
ФИС ОКО reports of tasks («Выполнение заданий», «Достижение планируемых результатов»).

Everything is invented. The tasks are `DEFAULT_TASKS` with the levels «ББПБППБПВ» (the builder's
default): basic tasks 1, 2, 4К1, 6.1 (4 points a pupil), hard ones 3, 4К2, 5, 6.2, 7 (10 points). The
scale of the spike fixtures: «3» from 6, «4» from 10, «5» from 13 of 14.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders.result_files import DEFAULT_TASKS, MUNICIPALITY, REGION, SchoolStudents, Student, write_rows

LEVELS = "ББПБППБПВ"
SCALE = (6, 10, 13, 14)  # min3, min4, min5, max
SPIKE_SCORES = [6, 7, 10, 11, 13, 6, 7, 10, 11, 6, 7, 10, 6, 7, 10, 11, 3, 4, 8, 9]  # 16 of 20 at a boundary
PLAIN_SCORES = [2, 3, 4, 5, 8, 9, 12, 3, 4, 5, 8, 9, 12, 2, 6, 10, 13, 8, 9, 4]  # 3 of 20 at a boundary


def mark_of(score: float) -> int:
    min3, min4, min5, _ = SCALE
    return 2 if score < min3 else 3 if score < min4 else 4 if score < min5 else 5


def _pupil(code: int, scores: list[object]) -> Student:
    primary = sum(v for v in scores if isinstance(v, int | float))
    return Student(code, 1, 1, scores, primary, mark_of(primary), "нет отметки")


def patterned_school(name: str, code: str, *, pupils: int, basic_full: int, hard_full: int,
                     first_code: int = 50001) -> SchoolStudents:
    """`basic_full` pupils score every basic task in full (the rest 0), `hard_full` every hard task:
    the basic tasks' rate is basic_full / pupils, the hard ones' hard_full / pupils."""
    students = []
    for i in range(pupils):
        scores = [(top if (i < basic_full if level == "Б" else i < hard_full) else 0)
                  for (_, top), level in zip(DEFAULT_TASKS, LEVELS, strict=True)]
        students.append(_pupil(first_code + i, scores))
    return SchoolStudents(name, code, students)


def fill(total: int) -> list[int]:
    """Task scores adding up to `total`, the tasks filled in order up to their maximum."""
    scores = []
    for _, top in DEFAULT_TASKS:
        take = min(top, total)
        scores.append(take)
        total -= take
    return scores


def scored_school(name: str, code: str, totals: list[int], first_code: int = 60001) -> SchoolStudents:
    """Pupils with these primary scores (the marks by `SCALE`)."""
    return SchoolStudents(name, code, [_pupil(first_code + i, fill(t)) for i, t in enumerate(totals)])


SCHOOLS = [("МБОУ «СОШ № 1 с. Заречное»", "edu900101"), ("МБОУ «СОШ № 2 с. Заречное»", "edu900102"),
           ("МКОУ «ООШ № 14 х. Лесной»", "edu900114")]


def pattern_schools(with_pattern: bool) -> list[SchoolStudents]:
    """Three schools of 20; with the pattern the first does basic tasks at 40% and hard ones at 70%."""
    first = (8, 14) if with_pattern else (16, 10)
    shapes = [first, (16, 10), (14, 8)]
    return [patterned_school(name, code, pupils=20, basic_full=b, hard_full=h, first_code=50001 + 100 * k)
            for k, ((name, code), (b, h)) in enumerate(zip(SCHOOLS, shapes, strict=True))]


def peak_schools(with_spike: bool) -> list[SchoolStudents]:
    """Three schools of 20; with the spike the first has 16 of 20 pupils at a mark's boundary or one above."""
    first = SPIKE_SCORES if with_spike else PLAIN_SCORES
    return [scored_school(name, code, first if k == 0 else PLAIN_SCORES, first_code=60001 + 100 * k)
            for k, (name, code) in enumerate(SCHOOLS)]


# ---------------------------------------------------------------------------------------------------
# ФИС ОКО reports of tasks


def _preamble(title: str, year: int, subject: str, grade: int, max_score: int) -> list[list[object]]:
    return [[title], [], [f"ВПР {year} {subject} {grade} класс"], ["Предмет:", subject],
            ["Максимальный первичный балл:", max_score], ["Дата:", f"17.04.{year}"]]


def write_task_rates(path, groups: list[tuple[str, int | None, int, list[float]]], *,
                     tasks=DEFAULT_TASKS, levels: str | None = LEVELS, year: int = 2026,
                     subject: str = "Математика", grade: int = 5, comma: bool = False) -> Path:
    """«Выполнение заданий»: groups are (name with its code, schools or None, participants, % per task)."""
    rows = _preamble("Выполнение заданий", year, subject, grade, sum(t for _, t in tasks))
    rows.append(["Уровень сложности задания", None, None, *levels] if levels else [])
    rows.append(["Группы участников", "Кол-во ОО", "Кол-во участников", *(k for k, _ in tasks)])
    rows.append(["Макс балл", None, None, *(t for _, t in tasks)])
    for name, schools, participants, rates in groups:
        cells = [f"{r:.2f}".replace(".", ",") if comma else r for r in rates]
        rows.append([name, schools, participants, *cells])
    return write_rows(path, rows, sheet=f"МА {grade} Выполнение заданий")


def region_groups(rates_region: list[float], rates_district: list[float],
                  schools: list[tuple[str, str, int, list[float]]]) -> list[tuple]:
    """The whole sample, the region, the district and its schools, as `write_task_rates` takes them."""
    return [("Вся выборка", 38000, 1400000, [r - 1 for r in rates_region]),
            (REGION, 900, 23456, rates_region),
            (f"{MUNICIPALITY[0]}({MUNICIPALITY[1]})", len(schools), sum(s[2] for s in schools), rates_district),
            *[(f"{name}({code})", None, n, rates) for name, code, n, rates in schools]]


def write_planned_results(path, tasks: list[tuple[str, str, int]], groups: list[tuple[str, int, list[float]]], *,
                          year: int = 2026, subject: str = "Математика", grade: int = 5) -> Path:
    """«Достижение планируемых результатов»: tasks are (key, planned result, max); groups (name with its
    code, participants, % per task), a column each."""
    rows = _preamble("Достижение планируемых результатов", year, subject, grade, sum(t for *_, t in tasks))
    rows.append([])
    rows.append(["Блоки ПООП обучающийся научится / получит возможность научиться или проверяемые требования "
                 "(умения) в соответствии с ФГОС (ФК ГОС)", "Макс балл", *(name for name, _, _ in groups)])
    rows.append([None, None, *(f"{n} уч." for _, n, _ in groups)])
    for k, (key, planned, top) in enumerate(tasks):
        rows.append([f"{key}. {planned}", top, *(rates[k] for _, _, rates in groups)])
    return write_rows(path, rows, sheet=f"МА {grade} Достижение планируемых")


def write_score_shares(path, region: list[float], *, year: int = 2026, subject: str = "Математика",
                       grade: int = 5) -> Path:
    """«Распределение первичных баллов»: the whole sample and the region, % of participants per score 0…N."""
    scores = list(range(len(region)))
    rows = _preamble("Распределение первичных баллов", year, subject, grade, scores[-1])
    rows.append([])
    rows.append(["Группы участников", "Кол-во ОО", "Кол-во участников", *scores])
    rows.append(["Вся выборка", 38000, 1400000, *region])
    rows.append([REGION, 900, 23456, *region])
    return write_rows(path, rows, sheet=f"МА {grade} Распределение первичных")
