"""Roadmaps (планы мероприятий): sections, measures and the history of each measure's progress.

A measure's deadline is stored as written together with its reading (kind, ranges and warnings as
JSON, computed by the deadline service) and the last day it is due, so that overdue and due-soon
work is found by a query. Progress is a history: a new mark is added, an old one is never changed.

A finished (archived) plan is kept for the record: it is read-only — every write below refuses it with
PlanArchivedError — and out of the overdue counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.errors import UserError
from desktop.models.db import Database, iso_date, parse_date, transaction
from desktop.models.orders import OrderInfo, OrdersRepository, wording_of

STATUS_LABELS = {
    "not_started": "не начато",
    "in_progress": "в работе",
    "done": "выполнено",
    "cancelled": "отменено",
    "postponed": "перенесено",
}
CLOSED_STATUSES = ("done", "cancelled")


@dataclass
class MeasureDraft:
    """A measure before it is saved: what an import or the editor produces."""

    text: str
    number: str | None = None
    deadline_text: str = ""
    deadline: dict = field(default_factory=lambda: {"kind": "empty", "ranges": [], "warnings": []})
    due: date | None = None
    participants: str = ""
    responsible: str = ""
    note: str = ""


@dataclass
class SectionDraft:
    number: str | None
    title: str | None
    measures: list[MeasureDraft] = field(default_factory=list)


@dataclass
class Roadmap:
    title: str
    period_start: date | None = None
    period_end: date | None = None
    source: str = "manual"
    order: OrderInfo | None = None
    created_at: str = ""
    id: int | None = None
    archived_at: date | None = None  # the day the plan was finished; None while it is in work

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def period(self) -> tuple[date, date] | None:
        if self.period_start and self.period_end:
            return self.period_start, self.period_end
        return None


class PlanArchivedError(UserError):
    """An edit of a finished plan: it is kept as it was finished until it is returned to work."""

    def __init__(self, title: str, archived_at: date):
        super().__init__(f"План «{title}» завершён {archived_at:%d.%m.%Y} и не изменяется. Чтобы изменить его, "
                         "верните план в работу («Вернуть в работу»).")


@dataclass
class Section:
    roadmap_id: int
    position: int
    number: str | None
    title: str
    id: int


@dataclass
class Measure:
    roadmap_id: int
    section_id: int | None
    position: int
    number: str | None
    text: str
    deadline_text: str
    deadline: dict
    due: date | None
    participants: str
    responsible: str
    note: str
    id: int
    status: str = "not_started"
    status_date: date | None = None

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def range_dates(self) -> list[tuple[date, date]]:
        return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in self.deadline.get("ranges", [])]

    def next_due(self, on: date) -> date | None:
        """The end of the first occurrence not over before `on` (a measure may recur)."""
        return next((end for _, end in self.range_dates() if end >= on), None)

    def is_overdue(self, on: date) -> bool:
        return not self.is_closed and self.due is not None and self.due < on

    def is_due_soon(self, on: date, days: int) -> bool:
        if self.is_closed:
            return False
        upcoming = self.next_due(on)
        return upcoming is not None and (upcoming - on).days <= days


@dataclass
class ProgressMark:
    measure_id: int
    status: str
    status_date: date
    marked_by: str = ""
    evidence: str = ""
    recorded_at: str = ""
    id: int | None = None


# The tables of a plan, parents first, and how each one's rows of the plan `?` are found.
_PLAN_ROWS = (
    ("roadmaps", "id = ?"),
    ("roadmap_sections", "roadmap_id = ?"),
    ("measures", "roadmap_id = ?"),
    ("measure_progress", "measure_id IN (SELECT id FROM measures WHERE roadmap_id = ?)"),
)


@dataclass(frozen=True)
class PlanRows:
    """A plan's rows exactly as stored: (table, its columns, its rows) for each table of `_PLAN_ROWS`."""

    roadmap_id: int
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple, ...]], ...]

    def count(self, table: str) -> int:
        return next(len(rows) for name, _, rows in self.tables if name == table)


_MEASURE_COLUMNS = (
    "m.roadmap_id, m.section_id, m.position, m.number, m.text, m.deadline_text, m.deadline_json, m.due, "
    "m.participants, m.responsible, m.note, m.id, p.status, p.status_date"
)
# The current status is the newest mark of the measure's history.
_MEASURE_SELECT = f"""
    SELECT {_MEASURE_COLUMNS}
    FROM measures m
    LEFT JOIN measure_progress p
      ON p.id = (SELECT max(id) FROM measure_progress WHERE measure_id = m.id)
"""


class RoadmapsRepository:
    def __init__(self, db: Database):
        self.db = db

    # --- roadmaps --------------------------------------------------------------------------
    def create(self, roadmap: Roadmap, sections: list[SectionDraft]) -> int:
        """The whole roadmap — its order, sections and measures — in one transaction."""
        with transaction(self.db):
            order_id = self._save_order(roadmap.order) if roadmap.order else None
            cursor = self.db.execute(
                "INSERT INTO roadmaps (title, order_id, period_start, period_end, source, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [roadmap.title, order_id, iso_date(roadmap.period_start), iso_date(roadmap.period_end), roadmap.source,
                 datetime.now().isoformat(timespec="seconds")],
            )
            roadmap_id = cursor.lastrowid
            rows = []
            position = 0  # shared by sections and measures: a section stands where its first measure does
            for section in sections:
                section_id = None
                if section.number is not None or section.title is not None:
                    section_id = self.db.execute(
                        "INSERT INTO roadmap_sections (roadmap_id, position, number, title) VALUES (?, ?, ?, ?)",
                        [roadmap_id, position, section.number, section.title or ""],
                    ).lastrowid
                for measure in section.measures:
                    rows.append([roadmap_id, section_id, position, *self._measure_values(measure)])
                    position += 1
            self.db.executemany(
                "INSERT INTO measures (roadmap_id, section_id, position, number, text, deadline_text, "
                "deadline_json, due, participants, responsible, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return roadmap_id

    def _save_order(self, order: OrderInfo) -> int:
        return OrdersRepository(self.db).add(order).id

    @staticmethod
    def _measure_values(measure: MeasureDraft) -> list:
        return [
            measure.number, measure.text, measure.deadline_text,
            json.dumps(measure.deadline, ensure_ascii=False), iso_date(measure.due),
            measure.participants, measure.responsible, measure.note,
        ]

    def list(self, *, include_archived: bool = True) -> list[Roadmap]:
        where = "" if include_archived else "WHERE r.archived_at IS NULL"
        rows = self.db.execute(
            "SELECT r.id, r.title, r.period_start, r.period_end, r.source, r.created_at, r.archived_at, "
            "o.id, o.kind, o.number, o.date, o.title, o.status, o.source_file, o.versions, o.wording "
            f"FROM roadmaps r LEFT JOIN orders o ON o.id = r.order_id {where} ORDER BY r.id"
        ).fetchall()
        return [self._roadmap(row) for row in rows]

    def get(self, roadmap_id: int) -> Roadmap | None:
        return next((r for r in self.list() if r.id == roadmap_id), None)

    @staticmethod
    def _roadmap(row: tuple) -> Roadmap:
        rid, title, start, end, source, created, archived, oid, kind, number, odate, otitle, status, src, versions, \
            wording = row
        order = OrderInfo(kind, number, parse_date(odate), otitle, status, src, oid, versions,
                          wording_of(wording)) if oid else None
        return Roadmap(title, parse_date(start), parse_date(end), source, order, created, rid, parse_date(archived))

    def set_archived(self, roadmap_id: int, day: date | None) -> None:
        """Finish the plan on `day` (None: back in work). The one write an archived plan accepts."""
        with transaction(self.db):
            self.db.execute("UPDATE roadmaps SET archived_at = ? WHERE id = ?", [iso_date(day), roadmap_id])

    def _refuse_archived(self, roadmap_of: str, key: int) -> None:
        """PlanArchivedError when the plan `roadmap_of` (a query of its id by `key`) is finished: called inside
        each write's transaction, so the window and the commands refuse alike."""
        row = self.db.execute(f"SELECT title, archived_at FROM roadmaps WHERE id = ({roadmap_of})", [key]).fetchone()
        if row and row[1]:
            raise PlanArchivedError(row[0], date.fromisoformat(row[1]))

    def _refuse_archived_plan(self, roadmap_id: int) -> None:
        self._refuse_archived("SELECT ?", roadmap_id)

    def _refuse_archived_measure(self, measure_id: int) -> None:
        self._refuse_archived("SELECT roadmap_id FROM measures WHERE id = ?", measure_id)

    def _refuse_archived_section(self, section_id: int) -> None:
        self._refuse_archived("SELECT roadmap_id FROM roadmap_sections WHERE id = ?", section_id)

    # --- a whole plan ---------------------------------------------------------------------------
    def plan_counts(self, roadmap_id: int) -> tuple[int, int, int]:
        """(sections, measures, progress marks) of the plan: what deleting it takes away."""
        return self.db.execute(
            "SELECT (SELECT count(*) FROM roadmap_sections WHERE roadmap_id = ?), "
            "(SELECT count(*) FROM measures WHERE roadmap_id = ?), "
            "(SELECT count(*) FROM measure_progress WHERE measure_id IN (SELECT id FROM measures WHERE roadmap_id = ?))",
            [roadmap_id, roadmap_id, roadmap_id],
        ).fetchone()

    def plan_rows(self, roadmap_id: int) -> PlanRows:
        """Every stored row of the plan, every column (`SELECT *`: a column a later step adds is kept too)."""
        tables = []
        for table, where in _PLAN_ROWS:
            cursor = self.db.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", [roadmap_id])
            rows = tuple(cursor.fetchall())
            tables.append((table, tuple(d[0] for d in cursor.description), rows))
        return PlanRows(roadmap_id, tuple(tables))

    def delete(self, roadmap_id: int) -> PlanRows:
        """The plan with its sections, measures and progress marks, in one transaction; returns the rows as
        they were, for `restore`. Its order stays in the journal of orders."""
        with transaction(self.db):
            kept = self.plan_rows(roadmap_id)
            # children first, explicitly: not left to the cascades of the schema
            for table, where in reversed(_PLAN_ROWS):
                self.db.execute(f"DELETE FROM {table} WHERE {where}", [roadmap_id])
        return kept

    def restore(self, kept: PlanRows) -> None:
        """A deleted plan back, every row under its old id, in one transaction (parents before children)."""
        with transaction(self.db):
            for table, columns, rows in kept.tables:
                if rows:
                    marks = ", ".join("?" * len(columns))
                    self.db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # --- sections and measures ---------------------------------------------------------------
    def sections(self, roadmap_id: int) -> list[Section]:
        rows = self.db.execute(
            "SELECT roadmap_id, position, number, title, id FROM roadmap_sections "
            "WHERE roadmap_id = ? ORDER BY position, id",
            [roadmap_id],
        ).fetchall()
        return [Section(*row) for row in rows]

    def measures(self, roadmap_id: int | None = None, *, include_archived: bool = True) -> list[Measure]:
        """The measures of one roadmap (or of all, those of finished plans only with `include_archived`) in
        plan order, each with its current status."""
        if roadmap_id is not None:
            where, args = "WHERE m.roadmap_id = ?", [roadmap_id]
        elif include_archived:
            where, args = "", []
        else:
            where, args = "WHERE m.roadmap_id IN (SELECT id FROM roadmaps WHERE archived_at IS NULL)", []
        rows = self.db.execute(f"{_MEASURE_SELECT} {where} ORDER BY m.roadmap_id, m.position, m.id", args)
        return [self._measure(row) for row in rows]

    def overdue_counts(self, on: date) -> dict[int, int]:
        """Overdue measures per roadmap in work on `on` (as Measure.is_overdue judges; a finished plan owes
        nothing), counted in SQL: the roadmap tab shows it at every refresh and must not load every plan's
        measures for it."""
        closed = ", ".join("?" * len(CLOSED_STATUSES))
        rows = self.db.execute(
            f"""SELECT m.roadmap_id, count(*) FROM measures m
                LEFT JOIN measure_progress p
                  ON p.id = (SELECT max(id) FROM measure_progress WHERE measure_id = m.id)
                WHERE m.due IS NOT NULL AND m.due < ? AND coalesce(p.status, 'not_started') NOT IN ({closed})
                  AND m.roadmap_id IN (SELECT id FROM roadmaps WHERE archived_at IS NULL)
                GROUP BY m.roadmap_id""",
            [on.isoformat(), *CLOSED_STATUSES],
        )
        return dict(rows.fetchall())

    def measure(self, measure_id: int) -> Measure | None:
        row = self.db.execute(f"{_MEASURE_SELECT} WHERE m.id = ?", [measure_id]).fetchone()
        return self._measure(row) if row else None

    @staticmethod
    def _measure(row: tuple) -> Measure:
        (roadmap_id, section_id, position, number, text, deadline_text, deadline_json, due,
         participants, responsible, note, measure_id, status, status_date) = row
        return Measure(
            roadmap_id, section_id, position, number, text, deadline_text, json.loads(deadline_json),
            parse_date(due), participants, responsible, note, measure_id,
            status or "not_started", parse_date(status_date),
        )

    # --- editing ---------------------------------------------------------------------------------
    def update_measure(self, measure_id: int, draft: MeasureDraft) -> None:
        with transaction(self.db):
            self._refuse_archived_measure(measure_id)
            self.db.execute(
                "UPDATE measures SET number = ?, text = ?, deadline_text = ?, deadline_json = ?, due = ?, "
                "participants = ?, responsible = ?, note = ? WHERE id = ?",
                [*self._measure_values(draft), measure_id],
            )

    def insert_measure(self, roadmap_id: int, section_id: int | None, position: int, draft: MeasureDraft,
                       measure_id: int | None = None) -> int:
        """Put a measure at `position`, moving what stands there and after it one place down — except
        the measure's own section when the measure becomes its first. `measure_id` brings a removed
        measure back under its old id (redo of an addition)."""
        with transaction(self.db):
            self._refuse_archived_plan(roadmap_id)
            self.db.execute(
                "UPDATE measures SET position = position + 1 WHERE roadmap_id = ? AND position >= ?",
                [roadmap_id, position],
            )
            self.db.execute(
                "UPDATE roadmap_sections SET position = position + 1 "
                "WHERE roadmap_id = ? AND (position > ? OR (position = ? AND id IS NOT ?))",
                [roadmap_id, position, position, section_id],
            )
            cursor = self.db.execute(
                "INSERT INTO measures (id, roadmap_id, section_id, position, number, text, deadline_text, "
                "deadline_json, due, participants, responsible, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [measure_id, roadmap_id, section_id, position, *self._measure_values(draft)],
            )
        return cursor.lastrowid

    def delete_measure(self, measure_id: int) -> None:
        with transaction(self.db):
            self._refuse_archived_measure(measure_id)
            row = self.db.execute("SELECT roadmap_id, position FROM measures WHERE id = ?", [measure_id]).fetchone()
            if row:
                self.db.execute("DELETE FROM measures WHERE id = ?", [measure_id])
                self._close_gap(*row)

    def swap_positions(self, first_id: int, second_id: int) -> None:
        """Two neighbouring measures of one section trade places."""
        with transaction(self.db):
            self._refuse_archived_measure(first_id)
            (a,), (b,) = (self.db.execute("SELECT position FROM measures WHERE id = ?", [i]).fetchone()
                          for i in (first_id, second_id))
            self.db.execute("UPDATE measures SET position = ? WHERE id = ?", [b, first_id])
            self.db.execute("UPDATE measures SET position = ? WHERE id = ?", [a, second_id])

    def append_section(self, roadmap_id: int, number: str | None, title: str) -> int:
        """A new, empty section at the end of the plan (a section takes no place of its own: it
        stands where its first measure will)."""
        with transaction(self.db):
            self._refuse_archived_plan(roadmap_id)
            end = self.db.execute(
                "SELECT max(p) FROM (SELECT max(position) + 1 AS p FROM measures WHERE roadmap_id = ? "
                "UNION ALL SELECT max(position) + 1 FROM roadmap_sections WHERE roadmap_id = ?)",
                [roadmap_id, roadmap_id],
            ).fetchone()[0]
            cursor = self.db.execute(
                "INSERT INTO roadmap_sections (roadmap_id, position, number, title) VALUES (?, ?, ?, ?)",
                [roadmap_id, end or 0, number, title],
            )
        return cursor.lastrowid

    def reorder(self, roadmap_id: int, groups: list[tuple[int | None, list[int]]]) -> None:
        """Rewrite the plan's order from (section id or None, [measure ids]) groups: used to move a
        whole section, which moves the places of all its measures."""
        with transaction(self.db):
            self._refuse_archived_plan(roadmap_id)
            position = 0
            for section_id, measure_ids in groups:
                if section_id is not None:
                    self.db.execute("UPDATE roadmap_sections SET position = ? WHERE id = ? AND roadmap_id = ?",
                                    [position, section_id, roadmap_id])
                for measure_id in measure_ids:
                    self.db.execute("UPDATE measures SET position = ? WHERE id = ? AND roadmap_id = ?",
                                    [position, measure_id, roadmap_id])
                    position += 1

    def rename_section(self, section_id: int, number: str | None, title: str) -> None:
        with transaction(self.db):
            self._refuse_archived_section(section_id)
            self.db.execute("UPDATE roadmap_sections SET number = ?, title = ? WHERE id = ?", [number, title, section_id])

    def delete_section(self, section_id: int) -> None:
        """The section and its measures (their progress too)."""
        with transaction(self.db):
            self._refuse_archived_section(section_id)
            self.db.execute("DELETE FROM roadmap_sections WHERE id = ?", [section_id])

    def _close_gap(self, roadmap_id: int, position: int) -> None:
        self.db.execute(
            "UPDATE measures SET position = position - 1 WHERE roadmap_id = ? AND position > ?", [roadmap_id, position]
        )
        self.db.execute(
            "UPDATE roadmap_sections SET position = position - 1 WHERE roadmap_id = ? AND position > ?",
            [roadmap_id, position],
        )

    # --- progress ------------------------------------------------------------------------------
    def mark(self, mark: ProgressMark) -> ProgressMark:
        if mark.status not in STATUS_LABELS:
            raise ValueError(f"unknown status {mark.status!r}")
        recorded = datetime.now().isoformat(timespec="seconds")
        with transaction(self.db):
            self._refuse_archived_measure(mark.measure_id)
            cursor = self.db.execute(
                "INSERT INTO measure_progress (measure_id, status, status_date, marked_by, evidence, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [mark.measure_id, mark.status, mark.status_date.isoformat(), mark.marked_by, mark.evidence, recorded],
            )
        return ProgressMark(mark.measure_id, mark.status, mark.status_date, mark.marked_by, mark.evidence,
                            recorded, cursor.lastrowid)

    def history(self, measure_id: int) -> list[ProgressMark]:
        rows = self.db.execute(
            "SELECT measure_id, status, status_date, marked_by, evidence, recorded_at, id "
            "FROM measure_progress WHERE measure_id = ? ORDER BY id",
            [measure_id],
        ).fetchall()
        return [ProgressMark(m, s, date.fromisoformat(d), by, ev, rec, i) for m, s, d, by, ev, rec, i in rows]

    def remove_mark(self, mark_id: int) -> None:
        """Only for undoing a mark just made in the window; the history is otherwise append-only."""
        with transaction(self.db):
            self._refuse_archived("SELECT m.roadmap_id FROM measure_progress p JOIN measures m ON m.id = p.measure_id "
                                  "WHERE p.id = ?", mark_id)
            self.db.execute("DELETE FROM measure_progress WHERE id = ?", [mark_id])
