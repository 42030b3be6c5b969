"""Atomic file writing: a reader never sees a half-written file under the target name.

The content is written to a temporary file in the target's folder (same file system, so the final
rename is atomic), flushed to disk with fsync, then moved over the target with `os.replace`. If the
writer raises, the temporary file is removed and the target is left as it was (absent, or the old
version).

No output destroys a file of another kind: a database (any SQLite file, its -wal/-shm/-journal) is
never a target, and where the name says what the file is (.pdf, .docx, .xlsx), both the file being
replaced and what was written must be of that kind — `schools export приказ.docx` is refused and
leaves the order as it was.

    with atomic_write(path) as tmp:      # a Path: for libraries that want a file name
        workbook.save(tmp)

    with atomic_open(path) as f:         # an open binary (or text) file
        f.write(data)
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from desktop.errors import UserError

__all__ = ["atomic_write", "atomic_open", "temp_name_for", "check_target", "file_kind", "WriteError"]

_TEMP_SUFFIX = ".tmp"


_NAME_MAX = 255  # bytes of one file name on NTFS, ext4 and FAT alike


def temp_name_for(target: Path) -> Path:
    """A fresh temporary name beside `target`: «.report.pdf.3f9a1c2b.tmp» (a short one when the
    target's own name is near the file system's limit)."""
    name = f".{target.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    if len(name.encode("utf-8")) > _NAME_MAX:
        name = f".msoko.{secrets.token_hex(8)}{_TEMP_SUFFIX}"
    return target.with_name(name)


class WriteError(UserError):
    """The OS refused to write a file; `os_error` says why (a USB export words it for a stick)."""

    def __init__(self, message: str, os_error: OSError):
        super().__init__(message)
        self.os_error = os_error


def _cannot_write(target: Path, error: OSError) -> WriteError:
    """One Russian sentence naming the file for whatever the OS refused."""
    return WriteError(_words(target, error), error)


def _words(target: Path, error: OSError) -> str:
    where = f"«{target.name}» в папке «{target.parent}»"
    if error.errno == errno.ENOENT and not target.parent.is_dir():
        return f"Не удалось сохранить файл «{target.name}»: папки «{target.parent}» нет. Выберите существующую папку."
    if error.errno == errno.ENOTDIR:
        return f"Не удалось сохранить файл «{target}»: в пути есть файл, а не папка."
    if error.errno == errno.ENAMETOOLONG:
        return (f"Не удалось сохранить файл «{target.name}»: имя или путь слишком длинные. "
                "Сократите имя файла или выберите папку ближе к корню диска.")
    if error.errno == errno.ENOSPC:
        return f"Не удалось сохранить файл {where}: на диске нет места. Освободите место и повторите."
    if error.errno == errno.EROFS:
        return f"Не удалось сохранить файл {where}: диск доступен только для чтения."
    return (f"Не удалось сохранить файл {where}: файл открыт в другой программе или папка недоступна для "
            "записи. Закройте файл или выберите другую папку.")


def _create_temp(target: Path) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        candidate = temp_name_for(target)
        try:
            # 0o666 filtered by the umask: the same permissions a plain open() would give.
            fd = os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise _cannot_write(target, error) from error
        os.close(fd)
        return candidate
    raise FileExistsError(f"cannot create a temporary file beside {target}")


_KIND_OF_SUFFIX = {".pdf": "PDF", ".docx": "DOCX", ".xlsx": "XLSX", ".xlsm": "XLSX"}
_KIND_NAMES = {"PDF": "документ PDF", "DOCX": "документ Word", "XLSX": "книга Excel", "SQLite": "база данных"}
_DATABASE_SIDE_FILES = ("-wal", "-shm", "-journal")


def file_kind(path: Path) -> str | None:
    """What a file is by its first bytes (and, for zip files, by their parts): PDF, DOCX, XLSX or
    SQLite; None for anything else (text, an empty file, another format)."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3\0"):
        return "SQLite"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return None
        return "DOCX" if "word/document.xml" in names else "XLSX" if "xl/workbook.xml" in names else None
    return None


def _refuse(target: Path, why: str) -> UserError:
    return UserError(f"Файл «{target}» не перезаписан: {why}. Выберите другое имя файла.")


def check_target(target: Path) -> None:
    """Refuse a target that is a database, a file beside one, or a file of another kind than its name."""
    if target.is_dir():
        raise _refuse(target, "это папка")
    for side in _DATABASE_SIDE_FILES:
        if target.name.endswith(side) and file_kind(target.with_name(target.name[: -len(side)])) == "SQLite":
            raise _refuse(target, "это служебный файл базы данных")
    if not target.exists():
        return
    found, wanted = file_kind(target), _KIND_OF_SUFFIX.get(target.suffix.lower())
    if found == "SQLite":
        raise _refuse(target, "это база данных")
    if wanted and found != wanted and target.stat().st_size > 0:
        raise _refuse(target, f"это не {_KIND_NAMES[wanted]}" + (f", а {_KIND_NAMES[found]}" if found else ""))


def _check_written(target: Path, tmp: Path) -> None:
    wanted = _KIND_OF_SUFFIX.get(target.suffix.lower())
    written = file_kind(tmp)
    if wanted and written and written != wanted:
        raise UserError(f"В файл с расширением «{target.suffix}» нельзя сохранить {_KIND_NAMES[written]}: "
                        f"укажите имя с расширением «.{written.lower()}».")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:  # write access: Windows' _commit needs it
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders this way."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on error it is removed.

    The temporary file exists (empty) when the block starts; the writer may overwrite it or write
    to it by name. The parent folder must exist. A target that cannot be replaced (on Windows: open
    in Word or Excel) or a read-only folder raises `UserError` with a Russian message.
    """
    target = Path(path)
    try:
        check_target(target)
    except OSError as error:  # a name too long even to look up
        raise _cannot_write(target, error) from error
    tmp = _create_temp(target)
    try:
        yield tmp
        _check_written(target, tmp)
        _fsync_file(tmp)
        os.replace(tmp, target)
    except OSError as error:  # a full disk while writing, a target open in Word (Windows), …
        _remove_quietly(tmp)
        raise _cannot_write(target, error) from error
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_dir(target.parent)


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "wb", encoding: str | None = None
) -> Iterator[IO]:
    """Yield an open file (mode «wb» or «w») whose content replaces `path` when the block ends."""
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_open supports modes 'wb' and 'w', not {mode!r}")
    if mode == "w" and encoding is None:
        encoding = "utf-8"
    with atomic_write(path) as tmp:
        with open(tmp, mode, encoding=encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
