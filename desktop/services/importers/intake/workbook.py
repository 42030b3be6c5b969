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

import functools
import gc
import io
import logging
import os
import re
import sys
import zipfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import is_
from pathlib import Path, PurePosixPath

from desktop.errors import Cancelled, ImportFormatError
from desktop.folding import fold
from desktop.services.importers.intake import admit_streaming, limits
from desktop.services.importers.intake.cancel import cancelled, checkpoint
from desktop.services.importers.intake.files import WORKBOOK, Format, file_name
from desktop.services.importers.intake.zips import SheetStream, verify_member

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
    # a big sheet read by `Worksheet.read_head`: the rows below `rows`, not read yet
    rest: _Rest | None = field(default=None, repr=False, compare=False)

    def pieces(self) -> Iterator[tuple[list[list[object]], int]]:
        """The rows below `rows` of a sheet read by `Worksheet.read_head`, a piece at a time, as (rows as
        calamine gives them — from column A, '' for an empty cell, values not shared —, the Excel number
        of the first); nothing for a sheet read whole. `ReadAgain` when the sheet turns out not to be cut
        as expected: the file is then to be read again by `read_sheets`. Held by the sheet until read to
        its end, so that `close_rest` lets go of it however its reader stops."""
        rest = self.rest
        if rest is not None:
            yield from rest.raw()
            self.rest = None

    def read_rest(self) -> None:
        """The rows below `rows` of a sheet read by `Worksheet.read_head`, read into `rows` as
        `Worksheet.read` gives them; nothing for a sheet read whole."""
        rest, self.rest = self.rest, None
        if rest is not None:
            rest.read_into()

    def close_rest(self) -> None:
        rest, self.rest = self.rest, None
        if rest is not None:
            rest.close()

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
    except (ImportFormatError, _NotInPieces, Cancelled):
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
    height: int  # rows from A1 to the last one holding a value (a sheet read in pieces: known once read)
    width: int  # columns from A to the last one holding a value (the same)
    path: Path
    fmt: Format
    _sheet: object = field(repr=False)
    _pieces: _Pieces | None = field(default=None, repr=False)  # a big sheet: read in pieces

    def read(self, max_rows: int | None = None) -> Sheet:
        """The sheet's values and merged ranges; a grid too big to hold is refused before it is built."""
        max_rows = limits.MAX_ROWS if max_rows is None else max_rows
        if self._pieces is not None:
            with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
                try:
                    rows, merged, self.height, self.width = self._pieces.read(max_rows)
                except _NotInPieces as why:
                    self._not_in_pieces(why)
            if self._pieces is not None:
                return Sheet(self.name, rows, hidden=self.hidden, merged=merged,
                             dropped_rows=max(0, self.height - max_rows))
        if min(self.height, max_rows) * self.width > limits.MAX_CELLS:
            raise self.fmt.too_big(self.path, f"лист «{self.name}»: {self.height} строк × {self.width} столбцов")
        with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
            rows = _rows(self._sheet, max_rows)
            merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in self._sheet.merged_cell_ranges or ()]
        dropped = max(0, self.height - max_rows)
        return Sheet(self.name, rows, hidden=self.hidden, merged=merged, dropped_rows=dropped)

    def read_head(self, max_rows: int | None = None) -> Sheet:
        """As `read`; but of a big sheet read in pieces, only the first piece or pieces (`HEAD_ROWS` rows
        at least: more than any reader looks at to know a file), the rest left to the sheet's `pieces()`
        or `read_rest()`. The sheet's `close_rest()` lets go of what is not read."""
        if self._pieces is None:
            return self.read(max_rows)
        max_rows = limits.MAX_ROWS if max_rows is None else max_rows
        pieces = self._pieces
        stream = pieces.pieces(max_rows)
        rows: list[list[object]] = []
        same: dict = {"": None}
        ended = True
        try:
            with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
                for values, first_row, first_col, has_bools in stream:
                    _append(rows, values, first_row, first_col, has_bools, same)
                    if len(rows) >= HEAD_ROWS:
                        ended = False
                        break
        except _NotInPieces as why:
            stream.close()
            self._not_in_pieces(why)
            return self.read(max_rows)
        except BaseException:
            stream.close()
            raise
        self.height, self.width = pieces.height, pieces.width
        _padded(rows, pieces.width)
        sheet = Sheet(self.name, rows, hidden=self.hidden, merged=pieces.merged,
                      dropped_rows=max(0, pieces.height - max_rows))
        if not ended:
            sheet.rest = _Rest(self, sheet, stream, same, max_rows)
        return sheet

    def _not_in_pieces(self, why: _NotInPieces) -> None:
        """The sheet is to be read whole by calamine after all: its XML is not cut as expected."""
        log.info("sheet %s of %s is read whole: %s", self.name, self.path, why)
        self._sheet, self._pieces = self._pieces.whole(), None
        last_row, last_col = self._sheet.end or (0, 0)
        self.height, self.width = last_row + 1, last_col + 1


HEAD_ROWS = 200  # rows of a big sheet read before its readers are chosen (they look at the first 60)


class ReadAgain(Exception):
    """A big sheet read a piece at a time turned out not to be cut as expected after its first pieces
    were handed out: the file is to be read again by `read_sheets` (which reads such a sheet whole)."""


class _Rest:
    """The pieces of a big sheet after those `Worksheet.read_head` read."""

    def __init__(self, worksheet: Worksheet, sheet: Sheet, stream, same: dict, max_rows: int) -> None:
        self.worksheet, self.sheet, self.stream, self.same, self.max_rows = worksheet, sheet, stream, same, max_rows

    def raw(self) -> Iterator[tuple[list[list[object]], int]]:
        worksheet = self.worksheet
        _glibc_heap_for_big_reads(MAPPED_FROM_STREAM)  # left so: the next big read sets its own
        try:
            with _calamine_errors(worksheet.path, worksheet.fmt, "ошибка при чтении листов"):
                for values, first_row, first_col, _ in self.stream:
                    yield ([[None] * first_col + row for row in values] if first_col else values), first_row + 1
        except _NotInPieces as why:
            log.info("sheet %s of %s is to be read again whole: %s", worksheet.name, worksheet.path, why)
            raise ReadAgain(str(why)) from None
        finally:
            self.close()
        self._ended()

    def read_into(self) -> None:
        worksheet, rows = self.worksheet, self.sheet.rows
        try:
            with _calamine_errors(worksheet.path, worksheet.fmt, "ошибка при чтении листов"):
                for values, first_row, first_col, has_bools in self.stream:
                    _append(rows, values, first_row, first_col, has_bools, self.same)
        except _NotInPieces as why:
            worksheet._not_in_pieces(why)
            whole = worksheet.read(self.max_rows)
            rows[:], self.sheet.merged[:] = whole.rows, whole.merged
        finally:
            self.close()
        _padded(rows, worksheet.width)
        self._ended()

    def _ended(self) -> None:
        pieces, worksheet = self.worksheet._pieces, self.worksheet
        if pieces is not None:
            worksheet.height, worksheet.width = pieces.height, pieces.width
        self.sheet.dropped_rows = max(0, worksheet.height - self.max_rows)

    def close(self) -> None:
        self.stream.close()


class Workbook:
    """A checked file opened by calamine (`open_workbook`); its worksheets come one at a time."""

    def __init__(self, path: Path, fmt: Format, book, kind: str = "zip", unchecked: frozenset[str] = frozenset()) -> None:
        self.path = path
        self.fmt = fmt
        self._book = book
        self._kind = kind
        self._unchecked = set(unchecked)  # big worksheet parts the intake left to be checked as they are read

    def worksheets(self, *, visible_first: bool = False, in_pieces: bool = False) -> Iterator[Worksheet]:
        """Every worksheet (no chart or macro sheets) in workbook order, or the visible ones first. Each
        is opened when its turn comes, so only one is held at a time unless the caller keeps them.

        With `in_pieces`, a big sheet of an .xlsx (`PIECES_FROM` bytes of XML and more) is read by calamine
        a piece at a time (`_Pieces`): its height and width are known only once it is read."""
        import python_calamine

        with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
            metas = [m for m in self._book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
            parts = _big_sheet_parts(self.path) if in_pieces and self._kind == "zip" else {}
        for member in sorted(self._unchecked - set(parts.values())):  # read whole by calamine: checked first
            verify_member(self.path, self.fmt, member)
            self._unchecked.discard(member)
        hidden = {m.name: m.visible != python_calamine.SheetVisibleEnum.Visible for m in metas}
        if visible_first:
            metas.sort(key=lambda m: hidden[m.name])
        for meta in metas:
            checkpoint()
            if meta.name in parts:
                member = parts[meta.name]
                pieces = _Pieces(self.path, meta.name, member, self._book, self.fmt, member in self._unchecked)
                yield Worksheet(meta.name, hidden[meta.name], 0, 0, self.path, self.fmt, None, pieces)
                continue
            with _calamine_errors(self.path, self.fmt, "ошибка при чтении листов"):
                sheet = self._book.get_sheet_by_name(meta.name)
                last_row, last_col = sheet.end or (0, 0)
            yield Worksheet(meta.name, hidden[meta.name], last_row + 1, last_col + 1, self.path, self.fmt, sheet)


@contextmanager
def open_workbook(path: str | os.PathLike, fmt: Format = WORKBOOK) -> Iterator[Workbook]:
    """The file, after every check of the intake, opened by calamine. Refusals are worded by `fmt`."""
    path = Path(path)
    kind, unchecked = admit_streaming(path, fmt, PIECES_FROM)

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
        yield Workbook(path, fmt, book, kind, unchecked)
    finally:
        try:
            book.close()
        except Exception:  # pragma: no cover - closing a read workbook should not fail
            log.debug("close failed for %s", path, exc_info=True)


def read_sheets(path: str | os.PathLike, *, max_rows: int | None = None, fmt: Format = WORKBOOK) -> list[Sheet]:
    """Every worksheet of the file, in workbook order. Raises ImportFormatError if it can't be read."""
    with open_workbook(path, fmt) as book:
        sheets = [sheet.read(max_rows) for sheet in book.worksheets(in_pieces=True)]
    return _some(sheets, path, fmt)


@contextmanager
def sheet_heads(path: str | os.PathLike, *, max_rows: int | None = None, fmt: Format = WORKBOOK) -> Iterator[list[Sheet]]:
    """As `read_sheets`, but a big sheet only as far as `Worksheet.read_head` reads it: its rows below come
    by its `pieces()` or `read_rest()` within the block, and what is not read is let go at its end."""
    with open_workbook(path, fmt) as book:
        sheets: list[Sheet] = []
        try:
            for worksheet in book.worksheets(in_pieces=True):
                sheets.append(worksheet.read_head(max_rows))
            yield _some(sheets, path, fmt)
        finally:
            for sheet in sheets:
                sheet.close_rest()


def _some(sheets: list[Sheet], path: str | os.PathLike, fmt: Format) -> list[Sheet]:
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
        if not len(rows) & 4095:
            checkpoint()
        shared = list(map(same.setdefault, row, row))
        if not all(map(is_, map(type, shared), map(type, row))):
            shared = [s if type(s) is type(v) else v for s, v in zip(shared, row, strict=True)]
        if "" in shared:
            shared = [None if v == "" else v for v in shared]
        add(pad + shared if pad else shared)
        if len(same) > SHARED_VALUES:
            same.clear()
    return rows


# ---------------------------------------------------------------------------------------------------
# a big sheet in pieces

# calamine builds a whole sheet at once, and on the way holds every cell twice (a list of the cells read,
# then the grid): a 300,000-row ВПР file of 160 MB of sheet XML took 385 MB before a single value reached
# Python, and nothing could stop it in the middle. A sheet part of `PIECES_FROM` bytes and more is cut at
# row boundaries into pieces of about `PIECE_BYTES` of XML, each given to calamine as a small workbook
# of its own (the original's workbook, relationships, styles and shared strings, and the piece as the
# sheet): 75 MB at most for the same file, and a checkpoint between pieces (~0.1 s apart). Cells keep
# their references, so each piece knows where its rows stand; the values, widths and merged ranges are
# those of the whole sheet read at once (tests/services/importers/test_importers_workbook.py compares them).
PIECES_FROM = 16 * 1024 * 1024
PIECE_BYTES = 4 * 1024 * 1024
PARSERS = 2  # threads parsing pieces ahead of the one being turned into values
PIECE_PER_SHARED = 8  # every piece parses the shared strings again: a piece is at least 8 times as big
# the parts of a workbook that calamine reads to open it and to read one sheet (lower case)
_BOOK_PARTS = ("[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
               "xl/styles.xml", "xl/sharedstrings.xml")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_SHEET_DATA = b"<sheetData>"
_SHEET_END = b"</sheetData></worksheet>"
_ROW_START = re.compile(rb"\s*<row\b[^>]*?\br=\"")
_ROW_END = b"</row>"
_HEAD_LIMIT = 4 * 1024 * 1024  # what may stand before <sheetData> (columns, views, formatting)


class _NotInPieces(Exception):
    """The sheet's XML is not cut as expected (no <sheetData>, rows without references…): read it whole."""


def _big_sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → its zip member, for the sheets of `PIECES_FROM` bytes of XML and more; {} when the
    workbook has none, or is laid out otherwise than these readers know (then calamine reads it whole)."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        if not any(info.file_size >= PIECES_FROM for info in infos.values()):
            return {}
        try:
            book = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            return {}
    if len(book) + len(rels) > _HEAD_LIMIT:
        return {}
    try:
        targets = {r.get("Id"): r.get("Target") or "" for r in ElementTree.fromstring(rels).iter(_PACKAGE_REL)}
        sheets = [(s.get("name"), s.get(_REL_ID)) for s in ElementTree.fromstring(book).iter(_MAIN_NS + "sheet")]
    except ElementTree.ParseError:
        return {}
    found = {}
    for name, rel in sheets:
        target = targets.get(rel)
        if not name or not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        info = infos.get(member)
        if info is not None and info.file_size >= PIECES_FROM:
            found[name] = member
    return found


class _Pieces:
    """One big worksheet of an .xlsx, read by calamine a piece of XML at a time (see PIECE_BYTES)."""

    def __init__(self, path: Path, name: str, member: str, book, fmt: Format = WORKBOOK,
                 unchecked: bool = False) -> None:
        self.path = path
        self.name = name
        self.member = member
        self._book = book  # the whole workbook, opened by calamine: for a sheet that cannot be cut
        self.fmt = fmt
        # the intake left the part to be checked as it is read (zips.SheetStream): the pieces are made of
        # what has been checked, and a sheet read whole after all is checked whole first
        self.unchecked = unchecked

    def whole(self):
        if self.unchecked:
            verify_member(self.path, self.fmt, self.member)
        return self._book.get_sheet_by_name(self.name)

    def read(self, max_rows: int) -> tuple[list[list[object]], list[tuple[int, int, int, int]], int, int]:
        """(rows as `_rows` gives them, merged ranges, height, width); _NotInPieces when the XML is not
        cut as expected (then the caller reads the sheet whole)."""
        rows: list[list[object]] = []
        same: dict = {"": None}  # calamine's '' for an empty cell becomes None as it is shared
        for values, first_row, first_col, has_bools in self.pieces(max_rows):
            _append(rows, values, first_row, first_col, has_bools, same)
        _padded(rows, self.width)
        return rows, self.merged, self.height, self.width

    def pieces(self, max_rows: int) -> Iterator[tuple[list[list[object]], int, int, bool]]:
        """(the values of a piece's rows from its first column, as calamine gives them; the 0-based row of
        the first; that first column; whether the piece holds booleans) for the rows within `max_rows`,
        in order; the rows beyond are read only to count them. `height`, `width` and `merged` grow as
        the pieces come. _NotInPieces when the XML is not cut as expected."""
        self.height = self.width = 0
        self.merged: list[tuple[int, int, int, int]] = []
        taken = 0  # rows handed out (from row 0)
        for sheet, has_bools in self._sheets():
            checkpoint()
            self.merged.extend((r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ())
            if sheet.start is None:
                continue
            (first_row, first_col), (last_row, last_col) = sheet.start, sheet.end
            if first_row < min(self.height, max_rows):
                raise _NotInPieces("rows out of order")  # Excel writes them in order; a piece must not overlap
            self.height, self.width = max(self.height, last_row + 1), max(self.width, last_col + 1)
            if taken >= max_rows:
                continue  # rows beyond the limit: read only to count them
            values = sheet.to_python(skip_empty_area=True, nrows=max_rows - first_row)
            taken = first_row + len(values)
            yield values, first_row, first_col, has_bools

    def _sheets(self) -> Iterator[tuple[object, bool]]:
        """Each piece opened by calamine, in order, and whether it holds boolean cells.

        calamine lets go of the GIL while it parses a piece (most of the time of reading), so `PARSERS`
        threads parse the next pieces while this one turns the last into Python values. When the
        caller stops early (an error), the pieces not started are dropped and those being parsed (~0.1 s
        each) are waited for; on «Отмена», looked at while a piece is waited for too, they are left to
        end by themselves (on a busy computer a piece takes a second).
        """
        with zipfile.ZipFile(self.path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()
                     if info.filename.lower() in _BOOK_PARTS and info.filename != self.member}
            shared = len(next((v for k, v in parts.items() if k.lower() == "xl/sharedstrings.xml"), b""))
            piece_bytes = max(PIECE_BYTES, PIECE_PER_SHARED * shared)
            _glibc_heap_for_big_reads()
            pool = ThreadPoolExecutor(PARSERS, thread_name_prefix="msoko-sheet-pieces")
            pending: deque = deque()
            wait = True
            try:
                for xml in self._xml_pieces(archive, piece_bytes):
                    pending.append(pool.submit(self._parsed, parts, xml))
                    if len(pending) > PARSERS:
                        yield from self._handed(pending.popleft())
                while pending:
                    yield from self._handed(pending.popleft())
            except (Cancelled, GeneratorExit):  # «Отмена» here, or the caller stopped on it
                wait = not cancelled()
                raise
            finally:
                pool.shutdown(wait=wait, cancel_futures=True)

    def _parsed(self, parts: dict[str, bytes], xml: bytes) -> tuple[object, object, bool]:
        """(calamine's book, the piece's sheet, whether it holds booleans) of one piece of XML."""
        import python_calamine

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as piece:
            for name, data in parts.items():
                piece.writestr(name, data)
            piece.writestr(self.member, xml)
        buffer.seek(0)
        book = python_calamine.CalamineWorkbook.from_filelike(buffer)
        try:
            return book, book.get_sheet_by_name(self.name), b't="b"' in xml or b"t='b'" in xml
        except BaseException:
            book.close()
            raise

    @staticmethod
    def _handed(future) -> Iterator[tuple[object, bool]]:
        while True:
            checkpoint()
            try:
                book, sheet, has_bools = future.result(timeout=0.05)
                break
            except TimeoutError:
                continue
        try:
            yield sheet, has_bools
        finally:
            book.close()

    def _xml_pieces(self, archive: zipfile.ZipFile, piece_bytes: int) -> Iterator[bytes]:
        """The sheet's XML as whole worksheets of about `piece_bytes`: the head up to <sheetData>, rows
        cut after a </row>, the end; the last piece keeps what follows the rows (merged ranges)."""
        with (SheetStream(self.path, self.fmt, archive, self.member) if self.unchecked
              else archive.open(self.member)) as member:
            data, eof = b"", False
            while (at := data.find(_SHEET_DATA)) < 0:
                chunk = member.read(min(piece_bytes, 1 << 20))
                data += chunk
                if not chunk or len(data) > _HEAD_LIMIT:
                    raise _NotInPieces("no <sheetData>")
            head, data = data[: at + len(_SHEET_DATA)], data[at + len(_SHEET_DATA):]
            if b"<worksheet " not in head and b"<worksheet>" not in head:
                raise _NotInPieces("the root is not <worksheet>")
            head = _DIMENSION.sub(b"", head)  # the whole sheet's extent: calamine would reserve it per piece
            want = 2 * piece_bytes
            while True:
                while not eof and len(data) < want:
                    chunk = member.read(piece_bytes)
                    eof = not chunk
                    data += chunk
                end = data.find(b"</sheetData>")
                if (end >= 0 and end <= piece_bytes) or (eof and end < 0):  # the last rows and what follows
                    while chunk := member.read(piece_bytes):
                        data += chunk
                    yield self._checked(head + data, data)
                    return
                limit = len(data) if end < 0 else end
                cut = data.rfind(_ROW_END, 0, min(limit, piece_bytes))
                if cut < 0:
                    cut = data.find(_ROW_END, 0, limit)  # a row longer than a piece
                if cut < 0:
                    want = 2 * len(data)
                    continue
                cut += len(_ROW_END)
                yield self._checked(b"".join((head, memoryview(data)[:cut], _SHEET_END)), data)
                data, want = data[cut:], 2 * piece_bytes

    @staticmethod
    def _checked(xml: bytes, rows: bytes) -> bytes:
        """A piece whose first row says where it stands (row r="…"); else the sheet is read whole: a row
        without a reference is counted by calamine from the row before it, which the piece does not hold."""
        if rows[:256].lstrip().startswith(b"<row") and not _ROW_START.match(rows):
            raise _NotInPieces("a row without its reference")
        return xml


# glibc's malloc: a block of M_MMAP_THRESHOLD bytes and more is mapped of its own and given back when freed
MAPPED_FROM_GRID = 128 * 1024  # a big sheet read into its grid: glibc's own starting value, kept fixed
MAPPED_FROM_STREAM = 32 * 1024 * 1024  # a big sheet read a piece at a time (Sheet.pieces): glibc's own maximum


def _glibc_heap_for_big_reads(mapped_from: int = MAPPED_FROM_GRID) -> None:
    """Settings of glibc's malloc for a big read (Windows and macOS heaps need none):

    - one arena for every thread, once per process: each thread otherwise gets its own, and memory freed
      in one is not reused by another (the pieces are parsed in threads);
    - a fixed threshold above which a block is mapped of its own. glibc raises it as big blocks are freed,
      and while a grid of the whole sheet builds up, the pieces' buffers of a few MB then fragment the
      heap (peak of a 300,000-row import read into its grid: 270–320 MB left to glibc, 238 MB at 128 KB).
      Read a piece at a time nothing builds up, and at 128 KB every buffer of a piece is mapped afresh and
      faulted in page by page: 1.5–2 CPU-s of a 300,000-row import (peak 222 MB, at 32 MB 260 MB)."""
    if not sys.platform.startswith("linux"):
        return
    libc = _one_arena()
    if libc is not None:
        libc.mallopt(-3, mapped_from)  # M_MMAP_THRESHOLD


@functools.cache
def _one_arena():
    """glibc, set to one arena; None where there is no mallopt (musl)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-8, 1)  # M_ARENA_MAX; musl has no mallopt: AttributeError
    except (OSError, AttributeError):
        log.debug("mallopt is not available", exc_info=True)
        return None
    return libc


def _append(rows: list[list[object]], values: list[list[object]], first_row: int, first_col: int, has_bools: bool,
            same: dict) -> None:
    """A piece's values appended to `rows` (empty rows first where the piece starts further down)."""
    rows.extend([] for _ in range(first_row - len(rows)))
    _share(values, rows, same, first_col, has_bools)
    if len(same) > SHARED_VALUES:
        same.clear()
        same[""] = None


def _padded(rows: list[list[object]], width: int) -> None:
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))


def _share(values: list[list[object]], rows: list[list[object]], same: dict, first_col: int,
           has_bools: bool) -> None:
    """`values` (rows of one piece, from its first column) appended to `rows` as `_rows` makes them:
    from column A, each value shared with its equals read before it, '' as None (`same` maps it)."""
    setdefault = same.setdefault
    pad = [None] * first_col
    add = rows.append
    if has_bools:  # True is 1.0 to a dict: a value whose type sharing would change stays itself
        for row in values:
            shared = list(map(setdefault, row, row))
            if not all(map(is_, map(type, shared), map(type, row))):
                shared = [None if v == "" and v.__class__ is str else (s if type(s) is type(v) else v)
                          for s, v in zip(shared, row, strict=True)]
            add(pad + shared if first_col else shared)
        for key in (True, False):  # neither 1 nor 0 is shared across pieces after booleans
            same.pop(key, None)
    elif first_col:
        for row in values:
            add(pad + list(map(setdefault, row, row)))
    else:
        for row in values:
            add(list(map(setdefault, row, row)))


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
