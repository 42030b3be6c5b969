"""The Roadmap tab with a 5,000-measure plan: opening the tab (model, tree, summary, timeline) and
filtering as you type. Targets: opening ≤ 300 ms, ≤ 50 ms a keystroke. Medians.

    python bench/bench_roadmap_tab.py
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

from desktop.models.roadmaps import ProgressMark, Roadmap, RoadmapsRepository, SectionDraft  # noqa: E402
from desktop.services.database import open_database  # noqa: E402
from desktop.services.measures import measure_draft  # noqa: E402

SECTIONS, PER_SECTION = 50, 100
TODAY = date(2026, 11, 23)
PERIOD = (date(2026, 9, 1), date(2027, 8, 31))
DEADLINES = ["до 15 сентября 2026 г.", "октябрь-декабрь", "постоянно", "По плану УО", "март, май 2027 г.",
             "в течение 2026-2027 уч. г.", "до 01.02.2027", "IV квартал 2026 г."]
WORDS = ["семинар", "анализ", "контроль", "совещание", "мониторинг", "подготовка", "проверка"]


def build(path: Path) -> None:
    db = open_database(path)
    sections = []
    for s in range(SECTIONS):
        section = SectionDraft(f"{s + 1}.", f"Раздел {s + 1}: направление работы № {s + 1}")
        for m in range(PER_SECTION):
            draft, _ = measure_draft(
                f"{WORDS[(s + m) % len(WORDS)].capitalize()} по вопросу {m} раздела {s + 1}, школы округа",
                number=f"{s + 1}.{m + 1}.", deadline_text=DEADLINES[(s * 7 + m) % len(DEADLINES)],
                participants="Руководители ОО", responsible=f"Специалист {m % 12}", period=PERIOD)
            section.measures.append(draft)
        sections.append(section)
    repository = RoadmapsRepository(db)
    roadmap_id = repository.create(Roadmap("План на 5000 мероприятий", *PERIOD), sections)
    for measure in repository.measures(roadmap_id)[::3]:
        repository.mark(ProgressMark(measure.id, "done", TODAY))
    db.close()


def main() -> int:
    from desktop.views.roadmap_tab import RoadmapTab

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MSOKO_DATA_DIR"] = str(Path(folder) / "data")
        path = Path(folder) / "big.sqlite"
        build(path)
        db = open_database(path)
        opens, keystrokes = [], []
        for _ in range(5):
            started = time.perf_counter()
            tab = RoadmapTab(db, path, today=TODAY)
            tab.resize(1200, 700)
            tab.show()
            app.processEvents()
            opens.append(time.perf_counter() - started)
            assert len(tab.model.measures()) == SECTIONS * PER_SECTION
            for text in ("с", "се", "сем", "семи", "семин", "семина", "семинар", "семинар 4"):
                started = time.perf_counter()
                tab.search.setText(text)
                app.processEvents()
                keystrokes.append(time.perf_counter() - started)
            tab.search.clear()
            tab.close()
            tab.deleteLater()
            app.processEvents()
        db.close()
    opening, typing = statistics.median(opens), statistics.median(keystrokes)
    print(f"open the tab (5,000 measures)   median {opening * 1000:.0f} ms  runs {[round(t * 1000) for t in opens]}"
          "  (target ≤ 300 ms)")
    print(f"filter, per keystroke           median {typing * 1000:.0f} ms  max {max(keystrokes) * 1000:.0f} ms"
          "  (target ≤ 50 ms)")
    return 0 if opening <= 0.3 and typing <= 0.05 else 1


if __name__ == "__main__":
    raise SystemExit(main())
