"""`msoko roadmap progress ID MEASURE_NUMBER --done [--occurrence YYYY-MM] [--date D] [--who NAME]
[--evidence TEXT]` and the export's occurrences, as a user runs them (issue 18 part 4)."""

from __future__ import annotations

import json

import pytest

from desktop.models.roadmaps import RoadmapsRepository
from desktop.services.database import open_database
from tests.builders.recurring_plan import recurring_plan
from tests.cli.run import msoko, msoko_json


@pytest.fixture
def office(tmp_path):
    db = tmp_path / "office.sqlite"
    database = open_database(db)
    roadmap_id = recurring_plan(database)
    database.close()
    return db, str(roadmap_id)


def marks(db) -> list[tuple]:
    database = open_database(db, create=False)
    try:
        return database.execute(
            "SELECT m.number, p.status, p.status_date, p.marked_by, p.evidence, p.occurrence "
            "FROM measure_progress p JOIN measures m ON m.id = p.measure_id ORDER BY p.id").fetchall()
    finally:
        database.close()


def test_two_months_marked_leave_the_third_overdue(office):
    db, plan = office
    september = msoko("roadmap", "progress", plan, "1.", "--done", "--occurrence", "2025-09", "--date", "22.09.2025",
                      "--who", "Иванова О. П.", "--evidence", "Информация направлена письмом № 15", "--db", db)
    assert (september.returncode, september.stderr) == (0, "")
    assert september.stdout.strip() == (f"План № {plan}, мероприятие 1.: сентябрь 2025 (срок 25.09.2025) — выполнено "
                                        "22.09.2025.")
    october = msoko("roadmap", "progress", plan, "1", "--done", "--occurrence", "2025-10", "--date", "2025-10-24",
                    "--db", db)
    assert october.returncode == 0, october.stderr
    assert marks(db) == [("1.", "done", "2025-09-22", "Иванова О. П.", "Информация направлена письмом № 15", "2025-09"),
                         ("1.", "done", "2025-10-24", "", "", "2025-10")]

    status = msoko_json("roadmap", "status", "--on", "2025-11-26", "--db", db, "--json")
    # the single measure (not marked) is overdue since 15 October, the report for November only
    assert [(m["number"], m["occurrence"], m["due"]) for m in status["overdue"]] == [("2.", None, "2025-10-15"),
                                                                                   ("1.", "2025-11", "2025-11-25")]
    assert status["done"] == 0 and status["total"] == 2
    before = msoko_json("roadmap", "status", "--on", "2025-11-20", "--db", db, "--json")
    assert [m["number"] for m in before["overdue"]] == ["2."]
    assert [m["occurrence"] for m in before["due_soon"]] == ["2025-11"] and before["done"] == 1

    exported = msoko_json("roadmap", "export", plan, "--format", "json", "--on", "2025-11-26", "--db", db)
    monthly, single = exported["sections"][0]["measures"]
    assert set(monthly) == {"number", "text", "deadline", "participants", "responsible", "addressee", "status",
                            "occurrences"}
    assert (monthly["responsible"], monthly["addressee"]) == ("Иванова О. П.", "Руководителям ОО")
    assert [o["state"] for o in monthly["occurrences"]] == ["done", "done", "overdue", "due"] + ["future"] * 8
    assert all(set(o) == {"start", "end", "state"} for o in monthly["occurrences"])
    assert monthly["occurrences"][2] == {"start": "2025-11-25", "end": "2025-11-25", "state": "overdue"}
    assert single["occurrences"] == [] and single["status"] == "not_started"


def test_without_an_occurrence_the_earliest_missed_is_marked_and_a_single_measure_as_a_whole(office, tmp_path):
    db, plan = office
    first = msoko("roadmap", "progress", plan, "1.", "--done", "--date", "2025-11-26", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "сентябрь 2025 (срок 25.09.2025) — выполнено 26.11.2025" in first.stdout  # the oldest one missed
    msoko("roadmap", "progress", plan, "1.", "--done", "--date", "2025-11-26", "--db", db)
    msoko("roadmap", "progress", plan, "1.", "--done", "--date", "2025-11-26", "--db", db)
    ahead = msoko("roadmap", "progress", plan, "1.", "--done", "--date", "2025-11-26", "--db", db)
    assert "декабрь 2025 (срок 25.12.2025)" in ahead.stdout  # nothing missed: the next one due
    single = msoko("roadmap", "progress", plan, "2", "--done", "--date", "14.10.2025", "--db", db)
    assert single.stdout.strip() == f"План № {plan}, мероприятие 2.: выполнено 14.10.2025."
    assert [(n, o) for n, *_, o in marks(db)] == [("1.", "2025-09"), ("1.", "2025-10"), ("1.", "2025-11"),
                                                  ("1.", "2025-12"), ("2.", None)]
    out = tmp_path / "plan.json"
    assert msoko("roadmap", "export", plan, "--format", "json", "--out", out, "--on", "2025-12-26", "--db", db).returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))["sections"][0]["measures"]
    assert [o["state"] for o in exported[0]["occurrences"][:5]] == ["done"] * 4 + ["due"]
    assert exported[1]["status"] == "done"


@pytest.mark.parametrize(("arguments", "message"), [
    (["9", "--done"], "нет мероприятия с номером «9»"),
    (["2.", "--done", "--occurrence", "2025-10"], "Мероприятие 2. — не повторяющееся"),
    (["1.", "--done", "--occurrence", "2027-01"], "нет срока «2027-01»"),
    (["1.", "--done", "--occurrence", "26.11.2025"], "нет срока «26.11.2025»"),
    (["1.", "--done", "--occurrence", "ноябрь"], "Не удалось прочитать срок «ноябрь» (--occurrence)"),
    (["1.", "--done", "--date", "31.11.2025"], "Не удалось прочитать дату выполнения (--date)"),
    (["1."], "не указано обязательное: --done"),
])
def test_refusals_are_russian_with_exit_2_and_write_nothing(office, arguments, message):
    db, plan = office
    before = db.read_bytes()
    refused = msoko("roadmap", "progress", plan, *arguments, "--db", db)
    assert refused.returncode == 2 and refused.stdout == ""
    assert message in refused.stderr and "Traceback" not in refused.stderr
    assert db.read_bytes() == before


def test_an_occurrence_is_named_by_its_due_day_too_and_a_plan_must_be_in_work(office):
    db, plan = office
    assert msoko("roadmap", "progress", plan, "1.", "--done", "--occurrence", "25.11.2025", "--db", db).returncode == 0
    assert marks(db)[-1][-1] == "2025-11"
    assert msoko("roadmap", "archive", plan, "--db", db).returncode == 0
    refused = msoko("roadmap", "progress", plan, "1.", "--done", "--occurrence", "2025-12", "--db", db)
    assert refused.returncode == 2 and "завершён" in refused.stderr
    missing = msoko("roadmap", "progress", "99", "1.", "--done", "--db", db)
    assert missing.returncode == 2 and "Плана № 99 нет" in missing.stderr
    database = open_database(db, create=False)
    try:
        assert len(RoadmapsRepository(database).history(1)) == 1
    finally:
        database.close()


def test_an_excel_export_needs_a_file(office):
    db, plan = office
    refused = msoko("roadmap", "export", plan, "--format", "xlsx", "--db", db)
    assert refused.returncode == 2 and "--out" in refused.stderr
