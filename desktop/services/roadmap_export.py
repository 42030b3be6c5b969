"""A roadmap as the export JSON other tools read, and as an .xlsx laid out for printing.

Both show the plan as it stands on a day (today unless asked): the status of a recurring measure and the
state of each of its occurrences depend on which of them have come due.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.models.roadmaps import Measure, Roadmap, RoadmapsRepository, Section, status_label

PLAN_HEADER = ["№", "Мероприятие", "Срок исполнения", "Участники", "Ответственные", "Отметка о выполнении"]
PLAN_WIDTHS = [0.6, 6.0, 2.0, 2.2, 2.6, 1.6]


def load_roadmap(db: Database, roadmap_id: int) -> tuple[Roadmap, list[tuple[Section | None, list[Measure]]]]:
    """The roadmap and its groups in plan order: each section with its measures, and runs of
    measures outside any section as groups whose section is None."""
    repository = RoadmapsRepository(db)
    roadmap = repository.get(roadmap_id)
    if roadmap is None:
        raise UserError(f"Дорожной карты с номером {roadmap_id} нет в базе (см. msoko roadmap list).")
    sections = repository.sections(roadmap_id)
    by_id = {s.id: s for s in sections}
    pending = list(sections)  # by position
    groups: list[tuple[Section | None, list[Measure]]] = []
    for measure in repository.measures(roadmap_id):
        while pending and pending[0].position <= measure.position:
            groups.append((pending.pop(0), []))
        section = by_id.get(measure.section_id)
        if not groups or groups[-1][0] is not section:
            groups.append((section, []))
        groups[-1][1].append(measure)
    groups.extend((section, []) for section in pending)
    return roadmap, groups


def roadmap_json(db: Database, roadmap_id: int, on: date | None = None) -> dict:
    """The plan for other tools, as it stands on `on` (today)."""
    on = on or date.today()
    roadmap, groups = load_roadmap(db, roadmap_id)
    order = roadmap.order
    return {
        "id": roadmap.id,
        "title": roadmap.title,
        "order": order.to_json() if order else {"kind": None, "number": None, "date": None},
        "period": [_iso(roadmap.period_start), _iso(roadmap.period_end)],
        "sections": [
            {
                "number": section.number if section else None,
                "title": section.title if section else None,
                "measures": [_measure_json(m, on) for m in measures],
            }
            for section, measures in groups
        ],
    }


def _measure_json(measure: Measure, on: date) -> dict:
    return {
        "number": measure.number,
        "text": measure.text,
        "deadline": {"text": measure.deadline_text, **measure.deadline},
        "participants": measure.participants,
        "responsible": measure.responsible,
        "addressee": measure.addressee,
        "status": measure.status_on(on),
        "occurrences": occurrences_json(measure, on),
    }


def occurrences_json(measure: Measure, on: date) -> list[dict]:
    """A recurring measure's occurrences, each {"start", "end", "state"}: "done", "overdue" (its day has
    passed), "due" (the next one not done) or "future". [] for a single deadline (its "status" says it all);
    a cancelled occurrence is owed no more and is left out."""
    shown = []
    for occurrence in measure.occurrences():
        state = measure.occurrence_state(occurrence, on)
        if state != "cancelled":
            shown.append({"start": occurrence.start.isoformat(), "end": occurrence.end.isoformat(), "state": state})
    return shown


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def export_roadmap_xlsx(db: Database, roadmap_id: int, path: Path, on: date | None = None) -> None:
    from desktop.services.documents.model import Table, TableRow, deadline_cell, section_heading
    from desktop.services.documents.xlsx_writer import write_table_xlsx

    roadmap, groups = load_roadmap(db, roadmap_id)
    rows: list[TableRow] = []
    for section, measures in groups:
        if section is not None:
            rows.append(TableRow.section(section_heading(section.number, section.title)))
        for m in measures:
            status = status_label(m, on or date.today())
            rows.append(TableRow([m.number or "", m.text, deadline_cell(m.deadline_text), m.participants,
                                  m.responsible, status]))
    table = Table(PLAN_HEADER, rows, PLAN_WIDTHS)
    write_table_xlsx(Path(path), [("План мероприятий", table)], title=roadmap.title)
