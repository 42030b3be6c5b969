"""«Ввести вручную…»: one school's figures of one assessment typed by hand (`services.results_entry`):
marks «2»…«5», or «зачёт» / «незачёт» (and the собеседование's mean score) for the сочинение and the
собеседование. The dialog saves on «Сохранить» and stays open with the message when the figures are wrong."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.figures import KIND_NAMES, KINDS, LABELS
from desktop.models.schools import SchoolsRepository
from desktop.services.results_entry import (
    MEAN,
    AlreadyStored,
    default_grade,
    default_subject,
    enter_results,
    entry_fields,
)
from desktop.services.results_template import SUBJECTS
from desktop.views.dialogs.buttons import confirm, dialog_buttons
from desktop.views.errors import show_user_error

ENTERED_KINDS = tuple(kind for kind in KINDS if kind != "ЕГЭ")  # ЕГЭ is scored per graduate
FIELDS = ("participants", "n2", "n3", "n4", "n5", "passed", "failed", MEAN)


class ResultsEntryDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None, *, kind: str | None = None, year: int | None = None):
        super().__init__(parent)
        self.db = db
        self.entered = None
        self.setWindowTitle("Результаты школы — ввод вручную")
        self.kind = QComboBox()
        for name in ENTERED_KINDS:
            self.kind.addItem(f"{name} — {KIND_NAMES[name]}" if name in KIND_NAMES else name, name)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or date.today().year)
        self.subject = QComboBox()
        self.subject.setEditable(True)
        self.grade = QSpinBox()
        self.grade.setRange(1, 11)
        self.school = QComboBox()
        for school in SchoolsRepository(db).list(include_inactive=False):
            self.school.addItem(school.short_name + (f" ({school.code})" if school.code else ""), school.id)
        self.figures: dict[str, QSpinBox | QDoubleSpinBox] = {}
        self.form = QFormLayout()
        for label, editor in (("Процедура", self.kind), ("Год", self.year), ("Предмет", self.subject),
                              ("Класс", self.grade), ("Школа", self.school)):
            self.form.addRow(label + ":", editor)
        for name in FIELDS:
            if name == MEAN:
                editor = QDoubleSpinBox()
                editor.setRange(-0.1, 20)  # the lowest value stands for «not given»
                editor.setDecimals(1)
                editor.setSpecialValueText("не указан")
                editor.setValue(-0.1)
            else:
                editor = QSpinBox()
                editor.setRange(0, 100000)
            self.figures[name] = editor
            self.form.addRow(("Средний балл (из 20)" if name == MEAN else LABELS[name]) + ":", editor)
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        self._kind_changed()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(dialog_buttons(self, "Сохранить"))

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.subject.clear()
        self.subject.addItems(SUBJECTS.get(kind, SUBJECTS["ВПР"]))
        self.subject.setCurrentText(default_subject(kind) or "")
        self.grade.setValue(default_grade(kind) or self.grade.value())
        wanted = entry_fields(kind)
        for name, editor in self.figures.items():
            self.form.setRowVisible(editor, name in wanted)

    def values(self) -> dict[str, float | None]:
        wanted = entry_fields(self.kind.currentData())
        values: dict[str, float | None] = {}
        for name in wanted:
            value = self.figures[name].value()
            values[name] = None if name == MEAN and value < 0 else value
        return values

    def save(self, replace: bool = False):
        """Saves the figures; asks before replacing stored ones. The result (`Entered`), or None."""
        if self.school.currentData() is None:
            raise UserError("В реестре нет школ: сначала добавьте школы на вкладке «Школы».")
        return enter_results(self.db, self.kind.currentData(), self.year.value(), self.subject.currentText(),
                             self.grade.value(), self.school.currentData(), self.values(), replace=replace)

    def accept(self) -> None:
        try:
            try:
                self.entered = self.save()
            except AlreadyStored as stored:
                question = str(stored).replace(": подтвердите замену.", ". Заменить их?")
                if not confirm(self, "Ввод результатов", question, "Заменить", "Не заменять"):
                    return
                self.entered = self.save(replace=True)
        except UserError as error:
            show_user_error(self, error, "Ввод результатов")
            return
        super().accept()
