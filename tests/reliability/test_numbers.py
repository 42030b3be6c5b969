"""Numbers from outside stay within what a figure can be: 1e19 participants, «1e20» typed as text and a
primary score of 1e308 are problems named by sheet, row and column — never an overflow, an internal
error or «Infinity» in JSON."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from desktop.services.importers.intake.workbook import cell_number
from tests.builders.result_files import set_cells, write_fisoko_individual, write_fisoko_marks
from tests.cli.run import msoko


def _cell_below(path, header: str) -> str:
    """The first data cell under the column headed `header` of a written file."""
    ws = load_workbook(path).worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                below = ws.cell(cell.row + 1, cell.column)
                while not isinstance(below.value, int | float):
                    below = ws.cell(below.row + 1, cell.column)
                return below.coordinate
    raise AssertionError(header)


@pytest.mark.parametrize("value", [1e19, "1e20", 1e308, -1e15, "1e400"])
def test_an_implausible_count_is_a_problem_at_its_cell(tmp_path, value):
    path = write_fisoko_marks(tmp_path / "статистика.xlsx").path
    where = _cell_below(path, "Кол-во участников")
    set_cells(path, {where: value})
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    result = msoko("results", "import", path, "--add-schools", "--json", "--db", db)
    assert "Внутренняя ошибка" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 2, result.stdout + result.stderr
    column = "".join(ch for ch in where if ch.isalpha())
    assert column in result.stdout + result.stderr and ("пределов" in result.stdout + result.stderr
                                                        or "не число" in result.stdout + result.stderr)


def test_a_huge_primary_score_never_reaches_the_indicators(tmp_path):
    path = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=40).path
    set_cells(path, {_cell_below(path, "Первичный балл"): 1e308})
    db = tmp_path / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    msoko("results", "import", path, "--add-schools", "--json", "--db", db)
    indicators = msoko("results", "indicators", "--kind", "ВПР", "--year", "2026", "--json", "--db", db)
    assert indicators.returncode == 0, indicators.stderr
    assert "Infinity" not in indicators.stdout and "NaN" not in indicators.stdout
    json.loads(indicators.stdout)


def test_cell_numbers_refuse_what_no_figure_can_be():
    assert cell_number(" 1 234,5 ") == 1234.5 and cell_number(10**11) == 1e11
    for value in (1e13, "1e20", -1e300, 10**30):
        with pytest.raises(ValueError, match="вне допустимых пределов"):
            cell_number(value)
