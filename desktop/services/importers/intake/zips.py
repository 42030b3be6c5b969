"""A zip from outside (.xlsx, .xlsm, .ods, .docx) is checked before anyone unpacks it.

    check_zip(path, WORKBOOK)

First what the archive declares: it opens, holds at most `MAX_MEMBERS` members, unpacks to no more than
`MAX_UNCOMPRESSED` bytes (`MAX_HELD_PACKAGE` when its reader holds every part), holds no big member packed more than `MAX_RATIO` times (a decompression bomb),
no part that its reader holds whole beyond its limit (the shared strings of a workbook, the body of a
Word document) and the main part of its format. Then what it really holds, streaming: every member is unpacked
once, up to its declared size, with its CRC checked — a forged archive can declare little and unpack to
gigabytes, and calamine and python-docx would follow it — and the cells of every worksheet are measured
by their references as they stream by, since one stray cell at XFD1048576 makes calamine allocate a
grid of 17 billion cells and abort. That pass costs ~4% of a big import. The text the cells would hold
is bounded too (`MAX_CELL_TEXT`): each shared string is as long as it is written, but a cell that
refers to it gets its own copy when read, so a small file of many references to one long string is a
bomb of its own; the references are counted as the sheet streams by and, only when their count times
the longest string could exceed the bound, summed exactly in a second pass over that sheet.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from pathlib import Path

from desktop.services.importers.intake import limits
from desktop.services.importers.intake.cancel import checkpoint
from desktop.services.importers.intake.files import Format, file_name

log = logging.getLogger("msoko.importers")

# What `zipfile` raises on a damaged archive: besides BadZipFile, a flipped version byte gives
# NotImplementedError («zip file version 14.8»), an encrypted member RuntimeError, a bad header ValueError.
ZIP_OPEN_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
    RuntimeError,
)
MB = 1024 * 1024


def check_zip(path: Path, fmt: Format) -> None:
    """Reject a damaged zip, a decompression bomb and a sheet too big to hold before anything unpacks it."""
    name = file_name(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_OPEN_ERRORS as error:
        log.info("not a zip: %s: %s", path, error)
        raise fmt.damaged(path, "архив повреждён") from None
    if len(infos) > limits.MAX_MEMBERS:
        raise fmt.too_big(path, f"в архиве {len(infos)} частей",
                          f"Файл «{name}» содержит слишком много частей ({len(infos)}) и не будет открыт")
    if any(info.file_size < 0 or info.compress_size < 0 for info in infos):
        raise fmt.damaged(path)
    total = sum(info.file_size for info in infos)
    most = min(limits.MAX_UNCOMPRESSED, limits.MAX_HELD_PACKAGE) if fmt.holds_every_part else limits.MAX_UNCOMPRESSED
    if total > most:
        raise fmt.too_big(path, f"в распакованном виде больше {most // MB} МБ",
                          f"Файл «{name}» после распаковки занял бы {total // MB} МБ и не будет открыт")
    for info in infos:
        if info.file_size > limits.BIG_MEMBER and info.file_size > limits.MAX_RATIO * max(info.compress_size, 1):
            log.warning("zip member %s of %s: %d → %d bytes", info.filename, path, info.compress_size, info.file_size)
            raise fmt.too_big(path, "подозрительно сильно сжат: похоже на «zip-бомбу»",
                              f"Файл «{name}» похож на «zip-бомбу» (при распаковке вырастает в "
                              f"{info.file_size // max(info.compress_size, 1)} раз) и не будет открыт")
    for info in infos:
        if held := _held_whole(info.filename, fmt):
            limit, holds = held
            if info.file_size > limit:
                raise fmt.too_big(path, f"{holds} {-(-info.file_size // MB)} МБ, допустимо до {limit // MB} МБ")
    if not {info.filename for info in infos} & set(fmt.parts):
        raise fmt.damaged(path, f"в архиве нет {fmt.inside}")
    _verify_streams(path, fmt)


def _held_whole(member: str, fmt: Format) -> tuple[int, str] | None:
    """(limit, what it holds) for a member that its reader parses whole: the shared strings of a workbook
    (calamine finds them by this name, in any case), any XML part of a Word document (python-docx finds
    the body by the package's relationships, so not by its name alone)."""
    name = member.lower()
    if name == "xl/sharedstrings.xml":
        return limits.MAX_SHARED_STRINGS, "тексты ячеек занимают"
    if fmt.holds_every_part and name.endswith((".xml", ".rels")):
        holds = "текст документа занимает" if name == "word/document.xml" else f"часть документа «{member}» занимает"
        return limits.MAX_DOCUMENT_PART, holds
    return None


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
    """The rows × columns a worksheet's cells span, read from their references as the XML streams by."""

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


_STRING_CELL = re.compile(rb'<c\b[^>]*\bt="s"[^>]*>\s*<v>(\d+)</v>')
_SHARED_ITEM = re.compile(rb"<si>(.*?)</si>", re.S)
_TAG = re.compile(rb"<[^>]+>")


def _shared_lengths(archive: zipfile.ZipFile) -> list[int]:
    """The length in bytes of each shared string's text (the sizes were checked before: ≤ 100 MB)."""
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    return [len(_TAG.sub(b"", item)) for item in _SHARED_ITEM.findall(data)]


def _cell_text_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lengths: list[int]) -> int:
    """The bytes of shared-string text the cells of one sheet refer to, reference by reference."""
    total, tail = 0, b""
    with archive.open(info) as member:
        while chunk := member.read(1 << 22):
            checkpoint()
            data = tail + chunk
            end = data.rfind(b"<c ")  # a cell cut by the chunk's end is read with the next chunk
            end = end if end > 0 else len(data)
            for match in _STRING_CELL.finditer(data, 0, end):
                index = int(match[1])
                total += lengths[index] if index < len(lengths) else 0
            tail = data[end:]
    return total


def _verify_streams(path: Path, fmt: Format) -> None:
    """Unpack every member once, up to its declared size, checking its CRC and measuring its sheets.

    zipfile stops at the declared size and fails on the CRC, so a lie about the sizes checked above is
    caught here.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            lengths: list[int] | None = None
            for info in archive.infolist():
                extent = _Extent() if _SHEET_PART.match(info.filename) else None
                references, tail = 0, b""
                with archive.open(info) as member:
                    while chunk := member.read(1 << 22):
                        checkpoint()
                        if extent:
                            extent.feed(chunk)
                            references += (tail + chunk).count(b't="s"')
                            tail = chunk[-4:]
                if extent and extent.cells > limits.MAX_CELLS:
                    log.warning("sheet %s of %s spans %d rows × %d+ columns", info.filename, path, extent.rows,
                                extent.columns)
                    raise fmt.too_big(path, f"лист занимает {extent.rows} строк × {max(extent.columns, 26)} столбцов")
                if extent and references:
                    lengths = _shared_lengths(archive) if lengths is None else lengths
                    longest = max(lengths, default=0)
                    if references * longest > limits.MAX_CELL_TEXT:
                        text = _cell_text_bytes(archive, info, lengths)
                        if text > limits.MAX_CELL_TEXT:
                            log.warning("sheet %s of %s: cells would hold %d MB of text", info.filename, path,
                                        text // MB)
                            raise fmt.too_big(path, f"тексты ячеек листа заняли бы в памяти {text // MB} МБ "
                                                    f"(длинный текст повторён в {references} ячейках)")
    except ZIP_OPEN_ERRORS as error:
        log.info("zip member check failed for %s: %r", path, error)
        raise fmt.damaged(path, "архив повреждён") from None
