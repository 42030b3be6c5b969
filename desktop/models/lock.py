"""One writer per database: the window and every command that writes hold the same lock, so a
second one waits (a command, a bounded time) or gets a clear message instead of working on the same
file behind the first one's back.

An OS-level lock on `<database>.lock` is released by the OS when the process dies, so a crash or
a kill never leaves a stale lock behind. The holder writes who it is into the file (past the locked
first byte, which Windows will not let another process read), so the one who waits is told whom.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop.errors import DatabaseError, DatabaseLockedError

_HOLDER_AT = 64  # the holder's description starts here; byte 0 is the one locked
_POLL_S = 0.2


def _computer() -> str:
    # what platform.node() answers, without importing it (the window's start): Windows names the
    # computer in the environment, POSIX in uname
    name = os.environ.get("COMPUTERNAME") if sys.platform == "win32" else os.uname().nodename
    return name or "?"


def _who() -> str:
    # getpass.getuser() reads these first; it is imported only when none is set (it costs the
    # window's start a millisecond and more on POSIX: termios, pwd)
    user = next((os.environ[name] for name in ("LOGNAME", "USER", "LNAME", "USERNAME") if os.environ.get(name)), None)
    if user is None:
        import getpass

        try:
            user = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no user name in the environment
            user = "?"
    return f"пользователь {user}, компьютер {_computer()}"


class DatabaseLock:
    def __init__(self, db_path: Path, holder: str = "окно МСОКО"):
        self.path = Path(str(db_path) + ".lock")
        self.holder = holder
        self._fd: int | None = None

    def acquire(self, wait_s: float = 0, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to `wait_s` seconds for its holder (`on_wait(holder)` is called
        once when the wait begins); DatabaseLockedError naming the holder when it is still taken."""
        fd = self._open()
        deadline = time.monotonic() + wait_s
        told = False
        while True:
            try:
                _lock(fd)
                break
            except OSError:
                holder = self._read_holder(fd)
                if time.monotonic() >= deadline:
                    os.close(fd)
                    database = self.path.with_suffix("")
                    if f"компьютер {_computer()}," not in holder and "компьютер " in holder:
                        raise DatabaseLockedError(
                            f"База открыта на другом компьютере: «{database}», {holder}. С базой в сетевой "
                            "папке работают по одному: попросите закрыть МСОКО там и повторите."
                        ) from None
                    raise DatabaseLockedError(
                        f"База данных «{database}» занята: с ней работает {holder}. "
                        "Закройте окно МСОКО или дождитесь окончания другой команды и повторите."
                    ) from None
                if on_wait and not told:
                    on_wait(holder)
                    told = True
                time.sleep(_POLL_S)
        self._fd = fd
        self._write_holder(fd)

    def _open(self) -> int:
        database = self.path.with_suffix("")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"Не удалось создать папку «{self.path.parent}»: путь занят файлом, диск "
                                "недоступен или нет права записи.") from error
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise DatabaseError(f"База данных «{database}» доступна только для чтения: в её папке нельзя "
                                    f"создать файл «{self.path.name}».") from error
            raise DatabaseError(f"Не удалось открыть базу данных «{database}»: {error.strerror or error}.") from error

    def _write_holder(self, fd: int) -> None:
        text = f"{self.holder} ({_who()}, с {datetime.now():%d.%m.%Y %H:%M})"
        try:
            os.lseek(fd, _HOLDER_AT, os.SEEK_SET)
            os.write(fd, text.encode("utf-8") + b"\n")
            os.ftruncate(fd, _HOLDER_AT + len(text.encode("utf-8")) + 1)
        except OSError:  # who holds it is only for the message: never a reason to fail
            pass
        finally:
            os.lseek(fd, 0, os.SEEK_SET)

    @staticmethod
    def _read_holder(fd: int) -> str:
        try:
            os.lseek(fd, _HOLDER_AT, os.SEEK_SET)
            text = os.read(fd, 1024).decode("utf-8", "replace").strip()
        except OSError:
            text = ""
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return text or "другая копия программы"

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
