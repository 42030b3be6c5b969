"""A health check of a database file: integrity, foreign keys and schema version."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.models.db import connect_read_only, is_msoko_file, on_read_only_medium
from desktop.models.migrations import LATEST_VERSION


@dataclass
class CheckReport:
    path: str
    integrity: str = "ok"
    foreign_key_violations: int = 0
    schema_version: int = 0
    problems: list[str] = field(default_factory=list)
    network: bool = False  # on a network folder: opened by one user at a time
    read_only: bool = False  # on a medium that cannot be written: readable, not changeable there

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "ok": self.ok,
            "integrity": self.integrity,
            "foreign_key_violations": self.foreign_key_violations,
            "schema_version": self.schema_version,
            "latest_schema_version": LATEST_VERSION,
            "problems": self.problems,
            "network": self.network,
            "read_only": self.read_only,
        }


def check_database(path: Path) -> CheckReport:
    """Reads only: a damaged file is reported, never repaired or migrated here."""
    from desktop.models.network import is_network_path

    report = CheckReport(str(path), network=is_network_path(path))
    if not Path(path).is_file():
        report.problems.append(f"нет файла базы данных «{path}»")
        return report
    report.read_only = on_read_only_medium(Path(path))
    try:
        conn = connect_read_only(path)
        try:
            report.integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())
            report.foreign_key_violations = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            report.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        report.integrity = str(error)
        report.problems.append(f"файл повреждён или не является базой данных: {error}")
        return report
    if not is_msoko_file(application_id, tables):
        report.problems.append("это база данных другой программы, а не МСОКО (программа её не изменяет)")
        return report
    if report.integrity != "ok":
        report.problems.append(f"проверка целостности: {report.integrity}")
    if report.foreign_key_violations:
        report.problems.append(f"нарушений ссылочной целостности: {report.foreign_key_violations}")
    if report.schema_version > LATEST_VERSION:
        report.problems.append(f"схема {report.schema_version} новее этой программы ({LATEST_VERSION})")
    elif report.schema_version < LATEST_VERSION and report.read_only:
        report.problems.append(f"схема {report.schema_version} не обновлена до {LATEST_VERSION}, а носитель "
                               "только для чтения: скопируйте базу на диск компьютера")
    elif report.schema_version < LATEST_VERSION:
        report.problems.append(
            f"схема {report.schema_version} не обновлена до {LATEST_VERSION} (обновится при открытии в программе)"
        )
    return report
