"""«Школы»: the registry with search-as-you-type, add/edit/delete with undo, import and export."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.qt.schools_model import COL_FLAGS, COL_NAME, COL_NOTE, SchoolsFilterProxy, SchoolsTableModel
from desktop.models.schools import School, SchoolsRepository
from desktop.services.database import open_database
from desktop.views.actions import enter_action, tab_action, tool_bar, undo_actions
from desktop.views.errors import show_user_error
from desktop.views.jobs import run_with_progress
from desktop.views.recent_files import remember_file
from desktop.views.settings import last_folder, remember_folder

log = logging.getLogger("msoko.schools")
FLAGS_DELAY_MS = 300


class _SchoolCommand(QUndoCommand):
    """A step on the undo stack; `text` is what «Отменить …» / «Повторить …» names: a noun phrase in the
    accusative, lower case («удаление школы «…»»)."""

    def __init__(self, tab: SchoolsTab, text: str):
        super().__init__(text)
        self.tab = tab
        self.repo = tab.repository


class AddSchool(_SchoolCommand):
    def __init__(self, tab: SchoolsTab, school: School):
        super().__init__(tab, f"добавление школы «{school.short_name}»")
        self.school = school

    def redo(self) -> None:
        self.school = self.repo.add(self.school)  # keeps its id, so redo after undo restores the same row
        self.tab.reload(select=self.school.id)

    def undo(self) -> None:
        self.repo.delete(self.school.id)
        self.tab.reload()


class EditSchool(_SchoolCommand):
    def __init__(self, tab: SchoolsTab, before: School, after: School):
        super().__init__(tab, f"изменение школы «{before.short_name}»")
        self.before, self.after = before, after

    def redo(self) -> None:
        self.repo.update(self.after)
        self.tab.reload(select=self.after.id)

    def undo(self) -> None:
        self.repo.update(self.before)
        self.tab.reload(select=self.before.id)


class DeleteSchool(_SchoolCommand):
    def __init__(self, tab: SchoolsTab, school: School):
        super().__init__(tab, f"удаление школы «{school.short_name}»")
        self.school = school

    def redo(self) -> None:
        try:
            self.repo.delete(self.school.id)
        except UserError as error:  # results saved meanwhile by another connection: no step to undo
            self.setObsolete(True)
            show_user_error(self.tab, error, "Удаление школы")
            return
        self.tab.reload()

    def undo(self) -> None:
        self.repo.add(self.school)
        self.tab.reload(select=self.school.id)


class SchoolsTab(QWidget):
    status_message = Signal(str)
    plans_changed = Signal(int)  # a school's card added measures to a plan: its id

    def __init__(self, db, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self.repository = SchoolsRepository(db)
        self.undo_stack = QUndoStack(self)
        self.model = SchoolsTableModel(self.repository, self)
        self.proxy = SchoolsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        # After the first paint: a worker started now would compete with building the window.
        QTimer.singleShot(FLAGS_DELAY_MS, self.refresh_flags)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск: название, код, населённый пункт, директор…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.show_inactive = QCheckBox("Показывать недействующие")
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(self._on_show_inactive)
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        self.add_action = self._action("Добавить…", "Ctrl+N", self.add_school)
        self.edit_action = self._action("Изменить…", "F2", self.edit_selected)
        self.delete_action = self._action("Удалить", QKeySequence.StandardKey.Delete, self.delete_selected)
        self.card_action = self._action("Карточка школы…", "Ctrl+K", self.open_card)
        self.card_action.setToolTip("Признаки, мероприятия и результаты школы на одной странице (Ctrl+K)")
        self.undo_action, self.redo_action = undo_actions(self, self.undo_stack)
        self.import_action = self._action("Загрузить из Excel…", "Ctrl+I", self.import_from_file)
        self.export_action = self._action("Выгрузить в Excel…", "Ctrl+E", self.export_to_file)
        self.export_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence.StandardKey.Save])  # Ctrl+S too
        enter_action(self.table, self.edit_selected)  # Enter opens the school, as F2 and a double click
        self._action("Найти", QKeySequence.StandardKey.Find, self.search.setFocus)

        toolbar = tool_bar((self.add_action, self.edit_action, self.delete_action, self.card_action, self.undo_action,
                            self.redo_action, self.import_action, self.export_action))
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.show_inactive)
        search_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addLayout(search_row)
        layout.addWidget(self.table)
        self._update_actions()

    def _action(self, text: str, shortcut, slot) -> QAction:
        return tab_action(self, text, shortcut, slot)

    # --- state -----------------------------------------------------------------------------
    def refresh_flags(self) -> None:
        """The results rules' flags of the latest year, computed off the UI thread (they read every
        result of the last years); called again when results change."""
        from desktop.views.jobs import run_task

        db_path = self.db_path

        def work():
            from desktop.services.school_flags import latest_school_flags

            db = open_database(db_path, create=False)
            try:
                return latest_school_flags(db)
            finally:
                db.close()

        def failed(error: BaseException) -> None:
            log.warning("school flags not computed: %s", error)  # the registry works without them

        def show(result) -> None:
            self.model.set_flags(*result)
            self.table.resizeColumnToContents(COL_FLAGS)  # «Признаки (2026)» and «необъективность» whole

        run_task(work, show, failed, owner=self)

    def reload(self, select: int | None = None) -> None:
        self.model.reload()
        if select is not None:
            row = self.model.row_of(select)
            if row is not None:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    self.table.scrollTo(index)
        self._update_actions()

    def selected_school(self) -> School | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _update_actions(self) -> None:
        has = self.selected_school() is not None
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.card_action.setEnabled(has)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"Показано {shown} из {total}" if shown != total else f"Школ: {total}")

    def _on_search(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._update_actions()

    def _on_show_inactive(self, show: bool) -> None:
        self.proxy.set_show_inactive(show)
        self._update_actions()

    # --- editing -----------------------------------------------------------------------------
    def _push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)
        if not command.isObsolete():
            self.status_message.emit(f"Отменить {command.text()}: Ctrl+Z.")

    # Dialogs and file services are imported on first use, to keep the window's start short.
    def add_school(self) -> None:
        from desktop.views.dialogs.school_dialog import SchoolDialog

        dialog = SchoolDialog(self.repository.check, parent=self)
        if dialog.exec():
            self._push(AddSchool(self, dialog.checked_school))

    def edit_selected(self) -> None:
        before = self.selected_school()
        if before is None:
            return
        from desktop.views.dialogs.school_dialog import SchoolDialog

        dialog = SchoolDialog(self.repository.check, before, self)
        if dialog.exec() and dialog.checked_school != before:
            self._push(EditSchool(self, before, dialog.checked_school))

    def open_card(self) -> None:
        from desktop.views.dialogs.school_card import SchoolCardDialog

        school = self.selected_school()
        if school is None:
            return
        dialog = SchoolCardDialog(self.db, school.id, self)
        dialog.plans_changed.connect(self.plans_changed)
        dialog.exec()

    def delete_selected(self) -> None:
        """Asked first; a school with results is refused before the question (no step, no Ctrl+Z promised)."""
        from desktop.views.dialogs.buttons import confirm

        school = self.selected_school()
        if school is None:
            return
        if self.repository.has_results(school.id):
            show_user_error(self, self.repository.deletion_refusal, "Удаление школы")
            return
        if confirm(self, "Удаление школы",
                   f"Удалить «{school.short_name}» из реестра?\n\nСразу после удаления её можно вернуть: "
                   "«Отменить» (Ctrl+Z).", "Удалить", "Не удалять"):
            self._push(DeleteSchool(self, school))

    # --- files -------------------------------------------------------------------------------
    def import_from_file(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services import schools_io

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Список школ", last_folder("schools"), "Книги Excel (*.xlsx *.xlsm *.xls);;Все файлы (*)"
            )
            if not path:
                return
            remember_folder("schools", path)
        remember_file(path)  # «Файл → Недавние файлы»
        db_path = self.db_path

        def work():
            db = open_database(db_path, create=False)  # the worker thread needs its own connection
            try:
                return schools_io.plan_schools_import(db, Path(path))
            finally:
                db.close()

        run_with_progress(self, "Загрузка списка школ", work, self.review_import)

    def review_import(self, plan) -> bool:
        """Show the preview of a SchoolsImportPlan; save on confirmation. Returns whether anything was saved."""
        from desktop.services import schools_io
        from desktop.views.dialogs.schools_import_dialog import SchoolsImportDialog

        dialog = SchoolsImportDialog(plan, self)
        if not dialog.exec():
            return False
        schools_io.apply_schools_import(self.db, plan)
        self.undo_stack.clear()  # an import is not undoable step by step; the daily backup covers it
        self.reload()
        self.status_message.emit(f"Загружено: добавлено {len(plan.added)}, изменено {len(plan.changed)}")
        return True

    def export_to_file(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services import schools_io

        if path is None:
            start = str(Path(last_folder("schools")) / "Школы.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "Выгрузить список школ", start, "Книга Excel (*.xlsx)")
            if not path:
                return
            remember_folder("schools", path)
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            count = schools_io.export_schools(self.db, Path(path))
        except UserError as error:
            show_user_error(self, error, "Выгрузка списка школ")
            return
        except OSError as error:
            show_user_error(self, f"Не удалось записать файл «{path}»: {error.strerror or error}", "Выгрузка списка школ")
            return
        self.status_message.emit(f"Выгружено школ: {count} → {path}")
