"""A chart of schools with more rows than its height holds (a city's district, a region's file): as many
rows as can be read, from the top, the wheel moving through the rest, the title saying which are shown."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.views.charts.results_charts import MIN_ROW_PX, WHEEL_ROWS, MarksChart


def _rows(count: int) -> list:
    return [SimpleNamespace(name=f"МБОУ «СОШ № {k + 1}»", marked=20, n2=2, n3=8, n4=6, n5=4, share_failed=None)
            for k in range(count)]


def _wheel(chart, notches: int) -> None:
    centre = QPointF(chart.width() / 2, chart.height() / 2)
    event = QWheelEvent(centre, chart.mapToGlobal(centre), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(chart.viewport(), event)


def _labels(chart) -> list[str]:
    """The names on the left axis within the rows shown, top first."""
    low, high = chart.getPlotItem().vb.viewRange()[1]
    return [text for y, text in chart.getAxis("left")._tickLevels[0] if low <= y <= high]


@pytest.fixture
def chart(qtbot):
    panel = QWidget()  # in a panel, as in the Results tab (a bare plot widget closed by qtbot crashes Qt)
    qtbot.addWidget(panel)
    chart = MarksChart(panel)
    chart.resize(420, 460)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    yield chart  # the panel is held here: qtbot holds what it is given weakly


def test_few_rows_are_all_shown(chart):
    chart.show_rows(_rows(8), "ВПР · 2026 · Математика · 5 кл.")
    assert chart.rows_shown == 8 and len(_labels(chart)) == 8
    assert not chart.getPlotItem().titleLabel.text.startswith("1–")


def test_many_rows_show_what_can_be_read_and_the_wheel_moves_through_them(chart, qtbot):
    chart.show_rows(_rows(120), "ВПР · 2026 · Математика · 5 кл.")
    shown = chart.rows_shown
    height = chart.getPlotItem().vb.height()
    assert 5 <= shown < 120 and height / shown >= MIN_ROW_PX
    assert chart.first_row_shown() == 0 and _labels(chart)[0] == "МБОУ «СОШ № 1»"  # the first on top
    assert len(_labels(chart)) == shown
    assert chart.getPlotItem().titleLabel.text.startswith(f"1–{shown} из 120")
    _wheel(chart, -2)  # two notches down
    assert chart.first_row_shown() == 2 * WHEEL_ROWS
    assert chart.getPlotItem().titleLabel.text.startswith(f"{2 * WHEEL_ROWS + 1}–")
    _wheel(chart, 100)  # far up: stops at the first row
    assert chart.first_row_shown() == 0
    _wheel(chart, -100)  # far down: the last row is the lowest shown
    assert chart.first_row_shown() == 120 - shown
    assert chart.name_at(chart.getPlotItem().vb.mapViewToScene(QPointF(50, 0)).y()) == "МБОУ «СОШ № 120»"


def test_a_long_title_never_widens_the_chart_past_its_view(chart, qtbot):
    chart.resize(900, 460)  # a title made wide first
    chart.show_rows(_rows(300), "ВПР · 2026 · Математика · 5 кл. · " * 4)
    chart.resize(420, 460)
    qtbot.wait(20)
    chart.show_rows(_rows(300), "ВПР · 2026 · Математика · 5 кл. · " * 4)  # drawn again at the narrow width
    assert chart.getPlotItem().geometry().width() <= chart.width() + 0.5
    chart.resize(300, 460)
    qtbot.wait(20)
    assert chart.getPlotItem().geometry().width() <= chart.width() + 0.5
    chart.resize(900, 700)
    qtbot.wait(20)
    assert chart.rows_shown > 20 and chart.getPlotItem().geometry().width() <= chart.width() + 0.5
