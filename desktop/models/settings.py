"""Settings kept in the office database (not in the window's .ini): they belong to the district's data
and travel with it, e.g. the thresholds of the rules and the district's municipality codes."""

from __future__ import annotations

import json

from desktop.models.db import Database, transaction


def get_setting(db: Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: Database, key: str, value) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )
