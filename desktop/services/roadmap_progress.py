"""Marking progress by the plan's own numbers (`msoko roadmap progress ID MEASURE_NUMBER --done`): the
measure by its number in the plan, one occurrence of a recurring measure by the month it is due
(«2025-10») or its due day (a weekly one: the week's last day), or, when none is named, the occurrence
the window offers first (`Measure.occurrence_to_mark`). Every refusal is a Russian UserError."""

from __future__ import annotations

import re
from datetime import date

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.models.roadmaps import MONTH_NAMES, Measure, Occurrence, ProgressMark, RoadmapsRepository
from desktop.services.roadmap_life import find_plan

MONTH = re.compile(r"(\d{4})-(\d{2})")


def _number(written: str | None) -> str:
    """«3.1.» and «3.1» are one number: plans write both."""
    return (written or "").strip().rstrip(".").strip()


def find_measure(db: Database, roadmap_id: int, number: str) -> Measure:
    find_plan(db, roadmap_id)
    measures = RoadmapsRepository(db).measures(roadmap_id)
    found = [m for m in measures if _number(m.number) == _number(number) and _number(number)]
    if not found:
        numbers = [m.number for m in measures if m.number]
        shown = ", ".join(numbers[:12]) + (", …" if len(numbers) > 12 else "")
        known = f" Номера его мероприятий: {shown}." if numbers else " В нём нет нумерованных мероприятий."
        raise UserError(f"В плане № {roadmap_id} нет мероприятия с номером «{number}».{known}")
    if len(found) > 1:
        raise UserError(f"В плане № {roadmap_id} мероприятий с номером «{number}» несколько ({len(found)}): "
                        "отметьте нужное в окне программы.")
    return found[0]


def _keys(measure: Measure) -> str:
    keys = [o.key for o in measure.occurrences()]
    return ", ".join(keys if len(keys) <= 12 else [*keys[:6], "…", *keys[-3:]])


def find_occurrence(measure: Measure, wanted: str | date) -> Occurrence:
    """The occurrence named by a month "YYYY-MM" (the month it is due) or by a day (its due day, or a day
    inside its stretch)."""
    name = measure.number or measure.text[:40]
    if not measure.recurring:
        raise UserError(f"Мероприятие {name} — не повторяющееся (срок «{measure.deadline_text or 'не указан'}»): "
                        "--occurrence указывается только для повторяющихся сроков (ежемесячно, ежеквартально, "
                        "еженедельно).")
    occurrences = measure.occurrences()
    if isinstance(wanted, date):
        found = ([o for o in occurrences if o.end == wanted]
                 or [o for o in occurrences if o.start <= wanted <= o.end])
        written = f"{wanted:%d.%m.%Y}"
    else:
        found = [o for o in occurrences if o.key == wanted or o.end.strftime("%Y-%m") == wanted]
        written = wanted
        if len(found) > 1:
            year, month = MONTH.fullmatch(wanted).groups()
            raise UserError(f"В {MONTH_NAMES[int(month) - 1]} {year} у мероприятия {name} несколько сроков "
                            f"({', '.join(o.end.isoformat() for o in found)}): укажите день срока, например "
                            f"--occurrence {found[0].end.isoformat()}.")
    if not found:
        raise UserError(f"У мероприятия {name} нет срока «{written}» (срок «{measure.deadline_text}»). "
                        f"Его сроки: {_keys(measure)}.")
    return found[0]


def parse_occurrence(written: str) -> str | None:
    """A month "YYYY-MM" as written, None when it is not one (then it is read as a day)."""
    match = MONTH.fullmatch(written.strip())
    if match and 1 <= int(match.group(2)) <= 12:
        return match.group(0)
    return None


def choose(db: Database, roadmap_id: int, number: str, occurrence: str | date | None = None,
           on: date | None = None) -> tuple[Measure, Occurrence | None]:
    """The measure and the occurrence a mark on `on` (today) is for: `occurrence` as named, else for a
    recurring measure the one the window would offer first; None for a single deadline."""
    measure = find_measure(db, roadmap_id, number)
    if occurrence is not None:
        return measure, find_occurrence(measure, occurrence)
    return measure, measure.occurrence_to_mark(on or date.today()) if measure.recurring else None


def mark_done(db: Database, measure: Measure, occurrence: Occurrence | None, on: date, who: str = "",
              evidence: str = "") -> Measure:
    """The mark «выполнено» on `on`; the measure as it stands after it."""
    repository = RoadmapsRepository(db)
    repository.mark(ProgressMark(measure.id, "done", on, " ".join(who.split()), evidence.strip(),
                                 occurrence=occurrence.key if occurrence else None))
    return repository.measure(measure.id)
