"""Valid input files of every layout the importers read, made once per test session: the seeds that
the fuzzing suite mutates. Each one imports (or reads) cleanly before it is mutated — checked by
tests/reliability/test_fuzz_importers.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.builders import docx_orders as orders
from tests.builders import result_files as results
from tests.builders.hostile_files import xls_copy
from tests.builders.schools_files import invented_school, write_schools_xlsx

try:  # .xls copies need xlwt (a test dependency: pyproject's [test] extra)
    import xlwt  # noqa: F401

    HAVE_XLWT = True
except ImportError:
    HAVE_XLWT = False


@dataclass(frozen=True)
class Seed:
    layout: str  # a name for the report
    target: str  # a key of harness.TARGETS
    kind: str  # «xlsx», «xls» or «docx»
    path: Path


def _roadmap_rows() -> list[list[str]]:
    rows = [["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные", "Участники"]]
    for section in range(1, 4):
        rows.append([f"{section}.", f"Раздел {section}. Направление работы", "", "", ""])
        for m in range(1, 5):
            rows.append([f"{section}.{m}.", f"Мероприятие {section}.{m}: семинар для учителей",
                         ["до 15.09.2025", "Октябрь 2025 г.", "ежеквартально", "в течение года"][m % 4],
                         "Управление образования", "Учителя"])
    return rows


def build_corpus(folder: Path) -> list[Seed]:
    folder.mkdir(parents=True, exist_ok=True)
    seeds: list[Seed] = []

    def add(layout: str, target: str, path: Path, *, xls: bool = True) -> None:
        kind = path.suffix.lstrip(".")
        seeds.append(Seed(layout, target, kind, path))
        if xls and kind == "xlsx" and HAVE_XLWT:
            copy = xls_copy(path, path.with_suffix(".xls"))
            seeds.append(Seed(layout + ".xls", target, "xls", copy))

    add("schools-list", "schools", write_schools_xlsx(folder / "schools.xlsx", [invented_school(n) for n in range(1, 41)]))
    add("schools-export-layout", "schools", _exported_schools(folder / "schools-export.xlsx"), xls=False)

    add("roadmap-table.docx", "roadmap", orders.build_order_docx(folder / "roadmap-table.docx", orders.zarechny_table_order_items()))
    add("roadmap-clauses.docx", "roadmap", orders.build_order_docx(folder / "roadmap-clauses.docx", orders.zarechny_clause_order_items()))
    add("roadmap-numbered.docx", "roadmap", orders.build_order_docx(folder / "roadmap-numbered.docx", orders.zarechny_auto_numbered_items()))
    add("roadmap-sheet", "roadmap", orders.write_roadmap_xlsx(folder / "roadmap.xlsx", _roadmap_rows(),
                                                              title_rows=["План мероприятий на 2025-2026 учебный год", ""],
                                                              merged_rows=[1]))

    # the demo district's own schools under their codes (a namesake with another code is a question)
    marks = results.under_demo_codes(results.DEFAULT_MARK_SCHOOLS)
    journal = results.under_demo_codes(results.DEFAULT_JOURNAL_SCHOOLS)
    add("fisoko-marks", "results", results.write_fisoko_marks(folder / "marks.xlsx", schools=marks).path)
    add("fisoko-journal", "results", results.write_fisoko_journal(folder / "journal.xlsx", schools=journal).path)
    add("fisoko-individual", "results", results.write_fisoko_individual(folder / "individual.xlsx", n_rows=120).path)
    add("rcoi-protocol", "results", results.write_rcoi_protocol(folder / "protocol.xlsx").path)
    add("blank-form", "results", results.write_blank_form(folder / "blank-form.xlsx"), xls=False)
    return seeds



def _exported_schools(path: Path) -> Path:
    """The layout `msoko schools export` writes (and reads back)."""
    from desktop.demo import build_demo
    from desktop.services.database import open_database
    from desktop.services.schools_io import export_schools

    db_file = path.with_suffix(".sqlite")
    db = open_database(db_file)
    try:
        build_demo(db)
        export_schools(db, path)
    finally:
        db.close()
    return path
