"""The input files of the wine check, written on Linux by the project's own test builders:

    python installer/wine_inputs.py DIR      # run from the repository root

DIR gets (names with Cyrillic letters, spaces, «№» and «#», as offices name them):
- «Школы округа.xlsx»: a schools list (tests/builders/schools_files.py);
- «Приказ № 52-р о дорожной карте.docx», «План #2 (Excel).xlsx»: the Zarechny roadmap as a Word order
  with its plan table and as a sheet (tests/builders/docx_orders.py);
- «Результаты ВПР и ОГЭ #2019/»: one file of every results layout, all of 2019 (the demo district's
  own results are of the last three years): ФИС ОКО «Статистика по отметкам», «Сравнение отметок с
  отметками по журналу», «Индивидуальные результаты», a РЦОИ protocol (tests/builders/result_files.py),
  the office's template filled in by a school (written by the program's template writer over a
  demo database, as `msoko template results` writes it, then filled in with openpyxl), and a
  «Статистика по отметкам» saved as Excel 97–2003 .xls (tests/builders/hostile_files.py), which the
  program reads in its child process.
Needs openpyxl, python-docx, python-calamine and xlwt (ci_check.sh installs them into its venv).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from tests.builders import hostile_files
from tests.builders.docx_orders import (
    ZARECHNY_TABLE_1,
    ZARECHNY_TABLE_2,
    build_order_docx,
    write_roadmap_xlsx,
    zarechny_table_order_items,
)
from tests.builders.result_files import (
    DEFAULT_JOURNAL_SCHOOLS,
    DEFAULT_MARK_SCHOOLS,
    ExamBlock,
    exam_students,
    under_demo_codes,
    write_fisoko_individual,
    write_fisoko_journal,
    write_fisoko_marks,
    write_rcoi_protocol,
)
from tests.builders.schools_files import invented_school, write_schools_xlsx

YEAR = 2019
RESULTS = "Результаты ВПР и ОГЭ #2019"
LYCEUM = "МБОУ «Лицей № 3» (edu990104)"  # a school of the demo district, as the template lists it
SCHOOLS_SHEET = "Результаты по школам"  # the template's sheet of results by school


def office_template_filled(path: Path) -> Path:
    """The program's ОГЭ template over the demo registry, one school's row filled in."""
    from desktop.demo import build_demo
    from desktop.services.database import open_database
    from desktop.services.results_template import write_results_template

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "demo.sqlite")
        try:
            build_demo(db, with_results=False)
            template = write_results_template(db, "ОГЭ", YEAR, Path(tmp) / "шаблон.xlsx")
        finally:
            db.close()
        workbook = load_workbook(template)
        workbook[SCHOOLS_SHEET].append([LYCEUM, "Математика", 9, 20, 1, 5, 9, 5])
        workbook.save(path)
    return path


def main(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    results = folder / RESULTS
    results.mkdir(exist_ok=True)
    write_schools_xlsx(folder / "Школы округа.xlsx", [invented_school(n) for n in range(1, 8)])
    build_order_docx(folder / "Приказ № 52-р о дорожной карте.docx", zarechny_table_order_items())
    write_roadmap_xlsx(
        folder / "План #2 (Excel).xlsx", [*map(list, ZARECHNY_TABLE_1), *map(list, ZARECHNY_TABLE_2)],
        title_rows=["ДОРОЖНАЯ КАРТА", "по повышению качества образования в Заречном муниципальном округе",
                    "на 2024-2025 годы"],
        merged_rows=[2],
    )
    # the demo's own schools under its codes (a namesake under another code is refused), two new ones
    marks, journal = under_demo_codes(DEFAULT_MARK_SCHOOLS), under_demo_codes(DEFAULT_JOURNAL_SCHOOLS)
    write_fisoko_marks(results / "ВПР 5 Математика — отметки.xlsx", year=YEAR, date_text=f"20.04.{YEAR}",
                       schools=marks)
    write_fisoko_journal(results / "ВПР 4 Русский язык — журнал.xlsx", year=YEAR, date_text=f"22.04.{YEAR}",
                         schools=journal)
    write_fisoko_individual(results / "ВПР 7 Математика — индивидуальные.xlsx", n_rows=120, year=YEAR, grade=7,
                            date_text=f"17.04.{YEAR}", engine="openpyxl")
    write_rcoi_protocol(
        results / "ОГЭ протокол РЦОИ.xlsx", kind="ОГЭ", title=f"Протокол проверки результатов ОГЭ {YEAR} года",
        blocks=[ExamBlock(2, "Математика", f"{YEAR}.06.05", exam_students(5, seed=3)),
                ExamBlock(12, "Обществознание", f"{YEAR}.07.03", exam_students(3, seed=4))],
    )
    office_template_filled(results / "ОГЭ шаблон, заполнен лицеем.xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        marks_xlsx = write_fisoko_marks(Path(tmp) / "marks.xlsx", year=YEAR, grade=6, date_text=f"21.04.{YEAR}",
                                        schools=marks).path
        hostile_files.xls_copy(marks_xlsx, results / "ВПР 6 Математика — отметки (Excel 97-2003).xls")
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(folder)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
