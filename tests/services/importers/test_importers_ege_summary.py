"""The region's summary of ЕГЭ results by school: both shapes of the header, one assessment per year
and subject, school rows by name under their municipality, totals and subtotals as reference rows,
the 80–99 band said once, the sheet of applications skipped and a file of nothing else refused."""

from __future__ import annotations

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.results import detect, ege_summary
from tests.builders.ege_summary_files import (
    Municipality,
    SchoolRow,
    YearSheet,
    as_people,
    district,
    write_ege_summary,
)
from tests.builders.result_files import set_cells, write_rows
from tests.services.importers.test_importers_detect import WRITERS

ZARECHNY = "Заречный муниципальный округ"
SINEGORSK = "Синегорский муниципальный район"
SCHOOL_1 = "МБОУ «СОШ № 1 с. Заречное»"
SCHOOL_2 = "МБОУ «СОШ № 2 с. Заречное»"
GYMNASIUM = "МАОУ «Гимназия № 3 г. Синегорска»"


def _read(path):
    return detect.read_result_file(path)


def _figures(parsed, year, subject, name, level="school"):
    """(participants, below, 81–100, 100, mean, n2…n5, parent, row) of one group for one assessment."""
    found = [g for g, i in zip(parsed.groups, parsed.group_assessment, strict=True)
             if parsed.assessments[i].year == year and parsed.assessments[i].subject == subject
             and g.level == level and g.name == name]
    assert len(found) == 1, (year, subject, name, found)
    g = found[0]
    return (g.participants, g.below_threshold, g.score_81_100, g.score_100, g.mean_test,
            (g.n2, g.n3, g.n4, g.n5), g.parent_code, g.row)


def test_the_shape_with_the_subject_above_its_columns_gives_each_school_per_subject_and_year(tmp_path):
    written = write_ege_summary(tmp_path / "егэ.xlsx")  # 2024 and 2023 (figures shifted by 2)
    parsed = _read(written.path)
    assert parsed.layout == "ege_summary" and parsed.kind_of_file == ege_summary.DESCRIPTION
    assert not parsed.has_errors, parsed.errors
    assert [(k.kind, k.year, k.subject, k.grade, k.date, k.max_score) for k in parsed.assessments] == [
        ("ЕГЭ", year, subject, 11, None, 100)
        for year in (2024, 2023)
        for subject in ("Русский язык", "Математика профильная", "Иностранные языки", "Информатика")]
    row = written.rows[("2024", SCHOOL_1)]
    # 80–99 (5) and 100 (1) are kept together as 81–100; no marks
    assert _figures(parsed, 2024, "Русский язык", SCHOOL_1) == (24, 1, 6, 1, 72.5, (None,) * 4, ZARECHNY, row)
    assert _figures(parsed, 2023, "Русский язык", SCHOOL_1)[:5] == (26, 1, 6, 1, 74.5)
    assert _figures(parsed, 2023, "Математика профильная", SCHOOL_2)[:5] == (11, 1, 0, 0, 51.2)
    # «ИКТ» is the program's «Информатика»; the empty cells of 80–99 and 100 are 0
    assert _figures(parsed, 2024, "Информатика", SCHOOL_2)[:5] == (2, 1, 0, 0, 44.5)
    assert _figures(parsed, 2024, "Иностранные языки", GYMNASIUM)[:5] == (11, 0, 3, 0, 74.0)
    assert _figures(parsed, 2024, "Информатика", GYMNASIUM)[6] == SINEGORSK
    # a subject nobody of the school took gives no row
    assert not [g for g, i in zip(parsed.groups, parsed.group_assessment, strict=True)
                if g.name == SCHOOL_2 and parsed.assessments[i].subject == "Иностранные языки"]
    assert all(g.code is None for g in parsed.groups if g.level == "school")


def test_the_shape_with_an_iz_nih_row_and_column_numbers(tmp_path):
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, as_people(district()))], shape="people",
                                totals="last", subtotal_first=False)
    parsed = _read(written.path)
    assert not parsed.has_errors, parsed.errors
    assert [k.subject for k in parsed.assessments] == ["Русский язык", "Математика профильная", "Физика"]
    row = written.rows[("2024", SCHOOL_1)]
    assert row == 9  # under the header (rows 6–7) and the row of column numbers (8)
    assert _figures(parsed, 2024, "Математика профильная", SCHOOL_1) == (12, 2, 1, 0, 58.3, (None,) * 4,
                                                                        ZARECHNY, row)
    assert _figures(parsed, 2024, "Физика", SCHOOL_1)[:5] == (3, 0, 1, 1, 81.0)
    # the municipality cell merged over its schools is carried down to each of them
    assert _figures(parsed, 2024, "Русский язык", "МКОУ «СОШ с. Луговое»")[6] == ZARECHNY
    assert _figures(parsed, 2024, "Русский язык", "МБОУ «СОШ № 5 г. Синегорска»")[6] == SINEGORSK
    # the subtotal under the merged cell (school cell empty) and the region's «итого» last
    assert _figures(parsed, 2024, "Русский язык", ZARECHNY, "municipality")[:4] == (48, 2, 8, 1)
    assert _figures(parsed, 2024, "Русский язык", "Энская область", "region")[:4] == (109, 4, 25, 3)


@pytest.mark.parametrize("totals", ["first", "last"])
def test_totals_and_subtotals_are_reference_rows_never_schools(tmp_path, totals):
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, district())], totals=totals,
                                subtotal_first=totals == "first")
    parsed = _read(written.path)
    assert not parsed.has_errors and not [p for p in parsed.warnings if "по школам" in p.message]
    russian = [g for g, i in zip(parsed.groups, parsed.group_assessment, strict=True)
               if parsed.assessments[i].subject == "Русский язык"]
    by_level = {level: [g for g in russian if g.level == level] for level in ("region", "municipality", "school")}
    assert [g.name for g in by_level["region"]] == ["Энская область"]
    assert [(g.name, g.code) for g in by_level["municipality"]] == [(ZARECHNY, ZARECHNY), (SINEGORSK, SINEGORSK)]
    assert len(by_level["school"]) == 5 and all(g.parent_code in (ZARECHNY, SINEGORSK) for g in by_level["school"])
    assert by_level["region"][0].row == written.rows[("2024", "region")]
    assert by_level["region"][0].code is None and by_level["region"][0].parent_code is None
    for municipality in by_level["municipality"]:
        schools = [g for g in by_level["school"] if g.parent_code == municipality.name]
        assert sum(g.participants for g in schools) == municipality.participants
    assert sum(g.participants for g in by_level["school"]) == by_level["region"][0].participants == 109


def test_the_80_99_band_is_said_once_per_file(tmp_path):
    parsed = _read(write_ege_summary(tmp_path / "егэ.xlsx").path)  # two sheets, four subjects each
    band = [p for p in parsed.problems if "80–99" in p.message]
    assert len(band) == 1 and band[0].severity == "warning"
    assert "высокобалльники в файле — 80–99 баллов; в программе — 81–100: сохранено 80–99 и 100 вместе" in (
        band[0].message.lower())


def test_subtotals_that_do_not_add_up_are_a_warning(tmp_path):
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, district())])
    subtotal = written.rows[("2024", ZARECHNY)]
    set_cells(written.path, {f"{written.columns[('2024', 'Русский язык', 'приняло участие')]}{subtotal}": 50},
              sheet="2024")
    parsed = _read(written.path)
    assert not parsed.has_errors
    [warning] = [p for p in parsed.warnings if "по школам" in p.message]
    assert (warning.sheet, warning.row) == ("2024", subtotal)
    assert ZARECHNY in warning.message and "Русский язык" in warning.message and "48" in warning.message
    assert _figures(parsed, 2024, "Русский язык", ZARECHNY, "municipality")[0] == 50  # as the file says


def test_subtotals_written_as_formulas_without_values_are_warned_not_failed(tmp_path):
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, district())], subtotals="formulas")
    sheets = read_sheets(written.path)
    subtotal = written.rows[("2024", ZARECHNY)]
    # calamine gives nothing for a formula no program computed: only the label is left
    assert [v for v in sheets[0].rows[subtotal - 1] if v is not None] == [ZARECHNY]
    parsed = _read(written.path)
    assert not parsed.has_errors
    empty = [p for p in parsed.warnings if "нет чисел" in p.message]
    assert {p.row for p in empty} == {written.rows[("2024", "region")], subtotal, written.rows[("2024", SINEGORSK)]}
    assert "формулы" in empty[0].message
    assert {g.level for g in parsed.groups} == {"school"}
    assert _figures(parsed, 2024, "Русский язык", SCHOOL_1)[0] == 24


def test_the_x_in_the_profile_column_is_no_profile_and_empty_cells_are_zero(tmp_path):
    schools = [SchoolRow("МБОУ «СОШ № 7 с. Заречное»", {"Русский язык": (10, 0, 0, 0, 64.0)}, profile="X"),
               SchoolRow("МБОУ «СОШ № 8 с. Заречное»", {"Русский язык": (5, 0, 0, 0, 58.0)}, profile="х")]
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, [Municipality(ZARECHNY, schools)])],
                                totals=None, subtotals=None)
    parsed = _read(written.path)
    assert not parsed.problems or all(not p.is_error for p in parsed.problems)
    assert _figures(parsed, 2024, "Русский язык", "МБОУ «СОШ № 7 с. Заречное»")[:5] == (10, 0, 0, 0, 64.0)


def test_a_school_written_twice_for_two_profiles_is_added_up(tmp_path):
    schools = [SchoolRow(SCHOOL_1, {"Русский язык": (10, 0, 2, 0, 70.0)}, profile="физико-математический"),
               SchoolRow(SCHOOL_1, {"Русский язык": (10, 2, 0, 0, 60.0)}, profile="гуманитарный")]
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, [Municipality(ZARECHNY, schools)])],
                                totals=None, subtotals=None)
    parsed = _read(written.path)
    assert not parsed.has_errors
    assert _figures(parsed, 2024, "Русский язык", SCHOOL_1)[:5] == (20, 2, 2, 0, 65.0)
    assert any("сложены" in p.message for p in parsed.warnings)


def test_a_value_that_is_not_a_number_is_an_error_by_sheet_row_and_column(tmp_path):
    written = write_ege_summary(tmp_path / "егэ.xlsx")
    row = written.rows[("2023", SCHOOL_2)]
    column = written.columns[("2023", "Математика профильная", "средний балл")]
    set_cells(written.path, {f"{column}{row}": "пятьдесят"}, sheet="2023")
    parsed = _read(written.path)
    [error] = parsed.errors
    assert (error.sheet, error.row, error.column) == ("2023", row, column)
    assert "пятьдесят" in error.message and "Математика профильная" in error.message


def test_the_sheet_of_applications_is_skipped_with_a_warning(tmp_path):
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2025, applications=True),
                                                        YearSheet(2024, district())])
    parsed = _read(written.path)
    assert not parsed.has_errors and parsed.sheet == "2024"
    assert {k.year for k in parsed.assessments} == {2024}
    assert any(p.message.startswith("Лист «2025»: это заявления на ЕГЭ, а не результаты — пропущен")
               and p.sheet == "2025" for p in parsed.warnings)


def test_a_file_of_applications_only_is_refused(tmp_path):
    written = write_ege_summary(tmp_path / "заявления.xlsx", [YearSheet(2025, applications=True)])
    with pytest.raises(ImportFormatError) as caught:
        _read(written.path)
    message = str(caught.value)
    assert "Это заявления на ЕГЭ, а не результаты" in message
    assert "заявления.xlsx" in message and "«2025»" in message


def test_the_summary_is_detected_as_its_layout_and_by_no_other_reader(tmp_path):
    for number, kwargs in enumerate([{}, {"shape": "people", "totals": "last"}]):
        sheets_spec = None if not kwargs else [YearSheet(2024, as_people(district()))]
        path = write_ege_summary(tmp_path / f"{number}.xlsx", sheets_spec, **kwargs).path
        sheets = read_sheets(path)
        assert detect.layout_of(sheets, path) == "ege_summary"
        assert [r.LAYOUT for r in detect.READERS if r.matches(sheets)] == ["ege_summary"]


@pytest.mark.parametrize("name", list(WRITERS))
def test_no_other_result_file_is_taken_for_the_summary(tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    WRITERS[name](path)
    assert not ege_summary.matches(read_sheets(path))


def test_a_sheet_named_by_a_year_without_the_header_is_not_a_summary(tmp_path):
    path = write_rows(tmp_path / "x.xlsx", [[], ["Информация о результатах ЕГЭ в 2024 году"], [],
                                            ["Школа", "Баллы"], ["СОШ № 1", 70]], sheet="2024")
    assert not ege_summary.matches(read_sheets(path))


def test_basic_mathematics_keeps_its_counts_but_no_test_score_figures(tmp_path):
    """Its «средний балл» is a mean mark (2–5), not a test score: it is not put among the test scores."""
    schools = [SchoolRow(SCHOOL_1, {"Русский язык": (20, 0, 3, 0, 70.0), "Математика базовая": (8, 1, 0, 0, 4.1)})]
    written = write_ege_summary(tmp_path / "егэ.xlsx", [YearSheet(2024, [Municipality(ZARECHNY, schools)],
                                                                  subjects=("Русский язык", "Математика базовая"))])
    parsed = _read(written.path)
    assert not parsed.has_errors, parsed.errors
    basic = next(k for k in parsed.assessments if k.subject == "Математика базовая")
    assert basic.max_score is None
    assert _figures(parsed, 2024, "Математика базовая", SCHOOL_1)[:5] == (8, 1, None, None, None)
    assert _figures(parsed, 2024, "Русский язык", SCHOOL_1)[:5] == (20, 0, 3, 0, 70.0)
