"""A workbook from outside, every check of the intake passed, read into sheets of plain values.

    sheets = read_sheets(path)                       # every worksheet, in workbook order
    with open_workbook(path, PLAN_WORKBOOK) as book:  # one at a time, its size known before reading
        for worksheet in book.worksheets(visible_first=True):
            sheet = worksheet.read()

python-calamine does the reading (openpyxl is about ten times slower on big sheets). Before calamine
sees a file, `admit` checks it (files.py: a file, its size and kind, the OLE2 header of a .xls; zips.py:
the archive, its bombs and the extent of its sheets); a sheet whose grid is too big is refused before
it is built. Anything calamine raises becomes an `ImportFormatError` naming the file; the original is
logged. `Format` words the refusals: results and schools by default, roadmaps with `PLAN_WORKBOOK`.

Values are what calamine returns — float for every number, str, bool, datetime/date/time/timedelta —
with empty strings turned into None. Rows are padded from A1, so `rows[r - 1][c - 1]` is the cell that
Excel shows at row r, column c; merged ranges come with the sheet. `cell_text` and `cell_number` read a
cell the way people type it.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import is_
from pathlib import Path

from desktop.errors import ImportFormatError
from desktop.folding import fold
from desktop.services.importers.intake import admit, limits
from desktop.services.importers.intake.files import WORKBOOK, Format, file_name

log = logging.getLogger("msoko.importers")

# Texts that mean "no value" in a number or text cell (compared after strip + lower).
MISSING_MARKERS = frozenset({"x", "х", "-", "—", "–", "нет отметки", "нет", "н/я"})


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    # merged ranges as (first_row, first_col, last_row, last_col), 1-based, when the format has them
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # rows the sheet had beyond the reader's row limit (dropped), 0 when all were read
    dropped_rows: int = 0

    def cell(self, row: int, column: int) -> object:
        """The value at 1-based (row, column), None outside the data."""
        if row < 1 or row > len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[column - 1] if 0 < column <= len(values) else None


# ---------------------------------------------------------------------------------------------------
# cells


def cell_text(value: object) -> str | None:
    """A cell as trimmed text; None for an empty cell or a "missing" marker (X, Х, -, —, нет отметки).

    A whole float (calamine's 12.0 for a typed 12) reads as «12». Non-breaking spaces count as spaces.
    """
    if value is None:
        return None
    if type(value) is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        text = value.replace("\xa0", " ").strip()
        if not text or text.lower() in MISSING_MARKERS:
            return None
        return text
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int):
        return str(value)
    return str(value).strip() or None


# No figure of a result file (participants, counts, years, scores, codes of participants) comes near
# this; 1e19 participants overflowed SQLite's integers and 1e308 became «Infinity» in JSON.
LARGEST_NUMBER = 1e12


def _plausible(number: float) -> float:
    if number != number or abs(number) > LARGEST_NUMBER:
        raise ValueError(f"число {number:.6g} вне допустимых пределов")
    return number


def cell_number(value: object) -> float | None:
    """A cell as a number; None when empty or a "missing" marker.

    Accepts comma decimals («12,5»), spaces and non-breaking spaces inside («1 234»), a trailing «%».
    Raises ValueError for text that is not a number («двадцать») and for dates and booleans.
    """
    if type(value) is float:
        return _plausible(value)
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\xa0", "").replace(" ", "").replace("\u202f", "")
        if not text:
            return None
        low = text.lower()
        if low in MISSING_MARKERS or value.strip().lower() in MISSING_MARKERS:
            return None
        if low.endswith("%"):
            text = text[:-1]
        text = text.replace(",", ".").replace("\u2212", "-")  # a typographic minus «−5»
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"не число: «{value.strip()}»") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"не число: «{value.strip()}»")
        return _plausible(number)
    if isinstance(value, bool):
        raise ValueError("логическое значение вместо числа")
    if isinstance(value, int):
        return _plausible(float(value))
    raise ValueError(f"не число: «{value}»")


def header_text(value: object) -> str:
    """A header cell folded for comparison: lower case, ё→е, one space between words; '' if empty."""
    if value is None:
        return ""
    if type(value) is float and value.is_integer():
        return str(int(value))
    return fold(" ".join(str(value).replace("\xa0", " ").split()))


# ---------------------------------------------------------------------------------------------------
# sheets


def is_reader_failure(error: BaseException) -> bool:
    """An error of a file reader, not an interruption: calamine reports some damaged files by a Rust
    panic, which reaches Python as `PanicException`, a BaseException."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


@contextmanager
def _calamine_errors(path: Path, fmt: Format, detail: str) -> Iterator[None]:
    """Whatever calamine raises while reading becomes a refusal naming the file; the original is logged."""
    try:
        yield
    except ImportFormatError:
        raise
    except MemoryError:
        raise fmt.too_big(path, "не хватает памяти") from None
    except BaseException as error:  # calamine raises many kinds; none of them is a bug of ours
        if not is_reader_failure(error):
            raise
        log.warning("calamine failed reading %s: %r", path, error)
        raise fmt.damaged(path, detail) from None


@dataclass
class Worksheet:
    """A worksheet calamine has opened: its name and size known, its cells not yet Python values."""

    name: str
    hidden: bool
    height: int  # rows from A1 to the last one holding a value
    width: int  # columns from A to the last one holding a value
    path: Path
    fmt: Format
    _sheet: object = field(repr=False)

    def read(self, max_rows: int | None = None) -> Sheet:
        """The sheet's values and merged ranges; a grid too big to hold is refused before it is built."""
        max_rows = limits.MAX_ROWS if max_rows is None else max_rows
        if min(self.height, max_rows) * self.width > limits.MAX_CELLS:
            raise self.fmt.too_big(self.path, f"лист «{self.name}»: {self.height} строк × {self.width} столбцов")
        with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
            rows = _rows(self._sheet, max_rows)
            merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in self._sheet.merged_cell_ranges or ()]
        dropped = max(0, self.height - max_rows)
        return Sheet(self.name, rows, hidden=self.hidden, merged=merged, dropped_rows=dropped)


class Workbook:
    """A checked file opened by calamine (`open_workbook`); its worksheets come one at a time."""

    def __init__(self, path: Path, fmt: Format, book) -> None:
        self.path = path
        self.fmt = fmt
        self._book = book

    def worksheets(self, *, visible_first: bool = False) -> Iterator[Worksheet]:
        """Every worksheet (no chart or macro sheets) in workbook order, or the visible ones first. Each
        is opened when its turn comes, so only one is held at a time unless the caller keeps them."""
        import python_calamine

        with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
            metas = [m for m in self._book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        hidden = {m.name: m.visible != python_calamine.SheetVisibleEnum.Visible for m in metas}
        if visible_first:
            metas.sort(key=lambda m: hidden[m.name])
        for meta in metas:
            with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
                sheet = self._book.get_sheet_by_name(meta.name)
                last_row, last_col = sheet.end or (0, 0)
            yield Worksheet(meta.name, hidden[meta.name], last_row + 1, last_col + 1, self.path, self.fmt, sheet)


@contextmanager
def open_workbook(path: str | os.PathLike, fmt: Format = WORKBOOK) -> Iterator[Workbook]:
    """The file, after every check of the intake, opened by calamine. Refusals are worded by `fmt`."""
    path = Path(path)
    admit(path, fmt)

    import python_calamine  # imported here: the command line must not pay for it

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise fmt.refuse(path, "Файл защищён паролем: снимите защиту и сохраните его снова.") from None
    except BaseException as error:
        if not is_reader_failure(error):
            raise
        log.warning("calamine cannot open %s: %r", path, error)
        raise fmt.damaged(path) from None
    try:
        yield Workbook(path, fmt, book)
    finally:
        try:
            book.close()
        except Exception:  # pragma: no cover - closing a read workbook should not fail
            log.debug("close failed for %s", path, exc_info=True)


def read_sheets(path: str | os.PathLike, *, max_rows: int | None = None, fmt: Format = WORKBOOK) -> list[Sheet]:
    """Every worksheet of the file, in workbook order. Raises ImportFormatError if it can't be read."""
    with open_workbook(path, fmt) as book:
        sheets = [sheet.read(max_rows) for sheet in book.worksheets()]
    if not sheets:
        raise fmt.refuse(
            Path(path), "В книге нет ни одного листа с данными.", f"В книге «{file_name(Path(path))}» нет ни одного листа с данными"
        )
    return sheets


SHARED_VALUES = 100_000  # distinct values remembered by `_rows`; past it, the memory is started anew


def _rows(calamine_sheet, max_rows: int) -> list[list[object]]:
    """The sheet's rows from A1, each cell's value shared with its equals read before it.

    calamine makes a new Python object for every cell; a 300,000-row ВПР file repeats a few hundred
    texts (schools, classes) and numbers (points) millions of times, and shared they take 166 MB
    instead of 386 MB (peak of the read: 388 MB instead of 537 MB, at about the same speed). Rows
    come one by one (`iter_rows`), so the whole grid of new objects never exists at once. A value
    whose type sharing would change (True met after 1.0, equal to it) stays itself.
    calamine's '' for an empty cell becomes None.
    """
    start_column = (calamine_sheet.start or (0, 0))[1]
    pad = [None] * start_column  # iter_rows starts at the first column holding a value
    same: dict = {}
    rows: list[list[object]] = []
    add = rows.append
    for row in calamine_sheet.iter_rows():
        if len(rows) == max_rows:
            break
        shared = list(map(same.setdefault, row, row))
        if not all(map(is_, map(type, shared), map(type, row))):
            shared = [s if type(s) is type(v) else v for s, v in zip(shared, row, strict=True)]
        if "" in shared:
            shared = [None if v == "" else v for v in shared]
        add(pad + shared if pad else shared)
        if len(same) > SHARED_VALUES:
            same.clear()
    return rows


def find_row(sheet: Sheet, predicate, *, first: int = 1, limit: int = 60) -> int | None:
    """The 1-based number of the first row (from `first`, within `limit` rows) whose folded header
    texts satisfy `predicate(texts: list[str])`."""
    last = min(len(sheet.rows), first - 1 + limit)
    for index in range(first - 1, last):
        texts = [header_text(v) for v in sheet.rows[index]]
        if predicate(texts):
            return index + 1
    return None


def first_texts(sheet: Sheet, limit: int = 12) -> list[str]:
    """The non-empty cells of the sheet's first rows, folded: what a layout's `matches` looks at."""
    texts = []
    for row in sheet.rows[:limit]:
        texts.extend(t for t in (header_text(v) for v in row) if t)
    return texts


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while millions of cells become Python objects.

    Reading builds lists and floats only (no cycles), yet each allocation burst triggers a full
    collection that rescans everything built so far: with collection on, a 300,000-row sheet takes
    about half again as long. Reference counting still frees memory meanwhile; the previous state
    is restored on the way out.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
