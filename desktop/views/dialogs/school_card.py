"""A school's card: all its results over the years, every kind, subject and grade."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.figures import INDICATOR_LABELS, LABELS, format_figure

HEADER = ["Процедура", "Год", "Предмет", "Класс", LABELS["participants"],
          *(f"{INDICATOR_LABELS[name]}, %" for name in ("pass_rate", "quality_rate")), INDICATOR_LABELS["mean_mark"],
          f"{INDICATOR_LABELS['share_2']}, %", INDICATOR_LABELS["quality_change"], f"{LABELS['raised']}, %",
          f"{INDICATOR_LABELS['share_failed']}, %"]  # the сочинение and the собеседование: no marks


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
                format_figure(row.pass_rate, "percent"), format_figure(row.quality_rate, "percent"),
                format_figure(row.mean_mark, "decimal"), format_figure(row.share_2, "percent"),
                format_figure((row.change or {}).get("quality_rate"), "change"),
                format_figure(row.journal_share("raised"), "percent"), format_figure(row.share_failed, "percent"),
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
