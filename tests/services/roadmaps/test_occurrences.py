"""Recurring deadlines tracked occurrence by occurrence (issue 18 part 4): a monthly report marked for
September and October is overdue for November only once 25 November has passed, and every count of what
is overdue or due soon — the summary, the per-plan counts, the export, the report — sees that."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import UserError
from desktop.models.roadmaps import Occurrence, ProgressMark, RoadmapsRepository, occurrence_keys, status_label
from desktop.services import roadmap_edits, roadmap_life
from desktop.services.roadmap_export import roadmap_json
from desktop.services.roadmap_report import execution_report
from desktop.services.roadmap_status import measure_ref, status_on
from tests.builders.recurring_plan import recurring_plan

AFTER_NOVEMBER = date(2025, 11, 26)  # 25 November has passed


@pytest.fixture
def plan(db):
    """The plan with its monthly report marked done for September and October."""
    roadmap_id = recurring_plan(db)
    repo = RoadmapsRepository(db)
    monthly, single = repo.measures(roadmap_id)
    repo.mark(ProgressMark(monthly.id, "done", date(2025, 9, 22), "Иванова О. П.", "Отчёт за сентябрь",
                           occurrence="2025-09"))
    repo.mark(ProgressMark(monthly.id, "done", date(2025, 10, 24), "Иванова О. П.", occurrence="2025-10"))
    repo.mark(ProgressMark(single.id, "done", date(2025, 10, 14)))
    return db, repo, roadmap_id, monthly.id


def _monthly(repo, measure_id):
    return repo.measure(measure_id)


def test_keys_are_the_due_month_or_for_a_weekly_deadline_the_due_day():
    monthly = [(date(2025, 9, 25), date(2025, 9, 25)), (date(2025, 10, 25), date(2025, 10, 25))]
    assert occurrence_keys(monthly) == ["2025-09", "2025-10"]
    quarterly = [(date(2025, 10, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 3, 31))]
    assert occurrence_keys(quarterly) == ["2025-12", "2026-03"]
    weekly = [(date(2025, 9, 29), date(2025, 10, 5)), (date(2025, 10, 6), date(2025, 10, 12))]
    assert occurrence_keys(weekly) == ["2025-10-05", "2025-10-12"]
    # what the window, the undo menu and the command say
    assert Occurrence("2025-10", date(2025, 10, 25), date(2025, 10, 25)).label == "октябрь 2025 (срок 25.10.2025)"
    assert Occurrence("2025-12", *quarterly[0]).label == "01.10–31.12.2025"
    assert Occurrence("2025-12", date(2025, 12, 29), date(2026, 1, 4)).label == "29.12.2025–04.01.2026"
    assert Occurrence("2025-10-12", *weekly[1]).label == "неделя 06.10–12.10.2025"


def test_a_monthly_report_has_twelve_occurrences_each_with_its_own_mark(plan):
    _, repo, _, measure_id = plan
    measure = _monthly(repo, measure_id)
    assert measure.recurring and measure.addressee == "Руководителям ОО"
    occurrences = measure.occurrences()
    assert [o.key for o in occurrences] == [f"{y}-{m:02d}" for y, m in [(2025, 9), (2025, 10), (2025, 11), (2025, 12)]
                                            + [(2026, m) for m in range(1, 9)]]
    assert occurrences[0] == Occurrence("2025-09", date(2025, 9, 25), date(2025, 9, 25), "done", date(2025, 9, 22))
    assert [o.status for o in occurrences[:3]] == ["done", "done", "not_started"]
    assert measure.status == "not_started"  # no mark names the measure as a whole
    assert [m.occurrence for m in repo.history(measure_id)] == ["2025-09", "2025-10"]


def test_overdue_for_november_only_once_its_day_has_passed(plan):
    db, repo, roadmap_id, measure_id = plan
    measure = _monthly(repo, measure_id)

    before = date(2025, 11, 20)  # September and October done, November not yet due
    assert not measure.is_overdue(before)
    assert measure.status_on(before) == "done"
    assert measure.next_due(before) == date(2025, 11, 25)
    summary = status_on(db, before, days=14)
    assert summary.overdue == [] and [(m.id, m.occurrence) for m in summary.due_soon] == [(measure_id, "2025-11")]

    assert [o.key for o in measure.overdue_occurrences(AFTER_NOVEMBER)] == ["2025-11"]
    assert measure.status_on(AFTER_NOVEMBER) == "in_progress"
    assert measure.next_due(AFTER_NOVEMBER) == date(2025, 12, 25)
    assert status_label(measure, AFTER_NOVEMBER) == "в работе (2 из 12 сроков)"
    summary = status_on(db, AFTER_NOVEMBER, days=14)
    assert [(m.id, m.occurrence, m.due) for m in summary.overdue] == [(measure_id, "2025-11", date(2025, 11, 25))]
    assert summary.due_soon == []  # 25 December is 29 days away
    assert summary.done == 1 and summary.total == 2  # the single measure is done, the report is not
    assert summary.sentence() == "выполнено 1 из 2, просрочено 1, в ближайшие 14 дней 0"
    ref = measure_ref(summary.overdue[0], AFTER_NOVEMBER)
    assert (ref["occurrence"], ref["due"], ref["status"]) == ("2025-11", "2025-11-25", "not_started")
    assert [m.occurrence for m in status_on(db, AFTER_NOVEMBER, days=30).due_soon] == ["2025-12"]
    assert repo.overdue_counts(AFTER_NOVEMBER) == {roadmap_id: 1}

    # a month later December is owed too: each occurrence counts
    assert [m.occurrence for m in status_on(db, date(2025, 12, 26)).overdue] == ["2025-11", "2025-12"]
    assert repo.overdue_counts(date(2025, 12, 26)) == {roadmap_id: 2}

    repo.mark(ProgressMark(measure_id, "done", AFTER_NOVEMBER, occurrence="2025-11"))
    assert status_on(db, AFTER_NOVEMBER).overdue == []
    assert repo.overdue_counts(AFTER_NOVEMBER) == {}
    assert _monthly(repo, measure_id).status_on(AFTER_NOVEMBER) == "done"


def test_the_overdue_counts_agree_with_the_summary_on_every_day(plan):
    db, repo, roadmap_id, _ = plan
    for on in (date(2025, 9, 1), date(2025, 10, 26), AFTER_NOVEMBER, date(2026, 3, 1), date(2027, 1, 1)):
        owed = len(status_on(db, on).overdue)
        assert repo.overdue_counts(on) == ({roadmap_id: owed} if owed else {}), on
    roadmap_life.archive(db, roadmap_id, date(2026, 9, 1))
    assert repo.overdue_counts(date(2027, 1, 1)) == {}  # a finished plan owes nothing


def test_a_mark_of_the_whole_measure_stands_for_every_occurrence_without_its_own(db):
    roadmap_id = recurring_plan(db)
    repo = RoadmapsRepository(db)
    monthly = repo.measures(roadmap_id)[0]
    repo.mark(ProgressMark(monthly.id, "done", date(2025, 10, 1)))  # as marked before occurrences were tracked
    assert repo.measure(monthly.id).overdue_entries(date(2026, 12, 1)) == []
    assert repo.measure(monthly.id).status_on(date(2026, 12, 1)) == "done"
    repo.mark(ProgressMark(monthly.id, "not_started", date(2025, 10, 2), occurrence="2025-11"))
    assert [m.occurrence for m in repo.measure(monthly.id).overdue_entries(date(2025, 12, 1))] == ["2025-11"]
    repo.mark(ProgressMark(monthly.id, "cancelled", date(2025, 12, 2)))
    measure = repo.measure(monthly.id)
    assert measure.status_on(date(2025, 12, 1)) == "in_progress"  # November still has its own mark
    repo.mark(ProgressMark(monthly.id, "cancelled", date(2025, 12, 2), occurrence="2025-11"))
    assert repo.measure(monthly.id).status_on(date(2025, 12, 1)) == "cancelled"


def test_a_mark_names_only_an_occurrence_the_measure_has(plan):
    db, repo, roadmap_id, measure_id = plan
    single = repo.measures(roadmap_id)[1]
    with pytest.raises(UserError, match="нет срока «2027-01»"):
        repo.mark(ProgressMark(measure_id, "done", AFTER_NOVEMBER, occurrence="2027-01"))
    with pytest.raises(UserError, match="нет срока «2025-10»"):
        repo.mark(ProgressMark(single.id, "done", AFTER_NOVEMBER, occurrence="2025-10"))
    assert len(repo.history(measure_id)) == 2


def test_the_occurrence_offered_first_is_the_earliest_missed_else_the_next(plan):
    _, repo, _, measure_id = plan
    measure = _monthly(repo, measure_id)
    assert measure.occurrence_to_mark(AFTER_NOVEMBER).key == "2025-11"
    assert measure.occurrence_to_mark(date(2025, 11, 25)).key == "2025-11"  # due today: the next one
    assert measure.occurrence_to_mark(date(2025, 10, 1)).key == "2025-11"  # September and October done already
    assert measure.occurrence_to_mark(date(2026, 2, 1)).key == "2025-11"  # the oldest one missed first


def test_marking_an_occurrence_is_undone_and_redone(plan):
    db, repo, _, measure_id = plan
    edit = roadmap_edits.MarkProgress(ProgressMark(measure_id, "done", AFTER_NOVEMBER, occurrence="2025-11"),
                                      "ноябрь 2025 (срок 25.11.2025)")
    assert edit.label == "отметку «выполнено»: ноябрь 2025 (срок 25.11.2025)"
    edit.apply(repo)
    assert status_on(db, AFTER_NOVEMBER).overdue == []
    edit.revert(repo)
    assert [m.occurrence for m in status_on(db, AFTER_NOVEMBER).overdue] == ["2025-11"]
    edit.apply(repo)
    assert _monthly(repo, measure_id).occurrence_by_key("2025-11").status == "done"


def test_the_export_gives_each_occurrence_its_state(plan):
    db, _, roadmap_id, _ = plan
    data = roadmap_json(db, roadmap_id, AFTER_NOVEMBER)
    monthly, single = data["sections"][0]["measures"]
    assert set(monthly) == {"number", "text", "deadline", "participants", "responsible", "addressee", "status",
                            "occurrences"}
    assert (monthly["responsible"], monthly["addressee"], monthly["status"]) == (
        "Иванова О. П.", "Руководителям ОО", "in_progress")
    assert monthly["occurrences"][:5] == [
        {"start": "2025-09-25", "end": "2025-09-25", "state": "done"},
        {"start": "2025-10-25", "end": "2025-10-25", "state": "done"},
        {"start": "2025-11-25", "end": "2025-11-25", "state": "overdue"},
        {"start": "2025-12-25", "end": "2025-12-25", "state": "due"},
        {"start": "2026-01-25", "end": "2026-01-25", "state": "future"},
    ]
    assert [o["state"] for o in monthly["occurrences"][4:]] == ["future"] * 8
    assert (single["addressee"], single["status"], single["occurrences"]) == (None, "done", [])


def test_the_execution_report_counts_the_recurring_measure_overdue_until_november_is_done(plan):
    db, repo, roadmap_id, measure_id = plan
    report = execution_report(db, roadmap_id, AFTER_NOVEMBER)
    assert [m.number for m in report.overdue] == ["1."] and [m.number for m in report.done] == ["2."]
    repo.mark(ProgressMark(measure_id, "done", date(2025, 11, 24), occurrence="2025-11"))
    report = execution_report(db, roadmap_id, AFTER_NOVEMBER)
    assert report.overdue == [] and {m.number for m in report.done_on_time} == {"1.", "2."}
    repo.mark(ProgressMark(measure_id, "done", date(2025, 12, 28), occurrence="2025-12"))  # three days late
    report = execution_report(db, roadmap_id, date(2025, 12, 29))
    assert [m.number for m in report.done] == ["1.", "2."] and [m.number for m in report.done_on_time] == ["2."]


def test_a_deleted_plan_comes_back_with_its_occurrence_marks(plan):
    db, repo, roadmap_id, measure_id = plan
    kept = roadmap_life.delete(db, roadmap_id)
    roadmap_life.restore(db, kept)
    measure = _monthly(repo, measure_id)
    assert [o.status for o in measure.occurrences()[:3]] == ["done", "done", "not_started"]
    assert measure.addressee == "Руководителям ОО"
