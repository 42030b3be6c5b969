"""All rules, task analysis among them, over ten years × 40 schools × 30 subject-grades of ВПР with
300,000 per-student rows (25 pupils a school and work, 9 tasks with levels Б/П/В).

    python bench/bench_task_rules.py [--repeat 7]

The database is built once through the repositories (invented pupils: task scores, primary score,
mark, journal mark; the school figures derived from them as an import derives them). Printed: the
median time of (a) every rule of the last year — `flags_for_year`, with task_pattern and score_peaks
reading that year's 30,000 pupils — target ≤ 0.5 s; (b) the task analysis of one work
(`msoko results tasks`); (c) the rules of all ten years in a row, for comparison.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_indicators import GRADES, SCHOOLS, SUBJECTS, YEARS, median_time  # noqa: E402
from desktop.models.db import transaction  # noqa: E402
from desktop.models.result_imports import ImportLog  # noqa: E402
from desktop.models.results import ResultsRepository  # noqa: E402
from desktop.models.tasks import TasksRepository  # noqa: E402
from desktop.services.database import open_database  # noqa: E402
from desktop.services.importers.results.records import TaskInfo  # noqa: E402
from desktop.services.rules import flags_for_year  # noqa: E402
from desktop.services.task_analysis import task_analysis  # noqa: E402

TARGET_S = 0.5
PUPILS = 25  # 10 × 40 × 30 × 25 = 300,000 rows
TASKS = [("1", 1, "Б"), ("2", 1, "Б"), ("3", 2, "П"), ("4К1", 1, "Б"), ("4К2", 2, "П"), ("5", 1, "П"),
         ("6.1", 1, "Б"), ("6.2", 2, "П"), ("7", 3, "В")]
BOUNDS = (6, 10, 13)  # the lowest primary score of «3», «4», «5» of 14


def build(path: Path) -> int:
    rng = random.Random(11)
    db = open_database(path)
    results, tasks = ResultsRepository(db), TasksRepository(db)
    with transaction(db):
        db.executemany("INSERT INTO schools (short_name, code) VALUES (?, ?)",
                       [(f"МБОУ «Школа № {k}»", f"edu7{k:05d}") for k in range(1, SCHOOLS + 1)])
        ids = [row[0] for row in db.execute("SELECT id FROM schools ORDER BY id")]
        import_id = ImportLog(db).add("bench", "0" * 64, "bench", datetime(2026, 1, 1))
        set_id = results.task_set_id(tuple(key for key, _, _ in TASKS))
        rows = 0
        for year in YEARS:
            for subject in SUBJECTS:
                for grade in GRADES:
                    aid = results.ensure_assessment("ВПР", year, subject, grade, None, 14)
                    tasks.save_tasks(aid, [TaskInfo(key, top, level) for key, top, level in TASKS])
                    pupils = []
                    for sid in ids:
                        skill = rng.uniform(0.2, 0.9)
                        for k in range(PUPILS):
                            scores = [sum(rng.random() < skill for _ in range(top)) for _, top, _ in TASKS]
                            primary = sum(scores)
                            mark = 2 + sum(primary >= b for b in BOUNDS)
                            journal = max(2, min(5, mark + rng.choice((-1, 0, 0, 1))))
                            pupils.append((aid, sid, f"{50000 + k}", "1", "1", set_id,
                                           "[" + ",".join(map(str, scores)) + "]", primary, mark, journal, None,
                                           None))
                    results.insert_students(pupils, import_id)
                    results.derive_from_students(aid, import_id, None, None)
                    rows += len(pupils)
    db.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="msoko_bench_tasks_")) / "bench.sqlite"
    started = time.perf_counter()
    rows = build(path)
    built = time.perf_counter() - started
    db = open_database(path)
    last = max(YEARS)
    rules, rules_runs = median_time(lambda: flags_for_year(db, last), args.repeat)
    one, one_runs = median_time(lambda: task_analysis(db, "ВПР", last, "Математика", 5), args.repeat)
    sweep, sweep_runs = median_time(lambda: [flags_for_year(db, y) for y in YEARS], max(1, args.repeat // 2))
    report = flags_for_year(db, last)
    by_rule: dict[str, int] = {}
    for flag in report.flags:
        by_rule[flag.rule] = by_rule.get(flag.rule, 0) + 1
    db.close()
    print(f"database: {rows} per-student rows ({len(YEARS)} years × {SCHOOLS} schools × "
          f"{len(SUBJECTS) * len(GRADES)} subject-grades × {PUPILS} pupils), built in {built:.0f} s")
    print(f"(a) all rules of {last}:           median {rules * 1000:.0f} ms  runs "
          f"{[round(t * 1000) for t in rules_runs]}  flags {by_rule}; target ≤ {TARGET_S * 1000:.0f} ms")
    print(f"(b) task analysis of one work:     median {one * 1000:.0f} ms  runs {[round(t * 1000) for t in one_runs]}")
    print(f"(c) all rules of all 10 years:     median {sweep * 1000:.0f} ms  runs "
          f"{[round(t * 1000) for t in sweep_runs]}")
    return 0 if rules <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
