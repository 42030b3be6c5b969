"""Task analysis of one assessment: each task's completion rate — the share of the task's maximum the
participants scored — by school, by the district and by the region, with its level (Б/П/В) and the
planned result it checks.

    analysis = task_analysis(db, "ВПР", 2026, "Математика", 5)
    analysis.to_json()   # {"tasks": [{"task", "max", "level", "planned_result", "district", "region", "schools": […]}]}

A school's rate is counted from its pupils' task scores (`student_results.tasks`; a task not done counts
0) when they are stored, else taken from a ФИС ОКО report («Выполнение заданий», «Достижение
планируемых результатов»). The district's rate is the participant-weighted mean of its schools (its
own row of a report when no school has one), the region's as the reports give it. Also here: the
distribution of primary scores with the boundaries of the marks, which the rule `score_peaks` and the
Results tab's chart read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.models.results import Assessment, ResultsRepository, parse_kind
from desktop.models.scales import ScalesRepository
from desktop.models.tasks import TasksRepository
from desktop.services.indicators import DISTRICT

BASIC, HARD = ("Б",), ("П", "В")
LEVEL_NAMES = {"Б": "базовый", "П": "повышенный", "В": "высокий"}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4) + 0.0


@dataclass
class SchoolRate:
    school_id: int
    code: str | None
    name: str
    rate: float | None
    participants: int | None

    def to_json(self) -> dict:
        return {"school_id": self.school_id, "code": self.code, "rate": _round(self.rate),
                "participants": self.participants}


@dataclass
class TaskLine:
    task: str
    max: float | None
    level: str | None
    planned_result: str | None
    district: float | None = None
    region: float | None = None
    schools: list[SchoolRate] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"task": self.task, "max": self.max, "level": self.level, "planned_result": self.planned_result,
                "district": _round(self.district), "region": _round(self.region),
                "schools": [s.to_json() for s in self.schools]}


@dataclass
class TaskAnalysis:
    assessment: Assessment
    tasks: list[TaskLine]
    district_name: str = DISTRICT

    def to_json(self) -> dict:
        return {"tasks": [t.to_json() for t in self.tasks]}

    def schools(self) -> list[tuple[int, str | None, str]]:
        """(school id, code, name) of every school with a rate, by name."""
        found = {s.school_id: (s.school_id, s.code, s.name) for t in self.tasks for s in t.schools}
        return sorted(found.values(), key=lambda s: (s[2].casefold(), s[0]))


def find_assessment(db: Database, kind: str, year: int, subject: str, grade: int) -> Assessment:
    kind = parse_kind(kind)
    found = ResultsRepository(db).find_assessment(kind, year, subject, grade)
    if found is None:
        raise UserError(f"Нет результатов {kind} {year}, {subject}, {grade} кл.")
    return found


def rate_of(points: float, pupils: int, top: float | None) -> float | None:
    return points / (top * pupils) if top and pupils else None


def task_analysis(db: Database, kind: str, year: int, subject: str, grade: int) -> TaskAnalysis:
    assessment = find_assessment(db, kind, year, subject, grade)
    tasks = TasksRepository(db)
    described = tasks.tasks(assessment.id)
    sums = {sid: found for (_, sid), found in tasks.school_sums([assessment.id]).items()}
    reported = tasks.rates(assessment.id)
    schools = {sid: (code, name) for sid, code, name in db.execute("SELECT id, code, short_name FROM schools")}
    region: dict[str, float] = {}
    own_row: dict[str, float] = {}
    from_reports: dict[str, dict[int, tuple[float | None, int | None]]] = {}
    for level, _code, _name, own, school_id, task, rate, participants in reported:
        if level == "region" and rate is not None:
            region.setdefault(task, rate)
        elif level == "municipality" and own and rate is not None:
            own_row.setdefault(task, rate)
        elif level == "school" and school_id is not None and school_id not in sums:
            from_reports.setdefault(task, {})[school_id] = (rate, participants)
    if not described:
        described = [(task, None, None, None) for task in dict.fromkeys(t for *_, t, _, _ in reported)]
    lines = []
    for task, top, level, planned in described:
        line = TaskLine(task, top, level, planned, region=region.get(task))
        for sid, found in sums.items():
            points, pupils = found.get(task, (0.0, 0))
            if pupils:
                line.schools.append(SchoolRate(sid, *schools.get(sid, (None, str(sid))), rate_of(points, pupils, top),
                                               pupils))
        for sid, (rate, participants) in from_reports.get(task, {}).items():
            line.schools.append(SchoolRate(sid, *schools.get(sid, (None, str(sid))), rate, participants))
        line.schools.sort(key=lambda s: (s.name.casefold(), s.school_id))
        weighted = [(s.rate, s.participants) for s in line.schools if s.rate is not None and s.participants]
        weight = sum(n for _, n in weighted)
        line.district = sum(r * n for r, n in weighted) / weight if weight else own_row.get(task)
        lines.append(line)
    return TaskAnalysis(assessment, lines)


def level_rates(described: list[tuple], found: dict[str, list[float]]) -> dict[tuple[str, ...], tuple[float, float]]:
    """(levels) → (points scored, points possible) of a school's pupils over the tasks of those levels
    (BASIC and HARD), from its task sums; tasks without a maximum or a level are left out."""
    totals = {BASIC: [0.0, 0.0], HARD: [0.0, 0.0]}
    for task, top, level, _ in described:
        group = BASIC if level in BASIC else HARD if level in HARD else None
        points, pupils = found.get(task, (0.0, 0))
        if group is None or not top or not pupils:
            continue
        totals[group][0] += points
        totals[group][1] += top * pupils
    return {group: (points, possible) for group, (points, possible) in totals.items()}


def weakest_and_strongest(analysis: TaskAnalysis, school_id: int, count: int = 3) -> tuple[list, list]:
    """The school's `count` tasks of lowest and of highest completion: [(TaskLine, SchoolRate)]."""
    rated = [(line, s) for line in analysis.tasks for s in line.schools if s.school_id == school_id and s.rate is not None]
    rated.sort(key=lambda pair: (pair[1].rate, pair[0].task))
    weakest = rated[:count]
    strongest = [pair for pair in reversed(rated) if pair not in weakest][:count]
    return weakest, strongest


# --- primary scores and the boundaries of the marks ----------------------------------------------


@dataclass
class ScoreDistribution:
    """Pupils per primary score in each school of one assessment, and the lowest score of «3», «4», «5»."""

    assessment: Assessment
    counts: dict[int, Counter]  # school id → primary score → pupils
    boundaries: dict[int, float]  # mark → its lowest primary score
    source: str  # «шкала» (the stored scale) or «отметки» (read from the pupils' marks), '' without one
    region: dict[float, float] = field(default_factory=dict)  # score → the region's share («Распределение …»)

    def district(self) -> Counter:
        total: Counter = Counter()
        for counts in self.counts.values():
            total.update(counts)
        return total

    def peak_scores(self) -> list[float]:
        """The scores at a mark's lowest score or one above it."""
        return sorted({score for low in self.boundaries.values() for score in (low, low + 1)})

    def region_at_peaks(self) -> float | None:
        """The region's share of participants at the peak scores; None when no report gave its distribution."""
        return sum(self.region.get(s, 0.0) for s in self.peak_scores()) if self.region else None


def boundaries_from_marks(bounds: dict[int, tuple[float, float]]) -> dict[int, float]:
    """The lowest score of each mark 3–5 as the pupils' marks fix it: where the highest score of the
    mark below is exactly one less (whole scores), so that the boundary lies nowhere else; a mark
    whose boundary the pupils leave open (no one got the mark below, or a gap) is left out."""
    found = {}
    for mark in (3, 4, 5):
        if mark in bounds and mark - 1 in bounds and bounds[mark][0] - bounds[mark - 1][1] == 1:
            found[mark] = bounds[mark][0]
    return found


def boundaries_of(db: Database, assessments: list[Assessment]) -> dict[int, tuple[dict[int, float], str]]:
    """assessment id → (mark → lowest primary score, source): the stored scale, else the pupils' marks."""
    scales = ScalesRepository(db)
    found: dict[int, tuple[dict[int, float], str]] = {}
    missing = []
    for a in assessments:
        scale = scales.get(a.kind, a.year, a.subject, a.grade)
        if scale is not None:
            found[a.id] = ({3: scale.min3, 4: scale.min4, 5: scale.min5}, "шкала")
        else:
            missing.append(a.id)
    for aid, bounds in TasksRepository(db).mark_bounds(missing).items():
        marks = boundaries_from_marks(bounds)
        if marks:
            found[aid] = (marks, "отметки")
    return found


def score_distributions(db: Database, assessments: list[Assessment]) -> list[ScoreDistribution]:
    """The distributions of the assessments that have pupils' primary scores."""
    repository = TasksRepository(db)
    by_assessment: dict[int, dict[int, Counter]] = {}
    for (aid, sid), found in repository.score_counts([a.id for a in assessments]).items():
        by_assessment.setdefault(aid, {})[sid] = Counter(found)
    with_pupils = [a for a in assessments if a.id in by_assessment]
    bounds = boundaries_of(db, with_pupils)
    region = repository.region_score_shares([a.id for a in with_pupils])
    return [ScoreDistribution(a, by_assessment[a.id], *bounds.get(a.id, ({}, "")), region.get(a.id, {}))
            for a in with_pupils]


def score_distribution(db: Database, kind: str, year: int, subject: str, grade: int) -> ScoreDistribution | None:
    """The distribution of one assessment; None when no pupil's primary score is stored."""
    found = score_distributions(db, [find_assessment(db, kind, year, subject, grade)])
    return found[0] if found else None
