"""«Сравнение отметок с отметками по журналу»: every shape gives the same counts."""

from __future__ import annotations

import pytest

from desktop.services.importers.results.detect import read_result_file
from tests.builders.result_files import DEFAULT_JOURNAL_SCHOOLS, SchoolJournal, set_cells, write_fisoko_journal

SHAPES = [("wide", True), ("wide", False), ("long", True)]


def _summary(parsed):
    return [(g.level, g.code, g.name, g.participants, g.lowered, g.confirmed, g.raised, g.parent_code)
            for g in parsed.groups]


@pytest.mark.parametrize("shape, two_rows", SHAPES)
def test_each_shape_gives_the_written_counts(tmp_path, shape, two_rows):
    path = tmp_path / f"journal-{shape}-{two_rows}.xlsx"
    written = write_fisoko_journal(path, shape=shape, two_row_header=two_rows, subject="Русский язык", grade=4)
    parsed = read_result_file(path)

    assert parsed.layout == "fisoko_journal"
    key = parsed.assessments[0]
    assert (key.kind, key.year, key.subject, key.grade, key.max_score) == ("ВПР", 2026, "Русский язык", 4, 38.0)
    assert [g.level for g in parsed.groups] == ["region", "municipality"] + ["school"] * 4
    for group, school in zip(parsed.groups[2:], DEFAULT_JOURNAL_SCHOOLS, strict=True):
        assert group.code == school.code
        assert (group.lowered, group.confirmed, group.raised) == (school.lowered, school.confirmed, school.raised)
        assert group.participants == school.lowered + school.confirmed + school.raised
        assert group.row == written.rows[school.code]
        assert group.parent_code == "reg99_m001"
    region = parsed.groups[0]
    municipal = [sum(getattr(s, f) for s in DEFAULT_JOURNAL_SCHOOLS) for f in ("lowered", "confirmed", "raised")]
    assert (region.lowered, region.confirmed, region.raised) == (municipal[0] + 600, municipal[1] + 3000,
                                                                 municipal[2] + 400)
    assert parsed.problems == []


def test_all_shapes_agree(tmp_path):
    summaries = []
    for shape, two_rows in SHAPES:
        path = tmp_path / f"{shape}-{two_rows}.xlsx"
        write_fisoko_journal(path, shape=shape, two_row_header=two_rows)
        summaries.append(_summary(read_result_file(path)))
    assert summaries[0] == summaries[1] == summaries[2]


def test_counts_not_matching_participants_warn_at_the_cell(tmp_path):
    path = tmp_path / "journal.xlsx"
    written = write_fisoko_journal(path, shape="wide", two_row_header=False)
    row = written.rows["edu900102"]
    set_cells(path, {f"{written.columns['Кол-во участников(всего)']}{row}": 31})
    parsed = read_result_file(path)
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (row, "B", "warning")
    assert "25" in problem.message and "31" in problem.message


def test_percentages_not_adding_up_warn_at_the_first_percent_column(tmp_path):
    path = tmp_path / "journal.xlsx"
    written = write_fisoko_journal(path, shape="wide", two_row_header=True)
    row = written.rows["edu900101"]
    set_cells(path, {f"{written.columns['confirmed %']}{row}": 50.0})
    parsed = read_result_file(path)
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (row, written.columns["lowered %"], "warning")
    assert problem.sheet == written.sheet


def test_long_shape_total_mismatch_warns_at_the_total_row(tmp_path):
    path = tmp_path / "journal.xlsx"
    schools = [SchoolJournal("МБОУ «СОШ № 5 ст. Полевая»", "edu900105", 3, 10, 2)]
    written = write_fisoko_journal(path, shape="long", schools=schools)
    total_row = written.rows["edu900105"] + 4
    set_cells(path, {f"B{total_row}": 16})
    parsed = read_result_file(path)
    warnings = [p for p in parsed.problems if p.column == "B"]
    assert [(p.row, p.severity) for p in warnings] == [(total_row, "warning")]
    assert parsed.groups[-1].participants == 16


def test_text_in_a_count_is_an_error(tmp_path):
    path = tmp_path / "journal.xlsx"
    written = write_fisoko_journal(path, shape="wide", two_row_header=False)
    row = written.rows["edu900114"]
    column = written.columns["raised count"]
    set_cells(path, {f"{column}{row}": "два"})
    parsed = read_result_file(path)
    errors = parsed.errors
    assert [(p.row, p.column) for p in errors] == [(row, column)]
    # the count falls back to the percentage
    assert parsed.groups[4].raised == 2


def test_group_headers_without_metric_words_read_percent_then_count(tmp_path):
    """A one-row header whose outcome cells say nothing about % or count: % first, then the count."""
    from tests.builders.result_files import CONFIRMED, LOWERED, RAISED, write_rows

    rows = [
        ["Сравнение отметок с отметками по журналу"], [], ["ВПР 2026 Математика 6 класс"], ["Предмет:", "Математика"],
        ["Максимальный первичный балл:", 16], ["Дата:", "14.04.2026"], [],
        ["Группы участников", "Кол-во участников(всего)", LOWERED, LOWERED, CONFIRMED, CONFIRMED, RAISED, RAISED],
        ["МБОУ «СОШ № 3 с. Ключи»(edu900103)", 20, 25.0, 5, 50.0, 12, 15.0, 3],
    ]
    path = write_rows(tmp_path / "journal.xlsx", rows, sheet="МА 6 Сравнение отметок с отметк")
    parsed = read_result_file(path)
    [group] = parsed.groups
    assert (group.lowered, group.confirmed, group.raised) == (5, 12, 3)
    # the percentages were read from C, E, G: they add up to 90, which is reported at C
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (9, "C", "warning")
    assert "90.00%" in problem.message


# --- both spellings of «Подтвердили», figures that do not add up -----------------------------------


def _respell(path, old: str = "Отметке по журналу", new: str = "Отметка по журналу") -> None:
    """Every header or label cell of the written file spelled the other way ФИС ОКО spells it."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and old in cell.value:
                cell.value = cell.value.replace(old, new)
    book.save(path)


@pytest.mark.parametrize("shape, two_rows", SHAPES)
@pytest.mark.parametrize("spelling", ["Отметке по журналу", "Отметка по журналу"])
def test_both_spellings_of_confirmed_are_read(tmp_path, shape, two_rows, spelling):
    path = tmp_path / "journal.xlsx"
    write_fisoko_journal(path, shape=shape, two_row_header=two_rows)
    _respell(path, new=spelling)
    parsed = read_result_file(path)
    assert parsed.problems == []
    assert [(g.code, g.lowered, g.confirmed, g.raised) for g in parsed.groups[2:]] == [
        (s.code, s.lowered, s.confirmed, s.raised) for s in DEFAULT_JOURNAL_SCHOOLS]


def test_the_spellings_are_read_alike(tmp_path):
    summaries = []
    for spelling in ("Отметке по журналу", "Отметка по журналу"):
        path = tmp_path / f"{spelling}.xlsx"
        write_fisoko_journal(path, shape="wide", two_row_header=False)
        _respell(path, new=spelling)
        summaries.append(_summary(read_result_file(path)))
    assert summaries[0] == summaries[1]


@pytest.mark.parametrize("shape, two_rows", SHAPES)
def test_outcomes_not_adding_up_to_the_participants_are_a_warning_not_an_error(tmp_path, shape, two_rows):
    """Real reports differ by a few: the figures are read as written, with a warning at the cell."""
    path = tmp_path / "journal.xlsx"
    schools = [SchoolJournal("МБОУ «СОШ № 5 ст. Полевая»", "edu900105", 3, 10, 2)]
    written = write_fisoko_journal(path, shape=shape, two_row_header=two_rows, schools=schools)
    _respell(path)
    row = written.rows["edu900105"]
    at = row + 4 if shape == "long" else row  # the long shape: the «Всего» row under the group
    set_cells(path, {f"B{at}": 17})
    parsed = read_result_file(path)
    assert not parsed.has_errors
    [warning] = [p for p in parsed.problems if "участников 17" in p.message]
    assert (warning.severity, warning.row, warning.column) == ("warning", at, "B")
    assert "= 15" in warning.message
    school = parsed.groups[-1]
    assert (school.participants, school.lowered, school.confirmed, school.raised) == (17, 3, 10, 2)


def test_outcomes_not_adding_up_still_load(db, tmp_path):
    from desktop.models.schools import School, SchoolsRepository
    from desktop.services.results_import import apply_results_import, plan_results_import

    SchoolsRepository(db).add(School("МБОУ «СОШ № 5 ст. Полевая»", code="edu900105"))
    path = tmp_path / "journal.xlsx"
    written = write_fisoko_journal(path, shape="wide", two_row_header=True,
                                   schools=[SchoolJournal("МБОУ «СОШ № 5 ст. Полевая»", "edu900105", 3, 10, 2)])
    _respell(path)
    set_cells(path, {f"B{written.rows['edu900105']}": 14})
    plan = plan_results_import(db, [path])
    assert not plan.has_errors and any(p.severity == "warning" for p in plan.files[0].problems)
    apply_results_import(db, plan)
    stored = db.execute("SELECT participants, lowered, confirmed, raised FROM school_results").fetchall()
    assert [tuple(r) for r in stored] == [(14, 3, 10, 2)]
