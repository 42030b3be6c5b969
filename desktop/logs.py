"""Logging: named loggers per subsystem into one rotating file in the data folder.

Pupils' names and scores are never logged; log what was done and where, not the data.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.paths import logs_dir

LOG_NAME = "msoko.log"
_configured = False


def log_file_path() -> Path:
    return logs_dir() / LOG_NAME


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
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        # A read-only or missing data folder must not stop the program; stderr still gets errors.
        handler = logging.StreamHandler()
        handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _configured = True
