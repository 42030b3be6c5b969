"""Issue 18 part 6, «Plans have a life»: a plan finished (archived) is read-only and out of every overdue
list; a plan deleted takes its measures and marks with it, and nothing of another plan; undo of the
deletion puts back the very same rows (desktop.services.roadmap_life)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.demo import build_demo
from desktop.models.db import transaction
from desktop.models.roadmaps import MeasureDraft, PlanArchivedError, ProgressMark, RoadmapsRepository
from desktop.services import roadmap_edits as edits
from desktop.services import roadmap_life
from desktop.services.database import open_database
from desktop.services.orders_journal import orders_journal
from desktop.services.roadmap_import import apply_roadmap_import, plan_roadmap_import
from desktop.services.roadmap_status import plan_label, status_on, urgent_by_plan, urgent_document
from tests.builders.docx_orders import EXAMPLE_ORDERS, docx_from_example_text

TODAY = date(2026, 11, 23)


@pytest.fixture
def plans(tmp_path):
    """The demo plan (in work, one measure overdue on TODAY) and an old plan of 2023 imported for the
    record (every dated measure of it long overdue), with a progress mark of its own."""
    db = open_database(tmp_path / "office.sqlite")
    build_demo(db, today=TODAY, with_results=False)
    demo_id = RoadmapsRepository(db).list()[0].id
    docx = docx_from_example_text(EXAMPLE_ORDERS / "orenburg-2023-341-monitoring.txt", tmp_path / "341.docx")
    old_id = apply_roadmap_import(db, plan_roadmap_import(docx))
    repo = RoadmapsRepository(db)
    first = repo.measures(old_id)[0]
    repo.mark(ProgressMark(first.id, "in_progress", date(2023, 9, 5), "Попова Л.С.", "начато"))
    yield db, demo_id, old_id
    db.close()


def dump(db) -> list[str]:
    """The whole database as SQL text, row by row: equal dumps are the same rows, value by value."""
    return list(db.conn.iterdump())


def rows_of(db, roadmap_id: int) -> dict[str, list[tuple]]:
    return {table: rows for table, _, rows in RoadmapsRepository(db).plan_rows(roadmap_id).tables}


def test_a_finished_plan_leaves_every_overdue_view_and_comes_back_when_returned(plans):
    db, demo_id, old_id = plans
    repo = RoadmapsRepository(db)
    before = status_on(db, TODAY)
    old_overdue = [m for m in before.overdue if m.roadmap_id == old_id]
    assert len(old_overdue) > 10 and (TODAY - old_overdue[0].due).days > 1000  # the reason for all this
    demo_overdue = [m.id for m in before.overdue if m.roadmap_id == demo_id]
    assert set(repo.overdue_counts(TODAY)) == {demo_id, old_id}

    finished = roadmap_life.archive(db, old_id, date(2026, 11, 20))
    assert finished.archived and finished.archived_at == date(2026, 11, 20)

    after = status_on(db, TODAY)
    assert [m.id for m in after.overdue] == demo_overdue  # the demo plan's own, and only those
    assert all(m.roadmap_id != old_id for m in after.due_soon)
    assert after.total == before.total - len(repo.measures(old_id))
    assert repo.overdue_counts(TODAY) == {demo_id: len(demo_overdue)}
    _, groups = urgent_by_plan(db, TODAY, soon=True)
    assert [roadmap.id for roadmap, _ in groups] == [demo_id]
    rows = [r for b in urgent_document(db, TODAY).blocks for r in getattr(b, "rows", [])]
    assert [r.section_text for r in rows if r.is_section] == [plan_label(repo.get(demo_id))]
    assert not {m.text for m in old_overdue} & {r.cells[1] for r in rows if not r.is_section}
    # the plan itself is still counted, done of total, but owes nothing
    own = status_on(db, TODAY, roadmap_id=old_id)
    assert (own.total, own.overdue, own.due_soon) == (19, [], [])
    journal = {p.id: s for e in orders_journal(db, TODAY) for p, s in e.plans}
    assert journal[old_id].overdue == []
    # listed only when asked
    assert [r.id for r in repo.list(include_archived=False)] == [demo_id]
    assert [r.id for r in repo.list()] == [demo_id, old_id]

    again = roadmap_life.archive(db, old_id, TODAY)  # finishing a finished plan keeps its day
    assert again.archived_at == date(2026, 11, 20)
    assert not roadmap_life.unarchive(db, old_id).archived
    assert [m.id for m in status_on(db, TODAY).overdue] == [m.id for m in before.overdue]


def test_a_finished_plan_refuses_every_edit_in_russian_and_stays_as_it_was(plans):
    db, demo_id, old_id = plans
    repo = RoadmapsRepository(db)
    roadmap_life.archive(db, old_id, TODAY)
    roadmap = repo.get(old_id)
    measure = repo.measures(old_id)[0]
    section = repo.sections(old_id)[0]
    mark_id = repo.history(measure.id)[-1].id
    kept = dump(db)
    writes = [
        lambda: repo.update_measure(measure.id, MeasureDraft("другой текст")),
        lambda: repo.insert_measure(old_id, None, 0, MeasureDraft("новое")),
        lambda: repo.delete_measure(measure.id),
        lambda: repo.swap_positions(measure.id, repo.measures(old_id)[1].id),
        lambda: repo.append_section(old_id, "9.", "Новый раздел"),
        lambda: repo.reorder(old_id, []),
        lambda: repo.rename_section(section.id, "1.", "Другое"),
        lambda: repo.delete_section(section.id),
        lambda: repo.mark(ProgressMark(measure.id, "done", TODAY)),
        lambda: repo.remove_mark(mark_id),
        lambda: edits.EditMeasure(roadmap, measure, "text", "другой текст").apply(repo),
        lambda: edits.AddSection(old_id, "9.", "Новый раздел").apply(repo),
    ]
    for write in writes:
        with pytest.raises(PlanArchivedError, match=r"завершён 23\.11\.2026 и не изменяется.*Вернуть в работу"):
            write()
    with pytest.raises(PlanArchivedError):
        roadmap_life.check_editable(roadmap)
    assert dump(db) == kept  # not a row touched, and no transaction left open
    assert not db.conn.in_transaction
    # the other plan is edited as before
    repo.mark(ProgressMark(repo.measures(demo_id)[0].id, "done", TODAY))


def test_delete_takes_the_plan_measures_and_marks_and_nothing_of_another_plan(plans):
    db, demo_id, old_id = plans
    repo = RoadmapsRepository(db)
    demo_rows = rows_of(db, demo_id)
    old_order = repo.get(old_id).order
    going = roadmap_life.counts(db, old_id)
    assert (going.measures, going.marks) == (19, 1)
    assert going.sentence() == "19 мероприятий и 1 отметка о выполнении"

    kept = roadmap_life.delete(db, old_id)
    assert (kept.count("measures"), kept.count("measure_progress"), kept.count("roadmap_sections")) == (19, 1, 3)
    assert repo.get(old_id) is None
    for table, column in (("measures", "roadmap_id"), ("roadmap_sections", "roadmap_id")):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [old_id]).fetchone()[0] == 0
    columns, rows = next((c, r) for t, c, r in kept.tables if t == "measures")
    old_measures = [row[columns.index("id")] for row in rows]
    marks = db.execute(f"SELECT count(*) FROM measure_progress WHERE measure_id IN ({','.join('?' * len(old_measures))})",
                       old_measures).fetchone()[0]
    assert marks == 0
    assert rows_of(db, demo_id) == demo_rows  # the other plan, row for row
    assert db.execute("SELECT number FROM orders WHERE id = ?", [old_order.id]).fetchone() == ("341",)  # kept
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(Exception, match="Плана № .* нет"):
        roadmap_life.delete(db, old_id)


def test_undo_of_a_deletion_restores_byte_for_byte_the_same_rows(plans):
    db, demo_id, old_id = plans
    repo = RoadmapsRepository(db)
    roadmap_life.archive(db, old_id, date(2026, 1, 31))  # a finished plan can be deleted, and comes back finished
    before = dump(db)
    step = roadmap_life.DeletePlan(repo.get(old_id))
    assert step.label.startswith("удаление плана «")
    assert step.apply(repo) == edits.Shown(plans=True)
    gone = dump(db)
    assert gone != before and len(gone) < len(before)
    assert step.revert(repo) == edits.Shown(plans=True, roadmap_id=old_id)
    assert dump(db) == before  # every row, every value, under its old id
    assert repo.get(old_id).archived_at == date(2026, 1, 31)
    assert step.apply(repo) == edits.Shown(plans=True)  # redo
    assert dump(db) == gone


def test_a_restore_that_no_longer_fits_writes_nothing(plans):
    db, demo_id, old_id = plans
    repo = RoadmapsRepository(db)
    kept = roadmap_life.delete(db, old_id)
    # the plan's id taken meanwhile (no AUTOINCREMENT: SQLite gives the freed id again)
    with transaction(db):
        db.execute("INSERT INTO roadmaps (id, title, created_at) VALUES (?, 'Другой', '2026-11-23')", [old_id])
    state = dump(db)
    with pytest.raises(Exception, match="Удалённый план не удалось вернуть"):
        roadmap_life.restore(db, kept)
    assert dump(db) == state and not db.conn.in_transaction
    assert repo.measures(old_id) == []


def test_archiving_and_returning_are_undoable_steps(plans):
    db, _, old_id = plans
    repo = RoadmapsRepository(db)
    step = roadmap_life.ArchivePlan(repo.get(old_id), TODAY)
    assert "Отменить " + step.label == "Отменить завершение плана «" + step.label.split("«", 1)[1]
    step.apply(repo)
    assert repo.get(old_id).archived_at == TODAY
    back = roadmap_life.UnarchivePlan(repo.get(old_id))
    back.apply(repo)
    assert repo.get(old_id).archived_at is None
    back.revert(repo)  # finished again on the same day
    assert repo.get(old_id).archived_at == TODAY
    step.revert(repo)
    assert repo.get(old_id).archived_at is None


def test_counts_are_said_in_russian():
    counts = roadmap_life.PlanCounts
    assert counts(0, 1, 0).sentence() == "1 мероприятие и 0 отметок о выполнении"
    assert counts(0, 22, 3).sentence() == "22 мероприятия и 3 отметки о выполнении"
    assert counts(0, 11, 21).sentence() == "11 мероприятий и 21 отметка о выполнении"
