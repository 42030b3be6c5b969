"""The regional (municipal) per-student exports of ВПР from ФИС ОКО, three generations: pupils with
their task points, total and previous term's mark, no ВПР mark (it comes from a scale); the subject
and grade from the file's name; absent pupils left out."""

from __future__ import annotations

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.results import detect, regional_students
from tests.builders.regional_files import (
    ABSENT,
    LESNOY,
    ZARECHNY,
    Pupil,
    RegionalSchool,
    write_regional_2020,
    write_regional_2021,
    write_regional_2022,
)
from tests.builders.result_files import (
    write_blank_form,
    write_fisoko_individual,
    write_fisoko_journal,
    write_fisoko_marks,
    write_rcoi_protocol,
)

NAME_2022 = "Проведение работы по математике, 4 класс. ВПР 2022.xlsx"
NAME_2021 = "Проведение работы по математике, 4 класс. ВПР 2021.xlsx"
WRITERS = {"2022": write_regional_2022, "2021": write_regional_2021, "2020": write_regional_2020}


def _schools() -> list[RegionalSchool]:
    return [
        RegionalSchool("edu771001", 'МБОУ "СОШ № 1 с. Заречное"', [
            Pupil(50001, [1, 2, 1, "X"], journal=4),
            Pupil(50002, [0, 1, 0, 0], journal=3, class_label="4Б", variant=2),
            Pupil(50004, ["X", "X", "X", "X"], variant=ABSENT),
        ]),
        RegionalSchool("sch771002", 'МКОУ "ООШ с. Берёзовка"', [
            Pupil(50003, [1, 2, 2, 2], journal="нет отметки", class_label="а"),
        ], municipality=LESNOY),
    ]


def _by_code(parsed):
    return {s.participant_code: s for s in parsed.students}


def test_the_2022_export_is_read_with_codes_names_and_municipalities(tmp_path):
    written = write_regional_2022(tmp_path / NAME_2022, _schools())
    parsed = detect.read_result_file(written.path)
    assert (parsed.layout, parsed.sheet, parsed.needs_scale, parsed.whole_region) == (
        "fisoko_regional", "Протокол", True, False)
    assert parsed.kind_of_file == regional_students.DESCRIPTION
    [key] = parsed.assessments
    assert (key.kind, key.year, key.subject, key.grade, key.max_score) == ("ВПР", 2022, "Математика", 4, 7)
    pupils = _by_code(parsed)
    assert set(pupils) == {"50001", "50002", "50003"}  # the absent pupil is left out
    first = pupils["50001"]
    assert (first.school_code, first.school_name, first.municipality_code) == (
        "edu771001", 'МБОУ "СОШ № 1 с. Заречное"', "reg77_m001")
    assert first.tasks == {"1": 1, "2": 2, "3.1": 1, "3.2": None}
    assert (first.primary_score, first.mark, first.journal_mark, first.variant, first.class_label) == (
        4, None, 4, "1", "4А")
    assert first.row == written.rows["50001"]
    other = pupils["50003"]
    assert (other.school_code, other.municipality_code, other.journal_mark, other.class_label) == (
        "sch771002", LESNOY[0], None, "а")
    assert parsed.student_assessment == [0, 0, 0]


def test_the_2021_export_has_logins_and_no_municipality(tmp_path):
    written = write_regional_2021(tmp_path / NAME_2021, _schools())
    parsed = detect.read_result_file(written.path)
    assert (parsed.layout, parsed.sheet, parsed.whole_region) == ("fisoko_regional", "Sheet", True)
    [key] = parsed.assessments
    assert (key.year, key.subject, key.grade, key.max_score) == (2021, "Математика", 4, None)
    pupils = _by_code(parsed)
    assert set(pupils) == {"50001", "50002", "50003"}
    second = pupils["50002"]
    assert (second.school_code, second.school_name, second.municipality_code) == ("edu771001", None, None)
    assert (second.tasks, second.primary_score, second.journal_mark, second.variant) == (
        {"1": 0, "2": 1, "3": 0, "4": 0}, 1, 3, "2")
    assert pupils["50003"].school_code == "sch771002"


def test_the_2020_export_finds_the_municipality_among_the_groups(tmp_path):
    written = write_regional_2020(tmp_path / "ВПР_2020_Математика_4 класс.xlsx", _schools())
    parsed = detect.read_result_file(written.path)
    assert (parsed.layout, parsed.sheet, parsed.whole_region) == ("fisoko_regional", "Sheet1", False)
    [key] = parsed.assessments
    assert (key.year, key.subject, key.grade) == (2020, "Математика", 4)
    pupils = _by_code(parsed)
    assert set(pupils) == {"50001", "50002", "50003"}
    assert pupils["50001"].municipality_code == ZARECHNY[0]  # «reg77_vpr_m001» in the groups
    assert pupils["50003"].municipality_code == LESNOY[0]
    assert pupils["50001"].tasks == {"1": 1, "2": 2, "3": 1, "4": None}  # «X»: not done
    assert (pupils["50003"].primary_score, pupils["50003"].journal_mark) == (7, None)


def test_a_login_in_two_municipalities_groups_names_none(tmp_path):
    written = write_regional_2020(tmp_path / "ВПР 2020 математика 4 класс.xlsx", _schools(), municipalities=2)
    parsed = detect.read_result_file(written.path)
    assert {s.municipality_code for s in parsed.students} == {None}
    assert parsed.whole_region  # nothing says which schools are the district's


@pytest.mark.parametrize("generation", list(WRITERS))
def test_numbers_written_as_text_are_read(tmp_path, generation):
    written = WRITERS[generation](tmp_path / NAME_2021, _schools(), as_text=True)
    parsed = detect.read_result_file(written.path)
    assert [p.message for p in parsed.problems if "отсутствовал" not in p.message] == []
    first = _by_code(parsed)["50001"]
    assert (first.primary_score, first.journal_mark, first.variant) == (4, 4, "1")
    assert list(first.tasks.values()) == [1, 2, 1, None]


@pytest.mark.parametrize("generation", list(WRITERS))
def test_absent_pupils_are_left_out_with_one_warning(tmp_path, generation):
    schools = _schools()
    schools[1].pupils.append(Pupil(50005, [None] * 4, variant="Отсутствовал"))
    parsed = detect.read_result_file(WRITERS[generation](tmp_path / NAME_2021, schools).path)
    assert "50004" not in _by_code(parsed) and "50005" not in _by_code(parsed)
    [warning] = parsed.warnings
    assert not parsed.errors
    assert "отсутствовал" in warning.message and "2 уч." in warning.message and warning.row is None


def test_bad_cells_are_problems_at_their_cells(tmp_path):
    schools = [RegionalSchool("edu771001", "МБОУ «СОШ № 1»", [
        Pupil(50001, [1, "два", 1, 0], total=4),
        Pupil(50002, [1, 2, 5, 0], total=8),  # task 3.1 is of 2 points
        Pupil(50003, [1, 2, 2, 2], total=9),  # above the work's maximum of 7
        Pupil(50004, [1, 2, 2, 2], journal=7),
    ])]
    written = write_regional_2022(tmp_path / NAME_2022, schools)
    parsed = detect.read_result_file(written.path)
    where = {(p.row, p.column): p for p in parsed.problems}
    task2, task3, total, journal = (written.columns[h] for h in ("2 (2б)", "3.1 (2б)", "Итого баллов",
                                                                  "Отметка за предыдущий триместр/четверть/полугодие"))
    assert "не число" in where[(written.rows["50001"], task2)].message
    assert "вне допустимого 0–2" in where[(written.rows["50002"], task3)].message
    assert "0–7" in where[(written.rows["50003"], total)].message
    assert where[(written.rows["50004"], journal)].severity == "warning"
    assert all(p.sheet == "Протокол" for p in parsed.problems)
    pupils = _by_code(parsed)
    assert pupils["50001"].tasks["2"] is None and pupils["50003"].primary_score is None
    assert pupils["50004"].journal_mark is None


@pytest.mark.parametrize("generation", list(WRITERS))
def test_each_generation_is_detected_as_the_regional_export(tmp_path, generation):
    path = WRITERS[generation](tmp_path / NAME_2021).path
    sheets = read_sheets(path)
    assert detect.layout_of(sheets, path) == "fisoko_regional"
    assert [r.LAYOUT for r in detect.READERS if r.matches(sheets)] == ["fisoko_regional"]


OTHER_FILES = {
    "fisoko_marks": write_fisoko_marks,
    "fisoko_journal": lambda p: write_fisoko_journal(p, shape="wide", two_row_header=True),
    "fisoko_journal_long": lambda p: write_fisoko_journal(p, shape="long"),
    "fisoko_individual": lambda p: write_fisoko_individual(p, n_rows=30),
    "rcoi_protocol": lambda p: write_rcoi_protocol(p, kind="ОГЭ"),
    "blank_form": write_blank_form,
}


@pytest.mark.parametrize("name", list(OTHER_FILES))
def test_other_layouts_are_not_taken_for_the_regional_export(tmp_path, name):
    path = tmp_path / f"{name} по математике 4 класс 2026.xlsx"
    OTHER_FILES[name](path)
    assert not regional_students.matches(read_sheets(path))


@pytest.mark.parametrize(("name", "missing"), [
    ("Проведение работы. ВПР 2021.xlsx", "предмет и класс"),
    ("выгрузка по математике 2021.xlsx", "класс"),
    ("выгрузка 4 класс 2021.xlsx", "предмет"),
])
def test_a_file_name_without_the_subject_or_grade_is_refused_saying_how_to_name_it(tmp_path, name, missing):
    path = write_regional_2021(tmp_path / name).path
    with pytest.raises(ImportFormatError) as caught:
        detect.read_result_file(path)
    message = str(caught.value)
    assert name in message  # the file is named
    assert f"Не удалось узнать {missing}:" in message
    assert "Переименуйте файл" in message and "класс.xlsx»" in message


def test_a_year_is_needed_too(tmp_path):
    path = write_regional_2020(tmp_path / "по математике 4 класс.xlsx").path
    with pytest.raises(ImportFormatError) as caught:
        detect.read_result_file(path)
    assert "Не удалось узнать год" in str(caught.value)
    assert "«ВПР 2021 математика 4 класс.xlsx»" in str(caught.value)


def test_the_2022_year_comes_from_the_upload_date(tmp_path):
    path = write_regional_2022(tmp_path / "по русскому языку 5 класс.xlsx", date_text="17.03.2023 05:09:18").path
    [key] = detect.read_result_file(path).assessments
    assert (key.year, key.subject, key.grade) == (2023, "Русский язык", 5)


@pytest.mark.parametrize(("name", "subject", "grade", "year"), [
    ("Проведение работы по математике, 4 класс. ВПР 2021", "Математика", 4, 2021),
    ("Проведение работы по русскому языку, 5 класс. ВПР 2021", "Русский язык", 5, 2021),
    ("Проведение работы по окружающему миру, 4 класс. ВПР 2020", "Окружающий мир", 4, 2020),
    ("Проведение работы по английскому языку, 7 класс. ВПР 2021", "Английский язык", 7, 2021),
    ("Проведение работы по обществознанию, 8 класс", "Обществознание", 8, None),
    ("ВПР 2021 математика 4 класс", "Математика", 4, 2021),
    ("ВПР 2019 Основы науки 6 класс", "Основы науки", 6, 2019),
    ("выгрузка_2019_истории_6кл", "История", 6, 2019),
])
def test_the_subject_grade_and_year_in_a_file_name(name, subject, grade, year):
    assert regional_students.subject_in_name(name) == subject
    assert regional_students.grade_in_name(name) == grade
    assert regional_students.year_in_name(name) == year
