"""The ready-made order «Об утверждении дорожной карты …» as PDF and DOCX, checked as printed."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document

from desktop.demo import build_demo
from desktop.models.orders import OrdersRepository
from desktop.services.database import open_database
from tests.cli.run import msoko

TODAY = date(2026, 11, 23)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture
def demo_path(tmp_path):
    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    db.close()
    return path


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@needs_poppler
def test_roadmap_order_pdf_reads_like_an_order(tmp_path, demo_path):
    out = tmp_path / "приказ.pdf"
    result = msoko("order", "roadmap", "1", "--number", "57", "--date", "2026-09-01", "--out", out, "--db", demo_path)
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(out)
    first = " ".join(pages[0].split())
    assert first.startswith("Управление образования администрации Заречного муниципального округа")
    for expected in ("ПРИКАЗ", "01.09.2026", "№ 57", "с. Заречное",
                     "Об утверждении плана мероприятий (дорожной карты) по обеспечению объективности", "ПРИКАЗЫВАЮ:"):
        assert expected in first, expected
    whole = " ".join(" ".join(p.split()) for p in pages)
    clauses = [whole.index(f"{n}. ") for n in ("1", "2", "3", "4")]
    assert clauses == sorted(clauses)
    assert "Утвердить план мероприятий (дорожную карту)" in whole
    assert "Контроль за исполнением настоящего приказа оставляю за собой" in whole
    assert re.search(r"Начальник управления образования\s+И\. П\. Смирнова", whole)
    appendix = [i for i, p in enumerate(pages) if "Приложение № 1" in p]
    assert appendix, "no appendix page"
    assert "к приказу управления образования" in pages[appendix[0]]
    for page in pages[appendix[0]:]:
        assert "Мероприятие" in page and "Ответственные" in page  # the header repeats on every page
    assert "1. Нормативное и организационное обеспечение" in whole
    assert "4.5. Отчёт об исполнении" in whole  # the last measure; its cell wraps
    assert whole.index("дорожной карты", whole.index("4.5. Отчёт об исполнении")) > 0

    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:]) and "LiberationSerif" in fonts
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info


def test_roadmap_order_docx_holds_the_clauses_and_the_plan(tmp_path, demo_path):
    out = tmp_path / "приказ.docx"
    assert msoko("order", "roadmap", "1", "--number", "57", "--date", "2026-09-01", "--out", out,
                 "--db", demo_path).returncode == 0
    document = Document(out)
    text = [p.text for p in document.paragraphs]
    assert any(t.startswith("1. Утвердить план мероприятий (дорожную карту)") for t in text)
    assert any("ПРИКАЗЫВАЮ" in t for t in text)
    table = document.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:2] == ["№ п/п", "Мероприятие"]
    assert sum(1 for r in rows[1:] if r[0] and r[0][0].isdigit() and r[0].count(".") == 2) == 18  # 18 measures
    db = open_database(demo_path)
    journal = OrdersRepository(db).list()
    db.close()
    assert [(o.number, o.status) for o in journal if o.number == "57"] == [("57", "проект")]


def test_order_for_a_missing_roadmap_or_format_is_a_russian_error(tmp_path, demo_path):
    missing = msoko("order", "roadmap", "9", "--number", "1", "--date", "2026-09-01", "--out", tmp_path / "a.pdf",
                    "--db", demo_path)
    assert missing.returncode == 2 and "Дорожной карты с номером 9 нет" in missing.stderr
    wrong = msoko("order", "roadmap", "1", "--number", "1", "--date", "2026-09-01", "--out", tmp_path / "a.txt",
                  "--db", demo_path)
    assert wrong.returncode == 2 and "PDF или DOCX" in wrong.stderr
    assert not (tmp_path / "a.pdf").exists()


@needs_poppler
def test_monitoring_order_has_a_schedule_in_date_order(tmp_path, demo_path):
    out = tmp_path / "мониторинг.pdf"
    assert msoko("order", "monitoring", "1", "--number", "60", "--date", "2026-09-05", "--out", out,
                 "--db", demo_path).returncode == 0
    whole = " ".join(" ".join(p.split()) for p in pdf_pages(out))
    assert "О реализации мониторинга качества образования в 2026-2027 учебном году" in whole
    assert "График проведения мероприятий мониторинга" in whole
    # dated work only, earliest first: September items before the December control work and the spring
    assert whole.index("Назначение муниципальных") < whole.index("Муниципальные") < whole.index("Обучение общественных")
    assert "Совещание с руководителями ОО по итогам анализа" not in whole  # «По плану УО» has no dates


@needs_poppler
def test_results_order_writes_its_analysis_from_the_rules(tmp_path):
    from desktop.demo_results import build_demo_results

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    build_demo_results(db, TODAY)
    db.close()
    out = tmp_path / "итоги.pdf"
    result = msoko("order", "results", "--kind", "ВПР", "--year", "2026", "--number", "88", "--date", "2026-06-20",
                   "--out", out, "--db", path)
    assert result.returncode == 0, result.stderr
    whole = " ".join(" ".join(p.split()) for p in pdf_pages(out))
    assert "Об итогах всероссийских проверочных работ в 2026 году" in whole
    assert "качество обучения по муниципалитету второй год подряд менее 40%: математика (8 класс)" in whole
    assert "с низкими образовательными результатами (МКОУ «ООШ п. Лесной», МКОУ «СОШ с. Каменка»)" in whole
    assert "Приложение № 2" in whole and "доля «2» ≥ 25%" in whole
    empty = msoko("order", "results", "--kind", "ЕГЭ", "--year", "2030", "--number", "1", "--date", "2030-06-20",
                  "--out", tmp_path / "нет.pdf", "--db", path)
    assert empty.returncode == 2 and "нет результатов ЕГЭ 2030" in empty.stderr


def test_results_order_table_words_fit_their_columns_and_numbers_stay_numbers(tmp_path):
    """No header or cell word is cut between letters in print («Участни|ков»): each fits its column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.demo_results import build_demo_results
    from desktop.services.documents import fonts
    from desktop.services.documents.pdf import CELL_PAD, TABLE_SIZE
    from desktop.services.documents.table_layout import layout_table
    from desktop.services.orders import results_order

    db = open_database(tmp_path / "demo.sqlite")
    build_demo(db, today=TODAY)
    build_demo_results(db, TODAY)
    table = results_order(db, "ВПР", 2026, "88", TODAY).appendices[0].tables[0]
    db.close()
    fonts.register_fonts()
    laid = layout_table(table)  # the widths both writers print the table with
    assert laid.table.header == table.header
    inner = [w - 2 * CELL_PAD for w in laid.widths]
    for text, room in zip(table.header, inner, strict=True):
        for word in text.split():
            assert stringWidth(word, fonts.BOLD, TABLE_SIZE) <= room, (word, room)
    for row in table.rows:
        for text, room in zip(table.row_texts(row), inner, strict=True):
            for word in text.split():
                assert stringWidth(word, fonts.REGULAR, TABLE_SIZE) <= room, (word, room)
    first = table.rows[0]
    assert all(isinstance(value, int | float) for value in first.cells[1:])  # the Excel appendix gets numbers
    assert table.row_texts(first)[3].count(",") == 1  # printed «93,0»


def test_the_plan_appendix_alone_goes_to_excel_without_a_journal_entry(tmp_path, demo_path):
    from openpyxl import load_workbook

    from desktop.services.roadmap_export import load_roadmap

    db = open_database(demo_path)
    journal = [(o.number, o.source_file) for o in OrdersRepository(db).list()]
    _, groups = load_roadmap(db, 1)
    db.close()
    out = tmp_path / "приложение.xlsx"
    done = msoko("order", "roadmap", "1", "--number", "57", "--date", "2026-09-01", "--out", out, "--db", demo_path)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).active
    assert sheet.title == "Приложение 1"
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Приложение № 1 к приказу" in cells[0] and "от 01.09.2026 № 57" in cells[0]
    assert {m.text for _, measures in groups for m in measures} <= set(cells)
    db = open_database(demo_path)
    assert [(o.number, o.source_file) for o in OrdersRepository(db).list()] == journal  # no entry for a workbook
    db.close()


def test_an_order_without_appendix_tables_has_nothing_for_excel(tmp_path, demo_path):
    from desktop.errors import UserError
    from desktop.services.order_files import render
    from desktop.services.orders import blank_order

    db = open_database(demo_path)
    with pytest.raises(UserError, match="нет приложений с таблицами"):
        render(blank_order(db, TODAY), tmp_path / "пустой.xlsx")
    db.close()
    assert not (tmp_path / "пустой.xlsx").exists()


@pytest.mark.parametrize("name", ["приказ.txt", "приказ.pdf.bak", "приказ"])
def test_an_order_is_never_written_under_a_name_of_another_kind(tmp_path, demo_path, name):
    from desktop.errors import UserError
    from desktop.services.order_files import render
    from desktop.services.orders import PLAN_ORDERS

    db = open_database(demo_path)
    try:
        document = PLAN_ORDERS["roadmap"](db, 1, "5", date(2026, 9, 1))
        with pytest.raises(UserError, match="сохраняется в PDF или DOCX"):
            render(document, tmp_path / name)
    finally:
        db.close()
    assert list(tmp_path.glob("приказ*")) == []


def test_a_plan_imported_from_an_order_is_printed_again_in_that_orders_own_words(demo_path):
    import json

    from desktop.models.db import transaction
    from desktop.services.orders import roadmap_order

    wording = {
        "preamble": "Во исполнение распоряжения министерства образования края от 12.08.2026 № 1021",
        "operative_word": "",
        "clauses": [
            {"text": "Утвердить план мероприятий (приложение).", "deadline": None, "responsible": None, "children": []},
            {"text": "Руководителям ОО:", "deadline": None, "responsible": None, "children": [
                {"text": "обеспечить выполнение плана (в том числе в 2027 году (январь, март));",
                 "deadline": "до 25 числа каждого месяца", "responsible": None, "children": []},
            ]},
            {"text": "Контроль за исполнением распоряжения возложить на заместителя начальника Петрову А. А.",
             "deadline": None, "responsible": None, "children": []},
        ],
    }
    db = open_database(demo_path)
    with transaction(db):
        db.execute("UPDATE orders SET kind = 'РАСПОРЯЖЕНИЕ', wording = ? "
                   "WHERE id = (SELECT order_id FROM roadmaps WHERE id = 1)", [json.dumps(wording, ensure_ascii=False)])
    original = db.execute("SELECT o.title FROM orders o JOIN roadmaps r ON r.order_id = o.id WHERE r.id = 1").fetchone()[0]
    document = roadmap_order(db, 1, "60-р", date(2026, 12, 3))
    db.close()
    assert document.kind == "РАСПОРЯЖЕНИЕ" and document.title == original
    assert document.preamble == wording["preamble"] and document.operative_word == ""
    texts = [c.text for c in document.clauses]
    assert texts == [c["text"] for c in wording["clauses"]]
    sub = document.clauses[1].children[0]
    assert sub.text.endswith("(январь, март));") and sub.deadline == "до 25 числа каждого месяца"
    assert document.control_text() in ("", None)  # the order's own control clause, not a second one
    assert "В целях повышения качества" not in document.preamble
    assert document.appendices and document.appendices[0].tables[0].rows  # the plan as it is now


def test_an_order_built_here_keeps_the_template_words(demo_path):
    from desktop.services.orders import roadmap_order

    db = open_database(demo_path)
    document = roadmap_order(db, 1, "61", date(2026, 12, 3))
    db.close()
    assert document.preamble.startswith("В целях повышения качества") and document.operative_word == "ПРИКАЗЫВАЮ:"


def test_a_plan_read_from_an_orders_clauses_is_printed_as_those_clauses_as_edited_since(demo_path):
    import json

    from desktop.models.db import transaction
    from desktop.services.orders import roadmap_order

    wording = {"preamble": "В целях организации работы", "operative_word": "ПРИКАЗЫВАЮ:", "clauses": [
        {"text": "Руководителям ОО:", "children": [
            {"text": "как в файле", "measure": "1.1."},
            {"text": "удалённое мероприятие", "measure": "9.9."},
            {"text": "как в файле", "measure": "1.2."},
        ]},
        {"text": "Признать утратившим силу приказ от 01.09.2025 № 90."},
    ]}
    db = open_database(demo_path)
    with transaction(db):
        db.execute("UPDATE orders SET wording = ? WHERE id = (SELECT order_id FROM roadmaps WHERE id = 1)",
                   [json.dumps(wording, ensure_ascii=False)])
        db.execute("UPDATE measures SET text = 'Исправленный текст' WHERE roadmap_id = 1 AND number = '1.1.'")
    document = roadmap_order(db, 1, "62", date(2026, 12, 3))
    db.close()
    head, repealed = document.clauses
    assert head.text == "Руководителям ОО:" and repealed.text.startswith("Признать утратившим силу")
    first, second = head.children  # the deleted measure's clause is gone
    assert (first.text, first.deadline, first.responsible) == (
        "Исправленный текст", "до 15 сентября 2026 г.", "Управление образования")
    from desktop.services.documents.model import deadline_text

    assert deadline_text(second) == "Срок: до 25.09.2026"  # the word copied with the deadline is not doubled
    assert document.appendices == []  # the plan is in the clauses
    assert document.control_text() is not None  # none among its own clauses: the kind's own is added
