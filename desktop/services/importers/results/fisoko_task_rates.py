"""ФИС ОКО «Выполнение заданий»: per group of participants the completion of each task, in % of its maximum.

The preamble and the group rows are those of every ФИС ОКО report (`fisoko_common`); the title row says
«Выполнение заданий». Header: `Группы участников | Кол-во ОО | Кол-во участников | 1 | 2 | 3 | 4К1 | …`
(task numbers, possibly written `1 (1б)`); a row beside the header whose first text is «Макс балл» /
«Максимальный балл» gives each task's maximum, a row «Уровень сложности задания» its level (Б/П/В).
Rows `Вся выборка` → region → municipality → schools follow, percentages 0–100 (two decimals, or
comma-decimal text). The helpers of task keys and percentages are shared with `fisoko_planned_results`.
"""

from __future__ import annotations

import re

from desktop.errors import ImportFormatError, column_letter
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, find_row, first_texts, header_text
from desktop.services.importers.results.fisoko_common import group_of, read_preamble
from desktop.services.importers.results.fisoko_individual import LEVELS, TASK_HEADER
from desktop.services.importers.results.records import AssessmentKey, ParsedFile, ProblemLog, TaskInfo, TaskRate

LAYOUT = "fisoko_task_rates"
DESCRIPTION = "ФИС ОКО: выполнение заданий"
TITLE = "выполнение заданий"
TASK_KEY = re.compile(r"^(\d+(?:\.\d+)?(?:[КK]\d+)?)$", re.IGNORECASE)


def task_key(value: object) -> tuple[str, float | None] | None:
    """(key, maximum or None) of a task header: `4К1`, `6.1`, `1 (2б)`, a number cell 3.0; None otherwise."""
    if value is None:
        return None
    text = cell_text(value) if not isinstance(value, str) else " ".join(value.split())
    if not text:
        return None
    match = TASK_HEADER.match(text)
    if match:
        return match.group(1).upper().replace("K", "К"), float(match.group(2))
    match = TASK_KEY.match(text)
    return (match.group(1).upper().replace("K", "К"), None) if match else None


def read_rate(value: object, what: str, log: ProblemLog, row: int, column: int) -> float | None:
    """A percentage cell 0–100 as a share 0–1 (4 decimals); empty or a missing marker → None."""
    try:
        number = cell_number(value)
    except ValueError as error:
        log.error(f"{what}: {error}.", row, column_letter(column + 1), kind="rate_text")
        return None
    if number is None:
        return None
    if not 0 <= number <= 100:
        log.error(f"{what}: {number:g} вне 0–100.", row, column_letter(column + 1), kind="rate_range")
        return None
    return round(number / 100, 6)


def read_count(value: object) -> int | None:
    """«1234», 1234.0, «1 234 уч.» → 1234; anything else None."""
    text = cell_text(value)
    digits = re.sub(r"\D", "", text.split("уч")[0]) if text else ""
    return int(digits) if digits else None


def open_report(path, sheets: list[Sheet], find, title: str) -> tuple[Sheet, int, AssessmentKey]:
    """(sheet, header row, assessment) of a report that `find` locates; ImportFormatError naming `title`
    when it does not."""
    found = find(sheets)
    if found is None:
        raise ImportFormatError(f"Не найден заголовок отчёта «{title}».", file=path)
    sheet, header_row = found
    return sheet, header_row, read_preamble(sheet, header_row, path)[0]


def group_columns(headers: list[str]) -> tuple[int, int | None, int | None]:
    """The columns «Группы участников», «Кол-во участников» (or «Кол-во уч.») and «Кол-во ОО» of a header."""
    return (headers.index("группы участников"),
            next((c for c, t in enumerate(headers) if t.startswith("кол-во уч")), None),
            headers.index("кол-во оо") if "кол-во оо" in headers else None)


def group_rows(sheet: Sheet, header_row: int, col_name: int, col_n: int | None, col_oo: int | None,
               skip: set[int] = frozenset()):
    """The group rows under the header: (Excel row, its cells padded to the header, level, name, code,
    the municipality a school stands under, participants), as the other ФИС ОКО reports order them."""
    width = len(sheet.rows[header_row - 1])
    municipality = None
    for index in range(header_row, len(sheet.rows)):
        values = sheet.rows[index]
        text = cell_text(values[col_name]) if index not in skip and col_name < len(values) else None
        if not text:
            continue
        values = values + [None] * max(0, width - len(values))
        level, name, code = group_of(text, col_oo is not None and values[col_oo] is not None)
        if level == "municipality":
            municipality = code
        elif level in ("all", "region"):
            municipality = None
        participants = read_count(values[col_n]) if col_n is not None else None
        yield index + 1, values, level, name, code, municipality if level == "school" else None, participants


def _is_header(texts: list[str]) -> bool:
    return "группы участников" in texts and sum(1 for t in texts if task_key(t)) >= 2


def find_titled(sheets: list[Sheet], title: str, is_header) -> tuple[Sheet, int] | None:
    """(sheet, header row) of the first sheet whose first rows name the report `title` and that has a
    header row `is_header` accepts."""
    for sheet in sheets:
        if any(title in text for text in first_texts(sheet, 4)):
            row = find_row(sheet, is_header)
            if row is not None:
                return sheet, row
    return None


def find(sheets: list[Sheet]) -> tuple[Sheet, int] | None:
    return find_titled(sheets, TITLE, _is_header)


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def _label(values: list[object]) -> str:
    return next((header_text(v) for v in values if v is not None and header_text(v)), "")


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    sheet, header_row, key = open_report(path, sheets, find, "Выполнение заданий")
    raw = sheet.rows[header_row - 1]
    headers = [header_text(v) for v in raw]
    col_name, col_n, col_oo = group_columns(headers)
    fixed = {col_name, col_n, col_oo}
    tasks = [(c, *task) for c, value in enumerate(raw) if c not in fixed and (task := task_key(value))]
    log = ProblemLog(sheet.name)
    maxima: dict[int, float] = {c: top for c, _, top in tasks if top}
    levels: dict[int, str] = {}
    skip = set()
    for index in (header_row - 2, header_row, header_row + 1):  # the rows just above and below the header
        if not 0 <= index < len(sheet.rows):
            continue
        values = sheet.rows[index]
        label = _label(values)
        if label.startswith("макс"):
            for c, _, _ in tasks:
                top = cell_number(values[c]) if c < len(values) and cell_text(values[c]) else None
                if top:
                    maxima[c] = top
            skip.add(index)
        elif label.startswith("уровень"):
            levels.update({c: LEVELS[t] for c, _, _ in tasks
                           if c < len(values) and (t := header_text(values[c])) in LEVELS})
            skip.add(index)
    info = [TaskInfo(name, maxima.get(c), levels.get(c)) for c, name, _ in tasks]

    rates: list[TaskRate] = []
    for row, values, level, name, code, parent, participants in group_rows(sheet, header_row, col_name, col_n,
                                                                           col_oo, skip):
        for c, task, _ in tasks:
            rate = read_rate(values[c], f"Выполнение задания {task}", log, row, c)
            rates.append(TaskRate(level, code, name, task, rate, participants, row, parent))
    if not rates:
        log.error("Под заголовком таблицы нет ни одной строки с группой участников.", header_row + 1)
    return ParsedFile(str(path), LAYOUT, sheet.name, [key], problems=log.finish(), task_info={0: info},
                      task_rates=rates)
