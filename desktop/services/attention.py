"""«Сегодня»: what wants the user's attention on a day, in one place — the overdue measures of every plan
and order and those due this week, the schools with flags the last import brought, the last loads and
backups, and the first steps of a new office until they are done. The window's start page and
`msoko today` both show this.

A flag is «new» when the school did not carry it (the same flag by the same rule) before the last import
of results. What the flags were before is kept in the database's settings (`FLAGS_KEY`): the window notes
them (`note_flags`, it holds the one-writer lock) whenever it shows the page; reading never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from desktop.models.db import Database
from desktop.models.roadmaps import Measure

WEEK_DAYS = 7
LAST_LOADS = 5
LAST_BACKUPS = 3
FLAGS_KEY = "attention.flags"

# The first steps of a new office: key, what the page says, why.
STEPS = {
    "office": ("Заполните реквизиты", "наименование и руководитель печатаются на каждом приказе"),
    "schools": ("Загрузите список школ", "реестр из Excel: без него не сопоставить результаты"),
    "plan": ("Загрузите дорожную карту", "план из приказа Word или таблицы Excel"),
    "results": ("Загрузите результаты ВПР", "отчёты ФИС ОКО: показатели и признаки школ"),
}


@dataclass
class Entry:
    """A measure (or one occurrence of a recurring one) that is overdue or due soon, with its plan."""
    roadmap_id: int
    measure_id: int
    plan: str
    number: str
    text: str
    due: date | None
    overdue_days: int  # 0 when it is only due soon
    responsible: str

    def to_json(self) -> dict:
        return {"roadmap_id": self.roadmap_id, "measure_id": self.measure_id, "plan": self.plan,
                "number": self.number, "text": self.text, "due": self.due.isoformat() if self.due else None,
                "overdue_days": self.overdue_days, "responsible": self.responsible}


@dataclass
class Load:
    when: datetime | None
    what: str  # «Результаты: <file>», «План: <title>»

    def to_json(self) -> dict:
        return {"when": self.when.isoformat(timespec="seconds") if self.when else None, "what": self.what}


@dataclass
class NewFlags:
    year: int | None
    schools: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (school id, name, explanations)
    known: bool = True  # False: the flags before the last import were not noted: every flag is listed

    def to_json(self) -> dict:
        return {"year": self.year, "known": self.known,
                "schools": [{"school_id": s, "name": n, "flags": f} for s, n, f in self.schools]}


@dataclass
class Today:
    on: date
    overdue: list[Entry] = field(default_factory=list)
    due_week: list[Entry] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # keys of STEPS not yet done, in their order
    loads: list[Load] = field(default_factory=list)
    backups: list = field(default_factory=list)  # services.backup.Backup, newest first
    flags: NewFlags | None = None  # None: not computed (the window computes them off its thread)

    def to_json(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "overdue": [e.to_json() for e in self.overdue],
            "due_week": [e.to_json() for e in self.due_week],
            "steps": [{"key": key, "text": STEPS[key][0], "why": STEPS[key][1]} for key in self.steps],
            "loads": [load.to_json() for load in self.loads],
            "backups": [b.to_json() for b in self.backups],
            "new_flags": self.flags.to_json() if self.flags else None,
        }


# --- the parts ----------------------------------------------------------------------------------
def today(db: Database, db_path: Path, on: date, *, with_flags: bool = True) -> Today:
    from desktop.services import backup

    overdue, due_week = urgent_entries(db, on)
    return Today(on, overdue, due_week, open_steps(db), last_loads(db), backup.list_backups(db_path)[:LAST_BACKUPS],
                 new_flags(db) if with_flags else None)


def urgent_entries(db: Database, on: date, days: int = WEEK_DAYS) -> tuple[list[Entry], list[Entry]]:
    """Overdue entries of every plan in work (the oldest first) and those due in the next `days` days."""
    from desktop.services.roadmap_status import plan_label, urgent_by_plan

    _, groups = urgent_by_plan(db, on, soon=True, days=days)
    overdue, soon = [], []
    for roadmap, measures in groups:
        for measure in measures:
            entry = _entry(measure, plan_label(roadmap), on)
            (overdue if entry.overdue_days else soon).append(entry)
    overdue.sort(key=lambda e: e.due or date.max)
    soon.sort(key=lambda e: e.due or date.max)
    return overdue, soon


def _entry(measure: Measure, plan: str, on: date) -> Entry:
    overdue = measure.is_overdue(on)
    due = measure.due if overdue else measure.next_due(on)
    return Entry(measure.roadmap_id, measure.id, plan, measure.number or "", measure.text, due,
                 (on - measure.due).days if overdue and measure.due else 0, measure.responsible or "")


def open_steps(db: Database) -> list[str]:
    """The first steps not yet done: the office's details, the schools, a plan, results of ВПР."""
    from desktop.models.office import load_office

    office = load_office(db)
    done = {
        "office": bool(office.full_name.strip() and office.head_name.strip()),
        "schools": _exists(db, "SELECT 1 FROM schools"),
        "plan": _exists(db, "SELECT 1 FROM roadmaps"),
        "results": _exists(db, "SELECT 1 FROM assessments WHERE kind = 'ВПР'"),
    }
    return [key for key in STEPS if not done[key]]


def _exists(db: Database, query: str) -> bool:
    return db.execute(f"SELECT EXISTS ({query})").fetchone()[0] == 1


def last_loads(db: Database, count: int = LAST_LOADS) -> list[Load]:
    """The last files of results and plans loaded, the newest first."""
    from desktop.models.result_imports import ImportLog
    from desktop.models.roadmaps import RoadmapsRepository

    loads = [Load(record.imported_at, f"Результаты: {record.file_name}") for record in ImportLog(db).list()[:count]]
    for roadmap in RoadmapsRepository(db).list():
        if roadmap.source != "manual":
            loads.append(Load(_when(roadmap.created_at), f"План: {roadmap.title}"))
    loads.sort(key=lambda load: load.when or datetime.min, reverse=True)
    return loads[:count]


def _when(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


# --- flags new since the last import ------------------------------------------------------------
def _last_import(db: Database) -> int | None:
    return db.execute("SELECT max(id) FROM result_imports").fetchone()[0]


def current_flags(db: Database) -> tuple[int | None, list]:
    """(the latest year with results, its flags)."""
    from desktop.services.school_flags import latest_school_flags

    year, by_school = latest_school_flags(db)
    return year, [flag for flags in by_school.values() for flag in flags]


def _keys(flags) -> set[tuple]:
    return {(f.school_id, f.flag, f.rule) for f in flags}


def _noted(db: Database) -> dict:
    from desktop.models.settings import get_setting

    return get_setting(db, FLAGS_KEY, {}) or {}


def _before_last_import(db: Database, noted: dict, last: int | None) -> set[tuple] | None:
    """The flags as they stood before the last import; None when nobody noted them."""
    imports = db.execute("SELECT count(*) FROM result_imports").fetchone()[0]
    if noted.get("import_id") == last and "before" in noted:
        return {tuple(k) for k in noted["before"]}
    if noted.get("import_id") is not None and noted.get("import_id") != last:
        return {tuple(k) for k in noted.get("after", [])}  # noted after an earlier import
    if imports <= 1:
        return set()  # the first results: every flag is new
    return None


def new_flags(db: Database, computed: tuple[int | None, list] | None = None) -> NewFlags:
    """The schools whose flags the last import brought (every flagged school when what was before is unknown)."""
    year, flags = computed or current_flags(db)
    before = _before_last_import(db, _noted(db), _last_import(db))
    names: dict[int, str] = {}
    explanations: dict[int, list[str]] = {}
    for flag in flags:
        if before is None or (flag.school_id, flag.flag, flag.rule) not in before:
            names[flag.school_id] = flag.name
            explanations.setdefault(flag.school_id, []).append(flag.explanation)
    return NewFlags(year, sorted(((s, names[s], explanations[s]) for s in names), key=lambda item: item[1]),
                    known=before is not None)


def note_flags(db: Database, computed: tuple[int | None, list] | None = None) -> None:
    """Keep the flags as they stand now, and what they were before the last import (the caller holds
    the one-writer lock: the window does)."""
    from desktop.models.settings import set_setting

    _, flags = computed or current_flags(db)
    last = _last_import(db)
    noted = _noted(db)
    before = _before_last_import(db, noted, last)
    now = [list(key) for key in sorted(_keys(flags))]
    was = [list(key) for key in sorted(before)] if before is not None else now
    value = {"import_id": last, "before": was, "after": now}
    if value != noted:
        set_setting(db, FLAGS_KEY, value)
