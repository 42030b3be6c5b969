"""The order model: numbering derived from position, texts shared by the renderers, defaults by kind."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from desktop.services.documents.model import (
    Appendix,
    Clause,
    Letterhead,
    OrderDocument,
    Signature,
    Table,
    TableRow,
    clause_text,
    clean_text,
    deadline_text,
    format_cell,
    format_date,
    numbered,
)


def make_order(**changes) -> OrderDocument:
    fields = dict(
        letterhead=Letterhead("Управление образования администрации Заречного муниципального округа"),
        date=date(2026, 9, 1),
        number="57",
        place="с. Заречное",
        title="Об утверждении дорожной карты",
        signature=Signature("Начальник управления образования", "И. П. Смирнова"),
    )
    fields.update(changes)
    return OrderDocument(**fields)


def numbers_and_texts(clauses):
    return [(number, clause.text, depth) for number, clause, depth in numbered(clauses)]


def test_numbers_follow_position_and_depth():
    clauses = [
        Clause("Утвердить"),
        Clause("Центру", children=[Clause("Довести"), Clause("Организовать", children=[Clause("Разместить")])]),
        Clause("Руководителям", children=[Clause("Обеспечить")]),
    ]
    assert numbers_and_texts(clauses) == [
        ("1.", "Утвердить", 0),
        ("2.", "Центру", 0),
        ("2.1.", "Довести", 1),
        ("2.2.", "Организовать", 1),
        ("2.2.1.", "Разместить", 2),
        ("3.", "Руководителям", 0),
        ("3.1.", "Обеспечить", 1),
    ]


def test_moving_and_adding_clauses_renumbers_them():
    first, second, third = Clause("А"), Clause("Б", children=[Clause("Б1"), Clause("Б2")]), Clause("В")
    clauses = [first, second, third]

    clauses.remove(third)
    clauses.insert(0, third)  # move «В» to the top
    second.children.insert(0, Clause("Б0"))  # add a sub-clause before «Б1»
    clauses.append(Clause("Г"))

    assert numbers_and_texts(clauses) == [
        ("1.", "В", 0),
        ("2.", "А", 0),
        ("3.", "Б", 0),
        ("3.1.", "Б0", 1),
        ("3.2.", "Б1", 1),
        ("3.3.", "Б2", 1),
        ("4.", "Г", 0),
    ]
    # The control clause always follows the last top-level clause.
    order = make_order(clauses=clauses)
    assert order.control_text() == "5. Контроль за исполнением настоящего приказа оставляю за собой."


def test_clause_text_puts_the_responsible_before_the_closing_punctuation():
    assert clause_text("2.", Clause("Организовать работу.", responsible="Петрова А. А.")) == (
        "2. Организовать работу (Петрова А. А.)."
    )
    assert clause_text("3.", Clause("Центру:", responsible="Иванов И. И.")) == "3. Центру (Иванов И. И.):"
    assert clause_text("1.1.", Clause("Без точки", responsible="Сидоров")) == "1.1. Без точки (Сидоров)"
    assert clause_text("4.", Clause("Просто текст.")) == "4. Просто текст."


def test_deadline_text():
    assert deadline_text(Clause("x", deadline="до 15.09.2026")) == "Срок: до 15.09.2026"
    assert deadline_text(Clause("x", deadline="  ")) is None
    assert deadline_text(Clause("x")) is None


def test_defaults_depend_on_the_kind():
    order = make_order()
    assert order.operative_word == "ПРИКАЗЫВАЮ:"
    assert order.control_clause == "Контроль за исполнением настоящего приказа оставляю за собой."

    directive = make_order(kind="РАСПОРЯЖЕНИЕ")
    assert directive.operative_word == ""
    assert "распоряжения" in directive.control_clause
    assert directive.appendix_heading_lines(Appendix(2))[1] == "к распоряжению"  # no office named: none guessed

    decision = make_order(kind="РЕШЕНИЕ")
    assert decision.operative_word == "РЕШИЛИ:" and decision.control_text() is None
    assert decision.appendix_heading_lines(Appendix(1))[1] == "к решению коллегии"

    given = make_order(kind="РАСПОРЯЖЕНИЕ", operative_word="ОБЯЗЫВАЮ:", control_clause="")
    assert given.operative_word == "ОБЯЗЫВАЮ:"
    assert given.control_text() is None

    with pytest.raises(ValueError):
        make_order(kind="ПОСТАНОВЛЕНИЕ")


def test_appendix_heading_and_dates():
    order = make_order(
        date=date(2023, 9, 1),
        number="341",
        letterhead=Letterhead("Управление образования", short_name_genitive="управления образования"),
    )
    assert order.appendix_heading(Appendix(1)) == (
        "Приложение № 1 к приказу управления образования от 01.09.2023 № 341"
    )
    assert format_date(date(2026, 1, 5)) == "05.01.2026"
    default_office = make_order().appendix_heading(Appendix(3))
    assert default_office == "Приложение № 3 к приказу от 01.09.2026 № 57"  # never a kind of office it is not


def test_cells_are_printed_with_a_decimal_comma():
    assert format_cell(None) == ""
    assert format_cell(12) == "12"
    assert format_cell(4.5) == "4,5"
    assert format_cell(2.0) == "2"
    assert format_cell(66.666) == "66,67"
    assert format_cell(float("nan")) == ""
    assert format_cell("текст") == "текст"


def test_clean_text_drops_characters_xml_cannot_hold():
    assert clean_text("строка\x0bвторая\x07\x00") == "строка\nвторая"
    assert clean_text("a\r\nb\tc") == "a\nb\tc"


def test_table_checks_its_shape():
    table = Table(["№", "Мероприятие"], [TableRow(["1."]), TableRow.section("Раздел")])
    assert table.column_widths == [1.0, 1.0]
    assert table.padded_cells(table.rows[0]) == ["1.", None]
    assert table.rows[1].is_section and table.rows[1].section_text == "Раздел"
    assert Table(["a", "b"], column_widths=[1, 3]).fractions() == [0.25, 0.75]
    with pytest.raises(ValueError):
        Table(["a", "b"], column_widths=[1.0])
    with pytest.raises(ValueError):
        Table(["a"], [TableRow(["1", "2"])])
    with pytest.raises(ValueError):
        TableRow(["x"], kind="total")


def test_document_modules_import_no_qt_and_no_database():
    code = (
        "import desktop.services.documents.model, desktop.services.documents.pdf, "
        "desktop.services.documents.docx_writer, desktop.services.documents.xlsx_writer, "
        "desktop.services.documents.fonts, desktop.atomic\n"
        "import sys, json; print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.splitlines()[-1]))
    assert not {m for m in loaded if m.startswith(("PySide6", "sqlite3", "desktop.models"))}
