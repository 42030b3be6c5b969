"""A long-lived process that runs `msoko` commands on hostile files, one after another, and reports
how each ended. Started by `tests/reliability/harness.py`, never by hand.

Each case arrives as a JSON line: {"argv": [...], "db": "path or null"}. The command runs exactly as
`msoko` runs it (`desktop.cli.main.run`), with stdout and stderr captured; the answer is a JSON line
with the exit code, the output, the seconds taken, the peak memory of this process so far (RSS) and,
when a database is given, whether its content changed. A bug logged by the command comes back with its
traceback. Running many cases in one process saves ~0.3 s of start-up per case; the parent restarts
the process if a case kills it or runs past the time limit, so one crash hides no other case.

Memory is the peak RSS of this process or of the largest child it waited for (a .xls is read in a
child process, desktop/services/importers/intake/child_reader.py), whichever is larger. This process's own
peak is VmHWM: Linux's ru_maxrss of a process also holds its parent's peak at exec (pytest's, after
it built the 768 MB bombs), which made every case look like 525 MB.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import logging
import os
import resource
import sqlite3
import sys
import time
import traceback

ADDRESS_SPACE_LIMIT = 3 * 1024**3  # a safety net for the machine; the real limit is the RSS check


class _Bugs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.records.append(text)


def peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        own_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return max(own_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def fingerprint(db: str | None) -> str | None:
    """The logical content of a database (its SQL dump), hashed; None when there is no file."""
    if not db or not os.path.exists(db):
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
    finally:
        conn.close()


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
    # Load what the commands load, so that the first case is not charged for it.
    import desktop.services.importers.results.detect  # noqa: F401
    import desktop.services.results_import  # noqa: F401
    import desktop.services.roadmap_import  # noqa: F401
    import desktop.services.schools_io  # noqa: F401
    from desktop.cli.main import run
    from desktop.logs import setup_logging

    setup_logging()
    bugs = _Bugs()
    logging.getLogger("msoko").addHandler(bugs)
    out = sys.stdout
    print(json.dumps({"ready": True}), file=out, flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        argv, db = case["argv"], case.get("db")
        before = fingerprint(db)
        bugs.records.clear()
        stdout, stderr = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = run(argv)
            except SystemExit as stop:  # argparse
                code = stop.code if isinstance(stop.code, int) else 2
            except BaseException:  # run() lets nothing out; if something does, it is a bug
                stderr.write(traceback.format_exc())
                code = 1
        seconds = time.perf_counter() - started
        gc.collect()  # sqlite3 connections sit in a reference cycle: close the command's before the next case
        after = fingerprint(db)
        answer = {
            "code": code,
            "stdout": stdout.getvalue(),
            "stderr": "\n".join(stderr.getvalue().splitlines()[:200]),  # whole lines: a row per problem
            "seconds": seconds,
            "maxrss_mb": peak_rss_mb(),
            "db_changed": before != after,
            "bugs": bugs.records[:3],
        }
        print(json.dumps(answer, ensure_ascii=False), file=out, flush=True)


if __name__ == "__main__":
    main()
