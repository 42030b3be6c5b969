"""What the user sees when something goes wrong: a Russian message for a problem they can fix,
a crash dialog with the log's path for a bug. Never a raw traceback in a window."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QThread, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from desktop.errors import UserError

log = logging.getLogger("msoko.gui")
qt_log = logging.getLogger("msoko.qt")


# The widgets of the messages, the crash dialog's too (dialogs/crash_dialog.py), are imported when one is
# shown: this module is loaded before the window's first paint, and every Qt class PySide meets for the
# first time costs it a millisecond or more.
def show_user_error(parent: QWidget | None, error: UserError | str, title: str = "МСОКО") -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, str(error))


def handle_exception(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if isinstance(error, UserError):
        log.info("user error: %s", error)
        show_user_error(QApplication.activeWindow(), error)
        return
    if isinstance(error, KeyboardInterrupt):
        QApplication.quit()
        return
    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("unhandled exception:\n%s", details)
    app = QApplication.instance()
    if app is None or QThread.currentThread() != app.thread():
        return  # a worker thread (or the application already gone) may not make a window: the log has it
    from desktop.views.dialogs.crash_dialog import CrashDialog

    CrashDialog(details, QApplication.activeWindow()).exec()


def _qt_message(mode: QtMsgType, context, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    qt_log.log(level, "%s", message)


def install_error_handlers() -> None:
    """Unhandled exceptions in slots go to the dialog and the log; Qt's own warnings to the log."""
    sys.excepthook = handle_exception
    qInstallMessageHandler(_qt_message)
