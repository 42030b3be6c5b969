"""«Отчёт об исполнении» of a roadmap or of an order's assignments: each measure with its status,
date and evidence, and the share done on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.models.db import Database
from desktop.models.roadmaps import STATUS_LABELS, Measure, RoadmapsRepository
from desktop.services.roadmap_export import load_roadmap


@dataclass
class ExecutionReport:
    roadmap_id: int
    title: str
    on: date
    measures: list[Measure]
    evidence: dict[int, str]

    @property
    def done(self) -> list[Measure]:
        return [m for m in self.measures if m.status == "done"]

    @property
    def done_on_time(self) -> list[Measure]:
        """Done no later than the measure's last due day (measures with no dated deadline count as on time)."""
        return [m for m in self.done if m.due is None or (m.status_date and m.status_date <= m.due)]

    @property
    def overdue(self) -> list[Measure]:
        return [m for m in self.measures if m.is_overdue(self.on)]

    def to_json(self) -> dict:
        overdue = {m.id for m in self.overdue}
        on_time = {m.id for m in self.done_on_time}
        return {
            "roadmap_id": self.roadmap_id,
            "title": self.title,
            "on": self.on.isoformat(),
            "total": len(self.measures),
            "done": len(self.done),
            "done_on_time": len(self.done_on_time),
            "overdue": len(self.overdue),
            "measures": [
                {
                    "number": m.number,
                    "text": m.text,
                    "deadline": m.deadline_text,
                    "due": m.due.isoformat() if m.due else None,
                    "responsible": m.responsible,
                    "status": m.status,
                    "status_date": m.status_date.isoformat() if m.status_date else None,
                    "evidence": self.evidence.get(m.id, ""),
                    "overdue": m.id in overdue,
                    "on_time": m.id in on_time if m.status == "done" else None,
                }
                for m in self.measures
            ],
        }


def execution_report(db: Database, roadmap_id: int, on: date) -> ExecutionReport:
    roadmap, groups = load_roadmap(db, roadmap_id)
    measures = [m for _, ms in groups for m in ms]
    repository = RoadmapsRepository(db)
    evidence = {}
    for m in measures:
        history = repository.history(m.id) if m.status != "not_started" else []
        if history:
            evidence[m.id] = history[-1].evidence
    return ExecutionReport(roadmap_id, roadmap.title, on, measures, evidence)


def write_report_xlsx(report: ExecutionReport, path: Path) -> None:
    from desktop.services.documents.model import Table, TableRow
    from desktop.services.documents.xlsx_writer import write_table_xlsx

    rows = [
        TableRow([m.number or "", m.text, m.deadline_text, m.responsible, STATUS_LABELS[m.status],
                  f"{m.status_date:%d.%m.%Y}" if m.status_date else "", report.evidence.get(m.id, ""),
                  "просрочено" if m in report.overdue else ""])
        for m in report.measures
    ]
    share = len(report.done_on_time) / len(report.measures) if report.measures else 0
    rows.append(TableRow.section(
        f"Всего {len(report.measures)}, выполнено {len(report.done)}, в срок {len(report.done_on_time)} "
        f"({share:.0%}), просрочено {len(report.overdue)} — на {report.on:%d.%m.%Y}"))
    table = Table(["№", "Мероприятие", "Срок", "Ответственные", "Статус", "Дата", "Подтверждение", "Отметка"],
                  rows, [0.6, 5, 1.8, 2.2, 1.3, 1.1, 2.6, 1.2])
    write_table_xlsx(Path(path), [("Отчёт об исполнении", table)], title=f"Отчёт об исполнении: {report.title}")
