"""Issue 9: clauses of an order as tracked assignments, the journal of orders, the execution report."""

from datetime import date

import pytest

from desktop.demo import build_demo
from desktop.errors import UserError
from desktop.models.orders import OrderInfo, OrdersRepository
from desktop.models.roadmaps import ProgressMark, RoadmapsRepository
from desktop.services.database import open_database
from desktop.services.orders_journal import orders_journal
from desktop.services.roadmap_report import execution_report
from tests.builders.docx_orders import EXAMPLE_ORDERS, docx_from_example_text
from tests.cli.run import msoko, msoko_json

EXAMPLES = EXAMPLE_ORDERS
TODAY = date(2026, 11, 23)


def test_clauses_of_an_order_with_a_plan_table_on_request(tmp_path):
    docx = docx_from_example_text(EXAMPLES / "levokumskoe-2022-679-objectivity-plan.txt", tmp_path / "o.docx")
    db = tmp_path / "x.sqlite"
    table = msoko_json("roadmap", "import", docx, "--db", db, "--json")
    clauses = msoko_json("roadmap", "import", docx, "--clauses", "--db", db, "--json")
    assert table["measures"] == 20 and (clauses["sections"], clauses["measures"]) == (3, 6)
    out = tmp_path / "c.json"
    msoko("roadmap", "export", str(clauses["id"]), "--format", "json", "--out", out, "--db", db)
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["order"] == {"kind": "ПРИКАЗ", "number": "679-од", "date": "2022-12-30"}
    measure = next(m for s in data["sections"] for m in s["measures"] if m["number"] == "2.1")
    assert measure["deadline"]["text"] == "до 10 января 2023 г" and measure["deadline"]["ranges"] == [["2023-01-10", "2023-01-10"]]
    assert measure["responsible"] == "Кирпичёва Н.А."
    # Both plans come from one order: one journal entry holding both.
    journal = msoko_json("order", "list", "--db", db, "--json")
    assert len(journal) == 1 and [p["source"] for p in journal[0]["plans"]] == ["table", "clauses"]


def test_execution_report_counts_on_time_and_overdue(tmp_path):
    db = open_database(tmp_path / "demo.sqlite")
    build_demo(db, today=TODAY)
    repository = RoadmapsRepository(db)
    late = next(m for m in repository.measures(1) if m.number == "1.4.")  # due 01.11, still open
    report = execution_report(db, 1, TODAY)
    assert (len(report.measures), len(report.done), len(report.done_on_time), len(report.overdue)) == (18, 5, 5, 1)
    repository.mark(ProgressMark(late.id, "done", date(2026, 11, 20), evidence="Планы приняты"))
    report = execution_report(db, 1, TODAY)
    assert (len(report.done), len(report.done_on_time), len(report.overdue)) == (6, 5, 0)  # done, but late
    row = next(m for m in report.to_json()["measures"] if m["number"] == "1.4.")
    assert row["on_time"] is False and row["evidence"] == "Планы приняты"
    db.close()


def test_report_cli_contract(tmp_path):
    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    db.close()
    report = msoko_json("roadmap", "report", "1", "--on", "2026-11-23", "--db", path, "--json",
                        "--out", tmp_path / "r.xlsx")
    assert {k: report[k] for k in ("total", "done", "done_on_time", "overdue")} == {
        "total": 18, "done": 5, "done_on_time": 5, "overdue": 1}
    assert len(report["measures"]) == 18
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(tmp_path / "r.xlsx").active.iter_rows() for c in row if c.value]
    assert any(str(v).startswith("Всего 18, выполнено 5, в срок 5") for v in cells)


def test_the_same_order_saved_twice_is_one_journal_entry(db):
    repository = OrdersRepository(db)
    first = repository.add(OrderInfo("ПРИКАЗ", "57", date(2026, 9, 1), "Об утверждении плана", "проект", "a.pdf"))
    again = repository.add(OrderInfo("ПРИКАЗ", "57", date(2026, 9, 1), "Об утверждении плана", "проект", "a.docx"))
    other = repository.add(OrderInfo("РАСПОРЯЖЕНИЕ", "57", date(2026, 9, 1), "О проверке", "проект"))
    assert first.id == again.id != other.id
    assert [o.source_file for o in repository.list() if o.id == first.id] == ["a.docx"]
    repository.set_status(first.id, "подписан")
    assert [e.order.status for e in orders_journal(db, TODAY) if e.order.id == first.id] == ["подписан"]


def test_a_signed_or_imported_order_is_never_changed_by_writing_another(db):
    repository = OrdersRepository(db)
    imported = repository.add(OrderInfo("ПРИКАЗ", "128/1-О", date(2024, 9, 3), "Об утверждении плана мероприятий",
                                        "подписан", "приказ.docx"))
    with pytest.raises(UserError, match=r"уже есть приказ № 128/1-О от 03\.09\.2024 «Об утверждении плана"):
        repository.add(OrderInfo("ПРИКАЗ", "128/1-О", date(2024, 9, 3), "Другой приказ", "проект", "новый.pdf"))
    again = repository.add(OrderInfo("ПРИКАЗ", "128/1-О", date(2024, 9, 3), "Заголовок, прочитанный иначе",
                                     "подписан", "копия.docx"))  # the same Word order loaded once more
    assert again == imported
    assert repository.list() == [imported]


def test_a_draft_written_again_is_a_new_version_and_another_kind_is_another_order(db):
    repository = OrdersRepository(db)
    first = repository.add(OrderInfo("ПРИКАЗ", "57", date(2026, 9, 1), "Об утверждении плана", "проект", "a.pdf"))
    second = repository.add(OrderInfo("ПРИКАЗ", "57", date(2026, 9, 1), "Об утверждении плана", "проект", "a.docx"))
    assert (first.versions, second.versions, second.id) == (1, 2, first.id)
    other = repository.add(OrderInfo("РАСПОРЯЖЕНИЕ", "57", date(2026, 9, 1), "О проверке", "проект"))
    assert other.id != first.id
    listed = {e["id"]: e for e in (e.to_json() for e in orders_journal(db, TODAY))}
    assert listed[first.id]["versions"] == 2 and listed[first.id]["source_file"] == "a.docx"
    assert listed[other.id]["kind"] == "РАСПОРЯЖЕНИЕ" and listed[other.id]["number"] == "57"


def test_an_order_that_clashes_with_a_signed_one_is_refused_before_its_file_is_written(tmp_path):
    db_file = tmp_path / "база.sqlite"
    db = open_database(db_file)
    build_demo(db, today=TODAY)
    signed = next(o for o in OrdersRepository(db).list() if o.status == "подписан")
    db.close()
    out = tmp_path / "приказ.pdf"
    result = msoko("order", "roadmap", "1", "--number", signed.number, "--date", signed.date.isoformat(),
                   "--out", out, "--db", db_file)
    assert result.returncode == 2 and "уже есть приказ" in result.stderr, result.stderr
    assert not out.exists()
    db = open_database(db_file)
    assert [o for o in OrdersRepository(db).list() if o.id == signed.id] == [signed]
    db.close()
