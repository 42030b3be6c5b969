"""A 300,000-row «Индивидуальные результаты» file imported end to end, against calamine merely iterating it.

    python bench/bench_results_import.py [--rows 300000] [--repeat 5]

The file (invented data, 3,000 schools) is built once and cached in the temp folder, as
bench_read_individual.py does. Each run gets a fresh copy of a database whose registry already holds
the file's schools. Printed: the medians of (a) python-calamine opening the file and iterating its
rows, and (b) the whole import — read, validate, match, save in one transaction (per-student rows and
the school figures derived from them) and the district's indicators computed — with the ratio of
their rates. The target is (b) at no less than 0.6 of the rate of (a).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_read_individual import bare_calamine, build, timed  # noqa: E402
from desktop.models.db import transaction  # noqa: E402
from desktop.services.database import open_database  # noqa: E402
from desktop.services.indicators import indicators  # noqa: E402
from desktop.services.results_import import apply_results_import, plan_results_import  # noqa: E402
from tests.builders.result_files import random_schools  # noqa: E402

TARGET_RATIO = 0.6  # issue 16


def registry_db(folder: Path, rows: int) -> Path:
    """A database whose registry holds the schools of the bench file (same generator, same seed)."""
    path = folder / "registry.sqlite"
    db = open_database(path)
    schools = random_schools(rows)
    with transaction(db):
        db.executemany("INSERT INTO schools (short_name, code) VALUES (?, ?)", [(s.name, s.code) for s in schools])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def import_once(path: Path, db_path: Path) -> tuple[int, int]:
    db = open_database(db_path)
    try:
        plan = plan_results_import(db, [path])
        assert not plan.has_errors, plan.files[0].problems[:3]
        outcome = apply_results_import(db, plan)
        table = indicators(db, "ВПР", 2026, "Математика", 5)
        return outcome.files[0]["students"], len(table.schools)
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = build(args.rows)
    folder = Path(tempfile.mkdtemp(prefix="msoko_bench_results_"))
    template = registry_db(folder, args.rows)

    bare_times, ours_times, ratios = [], [], []
    rows = saved = None
    for run in range(args.repeat):
        target = folder / f"run{run}.sqlite"
        shutil.copy(template, target)
        bare, rows = timed(lambda: bare_calamine(path))
        ours, saved = timed(lambda: import_once(path, target))  # noqa: B023
        bare_times.append(bare)
        ours_times.append(ours)
        ratios.append(bare / ours)
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    bare, ours = statistics.median(bare_times), statistics.median(ours_times)
    print(f"file: {path.name}, {rows} rows, {path.stat().st_size / 1e6:.1f} MB")
    print(f"(a) calamine iter_rows:   median {bare:.2f} s  ({rows / bare:,.0f} rows/s)  "
          f"runs {[round(t, 2) for t in bare_times]}")
    print(f"(b) import + indicators:  median {ours:.2f} s  ({rows / ours:,.0f} rows/s)  "
          f"runs {[round(t, 2) for t in ours_times]}")
    print(f"    students saved {saved[0]}, schools with indicators {saved[1]}")
    ratio = statistics.median(ratios)
    print(f"ratio (b rate / a rate): median of medians {bare / ours:.2f}, median of pairs {ratio:.2f}; "
          f"target ≥ {TARGET_RATIO}")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
