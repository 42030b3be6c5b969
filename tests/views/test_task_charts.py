"""The Results tab's «Задания» and «Первичные баллы»: a school's tasks against the district and the
region with the table of tasks, and the primary scores with the boundaries of the marks; the rules
dialog shows the new thresholds, the factor as a number."""

from __future__ import annotations

import pyqtgraph as pg
import pytest

from desktop.models.qt.roles import ROW_ROLE
from desktop.services.database import open_database
from desktop.services.results_import import apply_results_import, plan_results_import
from desktop.services.rules import RuleSettings
from desktop.views.dialogs.rules_dialog import RulesDialog
from desktop.views.results_tab import ResultsTab
from tests.builders.result_files import write_fisoko_individual
from tests.builders.task_files import (
    pattern_schools,
    peak_schools,
    region_groups,
    write_score_shares,
    write_task_rates,
)


@pytest.fixture
def tab(qtbot, tmp_path):
    path = tmp_path / "office.sqlite"
    db = open_database(path)
    files = [write_fisoko_individual(tmp_path / "ind.xlsx", schools=pattern_schools(True)).path,
             write_fisoko_individual(tmp_path / "ind6.xlsx", schools=peak_schools(True), grade=6).path,
             write_task_rates(tmp_path / "tasks.xlsx", region_groups([50] * 9, [50] * 9, [])),
             write_score_shares(tmp_path / "scores.xlsx", [100 / 15] * 15, grade=6)]
    plan = plan_results_import(db, files, add_schools=True)
    apply_results_import(db, plan)
    widget = ResultsTab(db, path)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.show()
    yield widget
    db.close()


def choose_school(tab, grade: str, name_start: str) -> None:
    tab.subject.setCurrentIndex(tab.subject.findText("Математика"))
    tab.grade.setCurrentIndex(tab.grade.findText(grade))
    row = next(r for r in range(tab.proxy.rowCount())
               if tab.proxy.index(r, 0).data(ROW_ROLE).name.startswith(name_start))
    tab.table.setCurrentIndex(tab.proxy.index(row, 0))


def bars(chart) -> list:
    return [item for item in chart.getPlotItem().items if isinstance(item, pg.BarGraphItem)]


def test_tasks_of_the_chosen_school_beside_the_district_and_the_region(tab):
    tab.charts.setCurrentWidget(tab.task_panel)
    assert "Выберите предмет и класс" in tab.task_panel.chart.getPlotItem().titleLabel.text
    choose_school(tab, "5 класс", "МБОУ «СОШ № 1")
    table = tab.task_panel.table
    assert table.rowCount() == 9
    assert [table.item(0, c).text() for c in range(6)] == ["1", "Б", "1", "40,0", "63,3", "50,0"]
    assert [table.item(8, c).text() for c in range(3)] == ["7", "В", "3"]
    assert len(bars(tab.task_panel.chart)) == 2  # the school and the district; the region as dots
    assert "СОШ № 1" in tab.task_panel.chart.getPlotItem().titleLabel.text


def test_primary_scores_with_the_boundaries_of_the_marks(tab):
    tab.charts.setCurrentWidget(tab.score_chart)
    choose_school(tab, "6 класс", "МБОУ «СОШ № 1")
    items = tab.score_chart.getPlotItem().items
    lines = sorted(item.value() for item in items if isinstance(item, pg.InfiniteLine))
    assert lines == [5.5, 9.5, 12.5]  # «3» from 6, «4» from 10, «5» from 13
    peak, plain = None, None
    for item in bars(tab.score_chart):
        heights = item.opts["height"]
        if len(item.opts["x"]) and item.opts["x"][0] == 6:
            peak = sum(heights)
        else:
            plain = sum(heights)
    assert round(peak) == 80 and round(plain) == 20  # 16 of 20 pupils at a boundary or one above
    [region] = [item for item in items if isinstance(item, pg.PlotDataItem)]
    assert list(region.getData()[0]) == list(range(15))


def test_the_rules_dialog_shows_the_task_thresholds(qtbot):
    dialog = RulesDialog(RuleSettings())
    qtbot.addWidget(dialog)
    assert dialog.editors["score_peaks_factor"].value() == 2.0
    assert dialog.editors["task_pattern_gap"].value() == 10.0  # a share, shown in %
    dialog.editors["score_peaks_factor"].setValue(3.5)
    dialog.editors["task_pattern_gap"].setValue(15)
    chosen = dialog.chosen()
    assert chosen.score_peaks_factor == 3.5 and chosen.task_pattern_gap == 0.15
