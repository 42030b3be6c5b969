"""«Пороги правил»: the thresholds behind the flags (low results, objectivity, low quality), shown
and changed by the user; shares are shown as percentages."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.figures import MINUS, format_figure
from desktop.services.rules import PLAIN_SETTINGS, SETTING_LABELS, RuleSettings
from desktop.views.dialogs.buttons import dialog_buttons

RUSSIAN = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)


class PercentSpinBox(QDoubleSpinBox):
    """A share as a percentage, printed as every figure of the program is («40,0 %», format_figure) and
    read with a comma or a point, whatever the system's locale."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setLocale(RUSSIAN)  # its checks take «40,5»

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return format_figure(value / 100, "percent")

    def valueFromText(self, text: str) -> float:  # noqa: N802
        number = text.removesuffix(self.suffix()).strip().replace(MINUS, "-").replace(",", ".")
        try:
            return float(number)
        except ValueError:
            return self.value()

    def validate(self, text: str, position: int):
        return super().validate(text.replace(".", ","), position)


class RulesDialog(QDialog):
    def __init__(self, settings: RuleSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Пороги правил")
        self.settings = settings
        self.editors: dict[str, QSpinBox | QDoubleSpinBox | QCheckBox] = {}
        form = QFormLayout()
        for name, (label, low, high) in SETTING_LABELS.items():  # every setting has its label (a test checks)
            value = getattr(settings, name)
            if isinstance(value, bool):
                editor = QCheckBox()
                editor.setChecked(value)
            elif name in PLAIN_SETTINGS:  # a float that is not a share: a number of marks, a factor
                editor = QDoubleSpinBox()
                editor.setLocale(RUSSIAN)  # «0,50», whatever the system's locale
                editor.setDecimals(2)
                editor.setSingleStep(0.1)
                editor.setRange(low, high)
                editor.setValue(value)
            elif isinstance(value, float):
                editor = PercentSpinBox()
                editor.setDecimals(1)
                editor.setSuffix(" %")
                editor.setRange(low * 100, high * 100)
                editor.setValue(value * 100)
                label = label.replace(", доля", "")
            else:
                editor = QSpinBox()
                editor.setRange(int(low), int(high))
                editor.setValue(value)
            self.editors[name] = editor
            form.addRow(label + ":", editor)
        note = QLabel("Пороги применяются ко всем годам; признаки пересчитываются сразу после сохранения.")
        note.setWordWrap(True)
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()  # twenty thresholds: the dialog fits a 1024 × 600 screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumWidth(body.sizeHint().width() + 24)
        scroll.setMinimumHeight(min(body.sizeHint().height() + 4, 400))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(note)
        layout.addWidget(dialog_buttons(self, "Сохранить"))

    def chosen(self) -> RuleSettings:
        values = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif name in PLAIN_SETTINGS:
                values[name] = round(editor.value(), 4)
            else:
                values[name] = round(editor.value() / 100, 4) if isinstance(editor, QDoubleSpinBox) else editor.value()
        return replace(self.settings, **values)
