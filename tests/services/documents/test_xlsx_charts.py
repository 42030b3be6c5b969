"""A report's charts in its Excel file: native charts on the sheet «Диаграммы», each drawn from the data
written beside it, in the PDF's colours and order, with visible axes; empty charts left out."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

import openpyxl

from desktop.services.documents.model import TableRow
from desktop.services.documents.report_model import Chart, ReportDocument, ReportTable, Series
from desktop.services.documents.xlsx_writer import write_document_xlsx

SCHOOLS = ["МБОУ «СОШ № 1»", "МКОУ «ООШ с. Ключи»", "=ВПР+1"]


def _report() -> ReportDocument:
    table = ReportTable(["Школа", "Качество, %"], [TableRow([name, 0.5]) for name in SCHOOLS],
                        formats=["text", "percent"], sheet="Школы")
    marks = Chart("stacked", "Распределение отметок, %", SCHOOLS,
                  [Series("«2»", [10.0, 20.0, 5.0], "C0504D"), Series("«5»", [90.0, 80.0, 95.0], "4F6228")],
                  value_title="Доля участников", unit="%", value_max=100)
    trend = Chart("lines", "Динамика", ["2024", "2025", "2026"], [Series("Качество", [48.0, None, 55.5])],
                  category_title="Год", unit="%")
    empty = Chart("grouped", "Пусто", ["2026"], [Series("Нет", [None])])
    return ReportDocument(title="Отчёт", blocks=[table, marks, empty, trend])


CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _chart_xml(path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        return [ElementTree.fromstring(archive.read(n)) for n in names]


def _vals(chart: ElementTree.Element, tag: str, namespace: str = CHART) -> list[str]:
    return [e.get("val") for e in chart.iter(namespace + tag)]


def _refs(chart: ElementTree.Element) -> list[str]:
    return [e.text for e in chart.iter(CHART + "f")]


def test_charts_sheet_holds_each_charts_data_and_a_chart_drawn_from_it(tmp_path):
    path = tmp_path / "отчёт.xlsx"
    write_document_xlsx(_report(), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Школы", "Диаграммы"]
    sheet = workbook["Диаграммы"]
    assert sheet["A1"].value == "Распределение отметок, %"
    assert [c.value for c in sheet[2][:3]] == [None, "«2»", "«5»"]
    assert [sheet.cell(row=r, column=1).value for r in range(3, 6)] == SCHOOLS
    assert sheet["A5"].data_type == "s"  # «=ВПР+1» is a school's text, not a formula
    assert [sheet.cell(row=r, column=2).value for r in range(3, 6)] == [10.0, 20.0, 5.0]
    trend_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Динамика")
    assert trend_row >= 16  # under the bars chart (7.5 cm ≈ 15 rows), not right under its 5 rows of data
    assert [sheet.cell(row=trend_row + 2 + i, column=2).value for i in range(3)] == [48.0, None, 55.5]
    assert all(sheet.cell(row=r, column=1).value != "Пусто" for r in range(1, sheet.max_row + 1))

    bars, lines = _chart_xml(path)
    assert _vals(bars, "barDir") == ["bar"] and _vals(bars, "grouping") == ["stacked"]
    assert _vals(bars, "overlap") == ["100"] and "maxMin" in _vals(bars, "orientation")
    assert "'Диаграммы'!$A$3:$A$5" in _refs(bars) and "'Диаграммы'!$B$3:$B$5" in _refs(bars)
    assert _vals(bars, "srgbClr", DRAWING)[:2] == ["C0504D", "C0504D"] and "4F6228" in _vals(bars, "srgbClr", DRAWING)
    assert _vals(bars, "max") == ["100"]
    assert list(lines.iter(CHART + "lineChart")) and f"'Диаграммы'!$B${trend_row + 2}:$B${trend_row + 4}" in _refs(lines)
    for chart in (bars, lines):
        assert _vals(chart, "delete") == ["0", "0"]  # both axes shown
    assert workbook["Диаграммы"].page_setup.orientation == "landscape"


def test_a_report_without_charts_has_no_charts_sheet(tmp_path):
    document = _report()
    document.blocks = [b for b in document.blocks if isinstance(b, ReportTable)]
    write_document_xlsx(document, tmp_path / "r.xlsx")
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == ["Школы"]
    assert not _chart_xml(tmp_path / "r.xlsx")
