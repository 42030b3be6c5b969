"""The registry of the district's schools."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, fields, replace

from desktop.errors import UserError
from desktop.models.db import Database, transaction

SCHOOL_KINDS = ["СОШ", "ООШ", "НОШ", "Гимназия", "Лицей", "Школа-интернат", "Вечерняя (сменная)", "Другое"]
CODE_PATTERN = re.compile(r"(edu|sch)[0-9]{6}", re.ASCII)  # match with fullmatch
_HAS_RESULTS = (
    "У школы есть результаты оценочных процедур: удалить её нельзя, иначе эти результаты пропадут. "
    "Отметьте её как недействующую (снимите флажок «Действует»)."
)


@dataclass
class School:
    short_name: str
    full_name: str = ""
    code: str | None = None  # ФИС ОКО login: edu + 6 digits (older years: sch + 6 digits)
    kind: str = ""
    settlement: str = ""
    director: str = ""
    phone: str = ""
    active: bool = True
    note: str = ""
    id: int | None = None

    def to_json(self) -> dict:
        return asdict(self)


EDITABLE_FIELDS = [f.name for f in fields(School) if f.name != "id"]

SCHOOL_LABELS = {
    "short_name": "Краткое наименование",
    "full_name": "Полное наименование",
    "code": "Код ФИС ОКО",
    "kind": "Тип",
    "settlement": "Населённый пункт",
    "director": "Директор",
    "phone": "Телефон",
    "active": "Действует",
    "note": "Примечание",
}


def fold_code(code: str | None) -> str | None:
    """A code as it is stored and compared: NFKC-folded (full-width «ｅｄｕ９９…» is «edu99…»), trimmed,
    in lower case; None when empty. Letters or digits of other scripts stay and fail validation."""
    return unicodedata.normalize("NFKC", code or "").strip().lower() or None


def code_problem(code: str) -> str | None:
    """Why a folded code is not a ФИС ОКО code, in Russian; None when it is one."""
    if CODE_PATTERN.fullmatch(code):
        return None
    if not code.isascii():
        return (f"Код «{code}» набран не только латинскими буквами и цифрами 0–9 (возможно, русская «е» "
                "вместо латинской «e» или цифры другого письма): код ФИС ОКО имеет вид edu123456.")
    return "Код ФИС ОКО имеет вид edu123456 (или sch123456 в старых отчётах)."


def normalized(school: School) -> School:
    """Whitespace trimmed, the code folded (fold_code), an empty code stored as NULL."""
    text = {k: " ".join(str(getattr(school, k) or "").split()) for k in EDITABLE_FIELDS if k not in ("active", "code", "note")}
    code = fold_code(school.code)
    return replace(school, **text, code=code, note=(school.note or "").strip(), active=bool(school.active))


def validation_errors(school: School) -> dict[str, str]:
    """Field → Russian message; empty when the school can be saved (uniqueness is checked by the repository)."""
    errors = {}
    if not school.short_name.strip():
        errors["short_name"] = "Укажите краткое наименование школы."
    problem = code_problem(fold_code(school.code)) if fold_code(school.code) else None
    if problem:
        errors["code"] = problem
    return errors


class SchoolsRepository:
    def __init__(self, db: Database):
        self.db = db

    def list(self, include_inactive: bool = True) -> list[School]:
        where = "" if include_inactive else "WHERE active = 1"
        rows = self.db.execute(
            f"SELECT id, {', '.join(EDITABLE_FIELDS)} FROM schools {where} ORDER BY short_name COLLATE NOCASE, id"
        ).fetchall()
        return [self._school(row) for row in rows]

    def get(self, school_id: int) -> School | None:
        row = self.db.execute(
            f"SELECT id, {', '.join(EDITABLE_FIELDS)} FROM schools WHERE id = ?", [school_id]
        ).fetchone()
        return self._school(row) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM schools").fetchone()[0]

    def find_by_code(self, code: str) -> School | None:
        row = self.db.execute(
            f"SELECT id, {', '.join(EDITABLE_FIELDS)} FROM schools WHERE code = ?", [fold_code(code)]
        ).fetchone()
        return self._school(row) if row else None

    def add(self, school: School) -> School:
        school = self.check(school)
        with transaction(self.db):
            values = self._values(school)
            if school.id is not None:  # undo of a delete puts the school back under its old id
                values["id"] = school.id
            cursor = self.db.execute(
                f"INSERT INTO schools ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
        return replace(school, id=cursor.lastrowid if school.id is None else school.id)

    def update(self, school: School) -> School:
        if school.id is None:
            raise ValueError("update needs a saved school")
        school = self.check(school)
        values = self._values(school)
        with transaction(self.db):
            self.db.execute(
                f"UPDATE schools SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                [*values.values(), school.id],
            )
        return school

    def delete(self, school_id: int) -> None:
        """Results reference schools ON DELETE RESTRICT: a school with results is kept, and the user is
        told to mark it inactive instead of losing its history."""
        if self.has_results(school_id):
            raise UserError(_HAS_RESULTS)
        try:
            with transaction(self.db):
                self.db.execute("DELETE FROM schools WHERE id = ?", [school_id])
        except sqlite3.IntegrityError as error:  # results saved meanwhile by another connection
            raise UserError(_HAS_RESULTS) from error

    def has_results(self, school_id: int) -> bool:
        # per-student rows always come with the school's figures derived from them
        return self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM school_results WHERE school_id = ?)", [school_id]
        ).fetchone()[0] == 1

    def check(self, school: School) -> School:
        """The school normalised, or UserError (Russian) when it cannot be saved as it is."""
        school = normalized(school)
        errors = validation_errors(school)
        if errors:
            raise UserError(" ".join(errors.values()))
        clash = self.db.execute(
            "SELECT short_name FROM schools WHERE code = ? AND id IS NOT ?", [school.code, school.id]
        ).fetchone()
        if school.code and clash:
            raise UserError(f"Код {school.code} уже принадлежит школе «{clash[0]}».")
        for (other_name,) in self.db.execute(
            "SELECT short_name FROM schools WHERE id IS NOT ?", [school.id]
        ).fetchall():
            if other_name.casefold() == school.short_name.casefold():
                raise UserError(f"Школа «{other_name}» уже есть в реестре.")
        return school

    @staticmethod
    def _values(school: School) -> dict:
        values = {k: getattr(school, k) for k in EDITABLE_FIELDS}
        values["active"] = int(bool(values["active"]))
        return values

    @staticmethod
    def _school(row: tuple) -> School:
        school = School(**dict(zip(EDITABLE_FIELDS, row[1:], strict=True)), id=row[0])
        school.active = bool(school.active)
        return school
