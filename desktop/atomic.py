"""Atomic file writing: a reader never sees a half-written file under the target name.

The content is written to a temporary file in the target's folder (same file system, so the final
rename is atomic), flushed to disk with fsync, then moved over the target with `os.replace`. If the
writer raises, the temporary file is removed and the target is left as it was (absent, or the old
version).

    with atomic_write(path) as tmp:      # a Path: for libraries that want a file name
        workbook.save(tmp)

    with atomic_open(path) as f:         # an open binary (or text) file
        f.write(data)
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from desktop.errors import UserError

__all__ = ["atomic_write", "atomic_open", "temp_name_for"]

_TEMP_SUFFIX = ".tmp"


def temp_name_for(target: Path) -> Path:
    """A fresh temporary name beside `target`: «.report.pdf.3f9a1c2b.tmp»."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")


def _cannot_write(target: Path, error: OSError) -> UserError:
    return UserError(
        f"Не удалось сохранить файл «{target.name}» в папке «{target.parent}»: "
        "файл открыт в другой программе или папка недоступна для записи. "
        f"Закройте файл или выберите другую папку. ({error.strerror or error})"
    )


def _create_temp(target: Path) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        candidate = temp_name_for(target)
        try:
            # 0o666 filtered by the umask: the same permissions a plain open() would give.
            fd = os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
        except PermissionError as error:
            raise _cannot_write(target, error) from error
        os.close(fd)
        return candidate
    raise FileExistsError(f"cannot create a temporary file beside {target}")


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
    tmp = _create_temp(target)
    try:
        yield tmp
        _fsync_file(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as error:
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
