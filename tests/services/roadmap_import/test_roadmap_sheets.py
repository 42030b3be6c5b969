"""The same plan table from .xlsx and from pasted text gives the same roadmap as from .docx."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.importers.roadmap.pasted_text import parse_tsv, read_roadmap_text
from desktop.services.importers.roadmap.plan_table import read_roadmap_xlsx
from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from tests.builders.docx_orders import (
    EXAMPLE_ORDERS,
    ZARECHNY_TABLE_1,
    ZARECHNY_TABLE_2,
    build_order_docx,
    docx_from_example_text,
    excel_clipboard_text,
    table_rows_from_example_text,
    write_roadmap_xlsx,
    zarechny_table_order_items,
)

EXAMPLES = EXAMPLE_ORDERS
TABLE_EXAMPLES = ["pervomaisky-2024-128-roadmap", "levokumskoe-2022-679-objectivity-plan"]


def _content(roadmap):
    """Everything but where it came from (row numbers, sheet labels)."""
    return [
        (
            section.number,
            section.title,
            [(m.number, m.text, m.deadline_text, m.participants, m.responsible, m.note) for m in section.measures],
        )
        for section in roadmap.sections
    ]


def _messages(roadmap):
    return [(p.message, p.severity) for p in roadmap.problems]


@pytest.mark.parametrize("name", TABLE_EXAMPLES)
def test_example_table_from_xlsx_and_text_equals_docx(tmp_path, name):
    source = EXAMPLES / f"{name}.txt"
    from_docx = read_roadmap_docx(docx_from_example_text(source, tmp_path / "order.docx"))
    rows = table_rows_from_example_text(source.read_text(encoding="utf-8"))
    xlsx = write_roadmap_xlsx(tmp_path / "plan.xlsx", rows, title_rows=[from_docx.title, ""])
    from_xlsx = read_roadmap_xlsx(xlsx)
    from_text = read_roadmap_text(excel_clipboard_text(rows))
    assert from_docx.measure_count in (14, 20)
    assert _content(from_xlsx) == _content(from_docx)
    assert _content(from_text) == _content(from_docx)
    assert from_xlsx.title == from_docx.title
    assert _messages(from_xlsx) == _messages(from_docx) == _messages(from_text)
    assert from_xlsx.source == from_text.source == "table"


def _zarechny_rows():
    rows = [list(r) for r in ZARECHNY_TABLE_1] + [list(r) for r in ZARECHNY_TABLE_2]
    stazhirovka = next(i for i, r in enumerate(rows) if len(r) > 2 and r[2] == "Стажировка учителей математики")
    return rows, stazhirovka


def test_zarechny_table_from_xlsx_equals_docx(tmp_path):
    from_docx = read_roadmap_docx(build_order_docx(tmp_path / "z.docx", zarechny_table_order_items()))
    rows, stazhirovka = _zarechny_rows()
    xlsx = write_roadmap_xlsx(
        tmp_path / "z.xlsx",
        rows,
        title_rows=["ДОРОЖНАЯ КАРТА", "по повышению качества образования в Заречном муниципальном округе", "на 2024-2025 годы"],
        merged_rows=[2],  # «1. Нормативно-правовое обеспечение» across the row
        merged_ranges=[(stazhirovka - 1, 3, stazhirovka, 3)],  # «Ответственные» of 2.1 and 2.2 merged
    )
    from_xlsx = read_roadmap_xlsx(xlsx)
    assert _content(from_xlsx) == _content(from_docx)
    assert from_xlsx.title == from_docx.title
    assert _messages(from_xlsx) == _messages(from_docx)
    assert from_xlsx.problems[0].sheet == "План"
    assert from_xlsx.measures[0].source_row == 7  # 3 title rows, header, column numbers, section row


def test_zarechny_table_pasted_from_excel(tmp_path):
    from_docx = read_roadmap_docx(build_order_docx(tmp_path / "z.docx", zarechny_table_order_items()))
    rows, stazhirovka = _zarechny_rows()
    rows[stazhirovka][3] = ""  # Excel puts nothing for the cells under a merge
    pasted = excel_clipboard_text(rows)
    assert '"Срок\r\nпроведения"' in pasted or '"Срок\nпроведения"' in pasted  # a quoted cell with a line break
    from_text = read_roadmap_text(pasted)
    expected = _content(from_docx)
    section_2 = expected[1][2]
    section_2[1] = section_2[1][:4] + ("",) + section_2[1][5:]  # 2.2 lost its merged «Ответственные»
    assert _content(from_text) == expected


def test_xlsx_header_below_title_rows_with_typed_values(tmp_path):
    rows = [
        ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные"],
        [1, "Совещание руководителей", date(2020, 4, 1), "УО"],
        [2.0, "Семинар", "в срок до 01.02.2024г.", "ЦРО"],
        [None, "(продолжение)", None, None],
        ["Раздел 2. Контроль", None, None, None],
        ["2.1", "Проверка", "ежегодно", "УО"],
    ]
    title = ["Приложение № 1", "к приказу от 01.09.2023 № 341", "", "План мероприятий на 2023-2024 учебный год", ""]
    roadmap = read_roadmap_xlsx(write_roadmap_xlsx(tmp_path / "t.xlsx", rows, title_rows=title))
    assert [(s.number, s.title, [(m.number, m.text, m.deadline_text) for m in s.measures]) for s in roadmap.sections] == [
        (
            None,
            None,
            [("1", "Совещание руководителей", "01.04.2020"), ("2", "Семинар (продолжение)", "в срок до 01.02.2024г.")],
        ),
        ("2", "Контроль", [("2.1", "Проверка", "ежегодно")]),
    ]
    assert roadmap.title == "План мероприятий на 2023-2024 учебный год"
    assert (roadmap.order.date, roadmap.order.number) == (date(2023, 9, 1), "341")
    assert roadmap.measures[0].source_row == 7


def test_xlsx_plan_on_another_sheet_and_a_second_plan_sheet(tmp_path):
    rows = [["№", "Мероприятие", "Срок"], ["1", "Совещание", "Май"]]
    path = write_roadmap_xlsx(
        tmp_path / "s.xlsx",
        rows,
        sheet="План 2024",
        extra_sheets={"Копия": rows, "Титул": [["Управление образования"]]},
    )
    roadmap = read_roadmap_xlsx(path)
    assert roadmap.measure_count == 1
    assert [(p.message, p.sheet) for p in roadmap.problems] == [
        ("На листе «План 2024» тоже есть таблица плана; она не прочитана", "План 2024")
    ]


def test_text_pasted_from_word_with_the_order_above_the_table():
    text = "\n".join(
        [
            "ПРИКАЗ",
            "01.09.2023 № 341",
            "Об утверждении плана мероприятий",
            "",
            "План мероприятий на 2023-2024 учебный год",
            "№\tМероприятие\tСрок\tОтветственные",
            "I. Организационная работа",
            "1.\tСовещание\tАвгуст\tУО",
            "\tруководителей ОО\t\t",
            "2.\tСеминар «Объективность \"ВПР\"»\tМай\tЦРО",
        ]
    )
    roadmap = read_roadmap_text(text)
    assert roadmap.title == "План мероприятий на 2023-2024 учебный год"
    assert (roadmap.order.kind, roadmap.order.number, roadmap.order.date) == ("ПРИКАЗ", "341", date(2023, 9, 1))
    assert [(s.number, s.title, [(m.number, m.text) for m in s.measures]) for s in roadmap.sections] == [
        ("I", "Организационная работа", [("1", "Совещание руководителей ОО"), ("2", 'Семинар «Объективность "ВПР"»')])
    ]


def test_pasted_order_text_without_a_table_is_read_as_clauses():
    source = EXAMPLES / "orenburg-2023-341-monitoring.txt"
    roadmap = read_roadmap_text(source.read_text(encoding="utf-8").replace("**", ""))
    assert roadmap.source == "clauses"
    assert roadmap.measure_count == 19
    assert roadmap.order.number == "341"


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("a\tb\r\nc\td\r\n", [["a", "b"], ["c", "d"]]),
        ('"x\ny"\tz\n', [["x\ny", "z"]]),
        ('"он сказал ""да"""\t1', [['он сказал "да"', "1"]]),
        ('"Точка роста" в школе\t2', [['"Точка роста" в школе', "2"]]),  # not a quoted cell
        ("a\t\tc\t\n", [["a", "", "c", ""]]),
        ("одна строка", [["одна строка"]]),
        ("", []),
    ],
)
def test_parse_tsv(text, rows):
    assert parse_tsv(text) == rows


_cells = st.text(alphabet='аб 1.\t\n"«»', max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda width: st.lists(st.lists(_cells, min_size=width, max_size=width), min_size=1, max_size=5)))
def test_parse_tsv_reads_back_what_excel_writes(rows):
    assert parse_tsv(excel_clipboard_text(rows)) == rows


def test_a_sheet_too_long_for_a_plan_is_refused_before_reading(tmp_path, monkeypatch):
    """A 65,536-row sheet took over 10 s to read and plan; a sheet longer than MAX_SHEET_ROWS is refused
    at once, naming the sheet and the file."""
    from desktop.errors import ImportFormatError
    from desktop.services.importers.roadmap import plan_table

    rows = [["№", "Мероприятие", "Срок"]] + [[f"{n}.", f"Семинар {n}", "октябрь 2026 г."] for n in range(1, 30)]
    path = write_roadmap_xlsx(tmp_path / "план.xlsx", rows)
    assert read_roadmap_xlsx(path).sections  # within the limit it reads
    monkeypatch.setattr(plan_table, "MAX_SHEET_ROWS", 20)
    with pytest.raises(ImportFormatError, match="слишком длинный") as refused:
        read_roadmap_xlsx(path)
    assert "план.xlsx" in str(refused.value)
