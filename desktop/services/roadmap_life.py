"""Plans have a life: a plan in work is finished (archived) when it is over, returned to work if that
was a mistake, or deleted — an old plan imported for the record need not stay 2,000 days overdue.

A finished plan is kept as it was finished: read-only (the repository refuses every edit of it), out of
every overdue list and status, listed in the window only when asked. Deleting takes the plan's
sections, measures and progress marks in one transaction and keeps their rows, so that undo puts them
back under their old ids. Nothing here knows about widgets: the window and `msoko roadmap` share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.errors import UserError
from desktop.models.db import Database
from desktop.models.roadmaps import PlanArchivedError, PlanRows, Roadmap, RoadmapsRepository
from desktop.services.roadmap_edits import Shown, shortened
from desktop.services.wording import plural


def find_plan(db: Database, roadmap_id: int) -> Roadmap:
    roadmap = RoadmapsRepository(db).get(roadmap_id)
    if roadmap is None:
        raise UserError(f"Плана № {roadmap_id} нет. Номера планов: msoko roadmap list --all.")
    return roadmap


def check_editable(roadmap: Roadmap) -> None:
    """PlanArchivedError (Russian) for a finished plan: what the window says before it tries an edit."""
    if roadmap.archived_at is not None:
        raise PlanArchivedError(roadmap.title, roadmap.archived_at)


def archive(db: Database, roadmap_id: int, on: date | None = None) -> Roadmap:
    """Finish the plan on `on` (today); a plan already finished keeps its day."""
    roadmap = find_plan(db, roadmap_id)
    if not roadmap.archived:
        RoadmapsRepository(db).set_archived(roadmap_id, on or date.today())
    return find_plan(db, roadmap_id)


def unarchive(db: Database, roadmap_id: int) -> Roadmap:
    find_plan(db, roadmap_id)
    RoadmapsRepository(db).set_archived(roadmap_id, None)
    return find_plan(db, roadmap_id)


@dataclass(frozen=True)
class PlanCounts:
    sections: int
    measures: int
    marks: int

    def sentence(self) -> str:
        """«18 мероприятий и 7 отметок о выполнении»: what goes with the plan."""
        measures = plural(self.measures, "мероприятие", "мероприятия", "мероприятий")
        marks = plural(self.marks, "отметка о выполнении", "отметки о выполнении", "отметок о выполнении")
        return f"{measures} и {marks}"


def counts(db: Database, roadmap_id: int) -> PlanCounts:
    find_plan(db, roadmap_id)
    return PlanCounts(*RoadmapsRepository(db).plan_counts(roadmap_id))


def delete(db: Database, roadmap_id: int) -> PlanRows:
    """The plan and all of it, finished or not, in one transaction; the rows it had, for `restore`."""
    find_plan(db, roadmap_id)
    return RoadmapsRepository(db).delete(roadmap_id)


def restore(db: Database, kept: PlanRows) -> None:
    """A deleted plan back exactly as it was (same ids, same values), in one transaction; refused in Russian
    when its id is taken meanwhile or its order gone (nothing is written then)."""
    RoadmapsRepository(db).restore(kept)


# --- the same as undoable steps of the window (desktop.services.roadmap_edits.Edit) ------------------
class PlanStep:
    """A step on the whole plan: allowed on a finished plan too (it is how it is returned or deleted)."""

    label = ""


class ArchivePlan(PlanStep):
    def __init__(self, roadmap: Roadmap, on: date):
        self.label = f"завершение плана «{shortened(roadmap.title)}»"
        self.roadmap_id, self.on = roadmap.id, on

    def apply(self, repo: RoadmapsRepository) -> Shown:
        repo.set_archived(self.roadmap_id, self.on)
        return Shown(plans=True, roadmap_id=self.roadmap_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.set_archived(self.roadmap_id, None)
        return Shown(plans=True, roadmap_id=self.roadmap_id)


class UnarchivePlan(PlanStep):
    def __init__(self, roadmap: Roadmap):
        self.label = f"возврат плана «{shortened(roadmap.title)}» в работу"
        self.roadmap_id, self.archived_at = roadmap.id, roadmap.archived_at  # undo finishes it on the same day

    def apply(self, repo: RoadmapsRepository) -> Shown:
        repo.set_archived(self.roadmap_id, None)
        return Shown(plans=True, roadmap_id=self.roadmap_id)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        repo.set_archived(self.roadmap_id, self.archived_at)
        return Shown(plans=True, roadmap_id=self.roadmap_id)


class DeletePlan(PlanStep):
    def __init__(self, roadmap: Roadmap):
        self.label = f"удаление плана «{shortened(roadmap.title)}»"
        self.roadmap_id = roadmap.id
        self.kept: PlanRows | None = None

    def apply(self, repo: RoadmapsRepository) -> Shown:
        self.kept = repo.delete(self.roadmap_id)
        return Shown(plans=True)

    def revert(self, repo: RoadmapsRepository) -> Shown:
        restore(repo.db, self.kept)
        return Shown(plans=True, roadmap_id=self.roadmap_id)
