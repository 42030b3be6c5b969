"""A plan of the school year 2025/26 with a monthly report («до 25 числа каждого месяца») beside a measure
with a single deadline: what the tests of occurrences (issue 18 part 4) mark and count."""

from __future__ import annotations

from datetime import date

from desktop.models.roadmaps import Roadmap, RoadmapsRepository, SectionDraft
from desktop.services.measures import measure_draft

PERIOD = (date(2025, 9, 1), date(2026, 8, 31))
MONTHLY = "до 25 числа каждого месяца"


def recurring_plan(db) -> int:
    monthly, _ = measure_draft("Представлять информацию о ходе реализации плана", number="1.",
                               deadline_text=MONTHLY, responsible="Иванова О. П.", period=PERIOD)
    monthly.addressee = "Руководителям ОО"
    single, _ = measure_draft("Провести совещание руководителей ОО", number="2.", deadline_text="до 15 октября 2025 г.",
                              responsible="Петров А. А.", period=PERIOD)
    return RoadmapsRepository(db).create(
        Roadmap("План мероприятий на 2025-2026 учебный год", *PERIOD), [SectionDraft(None, None, [monthly, single])])
