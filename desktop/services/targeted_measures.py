"""Targeted work with the schools the results rules flag: a measure per school and flag in a chosen plan,
under the plan's section «Адресная работа со школами» (made at the plan's end when it has none), each
naming its school (`measure_schools`) and carrying the flag's explanation in its note.

A school and flag the plan already addresses is not added again, so running it twice adds nothing the
second time. The window's «Добавить в план…» and `msoko roadmap targeted` share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.errors import UserError
from desktop.folding import fold
from desktop.models.db import Database, transaction
from desktop.models.roadmaps import RoadmapsRepository
from desktop.services import roadmap_edits, roadmap_life

SECTION_TITLE = "Адресная работа со школами"
FLAGS = ("low_results", "objectivity_risk")
# What a measure answering each flag does; the school's name follows.
MEASURE_TEXTS = {
    "low_results": "Адресная методическая помощь в повышении образовательных результатов",
    "objectivity_risk": "Контроль объективности проведения и проверки оценочных процедур",
}


@dataclass(frozen=True)
class TargetedMeasure:
    id: int
    number: str
    school_id: int
    flag: str

    def to_json(self) -> dict:
        return {"id": self.id, "number": self.number, "school_id": self.school_id, "flag": self.flag}


@dataclass
class Targeted:
    section_id: int | None  # None when nothing was to be added to a plan without the section
    measures: list[TargetedMeasure] = field(default_factory=list)
    already: int = 0  # school and flag pairs the plan addressed before

    def to_json(self) -> dict:
        return {"section_id": self.section_id, "measures": [m.to_json() for m in self.measures]}


def flagged(db: Database, year: int, flag: str | None = None, school_ids: set[int] | None = None) -> dict:
    """(school id, flag) → the rules' flags behind it in `year` (several rules may give one flag), in the
    rules' order; only `flag` and the schools `school_ids` when given."""
    from desktop.services.rules import flags_for_year

    if flag is not None and flag not in FLAGS:
        raise UserError(f"Признака «{flag}» нет: low_results или objectivity_risk.")
    found: dict[tuple[int, str], list] = {}
    for item in flags_for_year(db, year).flags:
        if (flag is None or item.flag == flag) and (school_ids is None or item.school_id in school_ids):
            found.setdefault((item.school_id, item.flag), []).append(item)
    return found


def add_targeted(db: Database, roadmap_id: int, year: int, *, flag: str | None = None, deadline: str = "",
                 responsible: str = "", school_ids: set[int] | None = None) -> Targeted:
    """The measures for the schools flagged in `year`, in one transaction."""
    from desktop.services.measures import measure_draft
    from desktop.services.orders import FLAG_NAMES
    from desktop.services.results_report import RULE_NAMES

    roadmap = roadmap_life.find_plan(db, roadmap_id)
    roadmap_life.check_editable(roadmap)
    repo = RoadmapsRepository(db)
    pairs = flagged(db, year, flag, school_ids)
    done = repo.addressed(roadmap_id)
    new = {pair: flags for pair, flags in pairs.items() if pair not in done}
    sections = repo.sections(roadmap_id)
    section = next((s for s in sections if fold(s.title).strip() == fold(SECTION_TITLE)), None)
    result = Targeted(section.id if section else None, already=len(pairs) - len(new))
    if not new:
        return result
    issued = roadmap.order.date if roadmap.order else None
    with transaction(db):
        if section is None:
            number = roadmap_edits.next_section_number(sections)
            section_id = repo.append_section(roadmap_id, number, SECTION_TITLE)
            section = next(s for s in repo.sections(roadmap_id) if s.id == section_id)
        result.section_id = section.id
        measures = repo.measures(roadmap_id)
        _, position = roadmap_edits.new_measure_place(measures, section)
        count = sum(1 for m in measures if m.section_id == section.id)
        base = (section.number or "").strip().rstrip(".")
        for (school_id, which), items in new.items():
            count += 1
            number = f"{base}.{count}." if base else f"{count}."
            note = "; ".join(f"{RULE_NAMES.get(i.rule, i.rule)}: {i.explanation}" for i in items)
            draft, _ = measure_draft(
                f"{MEASURE_TEXTS[which]}: {items[0].name}", number=number, deadline_text=deadline,
                participants=items[0].name, responsible=responsible,
                note=f"Признак {year} года — {FLAG_NAMES[which]} ({note})", period=roadmap.period, issued=issued)
            measure_id = repo.insert_measure(roadmap_id, section.id, position, draft)
            repo.address(measure_id, school_id, which)
            result.measures.append(TargetedMeasure(measure_id, number, school_id, which))
            position += 1
    return result


def address_measure(db: Database, roadmap_id: int, number: str, schools: list[str]) -> list[tuple[int, str | None]]:
    """Name the schools (codes or registry numbers) of the plan's measure `number`, replacing those it named
    (a school kept keeps its flag); the links as they are now."""
    from desktop.services.roadmap_progress import find_measure
    from desktop.services.school_matching import find_school

    measure = find_measure(db, roadmap_id, number)
    ids = [find_school(db, school).id for school in schools]
    repo = RoadmapsRepository(db)
    roadmap_edits.AddressSchools(measure, repo.measure_schools(measure.id), ids).apply(repo)
    return repo.measure_schools(measure.id)
