"""`msoko roadmap archive|unarchive|delete` and `list --all` as a user runs them (issue 18 part 6): exit
codes, what is printed, and what the database holds afterwards."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.models.roadmaps import ProgressMark, RoadmapsRepository
from desktop.services.database import open_database
from tests.builders.docx_orders import EXAMPLE_ORDERS, docx_from_example_text
from tests.cli.run import msoko, msoko_json

ON = "2026-11-23"


@pytest.fixture
def office(tmp_path):
    """A database with two plans: the old one of 2023 (19 measures, one progress mark), and one of 2024."""
    db = tmp_path / "office.sqlite"
    old = msoko_json("roadmap", "import", docx_from_example_text(
        EXAMPLE_ORDERS / "orenburg-2023-341-monitoring.txt", tmp_path / "341.docx"), "--db", db, "--json")["id"]
    other = msoko_json("roadmap", "import", docx_from_example_text(
        EXAMPLE_ORDERS / "pervomaisky-2024-128-roadmap.txt", tmp_path / "128.docx"), "--db", db, "--json")["id"]
    database = open_database(db)
    repo = RoadmapsRepository(database)
    repo.mark(ProgressMark(repo.measures(old)[0].id, "in_progress", date(2023, 9, 5)))
    database.close()
    return db, old, other


def overdue_plans(db) -> set[int]:
    return {m["roadmap_id"] for m in msoko_json("roadmap", "status", "--on", ON, "--db", db, "--json")["overdue"]}


def test_archive_hides_a_plan_from_the_list_and_the_status_until_unarchived(office):
    db, old, other = office
    listed = msoko_json("roadmap", "list", "--db", db, "--json")
    assert [(r["id"], r["archived"]) for r in listed] == [(old, False), (other, False)]
    assert overdue_plans(db) == {old, other}

    done = msoko("roadmap", "archive", str(old), "--db", db)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"План № {old} «") and f"завершён {date.today():%d.%m.%Y}" in done.stdout

    assert [r["id"] for r in msoko_json("roadmap", "list", "--db", db, "--json")] == [other]
    every = msoko_json("roadmap", "list", "--all", "--db", db, "--json")
    assert [(r["id"], r["archived"]) for r in every] == [(old, True), (other, False)]
    assert every[0]["measures"] == 19 and every[0]["overdue"] == 0
    assert set(every[0]) == set(every[1]) == {"id", "title", "order", "period", "measures", "done", "overdue", "archived"}
    text = msoko("roadmap", "list", "--all", "--db", db).stdout.splitlines()
    assert f"завершён {date.today():%d.%m.%Y}, мероприятий 19" in text[0] and "завершён" not in text[1]
    assert overdue_plans(db) == {other}
    status = msoko_json("roadmap", "status", "--on", ON, "--db", db, "--json")
    assert status["total"] == 14  # the finished plan's measures are not counted either

    again = msoko("roadmap", "archive", str(old), "--db", db)
    assert again.returncode == 0 and "уже был завершён" in again.stdout

    back = msoko("roadmap", "unarchive", str(old), "--db", db)
    assert (back.returncode, back.stdout.strip()) == (0, f"План № {old} «{every[0]['title']}» возвращён в работу.")
    assert overdue_plans(db) == {old, other}
    assert [r["archived"] for r in msoko_json("roadmap", "list", "--db", db, "--json")] == [False, False]


def test_delete_without_yes_says_what_would_go_and_deletes_nothing(office):
    db, old, other = office
    before = db.read_bytes()
    refused = msoko("roadmap", "delete", str(old), "--db", db)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "не удалён: вместе с ним будут удалены 19 мероприятий и 1 отметка о выполнении" in refused.stderr
    assert "--yes" in refused.stderr
    assert db.read_bytes() == before
    assert [r["id"] for r in msoko_json("roadmap", "list", "--all", "--db", db, "--json")] == [old, other]


def test_delete_with_yes_removes_the_plan_and_nothing_of_another(office, tmp_path):
    db, old, other = office
    kept, after = tmp_path / "before.json", tmp_path / "after.json"
    msoko("roadmap", "export", str(other), "--format", "json", "--out", kept, "--db", db)
    msoko("roadmap", "archive", str(old), "--db", db)  # a finished plan is deleted like any

    deleted = msoko("roadmap", "delete", str(old), "--yes", "--db", db)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip().endswith("удалён: 19 мероприятий и 1 отметка о выполнении.")
    assert [r["id"] for r in msoko_json("roadmap", "list", "--all", "--db", db, "--json")] == [other]
    database = open_database(db)
    try:
        left = database.execute(
            "SELECT (SELECT count(*) FROM measures WHERE roadmap_id = ?), "
            "(SELECT count(*) FROM roadmap_sections WHERE roadmap_id = ?), "
            "(SELECT count(*) FROM measure_progress)", [old, old]).fetchone()
    finally:
        database.close()
    assert left == (0, 0, 0)
    msoko("roadmap", "export", str(other), "--format", "json", "--out", after, "--db", db)
    assert json.loads(after.read_text(encoding="utf-8")) == json.loads(kept.read_text(encoding="utf-8"))
    journal = msoko_json("order", "list", "--db", db, "--json")
    assert "341" in {o["number"] for o in journal}  # the order stays in the journal


@pytest.mark.parametrize("command", [["archive"], ["unarchive"], ["delete"], ["delete", "--yes"]])
def test_a_plan_that_is_not_there_is_named(office, command):
    db, _, _ = office
    result = msoko("roadmap", command[0], "99", *command[1:], "--db", db)
    assert result.returncode == 2
    assert "Плана № 99 нет" in result.stderr
