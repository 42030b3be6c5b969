"""Starting the window: the QApplication, the database with its lock, reopening after «Открыть
базу…» or a restore, and the `--screenshot` mode used by docs, benchmarks and tests."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.errors import UserError
from desktop.models.lock import DatabaseLock
from desktop.paths import resources_dir
from desktop.services import backup
from desktop.services.database import open_database
from desktop.views.errors import install_error_handlers, show_user_error
from desktop.views.main_window import MainWindow
from desktop.views.russian import install_russian

log = logging.getLogger("msoko.gui")


class DesktopApp:
    """Owns the open database, its lock and the window built on it."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.lock: DatabaseLock | None = None
        self.db = None
        self.window: MainWindow | None = None

    def open(self, db_path: Path) -> MainWindow:
        lock = DatabaseLock(db_path)
        lock.acquire()
        try:
            db = open_database(db_path, daily_backup=True)
        except BaseException:
            lock.release()
            raise
        self.close()
        self.db_path, self.lock, self.db = Path(db_path), lock, db
        self.window = MainWindow(db, self.db_path)
        self.window.open_requested.connect(self._open_other)
        self.window.restore_requested.connect(self._restore)
        return self.window

    def close(self) -> None:
        if self.window is not None:
            self.window.save_layout()
            self.window.deleteLater()
            self.window = None
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _open_other(self, path: str) -> None:
        previous = self.window
        geometry = previous.saveGeometry() if previous else None
        try:
            window = self.open(Path(path))
        except UserError as error:
            show_user_error(previous, error, "Открытие базы")
            return
        if geometry is not None:
            window.restoreGeometry(geometry)
        window.show()

    def _restore(self, backup_file: str) -> None:
        window = self.window
        db_path = self.db_path
        try:
            # Our own connection is closed first; the lock stays ours so no other copy slips in.
            self.db.close()
            self.db = None
            safety = backup.restore_backup(db_path, Path(backup_file))
        except UserError as error:
            show_user_error(window, error, "Восстановление базы")
            safety = None
        lock, self.lock = self.lock, None
        lock.release()
        self.window = None
        window.save_layout()
        window.deleteLater()
        reopened = self.open(db_path)
        reopened.show()
        if safety:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                reopened, "Восстановление базы",
                f"База восстановлена из «{Path(backup_file).name}».\n"
                f"Состояние до восстановления сохранено в «{safety.path}».",
            )


def run_gui(db_path: Path, tab: str | None = None, screenshot: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("МСОКО")
    app.setApplicationDisplayName("МСОКО")
    install_russian(app)
    # the PNG, not the .ico of the setup and the shortcuts: Qt reads PNG itself, while an .ico needs its
    # image plug-in loaded (two milliseconds more of the window's start)
    icon = resources_dir() / "icons" / "msoko.png"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    install_error_handlers()
    desktop = DesktopApp(db_path)
    try:
        window = desktop.open(db_path)
    except UserError as error:
        if screenshot:
            raise
        show_user_error(None, error, "Открытие базы — МСОКО")
        return 2
    if tab:
        window.show_tab(tab)
    window.show()
    if screenshot:
        def capture() -> None:
            # Saved under a temporary name and renamed: whoever waits for the picture never reads half of it.
            partial = screenshot.with_name(screenshot.name + ".partial.png")
            saved = window.grab().save(str(partial))
            if saved:
                os.replace(partial, screenshot)
            desktop.close()
            app.exit(0 if saved else 1)

        QTimer.singleShot(0, capture)
    code = app.exec()
    # app.exit() (the screenshot mode) ends the loop without aboutToQuit: the work still running is
    # stopped and waited for here too, before the database closes and the application goes.
    from desktop.views.jobs import shutdown

    shutdown()
    desktop.close()
    return code
