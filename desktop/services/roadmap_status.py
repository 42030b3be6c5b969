"""Where the plans stand on a day: what is overdue, what is due soon, how much is done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.models.db import Database
from desktop.models.roadmaps import Measure, RoadmapsRepository

DUE_SOON_DAYS = 14


@dataclass
class StatusSummary:
    on: date
    days: int
    overdue: list[Measure] = field(default_factory=list)
    due_soon: list[Measure] = field(default_factory=list)
    done: int = 0
    total: int = 0

    def sentence(self) -> str:
        """The summary strip of the roadmap tab."""
        return (
            f"выполнено {self.done} из {self.total}, просрочено {len(self.overdue)}, "
            f"в ближайшие {self.days} дней {len(self.due_soon)}"
        )

    def to_json(self) -> dict:
        return {
            "overdue": [measure_ref(m, self.on) for m in self.overdue],
            "due_soon": [measure_ref(m, self.on) for m in self.due_soon],
            "done": self.done,
            "total": self.total,
        }


def measure_ref(measure: Measure, on: date) -> dict:
    next_due = measure.next_due(on)
    return {
        "roadmap_id": measure.roadmap_id,
        "measure_id": measure.id,
        "number": measure.number,
        "text": measure.text,
        "deadline": measure.deadline_text,
        "due": (next_due or measure.due).isoformat() if (next_due or measure.due) else None,
        "responsible": measure.responsible,
        "status": measure.status,
    }


def summarize(measures: list[Measure], on: date, days: int = DUE_SOON_DAYS) -> StatusSummary:
    summary = StatusSummary(on, days, total=len(measures))
    for measure in measures:
        if measure.status == "done":
            summary.done += 1
        if measure.is_overdue(on):
            summary.overdue.append(measure)
        elif measure.is_due_soon(on, days):
            summary.due_soon.append(measure)
    summary.due_soon.sort(key=lambda m: m.next_due(on))
    summary.overdue.sort(key=lambda m: m.due)
    return summary


def status_on(db: Database, on: date, days: int = DUE_SOON_DAYS, roadmap_id: int | None = None) -> StatusSummary:
    return summarize(RoadmapsRepository(db).measures(roadmap_id), on, days)
