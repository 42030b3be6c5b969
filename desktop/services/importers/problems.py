"""A problem found in one place of an input file, collected per row instead of stopping the import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.errors import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def describe(self, file: str | None = None) -> str:
        where = Location(file, self.sheet, self.row, self.column).describe()
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


class HasProblems:
    """A file's reading or plan that holds its `file` and `problems`: whether one is an error, and each
    as one Russian line naming the file, sheet, row and column."""

    file: str
    problems: list[Problem]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def messages(self) -> list[str]:
        return [p.describe(self.file) for p in self.problems]
