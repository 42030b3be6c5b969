"""«Организация…»: the letterhead details that every document uses."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.models.office import OFFICE_FIELDS, OFFICE_LABELS, Office
from desktop.views.dialogs.buttons import dialog_buttons


class OfficeDialog(QDialog):
    def __init__(self, office: Office, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Организация — реквизиты для документов")
        self.setMinimumWidth(640)
        form = QFormLayout()
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in OFFICE_FIELDS:
            if name == "full_name":
                editor: QLineEdit | QPlainTextEdit = QPlainTextEdit(office.full_name)
                editor.setFixedHeight(60)
            else:
                editor = QLineEdit(getattr(office, name))
            self.editors[name] = editor
            form.addRow(OFFICE_LABELS[name] + ":", editor)
        buttons = dialog_buttons(self, "Сохранить")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def office(self) -> Office:
        values = {}
        for name, editor in self.editors.items():
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            values[name] = " ".join(text.split())
        return Office(**values)
