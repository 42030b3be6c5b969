"""Run by the installed Windows runtime in the wine check: the .xls reader's child process works there.

Writes a two-school list as a minimal .xlsx (zipfile only: openpyxl imports numpy when it is installed,
and numpy aborts under wine) and reads it through `read_in_child`: a child process started from the
installed python.exe puts itself into a memory-limited job object (its warning, were Windows to refuse,
would reach the log printed here), reads the file with calamine and answers through its pipe. Prints
«limit True» (this process's own job object) and «schools 2». (Under wine 8, whose Windows lacked
bcryptprimitives.dll that Rust ≥ 1.78 libraries load, calamine did not load; wine 10 loads it.)
"""

from __future__ import annotations

import logging
import sys
import tempfile
import zipfile
from pathlib import Path

try:
    from desktop.services.importers.intake.child_reader import read_in_child
    from desktop.services.importers.intake.windows_job import limit_this_process
except ModuleNotFoundError:  # before the importers were grouped into packages
    from desktop.services.importers.child_reader import read_in_child
    from desktop.services.importers.windows_job import limit_this_process

PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Школы" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        "</Relationships>"
    ),
}
ROWS = [("Наименование", "Код"), ("МБОУ «СОШ № 1»", "edu000001"), ("МКОУ «ООШ с. Ключи»", "edu000002")]


def sheet_xml() -> str:
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
                                  for col, text in zip("AB", values)) + "</row>"
        for r, values in enumerate(ROWS, start=1)
    )
    return f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'


def main() -> None:
    path = Path(tempfile.mkdtemp()) / "школы.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in {**PARTS, "xl/worksheets/sheet1.xml": sheet_xml()}.items():
            archive.writestr(name, text)
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="log: %(message)s")
    print("limit", limit_this_process(1 << 30))
    _sheet, schools, _problems = read_in_child("schools", path)
    print("schools", len(schools))


if __name__ == "__main__":
    main()
