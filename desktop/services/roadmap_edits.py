"""Editing a plan step by step, each step undoable: the rules of where a new measure goes, the next
section's number and moves, and the edits themselves (apply / revert against the repository).

The window binds these to its actions and an undo stack; nothing here knows about widgets. Every
edit says, as a `Shown`, what the view must redraw after it: one measure, or the whole plan with a
measure or a section selected.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from desktop.models.roadmaps import (
    STATUS_LABELS,
    Measure,
    PlanRows,
    ProgressMark,
    Roadmap,
    RoadmapsRepository,
    Section,
)

Groups = list[tuple[int | None, list[int]]]  # the plan's order: (section id or None, its measure ids)


@dataclass(frozen=True)
class Shown:
    """What the view redraws after an edit: just `measure_id` (`whole_plan` False), or the whole plan
    selecting `measure_id` or `section_id`; with `plans`, the list of plans changed (a plan finished,
    returned to work, deleted or restored): the view lists them again and shows `roadmap_id` if it can."""

    whole_plan: bool = True
    measure_id: int | None = None
    section_id: int | None = None
    plans: bool = False
    roadmap_id: int | None = None


class Edit(Protocol):
    label: str  # for «Отменить …» / «Повторить …»: a noun phrase in the accusative, lower case

    def apply(self, repo: RoadmapsRepository) -> Shown: ...

    def revert(self, repo: RoadmapsRepository) -> Shown: ...


def measure_draft_of(roadmap: Roadmap, measure: Measure):
    """A saved measure as a draft again, its deadline re-read against the plan's period and order date."""
    # The deadline reader compiles its patterns on import: loaded at the first edit, not at start.
    from desktop.services.measures import measure_draft

    return measure_draft(
        measure.text, number=measure.number, deadline_text=measure.deadline_text,
        participants=measure.participants, responsible=measure.responsible, note=measure.note,
        period=roadmap.period, issued=roadmap.order.date if roadmap.order else None,
    )


# --- the rules -------------------------------------------------------------------------------------
def new_measure_place(measures: list[Measure], selected: Measure | Section | None) -> tuple[int | None, int]:
    """(section id, position) of a new measure: after the selected measure, at the end of the selected
    section, or at the end of the plan."""
    if isinstance(selected, Measure):
        return selected.section_id, selected.position + 1
    if isinstance(selected, Section):
        inside = [m for m in measures if m.section_id == selected.id]
        return selected.id, (inside[-1].position + 1 if inside else selected.position)
    return None, (measures[-1].position + 1 if measures else 0)


def next_section_number(sections: list[Section]) -> str:
    """«N+1.» after the last section numbered «N.» (or «N»); «1.» in a plan with none."""
    numbered = [s for s in sections if (s.number or "").rstrip(".").isdigit()]
    return f"{int(numbered[-1].number.rstrip('.')) + 1}." if numbered else "1."


def move(roadmap_id: int, selected: Measure | Section | None, step: int, measures: list[Measure],
         groups: Groups) -> Edit | None:
    """The edit that moves the selected measure within its section, or the selected section within the
    plan, by `step` (−1 up, +1 down); None at the edge or with nothing selected."""
    if isinstance(selected, Section):
        at = next(i for i, (section_id, _) in enumerate(groups) if section_id == selected.id)
        if not 0 <= at + step < len(groups):
            return None
        after = list(groups)
        after[at], after[at + step] = after[at + step], after[at]
        return ReorderPlan(roadmap_id, groups, after, selected.id)
    if not isinstance(selected, Measure):
        return None
    siblings = [m for m in measures if m.section_id == selected.section_id]
    at = next(i for i, m in enumerate(siblings) if m.id == selected.id)
    if not 0 <= at + step < len(siblings):
        return None
    return SwapMeasures(selected.id, siblings[at + step].id)


# --- the edits -------------------------------------------------------------------------------------
class EditMeasure:
    """One field of a measure changed (its deadline re-read when the text of the deadline changes)."""

    def __init__(self, roadmap: Roadmap, before: Measure, field: str, value: str):
        self.label = f"изменение мероприятия {_named(before.number, before.text)}"
        self.roadmap, self.before, self.after = roadmap, before, replace(before, **{field: value})

    def _save(self, repo: RoadmapsRepository, measure: Measure) -> Shown:
        draft, _ = measure_draft_of(self.roadmap, measure)
        repo.update_measure(measure.id, draft)
        return Shown(whole_plan=False, measure_id=measure.id)

    def apply(self, repo: RoadmapsRepository) -> Shown:
        return self._save(repo, self.after)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        return self._save(repo, self.before)


class RenameSection:
    def __init__(self, section: Section, number: str | None, title: str):
        self.label = "изменение раздела"
        self.before, self.after = (section.id, section.number, section.title), (section.id, number, title)

    def apply(self, repo: RoadmapsRepository) -> Shown:
        repo.rename_section(*self.after)
        return Shown(section_id=self.after[0])

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.rename_section(*self.before)
        return Shown(section_id=self.before[0])


class AddMeasure:
    def __init__(self, roadmap_id: int, section_id: int | None, position: int, text: str):
        self.label = "добавление мероприятия"
        self.place, self.text = (roadmap_id, section_id, position), text
        self.measure_id: int | None = None  # the same id again when redone, so later edits still apply

    def apply(self, repo: RoadmapsRepository) -> Shown:
        from desktop.services.measures import measure_draft

        draft, _ = measure_draft(self.text)
        self.measure_id = repo.insert_measure(*self.place, draft, measure_id=self.measure_id)
        return Shown(measure_id=self.measure_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.delete_measure(self.measure_id)
        return Shown()


class SwapMeasures:
    def __init__(self, moving_id: int, other_id: int):
        self.label = "перемещение мероприятия"
        self.ids = (moving_id, other_id)

    def apply(self, repo: RoadmapsRepository) -> Shown:
        repo.swap_positions(*self.ids)
        return Shown(measure_id=self.ids[0])

    revert = apply


class ReorderPlan:
    """A whole section moved up or down: the plan's order before and after."""

    def __init__(self, roadmap_id: int, before: Groups, after: Groups, section_id: int):
        self.label = "перемещение раздела"
        self.roadmap_id, self.before, self.after, self.section_id = roadmap_id, before, after, section_id

    def apply(self, repo: RoadmapsRepository) -> Shown:
        repo.reorder(self.roadmap_id, self.after)
        return Shown(section_id=self.section_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.reorder(self.roadmap_id, self.before)
        return Shown(section_id=self.section_id)


class AddSection:
    def __init__(self, roadmap_id: int, number: str, title: str):
        self.label = "добавление раздела"
        self.roadmap_id, self.number, self.title = roadmap_id, number, title
        self.section_id: int | None = None

    def apply(self, repo: RoadmapsRepository) -> Shown:
        self.section_id = repo.append_section(self.roadmap_id, self.number, self.title)
        return Shown(section_id=self.section_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.delete_section(self.section_id)
        return Shown()


class MarkProgress:
    """A mark of a measure, or of one occurrence of a recurring measure (`mark.occurrence`, named for the
    undo menu by `occurrence_label`: «отметку «выполнено»: октябрь 2025 (срок 25.10.2025)»)."""

    def __init__(self, mark: ProgressMark, occurrence_label: str = ""):
        self.label = f"отметку «{STATUS_LABELS[mark.status]}»" + (f": {occurrence_label}" if occurrence_label else "")
        self.mark = mark
        self.saved: ProgressMark | None = None

    def apply(self, repo: RoadmapsRepository) -> Shown:
        self.saved = repo.mark(self.mark)
        return Shown(whole_plan=False, measure_id=self.mark.measure_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.remove_mark(self.saved.id)
        return Shown(whole_plan=False, measure_id=self.mark.measure_id)


class AddressSchools:
    """The schools of the registry a measure names, chosen anew: those kept keep the flag they answer."""

    def __init__(self, measure: Measure, before: list[tuple[int, str | None]], school_ids: list[int]):
        self.label = f"изменение школ мероприятия {_named(measure.number, measure.text)}"
        flags = dict(before)
        self.measure_id, self.before = measure.id, before
        self.after = [(school_id, flags.get(school_id)) for school_id in dict.fromkeys(school_ids)]

    def apply(self, repo: RoadmapsRepository) -> Shown:
        repo.set_measure_schools(self.measure_id, self.after)
        return Shown(whole_plan=False, measure_id=self.measure_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.set_measure_schools(self.measure_id, self.before)
        return Shown(whole_plan=False, measure_id=self.measure_id)


class _Deletion:
    """A measure or a section deleted with what belongs to it; undo puts the rows back in their place,
    under their old ids, marks and all. A subclass names the repository's two steps and what is shown."""

    take, put_back, shown_as = "", "", ""

    def __init__(self, label: str, key: int):
        self.label, self.key = label, key
        self.kept: PlanRows | None = None

    def apply(self, repo: RoadmapsRepository) -> Shown:
        self.kept = getattr(repo, self.take)(self.key)
        return Shown()

    def revert(self, repo: RoadmapsRepository) -> Shown:
        getattr(repo, self.put_back)(self.kept)
        return Shown(**{self.shown_as: self.key})


class DeleteMeasure(_Deletion):
    take, put_back, shown_as = "delete_measure", "restore_measure", "measure_id"

    def __init__(self, measure: Measure):
        super().__init__(f"удаление мероприятия {_named(measure.number, measure.text)}", measure.id)


class DeleteSection(_Deletion):
    """With the section go its measures and their marks."""

    take, put_back, shown_as = "delete_section", "restore_section", "section_id"

    def __init__(self, section: Section):
        super().__init__(f"удаление раздела {_named(section.number, section.title)}", section.id)


def _named(number: str | None, text: str) -> str:
    """A measure or section as the undo menu names it: «2.3» by its number, else «its text» cut short."""
    number = (number or "").strip().rstrip(".")
    return number or f"«{shortened(' '.join(text.split()), 40)}»"


def shortened(text: str, limit: int = 50) -> str:
    """A title or text short enough for the undo menu."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
