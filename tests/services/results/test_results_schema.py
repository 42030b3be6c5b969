"""The results schema: seeded ЕГЭ minimums, schools with results kept, the import log unique by SHA-256."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from desktop.errors import UserError
from desktop.models.min_scores import MinScoresRepository, table_subject
from desktop.models.result_imports import ImportLog
from desktop.models.schools import SchoolsRepository
from tests.services.results.results_helpers import add_schools, save, students_file


def test_ege_minimums_of_2026_are_seeded_and_earlier_years_are_marked_to_check(db):
    scores = MinScoresRepository(db)
    now, before = scores.get(2026, "Русский язык"), scores.get(2024, "Русский язык")
    assert (now.min_test_score, now.verified, now.note) == (24, True, "")
    assert (before.min_test_score, before.verified, before.note) == (24, False, "уточнить")
    assert scores.get(2026, "Математика (базовый уровень)").min_mark == 3
    assert scores.get(2026, "Математика профильного уровня").min_test_score == 27
    assert table_subject("Иностранный язык (английский)") == "Английский язык"
    assert {s.subject: s.min_test_score for s in scores.list(2026)}["Обществознание"] == 42


def test_a_corrected_minimum_recounts_those_below_it(db):
    add_schools(db, 1)
    save(db, [students_file("ЕГЭ", 2025, "История", 11, [("edu800001", None, 30.0), ("edu800001", None, 35.0)])])
    below = "SELECT below_threshold FROM school_results"
    assert db.execute(below).fetchone()[0] == 1  # 32 (2026's, to check) as seeded for 2025
    MinScoresRepository(db).set(2025, "История", min_test_score=36)
    assert db.execute(below).fetchone()[0] == 2
    assert MinScoresRepository(db).get(2025, "История").verified
    with pytest.raises(UserError):
        MinScoresRepository(db).set(2025, "История", min_test_score=120)


def test_a_year_not_seeded_gets_the_nearest_years_minimums_to_check(db):
    add_schools(db, 1)
    save(db, [students_file("ЕГЭ", 2027, "Химия", 11, [("edu800001", None, 30.0)])])
    copied = MinScoresRepository(db).get(2027, "Химия")
    assert (copied.min_test_score, copied.verified) == (36, False)
    assert db.execute("SELECT below_threshold FROM school_results").fetchone()[0] == 1


def test_a_school_with_results_cannot_be_deleted_and_is_told_to_be_marked_inactive(db):
    ids = add_schools(db, 2)
    save(db, [students_file("ОГЭ", 2026, "Математика", 9, [("edu800001", 4, None)])])
    repo = SchoolsRepository(db)
    with pytest.raises(UserError, match="недействующ"):
        repo.delete(ids["edu800001"])
    assert repo.get(ids["edu800001"]) is not None
    with pytest.raises(sqlite3.IntegrityError):  # the database itself refuses, whatever the caller
        db.execute("DELETE FROM schools WHERE id = ?", [ids["edu800001"]])
    repo.delete(ids["edu800002"])
    assert repo.get(ids["edu800002"]) is None


def test_the_import_log_refuses_the_same_file_twice(db):
    log = ImportLog(db)
    log.add("a.xlsx", "ab" * 32, "fisoko_marks", datetime(2026, 5, 1, 10, 0))
    with pytest.raises(sqlite3.IntegrityError):
        log.add("b.xlsx", "ab" * 32, "fisoko_marks", datetime(2026, 5, 2, 10, 0))
    assert log.find("ab" * 32).file_name == "a.xlsx"
