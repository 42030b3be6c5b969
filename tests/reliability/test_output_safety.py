"""Written output is safe to open, and personal data stays out of it: imported text starting with
«=», «+», «-», «@» is written to .xlsx as text, file names from user input stay in the chosen folder,
pupils' names are not kept by default and never reach the log."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.paths import safe_file_name
from tests.builders.schools_files import invented_school
from tests.cli.run import msoko

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+7 (000) 000-00-00", "-1 школа", "@SUM(A1:A2)",
            "=cmd|' /C calc'!A0"]


def test_imported_formulas_are_exported_as_text(tmp_path):
    db = tmp_path / "office.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    rows = []
    for n, text in enumerate(FORMULAS, start=1):
        row = invented_school(n)
        row[1], row[6] = f"{text} {n}" if n > 1 else text, text  # name and director
        rows.append(row)
    imported = msoko("schools", "import", _text_workbook(tmp_path / "in.xlsx", rows), "--db", db)
    assert imported.returncode == 0, imported.stderr
    out = tmp_path / "out.xlsx"
    assert msoko("schools", "export", out, "--db", db).returncode == 0
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
        shared = archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in archive.namelist() else ""
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets), "a formula in the exported workbook"
    written = "".join(sheets) + shared
    for text in FORMULAS[:1] + FORMULAS[3:]:  # «=…», «@…» (see the report on «+…», «-…»)
        assert text[:6] in written, f"«{text}» did not reach the exported workbook"


def _text_workbook(path: Path, rows: list[list]) -> Path:
    """A schools list whose cells starting with «=» are text (as a ФИС ОКО export writes them)."""
    from openpyxl import Workbook

    from tests.builders.schools_files import STANDARD_HEADER

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(STANDARD_HEADER)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(min_size=0, max_size=200))
def test_file_names_from_user_text_stay_in_the_folder(tmp_path_factory, text):
    folder = tmp_path_factory.getbasetemp() / "chosen"
    name = safe_file_name(text)
    assert name not in ("", ".", "..")
    assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', name)
    assert (folder / (name + ".pdf")).resolve().parent == folder.resolve()


def test_pupils_names_are_not_kept_by_default_nor_logged(tmp_path, data_dir):
    from desktop.logs import log_file_path, setup_logging
    from desktop.services.importers.results.detect import read_result_file
    from tests.builders.result_files import FIRST_NAMES, LAST_NAMES, write_rcoi_protocol

    setup_logging()
    handler = logging.FileHandler(tmp_path / "all.log", encoding="utf-8")
    logging.getLogger("msoko").addHandler(handler)
    logging.getLogger("msoko").setLevel(logging.DEBUG)
    try:
        path = write_rcoi_protocol(tmp_path / "протокол.xlsx").path
        parsed = read_result_file(path)
        kept = read_result_file(path, keep_names=True)
    finally:
        logging.getLogger("msoko").removeHandler(handler)
        handler.close()
    assert any(s.full_name for s in kept.students), "the fixture has names: else this test proves nothing"
    assert all(not s.full_name for s in parsed.students)
    logged = (tmp_path / "all.log").read_text(encoding="utf-8")
    if Path(log_file_path()).exists():
        logged += Path(log_file_path()).read_text(encoding="utf-8")
    for name in LAST_NAMES + FIRST_NAMES:
        assert name not in logged
    for student in kept.students[:20]:
        assert student.full_name not in logged


HOSTILE_NAMES = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "=cmd|' /C calc'!A0", "@SUM(A1:A2)",
                 "МКОУ _x0001_ «СОШ»", "МКОУ «ООШ»\x01\x1f с. Ключи"]


def _workbooks_written(tmp_path, db) -> dict[str, Path]:
    """Every kind of workbook the program writes, from a database holding the hostile names."""
    out = {name: tmp_path / f"{name}.xlsx" for name in (
        "schools", "template", "template-ege", "roadmap", "plan-appendix", "execution", "report")}
    commands = {
        "schools": ("schools", "export", out["schools"]),
        "template": ("template", "results", "--kind", "ВПР", "--year", "2026", "--out", out["template"]),
        "template-ege": ("template", "results", "--kind", "ЕГЭ", "--year", "2026", "--out", out["template-ege"]),
        "roadmap": ("roadmap", "export", "1", "--format", "xlsx", "--out", out["roadmap"]),
        "plan-appendix": ("order", "roadmap", "1", "--number", "9", "--date", "2026-09-01", "--out", out["plan-appendix"]),
        "execution": ("roadmap", "report", "1", "--out", out["execution"]),
        "report": ("report", "results", "--kind", "ВПР", "--year", "2026", "--out", out["report"]),
    }
    for name, command in commands.items():
        result = msoko(*command, "--db", db)
        assert result.returncode == 0, (name, result.stderr)
    return out


def test_no_workbook_the_program_writes_holds_a_formula_or_a_control_character(tmp_path):
    import sqlite3

    db = tmp_path / "office.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    conn = sqlite3.connect(db)  # as if imported from files (the importers keep text as written)
    for school_id, name in zip((1, 2, 3, 4, 5), HOSTILE_NAMES, strict=True):
        conn.execute("UPDATE schools SET short_name = ? WHERE id = ?", [name, school_id])
    conn.execute("UPDATE measures SET text = ? WHERE id = (SELECT min(id) FROM measures)", [HOSTILE_NAMES[0]])
    conn.commit()
    conn.close()
    for name, path in _workbooks_written(tmp_path, db).items():
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")}
        sheets = {n: x for n, x in parts.items() if n.startswith("xl/worksheets/")}
        assert sheets, name
        assert not [n for n, x in sheets.items() if "<f>" in x or "<f " in x], f"a formula in {name}.xlsx"
        assert not [n for n, x in parts.items() if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", x)], name
    listing = zipfile.ZipFile(tmp_path / "template.xlsx")
    text = "".join(listing.read(n).decode() for n in listing.namelist() if n.endswith(".xml"))
    assert "=cmd|" in text and "HYPERLINK" in text  # the names are there, as text
