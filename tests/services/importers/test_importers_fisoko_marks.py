"""«Статистика по отметкам»: the key, the levels, the codes and the counts come back as written."""

from __future__ import annotations

import datetime

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.results.detect import read_result_file
from desktop.services.importers.results.records import AssessmentKey
from tests.builders.result_files import (
    DEFAULT_MARK_SCHOOLS,
    SchoolMarks,
    set_cells,
    write_fisoko_marks,
    write_rows,
)


def _counts(group):
    return (group.n2, group.n3, group.n4, group.n5)


@pytest.mark.parametrize("comma", [False, True])
def test_parsed_counts_equal_written_counts(tmp_path, comma):
    path = tmp_path / "marks.xlsx"
    written = write_fisoko_marks(path, year=2026, subject="Математика", grade=5, comma_decimal=comma)
    parsed = read_result_file(path)

    assert parsed.layout == "fisoko_marks"
    assert parsed.sheet == "МА 5 Статистика по отметкам"
    assert parsed.assessments == [
        AssessmentKey("ВПР", 2026, "Математика", 5, datetime.date(2026, 4, 20), 20.0)
    ]
    assert [g.level for g in parsed.groups] == ["all", "region", "municipality"] + ["school"] * 4
    assert parsed.groups[1].name == "Энская область" and parsed.groups[1].code is None
    municipality = parsed.groups[2]
    assert (municipality.code, municipality.name) == ("reg99_m001", "Заречный муниципальный район")
    schools = parsed.groups[3:]
    for group, school in zip(schools, DEFAULT_MARK_SCHOOLS, strict=True):
        assert group.code == school.code
        assert group.name == school.name
        assert group.participants == sum(school.counts)
        assert _counts(group) == school.counts
        assert group.parent_code == "reg99_m001"
        assert group.row == written.rows[school.code]
    assert municipality.participants == sum(sum(s.counts) for s in DEFAULT_MARK_SCHOOLS)
    assert _counts(municipality) == tuple(sum(s.counts[i] for s in DEFAULT_MARK_SCHOOLS) for i in range(4))
    assert parsed.problems == []
    assert not parsed.has_errors


def test_old_school_logins(tmp_path):
    path = tmp_path / "marks.xlsx"
    schools = [SchoolMarks("МОУ «СОШ № 4 им. П. Р. Полевого»", "sch991004", (2, 8, 9, 1))]
    write_fisoko_marks(path, schools=schools, year=2019, subject="Русский язык", grade=4)
    parsed = read_result_file(path)
    assert parsed.assessments[0].year == 2019 and parsed.assessments[0].grade == 4
    assert parsed.groups[-1].code == "sch991004"
    assert _counts(parsed.groups[-1]) == (2, 8, 9, 1)


def test_percentages_not_adding_up_are_a_warning_at_the_row(tmp_path):
    path = tmp_path / "marks.xlsx"
    bad = SchoolMarks("МБОУ «СОШ № 7 п. Луговой»", "edu900107", (1, 1, 1, 1), percents=(10.0, 20.0, 30.0, 30.0))
    written = write_fisoko_marks(path, schools=[*DEFAULT_MARK_SCHOOLS[:2], bad])
    parsed = read_result_file(path)
    [problem] = parsed.problems
    assert problem.severity == "warning"
    assert problem.sheet == written.sheet
    assert problem.row == written.rows["edu900107"]
    assert problem.column == written.columns["2"] == "D"
    assert "90.00%" in problem.message
    # still usable: counts from the percentages as written
    assert _counts(parsed.groups[-1]) == (0, 1, 1, 1)


def test_text_in_number_cells_is_an_error_at_the_cell(tmp_path):
    path = tmp_path / "marks.xlsx"
    written = write_fisoko_marks(path)
    row = written.rows["edu900102"]
    set_cells(path, {f"{written.columns['Кол-во участников']}{row}": "двадцать",
                     f"{written.columns['4']}{written.rows['edu900114']}": "сорок"})
    parsed = read_result_file(path)
    by_place = {(p.row, p.column): p for p in parsed.problems}
    first = by_place[(row, "C")]
    assert first.severity == "error" and "двадцать" in first.message
    second = by_place[(written.rows["edu900114"], "F")]
    assert second.severity == "error" and "сорок" in second.message
    school = next(g for g in parsed.groups if g.code == "edu900102")
    assert school.participants is None and school.n2 is None
    assert parsed.has_errors


def test_school_without_code_is_an_error(tmp_path):
    path = tmp_path / "marks.xlsx"
    written = write_fisoko_marks(path)
    row = written.rows["edu900114"]
    set_cells(path, {f"A{row}": "МКОУ «ООШ № 14 х. Лесной»"})
    parsed = read_result_file(path)
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (row, "A", "error")
    assert "код ОО" in problem.message
    group = next(g for g in parsed.groups if g.row == row)
    assert group.level == "school" and group.code is None  # kept, to be matched by name if the user wants


def test_header_found_by_words_not_by_row(tmp_path):
    """Two extra rows above the header and columns in another order."""
    path = write_rows(
        tmp_path / "marks.xlsx",
        [
            ["Статистика по отметкам"],
            ["Выгружено из ФИС ОКО"],
            [],
            ["ВПР 2025 Окружающий мир 4 класс"],
            ["Предмет:", "Окружающий мир"],
            ["Максимальный первичный балл:", 32],
            ["Дата:", "23.04.2025"],
            [],
            [],
            ["Группы участников", "Кол-во участников", "Кол-во ОО", 5, 4, 3, 2],
            ["Заречный район(reg99_m001)", 50, 2, 20, 40, 30, 10],
            ["МБОУ «СОШ № 2 с. Заречное»(edu900102)", 50, None, 20, 40, 30, 10],
        ],
        sheet="ОМ 4 Статистика по отметкам",
    )
    parsed = read_result_file(path)
    assert parsed.assessments[0].subject == "Окружающий мир"
    assert parsed.assessments[0].year == 2025
    school = parsed.groups[-1]
    assert school.row == 12
    assert _counts(school) == (5, 15, 20, 10)


def test_no_year_or_subject_is_refused(tmp_path):
    path = write_rows(
        tmp_path / "marks.xlsx",
        [["Статистика по отметкам"], ["Группы участников", "Кол-во ОО", "Кол-во участников", 2, 3, 4, 5],
         ["МБОУ «СОШ № 2»(edu900102)", None, 10, 10, 20, 30, 40]],
    )
    with pytest.raises(ImportFormatError) as caught:
        read_result_file(path)
    assert "ВПР 2026 Русский язык 4 класс" in str(caught.value)
    assert "marks.xlsx" in str(caught.value)
