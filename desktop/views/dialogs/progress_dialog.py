"""«Отметить выполнение»: a new mark for a measure — status, date, who, evidence — with the
measure's earlier marks shown below (they are kept, never overwritten)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.roadmaps import STATUS_LABELS, Measure, ProgressMark
from desktop.views.dialogs.buttons import dialog_buttons


class ProgressDialog(QDialog):
    def __init__(self, measure: Measure, history: list[ProgressMark], marked_by: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.measure = measure
        self.setWindowTitle("Отметка о выполнении")
        self.setMinimumWidth(620)
        heading = QLabel(f"<b>{measure.number or ''}</b> {measure.text}")
        heading.setWordWrap(True)
        self.status = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.status.setCurrentIndex(self.status.findData("done" if measure.status != "done" else measure.status))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.marked_by = QLineEdit(marked_by)
        self.evidence = QPlainTextEdit()
        self.evidence.setPlaceholderText("Чем подтверждено: приказ, справка, протокол, ссылка на сайт…")
        self.evidence.setFixedHeight(70)
        form = QFormLayout()
        form.addRow("Статус:", self.status)
        form.addRow("Дата:", self.date)
        form.addRow("Кто отметил:", self.marked_by)
        form.addRow("Подтверждение:", self.evidence)
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["Дата", "Статус", "Кто", "Подтверждение"])
        self.history.setRootIsDecorated(False)
        for mark in history:
            QTreeWidgetItem(self.history, [f"{mark.status_date:%d.%m.%Y}", STATUS_LABELS[mark.status],
                                           mark.marked_by, mark.evidence])
        self.history.setVisible(bool(history))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        if history:
            layout.addWidget(QLabel("Прежние отметки:"))
        layout.addWidget(self.history)
        layout.addWidget(dialog_buttons(self, "Отметить"))

    def mark(self) -> ProgressMark:
        chosen: QDate = self.date.date()
        return ProgressMark(
            self.measure.id, self.status.currentData(), date(chosen.year(), chosen.month(), chosen.day()),
            " ".join(self.marked_by.text().split()), self.evidence.toPlainText().strip(),
        )
