"""Pupils' rows written several to a statement (ResultsRepository.insert_students): each row as given, in
order, whatever the count of rows and columns."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.models import results as results_module
from desktop.models.db import transaction
from desktop.models.result_imports import ImportLog
from desktop.models.results import ResultsRepository


@pytest.fixture
def stored(db):
    repository = ResultsRepository(db)
    with transaction(db):
        school = db.execute("INSERT INTO schools (short_name, code) VALUES ('МБОУ СОШ №1', 'edu1') RETURNING id")
        school_id = school.fetchone()[0]
        assessment = repository.ensure_assessment("ВПР", 2026, "Математика", 5, None, 9)
        import_id = ImportLog(db).add("file.xlsx", "0" * 64, "fisoko_individual", datetime(2026, 5, 1))
    return repository, school_id, assessment, import_id


@pytest.mark.parametrize("count", [0, 1, 49, 50, 51, 233])
def test_rows_are_written_as_given_and_in_order(db, stored, count):
    repository, school_id, assessment, import_id = stored
    columns = ["assessment_id", "school_id", "participant_code", "mark", "primary_score"]
    rows = [(assessment, school_id, f"{10000 + k}", 2 + k % 4, float(k % 10) if k % 7 else None) for k in range(count)]
    with transaction(db):
        repository.insert_students(iter(rows), import_id, columns)
    got = db.execute("SELECT assessment_id, school_id, participant_code, mark, primary_score, import_id, class_label "
                     "FROM student_results ORDER BY id").fetchall()
    assert got == [(*row, import_id, None) for row in rows]


def test_many_columns_keep_a_statement_within_the_parameters_sqlite_allows(db, stored, monkeypatch):
    repository, school_id, assessment, import_id = stored
    monkeypatch.setattr(results_module, "MAX_PARAMETERS", 7)  # one row of 5 values a statement
    rows = [(assessment, school_id, f"{k}", 3, 1.0) for k in range(5)]
    with transaction(db):
        repository.insert_students(rows, import_id, ["assessment_id", "school_id", "participant_code", "mark",
                                                     "primary_score"])
    assert [r[0] for r in db.execute("SELECT participant_code FROM student_results ORDER BY id")] == list("01234")


def test_a_row_of_another_length_is_refused_before_anything_is_written(db, stored):
    repository, school_id, assessment, import_id = stored
    rows = [(assessment, school_id, "1")] * 60 + [(assessment, school_id)]
    with pytest.raises(ValueError), transaction(db):
        repository.insert_students(rows, import_id, ["assessment_id", "school_id", "participant_code"])
    assert db.execute("SELECT count(*) FROM student_results").fetchone()[0] == 0
