import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.errors import DatabaseLockedError
from desktop.models.lock import DatabaseLock
from desktop.services.backup import list_backups
from desktop.views.dialogs.office_dialog import OfficeDialog
from desktop.views.dialogs.restore_dialog import RestoreDialog
from tests.cli.run import msoko
from tests.views.helpers import press, press_keys, shortcut_clashes, shortcuts_of, type_text, when_dialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier




def test_window_shows_the_office_and_four_tabs(app_window):
    _, window = app_window
    assert window.windowTitle() == "УО Заречного МО — МСОКО"  # Qt adds no second «МСОКО»
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Сегодня", "Дорожная карта", "Школы",
                                                                                 "Результаты"]
    assert window.db_label.text().startswith("База: ")
    # The first start of the day made a backup, and the status bar says when.
    assert window.backup_label.text().startswith("Последняя копия: ")


def test_office_dialog_changes_the_title(qtbot, app_window):
    _, window = app_window

    def edit(dialog):
        dialog.editors["short_name"].clear()
        type_text(dialog.editors["short_name"], "Отдел образования Заречного МО")
        press(dialog, "Сохранить")

    seen = when_dialog(edit, kind=OfficeDialog)
    press_keys(qtbot, window.schools_tab.table, Qt.Key.Key_R, CTRL_SHIFT)  # Файл → Организация…
    assert seen == ["Организация — реквизиты для документов"]
    assert window.windowTitle() == "Отдел образования Заречного МО — МСОКО"


def test_second_copy_on_the_same_database_is_refused(app_window, demo_db_path):
    with pytest.raises(DatabaseLockedError, match="занята: с ней работает окно МСОКО"):
        DatabaseLock(demo_db_path).acquire()
    result = msoko("gui", "--db", demo_db_path, "--screenshot", demo_db_path.parent / "x.png")
    assert result.returncode == 2
    assert "занята: с ней работает окно МСОКО" in result.stderr and "Traceback" not in result.stderr


def test_backup_then_restore_from_the_menu(qtbot, app_window, demo_db_path):
    desktop, window = app_window
    press_keys(qtbot, window.schools_tab.table, Qt.Key.Key_B, CTRL_SHIFT)  # Файл → Создать резервную копию
    manual = [b for b in list_backups(demo_db_path) if b.reason == "manual"]
    assert len(manual) == 1 and "Резервная копия сохранена" in window.statusBar().currentMessage()

    window.schools_tab.repository.delete(1)
    window.schools_tab.reload()
    assert window.schools_tab.model.rowCount() == 14

    def choose(dialog):
        for row in range(dialog.list.topLevelItemCount()):
            item = dialog.list.topLevelItem(row)
            if item.text(1) == "вручную":
                dialog.list.setCurrentItem(item)
        press(dialog, "Восстановить")

    info, asked = [], []
    when_dialog(choose, kind=RestoreDialog)
    when_dialog(  # the question names the step on its buttons, not «Да»/«Нет»
        lambda box: (asked.append(sorted(b.text() for b in box.buttons())), press(box, "Восстановить")),
        kind=QMessageBox, where=lambda box: "Заменить данные" in box.text(),
    )
    when_dialog(
        lambda box: (info.append(box.text()), box.accept()),
        kind=QMessageBox, where=lambda box: "восстановлена" in box.text(),
    )
    window.restore_from_backup()
    assert desktop.window is not window
    assert desktop.window.schools_tab.model.rowCount() == 15
    assert "Состояние до восстановления сохранено" in info[0]
    assert asked == [["Восстановить", "Не восстанавливать"]]


def test_screenshot_command_saves_the_window(tmp_path):
    db = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    picture = tmp_path / "window.png"
    result = msoko("gui", "--db", db, "--tab", "schools", "--screenshot", picture, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert image.width() >= 800 and image.height() >= 500
    # Not a blank picture: the table drew many distinct colours (text, grid, selection).
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_export_to_a_folder_from_the_menu(qtbot, app_window, tmp_path):
    from desktop.views.dialogs.usb_dialog import UsbExportDialog

    _, window = app_window
    document = tmp_path / "Справка.pdf"
    document.write_bytes(b"%PDF-1.4 test")
    stick = tmp_path / "stick"
    stick.mkdir()
    done = []

    def fill(dialog):
        dialog.files.addItem(str(document))
        dialog.set_target(str(stick))
        press(dialog, "Записать")

    when_dialog(fill, kind=UsbExportDialog)
    when_dialog(lambda box: (done.append(box.text()), box.accept()), kind=QMessageBox)
    press_keys(qtbot, window.schools_tab.table, Qt.Key.Key_U, CTRL_SHIFT)  # Файл → Экспорт на флешку…
    written = list(stick.glob("МСОКО */Справка.pdf"))
    assert len(written) == 1 and written[0].read_bytes() == b"%PDF-1.4 test"
    assert done and "Записано и проверено файлов: 1" in done[0]


def built_window(window):
    """Every tab built and the plan menu filled, as after a user has looked at each."""
    window.roadmap_tab.ensure_built()
    window.results_tab.ensure_built()
    window.plan_menu.aboutToShow.emit()
    window.schools_menu.aboutToShow.emit()
    return window


def test_every_shortcut_of_the_window_answers_one_action(qtbot, app_window):
    """No keys answer two actions where both are active: window-wide keys are unique in the window, a
    tab's keys (Ctrl+N in each tab) within the tab, menus and context menus included."""
    _, window = app_window
    found = shortcuts_of(built_window(window))
    texts = {text for _, text, _ in found}
    assert {"Организация…", "Просроченное во всех планах…", "Загрузить из Excel…", "Журнал приказов…"} <= texts
    assert len(found) > 30
    assert shortcut_clashes(window) == []


def test_ctrl_shift_o_on_the_roadmap_opens_the_overdue_view_and_ctrl_shift_r_the_office(qtbot, app_window):
    """The keys a user presses with the plan in front of them: one window each, no ambiguity (Qt would
    log "Ambiguous shortcut overload" and open neither, which fails the test)."""
    from desktop.views.dialogs.overdue_dialog import OverdueDialog

    _, window = app_window
    window.show_tab("roadmap")
    tree = window.roadmap_tab.content.tree
    seen = when_dialog(lambda dialog: dialog.reject(), kind=OverdueDialog)
    press_keys(qtbot, tree, Qt.Key.Key_O, CTRL_SHIFT)
    assert seen == ["Просроченное во всех планах"]

    seen = when_dialog(lambda dialog: dialog.reject(), kind=OfficeDialog)
    press_keys(qtbot, tree, Qt.Key.Key_R, CTRL_SHIFT)
    assert seen == ["Организация — реквизиты для документов"]


def test_the_menus_entries_show_the_tabs_keys_follow_their_state_and_run_them(qtbot, app_window):
    _, window = app_window
    tab = window.schools_tab
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Школы")
    menu.aboutToShow.emit()  # the tab and its entries are built when the menu first opens
    entries = {a.text().split("\t")[0]: a for a in menu.actions() if not a.isSeparator()}
    assert entries["Удалить"].text().split("\t")[1] == tab.delete_action.shortcut().toString(
        QKeySequence.SequenceFormat.NativeText)
    assert entries["Добавить…"].text().endswith("\tCtrl+N")
    assert not tab.delete_action.isEnabled() and not entries["Удалить"].isEnabled()  # nothing chosen
    tab.table.selectRow(0)
    assert entries["Удалить"].isEnabled()
    seen = when_dialog(lambda box: press(box, "Не удалять"), kind=QMessageBox)
    entries["Удалить"].trigger()  # a click on the menu entry
    assert seen == ["Удаление школы"]
