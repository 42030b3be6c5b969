"""Tables of the document model as an Excel workbook (openpyxl), one sheet per table.

    write_table_xlsx("план.xlsx", [("План", table)], title="Дорожная карта на 2026-2027 учебный год")

Each sheet: an optional title row, a styled header row (bold, filled, bordered, wrapped) frozen at the
top and repeated on every printed page, data rows with number formats for numbers, section rows merged
across the table in bold; printed on A4 (landscape for wide tables) fitted to the page width.

Text is always stored as text: openpyxl would turn a string starting with «=» into a formula, and
Excel evaluates «+», «-», «@» on re-entry, so text cells get an explicit string type (and a quote
prefix when they start with one of those characters). The file is written atomically.
"""

from __future__ import annotations

import os
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from desktop.atomic import atomic_write

from .model import CellValue, ColumnFormat, Table, clean_text
from .report_model import MARK_COLOURS, ReportDocument, ReportTable
from .xlsx_charts import SHEET_NAME as CHART_SHEET
from .xlsx_charts import write_chart_sheet

__all__ = [
    "write_value",
    "write_table_xlsx",
    "write_document_xlsx",
    "sanitize_sheet_title",
    "FORMULA_PREFIXES",
    "INT_FORMAT",
    "FLOAT_FORMAT",
    "PERCENT_FORMAT",
]

FORMULA_PREFIXES = ("=", "+", "-", "@")
INT_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
SIGNED_FORMAT = "+0.0;-0.0;0.0"
# column format → (factor, Excel number format): a percent stays a fraction shown as «37,2%»; a
# change in percentage points is stored as points (+5,2), since «%» would misread it
_NUMBER_FORMATS = {
    "int": (1, INT_FORMAT),
    "percent": (1, PERCENT_FORMAT),
    "change": (100, SIGNED_FORMAT),
    "decimal": (1, "0.00"),
    "score": (1, "0.0"),
    "score_change": (1, SIGNED_FORMAT),
}
MAX_CELL_CHARS = 32767  # Excel's limit; longer text makes Excel "repair" the file
LANDSCAPE_FROM_COLUMNS = 6
# Total width of all columns, in Excel character units, before fit-to-width scaling.
TOTAL_WIDTH = {"portrait": 100, "landscape": 150}

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEADER_FONT = Font(bold=True)
_SECTION_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
_SECTION_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
_MARK_FILLS = {mark: PatternFill("solid", fgColor=rgb) for mark, rgb in MARK_COLOURS.items()}

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_RESERVED_SHEET_NAMES = {"history"}  # Excel reserves «History»


def sanitize_sheet_title(title: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet name: no []:*?/\\, no leading/trailing apostrophe, at most 31 chars.

    `taken` holds names already used (compared case-insensitively, as Excel does); a clash gets a
    suffix « (2)», « (3)», …
    """
    taken_lower = {t.lower() for t in (taken or set())}
    name = _BAD_SHEET_CHARS.sub("_", clean_text(title).replace("\n", " ")).strip().strip("'")
    name = name[:31].strip() or "Лист"
    if name.lower() in _RESERVED_SHEET_NAMES:
        name = f"{name}_"
    candidate, counter = name, 1
    while candidate.lower() in taken_lower:
        counter += 1
        suffix = f" ({counter})"
        candidate = name[: 31 - len(suffix)].rstrip() + suffix
    return candidate


def write_value(cell, value: CellValue, fmt: ColumnFormat = "text") -> None:
    """The one way the program puts a value into an Excel cell: a number as a number (in its column's
    format), anything else as text without control characters — never as a formula."""
    if value is None:
        return
    if isinstance(value, bool):
        value = "да" if value else "нет"
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return
        scale, number_format = _NUMBER_FORMATS.get(fmt) or (
            (1, INT_FORMAT) if isinstance(value, int) else (1, FLOAT_FORMAT))
        cell.value = value * scale if scale != 1 else value
        cell.number_format = number_format
        return
    text = clean_text(str(value))[:MAX_CELL_CHARS]
    cell.value = text
    cell.data_type = "s"  # openpyxl marks «=…» as a formula; undo that
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True  # Excel keeps it text when the user edits the cell


def _merged_line(ws, row: int, columns: int, text: str, *, font=None, fill=None, align=_WRAP_TOP) -> None:
    cell = ws.cell(row=row, column=1)
    write_value(cell, text)
    if font:
        cell.font = font
    cell.alignment = align
    if fill:
        for column in range(1, columns + 1):
            part = ws.cell(row=row, column=column)
            part.border = _BORDER
            part.fill = fill
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _write_rows(ws, row: int, table: Table) -> int:
    """The table's rows from the row after `row`; returns the last row written."""
    columns = table.column_count
    for data_row in table.rows:
        row += 1
        if data_row.is_section:
            _merged_line(ws, row, columns, data_row.section_text, font=_SECTION_FONT, fill=_SECTION_FILL,
                         align=_SECTION_ALIGN)
            continue
        for column, (value, fmt) in enumerate(zip(table.padded_cells(data_row), table.formats), start=1):
            cell = ws.cell(row=row, column=column)
            write_value(cell, value, fmt)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP
            if data_row.strong:
                cell.font = _HEADER_FONT
            mark = data_row.marks.get(column - 1)
            if mark:
                cell.fill = _MARK_FILLS[mark]
    return row


def _write_sheet(ws, parts: list[tuple[str | None, Table]], title: str | None, subtitle: str | None = None,
                 landscape: bool | None = None) -> None:
    """One header (the first table's), then each table's rows, under a section row with its group
    when the sheet holds several; the legend of the marks used, at the foot."""
    table = parts[0][1]
    columns = table.column_count
    row = 0
    if title:
        row = 1
        _merged_line(ws, row, columns, title, font=_TITLE_FONT,
                     align=Alignment(wrap_text=True, horizontal="center", vertical="center"))
        ws.row_dimensions[1].height = 40
    if subtitle:
        row += 1
        _merged_line(ws, row, columns, subtitle, align=Alignment(horizontal="center"))
    header_row = row + 2 if row else 1

    for column, text in enumerate(table.header, start=1):
        cell = ws.cell(row=header_row, column=column)
        # breaks typed for narrow printed columns («Участ-\nников»): Excel wraps by itself
        write_value(cell, text.replace("-\n", "").replace("\n", " "))
        _style_header(cell)

    row = header_row
    legend: list[tuple[str, str]] = []
    for group, part in parts:
        report = isinstance(part, ReportTable)
        if report and part.summary:
            row += 1
            _merged_line(ws, row, columns, part.summary)
        if group:
            row += 1
            _merged_line(ws, row, columns, group, font=_SECTION_FONT, fill=_SECTION_FILL, align=_SECTION_ALIGN)
        row = _write_rows(ws, row, part)
        legend += [entry for entry in (part.used_legend() if report else []) if entry not in legend]
    row += 1
    for mark, text in legend:
        row += 1
        swatch = ws.cell(row=row, column=1)
        swatch.fill = _MARK_FILLS[mark]
        swatch.border = _BORDER
        if columns > 1:
            cell = ws.cell(row=row, column=2)
            write_value(cell, text)
            cell.alignment = _WRAP_TOP
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
            ws.row_dimensions[row].height = 30

    if landscape is None:
        landscape = columns >= LANDSCAPE_FROM_COLUMNS
    total = TOTAL_WIDTH["landscape" if landscape else "portrait"]
    for column, fraction in enumerate(table.fractions(), start=1):
        ws.column_dimensions[get_column_letter(column)].width = max(6.0, round(fraction * total, 1))

    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    _print_setup(ws, landscape)


def _style_header(cell) -> None:
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.border = _BORDER
    cell.alignment = _HEADER_ALIGN


def _print_setup(ws, landscape: bool) -> None:
    """A4, fitted to the page width, page numbers at the foot."""
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 0.8
    ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Страница &P из &N"
    ws.print_options.horizontalCentered = True


def _save(workbook: Workbook, path: str | os.PathLike[str], title: str | None) -> None:
    if title:
        workbook.properties.title = clean_text(title)[:255]
    workbook.properties.creator = "МСОКО Desktop"
    with atomic_write(path) as tmp:
        workbook.save(tmp)


def write_table_xlsx(
    path: str | os.PathLike[str],
    tables: list[tuple[str, Table]],
    title: str | None = None,
) -> None:
    """Write each (sheet title, table) to its own sheet of a new workbook at `path`, atomically.

    `title`, when given, is printed above the table on every sheet.
    """
    if not tables:
        raise ValueError("write_table_xlsx needs at least one table")
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet_title, table in tables:
        name = sanitize_sheet_title(sheet_title, taken)
        taken.add(name)
        _write_sheet(workbook.create_sheet(name), [(None, table)], title)
    _save(workbook, path, title)


def write_document_xlsx(document: ReportDocument, path: str | os.PathLike[str]) -> None:
    """The tables of a report, atomically: tables naming the same sheet and sharing a header are
    written one under another on that sheet (each under a section row with its group), A4 landscape
    fitted to the width, the report's title and date line above; the charts, as Excel charts beside their
data, on a last sheet «Диаграммы»."""
    sheets: dict[tuple[str, tuple[str, ...]], list[ReportTable]] = {}
    for table in document.tables():
        sheets.setdefault((table.sheet, tuple(table.header)), []).append(table)
    if not sheets:
        raise ValueError("the report has no tables to write")
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for (sheet, _header), tables in sheets.items():
        name = sanitize_sheet_title(sheet, taken)
        taken.add(name)
        parts = [(t.group if len(tables) > 1 or t.group else None, t) for t in tables]
        _write_sheet(workbook.create_sheet(name), parts, document.title, document.date_line or None, landscape=True)
    charts = [chart for chart in document.charts() if not chart.is_empty]
    if charts:
        ws = workbook.create_sheet(sanitize_sheet_title(CHART_SHEET, taken))
        write_chart_sheet(ws, charts, write_value, _style_header)
        _print_setup(ws, landscape=True)
    _save(workbook, path, document.title)
