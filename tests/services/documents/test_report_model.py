"""The report model and its charts: formats as printed, checks on charts, legends of the marks used,
and charts drawn within their box in our font whatever the data."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Group, String

from desktop.services.documents.fonts import BOLD, REGULAR
from desktop.services.documents.model import TableRow, format_value
from desktop.services.documents.report_charts import chart_drawing, nice_ticks
from desktop.services.documents.report_model import Chart, ReportTable, Series


def test_values_print_by_column_format():
    assert format_value(0.3715, "percent") == "37,1"
    assert format_value(0.052, "change") == "+5,2"
    assert format_value(-0.02, "change") == "\u22122,0"
    assert format_value(-0.0004, "change") == "0,0"  # no «-0,0»
    assert format_value(2.36, "score_change") == "+2,4"
    assert format_value(3.456, "decimal") == "3,46"
    assert format_value(1265904, "int") == "1265904"
    assert format_value(None, "percent") == "" and format_value("нет данных", "percent") == "нет данных"
    assert format_value(float("nan"), "percent") == ""


def test_a_table_checks_its_formats_and_lists_only_the_marks_it_uses():
    with pytest.raises(ValueError):
        ReportTable(["A", "B"], formats=["text"])
    with pytest.raises(ValueError):
        ReportTable(["A"], legend=[("blue", "?")])
    table = ReportTable(["Школа", "Качество, %"], [TableRow(["А", 0.3], marks={1: "low"}), TableRow(["Б", 0.6])],
                        formats=["text", "percent"], legend=[("low", "ниже порога"), ("risk", "риск")])
    assert table.used_legend() == [("low", "ниже порога")]
    assert table.row_texts(table.rows[0]) == ["А", "30,0"]


def test_a_series_must_match_the_categories():
    with pytest.raises(ValueError):
        Chart("grouped", "Т", ["a", "b"], [Series("s", [1.0])])
    with pytest.raises(ValueError):
        Chart("pie", "Т", ["a"], [Series("s", [1.0])])
    assert Chart("lines", "Т", ["2025"], [Series("s", [None])]).is_empty


def test_ticks_are_round_numbers_covering_the_top():
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(57.3)[-1] >= 57.3 and nice_ticks(0) == [0.0, 1.0]


def strings(node) -> list[String]:
    found = []
    for child in getattr(node, "contents", []):
        found += [child] if isinstance(child, String) else strings(child) if isinstance(child, Group) else []
    return found


@pytest.mark.parametrize("kind", ["stacked", "grouped", "lines"])
def test_charts_keep_their_labels_inside_and_in_liberation_serif(kind):
    names = [f"МКОУ «Средняя общеобразовательная школа с. Номер {i}» очень длинного названия" for i in range(40)]
    values = [[(i * 7 + k * 13) % 30 + 1.0 for i in range(40)] for k in range(4)]
    values[2][5] = None
    chart = Chart(kind, "Распределение отметок по школам муниципалитета за три года, %",
                  names if kind != "lines" else [str(2000 + i) for i in range(40)],
                  [Series(f"«{k + 2}»", v) for k, v in enumerate(values)], value_title="Доля", unit="%")
    drawing = chart_drawing(chart, 453, max_height=700)
    assert drawing.height <= 700
    labels = strings(drawing)
    assert labels and {s.fontName for s in labels} <= {REGULAR, BOLD}
    for label in labels:
        assert -1 <= label.x <= drawing.width + 1 and -1 <= label.y <= drawing.height, label.text


def test_a_report_with_a_very_long_title_is_written_to_docx_and_xlsx(tmp_path):
    from docx import Document

    from desktop.services.documents.report_files import save_report
    from desktop.services.documents.report_model import ReportDocument

    title = "Отчёт об исполнении: " + "план мероприятий по повышению качества образования " * 12
    table = ReportTable(["№", "Мероприятие"], [TableRow(["1.", "=1+1"])], sheet="Отчёт")
    document = ReportDocument(title=title, office="Управление образования", blocks=[table])
    save_report(document, tmp_path / "r.docx")
    save_report(document, tmp_path / "r.xlsx")
    assert Document(tmp_path / "r.docx").paragraphs[1].text == title


def test_the_charts_drawn_together_are_the_pictures_drawn_one_by_one():
    import io

    from PIL import Image, ImageChops

    from desktop.services.documents.report_charts import chart_png, chart_pngs

    charts = [Chart("grouped", "Качество, %", ["Школа № 1", "Школа № 2"],
                    [Series("Муниципалитет", [61.5, 48.0]), Series("Регион", [55.0, 57.2])], unit="%"),
              Chart("lines", "По годам", ["2024", "2025", "2026"], [Series("Качество", [50.0, 52.5, 49.0])])]
    together = chart_pngs(charts, 160, dpi=100)
    assert len(together) == 2
    for chart, picture in zip(charts, together, strict=True):
        alone = Image.open(io.BytesIO(chart_png(chart, 160, dpi=100))).convert("RGB")
        both = Image.open(io.BytesIO(picture)).convert("RGB")
        assert both.size == alone.size
        mask = ImageChops.difference(alone, both).convert("L").point(lambda v: 255 if v > 48 else 0)
        differing = mask.histogram()[255]
        assert differing <= alone.size[0] * alone.size[1] // 100
    assert chart_pngs([], 160) == []
