"""The flags each school carries in the latest year with results, for the registry."""

from __future__ import annotations

from collections import defaultdict

from desktop.models.db import Database
from desktop.models.results import ResultsRepository


def latest_school_flags(db: Database) -> tuple[int | None, dict[int, list]]:
    """(the year, school id → its flags); (None, {}) before any results are loaded."""
    from desktop.services.rules import flags_for_year

    years = {a.year for a in ResultsRepository(db).assessments()}
    if not years:
        return None, {}
    year = max(years)
    by_school: dict[int, list] = defaultdict(list)
    for flag in flags_for_year(db, year).flags:
        by_school[flag.school_id].append(flag)
    return year, dict(by_school)
