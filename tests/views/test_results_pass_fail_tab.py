"""The Results tab with the сочинение and the собеседование: typed in by hand, shown with «зачёт» /
«незачёт» columns instead of marks, charted and saved with those labels."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.figures import INTERVIEW
from desktop.models.schools import School, SchoolsRepository
from desktop.views.dialogs.results_entry_dialog import ResultsEntryDialog
from desktop.views.results_tab import ResultsTab
from tests.views.helpers import when_dialog


@pytest.fixture
def tab(qtbot, db, db_path):
    repository = SchoolsRepository(db)
    for k in (1, 2):
        repository.add(School(f"МБОУ «СОШ № {k}»", code=f"edu90010{k}"))
    widget = ResultsTab(db, db_path)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.show()
    return widget


def enter(tab, school: int, participants: int, passed: int, failed: int, mean: float | None):
    def fill(dialog: ResultsEntryDialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData(INTERVIEW))
        dialog.year.setValue(2026)
        dialog.school.setCurrentIndex(school)
        for name, value in (("participants", participants), ("passed", passed), ("failed", failed)):
            dialog.figures[name].setValue(value)
        if mean is not None:
            dialog.figures["mean_primary"].setValue(mean)
        dialog.accept()

    seen = when_dialog(fill, kind=ResultsEntryDialog)
    tab.enter_results()
    assert seen == ["Результаты школы — ввод вручную"]


def test_the_dialog_asks_for_what_the_kind_has(qtbot, db):
    dialog = ResultsEntryDialog(db, kind=INTERVIEW)
    qtbot.addWidget(dialog)
    visible = {name for name, editor in dialog.figures.items() if dialog.form.isRowVisible(editor)}
    assert visible == {"participants", "passed", "failed", "mean_primary"}
    assert (dialog.subject.currentText(), dialog.grade.value()) == ("Русский язык", 9)
    assert "итоговое собеседование" in dialog.kind.currentText()
    dialog.kind.setCurrentIndex(dialog.kind.findData("ИС-11"))
    visible = {name for name, editor in dialog.figures.items() if dialog.form.isRowVisible(editor)}
    assert visible == {"participants", "passed", "failed"} and dialog.grade.value() == 11
    dialog.kind.setCurrentIndex(dialog.kind.findData("ВПР"))
    visible = {name for name, editor in dialog.figures.items() if dialog.form.isRowVisible(editor)}
    assert visible == {"participants", "n2", "n3", "n4", "n5"}
    assert dialog.kind.findData("ЕГЭ") == -1


def test_entered_by_hand_the_table_shows_pass_and_fail_without_marks(tab, tmp_path):
    enter(tab, 0, 25, 22, 3, 14.5)
    enter(tab, 1, 10, 10, 0, None)
    assert tab.kind.currentData() == INTERVIEW and tab.kind.itemData(0, Qt.ItemDataRole.ToolTipRole) == "итоговое собеседование по русскому языку"
    header = [tab.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.proxy.columnCount())]
    assert header == ["Школа / группа", "Предмет", "Класс", "Участников", "Зачёт", "Незачёт", "Незачёт, %",
                      "Δ незачёта", "Ср. балл"]
    rows = {tab.proxy.index(r, 0).data(): [tab.proxy.index(r, c).data() for c in range(3, 9)]
            for r in range(tab.proxy.rowCount())}
    assert rows["МБОУ «СОШ № 1»"] == ["25", "22", "3", "12,0", "", "14,5"]
    assert rows["МБОУ «СОШ № 2»"] == ["10", "10", "0", "0,0", "", ""]
    assert rows["Муниципалитет (по школам)"] == ["35", "32", "3", "8,6", "", "14,5"]
    assert tab.charts.tabText(0) == "Зачёт"
    bars = [item for item in tab.marks_chart.getPlotItem().items if type(item).__name__ == "BarGraphItem"]
    assert len(bars) == 2  # «зачёт», «незачёт»
    tab.charts.setCurrentIndex(1)  # the trend: the share of незачёт, no quality or pass rate
    assert [label.text for _, label in tab.trend_chart.legend.items] == ["доля незачёта"]

    out = tmp_path / "собеседование.xlsx"
    tab.save_table(str(out))
    values = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    head = next(row for row in values if row[0] == "Школа / группа")
    assert head[3:] == ["Участников", "Зачёт", "Незачёт", "Незачёт, %", "Δ незачёта", "Ср. балл"]


def test_figures_entered_again_are_replaced_only_when_the_user_says_so(tab):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.views.helpers import press

    def participants() -> list[int]:
        return [row[0] for row in tab.db.execute("SELECT participants FROM school_results ORDER BY school_id")]

    def reply(box, answer):
        asked.append(sorted(b.text() for b in box.buttons()))
        press(box, answer)
        if answer == "Не заменять":  # the entry stays open to be corrected; the user closes it
            QTimer.singleShot(0, lambda: next(w for w in QApplication.topLevelWidgets()
                                              if isinstance(w, ResultsEntryDialog) and w.isVisible()).reject())

    enter(tab, 0, 25, 22, 3, 14.5)
    asked: list[list[str]] = []
    for answer, expected in (("Не заменять", [25]), ("Заменить", [20])):
        when_dialog(lambda box, answer=answer: reply(box, answer), kind=QMessageBox)
        enter(tab, 0, 20, 20, 0, None)
        assert participants() == expected
    assert asked == [["Заменить", "Не заменять"]] * 2
