"""Actions and button rows shared by the tabs: shortcuts that work while the tab has the focus."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget


def tab_action(owner: QWidget, text: str, shortcut, slot: Callable[[], object]) -> QAction:
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda *_: slot())
    owner.addAction(action)
    return action


def undo_actions(owner: QWidget, stack: QUndoStack) -> tuple[QAction, QAction]:
    """«Отменить» (Ctrl+Z) and «Повторить» (Ctrl+Y, Ctrl+Shift+Z) of a tab's undo stack, answering while the
    focus is in the tab. Their text names the step («Отменить удаление мероприятия 2.3»: each step's text is
    a noun phrase in the accusative); the buttons keep the short word, the step shows on hover."""
    undo = stack.createUndoAction(owner, "Отменить")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = stack.createRedoAction(owner, "Повторить")
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    for action, word in ((undo, "Отменить"), (redo, "Повторить")):
        action.setIconText(word)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        owner.addAction(action)
    return undo, redo


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
