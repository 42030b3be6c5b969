"""Where the plans stand on a day: what is overdue, what is due soon, how much is done.

The overdue and due-soon lists hold what is owed: a measure with a single deadline, or one occurrence of
a recurring measure (`Measure.as_occurrence`: its `due` the occurrence's day, `occurrence` its key) — a
monthly report missed in October and November is two entries, the December one due soon a third.
"""

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
    overdue: list[Measure] = field(default_factory=list)  # entries: measures or occurrences of recurring ones
    due_soon: list[Measure] = field(default_factory=list)
    done: int = 0
    total: int = 0

    def sentence(self) -> str:
        """The summary strip of the roadmap tab."""
        return (
            f"выполнено {self.done} из {self.total}, просрочено {len(self.overdue)}, "
            f"в ближайшие {self.days} дней {len(self.due_soon)}"
        )

    def finished_sentence(self, archived_at: date) -> str:
        """The summary strip of a finished plan: nothing is overdue in it any more."""
        return f"план завершён {archived_at:%d.%m.%Y}, только просмотр: выполнено {self.done} из {self.total}"

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
        "status": measure.status_on(on),
        "occurrence": measure.occurrence,  # the key of a recurring measure's occurrence, else None
    }


def summarize(measures: list[Measure], on: date, days: int = DUE_SOON_DAYS) -> StatusSummary:
    summary = StatusSummary(on, days, total=len(measures))
    for measure in measures:
        if measure.status_on(on) == "done":
            summary.done += 1
        summary.overdue.extend(measure.overdue_entries(on))
        soon = measure.due_soon_entry(on, days)
        if soon is not None:
            summary.due_soon.append(soon)
    summary.due_soon.sort(key=lambda m: m.next_due(on))
    summary.overdue.sort(key=lambda m: m.due)
    return summary


def status_on(db: Database, on: date, days: int = DUE_SOON_DAYS, roadmap_id: int | None = None) -> StatusSummary:
    """The plans in work (finished plans are left out of every overdue list), or one plan: a finished one
    is counted, done of total, but nothing of it is overdue or due any more."""
    repository = RoadmapsRepository(db)
    if roadmap_id is None:
        return summarize(repository.measures(include_archived=False), on, days)
    summary = summarize(repository.measures(roadmap_id), on, days)
    roadmap = repository.get(roadmap_id)
    if roadmap is not None and roadmap.archived:
        summary.overdue, summary.due_soon = [], []
    return summary


def plan_label(roadmap) -> str:
    """«План: <title> (№ 112-од от 29.08.2026)», «Поручения приказа: …» for the plan of an order's clauses."""
    what = "Поручения приказа" if roadmap.source == "clauses" else "План"
    order = roadmap.order
    suffix = f" (№ {order.number} от {order.date:%d.%m.%Y})" if order and order.date else ""
    return f"{what}: {roadmap.title}{suffix}"


def urgent_by_plan(db: Database, on: date, *, soon: bool = False,
                   days: int = DUE_SOON_DAYS) -> tuple[StatusSummary, list[tuple[object, list[Measure]]]]:
    """What is overdue in every plan (and, with `soon`, due in the next `days`), grouped by plan: the plan
    with the oldest overdue measure first, as are such measures within a plan; what is only due soon
    after, the nearest first. The window's list and its printed copy both show this."""
    summary = status_on(db, on, days)
    shown = summary.overdue + (summary.due_soon if soon else [])
    plans = {r.id: r for r in RoadmapsRepository(db).list()}

    def urgency(measure: Measure) -> tuple:
        due = measure.due if measure.is_overdue(on) else measure.next_due(on)
        return (not measure.is_overdue(on), due or date.max)

    groups: dict[int, list[Measure]] = {}
    for measure in sorted(shown, key=urgency):
        groups.setdefault(measure.roadmap_id, []).append(measure)
    return summary, [(plans[roadmap_id], measures) for roadmap_id, measures in groups.items()]


URGENT_HEADER = ["№", "Мероприятие / поручение", "Срок", "Дата срока", "Просрочено, дней", "Ответственные", "Статус"]
URGENT_WIDTHS = [30, 150, 70, 50, 42, 70, 41]  # points of a 453-point text width
URGENT_LEGEND = [("low", "срок прошёл"), ("risk", "срок в ближайшие дни")]


def urgent_document(db: Database, on: date, *, soon: bool = False, days: int = DUE_SOON_DAYS):
    """«Просроченное во всех планах» as a report to print or save (PDF, DOCX, Excel): each plan a
    section row, then its measures with the day they were due and how many days ago."""
    from desktop.models.office import load_office
    from desktop.models.roadmaps import STATUS_LABELS
    from desktop.services.documents.model import TableRow, deadline_cell
    from desktop.services.documents.report_model import Paragraph, ReportDocument, ReportTable
    from desktop.services.wording import count_of

    summary, groups = urgent_by_plan(db, on, soon=soon, days=days)
    rows = []
    for roadmap, measures in groups:
        rows.append(TableRow.section(plan_label(roadmap)))
        for m in measures:
            overdue = m.is_overdue(on)
            due = m.due if overdue else m.next_due(on)
            rows.append(TableRow([m.number or "", m.text, deadline_cell(m.deadline_text), f"{due:%d.%m.%Y}" if due else "",
                                  str((on - m.due).days) if overdue else "", m.responsible, STATUS_LABELS[m.status]],
                                 marks={3: "low" if overdue else "risk"}))
    title = "Просроченные мероприятия во всех планах" + (f" и сроки в ближайшие {days} дней" if soon else "")
    if not rows:
        blocks = [Paragraph(f"На {on:%d.%m.%Y} просроченных мероприятий и поручений нет.")]
    else:
        sentence = f"Просрочено — {count_of(len(summary.overdue), 'мероприятие')}"
        if soon:
            sentence += f"; в ближайшие {days} дней наступает срок ещё {len(summary.due_soon)}"
        blocks = [ReportTable(URGENT_HEADER, rows, URGENT_WIDTHS, summary=sentence + ".", legend=URGENT_LEGEND,
                              sheet="Просроченное", font_size=10)]
    return ReportDocument(title=title, office=load_office(db).full_name, date_line=f"на {on:%d.%m.%Y}",
                          blocks=blocks)
