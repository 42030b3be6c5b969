from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.demo import build_demo
from desktop.models.qt.roadmap_model import COL_DEADLINE, COL_STATUS, COL_TEXT, RoadmapTreeModel
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.roadmaps import Measure
from desktop.services.database import open_database
from desktop.services.roadmap_export import load_roadmap
from desktop.services.roadmap_status import plan_label
from desktop.views.dialogs.progress_dialog import ProgressDialog
from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog
from desktop.views.roadmap_tab import RoadmapTab
from tests.builders.docx_orders import EXAMPLE_ORDERS, docx_from_example_text
from tests.views.helpers import activate, press, press_keys, type_text, when_dialog

TODAY = date(2026, 11, 23)
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
EXAMPLES = EXAMPLE_ORDERS


@pytest.fixture
def roadmap_db(tmp_path):
    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    yield db, path
    db.close()


@pytest.fixture
def tab(qtbot, roadmap_db):
    db, path = roadmap_db
    widget = RoadmapTab(db, path, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    activate(qtbot, widget)
    return widget


def visible(tab: RoadmapTab) -> list[Measure]:
    """What the tree shows, read back through the model's indexes as the view does."""
    shown = []
    for row in range(tab.model.rowCount()):
        top = tab.model.index(row, 0)
        item = top.data(ROW_ROLE)
        if isinstance(item, Measure):
            shown.append(item)
        shown.extend(tab.model.index(r, 0, top).data(ROW_ROLE) for r in range(tab.model.rowCount(top)))
    # The timeline shows the same measures, less those whose deadline has no dates.
    assert [m.id for m in shown if m.range_dates()] == [m.id for m in tab.timeline.measures]
    return shown


def row_of(tab: RoadmapTab, number: str) -> QModelIndex:
    measure = next(m for m in tab.model.all_measures() if m.number == number)
    return tab.model.index_of_measure(measure.id)


def test_demo_plan_shows_its_state_at_a_glance(tab):
    assert tab.summary.text() == "Выполнено 5 из 18, просрочено 1, в ближайшие 14 дней 2"
    assert tab.model.rowCount() == 4  # four sections
    overdue = row_of(tab, "1.4.")
    assert overdue.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"
    assert row_of(tab, "1.1.").siblingAtColumn(COL_STATUS).data().startswith("выполнено")
    assert len(tab.timeline.measures) > 10


def test_filters_as_you_type_and_by_state(qtbot, tab):
    type_text(tab.search, "наблюдател")
    assert {m.number for m in visible(tab)} == {"4.1.", "4.2."}
    tab.search.clear()
    tab.overdue_filter.setChecked(True)
    assert [m.number for m in visible(tab)] == ["1.4."]
    tab.overdue_filter.setChecked(False)
    tab.soon_filter.setChecked(True)
    assert {m.number for m in visible(tab)} == {"2.4.", "3.1."}
    tab.soon_filter.setChecked(False)
    tab.month_filter.setCurrentIndex(tab.month_filter.findText("март 2027"))
    assert {m.number for m in visible(tab)} == {"2.4.", "3.2.", "3.3.", "3.4.", "4.1."}


def test_inline_deadline_edit_is_read_and_undone(qtbot, tab):
    index = row_of(tab, "4.5.").siblingAtColumn(COL_DEADLINE)
    assert tab.model.setData(index, "до 31.06.2027") is False  # the edit goes through the undo stack
    saved = next(m for m in tab.model.all_measures() if m.number == "4.5.")
    assert saved.deadline_text == "до 31.06.2027"
    assert saved.deadline["ranges"] == [] and "не существует" in saved.deadline["warnings"][0]
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#a15c00"
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = tab.repository.measure(saved.id)
    assert restored.deadline_text == "до 30.06.2027"
    assert restored.due == date(2027, 6, 30)


def test_mark_progress_through_the_dialog_then_undo(qtbot, tab):
    index = row_of(tab, "1.4.")
    tab.tree.setCurrentIndex(index)

    def fill(dialog):
        dialog.status.setCurrentIndex(dialog.status.findData("done"))
        type_text(dialog.evidence, "Планы школ приняты, справка № 7")
        press(dialog, "Отметить")

    when_dialog(fill, kind=ProgressDialog)
    press_keys(qtbot, tab.tree, Qt.Key.Key_M, CTRL)  # Отметить выполнение…
    measure = tab.selected_item()
    assert measure.status == "done"
    assert tab.summary.text().startswith("Выполнено 6 из 18, просрочено 0")
    assert tab.repository.history(measure.id)[-1].evidence == "Планы школ приняты, справка № 7"
    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert tab.repository.measure(measure.id).status == "not_started"
    assert tab.summary.text().startswith("Выполнено 5 из 18, просрочено 1")


def test_add_move_and_delete_a_measure(qtbot, tab):
    tab.tree.setCurrentIndex(row_of(tab, "2.5."))
    press_keys(qtbot, tab.tree, Qt.Key.Key_N, CTRL)  # Добавить мероприятие
    added = tab.selected_item()
    assert isinstance(added, Measure) and added.text == "Новое мероприятие"
    section_two = [m.number for m in tab.model.all_measures() if m.section_id == added.section_id]
    assert section_two[-1] is None  # the new measure stands last in section 2
    press_keys(qtbot, tab.tree, Qt.Key.Key_Up, CTRL)  # Выше
    order = [m.id for m in tab.model.all_measures() if m.section_id == added.section_id]
    assert order[-2] == added.id

    when_dialog(lambda box: press(box, "Удалить"), kind=QMessageBox)
    tab.tree.setCurrentIndex(tab.model.index_of_measure(added.id))
    press_keys(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert tab.repository.measure(added.id) is None
    assert len(tab.model.all_measures()) == 18


def test_a_deleted_measure_comes_back_by_ctrl_z_with_its_marks(qtbot, tab, roadmap_db):
    db, _ = roadmap_db
    marked = next(m for m in tab.model.all_measures() if m.status == "done")
    before, history = list(db.conn.iterdump()), tab.repository.history(marked.id)
    asked = []

    def keep(box):
        asked.append(box.text())
        press(box, "Не удалять")

    when_dialog(keep, kind=QMessageBox)
    tab.tree.setCurrentIndex(tab.model.index_of_measure(marked.id))
    press_keys(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert "Ctrl+Z" in asked[0] and "нельзя отменить" not in asked[0]
    assert list(db.conn.iterdump()) == before

    when_dialog(lambda box: press(box, "Удалить"), kind=QMessageBox)
    press_keys(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert tab.repository.measure(marked.id) is None and len(tab.model.all_measures()) == 17
    assert tab.undo_action.text() == f"Отменить удаление мероприятия {marked.number.rstrip('.')}"
    assert tab.undo_action.iconText() == "Отменить" and tab.undo_action.toolTip() == tab.undo_action.text()

    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert list(db.conn.iterdump()) == before  # the same rows under the same ids, its place and marks
    assert tab.repository.history(marked.id) == history and tab.selected_item().id == marked.id
    assert tab.model.index_of_measure(marked.id).isValid() and tab.selected_item().status == "done"

    section = next(s for s in tab.repository.sections(tab.roadmap.id))
    when_dialog(lambda box: press(box, "Удалить"), kind=QMessageBox)
    tab.select_section(section.id)
    press_keys(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert tab.undo_action.text() == f"Отменить удаление раздела {section.number.rstrip('.')}"
    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert list(db.conn.iterdump()) == before


def test_import_of_an_order_goes_through_the_preview(qtbot, tab, tmp_path):
    docx = docx_from_example_text(EXAMPLES / "pervomaisky-2024-128-roadmap.txt", tmp_path / "приказ.docx")
    summaries = []

    def confirm(dialog):
        summaries.append(dialog.summary.text())
        press(dialog, "Сохранить план")

    when_dialog(confirm, kind=RoadmapImportDialog)
    tab.import_from_file(str(docx))
    qtbot.waitUntil(lambda: tab.chooser.count() == 2, timeout=5000)
    assert "мероприятий: 14" in summaries[0] and "128/1-О" in summaries[0]
    assert "Первомайского района" in tab.chooser.currentText()
    assert len(tab.model.all_measures()) == 14


def test_timeline_click_selects_the_measure(qtbot, tab):
    from desktop.views.roadmap_timeline import HEADER_HEIGHT, ROW_HEIGHT

    target = tab.timeline.measures[3]
    qtbot.mouseClick(tab.timeline, Qt.MouseButton.LeftButton, pos=QPoint(200, HEADER_HEIGHT + 3 * ROW_HEIGHT + 5))
    assert tab.selected_item().id == target.id


def test_roadmap_model_passes_qtmodeltester(qtmodeltester, roadmap_db):
    db, _ = roadmap_db
    model = RoadmapTreeModel(today=TODAY)
    model.load(load_roadmap(db, 1)[1])
    qtmodeltester.check(model)
    model.set_filter(words=["семинар"])
    qtmodeltester.check(model)
    assert model.rowCount() == 1  # only section 3 keeps a match
    section = model.index(0, COL_TEXT)
    assert section.data(ROW_ROLE).title == "Методическое сопровождение"
    assert [model.index(r, COL_TEXT, model.index(0, 0)).data() for r in range(model.rowCount(model.index(0, 0)))] == [
        "Семинар для заместителей директора «Критериальное оценивание»"
    ]
    model.set_filter(words=["методическое"])  # a section's title matches: its measures are shown
    assert model.rowCount() == 1 and model.rowCount(model.index(0, 0)) == 4


def test_paste_a_table_copied_from_excel(qtbot, tab):
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText(
        "№\tМероприятие\tСрок исполнения\tОтветственные\n"
        "1.\tСовещание директоров\tдо 15.12.2026\tУправление образования\n"
        "2.\tСеминар для завучей\tянварь 2027 г.\tМКУ «ИМЦ»\n"
    )
    seen = []

    def confirm(dialog):
        seen.append(dialog.summary.text())
        press(dialog, "Сохранить план")

    when_dialog(confirm, kind=RoadmapImportDialog)
    press_keys(qtbot, tab.tree, Qt.Key.Key_V, CTRL_SHIFT)  # Вставить план
    assert "мероприятий: 2" in seen[0]
    assert [m.deadline_text for m in tab.model.all_measures()] == ["до 15.12.2026", "январь 2027 г."]
    assert tab.model.all_measures()[0].due == date(2026, 12, 15)


def test_pasting_plain_prose_says_what_to_copy(qtbot, tab):
    messages = []
    when_dialog(lambda box: (messages.append(box.text()), box.accept()), kind=QMessageBox)
    tab.import_from_clipboard("просто какой-то текст без таблицы")
    assert messages and "не найдена таблица плана" in messages[0] and "«Мероприятие»" in messages[0]
    assert tab.chooser.count() == 1


def test_add_a_section_and_move_sections_with_undo(qtbot, tab):
    press_keys(qtbot, tab.tree, Qt.Key.Key_N, CTRL_SHIFT)  # Добавить раздел
    sections = tab.repository.sections(tab.roadmap.id)
    assert [(s.number, s.title) for s in sections][-1] == ("5.", "Новый раздел")
    tab.tree.setCurrentIndex(tab.model.index(1, 0))  # section 2
    assert tab.selected_item().number == "2."
    press_keys(qtbot, tab.tree, Qt.Key.Key_Up, CTRL)
    titles = [tab.model.index(r, COL_TEXT).data() for r in range(tab.model.rowCount())]
    assert titles[:2] == ["Анализ результатов оценочных процедур", "Нормативное и организационное обеспечение"]
    numbers = [m.number for m in tab.model.all_measures()]
    assert numbers[:6] == ["2.1.", "2.2.", "2.3.", "2.4.", "2.5.", "1.1."]  # the measures went along
    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert [m.number for m in tab.model.all_measures()][:2] == ["1.1.", "1.2."]
    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert len(tab.repository.sections(tab.roadmap.id)) == 4


def test_journal_of_orders_opens_a_plan_and_signs_an_order(qtbot, tab, tmp_path):
    from desktop.views.dialogs.orders_journal_dialog import OrdersJournalDialog

    docx = docx_from_example_text(EXAMPLES / "orenburg-2023-341-monitoring.txt", tmp_path / "o.docx")
    from desktop.services.roadmap_import import apply_roadmap_import, plan_roadmap_import

    apply_roadmap_import(tab.db, plan_roadmap_import(docx))
    tab.reload_roadmaps(select=1)
    texts = []

    def use(dialog):
        top = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
        texts.extend((t.text(2), t.text(5)) for t in top)
        dialog.tree.setCurrentItem(next(t for t in top if t.text(2) == "341"))
        dialog.open_button.click()

    when_dialog(use, kind=OrdersJournalDialog)
    press_keys(qtbot, tab.tree, Qt.Key.Key_J, CTRL)  # Журнал приказов…
    assert ("112-од", "выполнено 5 из 18, просрочено 1") in texts
    assert tab.roadmap.order.number == "341" and tab.chooser.currentData() == tab.roadmap.id


def import_clause_order(db, tmp_path) -> int:
    from desktop.services.roadmap_import import apply_roadmap_import, plan_roadmap_import
    from tests.builders.docx_orders import build_order_docx, zarechny_clause_order_items

    path = build_order_docx(tmp_path / "приказ-116.docx", zarechny_clause_order_items())
    return apply_roadmap_import(db, plan_roadmap_import(path))


def test_overdue_assignments_and_measures_of_every_plan_in_one_view(qtbot, tab, roadmap_db, tmp_path):
    from desktop.views.dialogs.overdue_dialog import OverdueDialog

    db, _ = roadmap_db
    demo_plan = tab.roadmap.id
    clauses_plan = import_clause_order(db, tmp_path)  # an order of 2023: its dated assignments are overdue
    tab.reload_roadmaps(select=demo_plan)
    assert tab.all_overdue.text().startswith('<a href="overdue">Во всех планах просрочено: ')
    assert "(2 плана)" in tab.all_overdue.text()
    demo_overdue = next(m.text for m in tab.model.all_measures() if m.number == "1.4.")  # overdue in the demo
    type_text(tab.search, "наблюдател")  # a filter that hides the assignment chosen below

    shown = {}

    def choose(dialog: OverdueDialog) -> None:
        shown["rows"] = dialog.shown_measures()
        shown["summary"] = dialog.summary.text()
        for g in range(dialog.tree.topLevelItemCount()):
            group = dialog.tree.topLevelItem(g)
            for i in range(group.childCount()):
                if group.child(i).text(1).startswith("представить в управление образования отчёт"):
                    dialog.tree.setCurrentItem(group.child(i))
        dialog.open_button.click()

    when_dialog(choose, kind=OverdueDialog)
    press_keys(qtbot, tab.tree, Qt.Key.Key_O, CTRL_SHIFT)  # Просроченное во всех планах…
    plans = [plan for plan, _ in shown["rows"]]
    assert any(p.startswith("Поручения приказа: ") and "№ 116-26-528 от 05.09.2023" in p for p in plans)
    assert any(p.startswith("План: ") for p in plans)
    texts = [text for _, text in shown["rows"]]
    assert "провести анализ результатов ГИА-2023" in texts[0]  # the oldest overdue first (20.09.2023)
    assert demo_overdue in texts
    assert shown["summary"].startswith(f"Просрочено: {len(texts)} в 2 планах — на 23.11.2026")
    # the chosen assignment is open in the tab, the hiding filter cleared
    assert tab.roadmap.id == clauses_plan and tab.search.text() == ""
    chosen = tab.selected_item()
    assert isinstance(chosen, Measure) and chosen.text.startswith("представить в управление образования отчёт")
    assert chosen.deadline_text == "в срок до 25.12.2023 г."


def test_the_overdue_view_can_add_what_is_due_soon(qtbot, roadmap_db):
    from desktop.views.dialogs.overdue_dialog import OverdueDialog

    db, _ = roadmap_db
    dialog = OverdueDialog(db, TODAY)
    qtbot.addWidget(dialog)
    overdue_only = dialog.shown_measures()
    assert len(overdue_only) == 1  # the demo plan: one overdue measure
    dialog.soon.setChecked(True)
    assert len(dialog.shown_measures()) == 3  # and two due in the next 14 days, after it
    assert dialog.shown_measures()[0] == overdue_only[0]
    assert "в ближайшие 14 дней: 2" in dialog.summary.text()


@pytest.mark.parametrize("on", [date(2023, 9, 1), date(2024, 5, 1), date(2026, 11, 2), TODAY, date(2028, 1, 1)])
def test_overdue_counts_agree_with_each_measures_own_judgement(roadmap_db, tmp_path, on):
    from collections import Counter

    from desktop.models.roadmaps import RoadmapsRepository

    db, _ = roadmap_db
    import_clause_order(db, tmp_path)
    repository = RoadmapsRepository(db)
    # a measure, or each overdue occurrence of a recurring one
    expected = Counter(e.roadmap_id for m in repository.measures() for e in m.overdue_entries(on))
    assert repository.overdue_counts(on) == dict(expected)


def test_the_execution_report_is_previewed_then_saved_as_word(qtbot, tab, tmp_path):
    from docx import Document

    from tests.views.test_order_editor import page_is_printed_on

    preview = tab.export_report()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=30_000)
    assert page_is_printed_on(preview.page_picture(0))
    out = tmp_path / "исполнение.docx"
    messages = []
    tab.status_message.connect(messages.append)
    with qtbot.waitSignal(preview.saved, timeout=30_000):
        preview.save(".docx", str(out))
    rows = [[c.text.replace("\u00a0", " ") for c in row.cells]  # no-break spaces («в 6 классах») as spaces
            for table in Document(str(out)).tables for row in table.rows]
    texts = {row[1] for row in rows if len(row) > 1}
    assert {m.text for m in tab.model.all_measures()} <= texts
    overdue = next(m for m in tab.model.all_measures() if m.number == "1.4.")
    assert any(row[1] == overdue.text and "просрочено" in row[4] for row in rows)
    assert messages == [f"Отчёт об исполнении сохранён: {out}"]
    preview.reject()


def test_the_overdue_list_prints_and_saves_as_shown(qtbot, roadmap_db, tmp_path):
    import subprocess

    from PySide6.QtCore import Qt

    from desktop.views.dialogs.overdue_dialog import OverdueDialog

    db, _ = roadmap_db
    dialog = OverdueDialog(db, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.soon.setChecked(True)
    shown = [text for _, text in dialog.shown_measures()]
    dialog.activateWindow()
    dialog.tree.setFocus()
    qtbot.waitUntil(dialog.tree.hasFocus)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P, as in Word
    preview = dialog.preview_dialog
    assert preview is not None, "Ctrl+P did not open the printed list"
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=30_000)
    out = tmp_path / "просроченное.pdf"
    preview.save(".pdf", str(out))
    qtbot.waitUntil(out.exists, timeout=30_000)
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # drawing order: a cell's words together
    assert "Просроченные мероприятия во всех планах" in text
    positions = [text.find(" ".join(t.split()[:2])) for t in shown]
    assert -1 not in positions and positions == sorted(positions)  # the same measures in the same order
    preview.reject()


# --- plans have a life (issue 18 part 6) -----------------------------------------------------------
def plan_button(tab: RoadmapTab, action):
    from PySide6.QtWidgets import QToolButton

    return next(b for b in tab.findChildren(QToolButton) if b.defaultAction() is action)


def chooser_ids(tab: RoadmapTab) -> list[int]:
    return [tab.chooser.itemData(i) for i in range(tab.chooser.count())]


def test_finish_an_old_plan_then_return_it_to_work(qtbot, tab, roadmap_db, tmp_path):
    db, _ = roadmap_db
    demo_plan = tab.roadmap.id
    old_plan = import_clause_order(db, tmp_path)  # an order of 2023: years overdue
    tab.reload_roadmaps(select=old_plan)
    assert "(2 плана)" in tab.all_overdue.text()
    button = plan_button(tab, tab.archive_action)
    assert button.text() == "Завершить план"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert tab.repository.get(old_plan).archived_at == TODAY
    # out of the chooser (the box is off) and out of the count of every plan's overdue work
    assert chooser_ids(tab) == [demo_plan] and tab.roadmap.id == demo_plan
    assert tab.all_overdue.text() == '<a href="overdue">Во всех планах просрочено: 1 (1 план)</a>'
    from desktop.views.dialogs.overdue_dialog import OverdueDialog

    listed = OverdueDialog(db, TODAY, tab)
    assert {plan for plan, _ in listed.shown_measures()} == {plan_label(tab.repository.get(demo_plan))}
    listed.close()
    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)  # undo: in work again, and shown again
    assert tab.repository.get(old_plan).archived_at is None and tab.roadmap.id == old_plan
    assert "(2 плана)" in tab.all_overdue.text()
    press_keys(qtbot, tab.tree, Qt.Key.Key_Y, CTRL)  # redo
    assert tab.repository.get(old_plan).archived_at == TODAY and chooser_ids(tab) == [demo_plan]

    tab.show_finished.setChecked(True)
    assert chooser_ids(tab) == [demo_plan, old_plan]
    tab.chooser.setCurrentIndex(1)
    assert tab.chooser.currentText().endswith("— завершён 23.11.2026")
    assert tab.summary.text().startswith("План завершён 23.11.2026, только просмотр: выполнено 0 из ")
    assert button.text() == "Вернуть в работу"
    # read-only: nothing to add, mark or move, nothing editable in the tree, nothing painted overdue
    assert not any(a.isEnabled() for a in (tab.add_action, tab.add_section_action, tab.mark_action))
    first = tab.model.index_of_measure(tab.model.all_measures()[0].id)
    assert not first.siblingAtColumn(COL_TEXT).flags() & Qt.ItemFlag.ItemIsEditable
    assert all(tab.model.index_of_measure(m.id).data(Qt.ItemDataRole.BackgroundRole) is None
               for m in tab.model.all_measures())
    refusals = []
    when_dialog(lambda box: (refusals.append(box.text()), box.accept()), kind=QMessageBox)
    tab._edit_requested(tab.model.all_measures()[0], COL_TEXT, "другой текст")
    assert refusals and "завершён 23.11.2026 и не изменяется" in refusals[0]
    assert tab.repository.measure(tab.model.all_measures()[0].id).text != "другой текст"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # Вернуть в работу
    assert tab.repository.get(old_plan).archived_at is None and tab.roadmap.id == old_plan
    assert button.text() == "Завершить план" and tab.add_action.isEnabled()
    assert "(2 плана)" in tab.all_overdue.text()
    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)  # undo: finished again, on the same day
    assert tab.repository.get(old_plan).archived_at == TODAY and tab.summary.text().startswith("План завершён")


def test_delete_a_plan_after_confirming_and_undo_it(qtbot, tab, roadmap_db):
    db, _ = roadmap_db
    plan = tab.roadmap
    before = list(db.conn.iterdump())
    measures = len(tab.model.all_measures())
    marks = db.execute("SELECT count(*) FROM measure_progress").fetchone()[0]
    assert (measures, marks) == (18, 9)
    asked = []

    def keep(box):
        asked.append(box.text())
        press(box, "Не удалять")

    when_dialog(keep, kind=QMessageBox)
    qtbot.mouseClick(plan_button(tab, tab.delete_plan_action), Qt.MouseButton.LeftButton)
    assert "18 мероприятий и 9 отметок о выполнении" in asked[0] and "Приказ № 112-од остаётся" in asked[0]
    assert list(db.conn.iterdump()) == before

    def delete(box):
        asked.append(box.text())
        press(box, "Удалить")

    when_dialog(delete, kind=QMessageBox)
    qtbot.mouseClick(plan_button(tab, tab.delete_plan_action), Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert tab.repository.get(plan.id) is None and tab.roadmap is None and tab.chooser.count() == 0
    assert db.execute("SELECT count(*) FROM measures").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM measure_progress").fetchone()[0] == 0
    assert tab.undo_action.text() == f"Отменить удаление плана «{plan.title[:49].rstrip()}…»"

    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert list(db.conn.iterdump()) == before  # the same rows under the same ids
    assert tab.roadmap.id == plan.id and len(tab.model.all_measures()) == 18
    assert tab.summary.text() == "Выполнено 5 из 18, просрочено 1, в ближайшие 14 дней 2"


# --- a recurring measure, marked occurrence by occurrence (issue 18 part 4) ----------------------------
AFTER_NOVEMBER = date(2025, 11, 26)  # the monthly report's day in November has passed


@pytest.fixture
def recurring_tab(qtbot, tmp_path):
    """The tab on 26.11.2025 over a plan whose monthly report is done for September and October."""
    from desktop.models.roadmaps import ProgressMark, RoadmapsRepository
    from tests.builders.recurring_plan import recurring_plan

    path = tmp_path / "recurring.sqlite"
    db = open_database(path)
    roadmap_id = recurring_plan(db)
    repo = RoadmapsRepository(db)
    monthly = repo.measures(roadmap_id)[0]
    for key, day in (("2025-09", date(2025, 9, 22)), ("2025-10", date(2025, 10, 24))):
        repo.mark(ProgressMark(monthly.id, "done", day, "Иванова О. П.", occurrence=key))
    widget = RoadmapTab(db, path, today=AFTER_NOVEMBER)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    activate(qtbot, widget)
    yield widget
    db.close()


def test_mark_an_occurrence_of_a_recurring_measure_then_undo(qtbot, recurring_tab):
    tab = recurring_tab
    monthly = row_of(tab, "1.")
    assert tab.summary.text() == "Выполнено 0 из 2, просрочено 2, в ближайшие 14 дней 0"
    assert monthly.siblingAtColumn(COL_STATUS).data() == "в работе (2 из 12 сроков)"
    assert monthly.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"  # November is overdue
    tooltip = monthly.siblingAtColumn(COL_DEADLINE).data(Qt.ItemDataRole.ToolTipRole).splitlines()
    assert tooltip[0] == monthly.data(ROW_ROLE).deadline_text  # as written, then each occurrence
    assert tooltip[1:5] == ["сентябрь 2025 (срок 25.09.2025) — выполнено 22.09.2025",
                           "октябрь 2025 (срок 25.10.2025) — выполнено 24.10.2025",
                           "ноябрь 2025 (срок 25.11.2025) — просрочено",
                           "декабрь 2025 (срок 25.12.2025) — ближайший срок"]
    measure = monthly.data(ROW_ROLE)
    states = lambda: [state for _, _, state in tab.timeline.bars(tab.repository.measure(measure.id))]  # noqa: E731
    assert states() == ["done", "done", "overdue", "open"] + ["future"] * 8  # December: 29 days away

    offered = []

    def fill(dialog):
        offered.extend(dialog.occurrence.itemText(i) for i in range(dialog.occurrence.count()))
        offered.append(dialog.occurrence.currentData())  # the earliest missed comes first
        type_text(dialog.evidence, "Информация за ноябрь, письмо № 31")
        press(dialog, "Отметить")

    tab.tree.setCurrentIndex(monthly)
    when_dialog(fill, kind=ProgressDialog)
    press_keys(qtbot, tab.tree, Qt.Key.Key_M, CTRL)  # Отметить выполнение…
    assert offered[0] == "сентябрь 2025 (срок 25.09.2025) — выполнено 22.09.2025"
    assert offered[2] == "ноябрь 2025 (срок 25.11.2025) — просрочено"
    assert offered[12] == "всё мероприятие (все сроки без своей отметки)" and offered[-1] == "2025-11"
    marked = tab.repository.history(measure.id)[-1]
    assert (marked.occurrence, marked.status, marked.evidence) == ("2025-11", "done", "Информация за ноябрь, письмо № 31")
    assert tab.summary.text() == "Выполнено 1 из 2, просрочено 1, в ближайшие 14 дней 0"  # the single one is left
    assert row_of(tab, "1.").siblingAtColumn(COL_STATUS).data() == "выполнено (3 из 12 сроков)"
    assert states()[:4] == ["done", "done", "done", "open"]
    assert tab.undo_stack.undoText() == "отметку «выполнено»: ноябрь 2025 (срок 25.11.2025)"

    press_keys(qtbot, tab.tree, Qt.Key.Key_Z, CTRL)
    assert [m.occurrence for m in tab.repository.history(measure.id)] == ["2025-09", "2025-10"]
    assert tab.summary.text() == "Выполнено 0 из 2, просрочено 2, в ближайшие 14 дней 0"
    assert row_of(tab, "1.").siblingAtColumn(COL_STATUS).data() == "в работе (2 из 12 сроков)"
    assert states()[:4] == ["done", "done", "overdue", "open"]
    tab.overdue_filter.setChecked(True)
    assert {m.number for m in visible(tab)} == {"1.", "2."}


def test_a_single_measure_is_marked_without_asking_for_an_occurrence(qtbot, recurring_tab):
    tab = recurring_tab
    seen = []

    def fill(dialog):
        seen.append(dialog.occurrence.count())
        press(dialog, "Отметить")

    tab.tree.setCurrentIndex(row_of(tab, "2."))
    when_dialog(fill, kind=ProgressDialog)
    press_keys(qtbot, tab.tree, Qt.Key.Key_M, CTRL)
    assert seen == [0]
    assert tab.repository.history(tab.selected_item().id)[-1].occurrence is None
    assert tab.undo_stack.undoText() == "отметку «выполнено»"


def test_a_cut_cell_shows_its_whole_text_on_hover_and_numbers_fit(tab):
    from desktop.models.qt.roadmap_model import COL_NUMBER, COL_RESPONSIBLE

    measure = next(m for m in tab.model.all_measures() if m.responsible and m.number == "1.2.")
    at = row_of(tab, "1.2.")
    for column, expected in ((COL_TEXT, measure.text), (COL_RESPONSIBLE, measure.responsible)):
        assert at.siblingAtColumn(column).data(Qt.ItemDataRole.ToolTipRole) == expected
    metrics = tab.tree.fontMetrics()
    indent = tab.tree.indentation() * 2  # a measure stands under its section
    assert tab.tree.columnWidth(COL_NUMBER) >= metrics.horizontalAdvance("10.12.") + indent


def edit_cell(qtbot, tab: RoadmapTab, measure: Measure, column: int):
    """F2 on a measure's cell, as a user edits it; the editor that then has the focus."""
    from PySide6.QtWidgets import QApplication

    tab.tree.setCurrentIndex(tab.model.index_of_measure(measure.id).siblingAtColumn(column))
    press_keys(qtbot, tab.tree, Qt.Key.Key_F2)
    return QApplication.focusWidget()


def test_a_measure_s_text_is_edited_in_a_box_of_several_lines_and_enter_saves_it(qtbot, tab):
    from PySide6.QtWidgets import QPlainTextEdit

    measure = tab.model.all_measures()[0]
    box = edit_cell(qtbot, tab, measure, COL_TEXT)
    assert isinstance(box, QPlainTextEdit) and box.toPlainText() == measure.text
    assert box.height() >= 4 * box.fontMetrics().lineSpacing()
    type_text(box, " (с участием методистов)")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the text is kept, not a line break
    assert tab.repository.measure(measure.id).text == measure.text + " (с участием методистов)"
    assert tab.undo_stack.canUndo()


def test_the_box_of_a_narrow_column_is_wider_than_the_column_and_stays_in_sight(qtbot, tab):
    from PySide6.QtWidgets import QPlainTextEdit

    from desktop.models.qt.roadmap_model import COL_RESPONSIBLE
    from desktop.views.long_text_cells import MIN_WIDTH

    measure = tab.model.all_measures()[0]
    box = edit_cell(qtbot, tab, measure, COL_RESPONSIBLE)
    assert isinstance(box, QPlainTextEdit)
    assert tab.tree.columnWidth(COL_RESPONSIBLE) < MIN_WIDTH <= box.width()
    assert tab.tree.viewport().rect().contains(box.geometry())  # moved left rather than cut at the edge
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert tab.repository.measure(measure.id).responsible == measure.responsible
