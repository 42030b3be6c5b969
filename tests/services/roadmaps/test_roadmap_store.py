"""Roadmaps end to end through the contract of `msoko roadmap …`: import, list, export, status."""

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.models.roadmaps import ProgressMark, RoadmapsRepository
from desktop.services.roadmap_export import load_roadmap, roadmap_json
from desktop.services.roadmap_import import apply_roadmap_import, guess_period, plan_roadmap_import
from desktop.services.roadmap_status import status_on
from tests.builders.docx_orders import EXAMPLE_ORDERS, docx_from_example_text
from tests.cli.run import msoko, msoko_json

EXAMPLES = EXAMPLE_ORDERS


@pytest.fixture
def example_docx(tmp_path):
    def build(name: str) -> Path:
        return docx_from_example_text(EXAMPLES / f"{name}.txt", tmp_path / f"{name}.docx")
    return build


def test_period_comes_from_the_title_or_the_order_date():
    assert guess_period("План … на 2024-2025 учебный год", None) == (date(2024, 9, 1), date(2025, 8, 31))
    assert guess_period("План … на 2023-2024 годы", date(2022, 12, 30)) == (date(2023, 1, 1), date(2024, 12, 31))
    assert guess_period("О реализации мониторинга", date(2023, 9, 1)) == (date(2023, 9, 1), date(2024, 8, 31))
    assert guess_period("О реализации мониторинга", date(2024, 3, 5)) == (date(2023, 9, 1), date(2024, 8, 31))
    assert guess_period("Без даты", None) is None


def test_pervomaisky_plan_imports_with_its_order_and_readable_deadlines(db, example_docx):
    plan = plan_roadmap_import(example_docx("pervomaisky-2024-128-roadmap"))
    roadmap_id = apply_roadmap_import(db, plan)
    data = roadmap_json(db, roadmap_id)
    assert data["order"] == {"kind": "ПРИКАЗ", "number": "128/1-О", "date": "2024-09-03"}
    assert data["period"] == ["2024-09-01", "2025-08-31"]
    measures = [m for s in data["sections"] for m in s["measures"]]
    assert len(measures) == 14
    assert [s["number"] for s in data["sections"]] == [None]  # a plan without sections
    by_deadline = {m["deadline"]["text"]: m["deadline"] for m in measures}
    assert by_deadline["октябрь-декабрь"]["ranges"] == [["2024-10-01", "2024-12-31"]]
    assert by_deadline["По плану УО"] == {"text": "По плану УО", "kind": "text", "ranges": [], "warnings": []}
    assert by_deadline["В течение периода"]["kind"] == "continuous"


def test_orenburg_clauses_keep_sections_and_measures_outside_them_in_order(db, example_docx):
    roadmap_id = apply_roadmap_import(db, plan_roadmap_import(example_docx("orenburg-2023-341-monitoring")))
    data = roadmap_json(db, roadmap_id)
    assert [(s["number"], len(s["measures"])) for s in data["sections"]] == [(None, 2), ("3", 7), ("4", 3), ("5", 7)]
    first = data["sections"][1]["measures"][0]
    assert first["number"] == "3.1"
    assert first["deadline"]["ranges"] == [["2023-09-08", "2023-09-08"]]
    assert "Попова Л.С." in first["responsible"]


def test_levokumskoe_warns_about_an_unplaceable_deadline(example_docx):
    plan = plan_roadmap_import(example_docx("levokumskoe-2022-679-objectivity-plan"))
    assert plan.measure_count == 20
    assert plan.roadmap.period_start == date(2023, 1, 1) and plan.roadmap.period_end == date(2024, 12, 31)
    assert any("в течение учебного года" in w and "несколько раз" in w for w in plan.warnings)


def test_progress_history_is_kept_and_the_newest_mark_is_the_status(db, example_docx):
    roadmap_id = apply_roadmap_import(db, plan_roadmap_import(example_docx("pervomaisky-2024-128-roadmap")))
    repo = RoadmapsRepository(db)
    measure = repo.measures(roadmap_id)[0]
    repo.mark(ProgressMark(measure.id, "in_progress", date(2024, 10, 1), "Колесникова Е. В."))
    repo.mark(ProgressMark(measure.id, "done", date(2024, 11, 20), "Колесникова Е. В.", "Справка № 12"))
    assert repo.measure(measure.id).status == "done"
    assert [m.status for m in repo.history(measure.id)] == ["in_progress", "done"]
    assert repo.history(measure.id)[1].evidence == "Справка № 12"


def test_status_finds_overdue_and_due_soon_on_a_day(db, example_docx):
    roadmap_id = apply_roadmap_import(db, plan_roadmap_import(example_docx("pervomaisky-2024-128-roadmap")))
    repo = RoadmapsRepository(db)
    on = date(2024, 12, 25)
    summary = status_on(db, on, days=14)
    autumn = next(m for m in repo.measures(roadmap_id) if m.deadline_text == "октябрь-декабрь")
    assert autumn in summary.due_soon  # ends 31.12, within 14 days
    assert status_on(db, date(2025, 1, 10)).overdue.count(autumn) == 1
    repo.mark(ProgressMark(autumn.id, "done", date(2024, 12, 20)))
    after = status_on(db, date(2025, 1, 10))
    assert autumn.id not in [m.id for m in after.overdue]
    assert after.done == 1 and after.total == 14


def test_export_groups_follow_the_plan_order(db, example_docx):
    roadmap_id = apply_roadmap_import(db, plan_roadmap_import(example_docx("orenburg-2023-341-monitoring")))
    roadmap, groups = load_roadmap(db, roadmap_id)
    positions = [m.position for _, measures in groups for m in measures]
    assert positions == sorted(positions) and len(positions) == 19


def test_cli_contract_import_list_export_status(tmp_path, example_docx):
    db = tmp_path / "office.sqlite"
    docx = example_docx("orenburg-2023-341-monitoring")
    imported = msoko_json("roadmap", "import", docx, "--db", db, "--json")
    assert set(imported) == {"id", "sections", "measures", "warnings"}
    assert (imported["sections"], imported["measures"]) == (3, 19)
    assert any("отнесён к пунктам 3.3–3.7" in w for w in imported["warnings"])

    listed = msoko_json("roadmap", "list", "--db", db, "--json")
    assert [r["id"] for r in listed] == [imported["id"]]

    out = tmp_path / "plan.json"
    assert msoko("roadmap", "export", str(imported["id"]), "--format", "json", "--out", out, "--db", db).returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert set(exported) == {"id", "title", "order", "period", "sections"}
    assert set(exported["sections"][1]["measures"][0]) == {"number", "text", "deadline", "participants", "responsible",
                                                           "addressee", "status", "occurrences"}

    status = msoko_json("roadmap", "status", "--db", db, "--on", "2023-09-10", "--days", "14", "--json")
    assert set(status) == {"overdue", "due_soon", "done", "total"}
    assert status["total"] == 19
    overdue = {m["number"] for m in status["overdue"]}
    assert "3.1" in overdue  # due 08.09.2023
    assert {"roadmap_id", "number", "text"} <= set(status["overdue"][0])
    assert any(m["number"] == "3.2" for m in status["due_soon"])  # due 15.09.2023

    xlsx = tmp_path / "plan.xlsx"
    assert msoko("roadmap", "export", str(imported["id"]), "--format", "xlsx", "--out", xlsx, "--db", db).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows is not None
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Мероприятие" in texts and any(str(t).startswith("3. Управлению образования") for t in texts)  # the section's number gets its period


def test_cli_import_of_a_foreign_file_is_a_russian_error(tmp_path):
    bad = tmp_path / "план.docx"
    bad.write_bytes(b"not a zip at all")
    result = msoko("roadmap", "import", bad, "--db", tmp_path / "x.sqlite", "--json")
    assert result.returncode == 2
    assert "план.docx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_unknown_roadmap_id_is_a_russian_error(tmp_path):
    db = tmp_path / "x.sqlite"
    msoko("demo", "--db", db)
    result = msoko("roadmap", "export", "99", "--format", "json", "--out", tmp_path / "o.json", "--db", db)
    assert result.returncode == 2 and "Дорожной карты с номером 99 нет" in result.stderr
