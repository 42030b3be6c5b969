"""Whatever the text, the readers return a roadmap or raise ImportFormatError — never crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import ImportFormatError
from desktop.services.importers.roadmap.order_clauses import read_order_clauses
from desktop.services.importers.roadmap.order_header import read_order_info
from desktop.services.importers.roadmap.pasted_text import read_roadmap_text
from tests.builders.docx_orders import excel_clipboard_text

_WORDS = st.sampled_from(
    ["", "", "1.", "1.1", "2", "I.", "Раздел 2.", "Совещание", "до 01.09.2024", "срок – постоянно", "(Белов С.Н.)",
     "Руководителям ОО:", "ПРИКАЗЫВАЮ:", "Срок: май", "-", "«", "\"", "Контроль оставляю за собой", "№ 5", "Начальник"]
)
_CELL = st.lists(_WORDS, max_size=3).map(" ".join)
_HEADER = ["№", "Мероприятие", "Срок", "Участники", "Ответственные"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=6), max_size=12))
def test_plan_table_reader_never_crashes(rows):
    text = excel_clipboard_text([_HEADER, *rows])
    roadmap = read_roadmap_text(text)
    assert roadmap.measure_count <= len(rows)
    assert all(measure.text for measure in roadmap.measures)


@settings(max_examples=150, deadline=None)
@given(st.lists(_CELL, max_size=15))
def test_clause_and_header_readers_never_crash(paragraphs):
    sections, problems = read_order_clauses(paragraphs)
    assert all(measure.text for section in sections for measure in section.measures)
    read_order_info(paragraphs)
    try:
        read_roadmap_text("\n".join(paragraphs))
    except ImportFormatError:
        pass
