from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.models.qt.roles import ROW_ROLE
from desktop.models.qt.schools_model import COL_DIRECTOR, COL_NAME, COL_RCOI_CODE
from desktop.models.schools import SchoolsRepository
from desktop.views.dialogs.schools_import_dialog import SchoolsImportDialog
from desktop.views.schools_tab import SchoolsTab
from tests.builders.schools_files import invented_school, write_schools_xlsx
from tests.views.helpers import activate, press, press_keys, type_text, when_dialog


@pytest.fixture
def tab(qtbot, demo_db, demo_db_path):
    widget = SchoolsTab(demo_db, demo_db_path)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    activate(qtbot, widget)
    return widget


def visible_names(tab: SchoolsTab) -> list[str]:
    return [tab.proxy.index(r, COL_NAME).data() for r in range(tab.proxy.rowCount())]


def click_row(qtbot, tab: SchoolsTab, name: str) -> None:
    """A mouse click on the row, which also gives the table the keyboard focus."""
    index = tab.proxy.index(visible_names(tab).index(name), COL_NAME)
    tab.table.scrollTo(index)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=tab.table.visualRect(index).center())
    assert tab.selected_school().short_name == name


def test_add_a_school_by_typing(qtbot, tab):
    def fill(dialog):
        type_text(dialog.short_name, "МКОУ «ООШ с. Тихое»")
        type_text(dialog.code, "edu990150")
        type_text(dialog.director, "Соколова А. Б.")
        press(dialog, "Сохранить")

    seen = when_dialog(fill)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["Новая школа"]
    assert "МКОУ «ООШ с. Тихое»" in visible_names(tab)
    assert tab.selected_school().code == "edu990150"
    assert tab.undo_action.text() == "Отменить добавление школы «МКОУ «ООШ с. Тихое»»"
    assert tab.count_label.text() == "Школ: 16"


def test_the_dialog_keeps_the_user_on_a_bad_code_and_says_why(qtbot, tab):
    messages = []

    def fill(dialog):
        type_text(dialog.short_name, "МКОУ «ООШ с. Тихое»")
        type_text(dialog.code, "edu990101")  # the code of СОШ № 1
        press(dialog, "Сохранить")
        messages.append(dialog.error.text())
        dialog.reject()

    when_dialog(fill)
    press_keys(qtbot, tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert messages and "уже принадлежит" in messages[0] and "СОШ № 1" in messages[0]
    assert "МКОУ «ООШ с. Тихое»" not in visible_names(tab)


def test_the_rcoi_code_and_the_old_logins_are_typed_saved_and_shown_again(qtbot, tab):
    def fill(dialog):
        type_text(dialog.short_name, "МКОУ «ООШ с. Тихое»")
        type_text(dialog.code, "edu990150")
        type_text(dialog.rcoi_code, "0042")
        type_text(dialog.old_codes, "sch990150; SCH990050")
        press(dialog, "Сохранить")

    when_dialog(fill)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    saved = SchoolsRepository(tab.db).find_by_code("edu990150")
    assert (saved.rcoi_code, saved.old_codes) == ("0042", ["sch990050", "sch990150"])
    row = visible_names(tab).index("МКОУ «ООШ с. Тихое»")
    assert tab.proxy.index(row, COL_RCOI_CODE).data() == "0042"

    shown = []

    def read(dialog):
        shown.append((dialog.rcoi_code.text(), dialog.old_codes.text()))
        dialog.reject()

    activate(qtbot, tab)
    click_row(qtbot, tab, "МКОУ «ООШ с. Тихое»")
    when_dialog(read)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    assert shown == [("0042", "sch990050, sch990150")]


def test_a_bad_rcoi_code_keeps_the_user_in_the_dialog(qtbot, tab):
    states = []

    def fill(dialog):
        type_text(dialog.short_name, "МКОУ «ООШ с. Тихое»")
        type_text(dialog.rcoi_code, "\u0669\u0663\u0660\u0666")  # Arabic-Indic ٩٣٠٦
        press(dialog, "Сохранить")
        states.append((dialog.isVisible(), dialog.error.text(), bool(dialog.rcoi_code.styleSheet())))
        dialog.rcoi_code.clear()
        type_text(dialog.rcoi_code, "9306")
        type_text(dialog.old_codes, "edu990101")  # the code of СОШ № 1
        press(dialog, "Сохранить")
        states.append((dialog.isVisible(), dialog.error.text(), bool(dialog.rcoi_code.styleSheet())))
        dialog.reject()

    when_dialog(fill)
    press_keys(qtbot, tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (visible, message, marked), (still_visible, clash, unmarked) = states
    assert visible and "цифры другого письма" in message and marked
    assert still_visible and "edu990101 уже принадлежит" in clash and "СОШ № 1" in clash and not unmarked
    assert "МКОУ «ООШ с. Тихое»" not in visible_names(tab)


def test_an_empty_name_is_not_accepted(qtbot, tab):
    messages = []

    def fill(dialog):
        press(dialog, "Сохранить")
        messages.append((dialog.isVisible(), dialog.error.text()))
        dialog.reject()

    when_dialog(fill)
    press_keys(qtbot, tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert messages == [(True, "Укажите краткое наименование школы.")]
    assert len(visible_names(tab)) == 15


def test_edit_then_undo_and_redo(qtbot, tab):
    click_row(qtbot, tab, "МКОУ «СОШ с. Каменка»")

    def change(dialog):
        dialog.director.clear()
        type_text(dialog.director, "Петрова Г. Д.")
        press(dialog, "Сохранить")

    when_dialog(change)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    activate(qtbot, tab)
    row = visible_names(tab).index("МКОУ «СОШ с. Каменка»")
    assert tab.proxy.index(row, COL_DIRECTOR).data() == "Петрова Г. Д."
    assert SchoolsRepository(tab.db).find_by_code("edu990107").director == "Петрова Г. Д."

    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert SchoolsRepository(tab.db).find_by_code("edu990107").director == "Жукова Л. И."
    qtbot.keyClick(tab.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert SchoolsRepository(tab.db).find_by_code("edu990107").director == "Петрова Г. Д."


def test_filter_as_you_type(qtbot, tab):
    type_text(tab.search, "ключи")
    assert visible_names(tab) == ["МКОУ «ООШ с. Ключи»"]
    assert tab.count_label.text() == "Показано 1 из 15"
    tab.search.clear()
    type_text(tab.search, "Приреченск")
    assert len(visible_names(tab)) == 3
    tab.show_inactive.setChecked(False)
    tab.search.clear()
    assert "МКОУ «ООШ д. Заозёрье»" not in visible_names(tab)


def test_delete_asks_first_and_undo_brings_the_school_back(qtbot, tab):
    click_row(qtbot, tab, "МКОУ «НОШ д. Ручьи»")
    original = tab.selected_school()

    seen = when_dialog(lambda box: press(box, "Не удалять"))
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert seen == ["Удаление школы"]
    assert "МКОУ «НОШ д. Ручьи»" in visible_names(tab)  # «Не удалять» keeps it
    activate(qtbot, tab)

    when_dialog(lambda box: press(box, "Удалить"))
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    activate(qtbot, tab)
    assert "МКОУ «НОШ д. Ручьи»" not in visible_names(tab)
    assert SchoolsRepository(tab.db).get(original.id) is None
    assert tab.undo_action.text() == "Отменить удаление школы «МКОУ «НОШ д. Ручьи»»"

    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert SchoolsRepository(tab.db).get(original.id) == original
    assert tab.selected_school() == original


def test_a_school_with_results_is_refused_before_any_question_and_leaves_no_step(qtbot, tab):
    from desktop.demo_results import build_demo_results

    build_demo_results(tab.db)
    tab.reload()
    with_results = next(s for s in tab.repository.list() if tab.repository.has_results(s.id))
    click_row(qtbot, tab, with_results.short_name)
    texts = []
    when_dialog(lambda box: (texts.append(box.text()), box.accept()), kind=QMessageBox)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert len(texts) == 1 and texts[0].startswith("У школы есть результаты") and "Ctrl+Z" not in texts[0]
    assert tab.undo_stack.count() == 0 and not tab.undo_action.isEnabled()
    assert tab.repository.get(with_results.id) == with_results


def test_ctrl_k_opens_the_card_of_the_chosen_school(qtbot, tab):
    from desktop.views.dialogs.school_card import SchoolCardDialog

    click_row(qtbot, tab, "МКОУ «НОШ д. Ручьи»")
    pages = []
    when_dialog(lambda card: (pages.append(card.page.toPlainText()), card.reject()), kind=SchoolCardDialog)
    qtbot.keyClick(tab.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert pages[0].startswith("Карточка школы: МКОУ «НОШ д. Ручьи»") and "Результатов в базе нет." in pages[0]


def test_import_shows_a_preview_and_saves_on_confirmation(qtbot, tab, tmp_path):
    path = write_schools_xlsx(tmp_path / "список.xlsx", [invented_school(1), invented_school(2)])
    summaries = []

    def confirm(dialog):
        summaries.append(dialog.summary.text())
        press(dialog, "Сохранить в реестр")

    when_dialog(confirm, kind=SchoolsImportDialog)
    tab.import_from_file(str(path))
    qtbot.waitUntil(lambda: "МКОУ «СОШ № 2 с. Новоселье»" in visible_names(tab), timeout=5000)
    assert "будет добавлено школ — 2" in summaries[0]
    assert tab.count_label.text() == "Школ: 17"


def test_import_of_a_broken_file_says_so_and_changes_nothing(qtbot, tab, tmp_path):
    path = tmp_path / "школы.xlsx"
    path.write_text("это текстовый файл, а не книга Excel", encoding="utf-8")
    messages = []

    def read(box):
        messages.append(box.text())
        box.accept()

    when_dialog(read, kind=QMessageBox)
    tab.import_from_file(str(path))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "школы.xlsx" in messages[0]
    assert "Traceback" not in messages[0]
    assert len(visible_names(tab)) == 15


def test_export_writes_a_file_that_imports_back_unchanged(qtbot, tab, tmp_path):
    from desktop.services.schools_io import plan_schools_import

    path = tmp_path / "выгрузка.xlsx"
    tab.export_to_file(str(path))
    plan = plan_schools_import(tab.db, path)
    assert (len(plan.added), len(plan.changed), plan.unchanged, plan.problems) == (0, 0, 15, [])
    assert Path(path).stat().st_size > 0
    assert all(tab.proxy.index(r, 0).data(ROW_ROLE) for r in range(tab.proxy.rowCount()))


def test_flags_of_the_latest_year_appear_with_their_reasons(qtbot, tmp_path):
    from datetime import date

    from desktop.demo import build_demo
    from desktop.models.qt.schools_model import COL_FLAGS
    from desktop.services.database import open_database

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=date(2026, 11, 23))
    widget = SchoolsTab(db, path)
    qtbot.addWidget(widget)
    row = visible_names(widget).index("МКОУ «ООШ п. Лесной»")
    cell = widget.proxy.index(row, COL_FLAGS)
    qtbot.waitUntil(lambda: bool(cell.data()), timeout=10_000)  # computed off the UI thread
    assert cell.data() == "низкие результаты"
    assert "доля «2»" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert widget.model.headerData(COL_FLAGS, Qt.Orientation.Horizontal) == "Признаки (2026)"
    gymnasium = widget.proxy.index(visible_names(widget).index("МБОУ «Гимназия им. А. С. Пушкина»"), COL_FLAGS)
    assert gymnasium.data() == ""
    db.close()


def test_a_result_arriving_after_the_tab_is_gone_is_dropped(qtbot, demo_db, demo_db_path):
    import threading

    from shiboken6 import isValid

    from desktop.views.jobs import run_task

    widget = SchoolsTab(demo_db, demo_db_path)
    received = []
    release = threading.Event()
    run_task(lambda: release.wait(5) and "flags", received.append, received.append, owner=widget)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not isValid(widget), timeout=3000)
    release.set()
    qtbot.wait(200)
    assert received == []  # the callback was not called on a deleted owner
