"""What a file dropped on the window (or named to `msoko kind`) is for, told by its content with the
importers' own detection: a Word order → a plan; a workbook → results when a results reader takes it
(`importers/results/detect.layout_of`), a list of schools when its header is one
(`schools_io.is_schools_header`), a plan when its header is a plan table's (`roadmap/plan_table.find_header`).
A workbook none of them knows goes to the results import, which says what the file is."""

from __future__ import annotations

from pathlib import Path

from desktop.errors import ImportFormatError, UserError

ROADMAP, RESULTS, SCHOOLS = "roadmap", "results", "schools"
LABELS = {ROADMAP: "план (дорожная карта)", RESULTS: "результаты", SCHOOLS: "список школ"}
WORKBOOKS = (".xlsx", ".xlsm", ".xls")
OPENED = (".docx", *WORKBOOKS)


def kind_of(path: Path, fallback: str = RESULTS) -> str:
    """ROADMAP, RESULTS or SCHOOLS; `fallback` for a workbook no reader knows (the tab it was dropped on).
    Raises UserError for a file of another kind, and the intake's refusal of a damaged workbook."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return ROADMAP
    if suffix not in WORKBOOKS:
        raise UserError(f"«{path.name}»: открываются приказы Word (.docx) и книги Excel (.xlsx, .xlsm, .xls).")
    from desktop.services.importers.intake.workbook import cell_text, read_sheets
    from desktop.services.importers.results.detect import layout_of

    sheets = read_sheets(path, max_rows=200)  # the headers are near the top
    try:
        layout_of(sheets, path)
        return RESULTS
    except ImportFormatError:
        pass
    from desktop.services.importers.roadmap.plan_table import TableRow, find_header
    from desktop.services.schools_io import is_schools_header

    for sheet in sheets:
        if is_schools_header(sheet.rows):
            return SCHOOLS
        if find_header([TableRow([cell_text(c) for c in row]) for row in sheet.rows[:40]]):
            return ROADMAP
    return fallback
