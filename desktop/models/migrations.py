"""The schema as numbered steps. `PRAGMA user_version` is the number of the last step applied.

Each step runs in its own transaction together with the version bump, so a crash leaves the
database at the previous version, never between two. Add a step at the end; never edit an old one.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.errors import DatabaseTooNewError
from desktop.models.db import Database, transaction


def _run_script(db: Database, script: str) -> None:
    """Statement by statement: sqlite3's executescript() would COMMIT the step's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def migrate_1(db: Database) -> None:
    """The office letterhead and the registry of schools."""
    _run_script(
        db,
        """
        CREATE TABLE office (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            full_name TEXT NOT NULL DEFAULT '',
            short_name TEXT NOT NULL DEFAULT '',
            address_line TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            head_position TEXT NOT NULL DEFAULT '',
            head_name TEXT NOT NULL DEFAULT '',
            executor_name TEXT NOT NULL DEFAULT '',
            executor_phone TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO office (id) VALUES (1);
        CREATE TABLE schools (
            id INTEGER PRIMARY KEY,
            short_name TEXT NOT NULL CHECK (trim(short_name) <> ''),
            full_name TEXT NOT NULL DEFAULT '',
            code TEXT UNIQUE,
            kind TEXT NOT NULL DEFAULT '',
            settlement TEXT NOT NULL DEFAULT '',
            director TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            note TEXT NOT NULL DEFAULT ''
        );
        """
    )


def migrate_2(db: Database) -> None:
    """Other names a school is known by in incoming files, matched after normalisation."""
    _run_script(
        db,
        """
        CREATE TABLE school_aliases (
            normalized_name TEXT PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
            written_as TEXT NOT NULL
        );
        CREATE INDEX school_aliases_school ON school_aliases(school_id);
        """
    )


def migrate_3(db: Database) -> None:
    """The journal of orders, and roadmaps with sections, measures and the history of their progress.

    A measure's deadline is kept as written; its reading (kind, ranges, warnings as JSON) and the
    last day it is due are stored beside it so that overdue work is found by a query.
    """
    _run_script(
        db,
        """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'ПРИКАЗ' CHECK (kind IN ('ПРИКАЗ', 'РАСПОРЯЖЕНИЕ')),
            number TEXT NOT NULL DEFAULT '',
            date TEXT,
            title TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'проект' CHECK (status IN ('проект', 'подписан')),
            source_file TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE roadmaps (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL,
            period_start TEXT,
            period_end TEXT,
            source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('table', 'clauses', 'manual')),
            created_at TEXT NOT NULL
        );
        CREATE TABLE roadmap_sections (
            id INTEGER PRIMARY KEY,
            roadmap_id INTEGER NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            number TEXT,
            title TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX roadmap_sections_roadmap ON roadmap_sections(roadmap_id, position);
        CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            roadmap_id INTEGER NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
            section_id INTEGER REFERENCES roadmap_sections(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            number TEXT,
            text TEXT NOT NULL,
            deadline_text TEXT NOT NULL DEFAULT '',
            deadline_json TEXT NOT NULL DEFAULT '{}',
            due TEXT,
            participants TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX measures_roadmap ON measures(roadmap_id, position);
        CREATE INDEX measures_due ON measures(due);
        CREATE TABLE measure_progress (
            id INTEGER PRIMARY KEY,
            measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
            status TEXT NOT NULL
                CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled', 'postponed')),
            status_date TEXT NOT NULL,
            marked_by TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX measure_progress_measure ON measure_progress(measure_id, id);
        """,
    )


MIGRATIONS: list[Callable[[Database], None]] = [migrate_1, migrate_2, migrate_3]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_not_newer(db: Database, path: str) -> None:
    version = schema_version(db)
    if version > LATEST_VERSION:
        raise DatabaseTooNewError(
            f"База данных «{path}» создана более новой версией программы "
            f"(схема {version}, эта версия понимает до {LATEST_VERSION}). "
            "Установите последнюю версию МСОКО."
        )


def pending_steps(db: Database, target: int = LATEST_VERSION) -> list[int]:
    return list(range(schema_version(db) + 1, target + 1))


def migrate(db: Database, target: int = LATEST_VERSION) -> list[int]:
    """Apply the steps up to `target`; returns the numbers applied. The caller backs up first."""
    applied = []
    for number in pending_steps(db, target):
        with transaction(db):
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
        applied.append(number)
    return applied
