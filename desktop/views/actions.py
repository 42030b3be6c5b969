"""Actions and button rows shared by the tabs: shortcuts that work while the tab has the focus."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget


def tab_action(owner: QWidget, text: str, shortcut, slot: Callable[[], object]) -> QAction:
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda *_: slot())
    owner.addAction(action)
    return action


def tool_row(actions: Iterable[QAction]) -> QHBoxLayout:
    row = QHBoxLayout()
    for action in actions:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        row.addWidget(button)
    row.addStretch(1)
    return row
