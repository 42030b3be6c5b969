"""«Файл → Недавние файлы»: the last files opened for import (up to 8, the newest first), kept in the
window's settings; a file that is gone is shown greyed, and «Убрать отсутствующие» drops them. The
documents saved lately are kept too: «Экспорт на флешку» offers them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu

from desktop.views.settings import app_settings

MAX_RECENT = 8
OPENED, SAVED = "recent/opened", "recent/saved"


def recent_files(key: str = OPENED) -> list[Path]:
    value = app_settings().value(key, [])
    names = [value] if isinstance(value, str) else list(value or [])
    return [Path(name) for name in names if name][:MAX_RECENT]


def _store(key: str, files: list[Path]) -> None:
    app_settings().setValue(key, [str(f) for f in files[:MAX_RECENT]])


def remember_file(path: str | Path, key: str = OPENED) -> None:
    path = Path(path).absolute()
    _store(key, [path, *(f for f in recent_files(key) if f != path)])


def forget_missing(key: str = OPENED) -> int:
    files = recent_files(key)
    kept = [f for f in files if f.is_file()]
    _store(key, kept)
    return len(files) - len(kept)


class RecentFilesMenu(QMenu):
    """Filled each time it opens: the files as they are on the disk now."""

    def __init__(self, open_file: Callable[[Path], None], tell: Callable[[str], None], parent=None):
        super().__init__("Недавние файлы", parent)
        self._open_file, self._tell = open_file, tell
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        files = recent_files()
        if not files:
            self.addAction("Список пуст").setEnabled(False)
            return
        missing = 0
        for number, path in enumerate(files, start=1):
            there = path.is_file()
            action = self.addAction(f"&{number} {path.name}" + ("" if there else " — файл не найден"))
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setEnabled(there)  # greyed: moved, renamed, or on a flash drive not inserted
            action.triggered.connect(lambda *_, p=path: self._open_file(p))
            missing += not there
        self.addSeparator()
        if missing:
            self.addAction(f"Убрать отсутствующие ({missing})", self.remove_missing)
        self.addAction("Очистить список", lambda: (_store(OPENED, []), self._tell("Список недавних файлов очищен")))

    def remove_missing(self) -> None:
        gone = forget_missing()
        self._tell(f"Убрано из недавних файлов: {gone} (файлы не найдены)")
