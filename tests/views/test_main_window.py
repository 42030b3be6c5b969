import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from desktop.errors import DatabaseLockedError
from desktop.models.lock import DatabaseLock
from desktop.services.backup import list_backups
from desktop.views.app import DesktopApp
from desktop.views.dialogs.office_dialog import OfficeDialog
from desktop.views.dialogs.restore_dialog import RestoreDialog
from tests.cli.run import msoko
from tests.views.helpers import press, type_text, when_dialog


@pytest.fixture
def app_window(qtbot, demo_db_path):
    desktop = DesktopApp(demo_db_path)
    window = desktop.open(demo_db_path)  # the app owns its windows; desktop.close() disposes of them
    window.show()
    yield desktop, window
    desktop.close()


def test_window_shows_the_office_and_three_tabs(app_window):
    _, window = app_window
    assert window.windowTitle() == "МСОКО — УО Заречного МО"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Дорожная карта", "Школы", "Результаты"]
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
    window.edit_office()
    assert seen == ["Организация — реквизиты для документов"]
    assert window.windowTitle() == "МСОКО — Отдел образования Заречного МО"


def test_second_copy_on_the_same_database_is_refused(app_window, demo_db_path):
    with pytest.raises(DatabaseLockedError, match="занята: с ней работает окно МСОКО"):
        DatabaseLock(demo_db_path).acquire()
    result = msoko("gui", "--db", demo_db_path, "--screenshot", demo_db_path.parent / "x.png")
    assert result.returncode == 2
    assert "занята: с ней работает окно МСОКО" in result.stderr and "Traceback" not in result.stderr


def test_backup_then_restore_from_the_menu(qtbot, app_window, demo_db_path):
    desktop, window = app_window
    window.make_backup()
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

    info = []
    when_dialog(choose, kind=RestoreDialog)
    when_dialog(
        lambda box: box.button(QMessageBox.StandardButton.Yes).click(),
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
    window.export_to_usb()
    written = list(stick.glob("МСОКО */Справка.pdf"))
    assert len(written) == 1 and written[0].read_bytes() == b"%PDF-1.4 test"
    assert done and "Записано и проверено файлов: 1" in done[0]
