"""The first look at a file from outside: a file at all, of a size worth reading, of a kind a reader takes.

    kind = check_file(path, WORKBOOK)   # «zip» or «ole»; anything else is refused in Russian

One read of the first 512 bytes answers it all: the magic numbers of a zip and of an OLE2 compound file
(.xls, .doc), the OLE2 header, which must be sane before calamine reads a .xls (a garbage sector size
makes it allocate gigabytes and abort), and the start of a web page or an XML table saved under an
Excel name, which gets a hint instead of a bare «повреждён».

A `Format` is what the reader takes the file for and how a refusal words it. Results and schools show a
file's problems under its name: their refusals carry the file as the error's location and do not repeat
it («Файл пуст (0 байт).»). Roadmaps say the name in the sentence («Файл «план.docx» пуст»): a refusal
is written once, as the located text, and the named one is that text with the name after «Файл» —
unless the roadmap readers have always said it otherwise, and then both are given.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NoReturn

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import limits

log = logging.getLogger("msoko.importers")

HEAD = 512  # bytes read to tell the kind: the size of an OLE2 header
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_A_WORKBOOK = "Файл повреждён или не является книгой Excel"


@dataclass(frozen=True)
class Format:
    """What a reader takes a file for, and how the intake refuses one that is not."""

    what: str  # «книгой Excel»: «Файл повреждён или не является книгой Excel»
    inside: str  # «книги»: «(в архиве нет книги)»
    parts: tuple[str, ...]  # a zip of this format holds at least one of these members
    named: bool = False  # the name in the sentence (roadmaps), else in the error's location
    excel_hints: bool = False  # a web page or an XML table under an Excel name: say how to save it
    old_format: str | None = None  # the refusal of an OLE2 file this reader cannot read (.doc)
    holds_every_part: bool = False  # its reader keeps all members in memory (python-docx): MAX_HELD_PACKAGE

    def refuse(self, path: Path, located: str, named: str | None = None) -> ImportFormatError:
        """The error for `path`: `located` with the file as its location, or, for a format that names the
        file in the sentence, `named` — by default `located` with the name after its first word «Файл»."""
        if not self.named:
            return ImportFormatError(located, file=path)
        if named is None:
            first, _, rest = located.partition(" ")
            named = f"Файл «{file_name(path)}» {rest}" if first == "Файл" else f"Файл «{file_name(path)}»: {located}"
        return ImportFormatError(named)

    def damaged(self, path: Path, detail: str = "") -> ImportFormatError:
        """«Файл повреждён или не является книгой Excel (архив повреждён).»; named without the detail, as the
        roadmap readers have always said it."""
        return self.refuse(
            path,
            f"Файл повреждён или не является {self.what}{f' ({detail})' if detail else ''}.",
            f"Файл «{file_name(path)}» повреждён или не является {self.what}",
        )

    def too_big(self, path: Path, what: str, named: str | None = None) -> ImportFormatError:
        """«Файл слишком велик для чтения (what). Проверьте…»; `named` as the roadmap readers say it."""
        return self.refuse(
            path,
            f"Файл слишком велик для чтения ({what}). Проверьте, что выбран нужный файл, или разделите его на части.",
            named,
        )


WORKBOOK = Format("книгой Excel", "книги", ("[Content_Types].xml", "mimetype"), excel_hints=True)
PLAN_WORKBOOK = replace(WORKBOOK, named=True)
WORD_DOCUMENT = Format(
    "документом Word", "документа", ("word/document.xml",), named=True, holds_every_part=True,
    old_format="Файл сохранён в старом формате Word 97–2003 (.doc): откройте его в Word "
               "и сохраните как «Документ Word (.docx)»",
)


def file_name(path: Path) -> str:
    return path.name or str(path)


def check_file(path: Path, fmt: Format) -> str:
    """«zip» or «ole» for a regular, non-empty file of a readable size; anything else is refused."""
    name = file_name(path)
    try:
        if path.is_dir():
            raise fmt.refuse(path, "Выбрана папка, а не файл.", f"«{name}» — это папка, а не файл")
        if not path.exists():
            raise fmt.refuse(path, "Файл не найден.", f"Файл «{name}» не найден")
        if not path.is_file():  # a pipe or a device: opening it could wait forever
            raise fmt.refuse(path, "Это не файл с данными (устройство или канал).",
                             f"«{name}» — это не файл с данными (устройство или канал)")
        size = path.stat().st_size
        if size == 0:
            raise fmt.refuse(path, "Файл пуст (0 байт).", f"Файл «{name}» пуст")
        if size > limits.MAX_FILE_SIZE:
            mb = size // (1024 * 1024)
            raise fmt.too_big(path, f"{mb} МБ", f"Файл «{name}» слишком велик ({mb} МБ) и не будет открыт")
        with open(path, "rb") as handle:
            head = handle.read(HEAD)
    except ImportFormatError:
        raise
    except OSError as error:
        log.info("cannot open %s: %s", path, error)
        reason = error.strerror or error
        raise fmt.refuse(path, f"Файл не удаётся открыть: {reason}.", f"Файл «{name}» не удалось прочитать: {reason}") from None
    if head[:4] in ZIP_MAGIC:
        return "zip"
    if head[:8] == OLE_MAGIC:
        if fmt.old_format:
            raise fmt.refuse(path, fmt.old_format)
        _check_ole(path, head, size, fmt)
        return "ole"
    _refuse_other(path, head, fmt)


def is_ole(path: Path) -> bool:
    """Whether the file starts as an OLE2 compound file (.xls); False for anything that is not a regular
    file or cannot be opened — `check_file` says why when the reader runs."""
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as handle:
            return handle.read(len(OLE_MAGIC)) == OLE_MAGIC
    except OSError:
        return False


def _check_ole(path: Path, head: bytes, size: int, fmt: Format) -> None:
    """The header of an OLE2 compound file must be sane before calamine reads it: a damaged one makes
    calamine allocate gigabytes from a garbage sector size and abort the program."""
    if len(head) < 512 or size < 1536:
        raise fmt.refuse(path, f"Файл повреждён или не является {fmt.what} (файл обрезан).")
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
        raise fmt.refuse(path, f"Файл повреждён или не является {fmt.what} (повреждён заголовок файла Excel 97–2003).")


def _refuse_other(path: Path, head: bytes, fmt: Format) -> NoReturn:
    """Neither a zip nor an OLE2 file: a web page or an XML table under an Excel name get a hint."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if fmt.excel_hints and text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        raise fmt.refuse(path, NOT_A_WORKBOOK + ": это веб-страница (HTML) с расширением Excel. "
                               "Откройте файл в Excel и сохраните его как «Книга Excel (.xlsx)».")
    if fmt.excel_hints and text.startswith(b"<?xml"):
        raise fmt.refuse(path, NOT_A_WORKBOOK + ": это «Таблица XML 2003». "
                               "Откройте файл в Excel и сохраните его как «Книга Excel (.xlsx)».")
    raise fmt.damaged(path)
