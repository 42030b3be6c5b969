"""The main window: it only composes the tabs, the menus and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from desktop import __version__
from desktop.errors import UserError
from desktop.models.office import load_office, save_office
from desktop.paths import data_dir
from desktop.services import backup
from desktop.views.actions import menu_entry
from desktop.views.drop import FileDrops
from desktop.views.errors import show_user_error
from desktop.views.layout_guard import ElidedLabel, MessageBar
from desktop.views.lazy_tab import LazyTab
from desktop.views.recent_files import RecentFilesMenu
from desktop.views.settings import app_settings, last_folder, remember_folder
from desktop.views.start_page import StartPage

if TYPE_CHECKING:  # events the start does not meet: their classes are not built for it
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent

    from desktop.views.schools_tab import SchoolsTab

TABS = ("today", "roadmap", "schools", "results")
TITLES = ("Сегодня", "Дорожная карта", "Школы", "Результаты")


class MainWindow(QMainWindow):
    # The application, which owns the database connection and its lock, carries these out.
    open_requested = Signal(str)
    restore_requested = Signal(str)

    def __init__(self, db, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self.tabs = QTabWidget()
        self.start_page = StartPage(db, self.db_path)  # the first tab: what a user sees on opening
        # The other tabs are built when first shown: each costs a tenth of a second or more (PySide
        # builds widget classes on first use; the charts load pyqtgraph and numpy).
        self.roadmap_tab = LazyTab(self._make_roadmap_tab, self._tab_built)
        self.schools_page = LazyTab(self._make_schools_tab, self._schools_tab_built)
        self.results_tab = LazyTab(self._make_results_tab, self._results_tab_built)
        self.tabs.addTab(self.start_page, "Сегодня")
        self.tabs.addTab(self.roadmap_tab, "Дорожная карта")
        self.tabs.addTab(self.schools_page, "Школы")
        self.tabs.addTab(self.results_tab, "Результаты")
        self.setCentralWidget(self.tabs)
        self._connect_start_page()
        self._drops = FileDrops(self, self.open_files)  # files dragged from Explorer open in their import preview
        self._painted = False

        self.setStatusBar(MessageBar())  # a long message cut in the middle, whole on hover
        self.db_label = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)  # a long path must not widen the window
        self.backup_label = QLabel()
        self.db_label.setMaximumWidth(420)  # the rest of the bar is for the messages
        self.statusBar().addPermanentWidget(self.db_label)
        self.statusBar().addPermanentWidget(self.backup_label)
        self._build_menus()
        self.refresh_title()
        self.refresh_status()
        self._restore_layout()

    # --- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Файл")
        # Ctrl+Shift+R for «реквизиты»: Ctrl+Shift+O is the roadmap tab's «Просроченное во всех планах…».
        self._add(file_menu, "Организация…", self.edit_office, "Ctrl+Shift+R")
        self._add(file_menu, "Открыть базу…", self.open_other_database, QKeySequence.StandardKey.Open)
        file_menu.addMenu(RecentFilesMenu(lambda path: self.open_files([path]), self._show_message, file_menu))
        file_menu.addSeparator()
        self._add(file_menu, "Новый приказ…", self.new_order, "Ctrl+Shift+P")
        self._add(file_menu, "Экспорт на флешку…", self.export_to_usb, "Ctrl+Shift+U")
        file_menu.addSeparator()
        self._add(file_menu, "Создать резервную копию", self.make_backup, "Ctrl+Shift+B")
        self._add(file_menu, "Восстановить из копии…", self.restore_from_backup)
        file_menu.addSeparator()
        self._add(file_menu, "Выход", self.close, QKeySequence.StandardKey.Quit)

        self.plan_menu = self.menuBar().addMenu("&План")
        self.plan_menu.aboutToShow.connect(self._fill_plan_menu)

        self.schools_menu = self.menuBar().addMenu("&Школы")
        self.schools_menu.aboutToShow.connect(self._fill_schools_menu)

        view_menu = self.menuBar().addMenu("&Вид")
        for number, (tab_name, title) in enumerate(zip(TABS, TITLES, strict=True), start=1):
            self._add(view_menu, title, lambda name=tab_name: self.show_tab(name), f"Ctrl+{number}")

        help_menu = self.menuBar().addMenu("&Справка")
        self._add(help_menu, "Справка", self.show_help, "F1")
        help_menu.addSeparator()
        self._add(help_menu, "О программе", self.show_about)

    def _add(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda *_: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _fill_plan_menu(self) -> None:
        """The plan menu holds the roadmap tab's actions: the tab is built when the menu first opens."""
        tab = self.roadmap_tab.ensure_built()
        self.tabs.setCurrentWidget(self.roadmap_tab)
        if self.plan_menu.actions():
            return
        for action in (tab.import_action, tab.paste_action, None, tab.add_action, tab.add_section_action,
                       tab.mark_action, tab.up_action, tab.down_action, tab.delete_action, None, tab.export_action,
                       tab.report_action, tab.order_action, tab.monitoring_action, tab.journal_action,
                       tab.overdue_action, None, tab.archive_action, tab.delete_plan_action):
            menu_entry(self.plan_menu, action) if action else self.plan_menu.addSeparator()

    def _fill_schools_menu(self) -> None:
        tab = self.schools_tab
        self.tabs.setCurrentWidget(self.schools_page)
        if self.schools_menu.actions():
            return
        for action in (tab.add_action, tab.edit_action, tab.delete_action, tab.card_action, None, tab.import_action,
                       tab.export_action):
            menu_entry(self.schools_menu, action) if action else self.schools_menu.addSeparator()

    @property
    def schools_tab(self) -> SchoolsTab:
        return self.schools_page.ensure_built()

    def _make_schools_tab(self) -> SchoolsTab:
        from desktop.views.schools_tab import SchoolsTab

        return SchoolsTab(self.db, self.db_path)

    def _schools_tab_built(self, tab: SchoolsTab) -> None:
        self._tab_built(tab)
        tab.plans_changed.connect(self._plan_changed)
        header = app_settings().value("schools/header")
        if header is not None:
            tab.table.horizontalHeader().restoreState(header)

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _make_roadmap_tab(self):
        from desktop.views.roadmap_tab import RoadmapTab

        return RoadmapTab(self.db, self.db_path)

    def _tab_built(self, tab) -> None:
        tab.status_message.connect(self._show_message)

    def _make_results_tab(self):
        from desktop.views.results_tab import ResultsTab

        return ResultsTab(self.db, self.db_path)

    def _results_tab_built(self, tab) -> None:
        self._tab_built(tab)
        tab.results_changed.connect(self._results_changed)
        tab.results_changed.connect(self.start_page.refresh_flags)
        tab.plans_changed.connect(self._plan_changed)

    def _results_changed(self) -> None:
        schools = self.schools_page.content  # not built yet: it reads them when it is
        if schools is not None:
            schools.refresh_flags()
            schools.reload()  # schools added by an import show at once

    def _plan_changed(self, roadmap_id: int) -> None:
        """Measures added to a plan from a school's card or the flags: the roadmap tab, if built, shows them."""
        if self.roadmap_tab.content is not None:
            self.roadmap_tab.content.changed_elsewhere(roadmap_id)

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    def _connect_start_page(self) -> None:
        page = self.start_page
        page.open_measure.connect(self.open_measure)
        page.open_school.connect(self.open_school)
        page.overdue_requested.connect(lambda: self._roadmap().show_overdue())
        steps = {"office": self.edit_office, "schools": lambda: self._schools().import_from_file(),
                 "plan": lambda: self._roadmap().import_from_file(), "results": lambda: self._results().import_files()}
        page.step_requested.connect(lambda key: steps[key]())

    def _roadmap(self):
        self.show_tab("roadmap")
        return self.roadmap_tab.ensure_built()

    def _schools(self) -> SchoolsTab:
        self.show_tab("schools")
        return self.schools_tab

    def _results(self):
        self.show_tab("results")
        return self.results_tab.ensure_built()

    def open_measure(self, roadmap_id: int, measure_id: int) -> None:
        """A measure chosen on the start page: its plan in «Дорожная карта», the measure selected."""
        self._roadmap().open_measure(roadmap_id, measure_id)

    def open_school(self, school_id: int) -> None:
        self._schools().reload(select=school_id)

    def open_files(self, files: list[Path]) -> None:
        """Files dropped on the window or chosen in «Недавние файлы»: each in its import preview, by content."""
        from desktop.services import file_kind
        from desktop.views.drop import open_by_content

        shown = TABS[self.tabs.currentIndex()]
        fallback = {"roadmap": file_kind.ROADMAP, "schools": file_kind.SCHOOLS}.get(shown, file_kind.RESULTS)
        open_by_content(self, files, fallback, self._open_kind)

    def _open_kind(self, kind: str, paths: list[Path]) -> None:
        from desktop.services import file_kind

        if kind == file_kind.RESULTS:
            self._results().import_files([str(p) for p in paths])  # many at once, as «Загрузить файлы…»
            return
        if len(paths) > 1:
            self._show_message(f"Открыт «{paths[0].name}»; другие файлы этого вида откройте по одному.")
        tab = self._roadmap() if kind == file_kind.ROADMAP else self._schools()
        tab.import_from_file(str(paths[0]))

    # --- status ------------------------------------------------------------------------------
    def refresh_title(self) -> None:
        office = load_office(self.db)
        # Qt adds the application's name («МСОКО») after a title that does not end with it.
        self.setWindowTitle(f"{office.display_name} — МСОКО")

    def refresh_status(self) -> None:
        self.db_label.setText(f"База: {self.db_path}")
        latest = backup.last_backup(self.db_path)
        self.backup_label.setText(
            f"Последняя копия: {latest.created:%d.%m.%Y %H:%M}" if latest else "Резервных копий нет"
        )

    # --- actions -----------------------------------------------------------------------------
    # Dialogs are imported when first opened: PySide6 builds each widget class on first use, and
    # the window should not pay for all of them at start.
    def edit_office(self) -> None:
        from desktop.views.dialogs.office_dialog import OfficeDialog

        dialog = OfficeDialog(load_office(self.db), self)
        if dialog.exec():
            save_office(self.db, dialog.office())
            self.refresh_title()
            self.statusBar().showMessage("Реквизиты организации сохранены", 5000)

    def new_order(self) -> None:
        from datetime import date

        from desktop.services.orders import blank_order
        from desktop.views.dialogs.order_editor import OrderEditorDialog

        OrderEditorDialog(blank_order(self.db, date.today()), self.db, self).exec()

    def export_to_usb(self) -> None:
        from desktop.views.dialogs.usb_dialog import UsbExportDialog

        dialog = UsbExportDialog(parent=self)
        if dialog.exec():
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Экспорт на флешку", dialog.result_text)

    def make_backup(self) -> None:
        try:
            made = backup.create_backup(self.db_path, "manual")
        except UserError as error:
            show_user_error(self, error, "Резервная копия")
            return
        self.refresh_status()
        self.statusBar().showMessage(f"Резервная копия сохранена: {made.path}", 8000)

    def restore_from_backup(self) -> None:
        from desktop.views.dialogs.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backup.list_backups(self.db_path), self)
        if not dialog.exec() or dialog.chosen is None:
            return
        from desktop.views.dialogs.buttons import confirm

        if not confirm(self, "Восстановление базы",
                       f"Заменить данные базы содержимым копии «{dialog.chosen.name}»?\n"
                       "Текущее состояние будет сохранено отдельной копией.", "Восстановить", "Не восстанавливать"):
            return
        self.restore_requested.emit(str(dialog.chosen))

    def open_other_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Открыть базу данных", last_folder("database"), "База МСОКО (*.sqlite *.db);;Все файлы (*)"
        )
        if path:
            remember_folder("database", path)
            self.open_requested.emit(path)

    def help_page(self) -> str:
        """The help page of the tab shown: F1 opens it."""
        return TABS[self.tabs.currentIndex()] if 0 <= self.tabs.currentIndex() < len(TABS) else "index"

    def show_help(self):
        from desktop.views.dialogs.help_dialog import HelpDialog

        dialog = HelpDialog(self.help_page(), self)
        dialog.show()  # beside the window, not over it: the user reads and works
        return dialog

    def show_about(self) -> None:
        from desktop.models.network import NETWORK_NOTE

        network = f"<br><br>{NETWORK_NOTE}" if self.db.network else ""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, "О программе",
            f"<b>МСОКО Desktop</b>, версия {__version__}<br>"
            "Муниципальная система оценки качества образования<br><br>"
            f"База данных: {self.db_path}<br>Папка данных: {data_dir()}{network}",
        )

    # --- layout ------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 720)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self.schools_page.content is not None:
            settings.setValue("schools/header", self.schools_tab.table.horizontalHeader().saveState())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        self._drops.drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        self._drops.drag(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        self._drops.drop(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:  # what can wait until the window is seen
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        import gc

        from desktop.views.dialog_events import install_dialog_events

        install_dialog_events()
        if not gc.isenabled():  # `msoko gui` starts without collections (cli/main.py)
            gc.freeze()  # what the start made lives as long as the window: later collections skip it
            gc.enable()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
