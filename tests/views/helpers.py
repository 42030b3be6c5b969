"""Driving modal dialogs from a test: the handler runs once the dialog is up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard would, Cyrillic included (QTest.keyClicks asserts on non-ASCII keys)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def when_dialog(
    handle: Callable[[QWidget], None],
    *,
    kind: type = QWidget,
    where: Callable[[QWidget], bool] = lambda dialog: True,
    attempts: int = 500,
) -> list[str]:
    """Schedule `handle(dialog)` for the next modal dialog of `kind` for which `where` holds;
    returns a list that gets the dialog's title."""
    seen: list[str] = []

    def check(left: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not where(dialog):
            if left:
                QTimer.singleShot(10, lambda: check(left - 1))
            return
        seen.append(dialog.windowTitle())
        handle(dialog)

    QTimer.singleShot(0, check)
    return seen


def press(dialog: QWidget, text: str) -> None:
    """Click the dialog button whose visible text is `text`."""
    if isinstance(dialog, QMessageBox):
        buttons = dialog.buttons()
    else:
        buttons = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
    matching = [b for b in buttons if b.text().replace("&", "") == text]
    assert matching, f"no button «{text}» among {[b.text() for b in buttons]}"
    matching[0].click()


def activate(qtbot, widget: QWidget) -> None:
    """Make the window active, as it is under a user's hands; offscreen activation is asynchronous,
    and shortcuts reach only the active window (also after a dialog closes)."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=3000)


def press_keys(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press keys as a user does: the window active, `widget` holding the focus (a tab's shortcuts
    answer only while the focus is inside the tab)."""
    activate(qtbot, widget.window())
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


# --- shortcuts ------------------------------------------------------------------------------------
# Where a shortcut answers (Qt's shortcut contexts): in the whole window, while the focus is inside a
# widget (the tabs' actions: each tab has its own Ctrl+N), or only on the widget itself.
_WINDOW = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _places(action: QAction) -> list[QWidget]:
    """The widgets an action is on; one in a menu answers where the menu's entry is (the menu bar)."""
    places = []
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            places.extend(_places(owner.menuAction()))
        elif isinstance(owner, QWidget):
            places.append(owner)
    return places


def _overlap(one: tuple, other: tuple) -> bool:
    (context_a, a), (context_b, b) = one, other
    if context_a in _WINDOW or context_b in _WINDOW:
        return a.window() is b.window()
    within_a = a is b or (context_a != Qt.ShortcutContext.WidgetShortcut and a.isAncestorOf(b))
    within_b = a is b or (context_b != Qt.ShortcutContext.WidgetShortcut and b.isAncestorOf(a))
    return within_a or within_b


def shortcuts_of(window: QWidget) -> list[tuple[str, str, list[tuple]]]:
    """Every key sequence of the window's actions (on any of its widgets, in menus) and QShortcuts:
    (keys, what it does, where it answers)."""
    actions: dict[QAction, None] = {}
    for widget in (window, *window.findChildren(QWidget)):
        actions.update(dict.fromkeys(widget.actions()))
    actions.update(dict.fromkeys(window.findChildren(QAction)))
    found = []
    for action in actions:
        scopes = [(action.shortcutContext(), place) for place in _places(action)]
        for keys in action.shortcuts():
            found.append((keys.toString(QKeySequence.SequenceFormat.PortableText), action.text(), scopes))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        scopes = [(shortcut.context(), parent)] if isinstance(parent, QWidget) else []
        for keys in shortcut.keys():
            text = f"QShortcut {shortcut.objectName()}"
            found.append((keys.toString(QKeySequence.SequenceFormat.PortableText), text, scopes))
    return found


def shortcut_clashes(window: QWidget) -> list[str]:
    """Keys that two different actions answer where both can be active at once: Qt then runs neither
    and logs "Ambiguous shortcut overload"."""
    found = shortcuts_of(window)
    clashes = []
    for n, (keys, text, scopes) in enumerate(found):
        for other_keys, other_text, other_scopes in found[n + 1:]:
            if keys == other_keys and any(_overlap(a, b) for a in scopes for b in other_scopes):
                clashes.append(f"{keys}: «{text}» and «{other_text}»")
    return clashes
