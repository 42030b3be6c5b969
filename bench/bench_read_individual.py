"""How fast `read_result_file` reads a 300,000-row «Индивидуальные результаты» file, against calamine alone.

    python bench/bench_read_individual.py [--rows 300000] [--repeat 5]

The file is built once (invented data) and cached in the temp folder. Printed: the median of
`--repeat` runs of (a) python-calamine opening the file and iterating its rows, doing nothing with
them, and (b) `read_result_file` on the same file; and the ratio of their rates (a / b in time). The
whole import (read + validate + save) is to keep at least 0.4 of the bare calamine rate.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.services.importers.results.detect import read_result_file  # noqa: E402
from tests.builders.result_files import write_fisoko_individual  # noqa: E402

TARGET_RATIO = 0.4


def build(rows: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"msoko_bench_individual_{rows}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".part.xlsx")
        write_fisoko_individual(partial, n_rows=rows, engine="fast")
        partial.replace(path)
        print(f"built {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def bare_calamine(path: Path) -> int:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    count = 0
    for name in workbook.sheet_names:
        for _row in workbook.get_sheet_by_name(name).iter_rows():
            count += 1
    workbook.close()
    return count


def timed(func) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = build(args.rows)

    # (a) and (b) alternate, so that a busy machine slows both alike; each pair gives one ratio
    bare_times, ours_times, ratios = [], [], []
    rows = parsed = None
    for _ in range(args.repeat):
        bare, rows = timed(lambda: bare_calamine(path))
        parsed = None  # free the previous run's records outside the timed part
        ours, parsed = timed(lambda: read_result_file(path))
        bare_times.append(bare)
        ours_times.append(ours)
        ratios.append(bare / ours)
    bare, ours = statistics.median(bare_times), statistics.median(ours_times)
    print(f"file: {path.name}, {rows} rows, {path.stat().st_size / 1e6:.1f} MB")
    print(f"(a) calamine iter_rows:  median {bare:.2f} s  ({rows / bare:,.0f} rows/s)  "
          f"runs {[round(t, 2) for t in bare_times]}")
    print(f"(b) read_result_file:    median {ours:.2f} s  ({rows / ours:,.0f} rows/s)  "
          f"runs {[round(t, 2) for t in ours_times]}")
    print(f"    students {len(parsed.students)}, groups {len(parsed.groups)}, problems {len(parsed.problems)}")
    ratio = statistics.median(ratios)
    print(f"ratio (b rate / a rate): median of medians {bare / ours:.2f}, median of pairs {ratio:.2f}; "
          f"the whole import (read + validate + save) is to keep ≥ {TARGET_RATIO}")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
