"""The flags over the years: a school × year table of every flag with its rule and its explanation.

    history = flags_history(db, 2022, 2026)
    history.to_json()   # {"years": [...], "schools": [{"school_id", "code", "name", "flags": {"2026": [...]}}]}

A flag the school also carried the year before (the same kind: low results or objectivity risk) is
marked «второй год подряд» (`second_year`; «третий…» is still second_year, with `running` years); a
school that carried a kind of flag the year before and not in a year with results is marked as having
left that list (`left`). The year before the first is looked at for both marks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.services.indicators import IndicatorRow, school_rows
from desktop.services.rules import MARKED_KINDS, RuleSettings, flags_for_year, load_rule_settings, rule_years

MAX_YEARS = 30


@dataclass(frozen=True)
class HistoryFlag:
    flag: str
    rule: str
    explanation: str
    running: int = 1  # years in a row the school carries this kind of flag, this one included

    @property
    def second_year(self) -> bool:
        return self.running >= 2

    def to_json(self) -> dict:
        return {"flag": self.flag, "rule": self.rule, "explanation": self.explanation,
                "second_year": self.second_year, "running": self.running}


@dataclass
class SchoolHistory:
    school_id: int
    code: str | None
    name: str
    flags: dict[int, list[HistoryFlag]] = field(default_factory=dict)
    left: dict[int, list[str]] = field(default_factory=dict)  # year → kinds of flag it no longer carries

    def to_json(self) -> dict:
        return {"school_id": self.school_id, "code": self.code, "name": self.name,
                "flags": {str(y): [f.to_json() for f in items] for y, items in sorted(self.flags.items())},
                "left": {str(y): kinds for y, kinds in sorted(self.left.items())}}


@dataclass
class FlagsHistory:
    years: list[int]
    schools: list[SchoolHistory]
    settings: RuleSettings

    def to_json(self) -> dict:
        return {"years": self.years, "schools": [s.to_json() for s in self.schools],
                "settings": self.settings.to_json()}


def check_span(first: int, last: int) -> None:
    if not 2000 <= first <= last <= 2100:
        raise UserError(f"Годы {first}–{last}: ожидаются годы 2000–2100, первый не позже последнего.")
    if last - first + 1 > MAX_YEARS:
        raise UserError(f"Годы {first}–{last}: не больше {MAX_YEARS} лет за раз.")


def flags_history(db: Database, first: int, last: int, settings: RuleSettings | None = None) -> FlagsHistory:
    check_span(first, last)
    settings = settings or load_rule_settings(db)
    with_results = {y for (y,) in db.execute(
        "SELECT DISTINCT a.year FROM assessments a WHERE EXISTS (SELECT 1 FROM school_results r "
        "WHERE r.assessment_id = a.id) AND a.year BETWEEN ? AND ?", [first - 1, last])}
    # every year's school rows read once: the rules of a year read it and the years before it
    earliest = rule_years(first - 1, settings).start
    by_year: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in school_rows(db, kinds=MARKED_KINDS, years=range(earliest, last + 1)):
        by_year[row.year].append(row)
    schools: dict[int, SchoolHistory] = {}
    running: dict[tuple[int, str], int] = {}  # (school, kind of flag) → years in a row up to the year before
    for year in range(first - 1, last + 1):
        rows = sorted((r for y in rule_years(year, settings) for r in by_year.get(y, [])), key=_order)
        flags = flags_for_year(db, year, settings, rows=rows).flags if year in with_results else []
        now: dict[tuple[int, str], int] = {}
        for flag in flags:
            key = (flag.school_id, flag.flag)
            now[key] = running.get(key, 0) + 1
            if year < first:
                continue
            school = schools.setdefault(flag.school_id, SchoolHistory(flag.school_id, flag.code, flag.name))
            school.flags.setdefault(year, []).append(HistoryFlag(flag.flag, flag.rule, flag.explanation, now[key]))
        if year >= first and year in with_results:
            for school_id, kind in sorted(set(running) - set(now)):
                school = schools.get(school_id) or _school(db, school_id)
                schools[school_id] = school
                school.left.setdefault(year, []).append(kind)
        running = now if year in with_results else running
    ordered = sorted(schools.values(), key=lambda s: (s.name.casefold(), s.school_id))
    return FlagsHistory(list(range(first, last + 1)), ordered, settings)


def _order(row: IndicatorRow) -> tuple:
    """`school_rows`' order across years: kind, year (the rest stays as read within a year)."""
    return row.kind, row.year


def _school(db: Database, school_id: int) -> SchoolHistory:
    code, name = db.execute("SELECT code, short_name FROM schools WHERE id = ?", [school_id]).fetchone()
    return SchoolHistory(school_id, code, name)
