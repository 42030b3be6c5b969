"""The layout is picked from the file itself; the blank form and unknown files are refused in Russian."""

from __future__ import annotations

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.results import detect
from tests.builders.result_files import (
    write_blank_form,
    write_fisoko_individual,
    write_fisoko_journal,
    write_fisoko_marks,
    write_rcoi_protocol,
    write_rows,
)

WRITERS = {
    "fisoko_marks": lambda p: write_fisoko_marks(p),
    "fisoko_journal_wide": lambda p: write_fisoko_journal(p, shape="wide", two_row_header=True),
    "fisoko_journal_flat": lambda p: write_fisoko_journal(p, shape="wide", two_row_header=False),
    "fisoko_journal_long": lambda p: write_fisoko_journal(p, shape="long"),
    "fisoko_individual": lambda p: write_fisoko_individual(p, n_rows=30),
    "rcoi_protocol_oge": lambda p: write_rcoi_protocol(p, kind="ОГЭ"),
    "rcoi_protocol_ege": lambda p: write_rcoi_protocol(p, kind="ЕГЭ", sheet="Лист1", title="Протокол проверки"),
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_each_layout_is_recognised(tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    WRITERS[name](path)
    expected = name.rsplit("_", 1)[0] if name.startswith(("fisoko_journal", "rcoi")) else name
    assert detect.layout_of(read_sheets(path), path) == expected
    parsed = detect.read_result_file(path)
    assert parsed.layout == expected
    assert parsed.path == str(path)
    assert parsed.assessments
    assert parsed.groups or parsed.students


def test_exactly_one_reader_claims_each_file(tmp_path):
    for name, write in WRITERS.items():
        path = tmp_path / f"{name}.xlsx"
        write(path)
        sheets = read_sheets(path)
        claimed = [r.LAYOUT for r in detect.READERS if r.matches(sheets)]
        assert len(claimed) == 1, (name, claimed)


def test_blank_form_is_refused(tmp_path):
    path = write_blank_form(tmp_path / "Форма сбора результатов.xlsx")
    with pytest.raises(ImportFormatError) as caught:
        detect.read_result_file(path)
    message = str(caught.value)
    assert "Форма сбора результатов" in message and "нет результатов" in message
    assert path.name in message


def test_unknown_sheet_is_refused_naming_the_expected_headers(tmp_path):
    path = write_rows(tmp_path / "список.xlsx", [["Фамилия", "Имя", "Телефон"], ["Полевой", "Глеб", "123"]])
    with pytest.raises(ImportFormatError) as caught:
        detect.read_result_file(path)
    message = str(caught.value)
    assert "Не удалось узнать вид файла" in message
    assert "«Фамилия»" in message  # what was found
    assert "Группы участников" in message and "Код участника" in message  # what was expected
    assert "список.xlsx" in message


def test_a_report_of_scores_is_read_and_a_broken_one_named(tmp_path):
    rows = [
        ["Распределение первичных баллов"],
        [],
        ["ВПР 2026 Математика 5 класс"],
        ["Предмет:", "Математика"],
        ["Максимальный первичный балл:", 5],
        ["Дата:", "20.04.2026"],
        [],
        ["Группы участников", "Кол-во ОО", "Кол-во участников", 0, 1, 2, 3, 4, 5],
        ["Вся выборка", 100, 1000, 5, 10, 20, 30, 20, 15],
    ]
    parsed = detect.read_result_file(write_rows(tmp_path / "распределение.xlsx", rows))
    assert parsed.layout == "fisoko_score_shares"
    assert [(s.level, s.score, s.share) for s in parsed.score_shares][:2] == [("all", 0, 0.05), ("all", 1, 0.1)]
    rows[7] = ["Группы", "Кол-во ОО", "Кол-во участников", "ноль", "один"]
    with pytest.raises(ImportFormatError) as caught:
        detect.read_result_file(write_rows(tmp_path / "испорчен.xlsx", rows))
    assert "«Распределение первичных баллов»: не найден заголовок таблицы" in str(caught.value)


def test_has_errors_follows_problem_severity(tmp_path):
    from desktop.services.importers.problems import Problem
    from desktop.services.importers.results.records import ParsedFile

    parsed = ParsedFile("x.xlsx", "fisoko_marks", "Лист1", [])
    assert not parsed.has_errors
    parsed.problems.append(Problem("подозрительно", "Лист1", 9, "D", "warning"))
    assert not parsed.has_errors
    parsed.problems.append(Problem("не число", "Лист1", 10, "C", "error"))
    assert parsed.has_errors and parsed.errors == [parsed.problems[1]]


def test_rows_beyond_the_cap_are_an_error_problem(tmp_path):
    path = tmp_path / "marks.xlsx"
    written = write_fisoko_marks(path)
    parsed = detect.read_result_file(path, max_rows=12)
    first = parsed.problems[0]
    assert (first.severity, first.row, first.sheet) == ("error", 12, written.sheet)
    assert "прочитаны первые 12" in first.message and "ещё 3" in first.message
    assert [g.row for g in parsed.groups] == [9, 10, 11, 12]


def test_every_results_reader_keeps_the_readers_protocol_under_its_own_layout():
    from desktop.services.importers.results.detect import BY_LAYOUT, READERS, ResultReader

    assert all(isinstance(reader, ResultReader) for reader in READERS)
    assert len(BY_LAYOUT) == len(READERS)  # no two readers claim one layout
    assert READERS[0].LAYOUT == "office_template"  # its marker sheet settles a file before any header test
