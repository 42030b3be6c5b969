"""Logging: named loggers per subsystem into one file in the data folder, turned over at start.

Pupils' names and scores are never logged; log what was done and where, not the data.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop.paths import logs_dir

LOG_NAME = "msoko.log"
MAX_BYTES = 2_000_000  # a log this long at start is moved to msoko.log.1 (…, up to KEEP older ones)
KEEP = 5
_configured = False


def log_file_path() -> Path:
    return logs_dir() / LOG_NAME


def _turn_over(path: Path) -> None:
    """At start, not while running (logging.handlers' rotating handler): on Windows a log another copy
    of the program holds open cannot be renamed, and that handler then fails on every line after; here
    the log only grows until a start finds it free. (It also spares the window's start the import of
    logging.handlers, ten milliseconds.)"""
    try:
        if path.stat().st_size < MAX_BYTES:
            return
        for number in range(KEEP - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
    except OSError:  # missing (the first start) or held open by another copy
        pass


def setup_logging(level: int = logging.INFO) -> None:
    """Idempotent: the window and the command line both call it at start."""
    global _configured
    if _configured:
        return
    root = logging.getLogger("msoko")
    root.setLevel(level)
    try:
        path = log_file_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # backslashreplace: a message holding a lone surrogate (a Cyrillic argument under a non-UTF-8
        # POSIX locale) is written escaped instead of making logging print its own traceback to stderr
        _turn_over(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", errors="backslashreplace")
    except OSError:
        # A read-only or missing data folder must not stop the program; stderr still gets errors.
        handler = logging.StreamHandler()
        handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _configured = True
