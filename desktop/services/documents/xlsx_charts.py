"""The charts of a report as native Excel charts on a sheet «Диаграммы», each beside its data.

Excel draws them from the cells, so a specialist can restyle a chart or copy it into a presentation,
and the numbers behind it are right there. «stacked» and «grouped» become horizontal bar charts with
the categories top to bottom as in the PDF, «lines» a line chart with the years along the bottom;
series keep the PDF's colours. Axes are marked as not deleted: openpyxl leaves that open, and Excel
then hides them.
"""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .report_model import Chart

SHEET_NAME = "Диаграммы"
CHART_WIDTH_CM = 17.0
ROW_CM = 0.53  # Excel's default row of 15 pt
CATEGORY_CM = 0.55  # one row of bars
MIN_HEIGHT_CM = 7.5
GAP_ROWS = 2
DATA_COLUMN_WIDTH = 16
HEADER_HEIGHT_PT = 30
CATEGORY_COLUMN_WIDTH = 40


def chart_height_cm(chart: Chart) -> float:
    if chart.kind == "lines":
        return MIN_HEIGHT_CM
    return max(MIN_HEIGHT_CM, 3.5 + CATEGORY_CM * len(chart.categories))


def _excel_chart(chart: Chart):
    if chart.kind == "lines":
        excel = LineChart()
    else:
        excel = BarChart()
        excel.type = "bar"
        excel.grouping = "stacked" if chart.kind == "stacked" else "clustered"
        if chart.kind == "stacked":
            excel.overlap = 100
        excel.gapWidth = 60
        excel.x_axis.scaling.orientation = "maxMin"  # the first category on top, as in the PDF…
        excel.y_axis.crosses = "max"  # …and the value axis still at the bottom
    excel.title = chart.title
    excel.y_axis.title = chart.value_title or (chart.unit if chart.unit else None)
    if chart.category_title:
        excel.x_axis.title = chart.category_title
    excel.y_axis.scaling.min = 0
    if chart.value_max is not None:
        excel.y_axis.scaling.max = chart.value_max
    excel.x_axis.delete = False
    excel.y_axis.delete = False
    excel.legend.position = "b"
    excel.width = CHART_WIDTH_CM
    excel.height = chart_height_cm(chart)
    return excel


def _colour_series(excel, chart: Chart) -> None:
    for series, colour in zip(excel.series, chart.colours(), strict=False):
        if chart.kind == "lines":
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 28575  # 2.25 pt
            series.marker.symbol = "circle"
            series.marker.graphicalProperties.solidFill = colour
            series.marker.graphicalProperties.line.solidFill = colour
            series.smooth = False
        else:
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour


def write_chart_sheet(ws: Worksheet, charts: list[Chart], write_value, header_style) -> None:
    """Each chart's data (a title row, a header row, a row per category) with the chart to its right.
    `write_value(cell, value, fmt)` and `header_style(cell)` are the table writer's, so the cells look
    like the other sheets'."""
    ws.column_dimensions["A"].width = CATEGORY_COLUMN_WIDTH
    row = 1
    widest = 1
    for chart in charts:
        title = ws.cell(row=row, column=1)
        write_value(title, chart.title)
        title.font = Font(bold=True)
        header = row + 1
        write_value(ws.cell(row=header, column=1), chart.category_title or "")
        for offset, series in enumerate(chart.series, start=2):
            write_value(ws.cell(row=header, column=offset), series.name)
        for cell in ws[header][: len(chart.series) + 1]:
            header_style(cell)
        ws.row_dimensions[header].height = HEADER_HEIGHT_PT  # two lines of series names
        for index, category in enumerate(chart.categories, start=1):
            write_value(ws.cell(row=header + index, column=1), category)
            for offset, series in enumerate(chart.series, start=2):
                value = series.values[index - 1]
                write_value(ws.cell(row=header + index, column=offset), value, "score")
        last = header + len(chart.categories)
        excel = _excel_chart(chart)
        excel.add_data(Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=header, max_row=last),
                       titles_from_data=True)
        excel.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
        _colour_series(excel, chart)
        widest = max(widest, len(chart.series))
        ws.add_chart(excel, ws.cell(row=row, column=len(chart.series) + 3).coordinate)
        chart_rows = math.ceil(excel.height / ROW_CM)
        row += max(last - row + 1, chart_rows) + GAP_ROWS
    for column in range(2, widest + 2):
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = DATA_COLUMN_WIDTH
