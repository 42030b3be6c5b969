"""«Журнал приказов»: every order with its status and the plans it approves or the assignments it
gives, with their progress; from here a plan opens in the Roadmap tab."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.orders import OrdersRepository
from desktop.services.orders_journal import orders_journal
from desktop.views.cut_cells import tips_for_cut_cells
from desktop.views.dialogs.buttons import close_buttons
from desktop.views.errors import show_user_error

ORDER_ROLE = Qt.ItemDataRole.UserRole
PLAN_ROLE = Qt.ItemDataRole.UserRole + 1


class OrdersJournalDialog(QDialog):
    def __init__(self, db, today: date, select_order: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.chosen_roadmap: int | None = None
        self.setWindowTitle("Журнал приказов")
        self.resize(1100, 520)
        self.tree = QTreeWidget()
        tips_for_cut_cells(self.tree)
        self.tree.setHeaderLabels(["Вид", "Дата", "№", "Заголовок / план", "Статус", "Исполнение"])
        self.tree.setColumnWidth(3, 470)
        self.tree.setColumnWidth(5, 230)
        self.tree.itemDoubleClicked.connect(lambda *_: self._open_plan())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton("Открыть план")
        self.open_button.clicked.connect(self._open_plan)
        self.sign_button = QPushButton("Отметить подписанным")
        self.sign_button.clicked.connect(self._mark_signed)
        self.file_button = QPushButton("Открыть файл приказа")
        self.file_button.setToolTip("Открыть сохранённый или загруженный документ приказа (PDF, Word)")
        self.file_button.clicked.connect(self.open_file)
        buttons = close_buttons(self)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.sign_button)
        row.addWidget(self.file_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        self.fill(select_order)

    def fill(self, select_order: int | None = None) -> None:
        self.tree.clear()
        self.files: dict[int, str] = {}
        for entry in orders_journal(self.db, self.today):
            order = entry.order
            self.files[order.id] = order.source_file
            item = QTreeWidgetItem(self.tree, [
                order.kind.capitalize(), f"{order.date:%d.%m.%Y}" if order.date else "", order.number,
                order.title, order.status, entry.progress(),
            ])
            item.setData(0, ORDER_ROLE, order.id)
            for roadmap, summary in entry.plans:
                what = "поручения" if roadmap.source == "clauses" else "план"
                child = QTreeWidgetItem(item, ["", "", "", f"{what}: {roadmap.title}", "",
                                               f"выполнено {summary.done} из {summary.total}, "
                                               f"просрочено {len(summary.overdue)}"])
                child.setData(0, PLAN_ROLE, roadmap.id)
            item.setExpanded(True)
            if order.id == select_order:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def _current_plan(self) -> int | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        plan = item.data(0, PLAN_ROLE)
        if plan is None and item.childCount():
            plan = item.child(0).data(0, PLAN_ROLE)
        return plan

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.open_button.setEnabled(self._current_plan() is not None)
        self.sign_button.setEnabled(item is not None and item.data(0, ORDER_ROLE) is not None
                                    and item.text(4) == "проект")
        self.file_button.setEnabled(bool(self._current_file()))

    def _current_order(self) -> int | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, ORDER_ROLE) is None:
            item = item.parent()
        return item.data(0, ORDER_ROLE) if item is not None else None

    def _current_file(self) -> str:
        order = self._current_order()
        return self.files.get(order, "") if order is not None else ""

    def open_file(self) -> bool:
        """Open the order's document in the program the system gives its type (Word, a PDF viewer)."""
        path = Path(self._current_file())
        if not path.is_file():
            show_user_error(self, f"Файл приказа «{path}» не найден: он перемещён, переименован или был на "
                                  "флешке, которой сейчас нет.", "Журнал приказов")
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _open_plan(self) -> None:
        self.chosen_roadmap = self._current_plan()
        if self.chosen_roadmap is not None:
            self.accept()

    def _mark_signed(self) -> None:
        order_id = self.tree.currentItem().data(0, ORDER_ROLE)
        OrdersRepository(self.db).set_status(order_id, "подписан")
        self.fill(order_id)
