"""Long work off the UI thread: `run_task(work, on_done, on_error)` runs `work()` in the program's own
thread pool and calls back on the UI thread. `work` may take a `progress(percent, text)` callable.

«Отмена» (`Task.cancel`) sets the task's event, bound around `work` by `cancellable`
(desktop/services/importers/intake/cancel.py): the readers, the intake and the import's save stop at
their next checkpoint (~0.1 s) with `Cancelled`, a transaction in progress is rolled back, and a .xls
read in a child process kills the child. `progress` raises Cancelled too once the task is cancelled.

The pool belongs to the application (not Qt's global one): when the application quits, the work
still running is asked to stop at its next progress report and waited for, so no worker thread is
left writing while the interpreter shuts down.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from desktop.errors import Cancelled
from desktop.services.importers.intake.cancel import cancellable

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
        self.event = threading.Event()  # set by cancel(): the work's checkpoints raise Cancelled
        self.setAutoDelete(False)  # the Python side keeps it alive until its signals are delivered

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    def cancel(self) -> None:
        self.event.set()

    def report(self, percent: int, text: str = "") -> None:
        if self.cancelled:
            raise TaskCancelled()
        self.signals.progress.emit(percent, text)

    def run(self) -> None:
        try:
            takes_progress = "progress" in inspect.signature(self.work).parameters
            with cancellable(self.event):
                result = self.work(progress=self.report) if takes_progress else self.work()
        except BaseException as error:  # delivered to the UI thread, which decides what to show
            self._deliver(self.signals.failed, error)
        else:
            self._deliver(self.signals.finished, result)

    def _deliver(self, signal, value: Any) -> None:
        """Emit to the UI thread; when the application has gone meanwhile (it quit while the work ran)
        nobody is left to tell, and an exception out of `run` would abort the process."""
        if not isValid(self.signals):
            log.info("task ended after the application: %r dropped", type(value).__name__)
            return
        try:
            signal.emit(value)
        except RuntimeError as error:  # «Signal source has been deleted»: it went between the check and the emit
            log.info("result of a task dropped: the application has quit (%s)", error)


class TaskCancelled(Cancelled):  # noqa: N818 - the name it has always had
    """Raised by a cancelled task's progress report."""


_running: set[Task] = set()
_pool: QThreadPool | None = None
QUIT_WAIT_MS = 15_000  # an import in its transaction finishes or rolls back within this


def pool() -> QThreadPool:
    """The application's pool, made with it on first use and drained when it quits."""
    global _pool
    if _pool is None or not isValid(_pool):  # a new application (tests make one per session)
        app = QCoreApplication.instance()
        _pool = QThreadPool(app)
        app.aboutToQuit.connect(shutdown)
    return _pool


def shutdown(wait_ms: int = QUIT_WAIT_MS) -> bool:
    """Ask every running task to stop and wait for the pool; True when it is empty in time."""
    for task in list(_running):
        task.cancel()
    if _pool is None or not isValid(_pool):
        return True
    done = _pool.waitForDone(wait_ms)
    if not done:
        log.warning("work still running after %d ms at exit", wait_ms)
    return done


def run_task(
    work: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, str], None] | None = None,
    owner: QObject | None = None,
) -> Task:
    """`owner`: the widget the callbacks belong to; when it is gone by the time the work ends (the
    window was rebuilt after a restore, say), the result is dropped instead of touching deleted objects."""
    task = Task(work)
    _running.add(task)

    def alive() -> bool:
        return owner is None or isValid(owner)

    def done(result: Any) -> None:
        _running.discard(task)
        if alive():
            on_done(result)

    def failed(error: BaseException) -> None:
        _running.discard(task)
        if alive():
            on_error(error)

    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    if on_progress:
        task.signals.progress.connect(on_progress)
    pool().start(task)
    return task


def run_with_progress(parent, title: str, work: Callable[..., Any], on_done: Callable[[Any], None], *,
                      label: str = "Чтение файла…", on_cancelled: Callable[[], None] | None = None,
                      keep_result: bool = False) -> Task:
    """`work` off the UI thread behind a cancellable busy dialog saying `label`; its result goes to
    `on_done` unless the user cancelled (`on_cancelled` is then told). With `keep_result` a result that
    comes back after «Отмена» goes to `on_done` all the same: the work was past its last checkpoint (a
    transaction committed) and what it did stands. A UserError becomes a message titled `title`;
    anything else is a bug."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    from desktop.errors import UserError
    from desktop.views.errors import show_user_error

    progress = QProgressDialog(label, "Отмена", 0, 0, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def done(result: Any) -> None:
        cancelled = progress.wasCanceled()  # read first: closing the dialog counts as cancel
        progress.close()
        if not cancelled or keep_result:
            on_done(result)
        elif on_cancelled:
            on_cancelled()

    def failed(error: BaseException) -> None:
        progress.close()
        if isinstance(error, Cancelled):  # «Отмена»: the work stopped and saved nothing
            if on_cancelled:
                on_cancelled()
            return
        if not isinstance(error, UserError):
            raise error
        show_user_error(parent, error, title)

    def report(percent: int, text: str) -> None:
        progress.setMaximum(100)
        progress.setValue(percent)
        if text:
            progress.setLabelText(text)

    task = run_task(work, done, failed, report, owner=parent)
    progress.canceled.connect(task.cancel)
    return task
