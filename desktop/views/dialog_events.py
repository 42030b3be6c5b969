"""What every dialog of the program does without code of its own, by one filter on the application's
events: it opens at the size it was last left at (kept per kind of dialog in the window's settings, as
long as that fits the screen it opens on), and F1 opens the help on its page (the main window has its
own F1 action).

Installed once the main window has painted itself: the first event a Python filter on the application
sees makes PySide build the classes and enums of every object it is handed (about 80 ms), which would
otherwise delay the first picture of the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.views.settings import app_settings


def _key(dialog: QDialog) -> str:
    return f"dialogs/{type(dialog).__name__}"


def _ours(watched: QObject) -> bool:
    return (isinstance(watched, QDialog) and not isinstance(watched, QMessageBox)
            and type(watched).__module__.startswith("desktop."))


class DialogEvents(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Show and _ours(watched) and not watched.property("msoko_sized"):
            watched.setProperty("msoko_sized", True)
            size = app_settings().value(_key(watched))
            screen = watched.screen().availableGeometry().size() if watched.screen() else None
            if isinstance(size, QSize) and size.isValid() and (screen is None or (
                    size.width() <= screen.width() and size.height() <= screen.height())):
                watched.resize(size.expandedTo(watched.minimumSizeHint()))
        elif kind == QEvent.Type.Hide and _ours(watched) and watched.property("msoko_sized"):
            app_settings().setValue(_key(watched), watched.size())
        elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F1:
            return _help_for_dialog()
        return False


def _help_for_dialog() -> bool:
    from desktop.views.dialogs.help_dialog import HelpDialog, page_for

    window = QApplication.activeWindow()
    if isinstance(window, QDialog) and not isinstance(window, HelpDialog):
        HelpDialog(page_for(window), window).exec()
        return True
    return False


def install_dialog_events() -> None:
    """Once for the application (a window rebuilt after a restore asks again: nothing is added)."""
    app = QApplication.instance()
    if app is None or app.property("msoko_dialog_events"):
        return
    app.setProperty("msoko_dialog_events", True)
    app.installEventFilter(DialogEvents(app))  # the application owns it
