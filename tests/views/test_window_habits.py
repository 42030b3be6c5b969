"""Windows habits: files dragged from Explorer open their import preview, chosen by content; «Недавние
файлы» outlive a restart; every key answers one action."""

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.views.app import DesktopApp
from tests.views.helpers import when_dialog

EXAMPLES = Path(__file__).parents[1] / "data" / "orders"




def drop(window, *files: Path, on=None) -> bool:
    """Drag the files over `on` (a widget of the window, the window itself by default) and drop them, as
    Explorer does: Qt hands the drag to the first of its parents that takes drops."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    target = on or window
    point = QPoint(target.width() // 2, target.height() // 2)
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def test_a_word_order_dropped_on_the_start_page_opens_the_plan_preview(qtbot, app_window, tmp_path):
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog
    from tests.builders.docx_orders import docx_from_example_text

    _, window = app_window
    docx = docx_from_example_text(EXAMPLES / "pervomaisky-2024-128-roadmap.txt", tmp_path / "приказ.docx")
    seen = when_dialog(lambda dialog: dialog.reject(), kind=RoadmapImportDialog)
    assert window.tabs.currentWidget() is window.start_page
    assert drop(window, docx)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert window.tabs.currentWidget() is window.roadmap_tab


def test_workbooks_dropped_anywhere_open_the_preview_their_content_asks_for(qtbot, app_window, tmp_path):
    from desktop.demo import DEMO_SCHOOLS
    from desktop.views.dialogs.results_import_dialog import ResultsImportDialog
    from desktop.views.dialogs.schools_import_dialog import SchoolsImportDialog
    from tests.builders.result_files import SchoolMarks, write_fisoko_marks
    from tests.builders.schools_files import STANDARD_HEADER, invented_school, write_titled_table

    _, window = app_window
    demo = [SchoolMarks(name, code, (2, 8, 9, 5)) for name, _, code, *_ in DEMO_SCHOOLS[:3]]
    results = write_fisoko_marks(tmp_path / "Статистика по отметкам.xlsx", schools=demo).path
    schools = write_titled_table(tmp_path / "школы.xlsx", [invented_school(n) for n in (1, 2)], STANDARD_HEADER)

    window.show_tab("schools")  # results dropped on the registry still go to the results
    seen = when_dialog(lambda dialog: dialog.reject(), kind=ResultsImportDialog)
    assert drop(window, results, on=window.schools_tab.table.viewport())
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert window.tabs.currentWidget() is window.results_tab

    seen = when_dialog(lambda dialog: dialog.reject(), kind=SchoolsImportDialog)
    assert drop(window, schools, on=window.start_page.overdue)
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert window.tabs.currentWidget() is window.schools_page


def test_other_files_are_not_taken(app_window, tmp_path):
    _, window = app_window
    text = tmp_path / "заметка.txt"
    text.write_text("x", encoding="utf-8")
    assert not drop(window, text)


def test_recent_files_outlive_a_restart_and_a_missing_one_is_greyed(qtbot, demo_db_path, tmp_path):
    from desktop.views.recent_files import RecentFilesMenu, remember_file
    from tests.builders.schools_files import STANDARD_HEADER, invented_school, write_titled_table

    kept = write_titled_table(tmp_path / "школы.xlsx", [invented_school(1)], STANDARD_HEADER)
    gone = tmp_path / "старый.xlsx"
    remember_file(gone)
    remember_file(kept)

    def recent_menu(window) -> RecentFilesMenu:
        menu = window.findChild(RecentFilesMenu)
        menu.aboutToShow.emit()
        return menu

    desktop = DesktopApp(demo_db_path)
    window = desktop.open(demo_db_path)
    desktop.close()  # a restart: the window goes, the settings stay
    desktop = DesktopApp(demo_db_path)
    window = desktop.open(demo_db_path)
    try:
        menu = recent_menu(window)
        entries = [a for a in menu.actions() if not a.isSeparator()]
        assert [a.text() for a in entries[:2]] == ["&1 школы.xlsx", "&2 старый.xlsx — файл не найден"]
        assert entries[0].isEnabled() and not entries[1].isEnabled()
        remove = next(a for a in entries if a.text().startswith("Убрать отсутствующие"))
        remove.trigger()
        assert "Убрано из недавних файлов: 1" in window.statusBar().currentMessage()
        menu = recent_menu(window)
        assert [a.text() for a in menu.actions()][0] == "&1 школы.xlsx"
    finally:
        desktop.close()


def test_a_file_imported_through_its_tab_is_remembered(qtbot, app_window, tmp_path):
    from desktop.views.dialogs.schools_import_dialog import SchoolsImportDialog
    from desktop.views.recent_files import recent_files
    from tests.builders.schools_files import STANDARD_HEADER, invented_school, write_titled_table

    _, window = app_window
    schools = write_titled_table(tmp_path / "школы.xlsx", [invented_school(1)], STANDARD_HEADER)
    seen = when_dialog(lambda dialog: dialog.reject(), kind=SchoolsImportDialog)
    window.schools_tab.import_from_file(str(schools))
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert recent_files()[0] == schools.absolute()


CTRL = Qt.KeyboardModifier.ControlModifier


def close_when_ready(preview) -> None:
    """Closed once its pages are shown (closed while they are made, it would say it could not make them)."""
    if preview.page_count:
        preview.reject()
    else:
        preview.ready.connect(preview.reject)


def test_ctrl_p_prints_what_is_shown_and_enter_opens(qtbot, app_window):
    from desktop.views.dialogs.document_preview import DocumentPreviewDialog
    from desktop.views.dialogs.progress_dialog import ProgressDialog
    from desktop.views.dialogs.school_dialog import SchoolDialog
    from tests.views.helpers import press_keys

    _, window = app_window
    # the start page: its lists of every plan; the roadmap: the plan shown, with its state (not the order editor)
    for show, key_widget, title in (("today", lambda: window.start_page.overdue, "просроченное во всех планах"),
                                    ("roadmap", lambda: window.roadmap_tab.content.tree, "отчёт об исполнении")):
        window.show_tab(show)
        seen = when_dialog(close_when_ready, kind=DocumentPreviewDialog)
        press_keys(qtbot, key_widget(), Qt.Key.Key_P, CTRL)
        qtbot.waitUntil(lambda seen=seen: bool(seen) and QApplication.activeModalWidget() is None, timeout=10000)
        assert title in seen[0].lower()

    tree = window.roadmap_tab.content.tree
    tree.setCurrentIndex(window.roadmap_tab.content.model.index_of_measure(
        window.roadmap_tab.content.model.all_measures()[0].id))
    seen = when_dialog(lambda dialog: dialog.reject(), kind=ProgressDialog)
    press_keys(qtbot, tree, Qt.Key.Key_Return)
    assert seen

    window.show_tab("schools")
    window.schools_tab.table.selectRow(0)
    seen = when_dialog(lambda dialog: dialog.reject(), kind=SchoolDialog)
    press_keys(qtbot, window.schools_tab.table, Qt.Key.Key_Return)
    assert seen


def test_ctrl_f_finds_and_ctrl_s_saves_in_each_tab(qtbot, app_window):
    from PySide6.QtWidgets import QFileDialog

    from tests.views.helpers import press_keys

    _, window = app_window
    window.show_tab("schools")
    press_keys(qtbot, window.schools_tab.table, Qt.Key.Key_F, CTRL)
    assert window.schools_tab.search.hasFocus()
    window.show_tab("results")
    results = window.results_tab.content
    press_keys(qtbot, results.table, Qt.Key.Key_F, CTRL)
    assert results.subject.hasFocus()

    window.show_tab("roadmap")
    seen = when_dialog(lambda dialog: dialog.reject(), kind=QFileDialog)
    press_keys(qtbot, window.roadmap_tab.content.tree, Qt.Key.Key_S, CTRL)
    assert seen == ["Выгрузить план"]


def test_the_dialogs_keys_answer_one_action_each(qtbot, demo_db):
    from datetime import date

    from desktop.services.orders import blank_order
    from desktop.views.dialogs.order_editor import OrderEditorDialog
    from desktop.views.dialogs.overdue_dialog import OverdueDialog
    from tests.views.helpers import shortcut_clashes, shortcuts_of

    for dialog in (OverdueDialog(demo_db, date.today()), OrderEditorDialog(blank_order(demo_db, date.today()), demo_db)):
        qtbot.addWidget(dialog)
        assert shortcuts_of(dialog) and shortcut_clashes(dialog) == [], dialog.windowTitle()


def test_a_dialog_opens_at_the_size_it_was_left_at(qtbot, app_window):
    from desktop.models.office import load_office
    from desktop.views.dialogs.office_dialog import OfficeDialog

    _, window = app_window
    # the dialogs' sizes are looked after once the window has painted itself (its start is not delayed)
    qtbot.waitUntil(lambda: bool(QApplication.instance().property("msoko_dialog_events")))
    first = OfficeDialog(load_office(window.db), window)
    first.show()
    first.resize(700, 520)
    first.reject()
    again = OfficeDialog(load_office(window.db), window)
    again.show()
    assert (again.width(), again.height()) == (700, 520)
    again.reject()


def test_file_dialogs_start_in_the_last_folder_used(tmp_path):
    from desktop.views.settings import last_folder, remember_folder

    stick = tmp_path / "E"
    stick.mkdir()
    assert last_folder("schools") == str(Path.home())
    remember_folder("results", str(stick / "ВПР.xlsx"))
    assert last_folder("schools") == last_folder("export") == str(stick)  # not the home folder
    (tmp_path / "docs").mkdir()
    remember_folder("schools", str(tmp_path / "docs" / "школы.xlsx"))
    assert last_folder("schools") == str(tmp_path / "docs") and last_folder("orders") == str(tmp_path / "docs")


def test_the_usb_dialog_from_the_menu_offers_the_documents_saved_lately(qtbot, app_window, tmp_path):
    from PySide6.QtCore import Qt as QtNames

    from desktop.views.dialogs.usb_dialog import UsbExportDialog
    from desktop.views.recent_files import SAVED, remember_file

    _, window = app_window
    report = tmp_path / "Отчёт.pdf"
    report.write_bytes(b"%PDF-1.4")
    remember_file(report, SAVED)
    remember_file(tmp_path / "удалённый.pdf", SAVED)
    shown = []

    def look(dialog):
        items = [dialog.files.item(i) for i in range(dialog.files.count())]
        shown.extend((item.text(), item.checkState() == QtNames.CheckState.Checked) for item in items)
        assert dialog.chosen_files() == [report.absolute()]
        dialog.reject()

    when_dialog(look, kind=UsbExportDialog)
    window.export_to_usb()
    assert shown == [(str(report.absolute()), True)]  # saved today: ticked; the missing one left out
