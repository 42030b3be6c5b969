"""What every ФИС ОКО report shares: the preamble above the header and the group rows.

Preamble (labels in column A, values in B): the report title, `ВПР 2026 Русский язык 4 класс`,
`Предмет:`, `Максимальный первичный балл:`, `Дата:`. The rows are found by their words, not by number.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from desktop.errors import ImportFormatError
from desktop.folding import fold
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, header_text
from desktop.services.importers.results.records import AssessmentKey, Level
from desktop.services.importers.results.school_names import code_level, split_code

TITLE_LINE = re.compile(
    r"^\s*(ВПР|НИКО|РМ|МКР)\s+(\d{4})\s+(.+?)\s+(\d{1,2})\s*-?\s*(?:й\s+)?класс",
    re.IGNORECASE,
)
DATE_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
SHEET_GRADE = re.compile(r"^\S+\s+(\d{1,2})\s")

ALL_SAMPLE = "вся выборка"


def parse_date(value: object) -> date | None:
    """`20.04.2026` text, a date or datetime cell, or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value) is float and 20000 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    if isinstance(value, str):
        match = DATE_TEXT.search(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _labelled(sheet: Sheet, header_row: int) -> dict[str, object]:
    """`label → value` of the preamble rows: a label cell ending in «:» and the next non-empty cell."""
    found: dict[str, object] = {}
    for values in sheet.rows[: header_row - 1]:
        cells = [v for v in values if v is not None]
        for i, value in enumerate(cells):
            if not isinstance(value, str) or ":" not in value:
                continue
            label, _, rest = value.partition(":")
            key = header_text(label)
            if key in found:
                continue
            if rest.strip():
                found[key] = rest.strip()
            elif i + 1 < len(cells):
                found[key] = cells[i + 1]
    return found


def read_preamble(sheet: Sheet, header_row: int, path) -> tuple[AssessmentKey, str | None]:
    """The assessment the report is about, and the report title (row 1 text), from rows above the header.

    Raises ImportFormatError when the year or the subject cannot be found anywhere.
    """
    title = None
    kind = year = subject = grade = None
    for values in sheet.rows[: header_row - 1]:
        for value in values:
            if not isinstance(value, str):
                continue
            if title is None and value.strip():
                title = " ".join(value.split())
            match = TITLE_LINE.search(value)
            if match and year is None:
                kind = match.group(1).upper()
                year = int(match.group(2))
                subject = " ".join(match.group(3).split())
                grade = int(match.group(4))
    labels = _labelled(sheet, header_row)
    subject_label = cell_text(labels.get("предмет"))
    if subject_label:
        subject = subject_label
    max_score = None
    for key, value in labels.items():
        if key.startswith("максимальный") and "балл" in key:
            try:
                max_score = cell_number(value)
            except ValueError:
                max_score = None
    when = parse_date(labels.get("дата"))
    if year is None and when is not None:
        year = when.year
    if grade is None:
        match = SHEET_GRADE.match(sheet.name)
        grade = int(match.group(1)) if match else None
    if year is None or not subject:
        raise ImportFormatError(
            "Не найдена строка вида «ВПР 2026 Русский язык 4 класс» над заголовком таблицы: "
            "неизвестно, к какой процедуре, году и предмету относятся результаты.",
            file=path,
            sheet=sheet.name,
        )
    key = AssessmentKey(kind or "ВПР", year, subject, grade, when, max_score)
    return key, title


def group_of(text: str, has_school_count: bool) -> tuple[Level, str, str | None]:
    """(level, name, code) of a «Группы участников» cell.

    «Вся выборка» → all; a `reg…_m…` code → municipality; `edu…`/`sch…` → school; no code → the region
    when «Кол-во ОО» is filled, else a school whose code is missing (the caller reports it).
    """
    name, code = split_code(text)
    name = " ".join(name.split())
    if code:
        return code_level(code), name, code  # type: ignore[return-value]
    if fold(name) == ALL_SAMPLE:
        return "all", name, None
    return ("region" if has_school_count else "school"), name, None
