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

from .model import CellValue, Table, clean_text

__all__ = ["write_table_xlsx", "sanitize_sheet_title", "FORMULA_PREFIXES", "INT_FORMAT", "FLOAT_FORMAT"]

FORMULA_PREFIXES = ("=", "+", "-", "@")
INT_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.00"
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


def _write_value(cell, value: CellValue) -> None:
    """Store a number as a number and everything else as text — never as a formula."""
    if value is None:
        return
    if isinstance(value, bool):
        value = "да" if value else "нет"
    if isinstance(value, int):
        cell.value = value
        cell.number_format = INT_FORMAT
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return
        cell.value = value
        cell.number_format = FLOAT_FORMAT
        return
    text = clean_text(str(value))[:MAX_CELL_CHARS]
    cell.value = text
    cell.data_type = "s"  # openpyxl marks «=…» as a formula; undo that
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True  # Excel keeps it text when the user edits the cell


def _write_sheet(ws, table: Table, title: str | None) -> None:
    columns = table.column_count
    last_letter = get_column_letter(columns)
    row = 1
    if title:
        cell = ws.cell(row=1, column=1)
        _write_value(cell, title)
        cell.font = _TITLE_FONT
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        if columns > 1:
            ws.merge_cells(f"A1:{last_letter}1")
        ws.row_dimensions[1].height = 40
        row = 3
    header_row = row

    for column, text in enumerate(table.header, start=1):
        cell = ws.cell(row=header_row, column=column)
        _write_value(cell, text)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _HEADER_ALIGN

    for data_row in table.rows:
        row += 1
        if data_row.is_section:
            cell = ws.cell(row=row, column=1)
            _write_value(cell, data_row.section_text)
            for column in range(1, columns + 1):
                part = ws.cell(row=row, column=column)
                part.border = _BORDER
                part.fill = _SECTION_FILL
            cell.font = _SECTION_FONT
            cell.alignment = _SECTION_ALIGN
            if columns > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
            continue
        for column, value in enumerate(table.padded_cells(data_row), start=1):
            cell = ws.cell(row=row, column=column)
            _write_value(cell, value)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP

    landscape = columns >= LANDSCAPE_FROM_COLUMNS
    total = TOTAL_WIDTH["landscape" if landscape else "portrait"]
    for column, fraction in enumerate(table.fractions(), start=1):
        ws.column_dimensions[get_column_letter(column)].width = max(6.0, round(fraction * total, 1))

    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
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
        _write_sheet(workbook.create_sheet(name), table, title)
    if title:
        workbook.properties.title = clean_text(title)[:255]
    workbook.properties.creator = "МСОКО Desktop"
    with atomic_write(path) as tmp:
        workbook.save(tmp)
