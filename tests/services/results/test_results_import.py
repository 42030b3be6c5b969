"""Result files into the database: a plan first (added, replaced, problems), then one transaction."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from dataclasses import replace

import pytest

from desktop.errors import UserError
from desktop.models.result_imports import ImportLog
from desktop.models.schools import School, SchoolsRepository
from desktop.models.settings import get_setting
from desktop.services.importers.results.records import AssessmentKey, GroupRow, ParsedFile
from desktop.services.results_import import (
    MUNICIPALITY_CODES,
    apply_results_import,
    plan_parsed_results,
    plan_results_import,
    rematch_results_import,
)
from desktop.services.school_matching import remember_alias
from tests.builders.result_files import (
    DEFAULT_JOURNAL_SCHOOLS,
    DEFAULT_MARK_SCHOOLS,
    SchoolMarks,
    SchoolStudents,
    Student,
    write_blank_form,
    write_fisoko_individual,
    write_fisoko_journal,
    write_fisoko_marks,
)
from tests.services.results.results_helpers import source


@pytest.fixture
def registry(db):
    """The four schools of the builders' default files, by code → id."""
    repo = SchoolsRepository(db)
    return {s.code: repo.add(School(s.name, code=s.code)).id for s in DEFAULT_MARK_SCHOOLS}


def figures(db, school_id, *columns):
    return db.execute(f"SELECT {', '.join(columns)} FROM school_results WHERE school_id = ?", [school_id]).fetchone()


def test_marks_and_journal_reports_fill_one_row_per_school_and_keep_the_region_apart(db, registry, tmp_path):
    write_fisoko_marks(tmp_path / "marks.xlsx", subject="Математика", grade=5)
    write_fisoko_journal(tmp_path / "journal.xlsx", subject="Математика", grade=5)

    plan = plan_results_import(db, [tmp_path / "marks.xlsx", tmp_path / "journal.xlsx"])
    assert not plan.has_errors and not plan.replacements
    apply_results_import(db, plan)

    for marks, journal in zip(DEFAULT_MARK_SCHOOLS, DEFAULT_JOURNAL_SCHOOLS, strict=True):
        assert figures(db, registry[marks.code], "participants", "n2", "n3", "n4", "n5") == (sum(marks.counts),
                                                                                            *marks.counts)
        assert figures(db, registry[journal.code], "lowered", "confirmed", "raised") == (
            journal.lowered, journal.confirmed, journal.raised)
    levels = dict(db.execute("SELECT level, count(*) FROM reference_results GROUP BY level").fetchall())
    assert levels == {"all": 1, "region": 1, "municipality": 1}  # not schools
    assert db.execute("SELECT count(*) FROM school_results").fetchone()[0] == 4
    assert get_setting(db, MUNICIPALITY_CODES) == ["reg99_m001"]
    logged = ImportLog(db).list()
    assert [r.file_name for r in logged] == ["journal.xlsx", "marks.xlsx"]
    assert logged[1].summary["school_rows"] == 4 and logged[1].summary["references"] == 3


def test_a_file_imported_before_changes_nothing_and_says_so(db, registry, tmp_path):
    path = write_fisoko_marks(tmp_path / "marks.xlsx").path
    apply_results_import(db, plan_results_import(db, [path]))
    copy = shutil.copy(path, tmp_path / "copy of marks.xlsx")  # another name, the same bytes

    plan = plan_results_import(db, [copy])
    [file_plan] = plan.files
    assert file_plan.already_imported is not None and not file_plan.has_errors
    assert "уже загружен" in file_plan.problems[0].message and file_plan.problems[0].severity == "warning"
    outcome = apply_results_import(db, plan)
    assert outcome.files == [] and len(ImportLog(db).list()) == 1


def test_the_same_file_twice_in_one_batch_counts_once(db, registry, tmp_path):
    path = write_fisoko_marks(tmp_path / "a.xlsx").path
    copy = shutil.copy(path, tmp_path / "b.xlsx")
    plan = plan_results_import(db, [path, copy])
    assert [f.skipped for f in plan.files] == [False, True]
    assert "тот же файл" in plan.files[1].problems[0].message
    apply_results_import(db, plan)
    assert db.execute("SELECT count(*) FROM school_results").fetchone()[0] == 4


def test_replacing_stored_results_needs_confirmation_and_then_replaces(db, registry, tmp_path):
    first = write_fisoko_marks(tmp_path / "first.xlsx").path
    apply_results_import(db, plan_results_import(db, [first]))
    corrected = [SchoolMarks(DEFAULT_MARK_SCHOOLS[0].name, DEFAULT_MARK_SCHOOLS[0].code, (1, 9, 14, 6))]
    second = write_fisoko_marks(tmp_path / "second.xlsx", schools=corrected).path

    plan = plan_results_import(db, [second])
    assert [(r.school_id, r.what, r.previous_file) for r in plan.replacements] == [
        (registry["edu900101"], "marks", "first.xlsx")]
    assert plan.blocked(replace=False) and not plan.blocked(replace=True)
    assert "будут заменены" in plan.files[0].problems_for(False)[-1].message
    with pytest.raises(UserError, match="Подтвердите замену"):
        apply_results_import(db, plan)
    assert figures(db, registry["edu900101"], "n2", "n3", "n4", "n5") == (3, 10, 12, 5)

    apply_results_import(db, plan, replace=True)
    assert figures(db, registry["edu900101"], "n2", "n3", "n4", "n5") == (1, 9, 14, 6)


def _pupils(marks_and_journal):
    return [Student(10001 + i, 1, 1, [1] * 9, 9, mark, journal) for i, (mark, journal) in enumerate(marks_and_journal)]


def test_per_student_rows_give_the_school_figures_and_a_report_never_overwrites_them(db, registry, tmp_path):
    pupils = [(2, 3), (3, 3), (4, 3), (4, 4), (5, 4), (5, "нет отметки")]
    school = DEFAULT_MARK_SCHOOLS[0]
    write_fisoko_individual(tmp_path / "ind.xlsx", schools=[SchoolStudents(school.name, school.code, _pupils(pupils))])
    apply_results_import(db, plan_results_import(db, [tmp_path / "ind.xlsx"]))

    sid = registry[school.code]
    assert db.execute("SELECT count(*) FROM student_results WHERE school_id = ?", [sid]).fetchone()[0] == 6
    assert figures(db, sid, "participants", "n2", "n3", "n4", "n5", "lowered", "confirmed", "raised",
                   "mean_primary", "from_students") == (6, 1, 1, 2, 2, 1, 2, 2, 9.0, 1)
    stored = db.execute("SELECT tasks FROM student_results LIMIT 1").fetchone()[0]
    assert stored == "[1,1,1,1,1,1,1,1,1]"

    write_fisoko_marks(tmp_path / "marks.xlsx", schools=[SchoolMarks(school.name, school.code, (0, 0, 3, 3))])
    plan = plan_results_import(db, [tmp_path / "marks.xlsx"])
    assert plan.files[0].kept == 1 and not plan.replacements
    assert any("по результатам учеников" in p.message for p in plan.files[0].problems)
    apply_results_import(db, plan)
    assert figures(db, sid, "n2", "n3", "n4", "n5") == (1, 1, 2, 2)


def test_an_unknown_school_is_an_error_until_its_name_is_remembered(db, registry, tmp_path):
    stranger = SchoolMarks("МКОУ «НОШ д. Неизвестная»", "edu900199", (0, 2, 2, 1))
    written = write_fisoko_marks(tmp_path / "marks.xlsx", schools=[*DEFAULT_MARK_SCHOOLS, stranger])
    plan = plan_results_import(db, [written.path])
    [error] = [p for p in plan.files[0].problems if p.is_error]
    assert (error.row, error.column) == (written.rows["edu900199"], "A")
    assert "не найдена в реестре" in error.message
    assert [u.written_as for u in plan.unmatched] == ["МКОУ «НОШ д. Неизвестная»"]
    with pytest.raises(UserError):
        apply_results_import(db, plan)
    assert db.execute("SELECT count(*) FROM school_results").fetchone()[0] == 0

    other = SchoolsRepository(db).add(School("МКОУ «НОШ д. Известная»"))
    remember_alias(db, plan.unmatched[0].written_as, other.id)
    plan = rematch_results_import(db, plan)
    assert not plan.has_errors
    apply_results_import(db, plan)
    assert figures(db, other.id, "n3", "n4", "n5") == (2, 2, 1)


def test_a_code_mismatch_is_a_question_until_the_registry_keeps_the_old_code(db, tmp_path):
    # The same name (spelled otherwise) with a code the registry does not know is not matched by the
    # name: codes come first. Once the old login is in the registry, the school is found by it.
    repo = SchoolsRepository(db)
    saved = repo.add(School('МБОУ "СОШ №1  с. Заречное"', code="edu900001"))
    write_fisoko_marks(tmp_path / "m.xlsx", schools=[SchoolMarks("МБОУ «СОШ № 1 с. Заречное»", "sch990001", (1, 2, 3, 4))])
    plan = plan_results_import(db, [tmp_path / "m.xlsx"])
    assert plan.has_errors
    assert any("sch990001" in p.message for p in plan.files[0].problems if p.is_error)
    repo.update(replace(saved, old_codes=["sch990001"]))
    plan = plan_results_import(db, [tmp_path / "m.xlsx"])
    assert not plan.has_errors
    apply_results_import(db, plan)
    assert figures(db, saved.id, "n5") == (4,)


def test_add_schools_fills_an_empty_registry_from_a_fisoko_file(db, tmp_path):
    write_fisoko_marks(tmp_path / "m.xlsx")
    plan = plan_results_import(db, [tmp_path / "m.xlsx"], add_schools=True)
    assert [s.code for s in plan.new_schools] == [s.code for s in DEFAULT_MARK_SCHOOLS]
    apply_results_import(db, plan)
    registry = {s.code: s.short_name for s in SchoolsRepository(db).list()}
    assert registry == {s.code: s.name for s in DEFAULT_MARK_SCHOOLS}
    assert db.execute("SELECT count(*) FROM school_results").fetchone()[0] == 4


def test_schools_of_another_municipality_are_reference_rows(db, registry):
    groups = [
        GroupRow(30, level="municipality", code="reg99_m001", name="Заречный район"),
        GroupRow(30, 3, 10, 12, 5,
                 level="school", code="edu900101", name=DEFAULT_MARK_SCHOOLS[0].name, parent_code="reg99_m001"),
        GroupRow(20, level="municipality", code="reg99_m002", name="Соседний район"),
        GroupRow(20, 1, 9, 8, 2, level="school", code="edu977001", name="МБОУ «СОШ соседей»",
                 parent_code="reg99_m002"),
    ]
    parsed = ParsedFile("region.xlsx", "fisoko_marks", "Лист1", [AssessmentKey("ВПР", 2026, "Математика", 5, None, None)],
                        groups=groups)
    plan = plan_parsed_results(db, [(source("region.xlsx"), parsed)])
    assert not plan.has_errors  # the neighbours' school is not «unknown»: it is not ours
    apply_results_import(db, plan)
    assert db.execute("SELECT school_id FROM school_results").fetchall() == [(registry["edu900101"],)]
    assert db.execute("SELECT level, code, own FROM reference_results ORDER BY id").fetchall() == [
        ("municipality", "reg99_m001", 1), ("municipality", "reg99_m002", 0), ("school", "edu977001", 0)]


def test_a_failure_while_saving_leaves_nothing_behind(db, registry):
    key = AssessmentKey("ВПР", 2026, "Математика", 5, None, None)
    good = ParsedFile("good", "test", "Лист1", [key], groups=[GroupRow(30, 3, 10, 12, 5,
                                                                       level="school", code="edu900101", name="a")])
    key6 = AssessmentKey("ВПР", 2026, "Математика", 6, None, None)
    # a negative count no reader produces: the database's CHECK stops the save half-way
    bad = ParsedFile("bad", "test", "Лист1", [key6], groups=[GroupRow(30, -3, 10, 12, 5,
                                                                      level="school", code="edu900102", name="b")])
    plan = plan_parsed_results(db, [(source("good"), good), (source("bad"), bad)])
    with pytest.raises(sqlite3.IntegrityError):
        apply_results_import(db, plan)
    for table in ("result_imports", "assessments", "school_results"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_a_blank_form_is_an_error_of_its_file_only(db, registry, tmp_path):
    write_blank_form(tmp_path / "form.xlsx")
    write_fisoko_marks(tmp_path / "marks.xlsx")
    plan = plan_results_import(db, [tmp_path])  # a folder: every workbook in it
    by_name = {f.file.rsplit("/", 1)[-1]: f for f in plan.files}
    assert set(by_name) == {"form.xlsx", "marks.xlsx"}
    assert "Форма сбора результатов" in by_name["form.xlsx"].problems[0].message
    assert not by_name["marks.xlsx"].has_errors and plan.has_errors


def test_bad_cells_are_reported_with_sheet_row_and_column(db, registry, tmp_path):
    bad = SchoolMarks("МБОУ «СОШ № 2 с. Заречное»", "edu900102", (1, 7, 9, 8), percents=(10.0, 30.0, 30.0, 20.0))
    written = write_fisoko_marks(tmp_path / "m.xlsx", schools=[DEFAULT_MARK_SCHOOLS[0], bad])
    plan = plan_results_import(db, [written.path])
    problems = {(p.row, p.column): p for p in plan.files[0].problems}
    row = written.rows["edu900102"]
    assert "не 100%" in problems[(row, written.columns["2"])].message  # 90 % in all
    assert "не равна числу участников" in problems[(row, None)].message
    assert problems[(row, None)].sheet == written.sheet


def test_pupils_of_an_individual_file_are_saved_in_bulk_with_their_marks(db, tmp_path):
    written = write_fisoko_individual(tmp_path / "ind.xlsx", n_rows=400)
    plan = plan_results_import(db, [written.path], add_schools=True)
    apply_results_import(db, plan)
    parsed = plan.files[0].parsed
    expected = Counter(s.mark for s in parsed.students)
    stored = Counter(dict(db.execute("SELECT mark, count(*) FROM student_results GROUP BY mark").fetchall()))
    assert stored == expected
    derived = db.execute("SELECT sum(n2), sum(n3), sum(n4), sum(n5) FROM school_results").fetchone()
    assert derived == tuple(expected[m] for m in (2, 3, 4, 5))
