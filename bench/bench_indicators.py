"""Indicators and flags over ten years × 40 schools × 30 subject-grades of ВПР (12,000 school results).

    python bench/bench_indicators.py [--repeat 7]

The database is built once (invented counts, with the region's reference rows, and three medalists a
school and year with their ЕГЭ scores) through the repositories. Printed: the median time of (a) one
year's indicators of every subject and grade plus the flags of that year by every rule (task analysis
apart) — what the Results tab computes on a change of year, on a database of that size — (b) the same
for all ten years in a row, for comparison, and (c) the flags over all ten years (`flags_history`, the
table «Признаки по годам» and `msoko results flags --from --to`). The target is (a) ≤ 0.2 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.figures import FIGURES  # noqa: E402
from desktop.models.db import transaction  # noqa: E402
from desktop.models.medalists import Medalist, MedalistsRepository  # noqa: E402
from desktop.models.result_imports import ImportLog  # noqa: E402
from desktop.models.results import ResultsRepository  # noqa: E402
from desktop.services.database import open_database  # noqa: E402
from desktop.services.flags_history import flags_history  # noqa: E402
from desktop.services.indicators import indicators  # noqa: E402
from desktop.services.rules import flags_for_year  # noqa: E402

TARGET_S = 0.2
YEARS = range(2017, 2027)
SCHOOLS = 40
SUBJECTS = ["Русский язык", "Математика", "История", "Биология", "География", "Обществознание"]
GRADES = [4, 5, 6, 7, 8]  # 6 subjects × 5 grades = 30 subject-grades


def build(path: Path) -> None:
    rng = random.Random(7)
    db = open_database(path)
    results = ResultsRepository(db)
    with transaction(db):
        db.executemany("INSERT INTO schools (short_name, code) VALUES (?, ?)",
                       [(f"МБОУ «Школа № {k}»", f"edu7{k:05d}") for k in range(1, SCHOOLS + 1)])
        ids = [row[0] for row in db.execute("SELECT id FROM schools ORDER BY id")]
        import_id = ImportLog(db).add("bench", "0" * 64, "bench", datetime(2026, 1, 1))
        for year in YEARS:
            for subject in SUBJECTS:
                for grade in GRADES:
                    aid = results.ensure_assessment("ВПР", year, subject, grade, None, None)
                    marks, journal = [], []
                    for sid in ids:
                        n = rng.randint(8, 60)
                        quality, share_2 = rng.uniform(0.25, 0.7), rng.uniform(0.0, 0.3)
                        n2, n4, n5 = round(n * share_2), round(n * quality * 0.7), round(n * quality * 0.3)
                        n3 = max(0, n - n2 - n4 - n5)
                        marks.append((aid, sid, n2 + n3 + n4 + n5, n2, n3, n4, n5))
                        lowered, raised = round(n * rng.uniform(0.05, 0.3)), round(n * rng.uniform(0.0, 0.25))
                        journal.append((aid, sid, n, lowered, max(0, n - lowered - raised), raised))
                    results.upsert_marks(marks, import_id)
                    results.upsert_journal(journal, import_id)
                    region = dict(participants=9000, n2=700, n3=3600, n4=3400, n5=1300, lowered=1700,
                                  confirmed=6600, raised=700)  # the other figures stay NULL
                    results.upsert_references([(aid, "region", "", "Энская область", 0,
                                                *(region.get(name) for name in FIGURES))], import_id)
        MedalistsRepository(db).replace([], [
            Medalist(sid, year, rng.choice(["I", "II"]), None,
                     {s: float(rng.randint(55, 98)) for s in ("Русский язык", "Математика профильная", "Физика")})
            for year in YEARS for sid in ids for _ in range(3)])
    db.close()


def one_year(db, year: int) -> int:
    table = indicators(db, "ВПР", year)
    report = flags_for_year(db, year)
    return len(table.schools) + len(report.flags)


def ten_years(db) -> int:
    return sum(one_year(db, year) for year in YEARS)


def median_time(func, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="msoko_bench_indicators_")) / "bench.sqlite"
    build(path)
    db = open_database(path)
    rows = db.execute("SELECT count(*) FROM school_results").fetchone()[0]
    last = max(YEARS)
    single, single_runs = median_time(lambda: one_year(db, last), args.repeat)
    sweep, sweep_runs = median_time(lambda: ten_years(db), args.repeat)
    history, history_runs = median_time(lambda: flags_history(db, min(YEARS), last), args.repeat)
    report = flags_for_year(db, last)
    flags = len(report.flags)
    rules = sorted({f.rule for f in report.flags})
    db.close()
    print(f"database: {rows} school results ({len(YEARS)} years × {SCHOOLS} schools × "
          f"{len(SUBJECTS) * len(GRADES)} subject-grades)")
    print(f"(a) indicators + flags of {last}:       median {single * 1000:.0f} ms  runs "
          f"{[round(t * 1000) for t in single_runs]}  ({flags} flags); target ≤ {TARGET_S * 1000:.0f} ms")
    print(f"(b) indicators + flags of all 10 years: median {sweep * 1000:.0f} ms  runs "
          f"{[round(t * 1000) for t in sweep_runs]}")
    print(f"(c) flags over all 10 years (history):  median {history * 1000:.0f} ms  runs "
          f"{[round(t * 1000) for t in history_runs]}")
    print(f"rules that fired in {last}: {', '.join(rules)}")
    return 0 if single <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
