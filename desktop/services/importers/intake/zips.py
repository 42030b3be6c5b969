"""A zip from outside (.xlsx, .xlsm, .ods, .docx) is checked before anyone unpacks it.

    check_zip(path, WORKBOOK)

First what the archive declares: it opens, holds at most `MAX_MEMBERS` members, unpacks to no more than
`MAX_UNCOMPRESSED` bytes (`MAX_HELD_PACKAGE` when its reader holds every part), holds no big member packed more than `MAX_RATIO` times (a decompression bomb),
no part that its reader holds whole beyond its limit (the shared strings of a workbook, the body of a
Word document) and the main part of its format. Then what it really holds, streaming: every member is unpacked
once, up to its declared size, with its CRC checked — a forged archive can declare little and unpack to
gigabytes, and calamine and python-docx would follow it — and the cells of every worksheet are measured
by their references as they stream by, since one stray cell at XFD1048576 makes calamine allocate a
grid of 17 billion cells and abort. That pass cost ~0.9 s of a 300,000-row import, the sheet's part
unpacked twice; now a worksheet part that its reader cuts into pieces (`sheets_streamed_from`, the
reader's `PIECES_FROM`) is left to that reader, which checks each chunk the same way before it is
parsed (`SheetStream`) and, when a limit is reached, the whole part as here (`verify_member`). The
text the cells would hold is bounded too (`MAX_CELL_TEXT`): each shared string is as long as it is written, but a cell that
refers to it gets its own copy when read, so a small file of many references to one long string is a
bomb of its own; the references are counted as the sheet streams by and, only when their count times
the longest string could exceed the bound, summed exactly in a second pass over that sheet.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
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


def check_zip(path: Path, fmt: Format, *, sheets_streamed_from: int | None = None) -> frozenset[str]:
    """Reject a damaged zip, a decompression bomb and a sheet too big to hold before anything unpacks it.

    With `sheets_streamed_from`, a worksheet part of that many bytes and more (declared, and within the
    limits above) is not unpacked here: its name is returned, and its reader checks it as it unpacks it
    (`SheetStream`, the same checks and the same refusals), or has `verify_member` check it first."""
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
    streamed = frozenset(info.filename for info in infos if sheets_streamed_from is not None
                         and info.file_size >= sheets_streamed_from and _SHEET_PART.match(info.filename))
    _verify_streams(path, fmt, streamed)
    return streamed


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
# every capital letter as «A» and every digit as «0»: a chunk so translated holds `r="AA` or `r="A0000000`
# wherever `_FAR_REFS` would match, and two finds in it cost a third of the regular expression's search
_SHARED_CELL = b't="s"'
_EDGE = 48  # bytes of a chunk's end kept to be looked at with the next chunk: more than a reference takes
_REF_SHAPES = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"A" * 26 + b"0" * 10)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Extent:
    """The rows × columns a worksheet's cells span, read from their references as the XML streams by,
    and how many of its cells refer to a shared string."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self.references = 0  # cells that refer to a shared string (t="s")
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        # what stands across the chunks' edge is looked at in a short joint (`edge`): the chunk itself
        # is not copied (a big sheet's chunks are megabytes)
        tail = self._tail
        edge = tail + chunk[:_EDGE]
        self.references += (chunk.count(_SHARED_CELL) + edge.count(_SHARED_CELL) - tail.count(_SHARED_CELL)
                            - chunk[:_EDGE].count(_SHARED_CELL))
        last = chunk.rfind(b'row r="')
        data, at = (chunk, last) if last >= 0 else (edge, edge.rfind(b'row r="'))
        if at >= 0 and (match := _LAST_ROW.match(data, at)):
            self.rows = max(self.rows, int(match[1]))
        self._tail = chunk[-_EDGE:] if len(chunk) >= _EDGE else edge[-_EDGE:]
        shapes, edge_shapes = chunk.translate(_REF_SHAPES), edge.translate(_REF_SHAPES)
        if not any(far in text for far in (b'r="AA', b'r="A0000000') for text in (shapes, edge_shapes)):
            return
        found = _FAR_REFS.findall(tail + chunk)
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


def _verify_streams(path: Path, fmt: Format, streamed: frozenset[str] = frozenset()) -> None:
    """Unpack every member once (but the `streamed` ones), up to its declared size, checking its CRC and
    measuring its sheets.

    zipfile stops at the declared size and fails on the CRC, so a lie about the sizes checked above is
    caught here.
    """
    with _refused_if_damaged(path, fmt), zipfile.ZipFile(path) as archive:
        verifier = _Verifier(path, fmt, archive)
        for info in archive.infolist():
            if info.filename not in streamed:
                verifier.member(info)


def verify_member(path: Path, fmt: Format, name: str) -> None:
    """The checks of `check_zip` for one member it left to its reader (`sheets_streamed_from`)."""
    with _refused_if_damaged(path, fmt), zipfile.ZipFile(path) as archive:
        _Verifier(path, fmt, archive).member(archive.getinfo(name))


@contextmanager
def _refused_if_damaged(path: Path, fmt: Format) -> Iterator[None]:
    """What zipfile raises on a damaged member (a CRC, deflate data, an end too early) as «архив повреждён»."""
    try:
        yield
    except ZIP_OPEN_ERRORS as error:
        log.info("zip member check failed for %s: %r", path, error)
        raise fmt.damaged(path, "архив повреждён") from None


class _Verifier:
    """Unpacks members of one archive, checking each: its CRC, the extent of a sheet and the text its
    cells would hold."""

    def __init__(self, path: Path, fmt: Format, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.fmt = fmt
        self.archive = archive
        self._lengths: list[int] | None = None

    @property
    def lengths(self) -> list[int]:
        if self._lengths is None:
            self._lengths = _shared_lengths(self.archive)
        return self._lengths

    def member(self, info: zipfile.ZipInfo) -> None:
        extent = _Extent() if _SHEET_PART.match(info.filename) else None
        with self.archive.open(info) as member:
            while chunk := member.read(1 << 22):
                checkpoint()
                if extent:
                    extent.feed(chunk)
        if extent:
            self.measured(info.filename, extent)

    def measured(self, name: str, extent: _Extent) -> None:
        """Refuse a sheet whose cells span too big a grid or would hold too much text."""
        path, fmt, references = self.path, self.fmt, extent.references
        if extent.cells > limits.MAX_CELLS:
            log.warning("sheet %s of %s spans %d rows × %d+ columns", name, path, extent.rows, extent.columns)
            raise fmt.too_big(path, f"лист занимает {extent.rows} строк × {max(extent.columns, 26)} столбцов")
        if references and references * max(self.lengths, default=0) > limits.MAX_CELL_TEXT:
            text = _cell_text_bytes(self.archive, self.archive.getinfo(name), self.lengths)
            if text > limits.MAX_CELL_TEXT:
                log.warning("sheet %s of %s: cells would hold %d MB of text", name, path, text // MB)
                raise fmt.too_big(path, f"тексты ячеек листа заняли бы в памяти {text // MB} МБ "
                                        f"(длинный текст повторён в {references} ячейках)")


class SheetStream:
    """A worksheet part that `check_zip` left to its reader, checked as the reader unpacks it: `read` as
    of the member, each chunk measured as `check_zip` measures it before it is handed on. Once the part
    read so far spans too big a grid or could hold too much text, the whole part is checked as
    `check_zip` would have checked it (`verify_member`), and refused with the same words; a damaged
    archive (CRC, deflate data, an end too early) is refused as there, «архив повреждён»."""

    def __init__(self, path: Path, fmt: Format, archive: zipfile.ZipFile, name: str) -> None:
        self.path = path
        self.fmt = fmt
        self.name = name
        with _refused_if_damaged(path, fmt):
            self._member = archive.open(name)
            self._longest = max(_shared_lengths(archive), default=0)
        self._extent = _Extent()
        self._checked = False  # the whole part checked by `verify_member`: nothing more to measure

    def read(self, size: int) -> bytes:
        with _refused_if_damaged(self.path, self.fmt):
            chunk = self._member.read(size)
        if chunk and not self._checked:
            self._extent.feed(chunk)
            if (self._extent.cells > limits.MAX_CELLS
                    or self._extent.references * self._longest > limits.MAX_CELL_TEXT):
                verify_member(self.path, self.fmt, self.name)
                self._checked = True
        return chunk

    def close(self) -> None:
        self._member.close()

    def __enter__(self) -> SheetStream:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
