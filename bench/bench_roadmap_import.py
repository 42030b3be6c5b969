"""Import of a 500-measure roadmap order (10 sections × 50 measures) from .docx.

    python bench/bench_roadmap_import.py

Medians of 5: the reader alone (in process), and the whole `msoko roadmap import` end to end in a
fresh process each time — start, read, deadlines parsed, saved in one transaction — on a new
database. Target for the end-to-end import: ≤ 1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.services.importers.roadmap.word_order import read_roadmap_docx  # noqa: E402
from tests.builders.docx_orders import build_order_docx, roadmap_docx_rows  # noqa: E402

SECTIONS = 10
MEASURES_PER_SECTION = 50
RUNS = 5
TARGET_SECONDS = 1.0


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        path = build_order_docx(folder / "plan-500.docx", roadmap_docx_rows(SECTIONS, MEASURES_PER_SECTION))
        reads = []
        for _ in range(RUNS):
            started = time.perf_counter()
            roadmap = read_roadmap_docx(path)
            reads.append(time.perf_counter() - started)
        assert roadmap.measure_count == SECTIONS * MEASURES_PER_SECTION, roadmap.measure_count

        env = {**os.environ, "MSOKO_DATA_DIR": str(folder / "data")}
        imports = []
        for run in range(RUNS):
            db = folder / f"office-{run}.sqlite"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop.cli.main", "roadmap", "import", str(path), "--db", str(db)],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            imports.append(time.perf_counter() - started)
    read, whole = statistics.median(reads), statistics.median(imports)
    print(f"read_roadmap_docx (500 measures)        median {read * 1000:.0f} ms")
    print(f"msoko roadmap import, end to end        median {whole * 1000:.0f} ms  runs "
          f"{[round(t * 1000) for t in imports]}  (target ≤ {TARGET_SECONDS * 1000:.0f} ms)")
    return 0 if whole <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
