"""Every dialog of the program opens at the size it was last left at (kept per kind of dialog in the
window's settings), as long as that fits the screen it opens on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.views.settings import app_settings


def _key(dialog: QDialog) -> str:
    return f"dialogs/{type(dialog).__name__}"


def _ours(watched: QObject) -> bool:
    return (isinstance(watched, QDialog) and not isinstance(watched, QMessageBox)
            and type(watched).__module__.startswith("desktop."))


class DialogSizes(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
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
        return False


def remember_dialog_sizes() -> None:
    """Installed once for the application (the window calls it; a window rebuilt after a restore too)."""
    app = QApplication.instance()
    if app is None or app.property("msoko_dialog_sizes"):
        return
    app.setProperty("msoko_dialog_sizes", True)
    app.installEventFilter(DialogSizes(app))  # the application owns it
