"""ФИС ОКО «Достижение планируемых результатов»: one row per task with the planned result it checks,
its maximum, and per group of participants (a column each) its completion in % of the maximum.

The preamble is that of every ФИС ОКО report; the title row says «Достижение планируемых результатов».
Header: `Блоки ПООП … / проверяемые требования (умения) … | Макс балл | Вся выборка | <region> |
<municipality>(reg99_m001) | <school>(edu900101) …` — the group cells are read as the group rows of
the other reports are (`fisoko_common.group_of`). A row under the header may give each group's
participants (`1402738 уч.`). A task row starts with its number: `1. Умение …`, `4К1. …`; a column
`№`/`Номер задания`, when there is one, holds it instead, and a column «Уровень» its level (Б/П/В).
"""

from __future__ import annotations

import re

from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, header_text
from desktop.services.importers.results.fisoko_common import group_of
from desktop.services.importers.results.fisoko_individual import LEVELS
from desktop.services.importers.results.fisoko_task_rates import (
    find_titled,
    open_report,
    read_count,
    read_rate,
    task_key,
)
from desktop.services.importers.results.records import ParsedFile, ProblemLog, TaskInfo, TaskRate

LAYOUT = "fisoko_planned_results"
DESCRIPTION = "ФИС ОКО: достижение планируемых результатов"
TITLE = "достижение планируемых результатов"
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)?(?:[КK]\d+)?)[.)]?\s+(.+)$", re.IGNORECASE | re.DOTALL)


def _is_header(texts: list[str]) -> bool:
    return any(t.startswith("макс") for t in texts) and any(
        "пооп" in t or "проверяемые требования" in t or "планируемые результаты" in t for t in texts)


def find(sheets: list[Sheet]) -> tuple[Sheet, int] | None:
    return find_titled(sheets, TITLE, _is_header)


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    sheet, header_row, key = open_report(path, sheets, find, "Достижение планируемых результатов")
    raw = sheet.rows[header_row - 1]
    headers = [header_text(v) for v in raw]
    col_text = next(c for c, t in enumerate(headers) if "пооп" in t or "требования" in t or "планируемые" in t)
    col_max = next(c for c, t in enumerate(headers) if t.startswith("макс"))
    col_number = next((c for c, t in enumerate(headers) if t in ("№", "№ задания", "номер задания")), None)
    col_level = next((c for c, t in enumerate(headers) if t.startswith("уровень")), None)
    fixed = {col_text, col_max, col_number, col_level}
    groups = []  # (column, level, name, code, parent municipality)
    municipality = None
    for c, value in enumerate(raw):
        text = cell_text(value)
        if c in fixed or not text:
            continue
        level, name, code = group_of(text, False)
        if level == "school" and code is None and not any(g[1] == "region" for g in groups):
            level = "region"  # the one group without a code that is not the whole sample
        if level == "municipality":
            municipality = code
        groups.append((c, level, name, code, municipality if level == "school" else None))
    log = ProblemLog(sheet.name)
    participants: dict[int, int | None] = {}
    info: list[TaskInfo] = []
    rates: list[TaskRate] = []
    for index in range(header_row, len(sheet.rows)):
        values = sheet.rows[index] + [None] * max(0, len(raw) - len(sheet.rows[index]))
        row = index + 1
        text = cell_text(values[col_text])
        written = task_key(values[col_number]) if col_number is not None else None
        match = NUMBERED.match(text) if text and written is None else None
        if written is None and match is None:
            if not info and not participants:  # the participants' row under the header
                participants = {c: read_count(values[c]) for c, *_ in groups}
            continue
        task = written[0] if written else match.group(1).upper().replace("K", "К")
        planned = " ".join((text if written else match.group(2)).split()) if text else None
        try:
            top = cell_number(values[col_max])
        except ValueError:
            top = None
        level = LEVELS.get(header_text(values[col_level])) if col_level is not None else None
        info.append(TaskInfo(task, top or None, level, planned))
        for c, group_level, name, code, parent in groups:
            rate = read_rate(values[c], f"Выполнение задания {task}", log, row, c)
            rates.append(TaskRate(group_level, code, name, task, rate, participants.get(c), row, parent))
    if not info:
        log.error("Под заголовком таблицы нет ни одной строки с заданием («1. …»).", header_row + 1)
    return ParsedFile(str(path), LAYOUT, sheet.name, [key], problems=log.finish(), task_info={0: info},
                      task_rates=rates)
