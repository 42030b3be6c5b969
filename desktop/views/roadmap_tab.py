"""«Дорожная карта»: choose a plan, see it as a tree and a timeline, filter it, edit it inline with
undo, mark progress, import plans from Word or Excel and export them for printing; finish a plan
(read-only, out of the overdue lists), return it to work, or delete it — each undoable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.folding import fold
from desktop.models.qt.roadmap_model import (
    COL_DEADLINE,
    COL_NUMBER,
    COL_PARTICIPANTS,
    COL_RESPONSIBLE,
    COL_STATUS,
    COL_TEXT,
    EDITABLE,
    RoadmapTreeModel,
)
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.roadmaps import MONTH_NAMES, STATUS_LABELS, Measure, Roadmap, RoadmapsRepository, Section
from desktop.services import roadmap_edits, roadmap_life
from desktop.services.roadmap_export import load_roadmap
from desktop.services.roadmap_status import DUE_SOON_DAYS, summarize
from desktop.services.wording import plural
from desktop.views.actions import enter_action, tab_action, tool_bar, undo_actions
from desktop.views.cut_cells import CutCombo
from desktop.views.errors import show_user_error
from desktop.views.jobs import run_with_progress
from desktop.views.layout_guard import ElidedLabel
from desktop.views.long_text_cells import LongTextCells
from desktop.views.recent_files import remember_file
from desktop.views.roadmap_timeline import RoadmapTimeline
from desktop.views.settings import last_folder, remember_folder


# --- undoable changes ---------------------------------------------------------------------------
class _UndoStep(QUndoCommand):
    """An edit of the plan (desktop.services.roadmap_edits) on the tab's undo stack."""

    def __init__(self, tab: RoadmapTab, edit: roadmap_edits.Edit):
        super().__init__(edit.label)
        self.tab, self.edit = tab, edit

    def redo(self) -> None:
        self._run(self.edit.apply)

    def undo(self) -> None:
        self._run(self.edit.revert)

    def _run(self, step) -> None:
        # A refusal (a finished plan, a restore the database no longer fits) is told, not raised into Qt.
        try:
            shown = step(self.tab.repository)
        except UserError as error:
            show_user_error(self.tab, error, "Дорожная карта")
            self.tab.show_edit(roadmap_edits.Shown(plans=True))  # show what the database holds now
            # the steps no longer match the database; cleared once this one has returned to the stack
            QTimer.singleShot(0, self.tab.undo_stack.clear)
            return
        self.tab.show_edit(shown)


# --- the tab -------------------------------------------------------------------------------------
class RoadmapTab(QWidget):
    status_message = Signal(str)

    def __init__(self, db, db_path: Path, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self.today = today or date.today()
        self.repository = RoadmapsRepository(db)
        self.roadmap: Roadmap | None = None
        self.undo_stack = QUndoStack(self)
        self._switched_by_edit = False  # a plan step changes the plan shown: its undo stack stays

        self.chooser = CutCombo(24)  # a long title cut, whole on hover: the window keeps its width
        self.chooser.currentIndexChanged.connect(lambda _: self._choose())
        self.show_finished = QCheckBox("Показывать завершённые")
        self.show_finished.setToolTip("Завершённые планы: только просмотр, в просроченном не показываются")
        self.show_finished.toggled.connect(lambda _: self.reload_roadmaps())
        self.summary = ElidedLabel(min_chars=30)  # a long sentence cut, whole on hover: the window keeps its width
        self.summary.setStyleSheet("font-weight: bold; padding: 2px 4px")
        self.all_overdue = QLabel()
        self.all_overdue.setTextFormat(Qt.TextFormat.RichText)
        self.all_overdue.setToolTip("Просроченные мероприятия и поручения всех планов и приказов (Ctrl+Shift+O)")
        self.all_overdue.linkActivated.connect(lambda _: self.show_overdue())

        self.model = RoadmapTreeModel(self, self.today, DUE_SOON_DAYS)
        self.model.edit_requested.connect(self._edit_requested)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.setAlternatingRowColors(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        enter_action(self.tree, self.mark_selected)  # Enter on a measure: its progress, as Ctrl+M
        # a measure's text, participants and executors are edited in a box of several lines
        self.tree.setItemDelegate(LongTextCells(self.tree, (COL_TEXT, COL_PARTICIPANTS, COL_RESPONSIBLE)))
        # The measure's text takes the width the others leave (the window's width, never more): the tree
        # scrolls sideways only when the user widens a column. «2.10.», «10.12.» and «выполнено 13.09.2026» whole.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, width in ((COL_NUMBER, 84), (COL_DEADLINE, 170), (COL_PARTICIPANTS, 120),
                              (COL_RESPONSIBLE, 130), (COL_STATUS, 170)):
            self.tree.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())

        self.timeline = RoadmapTimeline()
        self.timeline.measure_clicked.connect(self.select_measure)
        timeline_area = QScrollArea()
        timeline_area.setWidgetResizable(True)
        timeline_area.setWidget(self.timeline)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(timeline_area)
        self.splitter.setSizes([460, 180])

        self._build_filters()
        self._build_actions()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("План:"))
        top.addWidget(self.chooser, 1)
        top.addWidget(self.show_finished)
        top.addWidget(self.plan_buttons)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filters)
        strip = QHBoxLayout()
        strip.addWidget(self.summary, 1)
        strip.addWidget(self.all_overdue)
        layout.addLayout(strip)
        layout.addWidget(self.splitter, 1)
        self.reload_roadmaps()

    # --- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по тексту, сроку, ответственным…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._filter(words=fold(text).split()))
        self.status_filter = QComboBox()
        self.status_filter.addItem("Все статусы", None)
        for key, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(lambda _: self._filter(status=self.status_filter.currentData()))
        self.responsible_filter = QLineEdit()
        self.responsible_filter.setPlaceholderText("Ответственный")
        self.responsible_filter.textChanged.connect(lambda t: self._filter(responsible=fold(t).strip()))
        self.overdue_filter = QCheckBox("Просрочено")
        self.overdue_filter.toggled.connect(lambda on: self._filter(overdue_only=on))
        self.soon_filter = QCheckBox(f"Ближайшие {DUE_SOON_DAYS} дней")
        self.soon_filter.toggled.connect(lambda on: self._filter(due_soon_only=on))
        self.month_filter = QComboBox()
        self.month_filter.currentIndexChanged.connect(lambda _: self._filter(month=self.month_filter.currentData()))
        self.filters = QHBoxLayout()
        for widget, stretch in ((self.search, 3), (self.status_filter, 0), (self.responsible_filter, 1),
                                (self.overdue_filter, 0), (self.soon_filter, 0), (self.month_filter, 0)):
            self.filters.addWidget(widget, stretch)

    def _build_actions(self) -> None:
        self.import_action = self._action("Загрузить план…", "Ctrl+Shift+I", self.import_from_file)
        self.paste_action = self._action("Вставить план", "Ctrl+Shift+V", self.import_from_clipboard)
        self.paste_action.setToolTip("Загрузить план из таблицы, скопированной в Word или Excel")
        self.add_action = self._action("Добавить мероприятие", "Ctrl+N", self.add_measure)
        self.add_section_action = self._action("Добавить раздел", "Ctrl+Shift+N", self.add_section)
        self.mark_action = self._action("Отметить выполнение…", "Ctrl+M", self.mark_selected)
        self.schools_action = self._action("Школы мероприятия…", "Ctrl+Shift+K", self.address_selected)
        self.schools_action.setToolTip("Школы реестра, которым адресовано мероприятие: видны в их карточках")
        self.up_action = self._action("Выше", "Ctrl+Up", lambda: self.move_selected(-1))
        self.down_action = self._action("Ниже", "Ctrl+Down", lambda: self.move_selected(1))
        self.delete_action = self._action("Удалить", QKeySequence.StandardKey.Delete, self.delete_selected)
        self.undo_action, self.redo_action = undo_actions(self, self.undo_stack)
        self.export_action = self._action("Выгрузить в Excel…", "Ctrl+E", self.export_to_file)
        self.export_action.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence.StandardKey.Save])  # Ctrl+S too
        self.report_action = self._action("Отчёт об исполнении…", "Ctrl+R", self.export_report)
        # Ctrl+P prints what is shown, as everywhere: the plan with its state, in the document preview
        print_action = self._action("Печать плана…", QKeySequence.StandardKey.Print, self.export_report)
        print_action.setToolTip("План с отметками о выполнении, как он будет напечатан (Ctrl+P)")
        self.order_action = self._action("Приказ об утверждении плана…", "", self.write_order)
        self.monitoring_action = self._action("Приказ о реализации мониторинга (график)…", "Ctrl+Shift+G",
                                              lambda: self.write_order("monitoring"))
        self.journal_action = self._action("Журнал приказов…", "Ctrl+J", self.open_journal)
        self.overdue_action = self._action("Просроченное во всех планах…", "Ctrl+Shift+O", self.show_overdue)
        # No keys of their own: a whole plan is finished or deleted on purpose, by the button or the menu.
        self.archive_action = self._action("Завершить план", "", self.toggle_archived)
        self.delete_plan_action = self._action("Удалить план…", "", self.delete_plan)
        self._action("Найти", QKeySequence.StandardKey.Find, self.search.setFocus)
        # The toolbar shows short labels (iconText); menus and tooltips keep the full ones.
        for action, short in ((self.import_action, "Загрузить"), (self.paste_action, "Вставить"),
                              (self.add_action, "+ Мероприятие"), (self.add_section_action, "+ Раздел"),
                              (self.mark_action, "Отметить"), (self.export_action, "В Excel"),
                              (self.journal_action, "Приказы"), (self.overdue_action, "Все просроченные")):
            action.setIconText(short)
            action.setToolTip(action.text().rstrip("…"))
        separator = QAction(self)
        separator.setSeparator(True)
        # Right click on a measure: what can be done with it, and its order and the plans' overdue work.
        self.tree.addActions([self.mark_action, self.schools_action, self.up_action, self.down_action,
                              self.delete_action, separator, self.journal_action, self.report_action,
                              self.overdue_action])
        self.toolbar = tool_bar((self.import_action, self.paste_action, self.add_action, self.add_section_action,
                                 self.mark_action, self.up_action, self.down_action, self.delete_action,
                                 self.undo_action, self.redo_action, self.export_action, self.journal_action,
                                 self.overdue_action))
        self.plan_buttons = tool_bar((self.archive_action, self.delete_plan_action))
        self.plan_buttons.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # they follow the chooser

    def _action(self, text: str, shortcut, slot) -> QAction:
        return tab_action(self, text, shortcut, slot)

    # --- loading -------------------------------------------------------------------------------
    def reload_roadmaps(self, select: int | None = None) -> None:
        """The chooser lists the plans in work, and the finished ones when «Показывать завершённые» is on."""
        roadmaps = self.repository.list(include_archived=self.show_finished.isChecked())
        current = select or (self.roadmap.id if self.roadmap else None)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for roadmap in roadmaps:
            order = roadmap.order
            suffix = f" (приказ № {order.number} от {order.date:%d.%m.%Y})" if order and order.date else ""
            finished = f" — завершён {roadmap.archived_at:%d.%m.%Y}" if roadmap.archived_at else ""
            self.chooser.addItem(roadmap.title + suffix + finished, roadmap.id)
        self.chooser.blockSignals(False)
        if not roadmaps:
            self.roadmap = None
            self.model.load([])
            self._show_timeline()
            self.refresh_all_overdue()
            self.summary.setText(
                "Все планы завершены: отметьте «Показывать завершённые», чтобы открыть их."
                if self.repository.list() else
                "Дорожных карт пока нет. Загрузите план из приказа Word или таблицы Excel («Загрузить план…»).")
            self._update_actions()
            return
        index = self.chooser.findData(current) if current is not None else -1
        self.chooser.setCurrentIndex(index if index >= 0 else len(roadmaps) - 1)
        self._choose()

    def _choose(self) -> None:
        roadmap_id = self.chooser.currentData()
        if roadmap_id is None:
            return
        if (self.roadmap is None or self.roadmap.id != roadmap_id) and not self._switched_by_edit:
            self.undo_stack.clear()
        self.roadmap = self.repository.get(roadmap_id)
        # a finished plan is shown as it was finished: nothing in it is overdue or editable any more
        self.model.finished = self.timeline.finished = self.roadmap.archived
        self._fill_months()
        self.reload()

    def _fill_months(self) -> None:
        self.month_filter.blockSignals(True)
        self.month_filter.clear()
        self.month_filter.addItem("Любой месяц", None)
        if self.roadmap and self.roadmap.period:
            start, end = self.roadmap.period
            month = date(start.year, start.month, 1)
            while month <= end:
                self.month_filter.addItem(f"{MONTH_NAMES[month.month - 1]} {month.year}", (month.year, month.month))
                month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        self.month_filter.blockSignals(False)

    def reload(self, select: int | None = None, select_section: int | None = None) -> None:
        if self.roadmap is None:
            return
        _, groups = load_roadmap(self.db, self.roadmap.id)
        self.model.load(groups)
        self.tree.expandAll()
        self.refresh_summary()
        if select is not None:
            self.select_measure(select)
        if select_section is not None:
            self.select_section(select_section)
        self._update_actions()

    def refresh_summary(self) -> None:
        """The strip counts the whole plan; the timeline shows what the filter shows."""
        summary = summarize(self.model.all_measures(), self.today, DUE_SOON_DAYS)
        finished = self.roadmap.archived_at if self.roadmap else None
        self.summary.setText((summary.finished_sentence(finished) if finished else summary.sentence()).capitalize())
        self._show_timeline()
        self.refresh_all_overdue()

    def refresh_all_overdue(self) -> None:
        """The link to the overdue work of every plan and order, when there is any."""
        counts = self.repository.overdue_counts(self.today)
        total = sum(counts.values())
        plans = plural(len(counts), "план", "плана", "планов")
        self.all_overdue.setText(f'<a href="overdue">Во всех планах просрочено: {total} ({plans})</a>' if total else "")

    def _show_timeline(self) -> None:
        self.timeline.show_measures(self.model.measures(), self.roadmap.period if self.roadmap else None, self.today)

    def _filter(self, **changes) -> None:
        self.model.set_filter(**changes)
        self.tree.expandAll()
        self._show_timeline()

    # --- selection -----------------------------------------------------------------------------
    def selected_item(self) -> Measure | Section | None:
        index = self.tree.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_measure(self, measure_id: int) -> None:
        index = self.model.index_of_measure(measure_id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)

    def select_section(self, section_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            item = index.data(ROW_ROLE)
            if isinstance(item, Section) and item.id == section_id:
                self.tree.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.tree.scrollTo(index)
                return

    def _selection_changed(self) -> None:
        item = self.selected_item()
        self.timeline.select(item.id if isinstance(item, Measure) else None)
        self._update_actions()

    def _update_actions(self) -> None:
        item = self.selected_item()
        is_measure = isinstance(item, Measure)
        editable = self.roadmap is not None and not self.roadmap.archived
        self.mark_action.setEnabled(is_measure and editable)
        self.schools_action.setEnabled(is_measure and editable)
        self.up_action.setEnabled(item is not None and editable)
        self.down_action.setEnabled(item is not None and editable)
        self.add_section_action.setEnabled(editable)
        self.delete_action.setEnabled(item is not None and editable)
        self.add_action.setEnabled(editable)
        finished = self.roadmap is not None and self.roadmap.archived
        self.archive_action.setText("Вернуть в работу" if finished else "Завершить план")
        self.archive_action.setToolTip("Снова изменять план и видеть его просроченное" if finished else
                                       "План выполнен или устарел: только просмотр, в просроченном не показывается")
        self.archive_action.setEnabled(self.roadmap is not None)
        self.delete_plan_action.setEnabled(self.roadmap is not None)
        self.export_action.setEnabled(self.roadmap is not None)
        self.report_action.setEnabled(self.roadmap is not None)
        self.order_action.setEnabled(self.roadmap is not None)
        self.monitoring_action.setEnabled(self.roadmap is not None)

    # --- editing -------------------------------------------------------------------------------
    def push(self, edit: roadmap_edits.Edit | None) -> None:
        if edit is None:
            return
        if self.roadmap is not None and not isinstance(edit, roadmap_life.PlanStep):
            try:
                roadmap_life.check_editable(self.roadmap)  # refused before it reaches the undo stack
            except UserError as error:
                show_user_error(self, error, "Дорожная карта")
                return
        self.undo_stack.push(_UndoStep(self, edit))

    def show_edit(self, shown: roadmap_edits.Shown) -> None:
        """Redraw what an edit (or its undo) changed."""
        if shown.plans:
            # The plan shown may change (a finished plan leaves the list, a deleted one is gone, a restored
            # one comes back): the undo stack goes on, its next step is the plan's own.
            self._switched_by_edit = True
            try:
                self.reload_roadmaps(select=shown.roadmap_id)
            finally:
                self._switched_by_edit = False
            return
        if shown.whole_plan:
            self.reload(select=shown.measure_id, select_section=shown.section_id)
            return
        self.model.refresh_measure(self.repository.measure(shown.measure_id))
        self.refresh_summary()

    def _edit_requested(self, item, column: int, value: str) -> None:
        value = value.strip()
        if isinstance(item, Section):
            number, title = (value or None, item.title) if column == COL_NUMBER else (item.number, value)
            self.push(roadmap_edits.RenameSection(item, number, title))
            return
        if column == COL_TEXT and not value:
            show_user_error(self, "Текст мероприятия не может быть пустым.", "Дорожная карта")
            return
        self.push(roadmap_edits.EditMeasure(self.roadmap, item, EDITABLE[column], value))
        if column == COL_DEADLINE:
            saved = self.repository.measure(item.id)
            warnings = saved.deadline.get("warnings", [])
            self.status_message.emit("Срок: " + ("; ".join(warnings) if warnings else "прочитан"))

    def add_measure(self) -> None:
        if self.roadmap is None:
            return
        section_id, position = roadmap_edits.new_measure_place(self.model.all_measures(), self.selected_item())
        self.push(roadmap_edits.AddMeasure(self.roadmap.id, section_id, position, "Новое мероприятие"))
        self.tree.edit(self.tree.currentIndex().siblingAtColumn(COL_TEXT))

    def add_section(self) -> None:
        if self.roadmap is None:
            return
        number = roadmap_edits.next_section_number(self.repository.sections(self.roadmap.id))
        self.push(roadmap_edits.AddSection(self.roadmap.id, number, "Новый раздел"))
        self.tree.edit(self.tree.currentIndex().siblingAtColumn(COL_TEXT))

    def move_selected(self, step: int) -> None:
        if self.roadmap is None:
            return
        _, plan = load_roadmap(self.db, self.roadmap.id)
        groups = [(section.id if section else None, [m.id for m in measures]) for section, measures in plan]
        self.push(roadmap_edits.move(self.roadmap.id, self.selected_item(), step, self.model.all_measures(), groups))

    def delete_selected(self) -> None:
        """The selected measure, or section with its measures, deleted after a question; undone by Ctrl+Z."""
        from desktop.views.dialogs.buttons import confirm

        item = self.selected_item()
        if item is None or self.roadmap is None:
            return
        if isinstance(item, Section):
            count = sum(1 for m in self.model.all_measures() if m.section_id == item.id)
            question = (f"Удалить раздел «{item.title}» и все его мероприятия ({count})?\n"
                        "Отметки о выполнении этих мероприятий тоже будут удалены.")
            edit = roadmap_edits.DeleteSection(item)
        else:
            question = (f"Удалить мероприятие {item.number or ''} «{item.text[:80]}»?\n"
                        "Его отметки о выполнении тоже будут удалены.")
            edit = roadmap_edits.DeleteMeasure(item)
        try:
            roadmap_life.check_editable(self.roadmap)  # refused before it is asked: no promise of Ctrl+Z
        except UserError as error:
            show_user_error(self, error, "Дорожная карта")
            return
        if confirm(self, "Удаление", f"{question}\n\nСразу после удаления его можно вернуть: «Отменить» (Ctrl+Z).",
                   "Удалить", "Не удалять"):
            self.push(edit)
            self.status_message.emit(f"Удалено. Отменить {edit.label}: Ctrl+Z.")

    # --- the plan as a whole ----------------------------------------------------------------------
    def toggle_archived(self) -> None:
        """«Завершить план» / «Вернуть в работу»; undoable like any edit."""
        roadmap = self.roadmap
        if roadmap is None:
            return
        if roadmap.archived:
            self.push(roadmap_life.UnarchivePlan(roadmap))
            self.status_message.emit(f"План «{roadmap.title}» возвращён в работу.")
            return
        self.push(roadmap_life.ArchivePlan(roadmap, self.today))
        where = "" if self.show_finished.isChecked() else " Он в списке при «Показывать завершённые»."
        self.status_message.emit(f"План «{roadmap.title}» завершён: только просмотр, в просроченном не "
                                 f"показывается.{where} Отменить: Ctrl+Z.")

    def delete_plan(self) -> None:
        """«Удалить план…»: asked first, saying what goes with it; undone by Ctrl+Z."""
        from desktop.views.dialogs.buttons import confirm

        roadmap = self.roadmap
        if roadmap is None:
            return
        going = roadmap_life.counts(self.db, roadmap.id)
        order = roadmap.order
        kept = (f" {order.kind.capitalize()} № {order.number} остаётся в журнале приказов." if order and order.number
                else "")
        if not confirm(self, "Удаление плана",
                       f"Удалить план «{roadmap.title}»?\n\nВместе с ним будут удалены {going.sentence()}."
                       f"{kept}\n\nСразу после удаления его можно вернуть: «Отменить» (Ctrl+Z).", "Удалить", "Не удалять"):
            return
        self.push(roadmap_life.DeletePlan(roadmap))
        self.status_message.emit(f"План «{roadmap.title}» удалён: {going.sentence()}. Вернуть: Ctrl+Z.")

    def changed_elsewhere(self, roadmap_id: int) -> None:
        """A plan changed outside the tab (measures added from the results' flags): shown as it is now; the
        undo steps, made against the plan as it was, are dropped."""
        self.undo_stack.clear()
        self.reload_roadmaps(select=roadmap_id)

    def show_plan(self, roadmap_id: int) -> None:
        """Open a plan chosen elsewhere (the journal, the overdue list), a finished one too."""
        if self.chooser.findData(roadmap_id) < 0:
            roadmap = self.repository.get(roadmap_id)
            if roadmap is not None and roadmap.archived and not self.show_finished.isChecked():
                self.show_finished.setChecked(True)  # lists the finished plans again
        self.chooser.setCurrentIndex(self.chooser.findData(roadmap_id))

    def mark_selected(self) -> None:
        from desktop.models.office import load_office
        from desktop.views.dialogs.progress_dialog import ProgressDialog

        item = self.selected_item()
        if not isinstance(item, Measure):
            return
        dialog = ProgressDialog(item, self.repository.history(item.id), load_office(self.db).executor_name, self,
                                today=self.today)
        if dialog.exec():
            self.push(roadmap_edits.MarkProgress(dialog.mark(), dialog.occurrence_label()))

    def address_selected(self) -> None:
        """«Школы мероприятия…»: the schools the selected measure names, ticked in a list; undoable."""
        from desktop.models.schools import SchoolsRepository
        from desktop.views.dialogs.measure_schools_dialog import MeasureSchoolsDialog

        item = self.selected_item()
        if not isinstance(item, Measure):
            return
        before = self.repository.measure_schools(item.id)
        dialog = MeasureSchoolsDialog(f"{item.number or ''} {item.text}".strip(), SchoolsRepository(self.db).list(),
                                      {school_id for school_id, _ in before}, self)
        if dialog.exec() and set(dialog.chosen()) != {school_id for school_id, _ in before}:
            self.push(roadmap_edits.AddressSchools(item, before, dialog.chosen()))

    # --- files ---------------------------------------------------------------------------------
    def import_from_file(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services.roadmap_import import plan_roadmap_import

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "План мероприятий", last_folder("roadmaps"),
                "Приказ или таблица (*.docx *.xlsx *.xlsm);;Все файлы (*)")
            if not path:
                return
            remember_folder("roadmaps", path)
        remember_file(path)  # «Файл → Недавние файлы»
        run_with_progress(self, "Загрузка плана", lambda: plan_roadmap_import(Path(path)), self.review_import)

    def import_from_clipboard(self, text: str | None = None) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.services.roadmap_import import plan_pasted_roadmap

        text = QApplication.clipboard().text() if text is None else text
        try:
            plan = plan_pasted_roadmap(text)
        except UserError as error:
            show_user_error(self, error, "Вставка плана")
            return
        self.review_import(plan)

    def review_import(self, plan) -> int | None:
        from desktop.services.roadmap_import import apply_roadmap_import
        from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog

        dialog = RoadmapImportDialog(plan, self)
        if not dialog.exec():
            return None
        plan = dialog.plan  # planned again if the user chose another period
        roadmap_id = apply_roadmap_import(self.db, plan)
        self.reload_roadmaps(select=roadmap_id)
        self.status_message.emit(f"План загружен: мероприятий {plan.measure_count}")
        return roadmap_id

    def export_to_file(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services.roadmap_export import export_roadmap_xlsx

        if self.roadmap is None:
            return
        if path is None:
            start = str(Path(last_folder("roadmaps")) / "План мероприятий.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "Выгрузить план", start, "Книга Excel (*.xlsx)")
            if not path:
                return
            remember_folder("roadmaps", path)
        try:
            export_roadmap_xlsx(self.db, self.roadmap.id, Path(path))
        except UserError as error:
            show_user_error(self, error, "Выгрузка плана")
            return
        self.status_message.emit(f"План выгружен: {path}")

    def export_report(self):
        """«Отчёт об исполнении» of the plan on screen, previewed, then saved as PDF, DOCX or Excel."""
        from desktop.services.documents.report_pdf import render_report_pdf
        from desktop.views.dialogs.document_preview import DocumentPreviewDialog, report_formats

        if self.roadmap is None:
            return None
        roadmap_id, db_path, today = self.roadmap.id, self.db_path, self.today

        def build():
            from desktop.models.office import load_office
            from desktop.services.database import open_database
            from desktop.services.roadmap_report import execution_document, execution_report

            db = open_database(db_path, create=False)  # a worker thread needs its own connection
            try:
                return execution_document(execution_report(db, roadmap_id, today), office=load_office(db))
            finally:
                db.close()

        dialog = DocumentPreviewDialog("отчёт об исполнении", build, render_report_pdf, report_formats(),
                                       f"Отчёт об исполнении на {today:%d.%m.%Y}", "roadmaps", self)
        dialog.saved.connect(lambda _, path: self.status_message.emit(f"Отчёт об исполнении сохранён: {path}"))
        dialog.open()
        return dialog

    def open_journal(self) -> None:
        """The journal of orders, opened at the order of the plan on screen; a plan chosen there opens here."""
        from desktop.views.dialogs.orders_journal_dialog import OrdersJournalDialog

        order = self.roadmap.order if self.roadmap else None
        dialog = OrdersJournalDialog(self.db, self.today, order.id if order else None, self)
        if dialog.exec() and dialog.chosen_roadmap is not None:
            self.show_plan(dialog.chosen_roadmap)

    def show_overdue(self) -> None:
        """Overdue work of every plan; the measure chosen there opens here."""
        from desktop.views.dialogs.overdue_dialog import OverdueDialog

        dialog = OverdueDialog(self.db, self.today, self)
        if dialog.exec() and dialog.chosen is not None:
            self.open_measure(*dialog.chosen)

    def open_measure(self, roadmap_id: int, measure_id: int) -> None:
        """Show the plan and select the measure, clearing filters that would hide it."""
        self.show_plan(roadmap_id)
        if not self.model.index_of_measure(measure_id).isValid():
            self.search.clear()
            self.responsible_filter.clear()
            self.status_filter.setCurrentIndex(0)
            self.month_filter.setCurrentIndex(0)
            self.overdue_filter.setChecked(False)
            self.soon_filter.setChecked(False)
        self.select_measure(measure_id)
        self.tree.setFocus()

    def write_order(self, name: str = "roadmap") -> None:
        """A ready-made order from the plan on screen (approval, or the monitoring schedule), opened in
        the editor before it is printed."""
        from desktop.services import orders
        from desktop.views.dialogs.order_editor import OrderEditorDialog

        if self.roadmap is None:
            return
        document = orders.PLAN_ORDERS[name](self.db, self.roadmap.id, "", self.today)
        OrderEditorDialog(document, self.db, self).exec()
