"""«Экспорт на флешку»: documents copied into a dated folder on a removable drive, each written
under a temporary name, flushed to the device, renamed, then read back and compared by SHA-256.
A drive that is missing, full, write-protected or pulled out mid-copy gets a clear message and
leaves no half-written file under a document's name."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.atomic import WriteError, atomic_write
from desktop.errors import UserError

log = logging.getLogger("msoko.export")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str
    free: int  # bytes

    def describe(self) -> str:
        return f"{self.label} — свободно {self.free / 2**30:.1f} ГБ"


@dataclass(frozen=True)
class Copied:
    source: Path
    target: Path
    size: int
    sha256: str


def removable_drives() -> list[Drive]:
    """USB sticks and other removable drives: drive types on Windows, mount points under /media and
    /run/media on Linux."""
    roots = _windows_removable() if sys.platform == "win32" else _linux_media()
    drives = []
    for root in roots:
        try:
            free = shutil.disk_usage(root).free
        except OSError:
            continue  # listed but not ready (no medium)
        drives.append(Drive(root, str(root), free))
    return drives


def _windows_removable() -> list[Path]:
    import ctypes
    import string

    DRIVE_REMOVABLE = 2
    mask = ctypes.windll.kernel32.GetLogicalDrives()
    found = []
    for index, letter in enumerate(string.ascii_uppercase):
        root = f"{letter}:\\"
        if mask & (1 << index) and ctypes.windll.kernel32.GetDriveTypeW(root) == DRIVE_REMOVABLE:
            found.append(Path(root))
    return found


def _linux_media() -> list[Path]:
    found = []
    for base in (Path("/media"), Path("/run/media")):
        if not base.is_dir():
            continue
        for user in base.iterdir():
            # /media/<user>/<label> (and /media/<label> on some systems)
            mounts = [p for p in user.iterdir() if p.is_dir()] if user.is_dir() and not os.path.ismount(user) else [user]
            found.extend(p for p in mounts if os.path.ismount(p))
    return found


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def export_files(files: list[Path], target_root: Path, now: datetime | None = None) -> list[Copied]:
    """Copy `files` into `<target_root>/МСОКО <date time>/`; returns what was written and verified."""
    files = [Path(f) for f in files]
    for f in files:
        if not f.is_file():
            raise UserError(f"Нет файла «{f}»: выгружать нечего.")
    target_root = Path(target_root)
    if not target_root.is_dir():
        raise UserError(f"Папка или флешка «{target_root}» недоступна: вставьте флешку и повторите.")
    needed = sum(f.stat().st_size for f in files)
    free = shutil.disk_usage(target_root).free
    if needed > free:
        raise UserError(f"На «{target_root}» недостаточно места: нужно {needed / 2**20:.1f} МБ, "
                        f"свободно {free / 2**20:.1f} МБ.")
    folder = target_root / f"МСОКО {(now or datetime.now()):%Y-%m-%d %H-%M}"
    copied = []
    try:
        folder.mkdir(exist_ok=True)
        for source, name in zip(files, distinct_names(files), strict=True):
            copied.append(_copy_verified(source, folder / name))
    except WriteError as error:  # the stick, not a folder on the computer: its own words
        raise UserError(_device_message(error.os_error, target_root)) from error
    except OSError as error:
        raise UserError(_device_message(error, target_root)) from error
    log.info("exported %d files (%d bytes) to %s", len(copied), needed, folder)
    return copied


def distinct_names(files: list[Path]) -> list[str]:
    """The files' names on the stick, «отчёт (2).pdf» for a second «отчёт.pdf» from another folder.
    Compared without case: a stick's FAT file system does not tell «Отчёт» from «отчёт»."""
    used: set[str] = set()
    names = []
    for source in files:
        name, number = source.name, 1
        while name.casefold() in used:
            number += 1
            name = f"{source.stem} ({number}){source.suffix}"
        used.add(name.casefold())
        names.append(name)
    return names


def _copy_verified(source: Path, target: Path) -> Copied:
    expected = sha256_of(source)
    with atomic_write(target) as tmp:
        shutil.copyfile(source, tmp)
    written = sha256_of(target)
    if written != expected:
        target.unlink(missing_ok=True)
        raise UserError(f"Файл «{target.name}» записан на «{target.parent}» с ошибкой (контрольная сумма "
                        "не совпала) и удалён. Проверьте флешку или возьмите другую.")
    return Copied(source, target, target.stat().st_size, written)


def _device_message(error: OSError, root: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"На «{root}» закончилось место. Недописанные файлы удалены."
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"Флешка «{root}» защищена от записи или недоступна для записи."
    if error.errno in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO):
        return f"Флешка «{root}» отключена или неисправна во время записи. Недописанные файлы удалены."
    return f"Не удалось записать на «{root}»: {error.strerror or error}"
