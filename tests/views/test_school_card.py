"""The school card (issue 20 point 8, issue 21 point 4): a page of the school's figures, flags and
measures; «Добавить в план…» from the card and from the flags panel puts measures into a chosen plan,
seen in the roadmap tab and on the card; Ctrl+P shows the card as it prints."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.models.qt.roles import ROW_ROLE
from desktop.services.database import open_database
from desktop.services.rules import flags_for_year
from desktop.views.dialogs.document_preview import DocumentPreviewDialog
from desktop.views.dialogs.measure_schools_dialog import MeasureSchoolsDialog
from desktop.views.dialogs.school_card import SchoolCardDialog
from desktop.views.dialogs.targeted_dialog import TargetedDialog
from desktop.views.results_tab import ResultsTab
from desktop.views.roadmap_tab import RoadmapTab
from tests.builders.demo_office import demo_with_results
from tests.views.helpers import activate, press, press_keys, type_text, when_dialog

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return demo_with_results(tmp_path_factory.mktemp("card") / "demo.sqlite", TODAY)


@pytest.fixture
def tabs(qtbot, built, tmp_path):
    path = shutil.copy(built, tmp_path / "demo.sqlite")
    db = open_database(path)
    results, roadmap = ResultsTab(db, path), RoadmapTab(db, path, today=TODAY)
    results.plans_changed.connect(roadmap.changed_elsewhere)  # as the main window joins them
    for widget in (results, roadmap):
        qtbot.addWidget(widget)
        widget.resize(1300, 720)
        widget.show()
    yield db, results, roadmap
    db.close()


def flagged_school(db) -> int:
    return next(f.school_id for f in flags_for_year(db, 2026).flags if f.flag == "low_results")


def fill_targeted(dialog: TargetedDialog) -> None:
    dialog.flag.setCurrentIndex(dialog.flag.findData("low_results"))
    type_text(dialog.deadline, "до 1 февраля 2027 г.")
    type_text(dialog.responsible, "Методический отдел")
    press(dialog, "Добавить")


def test_the_card_reads_as_a_page_and_adds_its_flags_to_a_plan(qtbot, tabs):
    db, results, roadmap = tabs
    school_id = flagged_school(db)
    seen = {}

    def read_card(card: SchoolCardDialog):
        seen["before"] = card.page.toPlainText()
        summaries = []
        when_dialog(lambda d: (summaries.append(d.summary.text()), fill_targeted(d)), kind=TargetedDialog)
        qtbot.mouseClick(card.add_button, Qt.MouseButton.LeftButton)
        seen["summary"] = summaries[0]
        seen["after"] = card.page.toPlainText()
        card.reject()

    when_dialog(read_card, kind=SchoolCardDialog)
    row = next(r for r in (results.proxy.index(i, 0).data(ROW_ROLE) for i in range(results.proxy.rowCount()))
               if r.level == "school" and r.school_id == school_id)
    results.open_school_card(row)

    before = seen["before"]
    for heading in ("Результаты оценочных процедур", "Признаки", "Мероприятия", "Кач., %\n2026"):
        assert heading in before
    assert "Мероприятий, адресованных школе, в планах нет." in before
    assert seen["summary"] == "Будет добавлено: 1 мероприятие."
    assert "Адресная методическая помощь в повышении образовательных результатов" in seen["after"]
    assert "01.02.2027" in seen["after"] and "не начато" in seen["after"]

    section = next(s for s in roadmap.repository.sections(roadmap.roadmap.id) if s.title == "Адресная работа со школами")
    added = [m for m in roadmap.model.all_measures() if m.section_id == section.id]
    assert len(added) == 1 and added[0].responsible == "Методический отдел"
    assert "Признак 2026 года — низкие образовательные результаты" in added[0].note
    assert roadmap.undo_stack.count() == 0


def test_the_flags_panel_adds_every_flagged_school_once(qtbot, tabs):
    db, results, roadmap = tabs
    summaries = []
    when_dialog(lambda d: (summaries.append(d.summary.text()), press(d, "Добавить")), kind=TargetedDialog)
    qtbot.mouseClick(results.add_to_plan_button, Qt.MouseButton.LeftButton)
    pairs = {(f.school_id, f.flag) for f in flags_for_year(db, 2026).flags}
    assert summaries[0].startswith(f"Будет добавлено: {len(pairs)} ")
    assert len(roadmap.repository.addressed(roadmap.roadmap.id)) == len(pairs)

    def refuse(dialog):
        summaries.append(dialog.summary.text())
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.reject()

    when_dialog(refuse, kind=TargetedDialog)
    qtbot.mouseClick(results.add_to_plan_button, Qt.MouseButton.LeftButton)
    assert summaries[1] == f"Будет добавлено: 0 мероприятий. Уже в плане: {len(pairs)}."


def test_ctrl_p_shows_the_card_as_it_prints(qtbot, tabs):
    db, _, _ = tabs
    card = SchoolCardDialog(db, flagged_school(db), today=TODAY)
    qtbot.addWidget(card)
    card.show()
    activate(qtbot, card)
    press_keys(qtbot, card.page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = card.preview
    assert isinstance(preview, DocumentPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    assert not preview.page_picture(0).isNull()
    preview.reject()


def test_a_measure_names_schools_by_hand_and_their_cards_list_it(qtbot, tabs):
    db, _, roadmap = tabs
    measure = roadmap.model.all_measures()[3]
    roadmap.select_measure(measure.id)

    def tick(dialog: MeasureSchoolsDialog):
        type_text(dialog.search, "Каменка")
        shown = [dialog.list.item(r) for r in range(dialog.list.count()) if not dialog.list.isRowHidden(r)]
        assert len(shown) == 1
        shown[0].setCheckState(Qt.CheckState.Checked)
        press(dialog, "Сохранить")

    when_dialog(tick, kind=MeasureSchoolsDialog)
    press_keys(qtbot, roadmap.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    school_id = roadmap.repository.measure_schools(measure.id)[0][0]
    assert roadmap.undo_action.text() == f"Отменить изменение школ мероприятия {measure.number.rstrip('.')}"
    card = SchoolCardDialog(db, school_id, today=TODAY)
    qtbot.addWidget(card)
    assert measure.text in card.page.toPlainText()
    press_keys(qtbot, roadmap.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert roadmap.repository.measure_schools(measure.id) == []
