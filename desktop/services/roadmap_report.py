"""«Отчёт об исполнении» of a roadmap or of an order's assignments: each measure with its status,
date and evidence, and the share done on time.

It counts measures: a recurring one is done when every occurrence begun is done (`Measure.status_on`), on
time when each of those was done by its day, overdue while any occurrence is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.models.db import Database
from desktop.models.office import Office
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
        return [m for m in self.measures if m.status_on(self.on) == "done"]

    @property
    def done_on_time(self) -> list[Measure]:
        """Done no later than the measure's last due day (measures with no dated deadline count as on time);
        a recurring one, each occurrence done by its own day."""
        return [m for m in self.done if _on_time(m)]

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
                    "status": m.status_on(self.on),
                    "status_date": m.last_marked().isoformat() if m.last_marked() else None,
                    "evidence": self.evidence.get(m.id, ""),
                    "overdue": m.id in overdue,
                    "on_time": m.id in on_time if m.status_on(self.on) == "done" else None,
                }
                for m in self.measures
            ],
        }


def _on_time(measure: Measure) -> bool:
    if measure.recurring:
        return all(o.status_date <= o.end for o in measure.occurrences() if o.status == "done" and o.status_date)
    return measure.due is None or bool(measure.status_date and measure.status_date <= measure.due)


def execution_report(db: Database, roadmap_id: int, on: date) -> ExecutionReport:
    roadmap, groups = load_roadmap(db, roadmap_id)
    measures = [m for _, ms in groups for m in ms]
    repository = RoadmapsRepository(db)
    evidence = {}
    for m in measures:
        history = repository.history(m.id) if m.status != "not_started" or m.occurrence_marks else []
        if history:
            evidence[m.id] = history[-1].evidence
    return ExecutionReport(roadmap_id, roadmap.title, on, measures, evidence)


EXECUTION_HEADER = ["№", "Мероприятие", "Срок", "Ответ-\nственные", "Статус", "Дата", "Подтвер-\nждение"]
EXECUTION_WIDTHS = [26, 118, 56, 66, 60, 54, 73]  # points of a 453-point text width, 10 pt text
EXECUTION_LEGEND = [("good", "выполнено в срок"), ("risk", "выполнено с опозданием"),
                    ("low", "срок прошёл, мероприятие не выполнено")]


def summary_sentence(report: ExecutionReport) -> str:
    """«Всего 18, выполнено 5, в срок 5 (28% всех мероприятий), просрочено 1 — на 23.11.2026.»"""
    total = len(report.measures)
    share = len(report.done_on_time) / total if total else 0
    return (f"Всего {total}, выполнено {len(report.done)}, в срок {len(report.done_on_time)} "
            f"({share:.0%} всех мероприятий), просрочено {len(report.overdue)} — на {report.on:%d.%m.%Y}.")


DUE_SOON_DAYS = 30  # «ближайшие» in the conclusions: the month ahead


def execution_conclusions(report: ExecutionReport) -> list[str]:
    """The conclusions of the execution report, from its figures: how much is done and on time, what is
    overdue (by number, with who answers for it), what falls due in the month ahead."""
    from desktop.services.wording import count_of

    total = len(report.measures)
    if not total:
        return ["В плане нет мероприятий."]
    done, on_time, overdue = len(report.done), len(report.done_on_time), report.overdue
    texts = [f"На {report.on:%d.%m.%Y} выполнено {done} из {count_of(total, 'мероприятие')} плана "
             f"({done / total:.0%}), в срок — {on_time}."]
    if overdue:
        listed = "; ".join(f"{m.number or '—'} {m.text[:80].rstrip()}{'…' if len(m.text) > 80 else ''}"
                           + (f" (ответственные: {m.responsible})" if m.responsible else "") for m in overdue)
        texts.append(f"Не выполнено в срок — {count_of(len(overdue), 'мероприятие')}: {listed}.")
    else:
        texts.append("Просроченных мероприятий нет.")
    soon = [m for m in report.measures if m.is_due_soon(report.on, DUE_SOON_DAYS) and not m.is_overdue(report.on)]
    if soon:
        texts.append(f"В ближайшие {DUE_SOON_DAYS} дней наступает срок "
                     f"{count_of(len(soon), 'мероприятие', 'gent')}: "
                     + ", ".join(m.number or m.text[:40] for m in soon) + ".")
    return texts


def execution_document(report: ExecutionReport, *, office: Office | None = None):
    """«Отчёт об исполнении» as a report document: each measure with its status, date and evidence,
    overdue ones marked, the totals and the share done on time as a sentence above the table."""
    from desktop.services.documents.model import TableRow, deadline_cell
    from desktop.services.documents.report_model import Heading, Paragraph, ReportDocument, ReportTable

    overdue = {m.id for m in report.overdue}
    on_time = {m.id for m in report.done_on_time}
    rows = []
    for m in report.measures:
        status, mark = STATUS_LABELS[m.status_on(report.on)], None
        if m.id in overdue:
            owed = len(m.overdue_occurrences(report.on))
            status, mark = f"{status}, просрочено" + (f" сроков: {owed}" if owed else ""), "low"
        elif m.status_on(report.on) == "done":
            status, mark = (f"{status} в срок", "good") if m.id in on_time else (f"{status} с опозданием", "risk")
        rows.append(TableRow(
            [m.number or "", m.text, deadline_cell(m.deadline_text), m.responsible, status,
             f"{m.last_marked():%d.%m.%Y}" if m.last_marked() else "", report.evidence.get(m.id, "")],
            marks={4: mark} if mark else {}))
    table = ReportTable(EXECUTION_HEADER, rows, EXECUTION_WIDTHS, summary=summary_sentence(report),
                        legend=EXECUTION_LEGEND, sheet="Отчёт об исполнении", font_size=10)
    conclusions = [Paragraph(text) for text in execution_conclusions(report)]
    office = office or Office()
    document = ReportDocument(title=f"Отчёт об исполнении: {report.title}", office=office.full_name,
                              date_line=f"по состоянию на {report.on:%d.%m.%Y}",
                              blocks=[table, Heading("Выводы"), *conclusions])
    document.signed(office.head_position, office.head_name, office.executor_name, office.executor_phone)
    return document


def write_report(report: ExecutionReport, path: Path, *, office: Office | None = None) -> None:
    """The execution report as PDF, DOCX or XLSX by the suffix of `path`, atomically."""
    from desktop.services.documents.report_files import save_report

    save_report(execution_document(report, office=office), path)

