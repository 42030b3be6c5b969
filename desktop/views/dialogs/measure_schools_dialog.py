"""«Школы мероприятия…»: the schools of the registry a plan's measure is addressed to, ticked in a list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.folding import fold
from desktop.models.schools import School
from desktop.views.dialogs.buttons import dialog_buttons


class MeasureSchoolsDialog(QDialog):
    def __init__(self, title: str, schools: list[School], chosen: set[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Школы мероприятия")
        self.resize(560, 520)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по названию или коду")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        for school in schools:
            if not school.active and school.id not in chosen:
                continue  # a school no longer working is offered only when the measure names it already
            item = QListWidgetItem(school.short_name + (f"  ({school.code})" if school.code else ""))
            item.setData(Qt.ItemDataRole.UserRole, school.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if school.id in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        label = QLabel(f"Мероприятие: {title}")
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(dialog_buttons(self))

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            self.list.setRowHidden(row, not all(w in fold(item.text()) for w in words))

    def chosen(self) -> list[int]:
        """The ticked schools' ids, in the list's order."""
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked]
