"""Minimum ЕГЭ scores for the school certificate, per year and subject, editable.

Seeded by migration 4 (2026 from Rosobrnadzor; earlier years with the same numbers, unverified and
shown as «уточнить»). A year met for the first time gets a copy of the nearest seeded year, also
unverified. Admission minimums of universities are other numbers and are never kept here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from desktop.errors import UserError
from desktop.folding import fold
from desktop.models.db import Database, transaction
from desktop.models.results import ResultsRepository, normalize_subject

UNVERIFIED = "уточнить"
# words in a protocol's subject → the subject as the table names it
_SUBJECT_WORDS = [
    (("матем", "проф"), "Математика профильная"),
    (("матем", "баз"), "Математика базовая"),
    (("англ",), "Английский язык"),
    (("немец",), "Немецкий язык"),
    (("франц",), "Французский язык"),
    (("испан",), "Испанский язык"),
    (("китай",), "Китайский язык"),
]


def table_subject(subject: str) -> str:
    """«Математика (профильный уровень)» → «Математика профильная»; other subjects as written."""
    folded = fold(subject)
    for words, name in _SUBJECT_WORDS:
        if all(w in folded for w in words):
            return name
    return normalize_subject(subject)


@dataclass(frozen=True)
class MinScore:
    year: int
    subject: str
    min_test_score: float | None  # None when the minimum is a mark
    min_mark: int | None  # «Математика базовая»: the mark «3»
    verified: bool

    @property
    def note(self) -> str:
        return "" if self.verified else UNVERIFIED

    def describe(self) -> str:
        value = f"{self.min_test_score:g} б." if self.min_test_score is not None else f"отметка «{self.min_mark}»"
        return f"{value} ({UNVERIFIED})" if not self.verified else value

    def to_json(self) -> dict:
        return {**asdict(self), "note": self.note}


class MinScoresRepository:
    def __init__(self, db: Database):
        self.db = db

    def list(self, year: int) -> list[MinScore]:
        rows = self.db.execute(
            "SELECT year, subject, min_test_score, min_mark, verified FROM ege_min_scores WHERE year = ? "
            "ORDER BY subject", [year]
        ).fetchall()
        return [MinScore(*row[:4], bool(row[4])) for row in rows]

    def get(self, year: int, subject: str) -> MinScore | None:
        row = self.db.execute(
            "SELECT year, subject, min_test_score, min_mark, verified FROM ege_min_scores "
            "WHERE year = ? AND subject = ?", [year, table_subject(subject)]
        ).fetchone()
        return MinScore(*row[:4], bool(row[4])) if row else None

    def nearest_year(self, year: int) -> int | None:
        """`year` itself when the table has it, else the closest year it has (the later of two)."""
        row = self.db.execute(
            "SELECT year FROM ege_min_scores GROUP BY year ORDER BY abs(year - ?), year DESC LIMIT 1", [year]
        ).fetchone()
        return row[0] if row else None

    def ensure_year(self, year: int) -> None:
        """A year without minimums gets the nearest year's, unverified (inside the caller's transaction)."""
        nearest = self.nearest_year(year)
        if nearest is not None and nearest != year:
            self.db.execute(
                "INSERT INTO ege_min_scores (year, subject, min_test_score, min_mark, verified) "
                "SELECT ?, subject, min_test_score, min_mark, 0 FROM ege_min_scores WHERE year = ?",
                [year, nearest],
            )

    def save_year(self, year: int, changes: list[tuple[str, float | None, int | None]]) -> None:
        """(subject, test score, mark) changes of one year, all or none: a year met for the first time
        gets the nearest year's whole list first, so the subjects not changed are kept too."""
        with transaction(self.db):
            if not self.list(year):
                self.ensure_year(year)
            for subject, score, mark in changes:
                self.set(year, subject, min_test_score=score, min_mark=mark)

    def set(self, year: int, subject: str, *, min_test_score: float | None = None, min_mark: int | None = None) -> MinScore:
        """Save a checked minimum and recount «below the threshold» of that year's stored ЕГЭ results."""
        if (min_test_score is None) == (min_mark is None):
            raise UserError("Укажите минимальный балл (0–100) или минимальную отметку (2–5), но не то и другое.")
        if min_test_score is not None and not 0 <= min_test_score <= 100:
            raise UserError(f"Минимальный балл ЕГЭ должен быть от 0 до 100, а не {min_test_score:g}.")
        if min_mark is not None and min_mark not in (2, 3, 4, 5):
            raise UserError(f"Минимальная отметка должна быть от 2 до 5, а не {min_mark}.")
        name = table_subject(subject)
        results = ResultsRepository(self.db)
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO ege_min_scores (year, subject, min_test_score, min_mark, verified) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT (year, subject) DO UPDATE SET min_test_score = excluded.min_test_score, "
                "min_mark = excluded.min_mark, verified = 1",
                [year, name, min_test_score, min_mark],
            )
            for assessment in results.assessments(kind="ЕГЭ", year=year):
                if table_subject(assessment.subject).casefold() == name.casefold():
                    results.recount_below_threshold(assessment.id, min_test_score, min_mark)
        return MinScore(year, name, min_test_score, min_mark, True)
