"""Actions and button rows shared by the tabs: shortcuts that work while the tab has the focus."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:  # the start page uses none of them: PySide builds a Qt class when it is first met
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QToolBar


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


def tool_bar(actions: Iterable[QAction | None]) -> QToolBar:
    """A row of text buttons (None: a separator) that never holds the window wider than the screen: what
    does not fit goes to the «»» menu at its end (Qt's QToolBar does that when it may shrink). A button
    shows the action's short label (iconText), its tooltip the whole text."""
    from PySide6.QtWidgets import QSizePolicy, QToolBar, QToolButton

    bar = QToolBar()
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    for action in actions:
        if action is None:
            bar.addSeparator()
            continue
        bar.addAction(action)
        button = bar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setAutoRaise(False)  # looks like the buttons of the dialogs, not flat words
    return bar

