"""Orders read as the head of an office reads them before signing: the plan's title declined as a
whole, people in the case the clause needs, the document's own kind, the office's own name in the
forms it wrote (or none where it is unknown), the monitoring schedule in the order work falls due."""

from dataclasses import replace
from datetime import date

import pytest

from desktop.models.office import Office, load_office, save_office
from desktop.models.orders import OrderInfo
from desktop.models.roadmaps import Roadmap, RoadmapsRepository, SectionDraft
from desktop.services.database import open_database
from desktop.services.measures import measure_draft
from desktop.services.orders import monitoring_order, results_order, roadmap_order
from tests.cli.run import msoko

DAY = date(2026, 9, 1)
PERIOD = (date(2026, 9, 1), date(2027, 8, 31))
LEVOKUMSKOE = ("План мероприятий, направленный на обеспечение объективности проведения оценочных процедур "
               "в общеобразовательных организациях в 2026, 2027 годах")


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "orders.sqlite")
    save_office(database, Office(full_name="Отдел образования администрации Тестового муниципального округа",
                                 short_name="Отдел образования", head_position="Начальник отдела образования",
                                 head_name="И. П. Смирнова", executor_name="Курбанова Любовь Константиновна"))
    yield database
    database.close()


def _plan(db, title: str, measures: list[tuple[str, str]], order: OrderInfo | None = None) -> int:
    section = SectionDraft("1.", "Организационные мероприятия")
    for index, (text, deadline) in enumerate(measures, start=1):
        draft, _ = measure_draft(text, number=f"1.{index}.", deadline_text=deadline, participants="",
                                 responsible="", period=PERIOD, issued=PERIOD[0])
        section.measures.append(draft)
    return RoadmapsRepository(db).create(Roadmap(title, *PERIOD, "table", order), [section])


def test_the_plan_title_is_declined_as_a_whole_and_people_are_in_the_accusative(db):
    document = roadmap_order(db, _plan(db, LEVOKUMSKOE, [("Совещание", "до 1 октября 2026 г.")]), "57", DAY)
    assert document.title == ("Об утверждении плана мероприятий, направленного на обеспечение объективности "
                              "проведения оценочных процедур в общеобразовательных организациях в 2026, 2027 годах")
    clauses = [c.text for c in document.clauses]
    assert clauses[0].startswith("Утвердить план мероприятий, направленный на обеспечение объективности")
    assert clauses[-1].endswith("мониторинг исполнения плана Курбанову Любовь Константиновну.")
    assert "представлять отделу образования сведения об их исполнении" in clauses[1]
    assert document.appendix_heading_lines(document.appendices[0])[1] == "к приказу отдела образования"


def test_a_title_that_already_says_об_утверждении_is_not_doubled(db):
    title = ("Об утверждении Плана мероприятия (дорожной карты) по обеспечению объективности проведения "
             "оценочных процедур на 2026-2027 учебный год")
    document = roadmap_order(db, _plan(db, title, [("Совещание", "сентябрь 2026 г.")]), "57", DAY)
    assert document.title == title
    assert document.clauses[0].text.startswith("Утвердить план мероприятия (дорожную карту) по обеспечению")


def test_an_imported_распоряжение_is_printed_as_one(db):
    order = OrderInfo("РАСПОРЯЖЕНИЕ", "12-р", date(2026, 8, 20), "Об утверждении плана", "подписан")
    plan = _plan(db, "Дорожная карта по повышению качества образования", [("Совещание", "сентябрь 2026 г.")], order)
    document = roadmap_order(db, plan, "14-р", DAY)
    assert document.kind == "РАСПОРЯЖЕНИЕ" and document.operative_word == ""
    assert "распоряжения" in document.control_clause and "приказ" not in document.control_clause
    assert document.appendix_heading_lines(document.appendices[0])[1] == "к распоряжению отдела образования"
    assert roadmap_order(db, plan, "58", DAY, kind="ПРИКАЗ").operative_word == "ПРИКАЗЫВАЮ:"
    decision = monitoring_order(db, plan, "3", DAY, kind="РЕШЕНИЕ")
    assert decision.operative_word == "РЕШИЛИ:" and decision.kind == "РЕШЕНИЕ"


def test_the_office_forms_it_wrote_win_and_an_unknown_office_is_not_named(db):
    plan = _plan(db, "Дорожная карта по повышению качества образования", [("Совещание", "сентябрь 2026 г.")])
    office = load_office(db)
    save_office(db, replace(office, genitive_name="МКУ «Управление образования»",
                            dative_name="МКУ «Управление образования»"))
    document = roadmap_order(db, plan, "57", DAY)
    assert document.appendix_heading_lines(document.appendices[0])[1] == "к приказу МКУ «Управление образования»"
    assert "представлять МКУ «Управление образования» сведения" in document.clauses[1].text
    save_office(db, Office(full_name="МКУ «ИМЦ РУО»", short_name="ИМЦ", head_name="И. П. Смирнова"))
    document = roadmap_order(db, plan, "57", DAY)
    assert document.appendix_heading_lines(document.appendices[0])[1] == "к приказу"
    assert "представлять сведения об их исполнении" in document.clauses[1].text
    assert "управлени" not in " ".join(c.text for c in document.clauses).lower()


def test_the_monitoring_schedule_runs_in_the_order_work_falls_due_with_undated_work_last(db):
    plan = _plan(db, "План мероприятий по реализации мониторинга", [
        ("Анализ результатов", "в течение 2026-2027 учебного года"),
        ("Совещание с руководителями", "до 8 сентября 2026 г."),
        ("Методическая помощь школам", "по мере необходимости"),
        ("Региональная диагностика", "октябрь 2026 г."),
    ])
    rows = [row.cells[1] for row in monitoring_order(db, plan, "5", DAY).appendices[0].tables[0].rows]
    assert rows == ["Совещание с руководителями", "Региональная диагностика", "Анализ результатов",
                    "Методическая помощь школам"]


def test_order_commands_take_the_kind_and_russian_dates(tmp_path):
    path = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", path).returncode == 0
    out = tmp_path / "распоряжение.docx"
    result = msoko("order", "roadmap", "1", "--number", "7-р", "--date", "01.09.2026", "--kind", "распоряжение",
                   "--out", out, "--db", path)
    assert result.returncode == 0, result.stderr
    from docx import Document

    text = [p.text for p in Document(out).paragraphs]
    assert "РАСПОРЯЖЕНИЕ" in text and not any("ПРИКАЗ" in t for t in text)
    listing = msoko("order", "list", "--json", "--db", path)
    assert any(o["kind"] == "РАСПОРЯЖЕНИЕ" and o["number"] == "7-р" and o["date"] == "2026-09-01"
               for o in __import__("json").loads(listing.stdout))
    bad = msoko("order", "roadmap", "1", "--number", "8", "--date", "01.09.2026", "--kind", "указ",
                "--out", tmp_path / "x.pdf", "--db", path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_the_results_order_takes_a_second_kind_for_the_document(tmp_path):
    path = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", path).returncode == 0
    db = open_database(path)
    year = db.execute("SELECT max(year) FROM assessments WHERE kind = 'ВПР'").fetchone()[0]
    assert results_order(db, "ВПР", year, "9", DAY, "РАСПОРЯЖЕНИЕ").kind == "РАСПОРЯЖЕНИЕ"
    db.close()
    out = tmp_path / "итоги.docx"
    result = msoko("order", "results", "--kind", "ВПР", "--kind", "распоряжение", "--year", str(year),
                   "--number", "9-р", "--date", "2026-09-01", "--out", out, "--db", path)
    assert result.returncode == 0, result.stderr
    twice = msoko("order", "results", "--kind", "ВПР", "--kind", "ОГЭ", "--year", str(year),
                  "--number", "9-р", "--date", "2026-09-01", "--out", tmp_path / "y.docx", "--db", path)
    assert twice.returncode == 2 and "вида документа" in twice.stderr


def test_a_deadline_before_the_order_s_date_is_said_before_saving(tmp_path, capsys):
    from desktop.services.order_checks import deadline_warnings
    from desktop.services.orders import results_order

    path = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", path).returncode == 0
    db = open_database(path)
    year = db.execute("SELECT max(year) FROM assessments WHERE kind = 'ВПР'").fetchone()[0]
    timely = results_order(db, "ВПР", year, "9", date(year, 8, 28))
    late = results_order(db, "ВПР", year, "9", date(year + 1, 12, 2))  # a past year's results
    db.close()
    assert any(c.deadline == f"до 1 октября {year} г." for c in timely.clauses) and not deadline_warnings(timely)
    assert not any(c.deadline and "октября" in c.deadline for c in late.clauses)
    assert not deadline_warnings(late)
    stale = replace(timely, date=date(year, 12, 2))
    [warning] = deadline_warnings(stale)
    assert f"до 1 октября {year} г." in warning and f"02.12.{year}" in warning and "приказа" in warning
    written = tmp_path / "приказ.docx"
    _save(open_database(path), stale, written)  # what `msoko order` does: said on stderr, saved all the same
    assert written.exists() and "Внимание: Пункт" in capsys.readouterr().err


def _save(db, document, out):
    from desktop.cli.order_cmd import _save as save

    try:
        save(db, document, out)
    finally:
        db.close()
