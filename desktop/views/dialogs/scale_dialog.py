"""Scales that turn primary scores into marks: `ScaleDialog` enters or edits one (opened by the import
preview for a missing scale with its assessment locked and the file's maximum filled in: `ask_scale`),
`ScalesDialog` lists the stored ones («Правила» → «Шкалы перевода баллов…») and loads a sheet of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.figures import MARK_KINDS
from desktop.models.scales import SCALE_LABELS, Scale, ScalesRepository, normalized, score_text, validation_errors
from desktop.views.dialogs.buttons import close_buttons, confirm, dialog_buttons
from desktop.views.errors import show_user_error

SHOWN_PROBLEMS = 12  # problems of a sheet listed in the message; the rest counted


class ScoreBox(QDoubleSpinBox):
    """A primary score: whole numbers shown without «,0», halves allowed."""

    def __init__(self, value: float | None = None):
        super().__init__()
        self.setDecimals(1)
        self.setRange(0, 1000)
        self.setValue(value or 0)

    def textFromValue(self, value: float) -> str:
        return self.locale().toString(value, "g", 6)


class ScaleDialog(QDialog):
    """Fields of one scale; OK checks them (and runs `save`, the repository's `set`, when given) and
    keeps the dialog open with each message beside its field until they pass or the user cancels."""

    def __init__(self, parent: QWidget | None = None, *, scale: Scale | None = None, kind: str | None = None,
                 year: int | None = None, subject: str | None = None, grade: int | None = None,
                 max_score: float | None = None, locked: bool = False, save: Callable[[Scale], Scale] | None = None):
        super().__init__(parent)
        self._save = save
        self.saved: Scale | None = None
        self.setWindowTitle("Шкала перевода баллов" if scale else "Новая шкала перевода баллов")
        self.setMinimumWidth(640)
        if scale:
            kind, year, subject, grade, max_score = scale.kind, scale.year, scale.subject, scale.grade, scale.max
        self.kind = QComboBox()
        self.kind.addItems(MARK_KINDS)  # a зачёт / незачёт has no scale
        self.kind.setCurrentText(kind or "ВПР")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or date.today().year)
        self.subject = QLineEdit(subject or "")
        self.subject.setPlaceholderText("Математика")
        self.grade = QSpinBox()
        self.grade.setRange(1, 12)
        self.grade.setValue(grade or 5)
        self.min3 = ScoreBox(scale.min3 if scale else None)
        self.min4 = ScoreBox(scale.min4 if scale else None)
        self.min5 = ScoreBox(scale.min5 if scale else None)
        self.max = ScoreBox(max_score)
        self.source = QLineEdit(scale.source if scale else "")
        self.source.setPlaceholderText("письмо, приказ или сайт, откуда шкала")
        self.fields = {"kind": self.kind, "year": self.year, "subject": self.subject, "grade": self.grade,
                       "min3": self.min3, "min4": self.min4, "min5": self.min5, "max": self.max, "source": self.source}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, widget in self.fields.items():
            error = QLabel()
            error.setStyleSheet("color: #b00020")
            error.setWordWrap(True)
            error.setVisible(False)
            row = QHBoxLayout()
            row.addWidget(widget)
            row.addWidget(error, 1)
            form.addRow(SCALE_LABELS[name] + ":", row)
            self.errors[name] = error
        for name in ("kind", "year", "subject", "grade"):
            self.fields[name].setEnabled(not locked)
        note = QLabel("Первичный балл ниже мин. балла на «3» — отметка «2»; балл выше максимального — ошибка в файле.")
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self))
        (self.min3 if locked or scale else self.subject).setFocus()

    def scale(self) -> Scale:
        return normalized(Scale(
            self.kind.currentText(), self.year.value(), self.subject.text(), self.grade.value(), self.min3.value(),
            self.min4.value(), self.min5.value(), self.max.value(), self.source.text(),
        ))

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
        if errors:
            self.fields[next(iter(errors))].setFocus()

    def accept(self) -> None:
        scale = self.scale()
        errors = validation_errors(scale)
        self.show_errors(errors)
        self.message.setText("")
        if errors:
            return
        try:
            self.saved = self._save(scale) if self._save else scale
        except UserError as error:
            self.message.setText(str(error))
            return
        super().accept()


def ask_scale(parent: QWidget | None, db, kind: str, year: int, subject: str, grade: int,
              max_score: float | None = None) -> Scale | None:
    """The scale of one assessment asked for and saved (its assessment locked, the file's maximum filled
    in); None when the user cancels."""
    dialog = ScaleDialog(parent, kind=kind, year=year, subject=subject, grade=grade, max_score=max_score,
                         locked=True, save=ScalesRepository(db).set)
    return dialog.saved if dialog.exec() else None


COLUMNS = ("kind", "year", "subject", "grade", "min3", "min4", "min5", "max", "source")
HEADERS = ("Процедура", "Год", "Предмет", "Класс", "«3» от", "«4» от", "«5» от", "Макс.", "Источник")


class ScalesDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.repository = ScalesRepository(db)
        self.setWindowTitle("Шкалы перевода баллов")
        self.resize(900, 520)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnWidth(COLUMNS.index("subject"), 220)
        self.table.doubleClicked.connect(lambda _: self.edit())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton("Добавить…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Изменить…")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("Удалить")
        self.delete_button.clicked.connect(self.delete)
        self.load_button = QPushButton("Загрузить из файла…")
        self.load_button.setToolTip("Таблица Excel со столбцами «Процедура», «Год», «Предмет», «Класс», "
                                    "«Мин. балл на «3»», «4», «5», «Максимальный балл», «Источник»")
        self.load_button.clicked.connect(lambda: self.load_file())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.load_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Шкала переводит первичные баллы в отметки, где в файле нет отметки (выгрузки ВПР "
                                "по ученикам). Встроенных шкал нет: укажите источник каждой."))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(close_buttons(self))
        self.shown: list[Scale] = []
        self.fill()

    def fill(self, select: Scale | None = None) -> None:
        self.shown = self.repository.list()
        self.table.setRowCount(len(self.shown))
        for row, scale in enumerate(self.shown):
            for column, name in enumerate(COLUMNS):
                value = getattr(scale, name)
                item = QTableWidgetItem(score_text(value) if isinstance(value, float) else str(value))
                if name not in ("subject", "source", "kind"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            if select is not None and scale.key == select.key:
                self.table.selectRow(row)
        self._selection_changed()

    def current(self) -> Scale | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.current() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def add(self) -> None:
        dialog = ScaleDialog(self, save=self.repository.set)
        if dialog.exec():
            self.fill(dialog.saved)

    def edit(self) -> None:
        scale = self.current()
        if scale is None:
            return
        dialog = ScaleDialog(self, scale=scale, locked=True, save=self.repository.set)
        if dialog.exec():
            self.fill(dialog.saved)

    def delete(self) -> None:
        scale = self.current()
        if scale is None:
            return
        if confirm(self, "Удаление шкалы",
                   f"Удалить шкалу {scale.title}?\nОтметки уже загруженных результатов не изменятся.",
                   "Удалить", "Не удалять"):
            self.repository.delete(scale.kind, scale.year, scale.subject, scale.grade)
            self.fill()

    def load_file(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services.scales_io import read_scales
        from desktop.views.jobs import run_with_progress
        from desktop.views.settings import last_folder, remember_folder

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Таблица шкал", last_folder("scales"),
                                                  "Книги Excel (*.xlsx *.xls *.xlsm);;Все файлы (*)")
            if not path:
                return
            remember_folder("scales", path)
        run_with_progress(self, "Загрузка шкал", lambda: read_scales(Path(path)), self.review_file)

    def review_file(self, read) -> bool:
        """Save a read sheet when it has no problems (asked first when it replaces stored scales)."""
        from desktop.services.scales_io import save_scales

        name = Path(read.file).name
        if read.has_errors:
            lines = read.messages()
            more = f"\n… и ещё {len(lines) - SHOWN_PROBLEMS}" if len(lines) > SHOWN_PROBLEMS else ""
            show_user_error(self, f"В файле «{name}» ошибок: {len(lines)}. Ничего не сохранено; исправьте файл и "
                                  "загрузите его снова.\n\n" + "\n".join(lines[:SHOWN_PROBLEMS]) + more, "Загрузка шкал")
            return False
        stored = {s.key for s in self.shown}
        replaced = sum(s.key in stored for s in read.scales)
        if replaced:
            if not confirm(self, "Загрузка шкал", f"В файле «{name}» шкал: {len(read.scales)}, из них {replaced} "
                           "заменят сохранённые. Загрузить?", "Загрузить", "Не загружать"):
                return False
        try:
            saved = save_scales(self.repository.db, read)
        except UserError as error:
            show_user_error(self, error, "Загрузка шкал")
            return False
        self.fill()
        self.status.setText(f"Загружено шкал из «{name}»: {len(saved)}.")
        return True
