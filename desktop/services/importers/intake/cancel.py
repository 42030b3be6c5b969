"""Stopping long work from another thread: the window's «Отмена» during an import.

    event = threading.Event()
    with cancellable(event):          # in the worker thread, around the work
        plan_results_import(db, paths)  # …its loops call checkpoint()
    event.set()                       # from the window: the work raises Cancelled at its next checkpoint

The event is bound to the running context (a ContextVar), so nothing needs to pass it down through
the readers: `checkpoint()` looks it up and raises `desktop.errors.Cancelled` when it is set, and does
nothing when no event is bound (the command line, tests, the child process reading a .xls). Work that
runs in a thread of its own sees the event only when that thread runs in a copy of the context
(`contextvars.copy_context().run`) or is given `cancel_event()`. Checkpoints sit where a check is cheap
and comes often enough to stop within ~0.1 s: every few thousand rows of a sheet, between the pieces of a
big sheet, between the steps of a reader and of saving; a .xls read in a child process kills the child.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from desktop.errors import Cancelled

_event: ContextVar[threading.Event | None] = ContextVar("msoko_cancel_event", default=None)


@contextmanager
def cancellable(event: threading.Event | None) -> Iterator[threading.Event | None]:
    """Bind `event` for the block: a checkpoint inside raises Cancelled once it is set."""
    token = _event.set(event)
    try:
        yield event
    finally:
        _event.reset(token)


def cancel_event() -> threading.Event | None:
    """The event bound to the running context, if any."""
    return _event.get()


def cancelled() -> bool:
    event = _event.get()
    return event is not None and event.is_set()


def checkpoint() -> None:
    """Raise Cancelled when the bound event is set; nothing when it is not, or none is bound."""
    event = _event.get()
    if event is not None and event.is_set():
        raise Cancelled()
