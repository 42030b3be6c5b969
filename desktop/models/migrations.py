"""The schema as numbered steps. `PRAGMA user_version` is the number of the last step applied.

Each step runs in its own transaction together with the version bump, so a crash leaves the
database at the previous version, never between two. Add a step at the end; never edit an old one.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.errors import DatabaseTooNewError
from desktop.models.db import APPLICATION_ID, Database, transaction


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


# ЕГЭ minimum scores for the school certificate, 2026 (Rosobrnadzor); «Математика базовая» is passed
# with the mark «3». Earlier years get the same numbers marked unverified («уточнить») until checked.
EGE_MIN_SCORES_2026 = [
    ("Русский язык", 24, None),
    ("Математика профильная", 27, None),
    ("Математика базовая", None, 3),
    ("Физика", 36, None),
    ("Химия", 36, None),
    ("Биология", 36, None),
    ("Информатика", 40, None),
    ("История", 32, None),
    ("Литература", 32, None),
    ("География", 37, None),
    ("Обществознание", 42, None),
    ("Английский язык", 22, None),
    ("Немецкий язык", 22, None),
    ("Французский язык", 22, None),
    ("Испанский язык", 22, None),
    ("Китайский язык", 22, None),
]
EGE_SEED_YEARS = range(2019, 2027)


def migrate_4(db: Database) -> None:
    """Assessment results: assessments, per-school figures, per-student rows, reference figures of the
    region and the country, the log of imported files, ЕГЭ minimum scores and settings.

    Results reference schools ON DELETE RESTRICT: a school with results is never deleted silently.
    Per-school figures derived from per-student rows carry `from_students = 1`. Task scores of a
    student are one JSON array (`tasks`) in the order of a shared key list (`task_sets.keys`).
    """
    _run_script(
        db,
        """
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('ВПР', 'ОГЭ', 'ЕГЭ', 'ГВЭ', 'НИКО', 'РМ', 'МКР')),
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            subject TEXT NOT NULL CHECK (trim(subject) <> ''),
            grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
            date TEXT,
            max_score REAL CHECK (max_score > 0),
            UNIQUE (kind, year, subject, grade)
        );
        CREATE INDEX assessments_year ON assessments(year, kind);
        CREATE TABLE result_imports (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            layout TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE school_results (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
            participants INTEGER CHECK (participants >= 0),
            n2 INTEGER CHECK (n2 >= 0),
            n3 INTEGER CHECK (n3 >= 0),
            n4 INTEGER CHECK (n4 >= 0),
            n5 INTEGER CHECK (n5 >= 0),
            lowered INTEGER CHECK (lowered >= 0),
            confirmed INTEGER CHECK (confirmed >= 0),
            raised INTEGER CHECK (raised >= 0),
            mean_primary REAL,
            mean_test REAL CHECK (mean_test BETWEEN 0 AND 100),
            below_threshold INTEGER CHECK (below_threshold >= 0),
            score_81_100 INTEGER CHECK (score_81_100 >= 0),
            score_100 INTEGER CHECK (score_100 >= 0),
            from_students INTEGER NOT NULL DEFAULT 0 CHECK (from_students IN (0, 1)),
            import_id INTEGER REFERENCES result_imports(id) ON DELETE SET NULL,
            PRIMARY KEY (assessment_id, school_id)
        );
        CREATE INDEX school_results_school ON school_results(school_id);
        CREATE TABLE task_sets (
            id INTEGER PRIMARY KEY,
            keys TEXT NOT NULL UNIQUE
        );
        CREATE TABLE student_results (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
            import_id INTEGER REFERENCES result_imports(id) ON DELETE SET NULL,
            participant_code TEXT,
            class_label TEXT,
            variant TEXT,
            task_set_id INTEGER REFERENCES task_sets(id),
            tasks TEXT,
            primary_score REAL CHECK (primary_score >= 0),
            mark INTEGER CHECK (mark BETWEEN 2 AND 5),
            journal_mark INTEGER CHECK (journal_mark BETWEEN 2 AND 5),
            test_score REAL CHECK (test_score BETWEEN 0 AND 100),
            full_name TEXT
        );
        CREATE INDEX student_results_pair ON student_results(assessment_id, school_id);
        CREATE TABLE reference_results (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            level TEXT NOT NULL CHECK (level IN ('all', 'region', 'municipality', 'school')),
            code TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
            participants INTEGER CHECK (participants >= 0),
            n2 INTEGER CHECK (n2 >= 0),
            n3 INTEGER CHECK (n3 >= 0),
            n4 INTEGER CHECK (n4 >= 0),
            n5 INTEGER CHECK (n5 >= 0),
            lowered INTEGER CHECK (lowered >= 0),
            confirmed INTEGER CHECK (confirmed >= 0),
            raised INTEGER CHECK (raised >= 0),
            import_id INTEGER REFERENCES result_imports(id) ON DELETE SET NULL,
            UNIQUE (assessment_id, level, code)
        );
        CREATE TABLE ege_min_scores (
            year INTEGER NOT NULL,
            subject TEXT NOT NULL,
            min_test_score REAL CHECK (min_test_score BETWEEN 0 AND 100),
            min_mark INTEGER CHECK (min_mark BETWEEN 2 AND 5),
            verified INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
            PRIMARY KEY (year, subject),
            CHECK ((min_test_score IS NULL) <> (min_mark IS NULL))
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )
    db.executemany(
        "INSERT INTO ege_min_scores (year, subject, min_test_score, min_mark, verified) VALUES (?, ?, ?, ?, ?)",
        [
            (year, subject, score, mark, int(year == 2026))
            for year in EGE_SEED_YEARS
            for subject, score, mark in EGE_MIN_SCORES_2026
        ],
    )


def migrate_5(db: Database) -> None:
    """The file is marked as an МСОКО database (`PRAGMA application_id`)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def migrate_6(db: Database) -> None:
    """The journal counts the versions of a draft order written again under the same kind, number and date."""
    db.execute("ALTER TABLE orders ADD COLUMN versions INTEGER NOT NULL DEFAULT 1")


def migrate_7(db: Database) -> None:
    """The registry keeps a school's РЦОИ code («Код ОО» of the regional protocols, text: leading
    zeros matter) and its older ФИС ОКО logins (sch…); scales turn primary scores into marks where a
    file has no mark (the regional per-student exports of ВПР), per kind, year, subject and grade;
    reference rows (the region, a municipality) keep the ЕГЭ figures of the regional summaries too.

    A code belongs to one school: the РЦОИ codes are unique among themselves, an old login is unique
    among the old logins (that it is no other school's current code is checked by the repository).
    """
    _run_script(
        db,
        """
        ALTER TABLE schools ADD COLUMN rcoi_code TEXT CHECK (rcoi_code IS NULL OR trim(rcoi_code) <> '');
        CREATE UNIQUE INDEX schools_rcoi_code ON schools(rcoi_code) WHERE rcoi_code IS NOT NULL;
        CREATE TABLE school_old_codes (
            code TEXT PRIMARY KEY CHECK (trim(code) <> ''),
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE
        );
        CREATE INDEX school_old_codes_school ON school_old_codes(school_id);
        CREATE TABLE scales (
            kind TEXT NOT NULL CHECK (kind IN ('ВПР', 'ОГЭ', 'ЕГЭ', 'ГВЭ', 'НИКО', 'РМ', 'МКР')),
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            subject TEXT NOT NULL CHECK (trim(subject) <> ''),
            grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
            min3 REAL NOT NULL,
            min4 REAL NOT NULL,
            min5 REAL NOT NULL,
            max REAL NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (kind, year, subject, grade),
            CHECK (0 < min3 AND min3 < min4 AND min4 < min5 AND min5 <= max)
        );
        ALTER TABLE reference_results ADD COLUMN mean_primary REAL;
        ALTER TABLE reference_results ADD COLUMN mean_test REAL CHECK (mean_test BETWEEN 0 AND 100);
        ALTER TABLE reference_results ADD COLUMN below_threshold INTEGER CHECK (below_threshold >= 0);
        ALTER TABLE reference_results ADD COLUMN score_81_100 INTEGER CHECK (score_81_100 >= 0);
        ALTER TABLE reference_results ADD COLUMN score_100 INTEGER CHECK (score_100 >= 0);
        """,
    )


def migrate_8(db: Database) -> None:
    """Orders of a third kind, the decision of a board (РЕШЕНИЕ коллегии), and the office's name in the
    genitive and the dative as the office writes them («к приказу управления образования …»,
    «представлять управлению образования …»).

    SQLite cannot change a CHECK in place, so the journal is copied into a new table. Dropping the old
    one would set every roadmap's order to NULL (ON DELETE SET NULL): the links are kept aside and
    put back in the same transaction.
    """
    _run_script(
        db,
        """
        CREATE TEMP TABLE roadmap_orders AS SELECT id, order_id FROM roadmaps WHERE order_id IS NOT NULL;
        CREATE TABLE orders_new (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'ПРИКАЗ' CHECK (kind IN ('ПРИКАЗ', 'РАСПОРЯЖЕНИЕ', 'РЕШЕНИЕ')),
            number TEXT NOT NULL DEFAULT '',
            date TEXT,
            title TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'проект' CHECK (status IN ('проект', 'подписан')),
            source_file TEXT NOT NULL DEFAULT '',
            versions INTEGER NOT NULL DEFAULT 1
        );
        INSERT INTO orders_new (id, kind, number, date, title, status, source_file, versions)
            SELECT id, kind, number, date, title, status, source_file, versions FROM orders;
        DROP TABLE orders;
        ALTER TABLE orders_new RENAME TO orders;
        UPDATE roadmaps SET order_id = (SELECT k.order_id FROM temp.roadmap_orders k WHERE k.id = roadmaps.id)
            WHERE id IN (SELECT id FROM temp.roadmap_orders);
        DROP TABLE temp.roadmap_orders;
        ALTER TABLE office ADD COLUMN genitive_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE office ADD COLUMN dative_name TEXT NOT NULL DEFAULT ''
        """,
    )


def migrate_9(db: Database) -> None:
    """A plan can be finished (archived): `archived_at` is the day it was, NULL while it is in work.

    A column added in place, not a copied table: the plan's links — its order, its sections and measures
    (ON DELETE CASCADE from them) — stay exactly as they are.
    """
    db.execute(
        "ALTER TABLE roadmaps ADD COLUMN archived_at TEXT "
        "CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
    )


def migrate_10(db: Database) -> None:
    """An imported order keeps its own wording (`orders.wording`, JSON: preamble, operative word, clauses
    with their sub-clauses, deadlines and executors), so that printing it again reproduces its text;
    '' for an order written here. A column added in place: every link to an order stays as it is."""
    db.execute("ALTER TABLE orders ADD COLUMN wording TEXT NOT NULL DEFAULT ''")


def migrate_11(db: Database) -> None:
    """A recurring measure («до 25 числа каждого месяца») is marked occurrence by occurrence, and a measure
    keeps whom its clause is addressed to.

    `measure_progress.occurrence` is the key of the occurrence a mark is for, NULL for a measure's single
    deadline (and for a mark of a recurring measure as a whole). The key is the month the occurrence is
    due, "YYYY-MM" (a quarterly one: the month of its due day), or, when two occurrences of the measure
    fall due in one month (a weekly deadline), its due day "YYYY-MM-DD" (`roadmaps.occurrence_keys`): a
    month, not a day, so that a mark outlives an edit of the day («до 25 числа» → «до 20 числа»).
    `measures.addressee` is the clause's addressee in the dative («Руководителям ОО»), NULL until the
    importer fills it. Columns added in place, as in step 9: every link and cascade stays as it is.
    """
    _run_script(
        db,
        """
        ALTER TABLE measure_progress ADD COLUMN occurrence TEXT CHECK (occurrence IS NULL
            OR occurrence GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
            OR occurrence GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
        CREATE INDEX measure_progress_occurrence ON measure_progress(measure_id, occurrence, id);
        ALTER TABLE measures ADD COLUMN addressee TEXT
        """,
    )


def migrate_12(db: Database) -> None:
    """Medalists («За особые успехи в учении», I or II степени) of a school and year, imported from a sheet
    or entered, with their ЕГЭ test scores by subject, for the medalists' non-confirmation index. The
    name is optional (NULL: the list gave none). A school with medalists is never deleted silently."""
    _run_script(
        db,
        """
        CREATE TABLE medalists (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            medal TEXT NOT NULL CHECK (medal IN ('I', 'II')),
            full_name TEXT CHECK (full_name IS NULL OR trim(full_name) <> ''),
            source_file TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX medalists_year ON medalists(year, school_id);
        CREATE TABLE medalist_scores (
            medalist_id INTEGER NOT NULL REFERENCES medalists(id) ON DELETE CASCADE,
            subject TEXT NOT NULL CHECK (trim(subject) <> ''),
            test_score REAL NOT NULL CHECK (test_score BETWEEN 0 AND 100),
            PRIMARY KEY (medalist_id, subject)
        )
        """,
    )


def migrate_13(db: Database) -> None:
    """The tasks of an assessment and their completion as ФИС ОКО reports it.

    `assessment_tasks`: one row per task of an assessment, in the file's order (`position`), with its
    maximum points, its level (Б — базовый, П — повышенный, В — высокий) and the planned result it
    checks; NULL where no file said. `task_rates`: a group's completion of a task (a share 0–1 of the
    task's maximum) from the reports «Выполнение заданий» and «Достижение планируемых результатов»: the
    whole sample, the region, a municipality (`own` — the district's), a school (`school_id` when it is
    a school of the registry). The schools' own rates are counted from `student_results.tasks` when
    their pupils are stored. `score_shares`: a group's share of participants with each primary score, from
    «Распределение первичных баллов» (the region's is what the rule `score_peaks` compares a school with).
    """
    _run_script(
        db,
        """
        CREATE TABLE assessment_tasks (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            task TEXT NOT NULL CHECK (trim(task) <> ''),
            position INTEGER NOT NULL,
            max REAL CHECK (max IS NULL OR max > 0),
            level TEXT CHECK (level IS NULL OR level IN ('Б', 'П', 'В')),
            planned_result TEXT,
            PRIMARY KEY (assessment_id, task)
        );
        CREATE TABLE task_rates (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            level TEXT NOT NULL CHECK (level IN ('all', 'region', 'municipality', 'school')),
            code TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            own INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
            school_id INTEGER REFERENCES schools(id) ON DELETE SET NULL,
            task TEXT NOT NULL,
            rate REAL CHECK (rate IS NULL OR rate BETWEEN 0 AND 1),
            participants INTEGER CHECK (participants IS NULL OR participants >= 0),
            import_id INTEGER REFERENCES result_imports(id) ON DELETE SET NULL,
            UNIQUE (assessment_id, level, code, task)
        );
        CREATE INDEX task_rates_school ON task_rates(school_id);
        CREATE TABLE score_shares (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            level TEXT NOT NULL CHECK (level IN ('all', 'region', 'municipality', 'school')),
            code TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            score REAL NOT NULL CHECK (score >= 0),
            share REAL CHECK (share IS NULL OR share BETWEEN 0 AND 1),
            participants INTEGER CHECK (participants IS NULL OR participants >= 0),
            import_id INTEGER REFERENCES result_imports(id) ON DELETE SET NULL,
            UNIQUE (assessment_id, level, code, score)
        )
        """,
    )


def migrate_14(db: Database) -> None:
    """A plan's measure names the schools of the registry it is addressed to, any number of them
    (`measure_schools`); `flag` is the results rule's flag the measure answers («low_results»,
    «objectivity_risk»), NULL for a school named by hand. A school and flag are addressed once in a
    measure. Links go with their measure and with their school (CASCADE).
    """
    _run_script(
        db,
        """
        CREATE TABLE measure_schools (
            id INTEGER PRIMARY KEY,
            measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
            flag TEXT CHECK (flag IS NULL OR flag IN ('low_results', 'objectivity_risk')),
            UNIQUE (measure_id, school_id, flag)
        );
        CREATE INDEX measure_schools_school ON measure_schools(school_id)
        """,
    )



def migrate_15(db: Database) -> None:
    """Two procedures judged «зачёт» / «незачёт»: the итоговое сочинение (изложение), «ИС-11», and the
    итоговое собеседование по русскому языку, «ИС-9». A school's and a reference group's figures keep
    how many got each (`passed`, `failed`); the собеседование's mean score is `mean_primary`.

    SQLite cannot widen the CHECK of `assessments.kind` in place, so the table is copied into a new one,
    as the journal of orders was in step 8. Dropping the old table would delete every result with it
    (ON DELETE CASCADE): the rows of every table that references it are kept aside and put back in the
    same transaction, whichever tables those are.
    """
    _run_script(
        db,
        """
        ALTER TABLE school_results ADD COLUMN passed INTEGER CHECK (passed >= 0);
        ALTER TABLE school_results ADD COLUMN failed INTEGER CHECK (failed >= 0);
        ALTER TABLE reference_results ADD COLUMN passed INTEGER CHECK (passed >= 0);
        ALTER TABLE reference_results ADD COLUMN failed INTEGER CHECK (failed >= 0)
        """,
    )
    children = [name for (name,) in db.execute(
        "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
        "WHERE m.type = 'table' AND f.\"table\" = 'assessments' ORDER BY m.name")]
    for name in children:
        db.execute(f'CREATE TEMP TABLE "kept_{name}" AS SELECT * FROM "{name}"')
    # the table as it stands (with whatever columns later steps gave it), only its list of kinds wider
    table = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'assessments'").fetchone()[0]
    indexes = [sql for (sql,) in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'assessments' AND sql IS NOT NULL")]
    wider = table.replace("'МКР')", "'МКР', 'ИС-11', 'ИС-9')", 1).replace("assessments", "assessments_new", 1)
    if wider == table.replace("assessments", "assessments_new", 1):
        raise RuntimeError("step 15: the CHECK of assessments.kind is not the one of step 4")
    db.execute(wider)
    _run_script(
        db,
        """
        INSERT INTO assessments_new SELECT * FROM assessments;
        DROP TABLE assessments;
        ALTER TABLE assessments_new RENAME TO assessments
        """,
    )
    for sql in indexes:
        db.execute(sql)
    for name in children:  # a SET NULL child kept its rows with the link cleared: they are replaced whole
        db.execute(f'DELETE FROM "{name}"')
        db.execute(f'INSERT INTO "{name}" SELECT * FROM temp."kept_{name}"')
        db.execute(f'DROP TABLE temp."kept_{name}"')


MIGRATIONS: list[Callable[[Database], None]] = [migrate_1, migrate_2, migrate_3, migrate_4, migrate_5, migrate_6,
                                                migrate_7, migrate_8, migrate_9, migrate_10, migrate_11, migrate_12,
                                                migrate_13, migrate_14, migrate_15]
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
