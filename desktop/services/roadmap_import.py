"""A roadmap from a Word order, an Excel table or pasted text: read, deadlines parsed, previewed as a
plan, then saved in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
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
    # the periods to choose from when the order's date and the title disagree: (label, period), the
    # one taken first; `parsed` is what was read, to plan again with the period chosen (`with_period`)
    period_choices: list[tuple[str, tuple[date, date]]] = field(default_factory=list)
    parsed: object = None
    title_choices: list[str] = field(default_factory=list)  # the plan's heading, then the order's title

    @property
    def measure_count(self) -> int:
        return sum(len(s.measures) for s in self.sections)

    @property
    def section_count(self) -> int:
        return sum(1 for s in self.sections if s.number is not None or s.title is not None)

    @property
    def warnings(self) -> list[str]:
        return [p.describe() for p in self.problems]

    @property
    def has_addressees(self) -> bool:
        return any(m.addressee for s in self.sections for m in s.measures)

    def addressee(self, section: int, measure: int) -> str:
        """Whom the measure's clause addresses («Руководителям ОО»), as its draft carries it."""
        try:
            return self.sections[section].measures[measure].addressee or ""
        except IndexError:
            return ""


# How long before its period an order may approve a plan and still agree with the period its title
# names: a plan for a school year is approved from May on (the order of 25.08.2024 «на 2024-2025
# учебный год»), a plan for a calendar year from November of the year before (30.12.2022 «на 2023 год»).
# An order of 05.10.2022 «… в 2023 году» does not agree: its plan runs over the 2022-2023 school year.
SCHOOL_YEAR_LEAD_MONTHS = 4
CALENDAR_LEAD_MONTHS = 2


def academic_year_of(day: date) -> tuple[date, date]:
    start_year = day.year if day.month >= 9 else day.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


@dataclass(frozen=True)
class PeriodReading:
    period: tuple[date, date] | None
    warning: str = ""  # the title names a period the order's date does not agree with
    named: tuple[date, date] | None = None  # that period: the preview offers it to choose


def _is_school_year(period: tuple[date, date]) -> bool:
    start, end = period
    return (start.month, start.day, end.month, end.day) == (9, 1, 8, 31)


def _describe_period(period: tuple[date, date]) -> str:
    start, end = period
    dates = f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
    if _is_school_year(period):
        years = f"{start.year}-{end.year} учебный год" if end.year == start.year + 1 else f"{start.year}-{end.year} учебные годы"
        return f"{years} ({dates})"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        years = f"{start.year} год" if start.year == end.year else f"{start.year}-{end.year} годы"
        return f"{years} ({dates})"
    return dates


def _title_periods(title: str) -> list[tuple[date, date]]:
    """The periods a title names: «на 2024-2025 учебный год», «на 2023-2024 годы», «в 2023, 2024 годах»
    (years written one after another make one period); dates mentioned in passing are not periods."""
    reading = parse_deadline(title)
    if reading.kind != "dates":
        return []
    periods: list[tuple[date, date]] = []
    for start, end in reading.ranges:
        if (end - start).days < 180:
            continue  # a date, not a year or a span of years
        if periods and start == periods[-1][1] + timedelta(days=1):
            periods[-1] = (periods[-1][0], end)
        elif (start, end) not in periods:
            periods.append((start, end))
    return periods


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _agrees(period: tuple[date, date], issued: date) -> bool:
    """Whether an order of `issued` can approve a plan for `period`: dated inside it or shortly before."""
    lead = SCHOOL_YEAR_LEAD_MONTHS if _is_school_year(period) else CALENDAR_LEAD_MONTHS
    return _months_before(period[0], lead) <= issued <= period[1]


def read_period(titles: Iterable[str], issued: date | None) -> PeriodReading:
    """The plan's period from the order's date and the titles (the plan's heading first, then the order's).

    With a date, the period is the one a title names if the date agrees with it (dated inside it or
    shortly before, see `SCHOOL_YEAR_LEAD_MONTHS`), else the school year (01.09–31.08) containing the
    date; a title naming another period gives one warning naming both. Without a date, the period the
    first title naming one names; none when it names several or no title names any."""
    named: list[tuple[date, date]] = []
    for title in titles:
        for period in _title_periods(title or ""):
            if period not in named:
                named.append(period)
    if issued is None:
        first = next((_title_periods(t or "") for t in titles if _title_periods(t or "")), [])
        return PeriodReading(first[0] if len(first) == 1 else None)
    agreeing = next((period for period in named if _agrees(period, issued)), None)
    if agreeing:
        return PeriodReading(agreeing)
    school_year = academic_year_of(issued)
    if not named:
        return PeriodReading(school_year)
    return PeriodReading(
        school_year,
        f"Период плана — {_describe_period(school_year)}, по дате приказа {issued:%d.%m.%Y}; "
        f"в заголовке назван {_describe_period(named[0])}, с датой приказа он не согласуется. Проверьте период плана.",
        named[0],
    )


def guess_period(title: str, order_date: date | None) -> tuple[date, date] | None:
    """The plan's period from one title and the order's date (see `read_period`)."""
    return read_period([title], order_date).period


def read_roadmap_file(path: Path, clauses: bool = False):
    """The reader chosen by the file's extension; the content decides the rest."""
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader(path, clauses)
    raise ImportFormatError("дорожную карту можно загрузить из документа Word (.docx) или книги Excel (.xlsx)", file=path)


def _label(m) -> str:
    return f"мероприятие {m.number}" if m.number else f"мероприятие «{m.text[:40]}»"


def _date_warnings(reading, period: tuple[date, date] | None, issued: date | None) -> list[str]:
    """A deadline over before the order approving it was signed, and one ending more than a year after
    the plan (those the deadline reader already took for a mistyped year are not said again)."""
    if reading.kind != "dates":
        return []
    warnings = []
    for start, end in reading.ranges:
        shown = f"{start:%d.%m.%Y}" if start == end else f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
        typo = any(shown in warning and "опечатка" in warning for warning in reading.warnings)
        if typo:
            continue
        if issued and end < issued:
            warnings.append(f"срок «{shown}» раньше даты приказа {issued:%d.%m.%Y}")
        elif period and end > _years_later(period[1], 1):
            warnings.append(
                f"срок «{shown}» заканчивается больше чем через год после окончания плана {period[1]:%d.%m.%Y}"
            )
    return warnings


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def plan_from_parsed(parsed, file: str, period: tuple[date, date] | None = None) -> RoadmapImportPlan:
    order = parsed.order
    problems = list(parsed.problems)
    choices: list[tuple[str, tuple[date, date]]] = []
    if period is None:
        # the file's name is no title: «pervomaisky-2024-128» names no period
        titles = [t for t in (parsed.title, order.title) if t and t != Path(file).stem]
        reading = read_period(titles, order.date)
        period = reading.period
        if reading.warning:
            problems.append(Problem(reading.warning, severity="warning"))
        if reading.named and period:
            choices = [(f"{_describe_period(period)} — по дате приказа", period),
                       (f"{_describe_period(reading.named)} — как в заголовке", reading.named)]
    sections = []
    without_responsible = []
    for parsed_section in parsed.sections:
        title = parsed_section.title
        if parsed_section.period_text:
            # a stage and its period («Этап подготовки (ноябрь 2012 – май 2013г.)»): sections have no period of
            # their own in the database yet, so it is kept in the title
            title = f"{title} ({parsed_section.period_text})" if title else parsed_section.period_text
        section = SectionDraft(parsed_section.number, title)
        for m in parsed_section.measures:
            draft, reading = measure_draft(
                m.text, number=m.number, deadline_text=m.deadline_text, participants=m.participants,
                responsible=m.responsible, note=m.note, period=period, issued=order.date,
            )
            draft.addressee = m.addressee or None  # stored with the measure (measures.addressee)
            section.measures.append(draft)
            for warning in [*reading.warnings, *_date_warnings(reading, period, order.date)]:
                problems.append(Problem(f"{_label(m)}: {warning}", row=m.source_row, severity="warning"))
            if not m.responsible.strip():
                without_responsible.append(m)
        sections.append(section)
    measures = [m for s in parsed.sections for m in s.measures]
    if measures and len(without_responsible) == len(measures):
        problems.append(Problem("Ни у одного мероприятия не указан ответственный", severity="warning"))
    else:
        for m in without_responsible:
            problems.append(Problem(f"{_label(m)}: не указан ответственный", row=m.source_row, severity="warning"))
    roadmap = Roadmap(
        title=parsed.title or order.title or Path(file).stem,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        source=parsed.source,
        order=OrderInfo(order.kind or "ПРИКАЗ", order.number or "", order.date, order.title or "", "подписан",
                        str(file), wording=order.wording) if (order.number or order.date) else None,
    )
    plan = RoadmapImportPlan(str(file), roadmap, sections, problems, choices, parsed)
    # the plan's heading and the order's title, when they differ: the preview lets the user take the other
    plan.title_choices = list(dict.fromkeys(t for t in (parsed.title, order.title) if t and t.strip()))
    if len(plan.title_choices) < 2:
        plan.title_choices = []
    return plan


def with_period(plan: RoadmapImportPlan, period: tuple[date, date]) -> RoadmapImportPlan:
    """The same import planned again with the period the user chose in the preview (its deadlines read
    in that period); the choices stay offered."""
    again = plan_from_parsed(plan.parsed, plan.file, period)
    again.period_choices = plan.period_choices
    again.roadmap.title = plan.roadmap.title  # as the user may have chosen it
    return again


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
