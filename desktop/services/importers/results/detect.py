"""Open a result file once and read it with the reader of its layout; the user never picks the layout.

Layouts are told apart by their headers and preamble (see each module's `matches`). The blank
«Форма сбора результатов» and ФИС ОКО reports that hold no marks are recognised and refused with a
message saying what to upload instead, and so are the files that are not results at all (not_results.py):
a Word document — ФИОКО «Описание проверочной работы» or any other — before the workbook reader sees it,
the form's sheet «Протокол» sent alone before any reader is tried, «Сбор контекстных данных об ОО» and
lists of school logins when no reader took the file.
"""

from __future__ import annotations

import logging
import os
from typing import Protocol, runtime_checkable

from desktop.errors import ImportFormatError
from desktop.services.importers.intake.limits import MAX_ROWS
from desktop.services.importers.intake.workbook import (
    ReadAgain,
    Sheet,
    cell_text,
    first_texts,
    gc_paused,
    read_sheets,
    sheet_heads,
)
from desktop.services.importers.problems import Problem
from desktop.services.importers.results import (
    ege_summary,
    fisoko_individual,
    fisoko_journal,
    fisoko_marks,
    fisoko_planned_results,
    fisoko_score_shares,
    fisoko_task_rates,
    office_template,
    rcoi_protocol,
    regional_students,
)
from desktop.services.importers.results.not_results import (
    refusal_after_readers,
    refusal_before_readers,
    refuse_word_document,
)
from desktop.services.importers.results.records import ParsedFile

log = logging.getLogger("msoko.importers")

@runtime_checkable
class ResultReader(Protocol):
    """What a results reader is: a module with these three names. A new layout is a new module here,
    added to READERS at the place its `matches` should be tried."""

    LAYOUT: str  # the layout's name, stored with each import
    DESCRIPTION: str  # what the file is, in Russian, as the user is told it was read

    def matches(self, sheets: list[Sheet]) -> bool:
        """Whether the file's sheets (their headers and preamble) are of this layout."""

    def parse(self, path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
        """The file's records; problems by sheet, row and column go into `ParsedFile.problems`."""


# The registry, tried in this order: the office's template first, as its marker sheet settles it;
# the individual results before the journal (both may carry «Отметка по журналу»); the reports of tasks,
# told by their title, before «Статистика по отметкам» (task numbers 2…5 look like its mark headers).
READERS: tuple[ResultReader, ...] = (office_template, fisoko_task_rates, fisoko_planned_results,
                                     fisoko_score_shares, fisoko_marks, fisoko_journal, regional_students,
                                     fisoko_individual, rcoi_protocol, ege_summary)
BY_LAYOUT: dict[str, ResultReader] = {reader.LAYOUT: reader for reader in READERS}

BLANK_FORM_SHEETS = {"протокол", "служебный", "порядковый номер класса"}

# ФИС ОКО reports of tasks and scores, named when their title is found and their table is not
TITLED_REPORTS = ("распределение первичных баллов", "выполнение заданий", "достижение планируемых результатов")

EXPECTED = (
    "Ожидались отчёты ФИС ОКО «Статистика по отметкам» (заголовок «Группы участников | Кол-во ОО | "
    "Кол-во участников | 2 | 3 | 4 | 5»), «Сравнение отметок с отметками по журналу» (столбцы «Понизили», "
    "«Подтвердили», «Повысили»), «Индивидуальные результаты» (столбцы «Код участника», «Первичный балл», "
    "«Отметка»), выгрузка результатов участников ВПР по региону или муниципалитету (столбцы «Пользователь», "
    "«Школа», «Итого баллов» или «логин школы», «всего баллов»), протокол РЦОИ «Протокол проверки "
    "результатов» ОГЭ/ЕГЭ/ГВЭ или региональная сводка «Информация о результатах ЕГЭ выпускников школ» "
    "(столбцы «Образовательная организация (школа)», «приняло участие», «средний балл»), отчёты ФИС ОКО "
    "«Выполнение заданий», «Достижение планируемых результатов» и «Распределение первичных баллов»."
)


def is_blank_form(sheets: list[Sheet]) -> bool:
    names = {" ".join(s.name.split()).lower() for s in sheets}
    return len(names & BLANK_FORM_SHEETS) >= 2 and "служебный" in names


def layout_of(sheets: list[Sheet], path: str | os.PathLike = "") -> str:
    """The layout name of the read sheets; raises ImportFormatError for the blank form, a file known not to
    be results (not_results.py) or an unknown file."""
    if is_blank_form(sheets):
        raise ImportFormatError(
            "«Форма сбора результатов» ВПР (листы «Протокол», «Служебный», «Порядковый номер класса»): это "
            "форма сбора без результатов — в ней нет результатов ФИС ОКО, ни кодов школ, ни отметок ВПР. "
            "Загрузите отчёт из ФИС ОКО — «Статистика по отметкам», «Сравнение отметок с отметками по журналу» "
            "или «Индивидуальные результаты».",
            file=path,
        )
    refusal = refusal_before_readers(sheets, path)  # the form's «Протокол» alone: no reader may take it
    if refusal:
        raise refusal
    for reader in READERS:
        if reader.matches(sheets):
            return reader.LAYOUT
    refusal = refusal_after_readers(sheets, path)
    if refusal:
        raise refusal
    for sheet in sheets:
        for text in first_texts(sheet, 8):
            for report in TITLED_REPORTS:
                if report in text:
                    raise ImportFormatError(
                        f"Отчёт ФИС ОКО «{report.capitalize()}»: не найден заголовок таблицы («Группы участников» "
                        "с номерами заданий или баллов, или «Блоки ПООП … | Макс балл»). Загрузите отчёт, "
                        "выгруженный из ФИС ОКО, без изменений.",
                        file=path,
                        sheet=sheet.name,
                    )
    seen = [t for s in sheets[:3] for values in s.rows[:10] for t in map(cell_text, values) if t][:6]
    shown = "; ".join(f"«{t[:40]}»" for t in seen) if seen else "пустые листы"
    raise ImportFormatError(f"Не удалось узнать вид файла (в начале листа: {shown}). {EXPECTED}", file=path)


def _parsed(path, sheets: list[Sheet], keep_names: bool) -> tuple[ParsedFile, str]:
    """The file read by the reader of its layout. A big sheet comes by its first rows (`sheet_heads`):
    enough to tell the layout; a reader that takes the rest a piece at a time (STREAMED) gets it so,
    the others get whole sheets."""
    layout = layout_of(sheets, path)
    reader = BY_LAYOUT[layout]
    if not getattr(reader, "STREAMED", False):
        for sheet in sheets:
            sheet.read_rest()
    parsed = reader.parse(path, sheets, keep_names)
    parsed.kind_of_file = parsed.kind_of_file or reader.DESCRIPTION
    return parsed, layout


def read_result_file(path: str | os.PathLike, *, keep_names: bool = False, max_rows: int = MAX_ROWS) -> ParsedFile:
    """Read one result file into plain records. Raises ImportFormatError if it can't be read at all;
    row-level problems are in `ParsedFile.problems`. Names are kept only with `keep_names`."""
    refuse_word_document(path)  # a .docx is looked at and named, not refused as «не книга Excel»
    with gc_paused():
        try:
            with sheet_heads(path, max_rows=max_rows) as sheets:
                parsed, layout = _parsed(path, sheets, keep_names)
        except ReadAgain:  # a big sheet not cut as expected after all: read whole, as read_sheets does
            sheets = read_sheets(path, max_rows=max_rows)
            parsed, layout = _parsed(path, sheets, keep_names)
    sheet = next(s for s in sheets if s.name == parsed.sheet)
    if sheet.dropped_rows:
        parsed.problems.insert(
            0,
            Problem(
                f"Лист длиннее {max_rows:,} строк: прочитаны первые {max_rows:,}, ещё {sheet.dropped_rows:,} "
                "строк не прочитаны. Разделите файл на части.".replace(",", " "),
                sheet.name,
                max_rows,
                None,
                "error",
            ),
        )
    log.info("read %s as %s: %d groups, %d students, %d problems", path, layout, len(parsed.groups),
             len(parsed.students), len(parsed.problems))
    return parsed
