"""Scales that turn primary scores into marks, per kind, year, subject and grade, entered by the user.

Where a file has primary scores and no mark (the regional per-student exports of ВПР), the mark comes
from the scale of its assessment: the lowest primary score of «3», «4» and «5» and the maximum.

    scale = ScalesRepository(db).get("ВПР", 2025, "Математика", 5)   # None: ask the user for one
    marks, above = marks_from_scale(scores, scale)   # above the maximum: scale.why_no_mark(scores[i])

No scale is seeded: the published scales change from year to year, and one is stored as fact only
when the user (or a sheet of scales naming its source) gives it. Subjects are stored as
`normalize_subject` writes them and looked up case and «ё» folded, so «математика» and «Математика»
are one scale.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, fields, replace

from desktop.errors import UserError
from desktop.figures import KINDS, MARK_KINDS
from desktop.folding import fold
from desktop.models.db import Database, transaction
from desktop.models.results import normalize_subject

MAX_PRIMARY_SCORE = 1000  # no procedure comes near it; keeps a typo (1e9) out of the table
# field → how a message, a column and a header name it
SCALE_LABELS = {
    "kind": "Процедура",
    "year": "Год",
    "subject": "Предмет",
    "grade": "Класс",
    "min3": "Мин. балл на «3»",
    "min4": "Мин. балл на «4»",
    "min5": "Мин. балл на «5»",
    "max": "Максимальный балл",
    "source": "Источник",
}
KEY_FIELDS = ("kind", "year", "subject", "grade")
BOUND_FIELDS = ("min3", "min4", "min5", "max")
_COLUMNS = ", ".join(SCALE_LABELS)


def score_text(value: float) -> str:
    """A primary score as people write it: «7», «7,5», «−1»."""
    text = f"{value:g}".replace(".", ",")
    return text.replace("-", "\u2212")


def plain_number(value: float) -> int | float:
    """7.0 → 7 (JSON and tables), 7.5 stays."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass(frozen=True)
class Scale:
    kind: str
    year: int
    subject: str
    grade: int
    min3: float  # the lowest primary score of «3»
    min4: float
    min5: float
    max: float  # the maximum primary score of the work
    source: str = ""  # where the scale comes from: a letter of the ФИС ОКО, a regional order

    @property
    def title(self) -> str:
        """«ВПР 2025, Математика, 5 кл.» (as `Assessment.title`)."""
        return f"{self.kind} {self.year}, {self.subject}, {self.grade} кл."

    @property
    def key(self) -> tuple[str, int, str, int]:
        """(kind, year, folded subject, grade): one scale per key."""
        return self.kind, self.year, fold(self.subject), self.grade

    def describe(self) -> str:
        """«„3“ от 7, „4“ от 12, „5“ от 17, максимум 20»."""
        return (f"«3» от {score_text(self.min3)}, «4» от {score_text(self.min4)}, «5» от {score_text(self.min5)}, "
                f"максимум {score_text(self.max)}")

    def mark(self, primary_score: float | None) -> int | None:
        """2–5 for a score from 0 to the maximum; None for no score and for one the scale cannot mark
        (above the maximum, negative: `why_no_mark` says which)."""
        if primary_score is None or not 0 <= primary_score <= self.max:
            return None
        return 2 + bisect_right((self.min3, self.min4, self.min5), primary_score)

    def why_no_mark(self, primary_score: float | None) -> str | None:
        """Why a score gets no mark, in Russian (None when it gets one, or when there is no score)."""
        if primary_score is None or 0 <= primary_score <= self.max:
            return None
        if primary_score != primary_score:
            return "первичный балл не число"
        if primary_score < 0:
            return f"первичный балл {score_text(primary_score)} отрицательный"
        return (f"первичный балл {score_text(primary_score)} больше максимального {score_text(self.max)} "
                f"по шкале {self.title}")

    def to_json(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in BOUND_FIELDS:
            data[name] = plain_number(data[name])
        return data


def marks_from_scale(scores: list[float | None], scale: Scale) -> tuple[list[int | None], list[int]]:
    """The marks of `scores` by `scale`, and the indexes of the scores above its maximum (the importer
    reports them; `scale.why_no_mark(scores[i])` words it). No score → no mark, and not listed; a
    negative score (which readers refuse before) gets no mark and is not listed either.

    One comprehension with `bisect` over three bounds: 300,000 scores take some 0.1 s; the indexes
    are looked for only when a mark is missing that a score was given for (counted in C).
    """
    bounds = (scale.min3, scale.min4, scale.min5)
    top = scale.max
    marks = [None if s is None or not 0 <= s <= top else 2 + bisect_right(bounds, s) for s in scores]
    if marks.count(None) == scores.count(None):
        return marks, []
    return marks, [i for i, s in enumerate(scores) if s is not None and s > top]


# --- checking ---------------------------------------------------------------------------------------


def normalized(scale: Scale) -> Scale:
    """The stored spelling: the kind as `KINDS` writes it (when it is one), the subject by
    `normalize_subject`, the source trimmed to one line."""
    kind = scale.kind if scale.kind is None else next(
        (k for k in KINDS if fold(k) == fold(str(scale.kind).strip())), str(scale.kind).strip())
    subject = scale.subject if scale.subject is None else normalize_subject(scale.subject)
    return replace(scale, kind=kind, subject=subject, source=" ".join(str(scale.source or "").split()))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validation_errors(scale: Scale, *, partial: bool = False) -> dict[str, str]:
    """Field → Russian message; empty when the scale can be saved. `partial`: a field that is None is
    not known yet (a reader has said why) and is left out, with the comparisons it takes part in."""
    errors: dict[str, str] = {}
    known = {f.name for f in fields(scale) if not (partial and getattr(scale, f.name) is None)}
    if "kind" in known and scale.kind not in MARK_KINDS:
        errors["kind"] = f"Неизвестная оценочная процедура «{scale.kind}». Допустимо: {', '.join(MARK_KINDS)}."
    if "year" in known and (not isinstance(scale.year, int) or not 2000 <= scale.year <= 2100):
        errors["year"] = f"Год {scale.year} вне допустимого 2000–2100."
    if "subject" in known and not str(scale.subject or "").strip():
        errors["subject"] = "Укажите предмет."
    if "grade" in known and (not isinstance(scale.grade, int) or not 1 <= scale.grade <= 12):
        errors["grade"] = f"Класс должен быть от 1 до 12, а не {scale.grade}."
    bounds = {name: getattr(scale, name) for name in BOUND_FIELDS}
    errors.update(dict.fromkeys((name for name in BOUND_FIELDS if name not in known), ""))  # skipped below
    for name, value in bounds.items():
        if name in errors:
            continue
        if not _is_number(value):
            errors[name] = f"«{SCALE_LABELS[name]}»: «{value}» — не число."
        elif value <= 0:
            errors[name] = f"«{SCALE_LABELS[name]}» должен быть больше нуля, а не {score_text(value)}."
        elif value > MAX_PRIMARY_SCORE:
            errors[name] = f"«{SCALE_LABELS[name]}» не может быть больше {MAX_PRIMARY_SCORE}, а не {score_text(value)}."
    for lower, upper, mark in (("min3", "min4", 4), ("min4", "min5", 5)):
        if lower not in errors and upper not in errors and bounds[upper] <= bounds[lower]:
            errors[upper] = (f"Мин. балл на «{mark}» ({score_text(bounds[upper])}) должен быть больше, чем на "
                             f"«{mark - 1}» ({score_text(bounds[lower])}).")
    if "min5" not in errors and "max" not in errors and bounds["max"] < bounds["min5"]:
        errors["max"] = (f"Максимальный балл ({score_text(bounds['max'])}) не может быть меньше мин. балла на «5» "
                         f"({score_text(bounds['min5'])}).")
    return {name: message for name, message in errors.items() if message}


def checked(scale: Scale) -> Scale:
    """The normalized scale, or UserError with what is wrong (all of it, in one line)."""
    scale = normalized(scale)
    errors = validation_errors(scale)
    if errors:
        raise UserError(f"Шкала {scale.title}: " + " ".join(errors.values()))
    return replace(scale, min3=float(scale.min3), min4=float(scale.min4), min5=float(scale.min5),
                   max=float(scale.max))


# --- the table --------------------------------------------------------------------------------------


def _scale(row) -> Scale:
    return Scale(*row)


class ScalesRepository:
    def __init__(self, db: Database):
        self.db = db

    def list(self, kind: str | None = None, year: int | None = None) -> list[Scale]:
        """Every stored scale (of one kind, one year when asked), by kind, year, subject and grade."""
        where, parameters = [], []
        if kind is not None:
            where.append("kind = ?")
            parameters.append(kind)
        if year is not None:
            where.append("year = ?")
            parameters.append(year)
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM scales {'WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY kind, year, subject, grade", parameters,
        ).fetchall()
        scales = [_scale(row) for row in rows]
        order = {k: i for i, k in enumerate(KINDS)}
        return sorted(scales, key=lambda s: (order.get(s.kind, len(order)), s.year, fold(s.subject), s.grade))

    def get(self, kind: str, year: int, subject: str, grade: int) -> Scale | None:
        """The scale of one assessment; the subject compared case and «ё» folded."""
        wanted = fold(normalize_subject(subject))
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM scales WHERE kind = ? AND year = ? AND grade = ?", [kind, year, grade]
        ).fetchall()
        return next((_scale(row) for row in rows if fold(row[2]) == wanted), None)

    def set(self, scale: Scale) -> Scale:
        """Save a checked scale, replacing the one of the same assessment; returns it as stored."""
        return self.set_many([scale])[0]

    def set_many(self, scales: list[Scale]) -> list[Scale]:
        """Save every scale or none: all are checked first, then written in one transaction."""
        saved = [checked(scale) for scale in scales]
        seen: dict[tuple, Scale] = {}
        for scale in saved:
            if scale.key in seen:
                raise UserError(f"Шкала {scale.title} указана дважды.")
            seen[scale.key] = scale
        with transaction(self.db):
            for scale in saved:
                self._delete(scale.kind, scale.year, scale.subject, scale.grade)
                self.db.execute(
                    f"INSERT INTO scales ({_COLUMNS}) VALUES ({', '.join('?' * len(SCALE_LABELS))})",
                    [getattr(scale, name) for name in SCALE_LABELS],
                )
        return saved

    def delete(self, kind: str, year: int, subject: str, grade: int) -> bool:
        """Remove the scale of one assessment; False when there was none."""
        with transaction(self.db):
            return self._delete(kind, year, subject, grade)

    def _delete(self, kind: str, year: int, subject: str, grade: int) -> bool:
        wanted = fold(normalize_subject(subject))
        rows = self.db.execute("SELECT subject FROM scales WHERE kind = ? AND year = ? AND grade = ?",
                               [kind, year, grade]).fetchall()
        subjects = [[kind, year, name, grade] for (name,) in rows if fold(name) == wanted]
        self.db.executemany("DELETE FROM scales WHERE kind = ? AND year = ? AND subject = ? AND grade = ?", subjects)
        return bool(subjects)
