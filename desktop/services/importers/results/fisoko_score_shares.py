"""ФИС ОКО «Распределение первичных баллов»: per group of participants the % of them with each primary score.

The preamble and the group rows are those of every ФИС ОКО report; the title row says «Распределение
первичных баллов». Header: `Группы участников | Кол-во ОО | Кол-во участников | 0 | 1 | 2 | … | <max>`
(one column per primary score, the scores as numbers); percentages 0–100, or comma-decimal text.
The region's row is what the rule `score_peaks` compares a school's share at the marks' boundaries with.
"""

from __future__ import annotations

from desktop.services.importers.intake.workbook import Sheet, header_text
from desktop.services.importers.results.fisoko_task_rates import (
    find_titled,
    group_columns,
    group_rows,
    open_report,
    read_rate,
)
from desktop.services.importers.results.records import ParsedFile, ProblemLog, ScoreShare

LAYOUT = "fisoko_score_shares"
DESCRIPTION = "ФИС ОКО: распределение первичных баллов"
TITLE = "распределение первичных баллов"


def _score(text: str) -> float | None:
    return float(text) if text.isdigit() else None


def _is_header(texts: list[str]) -> bool:
    return "группы участников" in texts and "0" in texts and "1" in texts


def find(sheets: list[Sheet]) -> tuple[Sheet, int] | None:
    return find_titled(sheets, TITLE, _is_header)


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    sheet, header_row, key = open_report(path, sheets, find, "Распределение первичных баллов")
    headers = [header_text(v) for v in sheet.rows[header_row - 1]]
    col_name, col_n, col_oo = group_columns(headers)
    scores = [(c, score) for c, t in enumerate(headers) if c not in (col_name, col_n, col_oo)
              and (score := _score(t)) is not None]
    log = ProblemLog(sheet.name)
    shares: list[ScoreShare] = []
    for row, values, level, name, code, parent, participants in group_rows(sheet, header_row, col_name, col_n,
                                                                           col_oo):
        for c, score in scores:
            share = read_rate(values[c], f"Доля участников с баллом {score:g}", log, row, c)
            shares.append(ScoreShare(level, code, name, score, share, participants, row, parent))
    if not shares:
        log.error("Под заголовком таблицы нет ни одной строки с группой участников.", header_row + 1)
    return ParsedFile(str(path), LAYOUT, sheet.name, [key], problems=log.finish(), score_shares=shares)
