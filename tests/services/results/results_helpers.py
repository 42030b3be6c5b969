"""Results built in memory and saved through the import service, for tests of indicators and rules.

Schools are invented (codes edu8xxxxx); a `School` row gives its marks and, when wanted, its
lowered / confirmed / raised counts.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from dataclasses import dataclass

from desktop.models.schools import School, SchoolsRepository
from desktop.services.importers.results.records import AssessmentKey, GroupRow, ParsedFile, StudentRow
from desktop.services.results_import import FileSource, apply_results_import, plan_parsed_results

_files = itertools.count(1)


@dataclass
class Row:
    code: str
    marks: tuple[int, int, int, int]  # n2, n3, n4, n5
    journal: tuple[int, int, int] | None = None  # lowered, confirmed, raised


def add_schools(db, count: int, first: int = 1) -> dict[str, int]:
    """Schools «Школа № k» with codes edu8000kk; code → id."""
    repo = SchoolsRepository(db)
    return {s.code: s.id for s in (repo.add(School(f"МБОУ «Школа № {k}»", code=f"edu8{k:05d}"))
                                    for k in range(first, first + count))}


def source(name: str) -> FileSource:
    return FileSource(name, hashlib.sha256(f"{name}:{next(_files)}".encode()).hexdigest())


def save(db, files: list[ParsedFile], *, replace: bool = False):
    plan = plan_parsed_results(db, [(source(f.path), f) for f in files])
    assert not plan.has_errors, [p for f in plan.files for p in f.problems]
    return apply_results_import(db, plan, replace=replace)


def groups_file(kind: str, year: int, subject: str, grade: int, rows: list[Row], *,
                region: Row | None = None, whole: Row | None = None) -> ParsedFile:
    groups = []
    if whole:
        groups.append(GroupRow(sum(whole.marks), *whole.marks, *(whole.journal or (None,) * 3),
                               level="all", code=None, name="Вся выборка"))
    if region:
        groups.append(GroupRow(sum(region.marks), *region.marks, *(region.journal or (None,) * 3),
                               level="region", code=None, name="Энская область"))
    for row in rows:
        groups.append(GroupRow(sum(row.marks), *row.marks, *(row.journal or (None,) * 3),
                               level="school", code=row.code, name=f"Школа {row.code}"))
    key = AssessmentKey(kind, year, subject, grade, None, None)
    return ParsedFile(f"{kind} {year} {subject} {grade}", "test", "Лист1", [key], groups=groups)


def students_file(kind: str, year: int, subject: str, grade: int,
                  pupils: list[tuple[str, int | None, float | None]]) -> ParsedFile:
    """pupils: (school code, mark, test score)."""
    students = [StudentRow(code, None, None, None, None, {}, None, mark, None, test, None, None, i + 1)
                for i, (code, mark, test) in enumerate(pupils)]
    key = AssessmentKey(kind, year, subject, grade, None, None)
    return ParsedFile(f"{kind} {year} {subject}", "test", "Лист1", [key], students=students,
                      student_assessment=[0] * len(students))


def dump(path) -> list[str]:
    """The database as SQL text: two dumps are equal when nothing was written in between."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
