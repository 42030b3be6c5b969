"""Long work off the UI thread: `run_task(work, on_done, on_error)` runs `work()` in the thread pool
and calls back on the UI thread. `work` may take a `progress(percent, text)` callable."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("msoko.jobs")


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)


class Task(QRunnable):
    def __init__(self, work: Callable[..., Any]):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(False)  # the Python side keeps it alive until its signals are delivered

    def cancel(self) -> None:
        self.cancelled = True

    def report(self, percent: int, text: str = "") -> None:
        if self.cancelled:
            raise TaskCancelled()
        self.signals.progress.emit(percent, text)

    def run(self) -> None:
        try:
            takes_progress = "progress" in inspect.signature(self.work).parameters
            result = self.work(progress=self.report) if takes_progress else self.work()
        except BaseException as error:  # delivered to the UI thread, which decides what to show
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


class TaskCancelled(Exception):
    pass


_running: set[Task] = set()


def run_task(
    work: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, str], None] | None = None,
) -> Task:
    task = Task(work)
    _running.add(task)

    def done(result: Any) -> None:
        _running.discard(task)
        on_done(result)

    def failed(error: BaseException) -> None:
        _running.discard(task)
        on_error(error)

    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    if on_progress:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)
    return task
