"""`desktop.figures`: the one formatter of a figure, and the field lists the records are built in."""

from __future__ import annotations

import dataclasses

import pytest

from desktop import figures
from desktop.figures import FIGURES, MINUS, format_figure
from desktop.services.documents.model import format_value
from desktop.services.importers.results import office_template
from desktop.services.importers.results.records import GroupRow
from desktop.services.indicators import IndicatorRow


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (0.3715, "percent", "37,1"),
    (0.372, "percent", "37,2"),
    (1.0, "percent", "100,0"),
    (0.0, "percent", "0,0"),
    (-0.0004, "percent", "0,0"),
    (0.052, "change", "+5,2"),
    (-0.02, "change", MINUS + "2,0"),
    (-0.0004, "change", "0,0"),  # rounds to zero: no «-0,0», no «+0,0»
    (0.0004, "change", "0,0"),
    (0.0, "change", "0,0"),
    (-0.0, "change", "0,0"),
    (-0.0125, "change", MINUS + "1,2"),  # −1,25 exactly: the half goes to even, as Python rounds
    (-0.0135, "change", MINUS + "1,4"),
    (0.0005, "change", "+0,1"),
    (-0.0005, "change", MINUS + "0,1"),
    (2.36, "score_change", "+2,4"),
    (-1.25, "score_change", MINUS + "1,2"),
    (-0.04, "score_change", "0,0"),
    (-0.05, "score_change", MINUS + "0,1"),  # 0.05 is stored a little above a half
    (3.456, "decimal", "3,46"),
    (4.0, "decimal", "4,00"),
    (-0.001, "decimal", "0,00"),
    (71.26, "score", "71,3"),
    (1265904, "int", "1265904"),
    (12.0, "int", "12"),
    (-3, "int", MINUS + "3"),
    (-0.3, "percent", MINUS + "30,0"),
    ("Математика", "text", "Математика"),
    (6, "text", "6"),
])
def test_a_figure_prints_the_same_way_everywhere(value, fmt, text):
    assert format_figure(value, fmt) == text
    assert format_value(value, fmt) == text  # the documents' cells are this formatter


@pytest.mark.parametrize("fmt", figures.FIGURE_FORMATS)
def test_nothing_to_print_is_an_empty_cell(fmt):
    assert format_figure(None, fmt) == ""
    if fmt != "text":
        assert format_figure(float("nan"), fmt) == "" and format_figure(float("inf"), fmt) == ""
        assert format_figure("нет данных", fmt) == "нет данных"


def test_no_figure_prints_a_hyphen_or_a_signed_zero():
    values = [i / 10000 for i in range(-3000, 3001, 7)] + [-1e-12, -0.0, -0.00049, -0.049]
    for fmt in ("int", "percent", "change", "decimal", "score", "score_change"):
        for value in values:
            text = format_figure(value, fmt)
            assert "-" not in text, (value, fmt, text)
            if text.strip("0,") == "" or fmt == "int":
                continue  # zero: no sign
            if fmt in ("change", "score_change"):
                assert text[0] == ("+" if value > 0 else MINUS), (value, fmt, text)
            else:
                assert text[0] == (MINUS if value < 0 else text[0]) and text[0] != "+", (value, fmt, text)
        assert MINUS + "0,0" not in {format_figure(v, fmt) for v in values}


def test_an_unknown_format_is_a_bug():
    with pytest.raises(ValueError):
        format_figure(1.5, "percents")  # type: ignore[arg-type]


def test_the_records_hold_the_figures_in_their_order():
    """Rows are built from the stored columns by position: the dataclass fields follow `FIGURES`."""
    names = [f.name for f in dataclasses.fields(IndicatorRow)]
    start = names.index(FIGURES[0])
    assert tuple(names[start:start + len(FIGURES)]) == FIGURES
    group = [f.name for f in dataclasses.fields(GroupRow)]
    start = group.index("participants")
    assert tuple(group[start:start + len(figures.COUNTS)]) == figures.COUNTS


def test_the_template_and_the_screen_share_the_labels():
    from desktop.services.importers.results import fisoko_journal

    assert [office_template.HEADERS[f] for f in office_template.school_fields("ВПР")][3:] == [
        "Участников", "«2»", "«3»", "«4»", "«5»", "Понизили", "Подтвердили", "Повысили"]
    assert office_template.school_fields("ОГЭ")[3:] == ["participants", "n2", "n3", "n4", "n5"]
    assert fisoko_journal.OUTCOME_RU == {"lowered": "Понизили", "confirmed": "Подтвердили", "raised": "Повысили"}
    assert set(figures.JOURNAL_KINDS) <= set(figures.KINDS) and set(figures.KIND_NAMES) <= set(figures.KINDS)
