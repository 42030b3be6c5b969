"""Driving modal dialogs from a test: the handler runs once the dialog is up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget


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
