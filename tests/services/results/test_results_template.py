"""The office template: written with lists and locked headers, filled by schools, read back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.results import detect, office_template
from desktop.services.indicators import indicators
from desktop.services.results_import import apply_results_import, plan_results_import
from desktop.services.results_template import write_results_template

YEAR = 2019  # before the demo district's own results, whichever year the tests run in
LYCEUM = "МБОУ «Лицей № 3» (edu990104)"
FIRST = "МБОУ «СОШ № 1 с. Заречное» (edu990101)"


@pytest.fixture
def template(demo_db, tmp_path):
    return write_results_template(demo_db, "ВПР", YEAR, tmp_path / "шаблон ВПР.xlsx")


def fill(path, schools=(), students=(), out=None):
    workbook = load_workbook(path)
    for values in schools:
        workbook[office_template.SCHOOLS_SHEET].append(list(values))
    for values in students:
        workbook[office_template.STUDENTS_SHEET].append(list(values))
    out = out or path.with_name("заполнен.xlsx")
    workbook.save(out)
    return out


def test_the_template_has_instructions_lists_and_locked_headers(template):
    workbook = load_workbook(template)
    assert workbook.sheetnames[0] == "Инструкция"
    assert workbook[office_template.MARKER_SHEET].sheet_state == "hidden"
    assert workbook[office_template.LISTS_SHEET].sheet_state == "hidden"
    lists = workbook[office_template.LISTS_SHEET]
    schools = [c.value for c in lists["A"][1:] if c.value]
    assert FIRST in schools and len(schools) == 14  # active schools only
    assert "Математика" in [c.value for c in lists["B"][1:]]

    sheet = workbook[office_template.SCHOOLS_SHEET]
    header = [c.value for c in sheet[office_template.HEADER_ROW]]
    assert header == [office_template.HEADERS[f] for f in office_template.school_fields("ВПР")]
    assert sheet.protection.sheet
    assert sheet.cell(office_template.HEADER_ROW, 1).protection.locked
    assert sheet.column_dimensions["A"].protection.locked is False  # the data area under the header
    rules = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert rules["A4"].type == "list" and "Списки" in rules["A4"].formula1
    assert rules["E4"].type == "whole"
    assert "Сумма отметок должна быть равна числу участников" in workbook["Инструкция"]["A4"].value


def test_a_filled_template_is_recognised_read_and_saved(demo_db, template):
    filled = fill(template,
                  schools=[(FIRST, "Математика", 5, 25, 3, 10, 8, 4, 2, 20, 3),
                           ("МКОУ «СОШ с. Берёзовка»", "Математика", 5, 10, 1, 4, 4, 1)],  # picked by name
                  students=[(LYCEUM, "Математика", 5, "А", "12345", 1, 14, 4, 5),
                            (LYCEUM, "Математика", 5, "Б", "12346", 2, 9, 3, 3)])
    assert detect.layout_of(read_sheets(filled), filled) == "office_template"
    plan = plan_results_import(demo_db, [filled])
    assert not plan.has_errors, plan.files[0].problems
    apply_results_import(demo_db, plan)
    rows = {r.code or r.name: r for r in indicators(demo_db, "ВПР", YEAR, "Математика", 5).schools}
    assert (rows["edu990101"].participants, rows["edu990101"].n4, rows["edu990101"].raised) == (25, 8, 3)
    assert rows["edu990106"].n5 == 1
    lyceum = rows["edu990104"]
    assert (lyceum.participants, lyceum.n3, lyceum.n4, lyceum.lowered, lyceum.confirmed) == (2, 1, 1, 1, 1)
    classes = demo_db.execute("SELECT class_label FROM student_results ORDER BY id").fetchall()
    assert classes == [("5А",), ("5Б",)]


def test_mistakes_of_a_filled_template_are_errors_with_their_cells(demo_db, template):
    filled = fill(template,
                  schools=[(FIRST, "Математика", 5, 25, 3, 10, 8, 3),
                           (FIRST, "Математика", 5, 25, 3, 10, 8, 4),
                           (FIRST, "Математика", 5, 25, 3, 10, 8, 4)],
                  students=[(LYCEUM, "Математика", 5, "А", "1", 1, 14, 7)])
    parsed = detect.read_result_file(filled)
    where = {(p.sheet, p.row, p.column): p.message for p in parsed.problems}
    assert "Сумма отметок «2»–«5» (24) не равна числу участников (25)" in where[(office_template.SCHOOLS_SHEET, 4, "D")]
    assert "уже есть в строке 5" in where[(office_template.SCHOOLS_SHEET, 6, "A")]
    assert "ожидается целое число 2–5" in where[(office_template.STUDENTS_SHEET, 4, "H")]
    assert len(parsed.problems) == 3


def test_an_empty_template_is_refused_as_not_filled(demo_db, template):
    plan = plan_results_import(demo_db, [template])
    assert [p.message for p in plan.files[0].problems] == ["Шаблон не заполнен: нет ни одной строки с результатами."]
    assert plan.has_errors


def test_the_ege_template_takes_test_scores_per_graduate(demo_db, tmp_path):
    path = write_results_template(demo_db, "ЕГЭ", YEAR, tmp_path / "егэ.xlsx")
    workbook = load_workbook(path)
    assert office_template.SCHOOLS_SHEET not in workbook.sheetnames
    header = [c.value for c in workbook[office_template.STUDENTS_SHEET][office_template.HEADER_ROW]]
    assert "Тестовый балл" in header and "Отметка по журналу" not in header
    filled = fill(path, students=[(FIRST, "Химия", None, "А", "1", 20, 30), (FIRST, "Химия", None, "А", "2", 40, 71)])
    plan = plan_results_import(demo_db, [filled])
    assert not plan.has_errors, plan.files[0].problems
    apply_results_import(demo_db, plan)
    [row] = indicators(demo_db, "ЕГЭ", YEAR, "Химия").schools
    assert (row.grade, row.mean_test, row.below_threshold) == (11, 50.5, 1)  # minimum 36 (seeded, to check)
