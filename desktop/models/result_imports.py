"""The log of imported result files: name, SHA-256, time and what each added.

The SHA-256 of a file's bytes is unique in the log, so the same file (under any name) is never counted
twice; the planner checks it before reading, the database refuses it again at saving.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from desktop.models.db import Database


@dataclass(frozen=True)
class ImportRecord:
    id: int
    file_name: str
    sha256: str
    layout: str
    imported_at: datetime
    summary: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "layout": self.layout,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "summary": self.summary,
        }


class ImportLog:
    def __init__(self, db: Database):
        self.db = db

    def find(self, sha256: str) -> ImportRecord | None:
        row = self.db.execute(
            "SELECT id, file_name, sha256, layout, imported_at, summary FROM result_imports WHERE sha256 = ?",
            [sha256],
        ).fetchone()
        return self._record(row) if row else None

    def list(self) -> list[ImportRecord]:
        rows = self.db.execute(
            "SELECT id, file_name, sha256, layout, imported_at, summary FROM result_imports ORDER BY id DESC"
        ).fetchall()
        return [self._record(row) for row in rows]

    def add(self, file_name: str, sha256: str, layout: str, when: datetime) -> int:
        """A new entry (inside the caller's transaction); its summary is written by `finish`."""
        return self.db.execute(
            "INSERT INTO result_imports (file_name, sha256, layout, imported_at) VALUES (?, ?, ?, ?)",
            [file_name, sha256, layout, when.isoformat(timespec="seconds")],
        ).lastrowid

    def finish(self, import_id: int, summary: dict) -> None:
        self.db.execute(
            "UPDATE result_imports SET summary = ? WHERE id = ?",
            [json.dumps(summary, ensure_ascii=False), import_id],
        )

    @staticmethod
    def _record(row) -> ImportRecord:
        return ImportRecord(row[0], row[1], row[2], row[3], datetime.fromisoformat(row[4]), json.loads(row[5]))
