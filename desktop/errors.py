"""Errors the user can act on, as opposed to bugs.

A `UserError` is shown as a Russian message (a dialog in the window, one line on stderr with exit
code 2 in the command line) and never as a traceback. Anything else that escapes is a bug: it is
logged with its traceback and shown through the crash dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def column_letter(index: int) -> str:
    """1 → «A», 27 → «AA»: columns are named as Excel shows them."""
    if index < 1:
        raise ValueError(f"column index must be ≥ 1, got {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Location:
    """Where in an input file something was found; every part is optional."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        parts = []
        if self.file:
            parts.append(f"файл «{Path(self.file).name}»")
        if self.sheet:
            parts.append(f"лист «{self.sheet}»")
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец {self.column}")
        return ", ".join(parts)


class UserError(Exception):
    """A problem with the user's input or environment, explained in Russian."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ImportFormatError(UserError):
    """An input file that cannot be read as expected, with where it went wrong."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ):
        super().__init__(message)
        self.location = Location(str(file) if file else None, sheet, row, column)

    def __str__(self) -> str:
        where = self.location.describe()
        if not where:
            return self.message
        where = where[0].upper() + where[1:]
        return f"{where}: {self.message}"


class Cancelled(BaseException):  # noqa: N818 - named as the user sees it: «Отмена»
    """The user pressed «Отмена» (or the program is quitting): the work stops at its next checkpoint.

    A BaseException, as asyncio's CancelledError is: the readers' and the intake's `except Exception`
    blocks (a damaged file, a reader's failure) must not take it for a fault of the file. Raised by
    `desktop.services.importers.intake.cancel.checkpoint`; a transaction it crosses is rolled back.
    """

    def __init__(self, message: str = "Отменено пользователем.") -> None:
        super().__init__(message)
        self.message = message


class DatabaseError(UserError):
    """The database cannot be used as it is: busy, locked by another copy, too new, damaged."""


class DatabaseLockedError(DatabaseError):
    """Another copy of the program is working with the same database file."""


class DatabaseTooNewError(DatabaseError):
    """The file was written by a newer version of the program."""
