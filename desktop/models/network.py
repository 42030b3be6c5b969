"""Is a database on a network folder? A small office will try to share one database that way.

SQLite's WAL needs memory shared by every process that opens the file, which only one computer has:
over a network, two computers writing in WAL mode corrupt the file. A database on a network folder is
therefore opened in rollback-journal mode with an exclusive lock (one user at a time). Network here:
a UNC path (\\\\server\\share\\…) or a mapped network drive (Windows: GetDriveTypeW = DRIVE_REMOTE), or a
cifs/smb/nfs/sshfs mount (Linux: /proc/self/mounts).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FILE_SYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs", "fuse.davfs2"}
_DRIVE_REMOTE = 4
NETWORK_NOTE = ("База данных в сетевой папке: открыта для одного пользователя за раз (без журнала WAL, "
                "который в сети портит файл).")


def is_network_path(path: Path | str, mounts: str | None = None) -> bool:
    """True for a database on a network folder. `mounts`: the text of /proc/self/mounts (tests)."""
    path = Path(path)
    if sys.platform == "win32":
        return _windows_network(path)
    return _mount_type(path, mounts) in NETWORK_FILE_SYSTEMS


def _windows_network(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return True
    try:
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE
    except (AttributeError, OSError, ValueError):
        return False


def _mount_type(path: Path, mounts: str | None) -> str | None:
    """The file system type of the longest mount point holding `path` (Linux)."""
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.abspath(path)
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind
