"""The Results tab refiltering: a change of subject or grade (table, charts, flags) on the demo
district's three years of results. Target ≤ 100 ms. Medians.

    python bench/bench_results_tab.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.demo import build_demo  # noqa: E402
from desktop.services.database import open_database  # noqa: E402

TARGET = 0.1


def main() -> int:
    from desktop.views.results_tab import ResultsTab

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MSOKO_DATA_DIR"] = str(Path(folder) / "data")
        path = Path(folder) / "demo.sqlite"
        db = open_database(path)
        build_demo(db, today=date(2026, 11, 23))
        tab = ResultsTab(db, path)
        tab.resize(1300, 720)
        tab.show()
        app.processEvents()
        subjects = [tab.subject.itemText(i) for i in range(1, tab.subject.count())]
        single, overall = [], []
        for subject in subjects:
            for grade_index in range(1, tab.grade.count()):
                tab.subject.setCurrentIndex(tab.subject.findText(subject))
                started = time.perf_counter()
                tab.grade.setCurrentIndex(grade_index)
                app.processEvents()
                single.append(time.perf_counter() - started)
            tab.grade.setCurrentIndex(0)
            app.processEvents()
            started = time.perf_counter()
            tab.subject.setCurrentIndex(0)  # all subjects and grades: the longest table and most charts
            app.processEvents()
            overall.append(time.perf_counter() - started)
        db.close()
    one, everything = statistics.median(single), statistics.median(overall)
    print(f"refilter to one subject and grade   median {one * 1000:.0f} ms over {len(single)} changes (target ≤ 100 ms)")
    print(f"back to all subjects and grades     median {everything * 1000:.0f} ms over {len(overall)} changes"
          " (target ≤ 100 ms)")
    return 0 if one <= TARGET and everything <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
