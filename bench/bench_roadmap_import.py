"""Time `read_roadmap_docx` on a 500-measure roadmap order (10 sections × 50 measures).

    python bench/bench_roadmap_import.py

Prints the median of 5 runs. Target for the whole later import (read + parse deadlines + save): ≤ 1 s;
the reading alone should take a fraction of it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.services.importers.word_roadmap import read_roadmap_docx  # noqa: E402
from tests.builders.docx_orders import build_order_docx, roadmap_docx_rows  # noqa: E402

SECTIONS = 10
MEASURES_PER_SECTION = 50
RUNS = 5
TARGET_SECONDS = 1.0


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = build_order_docx(Path(folder) / "plan-500.docx", roadmap_docx_rows(SECTIONS, MEASURES_PER_SECTION))
        size = path.stat().st_size
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            roadmap = read_roadmap_docx(path)
            timings.append(time.perf_counter() - started)
        assert roadmap.measure_count == SECTIONS * MEASURES_PER_SECTION, roadmap.measure_count
        assert len(roadmap.sections) == SECTIONS
    median = statistics.median(timings)
    print(
        f"read_roadmap_docx: {roadmap.measure_count} measures in {len(roadmap.sections)} sections, "
        f"{size // 1024} KB .docx; median of {RUNS}: {median * 1000:.0f} ms "
        f"(min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms); "
        f"budget for the whole import {TARGET_SECONDS:.1f} s"
    )
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
