"""«Индивидуальные результаты»: per-pupil rows with tasks, missing markers, journal marks."""

from __future__ import annotations

import time

import pytest

from desktop.services.importers.results.detect import read_result_file
from tests.builders.result_files import (
    SchoolStudents,
    Student,
    random_schools,
    write_fisoko_individual,
)

TASKS = [("1", 1), ("2", 2), ("3.1", 1), ("3.2", 2), ("4К1", 1), ("4К2", 2)]  # max 9


def _schools():
    return [
        SchoolStudents(
            "МБОУ «СОШ № 2 с. Заречное»",
            "edu900102",
            [
                Student(10001, 1, 3, [1, 2, 1, 2, 1, 2], 9, 5, 5),
                Student(10002, 1, 4, [0, "X", 1, 1, 0, 1], 3, 2, 3),
                Student(10003, 2, 3, ["Х", "-", "—", 0, 1, 1], 2, 2, "нет отметки"),
                Student(10004, 2, 4, [1, 1, 0, 2, 1, 1], 6, 4, 4),
            ],
        ),
        SchoolStudents(
            "МКОУ «ООШ № 14 х. Лесной»",
            "edu900114",
            [
                Student(20001, 1, 3, [1, 2, 1, 1, 1, 1], 7, 4, 5),
                Student(20002, 1, 4, [0, 1, 0, 1, 0, 1], 3, 3, 3),
            ],
        ),
    ]


def _write(path, schools=None, **kwargs):
    return write_fisoko_individual(path, schools=schools or _schools(), tasks=TASKS, subject="Математика", grade=6,
                                   **kwargs)


@pytest.mark.parametrize("engine", ["openpyxl", "fast"])
def test_students_come_back_as_written(tmp_path, engine):
    path = tmp_path / "individual.xlsx"
    written = _write(path, engine=engine)
    parsed = read_result_file(path)

    assert parsed.layout == "fisoko_individual"
    key = parsed.assessments[0]
    assert (key.kind, key.year, key.subject, key.grade, key.max_score) == ("ВПР", 2026, "Математика", 6, 9.0)
    assert len(parsed.students) == 6
    assert parsed.student_assessment == [0] * 6

    first, second, third = parsed.students[:3]
    assert first.school_code == "edu900102"
    assert first.school_name == "МБОУ «СОШ № 2 с. Заречное»"
    assert first.participant_code == "10001"
    assert (first.class_label, first.variant) == ("1", "3")
    assert first.tasks == {"1": 1.0, "2": 2.0, "3.1": 1.0, "3.2": 2.0, "4К1": 1.0, "4К2": 2.0}
    assert (first.primary_score, first.mark, first.journal_mark) == (9.0, 5, 5)
    assert first.full_name is None and first.test_score is None
    assert first.row == written.rows["edu900102"] + 1

    assert second.tasks["2"] is None  # Latin X
    assert third.tasks["1"] is None and third.tasks["2"] is None and third.tasks["3.1"] is None  # Х, -, —
    assert third.tasks["3.2"] == 0.0
    assert third.journal_mark is None  # «нет отметки»
    assert third.mark == 2

    last = parsed.students[-1]
    assert (last.school_code, last.participant_code, last.mark) == ("edu900114", "20002", 3)

    assert [(g.code, g.participants, g.n2, g.n3, g.n4, g.n5) for g in parsed.groups] == [
        ("edu900102", 4, 2, 0, 1, 1),
        ("edu900114", 2, 0, 1, 1, 0),
    ]
    assert [g.row for g in parsed.groups] == [written.rows["edu900102"], written.rows["edu900114"]]
    assert parsed.problems == []


def test_bad_values_are_problems_at_their_cells(tmp_path):
    schools = _schools()
    pupils = schools[0].students
    pupils[0].mark = 7  # outside 2–5
    pupils[1].primary = "двадцать"  # text in a number cell
    pupils[2].primary = 12  # above the maximum of 9
    pupils[3].tasks[1] = 3  # task «2» is worth 2 points
    schools[1].students[0].journal_mark = 1
    path = tmp_path / "individual.xlsx"
    written = _write(path, schools)
    parsed = read_result_file(path)
    first_row = written.rows["edu900102"] + 1
    got = {(p.row, p.column, p.severity) for p in parsed.problems}
    cols = written.columns
    assert got == {
        (first_row, cols["Отметка"], "error"),
        (first_row + 1, cols["Первичный балл"], "error"),
        (first_row + 2, cols["Первичный балл"], "error"),
        (first_row + 3, cols["2 (2б)"], "error"),
        (written.rows["edu900114"] + 1, cols["Отметка по журналу"], "error"),
    }
    assert all(p.sheet == written.sheet for p in parsed.problems)
    by_row = {p.row: p.message for p in parsed.problems}
    assert "7" in by_row[first_row] and "2–5" in by_row[first_row]
    assert "двадцать" in by_row[first_row + 1]
    # the bad values are dropped, the rest of the row is kept
    assert parsed.students[0].mark is None and parsed.students[0].primary_score == 9.0
    assert parsed.students[2].primary_score is None
    assert parsed.students[3].tasks["2"] is None and parsed.students[3].tasks["1"] == 1.0
    assert parsed.has_errors


def test_declared_count_mismatch_is_a_warning(tmp_path):
    schools = _schools()
    schools[1].declared = 5
    path = tmp_path / "individual.xlsx"
    written = _write(path, schools)
    parsed = read_result_file(path)
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (written.rows["edu900114"], "A", "warning")
    assert "5" in problem.message and "2" in problem.message


def test_school_code_from_group_row_when_the_oo_column_is_empty(tmp_path):
    schools = _schools()
    path = tmp_path / "individual.xlsx"
    written = _write(path, schools)
    from tests.builders.result_files import set_cells

    row = written.rows["edu900114"] + 1
    set_cells(path, {f"A{row}": None})
    parsed = read_result_file(path)
    assert parsed.students[4].school_code == "edu900114"
    assert parsed.problems == []


def test_problems_of_one_kind_are_capped(tmp_path):
    schools = random_schools(450, tasks=TASKS, n_schools=3)
    for school in schools:
        for pupil in school.students:
            pupil.mark = 9
    path = tmp_path / "individual.xlsx"
    _write(path, schools)
    parsed = read_result_file(path)
    assert len(parsed.problems) == 201
    summary = parsed.problems[-1]
    assert "Ещё 250" in summary.message and summary.row is None


@pytest.mark.slow
def test_three_hundred_thousand_rows(tmp_path):
    path = tmp_path / "big.xlsx"
    schools = random_schools(300_000)
    write_fisoko_individual(path, schools=schools, engine="fast")
    started = time.perf_counter()
    parsed = read_result_file(path)
    elapsed = time.perf_counter() - started
    assert len(parsed.students) == 300_000
    assert len(parsed.groups) == len(schools)
    expected_marks = sum(1 for s in schools for p in s.students if p.mark == 5)
    assert sum(g.n5 for g in parsed.groups) == expected_marks
    pupil = schools[-1].students[-1]
    last = parsed.students[-1]
    assert last.participant_code == str(pupil.participant_code)
    assert last.primary_score == pupil.primary
    assert parsed.problems == []
    assert elapsed < 120, f"reading took {elapsed:.1f} s"
