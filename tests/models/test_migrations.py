import sqlite3

import pytest

from desktop.errors import DatabaseTooNewError
from desktop.models import migrations
from desktop.models.db import connect
from desktop.services.backup import list_backups
from desktop.services.database import open_database


def test_empty_file_is_migrated_to_the_latest_schema_without_a_backup(db_path):
    db_path.touch()  # an empty file is a valid, empty SQLite database
    db = open_database(db_path)
    assert migrations.schema_version(db) == migrations.LATEST_VERSION
    assert {"office", "schools", "school_aliases"} <= set(db.table_names())
    assert db.execute("SELECT count(*) FROM office").fetchone()[0] == 1
    db.close()
    assert list_backups(db_path) == []  # nothing to back up yet


def test_older_schema_keeps_its_data_and_is_backed_up_before_migrating(db_path):
    old = connect(db_path)
    migrations.migrate(old, target=1)
    old.execute("INSERT INTO schools (short_name, code) VALUES ('МКОУ «ООШ д. Старое»', 'edu777001')")
    old.execute("UPDATE office SET full_name = 'Отдел образования Старого района' WHERE id = 1")
    old.conn.commit()
    old.close()

    db = open_database(db_path)
    assert migrations.schema_version(db) == migrations.LATEST_VERSION
    assert db.execute("SELECT short_name, code FROM schools").fetchall() == [("МКОУ «ООШ д. Старое»", "edu777001")]
    assert db.execute("SELECT full_name FROM office").fetchone()[0] == "Отдел образования Старого района"
    db.close()

    backups = list_backups(db_path)
    assert [b.reason for b in backups] == [f"before-v{migrations.LATEST_VERSION}"]
    copy = sqlite3.connect(backups[0].path)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM schools").fetchone()[0] == 1
    copy.close()


def test_a_failing_step_leaves_the_previous_version_whole(db_path, monkeypatch):
    db = connect(db_path)
    migrations.migrate(db, target=1)

    def broken(database):
        database.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.migrate_1, broken])
    with pytest.raises(RuntimeError):
        migrations.migrate(db, target=2)
    assert migrations.schema_version(db) == 1
    assert "half_done" not in db.table_names()
    db.close()


def test_database_from_a_newer_program_is_refused_with_a_russian_message(db_path):
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
    raw.close()
    with pytest.raises(DatabaseTooNewError, match="более новой версией"):
        open_database(db_path)


def test_a_text_file_is_not_taken_for_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("это не база данных, а заметки " * 100, encoding="utf-8")
    with pytest.raises(Exception, match="повреждён или не является базой"):
        open_database(path)
    assert path.read_text(encoding="utf-8").startswith("это не база")


def test_step_8_widens_the_order_kinds_and_keeps_every_plan_linked_to_its_order(db_path):
    old = connect(db_path)
    migrations.migrate(old, target=7)
    old.execute("INSERT INTO orders (id, kind, number, title, status, versions) "
                "VALUES (5, 'РАСПОРЯЖЕНИЕ', '12-р', 'Об утверждении плана', 'подписан', 2)")
    old.execute("INSERT INTO roadmaps (title, order_id, created_at) VALUES ('План', 5, '2026-01-01')")
    old.execute("INSERT INTO roadmaps (title, created_at) VALUES ('Без приказа', '2026-01-01')")
    old.conn.commit()
    old.close()

    db = open_database(db_path)
    assert db.execute("SELECT title, order_id FROM roadmaps ORDER BY id").fetchall() == [("План", 5), ("Без приказа", None)]
    assert db.execute("SELECT kind, number, versions FROM orders").fetchall() == [("РАСПОРЯЖЕНИЕ", "12-р", 2)]
    db.execute("INSERT INTO orders (kind, number) VALUES ('РЕШЕНИЕ', '1')")  # the board's decision is a kind now
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO orders (kind, number) VALUES ('УКАЗ', '1')")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT genitive_name, dative_name FROM office").fetchone() == ("", "")
    db.close()


def test_step_9_lets_a_plan_be_finished_and_keeps_every_link_and_row(db_path):
    old = connect(db_path)
    migrations.migrate(old, target=8)
    old.execute("INSERT INTO orders (id, kind, number, title) VALUES (7, 'ПРИКАЗ', '341', 'О мониторинге')")
    old.execute("INSERT INTO roadmaps (id, title, order_id, period_start, period_end, source, created_at) "
                "VALUES (3, 'План 2023', 7, '2023-09-01', '2024-08-31', 'clauses', '2023-09-05T10:00:00')")
    old.execute("INSERT INTO roadmap_sections (id, roadmap_id, position, number, title) VALUES (4, 3, 0, '3', 'Анализ')")
    old.execute("INSERT INTO measures (id, roadmap_id, section_id, position, text, due) "
                "VALUES (11, 3, 4, 0, 'Провести анализ', '2023-09-20')")
    old.execute("INSERT INTO measure_progress (measure_id, status, status_date, recorded_at) "
                "VALUES (11, 'in_progress', '2023-09-10', '2023-09-10T09:00:00')")
    old.conn.commit()
    tables = ("orders", "roadmaps", "roadmap_sections", "measures", "measure_progress")
    keys = {t: old.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables}
    columns = {t: ", ".join(c[1] for c in old.execute(f"PRAGMA table_info({t})")) for t in tables}
    rows = {t: old.execute(f"SELECT {columns[t]} FROM {t}").fetchall() for t in tables}
    old.close()

    db = open_database(db_path)
    assert migrations.schema_version(db) >= 9
    assert {t: db.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables} == keys
    after = {t: db.execute(f"SELECT {columns[t]} FROM {t}").fetchall() for t in tables}  # later steps add columns
    assert after == rows
    assert db.execute("SELECT archived_at FROM roadmaps").fetchall() == [(None,)]  # in work
    db.execute("UPDATE roadmaps SET archived_at = '2026-11-23' WHERE id = 3")
    with pytest.raises(sqlite3.IntegrityError):  # a day, written ISO, or nothing
        db.execute("UPDATE roadmaps SET archived_at = '23.11.2026' WHERE id = 3")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("DELETE FROM roadmaps WHERE id = 3")  # the cascades still work
    assert db.execute("SELECT count(*) FROM measure_progress").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM orders").fetchone()[0] == 1
    db.close()


def test_step_10_keeps_an_imported_orders_own_wording_and_every_link(db_path):
    old = connect(db_path)
    migrations.migrate(old, target=9)
    old.execute("INSERT INTO orders (id, kind, number, title, status) VALUES (7, 'РАСПОРЯЖЕНИЕ', '52-р', 'О плане', 'подписан')")
    old.execute("INSERT INTO roadmaps (id, title, order_id, source, created_at) "
                "VALUES (3, 'План', 7, 'table', '2023-09-05T10:00:00')")
    old.conn.commit()
    keys = {t: old.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in ("orders", "roadmaps")}
    old.close()

    db = open_database(db_path)
    assert migrations.schema_version(db) >= 10
    assert {t: db.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in ("orders", "roadmaps")} == keys
    assert db.execute("SELECT id, kind, number, wording FROM orders").fetchall() == [(7, "РАСПОРЯЖЕНИЕ", "52-р", "")]
    assert db.execute("SELECT order_id FROM roadmaps").fetchall() == [(7,)]
    db.close()


def _columns_of(db, rows: dict[str, list[tuple]], added: dict[str, int] | None = None) -> dict[str, list[tuple]]:
    """Each table's rows cut to the columns it had in `rows` (plus `added` of the step tested; roadmaps
    gained one in step 9): the columns later steps add are checked by their own tests."""
    added = {"roadmaps": 1} if added is None else added
    return {t: [row[: len(before[0]) + added.get(t, 0)] for row in db.execute(f"SELECT * FROM {t}").fetchall()]
            for t, before in rows.items()}


def test_step_11_marks_occurrences_adds_the_addressee_and_keeps_every_link_and_row(db_path):
    old = connect(db_path)
    migrations.migrate(old, target=10)
    old.execute("INSERT INTO orders (id, kind, number, title) VALUES (7, 'ПРИКАЗ', '341', 'О мониторинге')")
    old.execute("INSERT INTO roadmaps (id, title, order_id, period_start, period_end, source, created_at, archived_at) "
                "VALUES (3, 'План 2025', 7, '2025-09-01', '2026-08-31', 'clauses', '2025-09-05T10:00:00', NULL)")
    old.execute("INSERT INTO roadmap_sections (id, roadmap_id, position, number, title) VALUES (4, 3, 0, '3', 'Отчёты')")
    old.execute("INSERT INTO measures (id, roadmap_id, section_id, position, text, deadline_text, deadline_json, due) "
                "VALUES (11, 3, 4, 0, 'Представлять отчёт', 'до 25 числа каждого месяца', "
                "'{\"kind\": \"recurring\", \"ranges\": [[\"2025-09-25\", \"2025-09-25\"]], \"warnings\": []}', "
                "'2025-09-25')")
    old.execute("INSERT INTO measure_progress (measure_id, status, status_date, recorded_at) "
                "VALUES (11, 'done', '2025-09-20', '2025-09-20T09:00:00')")
    old.conn.commit()
    tables = ("orders", "roadmaps", "roadmap_sections", "measures", "measure_progress")
    keys = {t: old.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables}
    rows = {t: old.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    old.close()

    db = open_database(db_path)
    assert migrations.schema_version(db) >= 11
    assert {t: db.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables} == keys  # every link kept
    assert _columns_of(db, rows, added={}) == rows  # every row and value kept
    # the old mark names no occurrence: it stands for the measure as a whole; the addressee is not known yet
    assert db.execute("SELECT occurrence FROM measure_progress").fetchall() == [(None,)]
    assert db.execute("SELECT addressee FROM measures").fetchall() == [(None,)]
    for key in ("2025-10", "2025-10-12"):  # a month, or a week's last day
        db.execute("INSERT INTO measure_progress (measure_id, status, status_date, recorded_at, occurrence) "
                   "VALUES (11, 'done', '2025-10-20', '2025-10-20T09:00:00', ?)", [key])
    for bad in ("10.2025", "октябрь", "2025-1"):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO measure_progress (measure_id, status, status_date, recorded_at, occurrence) "
                       "VALUES (11, 'done', '2025-10-20', '2025-10-20T09:00:00', ?)", [bad])
    db.execute("UPDATE measures SET addressee = 'Руководителям ОО' WHERE id = 11")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("DELETE FROM roadmaps WHERE id = 3")  # the cascades still work, the new marks go with the plan
    assert db.execute("SELECT count(*) FROM measure_progress").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM orders").fetchone()[0] == 1
    db.close()


def test_step_15_adds_the_pass_fail_kinds_and_keeps_every_result_and_link(db_path):
    """The step that widens `assessments.kind` (numbered 15 in the issue; its place in `MIGRATIONS` is
    its number here): every row of the tables referencing the assessments stays."""
    step = migrations.MIGRATIONS.index(migrations.migrate_15) + 1
    old = connect(db_path)
    migrations.migrate(old, target=step - 1)
    old.execute("INSERT INTO schools (id, short_name, code) VALUES (1, 'СОШ № 1', 'edu990101')")
    old.execute("INSERT INTO result_imports (id, file_name, sha256, layout, imported_at) "
                "VALUES (4, 'мат.xlsx', 'abc', 'fisoko_marks', '2026-05-01T10:00:00')")
    old.execute("INSERT INTO assessments (id, kind, year, subject, grade, max_score) "
                "VALUES (2, 'ВПР', 2026, 'Математика', 5, 20)")
    old.execute("INSERT INTO school_results (assessment_id, school_id, participants, n2, n3, n4, n5, import_id) "
                "VALUES (2, 1, 20, 1, 9, 7, 3, 4)")
    old.execute("INSERT INTO student_results (assessment_id, school_id, import_id, participant_code, mark) "
                "VALUES (2, 1, 4, '50001', 4)")
    old.execute("INSERT INTO reference_results (assessment_id, level, code, name, participants, n2, n3, n4, n5) "
                "VALUES (2, 'region', '', 'Энская область', 900, 90, 400, 300, 110)")
    old.conn.commit()
    tables = ("assessments", "school_results", "student_results", "reference_results")
    keys = {t: old.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables}
    rows = {t: old.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    old.close()

    db = open_database(db_path)
    assert migrations.schema_version(db) >= step
    assert {t: db.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables} == keys
    assert _columns_of(db, rows, added={}) == rows  # every row and value kept
    assert db.execute("SELECT passed, failed FROM school_results").fetchall() == [(None, None)]
    db.execute("INSERT INTO assessments (kind, year, subject, grade, max_score) "
               "VALUES ('ИС-9', 2026, 'Русский язык', 9, 20), ('ИС-11', 2026, 'Русский язык', 11, NULL)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO assessments (kind, year, subject, grade) VALUES ('ОГЭ-2', 2026, 'Химия', 9)")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'assessments_year'").fetchone() == (
        "assessments_year",)
    db.execute("DELETE FROM assessments WHERE id = 2")  # the cascades still work
    assert [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables[1:]] == [0, 0, 0]
    db.close()
