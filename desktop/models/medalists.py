"""Medalists of a school and year («За особые успехи в учении» I or II степени) with their ЕГЭ test
scores by subject, as an imported list or the user gave them.

    MedalistsRepository(db).replace([(school_id, year), …], medalists)   # the lists of those schools anew
    MedalistsRepository(db).list(year=2026)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.models.db import Database

MEDALS = {"I": "I степени", "II": "II степени"}


@dataclass(frozen=True)
class Medalist:
    school_id: int
    year: int
    medal: str  # "I" or "II"
    full_name: str | None = None
    scores: dict[str, float] = field(default_factory=dict)  # ЕГЭ subject → test score
    source_file: str = ""
    id: int | None = None
    school_code: str | None = None  # read back with the list: the school's code and short name
    school_name: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id, "school_id": self.school_id, "code": self.school_code, "name": self.school_name,
            "year": self.year, "medal": self.medal, "full_name": self.full_name,
            "scores": {subject: score for subject, score in sorted(self.scores.items())},
        }


class MedalistsRepository:
    def __init__(self, db: Database):
        self.db = db

    def replace(self, lists: Iterable[tuple[int, int]], medalists: Iterable[Medalist]) -> list[int]:
        """The medalists of each (school id, year) in `lists` are those given, the earlier ones removed;
        the caller holds the transaction. Returns the new ids."""
        self.db.executemany("DELETE FROM medalists WHERE school_id = ? AND year = ?", list(lists))
        ids = []
        for medalist in medalists:
            cursor = self.db.execute(
                "INSERT INTO medalists (school_id, year, medal, full_name, source_file) VALUES (?, ?, ?, ?, ?)",
                [medalist.school_id, medalist.year, medalist.medal, medalist.full_name, medalist.source_file],
            )
            ids.append(cursor.lastrowid)
            self.db.executemany(
                "INSERT INTO medalist_scores (medalist_id, subject, test_score) VALUES (?, ?, ?)",
                [(cursor.lastrowid, subject, score) for subject, score in medalist.scores.items()],
            )
        return ids

    def list(self, *, year: int | None = None) -> list[Medalist]:
        """Ordered by year, school name and the medalist's name (nameless ones last, in entry order)."""
        where, values = ("WHERE m.year = ?", [year]) if year is not None else ("", [])
        scores: dict[int, dict[str, float]] = {}
        for medalist_id, subject, score in self.db.execute(
            "SELECT c.medalist_id, c.subject, c.test_score FROM medalist_scores c JOIN medalists m "
            f"ON m.id = c.medalist_id {where}", values
        ):
            scores.setdefault(medalist_id, {})[subject] = score
        return [
            Medalist(school_id, y, medal, full_name, scores.get(mid, {}), source, mid, code, name)
            for mid, school_id, y, medal, full_name, source, code, name in self.db.execute(
                "SELECT m.id, m.school_id, m.year, m.medal, m.full_name, m.source_file, s.code, s.short_name "
                f"FROM medalists m JOIN schools s ON s.id = m.school_id {where} "
                "ORDER BY m.year, s.short_name COLLATE NOCASE, m.full_name IS NULL, m.full_name, m.id",
                values,
            )
        ]

    def years(self) -> list[int]:
        return [y for (y,) in self.db.execute("SELECT DISTINCT year FROM medalists ORDER BY year")]
