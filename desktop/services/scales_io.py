"""A sheet of scales (.xlsx, .xls) → scales checked row by row; saved all together or not at all.

The header row is found within the first 20 rows of each sheet by the words of its cells (case, «ё»,
quotes and punctuation folded), so a sheet typed by hand, copied from a letter or exported by
`msoko results scales list` reads alike:

    Процедура    «Процедура», «Вид», «Оценочная процедура», «Вид процедуры»
    Год          «Год», «Учебный год» (the cell: a year, «2025», «2025 г.»)
    Предмет      «Предмет», «Учебный предмет»
    Класс        «Класс», «Параллель» (the cell: «5», «5 класс», «5 кл.»)
    «3», «4», «5»  a header holding the mark as a word of its own: «Мин. балл на «3»», «3», «Отметка «4»»,
                 «Балл на 5»; the cell: the lowest primary score of the mark, or its range «7–11» (the
                 first number is taken; for «5», the last is the maximum when no maximum is given)
    Максимальный балл  «Максимальный балл», «Макс», «Максимум», «Max»
    Источник     «Источник», «Основание», «Документ» (optional)

A column «2» (its range starts at 0) is ignored. Every sheet with such a header is read; every problem
names the file, sheet, row and column, and one problem keeps the whole file from being saved.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import ImportFormatError, UserError, column_letter
from desktop.figures import MARK_KINDS
from desktop.models.db import Database
from desktop.models.results import parse_kind
from desktop.models.scales import (
    SCALE_LABELS,
    Scale,
    ScalesRepository,
    normalized,
    score_text,
    validation_errors,
)
from desktop.services.importers.problems import HasProblems, Problem

log = logging.getLogger("msoko.scales_io")

HEADER_SEARCH_ROWS = 20
# field → header words (folded); a header is the field whose word it starts with or holds as a word
HEADER_WORDS = {
    "source": ["источник", "основание", "документ"],
    "max": ["максимальн", "макс", "max"],
    "kind": ["процедур", "вид", "оценочная процедура"],
    "year": ["год", "учебный год"],
    "subject": ["предмет", "учебный предмет"],
    "grade": ["класс", "параллель"],
}
REQUIRED = ("kind", "year", "subject", "grade", "min3", "min4", "min5")
_MARK_FIELDS = {"3": "min3", "4": "min4", "5": "min5"}
_PUNCTUATION = re.compile(r"[«»\"'“”„()\[\].,:;№*]")
_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:[-–—]|до)\s*(\d+(?:[.,]\d+)?)\s*$")
_YEAR = re.compile(r"^\s*(\d{4})(?:[.,]0+)?\s*(?:г\.?|год)?\s*$", re.IGNORECASE)
_GRADE = re.compile(r"^\s*(\d{1,2})(?:[.,]0+)?\s*(?:-?й)?\s*(?:класс|кл\.?)?\s*$", re.IGNORECASE)


@dataclass
class ScalesFile(HasProblems):
    """What a sheet of scales holds: the scales of its good rows and every problem found."""

    file: str
    sheets: list[str] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)  # (sheet, row) of each scale
    problems: list[Problem] = field(default_factory=list)


def _words(value: object) -> list[str]:
    from desktop.services.importers.intake.workbook import header_text

    return _PUNCTUATION.sub(" ", header_text(value)).split()


def _header_field(value: object) -> str | None:
    words = _words(value)
    if not words:
        return None
    text = " ".join(words)
    for name, starts in HEADER_WORDS.items():
        if any(text.startswith(w) or f" {w}" in f" {text}" for w in starts):
            return name
    marks = [_MARK_FIELDS[w] for w in words if w in _MARK_FIELDS]
    return marks[0] if len(marks) == 1 and "2" not in words else None


def find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(row index, {field: column index}) of the first row naming the bounds and most of the rest."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            name = _header_field(cell)
            if name and name not in columns:
                columns[name] = col
        if {"min3", "min4", "min5"} <= columns.keys() and len(columns) >= 5:
            return index, columns
    return None


def _number(value: object) -> tuple[float | None, float | None]:
    """A bound cell → (its number or the first of its range, the last of its range); ValueError if
    it is neither."""
    from desktop.services.importers.intake.workbook import cell_number

    if isinstance(value, str):
        match = _RANGE.match(value.replace("\xa0", " "))
        if match:
            low, high = (float(g.replace(",", ".")) for g in match.groups())
            return low, high
    return cell_number(value), None


def _read_row(values: dict[str, object], letters: dict[str, str], sheet: str, row: int,
              problems: list[Problem]) -> Scale | None:
    """One row → its scale, or None with its problems added."""
    from desktop.services.importers.intake.workbook import cell_text

    before = len(problems)

    def problem(name: str, message: str) -> None:
        problems.append(Problem(message, sheet, row, letters.get(name)))

    texts = {name: cell_text(value) for name, value in values.items()}
    for name in REQUIRED:
        if not texts.get(name):
            problem(name, f"не указано: «{SCALE_LABELS[name]}»")
    kind = year = grade = None
    if texts.get("kind"):
        try:
            kind = parse_kind(texts["kind"])
        except UserError:
            kind = None
        if kind not in MARK_KINDS:  # a зачёт / незачёт has no scale
            problem("kind", f"Неизвестная оценочная процедура «{texts['kind']}». Допустимо: {', '.join(MARK_KINDS)}")
            kind = None
    if texts.get("year"):
        match = _YEAR.match(texts["year"])
        if match:
            year = int(match.group(1))
        else:
            problem("year", f"«{texts['year']}» — не год: ожидается год числом, например 2025")
    if texts.get("grade"):
        match = _GRADE.match(texts["grade"])
        if match:
            grade = int(match.group(1))
        else:
            problem("grade", f"«{texts['grade']}» — не класс: ожидается число от 1 до 12")
    bounds: dict[str, float | None] = dict.fromkeys(("min3", "min4", "min5", "max"))
    top_of_five = None
    for name in bounds:
        if not texts.get(name):
            continue
        try:
            bounds[name], high = _number(values[name])
        except ValueError as error:
            problem(name, f"«{SCALE_LABELS[name]}»: {error}")
            continue
        if name == "min5":
            top_of_five = high
    if not texts.get("max"):
        if top_of_five is None:
            problem("max" if "max" in letters else "min5",
                    "не указано: «Максимальный балл» (или диапазон отметки «5», например 17–20)")
        bounds["max"] = top_of_five
    elif top_of_five is not None and bounds["max"] is not None and top_of_five != bounds["max"]:
        problem("min5", f"диапазон отметки «5» заканчивается на {score_text(top_of_five)}, а максимальный балл — "
                        f"{score_text(bounds['max'])}")
    scale = Scale(kind, year, texts.get("subject"), grade, bounds["min3"], bounds["min4"], bounds["min5"],
                  bounds["max"], texts.get("source") or "")
    scale = normalized(scale)
    failed = {name for name, column in letters.items() if any(p.column == column for p in problems[before:])}
    for name, message in validation_errors(scale, partial=True).items():
        if name not in failed:
            problem(name if name in letters else "min5", message.rstrip("."))
    if len(problems) > before:
        problems[before:] = sorted(problems[before:], key=lambda p: (len(p.column or ""), p.column or ""))
        return None
    return scale


def read_scales_file(path: str | Path) -> ScalesFile:
    """Every sheet of scales in the workbook, checked row by row (nothing is saved here)."""
    from desktop.services.importers.intake.workbook import read_sheets

    path = Path(path)
    sheets = read_sheets(path)
    read = ScalesFile(str(path))
    seen: dict[tuple, tuple[str, int]] = {}
    for sheet in sorted(sheets, key=lambda s: s.hidden):
        found = find_header(sheet.rows)
        if found is None:
            continue
        header_index, columns = found
        read.sheets.append(sheet.name)
        letters = {name: column_letter(col + 1) for name, col in columns.items()}
        missing = [SCALE_LABELS[n] for n in REQUIRED if n not in columns]
        if missing:
            read.problems.append(Problem(
                "в заголовке нет столбцов " + ", ".join(f"«{m}»" for m in missing), sheet.name, header_index + 1))
            continue
        for number, row in enumerate(sheet.rows[header_index + 1:], start=header_index + 2):
            values = {name: row[col] if col < len(row) else None for name, col in columns.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            scale = _read_row(values, letters, sheet.name, number, read.problems)
            if scale is None:
                continue
            if scale.key in seen:
                where = seen[scale.key]
                place = f"строку {where[1]}" + (f" листа «{where[0]}»" if where[0] != sheet.name else "")
                read.problems.append(Problem(f"шкала {scale.title} повторяет {place}", sheet.name, number,
                                             letters["subject"]))
                continue
            seen[scale.key] = (sheet.name, number)
            read.scales.append(scale)
            read.rows.append((sheet.name, number))
    if not read.sheets:
        raise ImportFormatError(
            "не найдена строка заголовков шкал. Нужны столбцы «Процедура», «Год», «Предмет», «Класс», "
            "«Мин. балл на «3»», «Мин. балл на «4»», «Мин. балл на «5»», «Максимальный балл» (и «Источник»).",
            file=path, sheet=sheets[0].name if len(sheets) == 1 else None)
    if not read.scales and not read.problems:
        read.problems.append(Problem("в файле нет ни одной шкалы", read.sheets[0]))
    return read


def read_scales(path: str | Path) -> ScalesFile:
    """`read_scales_file` through the intake's reader: a .xls in a child process, a .xlsx here."""
    from desktop.services.importers.intake.child_reader import read_untrusted

    return read_untrusted("scales", Path(path))


def save_scales(db: Database, read: ScalesFile) -> list[Scale]:
    """The scales of a file without problems, all in one transaction; UserError if it has any."""
    if read.has_errors:
        raise UserError(f"В файле «{Path(read.file).name}» есть ошибки ({len(read.problems)}): ничего не сохранено.")
    saved = ScalesRepository(db).set_many(read.scales)
    log.info("scales from %s: %d saved", Path(read.file).name, len(saved))
    return saved


def import_scales(db: Database, path: str | Path) -> tuple[ScalesFile, list[Scale]]:
    """Read and, when no row is bad, save: (what was read, what was saved — [] when nothing)."""
    read = read_scales(path)
    return read, ([] if read.has_errors else save_scales(db, read))
