"""A roadmap from text pasted from Word or Excel: a plan table, tab-separated, or an order's clauses.

The text is split into rows of cells (`parse_tsv`) and goes to the same plan-table core as a Word table
or an Excel sheet (plan_table.py); without a plan header, it is read as the clauses of an order.
"""

from __future__ import annotations

from desktop.errors import ImportFormatError
from desktop.services.importers.roadmap.order_clauses import has_plan_signs, not_a_plan, read_order_clauses
from desktop.services.importers.roadmap.order_header import collapse, read_order_info
from desktop.services.importers.roadmap.plan_table import (
    NEEDED_COLUMNS,
    PlanTableReader,
    TableRow,
    clean_cell,
    find_header,
    title_above,
)
from desktop.services.importers.roadmap.records import ParsedOrder, ParsedRoadmap


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from text copied out of Excel or Word: tab-separated, a cell in double quotes may
    hold tabs, line breaks and doubled quotes (as Excel puts it on the clipboard); a quote that does
    not close a cell is an ordinary character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[str]] = []
    row: list[str] = []
    position = 0
    length = len(text)
    while position < length:
        if text[position] == '"':
            end = _closing_quote(text, position)
            if end is not None:
                row.append(text[position + 1 : end].replace('""', '"'))
                position = end + 1
                if position < length and text[position] == "\t":
                    position += 1
                    if position >= length:
                        row.append("")
                    continue
                rows.append(row)
                row = []
                position += 1  # the newline (or the end)
                continue
        tab = text.find("\t", position)
        newline = text.find("\n", position)
        if tab != -1 and (newline == -1 or tab < newline):
            row.append(text[position:tab])
            position = tab + 1
            if position >= length:
                row.append("")
            elif text[position] == "\n":
                row.append("")
                rows.append(row)
                row = []
                position += 1
            continue
        end = newline if newline != -1 else length
        row.append(text[position:end])
        rows.append(row)
        row = []
        position = end + 1
    if row:
        rows.append(row)
    return rows


def _closing_quote(text: str, start: int) -> int | None:
    position = start + 1
    while True:
        quote = text.find('"', position)
        if quote == -1:
            return None
        if quote + 1 < len(text) and text[quote + 1] == '"':
            position = quote + 2
            continue
        if quote + 1 >= len(text) or text[quote + 1] in "\t\n":
            return quote
        return None


def read_roadmap_text(text: str) -> ParsedRoadmap:
    """A roadmap from text pasted from Word or Excel: a plan table (tab-separated), or, without one,
    the clauses of a pasted order."""
    records = parse_tsv(text)
    rows = [TableRow([clean_cell(cell) for cell in cells], None, number, None) for number, cells in enumerate(records, 1)]
    found = find_header(rows)
    if found is None:
        lines = [collapse(" ".join(cells)) for cells in records]
        order = read_order_info(lines)
        sections, problems = read_order_clauses(lines)
        if not any(section.measures for section in sections):
            raise ImportFormatError(
                f"Во вставленном тексте не найдена таблица плана: {NEEDED_COLUMNS}, — и нет пунктов приказа"
            )
        if not has_plan_signs(sections):
            raise ImportFormatError(not_a_plan("Вставленный текст", sections, lines))
        return ParsedRoadmap(order.title or "", order, sections, problems, "clauses")
    header_index, columns = found
    reader = PlanTableReader()
    reader.add_table(rows[header_index + 1 :], columns, rows[header_index])
    sections = reader.finish()
    above = [" ".join(cell for cell in row.cells if cell) for row in rows[:header_index]]
    order = read_order_info(above) if above else ParsedOrder()
    title = title_above(above) or order.title or ""
    return ParsedRoadmap(title, order, sections, reader.problems, "table")
