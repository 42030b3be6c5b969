"""A roadmap from a Word order, an Excel table or pasted text: read, deadlines parsed, previewed as a
plan, then saved in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.errors import ImportFormatError
from desktop.models.db import Database
from desktop.models.orders import OrderInfo
from desktop.models.roadmaps import Roadmap, RoadmapsRepository, SectionDraft
from desktop.services.deadlines import parse_deadline
from desktop.services.importers.problems import Problem
from desktop.services.measures import measure_draft

log = logging.getLogger("msoko.roadmap_import")

def _word_order(path: Path, clauses: bool):
    from desktop.services.importers.roadmap import word_order

    return word_order.read_roadmap_docx(path, clauses=clauses)


def _plan_table(path: Path, clauses: bool):
    from desktop.services.importers.intake.child_reader import read_untrusted

    return read_untrusted("roadmap_table", path)  # a workbook is read in the limited child process


# The roadmap readers by file extension: a Word order (its plan table or its clauses), a workbook.
READERS = {".docx": _word_order, ".xlsx": _plan_table, ".xlsm": _plan_table, ".xls": _plan_table}


@dataclass
class RoadmapImportPlan:
    file: str
    roadmap: Roadmap
    sections: list[SectionDraft]
    problems: list[Problem] = field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(s.measures) for s in self.sections)

    @property
    def section_count(self) -> int:
        return sum(1 for s in self.sections if s.number is not None or s.title is not None)

    @property
    def warnings(self) -> list[str]:
        return [p.describe() for p in self.problems]


def academic_year_of(day: date) -> tuple[date, date]:
    start_year = day.year if day.month >= 9 else day.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def guess_period(title: str, order_date: date | None) -> tuple[date, date] | None:
    """The plan's period as its title states it («… на 2024-2025 учебный год»), else the academic
    year of the approving order, else unknown."""
    reading = parse_deadline(title)
    if reading.kind == "dates" and len(reading.ranges) == 1:
        start, end = reading.ranges[0]
        if (end - start).days >= 180:  # a year or a span of years, not a date mentioned in passing
            return start, end
    return academic_year_of(order_date) if order_date else None


def read_roadmap_file(path: Path, clauses: bool = False):
    """The reader chosen by the file's extension; the content decides the rest."""
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader(path, clauses)
    raise ImportFormatError("дорожную карту можно загрузить из документа Word (.docx) или книги Excel (.xlsx)", file=path)


def plan_from_parsed(parsed, file: str, period: tuple[date, date] | None = None) -> RoadmapImportPlan:
    order = parsed.order
    period = period or guess_period(parsed.title or (order.title or ""), order.date)
    problems = list(parsed.problems)
    sections = []
    for parsed_section in parsed.sections:
        section = SectionDraft(parsed_section.number, parsed_section.title)
        for m in parsed_section.measures:
            draft, reading = measure_draft(
                m.text, number=m.number, deadline_text=m.deadline_text, participants=m.participants,
                responsible=m.responsible, note=m.note, period=period, issued=order.date,
            )
            section.measures.append(draft)
            for warning in reading.warnings:
                label = f"мероприятие {m.number}" if m.number else f"мероприятие «{m.text[:40]}»"
                problems.append(Problem(f"{label}: {warning}", row=m.source_row, severity="warning"))
        sections.append(section)
    roadmap = Roadmap(
        title=parsed.title or order.title or Path(file).stem,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        source=parsed.source,
        order=OrderInfo(order.kind or "ПРИКАЗ", order.number or "", order.date, order.title or "", "подписан",
                        str(file), wording=order.wording) if (order.number or order.date) else None,
    )
    return RoadmapImportPlan(str(file), roadmap, sections, problems)


def plan_roadmap_import(path: Path, period: tuple[date, date] | None = None, clauses: bool = False) -> RoadmapImportPlan:
    path = Path(path)
    plan = plan_from_parsed(read_roadmap_file(path, clauses), str(path), period)
    if plan.measure_count == 0:
        raise ImportFormatError("в файле не найдено ни одного мероприятия", file=path)
    return plan


def plan_pasted_roadmap(text: str, period: tuple[date, date] | None = None) -> RoadmapImportPlan:
    """Rows copied from a Word or Excel table (tab-separated), or an order's clauses."""
    from desktop.services.importers.roadmap.pasted_text import read_roadmap_text

    plan = plan_from_parsed(read_roadmap_text(text), "вставленный текст", period)
    if plan.measure_count == 0:
        raise ImportFormatError(
            "во вставленном тексте не найдено мероприятий: скопируйте таблицу плана вместе со строкой "
            "заголовков («№», «Мероприятие», «Срок»…)"
        )
    return plan


def apply_roadmap_import(db: Database, plan: RoadmapImportPlan) -> int:
    roadmap_id = RoadmapsRepository(db).create(plan.roadmap, plan.sections)
    log.info("roadmap %d imported from %s: %d measures", roadmap_id, Path(plan.file).name, plan.measure_count)
    return roadmap_id
