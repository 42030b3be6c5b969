"""ФИС ОКО «Статистика по отметкам»: per group the number of participants and the % of each mark.

Header: `Группы участников | Кол-во ОО | Кол-во участников | 2 | 3 | 4 | 5` (the marks are numbers).
Columns 2–5 are percentages 0–100; counts are round(% × participants / 100).
"""

from __future__ import annotations

from desktop.errors import ImportFormatError, column_letter
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, find_row, header_text
from desktop.services.importers.results.fisoko_common import group_of, read_preamble
from desktop.services.importers.results.records import GroupRow, ParsedFile, ProblemLog

LAYOUT = "fisoko_marks"
DESCRIPTION = "ФИС ОКО: статистика по отметкам"  # what the user is told the file was read as
TITLE = "статистика по отметкам"
MARKS = ("2", "3", "4", "5")
PERCENT_TOLERANCE = 0.5


def _is_header(texts: list[str]) -> bool:
    present = set(texts)
    return (
        "группы участников" in present
        and "кол-во участников" in present
        and all(m in present for m in MARKS)
        and "1" not in present  # «Распределение первичных баллов» has 0, 1, 2, … as headers
        and "6" not in present
    )


def find(sheets: list[Sheet]) -> tuple[Sheet, int] | None:
    for sheet in sheets:
        row = find_row(sheet, _is_header)
        if row is not None:
            return sheet, row
    return None


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def to_count(percent: float, participants: int) -> int:
    """round(% × participants / 100), halves up (Python's round() would round 0.5 to even)."""
    return int(percent * participants / 100 + 0.5)


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    found = find(sheets)
    if found is None:
        raise ImportFormatError("Не найден заголовок отчёта «Статистика по отметкам».", file=path)
    sheet, header_row = found
    key, _title = read_preamble(sheet, header_row, path)
    headers = [header_text(v) for v in sheet.rows[header_row - 1]]
    col_name = headers.index("группы участников")
    col_n = headers.index("кол-во участников")
    col_oo = headers.index("кол-во оо") if "кол-во оо" in headers else None
    col_marks = [headers.index(m) for m in MARKS]
    letter = column_letter
    log = ProblemLog(sheet.name)
    groups: list[GroupRow] = []
    municipality = None

    for index in range(header_row, len(sheet.rows)):
        values = sheet.rows[index]
        row = index + 1
        name_text = cell_text(values[col_name]) if col_name < len(values) else None
        if not name_text:
            continue
        has_oo = col_oo is not None and values[col_oo] is not None
        level, name, code = group_of(name_text, has_oo)
        if level == "municipality":
            municipality = code
        elif level in ("all", "region"):
            municipality = None
        if level == "school" and code is None:
            log.error(
                f"Не найден код ОО в названии «{name}»: ожидается код в скобках, например (edu203389).",
                row,
                letter(col_name + 1),
                kind="no_code",
            )

        participants = None
        try:
            number = cell_number(values[col_n])
        except ValueError as error:
            log.error(f"Кол-во участников не число: {error}.", row, letter(col_n + 1), kind="n_text")
        else:
            if number is not None and (number < 0 or not number.is_integer()):
                log.error(f"Кол-во участников должно быть целым неотрицательным, а не {number:g}.",
                          row, letter(col_n + 1), kind="n_value")
            elif number is not None:
                participants = int(number)
            elif level in ("school", "municipality"):
                log.error("Не указано кол-во участников.", row, letter(col_n + 1), kind="n_missing")

        percents: list[float | None] = []
        for mark, col in zip(MARKS, col_marks, strict=True):
            try:
                value = cell_number(values[col]) if col < len(values) else None
            except ValueError as error:
                log.error(f"Процент отметки «{mark}» не число: {error}.", row, letter(col + 1), kind="pct_text")
                value = None
            if value is not None and not 0 <= value <= 100:
                log.error(f"Процент отметки «{mark}» вне 0–100: {value:g}.", row, letter(col + 1), kind="pct_range")
                value = None
            percents.append(value)

        counts: list[int | None] = [None] * 4
        if participants is not None and None not in percents:
            total = sum(percents)  # type: ignore[arg-type]
            if participants > 0 and abs(total - 100) > PERCENT_TOLERANCE:
                log.warning(
                    f"Проценты отметок 2, 3, 4, 5 в сумме дают {total:.2f}%, а не 100%: "
                    "число участников по отметкам будет неточным.",
                    row,
                    letter(col_marks[0] + 1),
                    kind="pct_sum",
                )
            counts = [to_count(p, participants) for p in percents]  # type: ignore[arg-type]
        groups.append(
            GroupRow(participants, *counts,
                     level=level, code=code, name=name, row=row,
                     parent_code=municipality if level == "school" else None)
        )

    if not groups:
        log.error("Под заголовком таблицы нет ни одной строки с группой участников.", header_row + 1)
    return ParsedFile(str(path), LAYOUT, sheet.name, [key], groups=groups, problems=log.finish())
