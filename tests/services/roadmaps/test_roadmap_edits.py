"""Editing a plan without the window: where new measures and sections go, moves, and every edit undone
and redone against the database (desktop.services.roadmap_edits)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.models.roadmaps import ProgressMark, RoadmapsRepository
from desktop.services import roadmap_edits as edits
from desktop.services.roadmap_export import load_roadmap


@pytest.fixture
def plan(demo_db):
    repo = RoadmapsRepository(demo_db)
    roadmap = repo.list()[0]
    return demo_db, repo, roadmap


def _order(db, roadmap_id):
    _, groups = load_roadmap(db, roadmap_id)
    return [(section.id if section else None, [m.id for m in measures]) for section, measures in groups]


def _round_trip(repo, edit, snapshot):
    """apply → revert gives back the plan as it was; apply again gives what the first apply gave."""
    before = snapshot()
    edit.apply(repo)
    after = snapshot()
    assert after != before
    edit.revert(repo)
    assert snapshot() == before
    edit.apply(repo)
    assert snapshot() == after


def test_a_new_measure_goes_after_the_selected_one_or_at_the_end_of_its_section(plan):
    db, repo, roadmap = plan
    measures = repo.measures(roadmap.id)
    sections = repo.sections(roadmap.id)
    first = measures[0]
    assert edits.new_measure_place(measures, first) == (first.section_id, first.position + 1)
    last_of_section = [m for m in measures if m.section_id == sections[0].id][-1]
    assert edits.new_measure_place(measures, sections[0]) == (sections[0].id, last_of_section.position + 1)
    assert edits.new_measure_place(measures, None) == (None, measures[-1].position + 1)
    assert edits.new_measure_place([], None) == (None, 0)


def test_the_next_section_number_follows_the_last_numbered_one(plan):
    _, repo, roadmap = plan
    sections = repo.sections(roadmap.id)
    last = max(int(s.number.rstrip(".")) for s in sections if (s.number or "").rstrip(".").isdigit())
    assert edits.next_section_number(sections) == f"{last + 1}."
    assert edits.next_section_number([]) == "1."


def test_moves_stop_at_the_edges(plan):
    db, repo, roadmap = plan
    measures, groups = repo.measures(roadmap.id), _order(db, roadmap.id)
    first_section = repo.sections(roadmap.id)[0]
    first_measure = next(m for m in measures if m.section_id == first_section.id)
    assert edits.move(roadmap.id, first_section, -1, measures, groups) is None
    assert edits.move(roadmap.id, first_measure, -1, measures, groups) is None
    assert edits.move(roadmap.id, None, 1, measures, groups) is None
    assert isinstance(edits.move(roadmap.id, first_section, 1, measures, groups), edits.ReorderPlan)
    assert isinstance(edits.move(roadmap.id, first_measure, 1, measures, groups), edits.SwapMeasures)


def test_moving_a_section_and_a_measure_is_undone_exactly(plan):
    db, repo, roadmap = plan
    snapshot = lambda: _order(db, roadmap.id)  # noqa: E731
    measures = repo.measures(roadmap.id)
    section = repo.sections(roadmap.id)[0]
    _round_trip(repo, edits.move(roadmap.id, section, 1, measures, snapshot()), snapshot)
    measures = repo.measures(roadmap.id)
    measure = next(m for m in measures if m.section_id == section.id)
    _round_trip(repo, edits.move(roadmap.id, measure, 1, measures, snapshot()), snapshot)


def test_editing_a_deadline_rereads_it_and_undo_restores_the_old_one(plan):
    db, repo, roadmap = plan
    measure = repo.measures(roadmap.id)[0]
    edit = edits.EditMeasure(roadmap, measure, "deadline_text", "до 8 сентября 2026 г.")
    assert edit.label == f"изменение мероприятия {measure.number.rstrip('.')}"
    shown = edit.apply(repo)
    assert shown == edits.Shown(whole_plan=False, measure_id=measure.id)
    assert repo.measure(measure.id).due == date(2026, 9, 8)
    edit.revert(repo)
    assert (repo.measure(measure.id).deadline_text, repo.measure(measure.id).due) == (measure.deadline_text, measure.due)


def test_added_measures_and_sections_come_back_with_the_same_id_when_redone(plan):
    db, repo, roadmap = plan
    add = edits.AddMeasure(roadmap.id, None, 0, "Новое мероприятие")
    _round_trip(repo, add, lambda: [(m.id, m.text) for m in repo.measures(roadmap.id)])
    first_id = add.measure_id
    add.revert(repo)
    add.apply(repo)
    assert add.measure_id == first_id
    section = edits.AddSection(roadmap.id, "9.", "Новый раздел")
    _round_trip(repo, section, lambda: [(s.number, s.title) for s in repo.sections(roadmap.id)])
    rename = edits.RenameSection(repo.sections(roadmap.id)[0], "1.", "Другое название")
    _round_trip(repo, rename, lambda: [(s.number, s.title) for s in repo.sections(roadmap.id)])


def test_a_progress_mark_is_labelled_for_the_undo_menu_and_removed_by_undo(plan):
    db, repo, roadmap = plan
    measure = repo.measures(roadmap.id)[0]
    mark = edits.MarkProgress(ProgressMark(measure.id, "done", date(2026, 11, 20), "Иванова", ""))
    assert "Отменить " + mark.label == "Отменить отметку «выполнено»"
    _round_trip(repo, mark, lambda: [(m.status, m.status_date) for m in repo.history(measure.id)])


def test_a_deleted_measure_or_section_comes_back_with_its_marks_under_the_same_ids(plan):
    db, repo, roadmap = plan
    dump = lambda: list(db.conn.iterdump())  # noqa: E731
    section = repo.sections(roadmap.id)[1]
    measure = next(m for m in repo.measures(roadmap.id) if m.section_id == section.id)
    repo.mark(ProgressMark(measure.id, "done", date(2026, 11, 20), "Иванова", "протокол"))
    school_id = db.execute("SELECT min(id) FROM schools").fetchone()[0]
    repo.address(measure.id, school_id, "low_results")  # the school it names comes back with it
    delete = edits.DeleteMeasure(measure)
    assert delete.label == f"удаление мероприятия {measure.number.rstrip('.')}"
    _round_trip(repo, delete, dump)
    delete.revert(repo)
    assert repo.history(measure.id)[-1].evidence == "протокол"
    assert [(m.id, flag) for m, flag in repo.school_measures(school_id)] == [(measure.id, "low_results")]
    delete = edits.DeleteSection(section)
    assert delete.label == f"удаление раздела {section.number.rstrip('.')}"
    _round_trip(repo, delete, dump)
    delete.revert(repo)
    assert [m.id for m in repo.measures(roadmap.id) if m.section_id == section.id][0] == measure.id


def test_every_undo_label_reads_as_the_object_of_cancel(plan):
    """«Отменить удаление мероприятия 2.3», «Отменить отметку «выполнено»»: each label starts, in lower
    case, with a noun in the accusative (not «Отменить Отметка …»)."""
    from desktop.services import roadmap_life
    from desktop.services.wording import morph

    db, repo, roadmap = plan
    measure, section = repo.measures(roadmap.id)[0], repo.sections(roadmap.id)[0]
    unnumbered = edits.DeleteMeasure(replace(measure, number=None))
    assert unnumbered.label == f"удаление мероприятия «{' '.join(measure.text.split())[:39].rstrip()}…»"
    labels = [
        edits.EditMeasure(roadmap, measure, "text", "x").label, edits.RenameSection(section, "1.", "x").label,
        edits.AddMeasure(roadmap.id, None, 0, "x").label, edits.SwapMeasures(1, 2).label,
        edits.ReorderPlan(roadmap.id, [], [], section.id).label, edits.AddSection(roadmap.id, "1.", "x").label,
        edits.MarkProgress(ProgressMark(measure.id, "done", date(2026, 11, 20))).label,
        edits.DeleteMeasure(measure).label, edits.DeleteSection(section).label, unnumbered.label,
        roadmap_life.ArchivePlan(roadmap, date(2026, 1, 1)).label, roadmap_life.UnarchivePlan(roadmap).label,
        roadmap_life.DeletePlan(roadmap).label,
    ]
    for label in labels:
        first = label.split()[0]
        assert first.islower(), label
        assert any(p.tag.case == "accs" and p.tag.POS == "NOUN" for p in morph().parse(first)), label


def test_the_schools_a_measure_names_are_chosen_anew_and_undone(plan):
    db, repo, roadmap = plan
    measure = repo.measures(roadmap.id)[0]
    first, second = (row[0] for row in db.execute("SELECT id FROM schools ORDER BY id LIMIT 2"))
    repo.set_measure_schools(measure.id, [(first, "low_results")])
    edit = edits.AddressSchools(measure, repo.measure_schools(measure.id), [second, first])
    assert edit.label == f"изменение школ мероприятия {measure.number.rstrip('.')}"
    _round_trip(repo, edit, lambda: repo.measure_schools(measure.id))
    assert repo.measure_schools(measure.id) == [(second, None), (first, "low_results")]  # the kept one keeps its flag
