"""The screen prints a figure as the paper does: the same `IndicatorRow` through the Qt model's
DisplayRole and through a document table cell gives the same text («−1,2», «0,0», never «-0,0»)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.figures import MINUS
from desktop.models.qt.results_model import COLUMNS, ResultsTableModel, value_of
from desktop.services.documents.model import Table, TableRow
from desktop.services.indicators import IndicatorRow

# The formats the report prints these indicators in (results_report: _MARKED, _SOU, _SHARE_2, _JOURNAL,
# _QUALITY_CHANGE), written out here so that the screen is held to the paper, not to itself.
PAPER = {"participants": "int", "n2": "int", "pass_rate": "percent", "quality_rate": "percent",
         "mean_mark": "decimal", "sou": "percent", "share_2": "percent", "share_lowered": "percent",
         "share_raised": "percent", "quality_change": "change"}


def _row(name: str, now: tuple[int, int, int, int], then: tuple[int, int, int, int]) -> IndicatorRow:
    who = dict(level="school", kind="ВПР", subject="Математика", grade=6, school_id=1, code="1", name=name)
    previous = IndicatorRow(sum(then), *then, year=2025, **who)
    return IndicatorRow(sum(now), *now, 3, 20, 1, year=2026, previous=previous, **who)


ROWS = [
    _row("чуть ниже", (100, 500, 250, 150), (1000, 4999, 2500, 1501)),  # quality −0,0001: «0,0»
    _row("ниже", (10, 39, 25, 6), (10, 38, 25, 7)),  # quality 0,3875 − 0,4 = −0,0125: «−1,2»
    _row("выше", (1, 2, 3, 4), (2, 2, 3, 3)),  # +10,0
    _row("так же", (1, 1, 1, 1), (1, 1, 1, 1)),  # 0,0, not «+0,0»
]


def test_the_qt_model_and_a_document_table_print_the_same_text(qapp):
    model = ResultsTableModel()
    model.load(ROWS, [])
    columns = [(c, attribute) for c, (_, attribute, _) in enumerate(COLUMNS) if attribute in PAPER]
    assert {attribute for _, attribute in columns} == set(PAPER)
    table = Table([a for _, a in columns], [TableRow([value_of(r, a) for _, a in columns]) for r in ROWS],
                  formats=[PAPER[a] for _, a in columns])
    screen = [[model.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c, _ in columns] for r in range(len(ROWS))]
    paper = [table.row_texts(row) for row in table.rows]
    assert screen == paper
    change = [a for _, a in columns].index("quality_change")
    assert [line[change] for line in screen] == ["0,0", MINUS + "1,2", "+10,0", "0,0"]
    assert not any("-" in text for line in screen for text in line)
