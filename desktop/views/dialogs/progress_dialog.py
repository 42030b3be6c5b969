"""«Отметить выполнение»: a new mark for a measure — status, date, who, evidence — with the
measure's earlier marks shown below (they are kept, never overwritten).

A recurring measure is marked occurrence by occurrence: «Срок» lists its occurrences with their state,
the earliest not done whose day has passed chosen first (else the next one due); its last entry marks the
measure as a whole (every occurrence without a mark of its own: to cancel it, say)."""

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

from desktop.models.roadmaps import OCCURRENCE_STATES, STATUS_LABELS, Measure, ProgressMark
from desktop.views.cut_cells import fit_columns, tips_for_cut_cells
from desktop.views.dialogs.buttons import dialog_buttons

WHOLE_MEASURE = "всё мероприятие (все сроки без своей отметки)"


class ProgressDialog(QDialog):
    def __init__(self, measure: Measure, history: list[ProgressMark], marked_by: str, parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.measure = measure
        today = today or date.today()
        self.setWindowTitle("Отметка о выполнении")
        self.setMinimumWidth(620)
        heading = QLabel(f"<b>{measure.number or ''}</b> {measure.text}")
        heading.setWordWrap(True)
        self.occurrence = QComboBox()  # a recurring measure's occurrences (data: the key; None: the whole)
        labels = {}
        if measure.recurring:
            for occurrence in measure.occurrences():
                state = OCCURRENCE_STATES[measure.occurrence_state(occurrence, today)]
                day = f" {occurrence.status_date:%d.%m.%Y}" if occurrence.status_date else ""
                self.occurrence.addItem(f"{occurrence.label} — {state}{day}", occurrence.key)
                labels[occurrence.key] = occurrence.label
            self.occurrence.addItem(WHOLE_MEASURE, None)
            first = measure.occurrence_to_mark(today)
            self.occurrence.setCurrentIndex(self.occurrence.findData(first.key) if first else 0)
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
        if measure.recurring:
            form.addRow("Срок:", self.occurrence)
        form.addRow("Статус:", self.status)
        form.addRow("Дата:", self.date)
        form.addRow("Кто отметил:", self.marked_by)
        form.addRow("Подтверждение:", self.evidence)
        self.history = QTreeWidget()
        tips_for_cut_cells(self.history)
        columns = ["Дата", "Статус", "Кто", "Подтверждение"]
        self.history.setHeaderLabels(["Срок", *columns] if measure.recurring else columns)
        self.history.setRootIsDecorated(False)
        for mark in history:
            row = [f"{mark.status_date:%d.%m.%Y}", STATUS_LABELS[mark.status], mark.marked_by, mark.evidence]
            if measure.recurring:
                row.insert(0, labels.get(mark.occurrence, mark.occurrence) if mark.occurrence else "всё мероприятие")
            QTreeWidgetItem(self.history, row)
        fit_columns(self.history, cap=180, skip=(self.history.columnCount() - 1,))  # the evidence takes the rest
        self.history.setVisible(bool(history))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        if history:
            layout.addWidget(QLabel("Прежние отметки:"))
        layout.addWidget(self.history)
        layout.addWidget(dialog_buttons(self, "Отметить"))

    def chosen_occurrence(self) -> str | None:
        """The key of the occurrence chosen; None for a single deadline or the measure as a whole."""
        return self.occurrence.currentData() if self.measure.recurring else None

    def occurrence_label(self) -> str:
        """The occurrence chosen as the undo menu names it, «» for none."""
        key = self.chosen_occurrence()
        occurrence = self.measure.occurrence_by_key(key) if key else None
        return occurrence.label if occurrence else ""

    def mark(self) -> ProgressMark:
        chosen: QDate = self.date.date()
        return ProgressMark(
            self.measure.id, self.status.currentData(), date(chosen.year(), chosen.month(), chosen.day()),
            " ".join(self.marked_by.text().split()), self.evidence.toPlainText().strip(),
            occurrence=self.chosen_occurrence(),
        )
