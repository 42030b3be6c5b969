"""Files dragged from Explorer onto the window open in their import preview: a Word order in the plan's,
a workbook in the results' or the schools' — told by its content (`services.file_kind`), wherever it
is dropped; the tab under it only settles a workbook no reader knows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QWidget

from desktop.services.file_kind import OPENED


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files of a drag that the window opens (.docx, .xlsx, .xlsm, .xls)."""
    if not mime.hasUrls():
        return []
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [f for f in files if f.suffix.lower() in OPENED]


class FileDrops:
    """File drops on a window: its `dragEnterEvent`, `dragMoveEvent` and `dropEvent` (drags over any of
    its widgets that take no drops of their own reach the window) hand the files to `open_files`.

    The window's own handlers, not an event filter: a filter sees every event of the window in Python,
    and PySide then builds a class for each kind of event it meets (~50 of them, tens of milliseconds
    of the start, docs/architecture.md «Start-up»)."""

    def __init__(self, window: QWidget, open_files: Callable[[list[Path]], None]):
        self._open_files = open_files
        window.setAcceptDrops(True)

    def drag(self, event) -> None:
        """A drag entering or moving over the window: taken when it carries files the window opens."""
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event) -> None:
        files = dropped_files(event.mimeData())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self._open_files(files)


def open_by_content(parent: QWidget, files: list[Path], fallback: str,
                    open_kind: Callable[[str, list[Path]], None]) -> None:
    """Tell each file's kind off the UI thread (a workbook is read to its headers), then open each kind's
    import: files that cannot be opened are named in one message."""
    from desktop.errors import UserError
    from desktop.services.file_kind import kind_of
    from desktop.views.errors import show_user_error
    from desktop.views.jobs import run_task

    def work() -> list[tuple[Path, str | None, str | None]]:
        found = []
        for path in files:
            try:
                found.append((path, kind_of(path, fallback), None))
            except UserError as error:
                found.append((path, None, str(error)))
        return found

    def done(found) -> None:
        refused = [message for _, _, message in found if message]
        if refused:
            show_user_error(parent, "\n".join(refused), "Открытие файлов")
        by_kind: dict[str, list[Path]] = {}
        for path, kind, _ in found:
            if kind:
                by_kind.setdefault(kind, []).append(path)
        for kind, paths in by_kind.items():
            open_kind(kind, paths)

    def failed(error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        show_user_error(parent, error, "Открытие файлов")

    run_task(work, done, failed, owner=parent)
