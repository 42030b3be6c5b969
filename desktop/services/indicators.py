"""Indicators of assessment results, by the formulas of the domain (N = n2 + n3 + n4 + n5):

успеваемость (n3+n4+n5)/N, качество (n4+n5)/N, средняя отметка (2·n2+3·n3+4·n4+5·n5)/N,
СОУ (1,00·n5 + 0,64·n4 + 0,36·n3 + 0,16·n2)/N, доля «2» n2/N; shares lowered/confirmed/raised of
those compared with the journal; ЕГЭ mean test score, share below the minimum, 81–100 and 100; of the
сочинение and the собеседование (no marks) the share of «незачёт» among their participants.

A district figure adds up the counts of its schools (a participant-weighted mean), never averages
their percentages. The region and the whole sample («Вся выборка») are shown beside it as reference
rows, as ФИС ОКО reported them; each row carries its change from the year before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from desktop.figures import JOURNAL, MARKS, MEANS, PASS_FAIL, SCORE_COUNTS, Figures
from desktop.models.db import Database
from desktop.models.results import ResultsRepository

SOU_WEIGHTS = (0.16, 0.36, 0.64, 1.00)  # «2», «3», «4», «5»
CHANGED = ("pass_rate", "quality_rate", "mean_mark", "sou", "share_2", "mean_test", "share_failed", "mean_primary")
DISTRICT = "Муниципалитет (все школы)"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(slots=True, kw_only=True)
class IndicatorRow(Figures):
    """One group's figures for one assessment (`Figures`, by position: rows are made from the stored
    columns), who the group is (by keyword), and the indicators computed from them.

    `level`: «school», «municipality» (the district, added up from its schools), or the reference
    levels «region», «all» and «reported_municipality» (the district as ФИС ОКО reported it).
    """

    level: str
    kind: str
    year: int
    subject: str
    grade: int
    school_id: int | None = None
    code: str | None = None
    name: str = ""
    schools: int | None = None  # schools added up in a district row
    previous: IndicatorRow | None = field(default=None, repr=False, compare=False)  # the same group a year before

    # the indicators, computed once when the row is made (tables ask for them many times)
    marked: int | None = field(init=False, repr=False, compare=False)  # N, None when the marks are unknown
    pass_rate: float | None = field(init=False, repr=False, compare=False)
    quality_rate: float | None = field(init=False, repr=False, compare=False)
    mean_mark: float | None = field(init=False, repr=False, compare=False)
    sou: float | None = field(init=False, repr=False, compare=False)
    share_2: float | None = field(init=False, repr=False, compare=False)
    compared: int | None = field(init=False, repr=False, compare=False)  # compared with the journal

    def __post_init__(self):
        n2, n3, n4, n5 = self.n2, self.n3, self.n4, self.n5
        n = None if n2 is None or n3 is None or n4 is None or n5 is None else n2 + n3 + n4 + n5
        self.marked = n
        if n:
            self.pass_rate = (n3 + n4 + n5) / n
            self.quality_rate = (n4 + n5) / n
            self.mean_mark = (2 * n2 + 3 * n3 + 4 * n4 + 5 * n5) / n
            self.sou = (SOU_WEIGHTS[0] * n2 + SOU_WEIGHTS[1] * n3 + SOU_WEIGHTS[2] * n4 + SOU_WEIGHTS[3] * n5) / n
            self.share_2 = n2 / n
        else:
            self.pass_rate = self.quality_rate = self.mean_mark = self.sou = self.share_2 = None
        journal = (self.lowered, self.confirmed, self.raised)
        self.compared = None if None in journal else sum(journal)

    @property
    def change(self) -> dict | None:
        """The year before and the differences of the indicators from it; None without a year before."""
        old = self.previous
        if old is None:
            return None
        change: dict = {"year": old.year}
        for name in CHANGED:
            now, then = getattr(self, name), getattr(old, name)
            change[name] = None if now is None or then is None else _round(now - then)
        return change

    def journal_share(self, what: str) -> float | None:
        total = self.compared
        return getattr(self, what) / total if total else None

    @property
    def share_failed(self) -> float | None:
        """The share of «незачёт» of the сочинение or the собеседование among those judged."""
        if self.passed is None or self.failed is None or not self.passed + self.failed:
            return None
        return self.failed / (self.passed + self.failed)

    @property
    def share_below(self) -> float | None:
        if self.below_threshold is None or not self.participants:
            return None
        return self.below_threshold / self.participants

    def to_json(self) -> dict:
        return {
            "level": self.level, "kind": self.kind, "year": self.year,
            "school_id": self.school_id, "code": self.code, "name": self.name,
            "subject": self.subject, "grade": self.grade, "participants": self.participants,
            "n2": self.n2, "n3": self.n3, "n4": self.n4, "n5": self.n5,
            "pass_rate": _round(self.pass_rate), "quality_rate": _round(self.quality_rate),
            "mean_mark": _round(self.mean_mark), "sou": _round(self.sou), "share_2": _round(self.share_2),
            "lowered": self.lowered, "confirmed": self.confirmed, "raised": self.raised,
            "share_lowered": _round(self.journal_share("lowered")),
            "share_confirmed": _round(self.journal_share("confirmed")),
            "share_raised": _round(self.journal_share("raised")),
            "mean_primary": _round(self.mean_primary), "mean_test": _round(self.mean_test),
            "below_threshold": self.below_threshold, "share_below": _round(self.share_below),
            "score_81_100": self.score_81_100, "score_100": self.score_100,
            "passed": self.passed, "failed": self.failed, "share_failed": _round(self.share_failed),
            "schools": self.schools, "change": self.change,
        }


_SUMMED = ("participants", *JOURNAL, *SCORE_COUNTS, *PASS_FAIL)
_WEIGHTED = MEANS


def combine(rows: Iterable[IndicatorRow], **identity) -> IndicatorRow:
    """The rows added up as one group: counts summed (marks over the rows that have all four), means
    weighted by participants."""
    rows = list(rows)
    total: dict = {}
    for name in _SUMMED:
        values = [v for v in map(attrgetter(name), rows) if v is not None]
        total[name] = sum(values) if values else None
    marked = [r for r in rows if r.marked is not None]
    for name in MARKS:
        total[name] = sum(map(attrgetter(name), marked)) if marked else None
    for name in _WEIGHTED:
        pairs = [(v, r.participants) for v, r in zip(map(attrgetter(name), rows), rows) if v is not None and r.participants]
        weight = sum(w for _, w in pairs)
        total[name] = sum(v * w for v, w in pairs) / weight if weight else None
    return IndicatorRow(**identity, **total, schools=len(rows))


@dataclass
class IndicatorTable:
    kind: str
    year: int
    schools: list[IndicatorRow]
    municipality: list[IndicatorRow]
    reference: list[IndicatorRow]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "year": self.year,
            "schools": [r.to_json() for r in self.schools],
            "municipality": [r.to_json() for r in self.municipality],
            "reference": [r.to_json() for r in self.reference],
        }


def school_rows(db: Database, *, kinds: Iterable[str] | None = None, years: Iterable[int] | None = None,
                subject: str | None = None, grade: int | None = None, school_id: int | None = None) -> list[IndicatorRow]:
    """Per school × assessment, ordered by kind, year, subject, grade, school name."""
    rows = ResultsRepository(db).school_figures(kinds=kinds, years=years, subject=subject, grade=grade,
                                                school_id=school_id)
    return [IndicatorRow(*r[7:], level="school", kind=r[0], year=r[1], subject=r[2], grade=r[3], school_id=r[4],
                         code=r[5], name=r[6]) for r in rows]


def reference_rows(db: Database, *, kinds: Iterable[str] | None = None, years: Iterable[int] | None = None,
                   subject: str | None = None, grade: int | None = None,
                   levels: Iterable[str] = ("all", "region", "municipality")) -> list[IndicatorRow]:
    """Reference groups as reported; of the municipalities only the district's own."""
    result = []
    for kind, year, subj, grd, level, code, name, own, *counts in ResultsRepository(db).reference_figures(
            kinds=kinds, years=years, subject=subject, grade=grade, levels=levels):
        if level == "municipality" and not own:
            continue
        label = "reported_municipality" if level == "municipality" else level
        result.append(IndicatorRow(*counts,
                                   level=label, kind=kind, year=year, subject=subj, grade=grd, code=code or None,
                                   name=name))
    return result


def district_rows(rows: Iterable[IndicatorRow], name: str = DISTRICT) -> list[IndicatorRow]:
    """The district's figure per kind, year, subject and grade, added up from its schools."""
    groups: dict[tuple, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        groups[(row.kind, row.year, row.subject, row.grade)].append(row)
    return [combine(members, level="municipality", kind=k, year=y, subject=s, grade=g, name=name)
            for (k, y, s, g), members in groups.items()]


def _with_changes(current: list[IndicatorRow], previous: list[IndicatorRow]) -> list[IndicatorRow]:
    """The rows, each linked to the same group's row of the year before (see `IndicatorRow.change`)."""
    before = {(r.level, r.school_id, r.code, r.kind, r.subject, r.grade): r for r in previous}
    for row in current:
        row.previous = before.get((row.level, row.school_id, row.code, row.kind, row.subject, row.grade))
    return current


def indicators(db: Database, kind: str, year: int, subject: str | None = None,
               grade: int | None = None) -> IndicatorTable:
    """Schools, the district and the reference groups for one kind and year, with changes from the year before."""
    both = school_rows(db, kinds=[kind], years=[year - 1, year], subject=subject, grade=grade)
    now = [r for r in both if r.year == year]
    then = [r for r in both if r.year == year - 1]
    name = _district_name(db)
    reference = reference_rows(db, kinds=[kind], years=[year - 1, year], subject=subject, grade=grade)
    return IndicatorTable(
        kind,
        year,
        _with_changes(now, then),
        _with_changes(district_rows(now, name), district_rows(then, name)),
        _with_changes([r for r in reference if r.year == year], [r for r in reference if r.year == year - 1]),
    )


def school_history(db: Database, school_id: int) -> list[IndicatorRow]:
    """Every result of one school, all kinds and years, each with its change from the year before."""
    rows = school_rows(db, school_id=school_id)
    by_year: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    return [row for year in sorted(by_year) for row in _with_changes(by_year[year], by_year.get(year - 1, []))]


def _district_name(db: Database) -> str:
    row = db.execute("SELECT short_name FROM office WHERE id = 1").fetchone()
    return f"{row[0]} (все школы)" if row and row[0] else DISTRICT

