"""«Организация…»: the letterhead details that every document uses."""

from __future__ import annotations

from dataclasses import replace

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
        # the office in the cases orders need: what the morphology suggests is shown until the user writes
        # their own (documents use the suggestion while the field is empty)
        for name in ("full_name", "short_name"):
            editor = self.editors[name]
            editor.textChanged.connect(lambda *_: self._suggest())
        self._suggest()
        buttons = dialog_buttons(self, "Сохранить")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _suggest(self) -> None:
        from desktop.services.orders import office_in_case

        office = replace(self.office(), genitive_name="", dative_name="")
        for name, case in (("genitive_name", "gent"), ("dative_name", "datv")):
            suggestion = office_in_case(office, case)
            text = f"если не заполнено: «{suggestion}»" if suggestion else "впишите, как пишется в приказах"
            self.editors[name].setPlaceholderText(text)
            self.editors[name].setToolTip(text)  # a long name does not fit the field: the whole of it here

    def office(self) -> Office:
        values = {}
        for name, editor in self.editors.items():
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            values[name] = " ".join(text.split())
        return Office(**values)
