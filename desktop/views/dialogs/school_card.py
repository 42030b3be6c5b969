"""A school's card: all its results over the years, every kind, subject and grade."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.models.qt.results_model import format_value

HEADER = ["Процедура", "Год", "Предмет", "Класс", "Участников", "Успеваемость, %", "Качество, %", "Ср. отметка",
          "Доля «2», %", "Δ качества", "Повысили, %"]


class SchoolCardDialog(QDialog):
    def __init__(self, name: str, history: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Карточка школы — {name}")
        self.resize(980, 520)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADER)
        self.tree.setRootIsDecorated(False)
        self.tree.setSortingEnabled(True)
        for row in history:
            QTreeWidgetItem(self.tree, [
                row.kind, str(row.year), row.subject, str(row.grade), str(row.participants or ""),
                format_value(row.pass_rate, "rate"), format_value(row.quality_rate, "rate"),
                format_value(row.mean_mark, "mark"), format_value(row.share_2, "rate"),
                format_value((row.change or {}).get("quality_rate"), "change"),
                format_value(row.journal_share("raised"), "rate"),
            ])
        for column in range(len(HEADER)):
            self.tree.resizeColumnToContents(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{name}</b>: результатов {len(history)}"))
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
