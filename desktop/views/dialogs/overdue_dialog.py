"""«Просроченное во всех планах»: overdue measures of every roadmap and overdue assignments of every
order in one list, grouped by plan, the longest overdue first; a double click opens the measure in the
Roadmap tab. Measures due in the next days can be shown beside them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.roadmaps import STATUS_LABELS, Measure, Roadmap, RoadmapsRepository
from desktop.services.roadmap_status import DUE_SOON_DAYS, status_on
from desktop.views.dialogs.buttons import close_buttons

MEASURE_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ["№", "Мероприятие / поручение", "Срок", "Дата срока", "Просрочено, дней", "Ответственные", "Статус"]
COL_DAYS = 4
OVERDUE_COLOUR = QColor("#f8d7da")
SOON_COLOUR = QColor("#fff3cd")


def plan_label(roadmap: Roadmap) -> str:
    what = "Поручения приказа" if roadmap.source == "clauses" else "План"
    order = roadmap.order
    suffix = f" (№ {order.number} от {order.date:%d.%m.%Y})" if order and order.date else ""
    return f"{what}: {roadmap.title}{suffix}"


class OverdueDialog(QDialog):
    def __init__(self, db, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.chosen: tuple[int, int] | None = None  # (roadmap id, measure id) to open
        self.setWindowTitle("Просроченное во всех планах")
        self.resize(1220, 560)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold")
        self.soon = QCheckBox(f"и сроки в ближайшие {DUE_SOON_DAYS} дней")
        self.soon.toggled.connect(lambda _: self.fill())
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        for column, width in ((0, 75), (1, 415), (2, 160), (3, 85), (4, 120), (5, 170)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_current())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton("Открыть в плане")
        self.open_button.clicked.connect(self.open_current)
        buttons = close_buttons(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.soon)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.fill()

    def fill(self) -> None:
        summary = status_on(self.db, self.today)
        shown = summary.overdue + (summary.due_soon if self.soon.isChecked() else [])
        plans = {r.id: r for r in RoadmapsRepository(self.db).list()}
        self.tree.clear()
        groups: dict[int, QTreeWidgetItem] = {}
        # The plan with the oldest overdue measure comes first, as do such measures within a plan.
        for measure in sorted(shown, key=self._urgency):
            group = groups.get(measure.roadmap_id)
            if group is None:
                group = QTreeWidgetItem(self.tree, [plan_label(plans[measure.roadmap_id])])
                group.setFirstColumnSpanned(True)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[measure.roadmap_id] = group
            self._measure_item(group, measure)
        self.tree.expandAll()
        text = f"Просрочено: {len(summary.overdue)} в {len({m.roadmap_id for m in summary.overdue})} планах"
        if self.soon.isChecked():
            text += f"; в ближайшие {DUE_SOON_DAYS} дней: {len(summary.due_soon)}"
        self.summary.setText(f"{text} — на {self.today:%d.%m.%Y}" if shown else
                             f"На {self.today:%d.%m.%Y} просроченных мероприятий и поручений нет.")
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))
        self._update_buttons()

    def _urgency(self, measure: Measure) -> tuple:
        due = measure.next_due(self.today) if not measure.is_overdue(self.today) else measure.due
        return (not measure.is_overdue(self.today), due or date.max)

    def _measure_item(self, group: QTreeWidgetItem, measure: Measure) -> None:
        overdue = measure.is_overdue(self.today)
        due = measure.due if overdue else measure.next_due(self.today)
        item = QTreeWidgetItem(group, [
            measure.number or "", measure.text, measure.deadline_text, f"{due:%d.%m.%Y}" if due else "",
            str((self.today - measure.due).days) if overdue else "", measure.responsible,
            STATUS_LABELS[measure.status],
        ])
        item.setData(0, MEASURE_ROLE, (measure.roadmap_id, measure.id))
        item.setTextAlignment(COL_DAYS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(1, measure.text)
        brush = QBrush(OVERDUE_COLOUR if overdue else SOON_COLOUR)
        for column in range(len(COLUMNS)):
            item.setBackground(column, brush)

    def shown_measures(self) -> list[tuple[str, str]]:
        """(plan label, measure text) of every row, in the order shown: for tests."""
        return [(self.tree.topLevelItem(g).text(0), self.tree.topLevelItem(g).child(i).text(1))
                for g in range(self.tree.topLevelItemCount())
                for i in range(self.tree.topLevelItem(g).childCount())]

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        self.open_button.setEnabled(item is not None and item.data(0, MEASURE_ROLE) is not None)

    def open_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, MEASURE_ROLE) is not None:
            self.chosen = item.data(0, MEASURE_ROLE)
            self.accept()
