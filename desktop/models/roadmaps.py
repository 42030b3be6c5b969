"""Roadmaps (планы мероприятий): sections, measures and the history of each measure's progress.

A measure's deadline is stored as written together with its reading (kind, ranges and warnings as
JSON, computed by the deadline service) and the last day it is due, so that overdue and due-soon
work is found by a query. Progress is a history: a new mark is added, an old one is never changed.

A recurring deadline («ежемесячно», «до 25 числа каждого месяца», «ежеквартально»: kind "recurring") is
tracked occurrence by occurrence: its ranges are its occurrences, a mark may name the one it is for
(`ProgressMark.occurrence`, keyed by `occurrence_keys`), and the measure stands where its occurrences do
(`Measure.status_on`, `overdue_entries`, `due_soon_entry`). A mark of such a measure naming no occurrence
stands for every occurrence without a mark of its own (so marks made before occurrences were tracked keep
their meaning, and a whole recurring measure can be cancelled).

A finished (archived) plan is kept for the record: it is read-only — every write below refuses it with
PlanArchivedError — and out of the overdue counts.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property

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
# Weekly, monthly and quarterly deadlines. «Ежегодно» (kind "yearly") stays one deadline: in a plan of a
# school year its calendar-year ranges are parts of one duty, not reports to hand in one by one.
RECURRING_KIND = "recurring"
MONTH_NAMES = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
               "ноябрь", "декабрь"]


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
    addressee: str | None = None  # the clause's addressee in the dative («Руководителям ОО»), from the importer


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


def occurrence_keys(ranges: list[tuple[date, date]]) -> list[str]:
    """The key of each occurrence (a range of a recurring deadline), as its marks name it: the month it is
    due, "YYYY-MM" (a quarterly one: the month of its due day); when two occurrences fall due in one month
    (a weekly deadline), each is keyed by its due day, "YYYY-MM-DD"."""
    months = [f"{end:%Y-%m}" for _, end in ranges]
    if len(set(months)) == len(months):
        return months
    return [end.isoformat() for _, end in ranges]


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a recurring measure and where it stands: its own newest mark, else the measure's."""

    key: str
    start: date
    end: date  # the day it is due
    status: str = "not_started"
    status_date: date | None = None

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def label(self) -> str:
        """«октябрь 2025 (срок 25.10.2025)», «неделя 06.10–12.10.2025», «01.10–31.12.2025»."""
        one_month = (self.start.year, self.start.month) == (self.end.year, self.end.month)
        if self.start == self.end:
            dates = f"срок {self.end:%d.%m.%Y}"
        else:
            first = f"{self.start:%d.%m}" if self.start.year == self.end.year else f"{self.start:%d.%m.%Y}"
            dates = f"{first}–{self.end:%d.%m.%Y}"
        if len(self.key) == 10 and (self.end - self.start).days <= 6:
            return f"неделя {dates}"
        if one_month:
            return f"{MONTH_NAMES[self.end.month - 1]} {self.end.year} ({dates})"
        return dates


OCCURRENCE_STATES = {"done": "выполнено", "overdue": "просрочено", "due": "ближайший срок", "future": "впереди",
                     "cancelled": "отменено"}


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
    status: str = "not_started"  # the newest mark naming no occurrence
    status_date: date | None = None
    addressee: str | None = None
    # a recurring measure's newest mark of each occurrence: key → (status, day)
    occurrence_marks: dict[str, tuple[str, date]] = field(default_factory=dict)
    occurrence: str | None = None  # set on `as_occurrence`: the measure as that one occurrence

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def recurring(self) -> bool:
        """Tracked occurrence by occurrence: a weekly, monthly or quarterly deadline with dates."""
        return self.occurrence is None and self.deadline.get("kind") == RECURRING_KIND and bool(self.deadline.get("ranges"))

    def range_dates(self) -> list[tuple[date, date]]:
        return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in self.deadline.get("ranges", [])]

    # --- occurrences ---------------------------------------------------------------------------
    @cached_property
    def _occurrences(self) -> tuple[Occurrence, ...]:
        # computed once per loaded measure: the tree asks at every paint (a changed measure is a new object)
        if not self.recurring:
            return ()
        ranges = self.range_dates()
        whole = (self.status, self.status_date)
        return tuple(Occurrence(key, start, end, *self.occurrence_marks.get(key, whole))
                     for key, (start, end) in zip(occurrence_keys(ranges), ranges))

    def occurrences(self) -> list[Occurrence]:
        """A recurring measure's occurrences in order, each with its state; [] for a single deadline."""
        return list(self._occurrences)

    def occurrence_by_key(self, key: str) -> Occurrence | None:
        return next((o for o in self._occurrences if o.key == key), None)

    def overdue_occurrences(self, on: date) -> list[Occurrence]:
        return [o for o in self._occurrences if not o.is_closed and o.end < on]

    def next_occurrence(self, on: date) -> Occurrence | None:
        """The next one due: the first not closed whose day is `on` or later."""
        return next((o for o in self._occurrences if not o.is_closed and o.end >= on), None)

    def occurrence_to_mark(self, on: date) -> Occurrence | None:
        """What «Отметить» offers first: the earliest occurrence not done whose day has passed, else the
        next one due, else the last."""
        overdue = self.overdue_occurrences(on)
        if overdue:
            return overdue[0]
        return self.next_occurrence(on) or (self._occurrences[-1] if self._occurrences else None)

    def occurrence_state(self, occurrence: Occurrence, on: date) -> str:
        """"done", "cancelled", "overdue" (its day passed), "due" (the next one due) or "future"."""
        if occurrence.status == "done":
            return "done"
        if occurrence.is_closed:
            return "cancelled"
        if occurrence.end < on:
            return "overdue"
        following = self.next_occurrence(on)
        return "due" if following is not None and following.key == occurrence.key else "future"

    def as_occurrence(self, occurrence: Occurrence) -> Measure:
        """The measure as one of its occurrences, judged as a single deadline: an entry of the overdue
        and due-soon lists (its `due` the occurrence's day, its status the occurrence's)."""
        ranges = [[occurrence.start.isoformat(), occurrence.end.isoformat()]]
        return replace(self, deadline={**self.deadline, "kind": "dates", "ranges": ranges}, due=occurrence.end,
                       status=occurrence.status, status_date=occurrence.status_date, occurrence_marks={},
                       occurrence=occurrence.key)

    # --- where the measure stands on a day --------------------------------------------------------
    def status_on(self, on: date) -> str:
        """The status as shown on `on`. A recurring measure's comes from its occurrences: done when every
        occurrence begun by `on` is done, else the status of the earliest one open (in progress when
        some are done and it has no mark of its own)."""
        if not self.recurring:
            return self.status
        occurrences = self._occurrences
        open_ = [o for o in occurrences if not o.is_closed]
        if not open_:
            return "done" if self.status != "cancelled" and any(o.status == "done" for o in occurrences) else "cancelled"
        begun = [o for o in occurrences if o.start <= on]
        if begun and all(o.is_closed for o in begun) and any(o.status == "done" for o in begun):
            return "done"
        if open_[0].status != "not_started":
            return open_[0].status
        return "in_progress" if any(o.status != "not_started" for o in occurrences) else "not_started"

    def next_due(self, on: date) -> date | None:
        """The end of the first occurrence not over before `on` (a measure may recur); of a recurring
        measure, the day of the next occurrence not done."""
        if self.recurring:
            following = self.next_occurrence(on)
            return following.end if following else None
        return next((end for _, end in self.range_dates() if end >= on), None)

    def is_overdue(self, on: date) -> bool:
        if self.recurring:
            return bool(self.overdue_occurrences(on))
        return not self.is_closed and self.due is not None and self.due < on

    def is_due_soon(self, on: date, days: int) -> bool:
        if not self.recurring and self.is_closed:
            return False
        upcoming = self.next_due(on)
        return upcoming is not None and (upcoming - on).days <= days

    def overdue_entries(self, on: date) -> list[Measure]:
        """What the measure owes on `on` as entries of the overdue lists: itself, or each overdue
        occurrence of a recurring measure (`as_occurrence`)."""
        if self.recurring:
            return [self.as_occurrence(o) for o in self.overdue_occurrences(on)]
        return [self] if self.is_overdue(on) else []

    def due_soon_entry(self, on: date, days: int) -> Measure | None:
        """The measure (a single deadline not overdue) or its next occurrence, when due within `days`."""
        if self.recurring:
            following = self.next_occurrence(on)
            return self.as_occurrence(following) if following and (following.end - on).days <= days else None
        return self if not self.is_overdue(on) and self.is_due_soon(on, days) else None

    def last_marked(self) -> date | None:
        """The day of the newest mark: of a recurring measure, of any of its occurrences."""
        days = [o.status_date for o in self._occurrences if o.status_date] + [self.status_date]
        return max((d for d in days if d), default=None)


def status_label(measure: Measure, on: date) -> str:
    """The status as the tree and the Excel copy show it: «выполнено 20.11.2026»; of a recurring measure,
    with how many of its occurrences are done: «в работе (2 из 12 сроков)»."""
    label = STATUS_LABELS[measure.status_on(on)]
    if measure.recurring:
        occurrences = measure.occurrences()
        done = sum(o.status == "done" for o in occurrences)
        total = len(occurrences)
        word = "срока" if total % 10 == 1 and total % 100 != 11 else "сроков"
        return f"{label} ({done} из {total} {word})"
    return f"{label} {measure.status_date:%d.%m.%Y}" if measure.status_date else label


@dataclass
class ProgressMark:
    measure_id: int
    status: str
    status_date: date
    marked_by: str = ""
    evidence: str = ""
    recorded_at: str = ""
    id: int | None = None
    occurrence: str | None = None  # the key of a recurring measure's occurrence it is for; None: the measure


# The tables of a plan, parents first, and how each one's rows of the plan `?` are found.
_PLAN_ROWS = (
    ("roadmaps", "id = ?"),
    ("roadmap_sections", "roadmap_id = ?"),
    ("measures", "roadmap_id = ?"),
    ("measure_progress", "measure_id IN (SELECT id FROM measures WHERE roadmap_id = ?)"),
    ("measure_schools", "measure_id IN (SELECT id FROM measures WHERE roadmap_id = ?)"),
)
# The same for one measure, and for one section with its measures: what deleting them takes (and undo puts back).
_MEASURE_ROWS = (
    ("measures", "id = ?"),
    ("measure_progress", "measure_id = ?"),
    ("measure_schools", "measure_id = ?"),
)
_SECTION_ROWS = (
    ("roadmap_sections", "id = ?"),
    ("measures", "section_id = ?"),
    ("measure_progress", "measure_id IN (SELECT id FROM measures WHERE section_id = ?)"),
    ("measure_schools", "measure_id IN (SELECT id FROM measures WHERE section_id = ?)"),
)


@dataclass(frozen=True)
class PlanRows:
    """Rows of a plan exactly as stored: (table, its columns, its rows) for each table of `_PLAN_ROWS` (the
    whole plan), `_MEASURE_ROWS` (one measure) or `_SECTION_ROWS` (one section), parents first."""

    roadmap_id: int
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple, ...]], ...]

    def count(self, table: str) -> int:
        return next(len(rows) for name, _, rows in self.tables if name == table)


_MEASURE_COLUMNS = (
    "m.roadmap_id, m.section_id, m.position, m.number, m.text, m.deadline_text, m.deadline_json, m.due, "
    "m.participants, m.responsible, m.note, m.id, p.status, p.status_date, m.addressee"
)
# The current status is the newest mark of the measure's history that names no occurrence (those of a
# recurring measure's occurrences are loaded beside it: `_attach_occurrence_marks`).
_MEASURE_SELECT = f"""
    SELECT {_MEASURE_COLUMNS}
    FROM measures m
    LEFT JOIN measure_progress p
      ON p.id = (SELECT max(id) FROM measure_progress WHERE measure_id = m.id AND occurrence IS NULL)
"""
_RECURRING_SQL = f"json_extract(m.deadline_json, '$.kind') = '{RECURRING_KIND}'"


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
                    rows.append([roadmap_id, section_id, position, *self._measure_values(measure), measure.addressee])
                    position += 1
            self.db.executemany(
                "INSERT INTO measures (roadmap_id, section_id, position, number, text, deadline_text, "
                "deadline_json, due, participants, responsible, note, addressee) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        return self._rows(_PLAN_ROWS, roadmap_id, roadmap_id)

    def _rows(self, tables_of, key: int, roadmap_id: int) -> PlanRows:
        tables = []
        for table, where in tables_of:
            cursor = self.db.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", [key])
            rows = tuple(cursor.fetchall())
            tables.append((table, tuple(d[0] for d in cursor.description), rows))
        return PlanRows(roadmap_id, tuple(tables))

    def _take(self, tables_of, key: int, roadmap_id: int) -> PlanRows:
        """Delete the rows `tables_of` finds by `key`, children first (explicitly, not left to the cascades of
        the schema); the rows as they were. Called inside a transaction."""
        kept = self._rows(tables_of, key, roadmap_id)
        for table, where in reversed(tables_of):
            self.db.execute(f"DELETE FROM {table} WHERE {where}", [key])
        return kept

    @contextmanager
    def _putting_back(self, kept: PlanRows, what: str):
        """One transaction that puts back rows taken by `_take`, every one under its old id (parents before
        children), after what the block does. Rows the database no longer fits (an id taken meanwhile, a parent
        gone) are refused in Russian («Удалённый план не удалось вернуть: …», `what` its subject) and nothing
        is written."""
        try:
            with transaction(self.db):
                yield
                for table, columns, rows in kept.tables:
                    if rows:
                        marks = ", ".join("?" * len(columns))
                        self.db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        except sqlite3.IntegrityError as error:
            raise UserError(f"{what} не удалось вернуть: его данные расходятся с базой ({error}).") from error

    def delete(self, roadmap_id: int) -> PlanRows:
        """The plan with its sections, measures and progress marks, in one transaction; returns the rows as
        they were, for `restore`. Its order stays in the journal of orders."""
        with transaction(self.db):
            return self._take(_PLAN_ROWS, roadmap_id, roadmap_id)

    def restore(self, kept: PlanRows) -> None:
        """A deleted plan back, every row under its old id, in one transaction (parents before children)."""
        with self._putting_back(kept, "Удалённый план"):
            pass

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
        return self._load(where, args)

    def _load(self, where: str, args: list) -> list[Measure]:
        rows = self.db.execute(f"{_MEASURE_SELECT} {where} ORDER BY m.roadmap_id, m.position, m.id", args)
        measures = [self._measure(row) for row in rows]
        self._attach_occurrence_marks(measures, where, args)
        return measures

    def _attach_occurrence_marks(self, measures: list[Measure], where: str, args: list) -> None:
        """Each recurring measure's newest mark of each occurrence, in one query for the measures `where`
        selects (SQLite gives the other columns of the row whose id is the max)."""
        if not any(m.deadline.get("kind") == RECURRING_KIND for m in measures):
            return
        rows = self.db.execute(
            "SELECT measure_id, occurrence, status, status_date, max(id) FROM measure_progress "
            f"WHERE occurrence IS NOT NULL AND measure_id IN (SELECT m.id FROM measures m {where}) "
            "GROUP BY measure_id, occurrence",
            args,
        ).fetchall()
        marks: dict[int, dict[str, tuple[str, date]]] = {}
        for measure_id, key, status, day, _ in rows:
            marks.setdefault(measure_id, {})[key] = (status, date.fromisoformat(day))
        for measure in measures:
            measure.occurrence_marks = marks.get(measure.id, {})

    def overdue_counts(self, on: date) -> dict[int, int]:
        """What is overdue per roadmap in work on `on` (as Measure.overdue_entries judges: a measure, or
        each overdue occurrence of a recurring one; a finished plan owes nothing). Single deadlines are
        counted in SQL — the roadmap tab shows this at every refresh and must not load every plan's
        measures for it —, only the recurring measures are loaded to count their occurrences."""
        closed = ", ".join("?" * len(CLOSED_STATUSES))
        in_work = "m.roadmap_id IN (SELECT id FROM roadmaps WHERE archived_at IS NULL)"
        rows = self.db.execute(
            f"""SELECT m.roadmap_id, count(*) FROM measures m
                LEFT JOIN measure_progress p
                  ON p.id = (SELECT max(id) FROM measure_progress WHERE measure_id = m.id AND occurrence IS NULL)
                WHERE m.due IS NOT NULL AND m.due < ? AND coalesce(p.status, 'not_started') NOT IN ({closed})
                  AND {in_work} AND NOT coalesce({_RECURRING_SQL}, 0)
                GROUP BY m.roadmap_id""",
            [on.isoformat(), *CLOSED_STATUSES],
        )
        counts = dict(rows.fetchall())
        # a recurring measure owes something once its first occurrence is due (its ranges are sorted)
        first_due = "json_extract(m.deadline_json, '$.ranges[0][1]')"
        for measure in self._load(f"WHERE {_RECURRING_SQL} AND {first_due} < ? AND {in_work}", [on.isoformat()]):
            owed = len(measure.overdue_entries(on))
            if owed:
                counts[measure.roadmap_id] = counts.get(measure.roadmap_id, 0) + owed
        return counts

    def measure(self, measure_id: int) -> Measure | None:
        found = self._load("WHERE m.id = ?", [measure_id])
        return found[0] if found else None

    @staticmethod
    def _measure(row: tuple) -> Measure:
        (roadmap_id, section_id, position, number, text, deadline_text, deadline_json, due,
         participants, responsible, note, measure_id, status, status_date, addressee) = row
        return Measure(
            roadmap_id, section_id, position, number, text, deadline_text, json.loads(deadline_json),
            parse_date(due), participants, responsible, note, measure_id,
            status or "not_started", parse_date(status_date), addressee,
        )

    # --- editing ---------------------------------------------------------------------------------
    def update_measure(self, measure_id: int, draft: MeasureDraft) -> None:
        """The fields the editor changes; the addressee (the importer's) is kept."""
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
            self._open_gap(roadmap_id, section_id, position)
            cursor = self.db.execute(
                "INSERT INTO measures (id, roadmap_id, section_id, position, number, text, deadline_text, "
                "deadline_json, due, participants, responsible, note, addressee) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [measure_id, roadmap_id, section_id, position, *self._measure_values(draft), draft.addressee],
            )
        return cursor.lastrowid

    def _open_gap(self, roadmap_id: int, section_id: int | None, position: int) -> None:
        self.db.execute(
            "UPDATE measures SET position = position + 1 WHERE roadmap_id = ? AND position >= ?", [roadmap_id, position]
        )
        self.db.execute(
            "UPDATE roadmap_sections SET position = position + 1 "
            "WHERE roadmap_id = ? AND (position > ? OR (position = ? AND id IS NOT ?))",
            [roadmap_id, position, position, section_id],
        )

    def delete_measure(self, measure_id: int) -> PlanRows | None:
        """The measure with its progress marks; the rows as they were, for `restore_measure` (None: no such measure)."""
        with transaction(self.db):
            self._refuse_archived_measure(measure_id)
            row = self.db.execute("SELECT roadmap_id, position FROM measures WHERE id = ?", [measure_id]).fetchone()
            if not row:
                return None
            kept = self._take(_MEASURE_ROWS, measure_id, row[0])
            self._close_gap(*row)
        return kept

    def restore_measure(self, kept: PlanRows) -> None:
        """A deleted measure back in its place, under its old id with its marks (undo of `delete_measure`)."""
        (_, columns, (row,)) = kept.tables[0]
        values = dict(zip(columns, row))
        with self._putting_back(kept, "Удалённое мероприятие"):
            self._refuse_archived_plan(kept.roadmap_id)
            self._open_gap(kept.roadmap_id, values["section_id"], values["position"])

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

    def delete_section(self, section_id: int) -> PlanRows | None:
        """The section and its measures (their progress too); the rows as they were, for `restore_section`.
        The places they took stay free until they come back."""
        with transaction(self.db):
            self._refuse_archived_section(section_id)
            row = self.db.execute("SELECT roadmap_id FROM roadmap_sections WHERE id = ?", [section_id]).fetchone()
            return self._take(_SECTION_ROWS, section_id, row[0]) if row else None

    def restore_section(self, kept: PlanRows) -> None:
        """A deleted section back with its measures and their marks (undo of `delete_section`)."""
        with self._putting_back(kept, "Удалённый раздел"):
            self._refuse_archived_plan(kept.roadmap_id)

    def _close_gap(self, roadmap_id: int, position: int) -> None:
        self.db.execute(
            "UPDATE measures SET position = position - 1 WHERE roadmap_id = ? AND position > ?", [roadmap_id, position]
        )
        self.db.execute(
            "UPDATE roadmap_sections SET position = position - 1 WHERE roadmap_id = ? AND position > ?",
            [roadmap_id, position],
        )

    # --- the schools a measure is addressed to ------------------------------------------------------
    def address(self, measure_id: int, school_id: int, flag: str | None = None) -> None:
        """The measure names a school of the registry (for the results rule's `flag`, None: by hand)."""
        with transaction(self.db):
            self._refuse_archived_measure(measure_id)
            self.db.execute("INSERT OR IGNORE INTO measure_schools (measure_id, school_id, flag) VALUES (?, ?, ?)",
                            [measure_id, school_id, flag])

    def measure_schools(self, measure_id: int) -> list[tuple[int, str | None]]:
        """(school id, flag) of each school the measure names, in the order they were named."""
        return [tuple(row) for row in self.db.execute(
            "SELECT school_id, flag FROM measure_schools WHERE measure_id = ? ORDER BY id", [measure_id])]

    def set_measure_schools(self, measure_id: int, links: list[tuple[int, str | None]]) -> None:
        """The schools the measure names, all of them at once: (school id, flag) each."""
        with transaction(self.db):
            self._refuse_archived_measure(measure_id)
            self.db.execute("DELETE FROM measure_schools WHERE measure_id = ?", [measure_id])
            self.db.executemany("INSERT OR IGNORE INTO measure_schools (measure_id, school_id, flag) VALUES (?, ?, ?)",
                                [(measure_id, school_id, flag) for school_id, flag in links])

    def addressed(self, roadmap_id: int) -> set[tuple[int, str | None]]:
        """(school id, flag) of every school the plan's measures name."""
        rows = self.db.execute(
            "SELECT s.school_id, s.flag FROM measure_schools s JOIN measures m ON m.id = s.measure_id "
            "WHERE m.roadmap_id = ?", [roadmap_id])
        return set(rows.fetchall())

    def school_measures(self, school_id: int) -> list[tuple[Measure, str | None]]:
        """The measures of every plan that name the school, in plan order, each with the flag it answers."""
        flags = dict(self.db.execute(
            "SELECT measure_id, flag FROM measure_schools WHERE school_id = ? ORDER BY id DESC", [school_id]))
        found = self._load("WHERE m.id IN (SELECT measure_id FROM measure_schools WHERE school_id = ?)", [school_id])
        return [(measure, flags.get(measure.id)) for measure in found]

    # --- progress ------------------------------------------------------------------------------
    def mark(self, mark: ProgressMark) -> ProgressMark:
        if mark.status not in STATUS_LABELS:
            raise ValueError(f"unknown status {mark.status!r}")
        recorded = datetime.now().isoformat(timespec="seconds")
        with transaction(self.db):
            self._refuse_archived_measure(mark.measure_id)
            if mark.occurrence is not None:
                self._refuse_unknown_occurrence(mark.measure_id, mark.occurrence)
            cursor = self.db.execute(
                "INSERT INTO measure_progress (measure_id, status, status_date, marked_by, evidence, recorded_at, "
                "occurrence) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [mark.measure_id, mark.status, mark.status_date.isoformat(), mark.marked_by, mark.evidence, recorded,
                 mark.occurrence],
            )
        return replace(mark, recorded_at=recorded, id=cursor.lastrowid)

    def _refuse_unknown_occurrence(self, measure_id: int, key: str) -> None:
        """A mark names an occurrence the measure has (the window and the commands check first, in their words)."""
        measure = self.measure(measure_id)
        if measure is None or measure.occurrence_by_key(key) is None:
            raise UserError(f"У мероприятия нет срока «{key}»: отметка не записана.")

    def history(self, measure_id: int) -> list[ProgressMark]:
        rows = self.db.execute(
            "SELECT measure_id, status, status_date, marked_by, evidence, recorded_at, id, occurrence "
            "FROM measure_progress WHERE measure_id = ? ORDER BY id",
            [measure_id],
        ).fetchall()
        return [ProgressMark(m, s, date.fromisoformat(d), by, ev, rec, i, occ) for m, s, d, by, ev, rec, i, occ in rows]

    def remove_mark(self, mark_id: int) -> None:
        """Only for undoing a mark just made in the window; the history is otherwise append-only."""
        with transaction(self.db):
            self._refuse_archived("SELECT m.roadmap_id FROM measure_progress p JOIN measures m ON m.id = p.measure_id "
                                  "WHERE p.id = ?", mark_id)
            self.db.execute("DELETE FROM measure_progress WHERE id = ?", [mark_id])
