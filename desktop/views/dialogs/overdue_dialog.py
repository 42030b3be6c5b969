"""«Просроченное во всех планах»: overdue measures of every roadmap and overdue assignments of every
order in one list, grouped by plan, the longest overdue first; a double click opens the measure in the
Roadmap tab. Measures due in the next days can be shown beside them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
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

from desktop.models.roadmaps import STATUS_LABELS, Measure
from desktop.services.roadmap_status import DUE_SOON_DAYS, URGENT_HEADER, plan_label, urgent_by_plan
from desktop.views.actions import tab_action
from desktop.views.cut_cells import tips_for_cut_cells
from desktop.views.dialogs.buttons import close_buttons

MEASURE_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = URGENT_HEADER
COL_DAYS = 4
OVERDUE_COLOUR = QColor("#f8d7da")
SOON_COLOUR = QColor("#fff3cd")


def preview_urgent(parent: QWidget, db_path, today: date, soon: bool, days: int = DUE_SOON_DAYS):
    """«Просроченное во всех планах» (with `soon`, and what is due in `days` days) in the document preview."""
    from desktop.services.documents.report_pdf import render_report_pdf
    from desktop.views.dialogs.document_preview import DocumentPreviewDialog, report_formats

    def build():
        from desktop.services.database import open_database
        from desktop.services.roadmap_status import urgent_document

        db = open_database(db_path, create=False)  # a worker thread needs its own connection
        try:
            return urgent_document(db, today, soon=soon, days=days)
        finally:
            db.close()

    dialog = DocumentPreviewDialog("просроченное во всех планах", build, render_report_pdf, report_formats(),
                                   f"Просроченное на {today:%d.%m.%Y}", "roadmaps", parent)
    dialog.open()
    return dialog


class OverdueDialog(QDialog):
    def __init__(self, db, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.chosen: tuple[int, int] | None = None  # (roadmap id, measure id) to open
        self.preview_dialog = None  # the printed list, once shown
        self.setWindowTitle("Просроченное во всех планах")
        self.resize(1220, 560)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold")
        self.soon = QCheckBox(f"и сроки в ближайшие {DUE_SOON_DAYS} дней")
        self.soon.toggled.connect(lambda _: self.fill())
        self.tree = QTreeWidget()
        tips_for_cut_cells(self.tree)
        self.tree.setHeaderLabels(COLUMNS)
        for column, width in ((0, 75), (1, 415), (2, 160), (3, 85), (4, 120), (5, 170)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_current())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton("Открыть в плане")
        self.open_button.clicked.connect(self.open_current)
        self.print_button = QPushButton("Печать и сохранение…")
        self.print_button.setToolTip("Список, как он будет напечатан: печать, PDF, DOCX, Excel (Ctrl+P)")
        self.print_button.clicked.connect(self.preview)
        tab_action(self, "Печать и сохранение…", QKeySequence.StandardKey.Print, self.preview)
        buttons = close_buttons(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.soon)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.fill()

    def fill(self) -> None:
        summary, groups = urgent_by_plan(self.db, self.today, soon=self.soon.isChecked())
        self.tree.clear()
        for roadmap, measures in groups:
            group = QTreeWidgetItem(self.tree, [plan_label(roadmap)])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for measure in measures:
                self._measure_item(group, measure)
        self.tree.expandAll()
        text = f"Просрочено: {len(summary.overdue)} в {len({m.roadmap_id for m in summary.overdue})} планах"
        if self.soon.isChecked():
            text += f"; в ближайшие {DUE_SOON_DAYS} дней: {len(summary.due_soon)}"
        self.summary.setText(f"{text} — на {self.today:%d.%m.%Y}" if groups else
                             f"На {self.today:%d.%m.%Y} просроченных мероприятий и поручений нет.")
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))
        self._update_buttons()

    def preview(self):
        """The list as it prints: the preview prints it (Ctrl+P there too) and saves PDF, DOCX or Excel."""
        self.preview_dialog = preview_urgent(self, self.db.path, self.today, self.soon.isChecked())
        return self.preview_dialog

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
