"""A bounded, safe reader of spreadsheet files: every sheet as a list of rows of plain values.

python-calamine does the reading (openpyxl is about ten times slower on big sheets). Before calamine
sees a file it is checked here: it must be a file, not empty, a zip (.xlsx, .xlsm, .ods) or an OLE2
compound file (.xls), and a zip must not unpack to more than `MAX_UNCOMPRESSED` bytes nor hold a big
member packed more than `MAX_RATIO` times (a decompression bomb). Anything calamine raises becomes an
`ImportFormatError` naming the file; the original is logged.

Values are what calamine returns — float for every number, str, bool, datetime/date/time/timedelta —
with empty strings turned into None. Rows are padded from A1, so `rows[r - 1][c - 1]` is the cell that
Excel shows at row r, column c. `cell_text` and `cell_number` read a cell the way people type it.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import is_
from pathlib import Path

from desktop.errors import ImportFormatError

log = logging.getLogger("msoko.importers")

MAX_ROWS = 2_000_000  # rows read per sheet; the rest is dropped with a note
# rows × columns of one sheet: calamine holds a sheet as a dense grid, and reading one costs ~100 bytes a
# cell at peak (a 300,000-row × 18-column ВПР file: ~540 MB), so the grid is measured before it is built.
# 12 million admits a whole region's ВПР wave with up to 40 task columns and refuses million-row sheets.
MAX_CELLS = 12_000_000
MAX_FILE_SIZE = 512 * 1024 * 1024  # bytes on disk
MAX_UNCOMPRESSED = 1024 * 1024 * 1024  # sum of the unpacked members of a zip
MAX_RATIO = 200  # unpacked / packed size allowed for a big member…
BIG_MEMBER = 8 * 1024 * 1024  # …one that unpacks to more than this
VERIFY_STREAMS = True  # inflate each member once to check it unpacks to its declared size

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

NOT_A_WORKBOOK = "Файл повреждён или не является книгой Excel"

# Texts that mean "no value" in a number or text cell (compared after strip + lower).
MISSING_MARKERS = frozenset({"x", "х", "-", "—", "–", "нет отметки", "нет", "н/я"})


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    # merged ranges as (first_row, first_col, last_row, last_col), 1-based, when the format has them
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # rows the sheet had beyond MAX_ROWS (dropped), 0 when all were read
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


def cell_number(value: object) -> float | None:
    """A cell as a number; None when empty or a "missing" marker.

    Accepts comma decimals («12,5»), spaces and non-breaking spaces inside («1 234»), a trailing «%».
    Raises ValueError for text that is not a number («двадцать») and for dates and booleans.
    """
    if type(value) is float:
        return value
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
        return number
    if isinstance(value, bool):
        raise ValueError("логическое значение вместо числа")
    if isinstance(value, int):
        return float(value)
    raise ValueError(f"не число: «{value}»")


def header_text(value: object) -> str:
    """A header cell folded for comparison: lower case, ё→е, one space between words; '' if empty."""
    if value is None:
        return ""
    if type(value) is float and value.is_integer():
        return str(int(value))
    return " ".join(str(value).replace("\xa0", " ").split()).lower().replace("ё", "е")


# ---------------------------------------------------------------------------------------------------
# files


def too_big(path: Path, what: str) -> ImportFormatError:
    return ImportFormatError(
        f"Файл слишком велик для чтения ({what}). Проверьте, что выбран нужный файл, "
        "или разделите его на части.",
        file=path,
    )


# What `zipfile` raises on a damaged archive: besides BadZipFile, a flipped version byte gives
# NotImplementedError («zip file version 14.8»), an encrypted member RuntimeError, a bad header ValueError.
ZIP_OPEN_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
    RuntimeError,
)


def _check_zip(path: Path, max_uncompressed: int) -> None:
    """Reject a damaged zip and a decompression bomb before calamine unpacks anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_OPEN_ERRORS as error:
        log.info("not a zip: %s: %s", path, error)
        raise ImportFormatError(NOT_A_WORKBOOK + " (архив повреждён).", file=path) from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise ImportFormatError(NOT_A_WORKBOOK + " (в архиве нет книги).", file=path)
    total = 0
    for info in infos:
        if info.file_size < 0 or info.compress_size < 0:
            raise ImportFormatError(NOT_A_WORKBOOK + ".", file=path)
        total += info.file_size
        if total > max_uncompressed:
            mb = max_uncompressed // (1024 * 1024)
            raise too_big(path, f"в распакованном виде больше {mb} МБ")
        if info.file_size > BIG_MEMBER and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            log.warning(
                "zip member %s of %s: %d → %d bytes", info.filename, path, info.compress_size, info.file_size
            )
            raise too_big(path, "подозрительно сильно сжат: похоже на «zip-бомбу»")
    if VERIFY_STREAMS:
        _verify_streams(path)


_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
# References that matter for the size of the grid and are rare in a sane sheet: a cell beyond column Z,
# a cell in row 1,000,000 or further. Row elements come in ascending order: the last one of each chunk
# of XML tells how far the rows go.
_FAR_REFS = re.compile(rb'r="(?:([A-Z]{2,3})\d|[A-Z]{1,3}(\d{7,})")')
_LAST_ROW = re.compile(rb'row r="(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Extent:
    """The rows × columns a worksheet's cells span, read from their references as the XML streams by:
    one stray cell at XFD1048576 makes calamine allocate a grid of 17 billion cells and abort."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        self._tail = data[-48:]
        last = data.rfind(b'row r="')
        if last >= 0 and (match := _LAST_ROW.match(data, last)):
            self.rows = max(self.rows, int(match[1]))
        found = _FAR_REFS.findall(data)
        if found:
            wide, far = zip(*found)
            self.columns = max(self.columns, max((_column_number(w) for w in set(wide) if w), default=0))
            self.rows = max(self.rows, max((int(r) for r in far if r), default=0))

    @property
    def cells(self) -> int:
        return self.rows * max(self.columns, 26)  # up to column Z, refs are not counted: 26 at most


def _verify_streams(path: Path, message: str = NOT_A_WORKBOOK + " (архив повреждён).") -> None:
    """Unpack every member once, up to its declared size, checking its CRC.

    The sizes checked above are what the archive declares; a forged archive can declare little and
    unpack to gigabytes, and calamine would follow it. zipfile stops at the declared size and fails
    on the CRC, so a lie is caught here at the cost of one inflate pass (~4% of a big import).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                extent = _Extent() if _SHEET_PART.match(info.filename) else None
                with archive.open(info) as member:
                    while chunk := member.read(1 << 22):
                        if extent:
                            extent.feed(chunk)
                if extent and extent.cells > MAX_CELLS:
                    log.warning("sheet %s of %s spans %d rows × %d+ columns", info.filename, path, extent.rows,
                                extent.columns)
                    raise too_big(path, f"лист занимает {extent.rows} строк × {max(extent.columns, 26)} столбцов")
    except ZIP_OPEN_ERRORS as error:
        log.info("zip member check failed for %s: %r", path, error)
        raise ImportFormatError(message, file=path) from None


def is_reader_failure(error: BaseException) -> bool:
    """An error of a file reader, not an interruption: calamine reports some damaged files by a Rust
    panic, which reaches Python as `PanicException`, a BaseException."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


def _check_ole(path: Path, head: bytes) -> None:
    """The header of an OLE2 compound file (.xls) must be sane before calamine reads it: a damaged
    one makes calamine allocate gigabytes from a garbage sector size and abort the program."""
    size = path.stat().st_size
    if len(head) < 512 or size < 1536:
        raise ImportFormatError(NOT_A_WORKBOOK + " (файл обрезан).", file=path)
    major, byte_order, sector_shift, mini_shift = struct.unpack_from("<HHHH", head, 26)
    fat_sectors, directory_start = struct.unpack_from("<II", head, 44)
    sector = 1 << sector_shift if sector_shift < 32 else 0
    if (
        byte_order != 0xFFFE
        or (major, sector_shift) not in ((3, 9), (4, 12))
        or mini_shift != 6
        or fat_sectors * sector > size
        or (directory_start + 1) * sector > size
    ):
        raise ImportFormatError(NOT_A_WORKBOOK + " (повреждён заголовок файла Excel 97–2003).", file=path)


def _sniff(path: Path) -> str:
    """«zip», «ole»; anything else raises ImportFormatError with a hint."""
    try:
        if path.is_dir():
            raise ImportFormatError("Выбрана папка, а не файл.", file=path)
        if not path.exists():
            raise ImportFormatError("Файл не найден.", file=path)
        if not path.is_file():  # a pipe or a device: opening it could wait forever
            raise ImportFormatError("Это не файл с данными (устройство или канал).", file=path)
        size = path.stat().st_size
        if size == 0:
            raise ImportFormatError("Файл пуст (0 байт).", file=path)
        if size > MAX_FILE_SIZE:
            raise too_big(path, f"{size // (1024 * 1024)} МБ")
        with open(path, "rb") as handle:
            head = handle.read(512)
    except ImportFormatError:
        raise
    except OSError as error:
        log.info("cannot open %s: %s", path, error)
        raise ImportFormatError(f"Файл не удаётся открыть: {error.strerror or error}.", file=path) from None
    if head[:4] in _ZIP_MAGIC:
        return "zip"
    if head[:8] == OLE_MAGIC:
        _check_ole(path, head)
        return "ole"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        raise ImportFormatError(
            NOT_A_WORKBOOK + ": это веб-страница (HTML) с расширением Excel. "
            "Откройте файл в Excel и сохраните его как «Книга Excel (.xlsx)».",
            file=path,
        )
    if text.startswith(b"<?xml"):
        raise ImportFormatError(
            NOT_A_WORKBOOK + ": это «Таблица XML 2003». "
            "Откройте файл в Excel и сохраните его как «Книга Excel (.xlsx)».",
            file=path,
        )
    raise ImportFormatError(NOT_A_WORKBOOK + ".", file=path)


def read_sheets(
    path: str | os.PathLike,
    *,
    max_rows: int = MAX_ROWS,
    max_uncompressed: int = MAX_UNCOMPRESSED,
) -> list[Sheet]:
    """Every worksheet of the file, in workbook order. Raises ImportFormatError if it can't be read."""
    path = Path(path)
    kind = _sniff(path)
    if kind == "zip":
        _check_zip(path, max_uncompressed)

    import python_calamine  # imported here: the command line must not pay for it

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise ImportFormatError("Файл защищён паролем: снимите защиту и сохраните его снова.", file=path) from None
    except BaseException as error:  # calamine raises many kinds; none of them is a bug of ours
        if not is_reader_failure(error):
            raise
        log.warning("calamine cannot open %s: %r", path, error)
        raise ImportFormatError(NOT_A_WORKBOOK + ".", file=path) from None

    sheets: list[Sheet] = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets, macro sheets
            name = meta.name
            calamine_sheet = workbook.get_sheet_by_name(name)
            last_row, last_col = calamine_sheet.end or (0, 0)
            height, width = last_row + 1, last_col + 1
            if min(height, max_rows) * width > MAX_CELLS:
                raise too_big(path, f"лист «{name}»: {height} строк × {width} столбцов")
            rows = _rows(calamine_sheet, max_rows)
            dropped = max(0, height - max_rows)
            merged = [
                (r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in calamine_sheet.merged_cell_ranges or ()
            ]
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            sheets.append(Sheet(name, rows, hidden=hidden, merged=merged, dropped_rows=dropped))
    except ImportFormatError:
        raise
    except MemoryError:
        raise too_big(path, "не хватает памяти") from None
    except BaseException as error:
        if not is_reader_failure(error):
            raise
        log.warning("calamine failed reading %s: %r", path, error)
        raise ImportFormatError(NOT_A_WORKBOOK + " (ошибка при чтении листов).", file=path) from None
    finally:
        try:
            workbook.close()
        except Exception:  # pragma: no cover - closing a read workbook should not fail
            log.debug("close failed for %s", path, exc_info=True)
    if not sheets:
        raise ImportFormatError("В книге нет ни одного листа с данными.", file=path)
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
