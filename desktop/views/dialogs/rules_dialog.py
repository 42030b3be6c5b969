"""«Пороги правил»: the thresholds behind the flags (low results, objectivity, low quality), shown
and changed by the user; shares are shown as percentages."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.services.rules import PLAIN_SETTINGS, SETTING_LABELS, RuleSettings
from desktop.views.dialogs.buttons import dialog_buttons


class RulesDialog(QDialog):
    def __init__(self, settings: RuleSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Пороги правил")
        self.settings = settings
        self.editors: dict[str, QSpinBox | QDoubleSpinBox] = {}
        form = QFormLayout()
        for item in fields(RuleSettings):
            label, low, high = SETTING_LABELS[item.name]
            value = getattr(settings, item.name)
            if item.name in PLAIN_SETTINGS:
                editor = QDoubleSpinBox()
                editor.setDecimals(1)
                editor.setRange(low, high)
                editor.setValue(value)
            elif isinstance(value, float):
                editor = QDoubleSpinBox()
                editor.setDecimals(1)
                editor.setSuffix(" %")
                editor.setRange(low * 100, high * 100)
                editor.setValue(value * 100)
                label = label.replace(", доля", "")
            else:
                editor = QSpinBox()
                editor.setRange(int(low), int(high))
                editor.setValue(value)
            self.editors[item.name] = editor
            form.addRow(label + ":", editor)
        note = QLabel("Пороги применяются ко всем годам; признаки пересчитываются сразу после сохранения.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(dialog_buttons(self, "Сохранить"))

    def chosen(self) -> RuleSettings:
        values = {}
        for name, editor in self.editors.items():
            if name in PLAIN_SETTINGS:
                values[name] = round(editor.value(), 2)
            else:
                values[name] = round(editor.value() / 100, 4) if isinstance(editor, QDoubleSpinBox) else editor.value()
        return replace(self.settings, **values)
