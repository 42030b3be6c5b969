"""Assessment results as stored: assessments, per-school figures, per-student rows, reference figures.

A school's figures for an assessment are one row of `school_results`. They come either from an
aggregated report (marks from «Статистика по отметкам», lowered/confirmed/raised from the journal
comparison, a filled office template) or are derived from the per-student rows of a protocol; in the
second case `from_students` is 1 and a report never overwrites them. Figures of groups that are not
schools of the district (the whole sample, the region, municipalities, schools of other districts)
are reference rows, kept for comparison only.

Writes take iterables of plain tuples and go through `executemany`, inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from itertools import chain

from desktop.errors import UserError
from desktop.figures import ESSAY, FIGURES, INTERVIEW, KINDS
from desktop.models.db import Database

ROWS_PER_INSERT = 50  # students written by one INSERT statement
MAX_PARAMETERS = 999  # SQLite's least limit of parameters of a statement (older builds)
# the columns of a student's row that `insert_students` takes, in their order
STUDENT_COLUMNS = ("assessment_id", "school_id", "participant_code", "class_label", "variant", "task_set_id", "tasks",
                   "primary_score", "mark", "journal_mark", "test_score", "full_name")
KIND_ALIASES = {"региональный мониторинг": "РМ", "рм": "РМ", "мкр": "МКР", "нико": "НИКО",
                "итоговое сочинение": ESSAY, "итоговое сочинение (изложение)": ESSAY, "итоговое изложение": ESSAY,
                "сочинение": ESSAY, "ис-11": ESSAY, "итоговое собеседование": INTERVIEW,
                "итоговое собеседование по русскому языку": INTERVIEW, "собеседование": INTERVIEW, "ис-9": INTERVIEW}


def parse_kind(text: str) -> str:
    """«ВПР», «впр», «региональный мониторинг» → the stored kind; UserError (Russian) otherwise."""
    folded = " ".join(str(text).split()).casefold()
    for kind in KINDS:
        if kind.casefold() == folded:
            return kind
    if folded in KIND_ALIASES:
        return KIND_ALIASES[folded]
    raise UserError(f"Неизвестная оценочная процедура «{text}». Допустимо: {', '.join(KINDS)}.")


def normalize_subject(text: str) -> str:
    """One spelling per subject: single spaces, the first letter capital («математика» → «Математика»)."""
    words = " ".join(str(text).split())
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Assessment:
    id: int
    kind: str
    year: int
    subject: str
    grade: int
    date: date | None = None
    max_score: float | None = None

    @property
    def title(self) -> str:
        """«ВПР 2026, Математика, 5 кл.»"""
        return f"{self.kind} {self.year}, {self.subject}, {self.grade} кл."

    def to_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data


@dataclass(frozen=True)
class ExistingResult:
    """What is already stored for one school × assessment: decides between adding, replacing and skipping."""

    has_marks: bool
    has_journal: bool
    has_scores: bool
    from_students: bool
    file_name: str | None
    has_pass_fail: bool = False

    @property
    def has_any(self) -> bool:
        return self.has_marks or self.has_journal or self.has_scores or self.has_pass_fail


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class ResultsRepository:
    def __init__(self, db: Database):
        self.db = db

    # -- assessments ------------------------------------------------------------------------------

    def find_assessment(self, kind: str, year: int, subject: str, grade: int) -> Assessment | None:
        row = self.db.execute(
            "SELECT id, kind, year, subject, grade, date, max_score FROM assessments "
            "WHERE kind = ? AND year = ? AND subject = ? AND grade = ?",
            [kind, year, normalize_subject(subject), grade],
        ).fetchone()
        return self._assessment(row) if row else None

    def assessments(self, *, kind: str | None = None, year: int | None = None) -> list[Assessment]:
        where, values = [], []
        if kind is not None:
            where.append("kind = ?")
            values.append(kind)
        if year is not None:
            where.append("year = ?")
            values.append(year)
        sql = "SELECT id, kind, year, subject, grade, date, max_score FROM assessments"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.db.execute(sql + " ORDER BY year, kind, subject, grade", values).fetchall()
        return [self._assessment(row) for row in rows]

    def ensure_assessment(self, kind: str, year: int, subject: str, grade: int, when: date | None,
                          max_score: float | None) -> int:
        """The id of the assessment, created when new; a missing date or maximum is filled in."""
        subject = normalize_subject(subject)
        self.db.execute(
            "INSERT INTO assessments (kind, year, subject, grade, date, max_score) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, year, subject, grade) DO UPDATE SET "
            "date = coalesce(assessments.date, excluded.date), "
            "max_score = coalesce(assessments.max_score, excluded.max_score)",
            [kind, year, subject, grade, _iso(when), max_score],
        )
        return self.db.execute(
            "SELECT id FROM assessments WHERE kind = ? AND year = ? AND subject = ? AND grade = ?",
            [kind, year, subject, grade],
        ).fetchone()[0]

    @staticmethod
    def _assessment(row) -> Assessment:
        when = date.fromisoformat(row[5]) if row[5] else None
        return Assessment(row[0], row[1], row[2], row[3], row[4], when, row[6])

    # -- what is stored ----------------------------------------------------------------------------

    def existing(self, assessment_ids: Iterable[int]) -> dict[tuple[int, int], ExistingResult]:
        """(assessment id, school id) → what is stored, for the given assessments."""
        ids = sorted(set(assessment_ids))
        found: dict[tuple[int, int], ExistingResult] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.db.execute(
                "SELECT r.assessment_id, r.school_id, r.n2 IS NOT NULL, r.lowered IS NOT NULL, "
                "r.mean_test IS NOT NULL OR r.mean_primary IS NOT NULL, r.from_students, i.file_name, "
                "r.passed IS NOT NULL "
                "FROM school_results r LEFT JOIN result_imports i ON i.id = r.import_id "
                f"WHERE r.assessment_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for aid, sid, marks, journal, scores, students, file_name, pass_fail in rows:
                found[(aid, sid)] = ExistingResult(bool(marks), bool(journal), bool(scores), bool(students),
                                                   file_name, bool(pass_fail))
        return found

    # -- writing (inside the caller's transaction) -------------------------------------------------

    def upsert_marks(self, rows: Iterable[tuple], import_id: int | None) -> None:
        """rows: (assessment id, school id, participants, n2, n3, n4, n5); import_id None: entered by hand."""
        self.db.executemany(
            "INSERT INTO school_results (assessment_id, school_id, participants, n2, n3, n4, n5, import_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (assessment_id, school_id) DO UPDATE SET participants = excluded.participants, "
            "n2 = excluded.n2, n3 = excluded.n3, n4 = excluded.n4, n5 = excluded.n5, import_id = excluded.import_id",
            ((*row, import_id) for row in rows),
        )

    def upsert_journal(self, rows: Iterable[tuple], import_id: int) -> None:
        """rows: (assessment id, school id, participants, lowered, confirmed, raised); the participants
        of a marks report, when there is one, stay."""
        self.db.executemany(
            "INSERT INTO school_results (assessment_id, school_id, participants, lowered, confirmed, raised, "
            f"import_id) VALUES (?, ?, ?, ?, ?, ?, {int(import_id)}) "
            "ON CONFLICT (assessment_id, school_id) DO UPDATE SET "
            "participants = coalesce(school_results.participants, excluded.participants), "
            "lowered = excluded.lowered, confirmed = excluded.confirmed, raised = excluded.raised, "
            "import_id = excluded.import_id",
            rows,
        )

    def upsert_scores(self, rows: Iterable[tuple], import_id: int) -> None:
        """rows: (assessment id, school id, participants, mean test score, below the threshold, 81–100,
        100) as a summary by school gives them (no pupils behind them)."""
        self.db.executemany(
            "INSERT INTO school_results (assessment_id, school_id, participants, mean_test, below_threshold, "
            f"score_81_100, score_100, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, {int(import_id)}) "
            "ON CONFLICT (assessment_id, school_id) DO UPDATE SET participants = excluded.participants, "
            "mean_test = excluded.mean_test, below_threshold = excluded.below_threshold, "
            "score_81_100 = excluded.score_81_100, score_100 = excluded.score_100, import_id = excluded.import_id",
            rows,
        )

    def upsert_pass_fail(self, rows: Iterable[tuple], import_id: int | None) -> None:
        """rows: (assessment id, school id, participants, зачёт, незачёт, mean score or None) of a
        procedure judged «зачёт» / «незачёт» (`PASS_FAIL_KINDS`); import_id None: entered by hand."""
        self.db.executemany(
            "INSERT INTO school_results (assessment_id, school_id, participants, passed, failed, mean_primary, "
            "import_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (assessment_id, school_id) DO UPDATE SET participants = excluded.participants, "
            "passed = excluded.passed, failed = excluded.failed, mean_primary = excluded.mean_primary, "
            "import_id = excluded.import_id",
            ((*row, import_id) for row in rows),
        )

    def upsert_references(self, rows: Iterable[tuple], import_id: int) -> None:
        """rows: (assessment id, level, code, name, own, *FIGURES); a None figure keeps what another
        report of the same group stored."""
        keep = ", ".join(f"{c} = coalesce(excluded.{c}, reference_results.{c})" for c in FIGURES)
        marks = ", ".join("?" * len(FIGURES))
        self.db.executemany(
            f"INSERT INTO reference_results (assessment_id, level, code, name, own, {', '.join(FIGURES)}, import_id) "
            f"VALUES (?, ?, ?, ?, ?, {marks}, {int(import_id)}) "
            "ON CONFLICT (assessment_id, level, code) DO UPDATE SET name = excluded.name, own = excluded.own, "
            f"{keep}, import_id = excluded.import_id",
            rows,
        )

    def delete_students(self, pairs: Iterable[tuple[int, int]]) -> None:
        self.db.executemany("DELETE FROM student_results WHERE assessment_id = ? AND school_id = ?", pairs)

    def insert_students(self, rows: Iterable[tuple], import_id: int, columns: Sequence[str] = STUDENT_COLUMNS) -> None:
        """rows: the values of `columns` (some of `STUDENT_COLUMNS`: assessment id, school id, participant
        code, class, variant, task set id, tasks as a JSON array, primary score, mark, journal mark, test
        score, full name) of each student of the import `import_id`; the columns not named stay NULL."""
        unknown = set(columns) - set(STUDENT_COLUMNS)
        if unknown or not columns:
            raise ValueError(f"not columns of student_results: {sorted(unknown) or 'none'}")
        head = f"INSERT INTO student_results (import_id, {', '.join(columns)}) VALUES "
        one = f"({int(import_id)}, {', '.join('?' * len(columns))})"
        rows = rows if isinstance(rows, list) else list(rows)
        if rows and set(map(len, rows)) != {len(columns)}:  # rows run together below: one short would shift all
            raise ValueError(f"rows of student_results must have {len(columns)} values each")
        # several rows a statement: a statement's own work (reset, bind, step) is shared by its rows, a
        # quarter of the time of 300,000 pupils; in order, so the ids follow the rows
        per = max(1, min(ROWS_PER_INSERT, MAX_PARAMETERS // len(columns)))
        whole = len(rows) // per * per
        if whole:
            values = iter(chain.from_iterable(rows[:whole]))
            self.db.executemany(head + ", ".join([one] * per), zip(*[values] * (per * len(columns)), strict=False))
        if whole < len(rows):
            self.db.executemany(head + one, rows[whole:])

    def task_set_id(self, keys: tuple[str, ...]) -> int:
        text = json.dumps(list(keys), ensure_ascii=False)
        self.db.execute("INSERT INTO task_sets (keys) VALUES (?) ON CONFLICT (keys) DO NOTHING", [text])
        return self.db.execute("SELECT id FROM task_sets WHERE keys = ?", [text]).fetchone()[0]

    def derive_from_students(self, assessment_id: int, import_id: int, min_test: float | None,
                             min_mark: int | None) -> None:
        """The school figures of the students this import saved for one assessment.

        `min_test` / `min_mark` define «below the threshold» (ЕГЭ: test score under the minimum;
        базовая математика, ОГЭ, ГВЭ: a mark under `min_mark`); both None leaves it empty (ВПР).
        """
        self.db.execute(
            """
            INSERT INTO school_results (assessment_id, school_id, participants, n2, n3, n4, n5, lowered, confirmed,
                raised, mean_primary, mean_test, below_threshold, score_81_100, score_100, from_students, import_id)
            SELECT assessment_id, school_id, count(*),
                sum(mark = 2), sum(mark = 3), sum(mark = 4), sum(mark = 5),
                sum(mark < journal_mark), sum(mark = journal_mark), sum(mark > journal_mark),
                avg(primary_score), avg(test_score),
                CASE WHEN :min_test IS NOT NULL THEN sum(test_score < :min_test)
                     WHEN :min_mark IS NOT NULL THEN sum(mark < :min_mark) END,
                sum(test_score >= 81), sum(test_score >= 100), 1, :import_id
            FROM student_results WHERE assessment_id = :assessment AND import_id = :import_id
            GROUP BY school_id
            ON CONFLICT (assessment_id, school_id) DO UPDATE SET participants = excluded.participants,
                n2 = excluded.n2, n3 = excluded.n3, n4 = excluded.n4, n5 = excluded.n5,
                lowered = excluded.lowered, confirmed = excluded.confirmed, raised = excluded.raised,
                mean_primary = excluded.mean_primary, mean_test = excluded.mean_test,
                below_threshold = excluded.below_threshold, score_81_100 = excluded.score_81_100,
                score_100 = excluded.score_100, from_students = 1, import_id = excluded.import_id
            """,
            {"assessment": assessment_id, "import_id": import_id, "min_test": min_test, "min_mark": min_mark},
        )

    def recount_below_threshold(self, assessment_id: int, min_test: float | None, min_mark: int | None) -> None:
        """After a minimum score is corrected: «below the threshold» again from the stored students."""
        self.db.execute(
            """
            UPDATE school_results SET below_threshold = (
                SELECT CASE WHEN :min_test IS NOT NULL THEN sum(s.test_score < :min_test)
                            WHEN :min_mark IS NOT NULL THEN sum(s.mark < :min_mark) END
                FROM student_results s
                WHERE s.assessment_id = school_results.assessment_id AND s.school_id = school_results.school_id)
            WHERE assessment_id = :assessment AND from_students = 1
            """,
            {"assessment": assessment_id, "min_test": min_test, "min_mark": min_mark},
        )

    # -- reading figures for indicators -------------------------------------------------------------

    def school_figures(self, *, kinds: Iterable[str] | None = None, years: Iterable[int] | None = None,
                       subject: str | None = None, grade: int | None = None,
                       school_id: int | None = None) -> list[tuple]:
        """Rows (kind, year, subject, grade, school id, code, short name, *FIGURES) ordered by kind, year,
        subject, grade and school name."""
        where, values = self._filters(kinds, years, subject, grade)
        if school_id is not None:
            where += (" AND " if where else " WHERE ") + "r.school_id = ?"
            values.append(school_id)
        return self.db.execute(
            f"SELECT a.kind, a.year, a.subject, a.grade, r.school_id, s.code, s.short_name, "
            f"{', '.join('r.' + c for c in FIGURES)} "
            "FROM school_results r JOIN assessments a ON a.id = r.assessment_id JOIN schools s ON s.id = r.school_id"
            f"{where} ORDER BY a.kind, a.year, a.subject, a.grade, s.short_name COLLATE NOCASE, s.id",
            values,
        ).fetchall()

    def reference_figures(self, *, kinds: Iterable[str] | None = None, years: Iterable[int] | None = None,
                          subject: str | None = None, grade: int | None = None,
                          levels: Iterable[str] = ("all", "region", "municipality", "school")) -> list[tuple]:
        """Rows (kind, year, subject, grade, level, code, name, own, *FIGURES)."""
        where, values = self._filters(kinds, years, subject, grade)
        levels = list(levels)
        where += (" AND " if where else " WHERE ") + f"r.level IN ({', '.join('?' * len(levels))})"
        values += levels
        return self.db.execute(
            "SELECT a.kind, a.year, a.subject, a.grade, r.level, r.code, r.name, r.own, "
            f"{', '.join('r.' + c for c in FIGURES)} FROM reference_results r JOIN assessments a ON a.id = r.assessment_id{where} "
            "ORDER BY a.kind, a.year, a.subject, a.grade, "
            "CASE r.level WHEN 'all' THEN 0 WHEN 'region' THEN 1 WHEN 'municipality' THEN 2 ELSE 3 END, r.name",
            values,
        ).fetchall()

    @staticmethod
    def _filters(kinds, years, subject, grade) -> tuple[str, list]:
        where, values = [], []
        if kinds is not None:
            kinds = list(kinds)
            where.append(f"a.kind IN ({', '.join('?' * len(kinds))})")
            values += kinds
        if years is not None:
            years = list(years)
            where.append(f"a.year IN ({', '.join('?' * len(years))})")
            values += years
        if subject is not None:
            where.append("a.subject = ?")
            values.append(normalize_subject(subject))
        if grade is not None:
            where.append("a.grade = ?")
            values.append(grade)
        return (" WHERE " + " AND ".join(where)) if where else "", values
