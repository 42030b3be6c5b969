"""«Отмена» in the middle of a 300,000-row results import: how long from the press to the stop.

    python bench/bench_cancel.py [--rows 300000] [--at 0.5,1,2,3,4,6]

The import (read, match, save) runs in a thread with a cancel event bound, as the window runs it
(desktop/views/jobs.py); the event is set after each of the given seconds in turn (reading the sheet,
parsing, saving). Printed: the seconds from the set to the thread's end, their median and maximum, and
that the database was left as it was each time. The target is ≤ 0.5 s. Also printed: the peak memory
of one whole import in a child process (the figure of issue #16: ≤ 300 MB).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_read_individual import build  # noqa: E402
from bench.bench_results_import import import_once, registry_db  # noqa: E402
from desktop.errors import Cancelled  # noqa: E402
from desktop.services.importers.intake.cancel import cancellable  # noqa: E402

TARGET_S = 0.5
PEAK_MB = 300


def cancelled_after(path: Path, db_path: Path, delay: float) -> tuple[float, bool]:
    """(seconds from the set to the end, whether the work stopped with Cancelled)."""
    event = threading.Event()
    outcome: dict = {}

    def work() -> None:
        with cancellable(event):
            try:
                import_once(path, db_path)
                outcome["cancelled"] = False
            except Cancelled:
                outcome["cancelled"] = True
        outcome["ended"] = time.perf_counter()

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(delay)
    pressed = time.perf_counter()
    event.set()
    thread.join()
    return outcome["ended"] - pressed, outcome["cancelled"]


def peak_of_one_import(path: Path, db_path: Path) -> float:
    # Linux: the child's VmHWM, not its ru_maxrss, which starts from the parent's peak at the fork (this
    # process's own, after the cancelled imports above)
    code = ("import resource, sys; sys.path.insert(0, '.'); from pathlib import Path; "
            "from bench.bench_results_import import import_once; "
            f"import_once(Path({str(path)!r}), Path({str(db_path)!r})); "
            "status = Path('/proc/self/status'); "
            "hwm = [l.split()[1] for l in status.read_text().splitlines() if l.startswith('VmHWM')] "
            "if status.exists() else []; "
            "print(hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    return int(done.stdout.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--at", default="0.5,1,2,3,4,6")
    args = parser.parse_args()
    path = build(args.rows)
    folder = Path(tempfile.mkdtemp(prefix="msoko_bench_cancel_"))
    template = registry_db(folder, args.rows)
    waits, stopped = [], []
    for delay in map(float, args.at.split(",")):
        target = folder / f"at{delay}.sqlite"
        shutil.copy(template, target)
        before = target.read_bytes()
        wait, cancelled = cancelled_after(path, target, delay)
        unchanged = target.read_bytes() == before or not cancelled
        waits.append(wait)
        stopped.append(cancelled)
        print(f"cancel at {delay:.1f} s: stopped after {wait:.2f} s, "
              f"{'cancelled' if cancelled else 'had finished'}, database {'as it was' if unchanged else 'CHANGED'}")
    target = folder / "whole.sqlite"
    shutil.copy(template, target)
    peak = peak_of_one_import(path, target)
    shutil.rmtree(folder, ignore_errors=True)
    cancelled_waits = [w for w, c in zip(waits, stopped, strict=True) if c]
    median, most = statistics.median(cancelled_waits), max(cancelled_waits)
    print(f"cancel → stop: median {median:.2f} s, max {most:.2f} s over {len(cancelled_waits)} cancels; "
          f"target ≤ {TARGET_S} s")
    print(f"peak memory of one import: {peak:.0f} MB; target ≤ {PEAK_MB} MB (this process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0 if most <= TARGET_S and peak <= PEAK_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
