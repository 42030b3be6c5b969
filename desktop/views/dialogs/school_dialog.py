"""Add or edit a school, with the fields checked before the dialog closes: its ФИС ОКО code, its РЦОИ
code and its older ФИС ОКО logins among them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.models.schools import (
    SCHOOL_KINDS,
    SCHOOL_LABELS,
    School,
    format_codes,
    normalized,
    parse_codes,
    validation_errors,
)
from desktop.views.dialogs.buttons import dialog_buttons


class SchoolDialog(QDialog):
    """`check` (the repository's) normalises the school or raises UserError; the dialog stays open
    with the reason shown until the school can be saved or the user cancels."""

    def __init__(self, check: Callable[[School], School], school: School | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._check = check
        self._original = school
        self.checked_school: School | None = None
        self.setWindowTitle("Изменить школу" if school else "Новая школа")
        self.setMinimumWidth(560)
        school = school or School(short_name="")

        self.short_name = QLineEdit(school.short_name)
        self.short_name.setPlaceholderText("МБОУ «СОШ № 1 с. Заречное»")
        self.full_name = QLineEdit(school.full_name)
        self.code = QLineEdit(school.code or "")
        self.code.setPlaceholderText("edu123456")
        self.rcoi_code = QLineEdit(school.rcoi_code or "")
        self.rcoi_code.setPlaceholderText("0042")
        self.rcoi_code.setToolTip("«Код ОО» школы в протоколах РЦОИ: только цифры, нули в начале сохраняются.")
        self.old_codes = QLineEdit(format_codes(school.old_codes))
        self.old_codes.setPlaceholderText("sch123456, edu654321")
        self.old_codes.setToolTip("Логины ФИС ОКО прошлых лет (sch… или edu…), через запятую: по ним узнаются "
                                  "старые файлы результатов.")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(["", *SCHOOL_KINDS])
        self.kind.setCurrentText(school.kind)
        self.settlement = QLineEdit(school.settlement)
        self.director = QLineEdit(school.director)
        self.phone = QLineEdit(school.phone)
        self.active = QCheckBox("школа действует")
        self.active.setChecked(school.active)
        self.note = QPlainTextEdit(school.note)
        self.note.setFixedHeight(64)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)

        form = QFormLayout()
        for name, widget in (
            ("short_name", self.short_name), ("full_name", self.full_name), ("code", self.code),
            ("rcoi_code", self.rcoi_code), ("old_codes", self.old_codes), ("kind", self.kind), ("settlement", self.settlement), ("director", self.director),
            ("phone", self.phone), ("active", self.active), ("note", self.note),
        ):
            label = SCHOOL_LABELS[name] + (" *" if name == "short_name" else "")
            form.addRow(label + ":", widget)
        buttons = dialog_buttons(self, "Сохранить")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fields = {"short_name": self.short_name, "code": self.code, "rcoi_code": self.rcoi_code,
                        "old_codes": self.old_codes}

    def school(self) -> School:
        values = School(
            short_name=self.short_name.text(),
            full_name=self.full_name.text(),
            code=self.code.text(),
            kind=self.kind.currentText(),
            settlement=self.settlement.text(),
            director=self.director.text(),
            phone=self.phone.text(),
            active=self.active.isChecked(),
            note=self.note.toPlainText(),
            rcoi_code=self.rcoi_code.text(),
            old_codes=parse_codes(self.old_codes.text()),
        )
        return normalized(replace(values, id=self._original.id if self._original else None))

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def accept(self) -> None:
        errors = validation_errors(self.school())
        for name, widget in self._fields.items():
            widget.setStyleSheet("border: 1px solid #b00020" if name in errors else "")
        if errors:
            self.show_error(" ".join(errors.values()))
            self._fields[next(iter(errors))].setFocus()
            return
        try:
            self.checked_school = self._check(self.school())
        except UserError as error:
            self.show_error(str(error))
            return
        super().accept()
