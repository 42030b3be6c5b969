"""«Минимальные баллы ЕГЭ»: the year's minimum per subject, as the program uses them for «ниже
минимума»; values not yet checked against Rosobrnadzor's order are marked «уточнить». Saving checks
the changed values and recounts the year's stored ЕГЭ results, all in one transaction."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.models.min_scores import MinScore, MinScoresRepository
from desktop.views.dialogs.buttons import dialog_buttons
from desktop.views.errors import show_user_error

COL_SUBJECT, COL_VALUE, COL_UNIT, COL_NOTE = range(4)


class MinScoresDialog(QDialog):
    def __init__(self, db, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.repository = MinScoresRepository(db)
        self.setWindowTitle("Минимальные баллы ЕГЭ")
        self.resize(620, 560)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.valueChanged.connect(lambda _: self.fill())
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Предмет", "Минимум", "", "Проверено"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((COL_SUBJECT, 240), (COL_VALUE, 90), (COL_UNIT, 80), (COL_NOTE, 120)):
            self.table.setColumnWidth(column, width)
        top = QHBoxLayout()
        top.addWidget(QLabel("Год:"))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.source)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Измените число и нажмите «Сохранить»: значение станет проверенным, а доля "
                                "«ниже минимума» за этот год будет пересчитана."))
        layout.addWidget(dialog_buttons(self))
        self.shown: list[MinScore] = []
        self.fill()

    def fill(self) -> None:
        year = self.year.value()
        self.shown = self.repository.list(year)
        if not self.shown:
            nearest = self.repository.nearest_year(year)
            self.shown = self.repository.list(nearest) if nearest else []
            self.source.setText(f"За {year} год минимумов ещё нет: показаны {nearest} года, они будут сохранены "
                                f"как {year} год (непроверенными, кроме изменённых)." if nearest else "")
        else:
            self.source.setText("")
        self.table.setRowCount(len(self.shown))
        for row, score in enumerate(self.shown):
            mark = score.min_test_score is None
            value = score.min_mark if mark else score.min_test_score
            cells = [score.subject, f"{value:g}", "отметка" if mark else "балл",
                     "да" if score.verified and score.year == year else "уточнить"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column != COL_VALUE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == COL_VALUE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

    def changes(self) -> list[tuple[str, float | None, int | None]]:
        """(subject, test score, mark) of each row whose number the user changed; UserError on bad text."""
        found = []
        for row, score in enumerate(self.shown):
            text = self.table.item(row, COL_VALUE).text().strip().replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                raise UserError(f"«{score.subject}»: «{text}» — не число.") from None
            if score.min_test_score is None:
                if value != score.min_mark:
                    if value != int(value):
                        raise UserError(f"«{score.subject}»: отметка — целое число от 2 до 5.")
                    found.append((score.subject, None, int(value)))
            elif value != score.min_test_score:
                found.append((score.subject, value, None))
        return found

    def save(self) -> bool:
        """Store the changes (a new year gets the nearest year's list first); False when nothing saved."""
        year = self.year.value()
        try:
            self.repository.save_year(year, self.changes())
        except UserError as error:
            show_user_error(self, error, self.windowTitle())
            return False
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
