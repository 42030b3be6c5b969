"""Actions and button rows shared by the tabs: shortcuts that work while the tab has the focus."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget


def tab_action(owner: QWidget, text: str, shortcut, slot: Callable[[], object]) -> QAction:
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda *_: slot())
    owner.addAction(action)
    return action


def enter_action(view: QWidget, slot: Callable[[], object]) -> QAction:
    """Enter (either key) on a list or table opens its current row, as a double click does; only while the
    view itself has the focus, so an editor open in it still takes Enter for itself."""
    action = tab_action(view, "Открыть", QKeySequence(Qt.Key.Key_Return), slot)
    action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return action


def menu_entry(menu: QMenu, action: QAction) -> QAction:
    """An entry of the menu bar for a tab's action: its text, keys (shown after a tab, as Qt shows a
    shortcut) and enabled state, and triggering it triggers the action. Not the action itself: a tab's
    action placed in the menu bar would also answer its keys while the menu bar has the focus (after
    Alt), where the other tab's Ctrl+N, Ctrl+E or Delete answers too and Qt runs neither."""
    entry = QAction(menu)

    def follow() -> None:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        entry.setText(f"{action.text()}\t{keys}" if keys else action.text())
        entry.setToolTip(action.toolTip())
        entry.setEnabled(action.isEnabled())

    follow()
    action.changed.connect(follow)
    entry.triggered.connect(lambda *_: action.trigger())
    menu.addAction(entry)
    return entry


def tool_row(actions: Iterable[QAction]) -> QHBoxLayout:
    row = QHBoxLayout()
    for action in actions:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        row.addWidget(button)
    row.addStretch(1)
    return row
