"""The registry of the district's schools.

A school has up to three kinds of code: its ФИС ОКО login (`code`: edu + 6 digits, sch + 6 digits
in older years), its older logins (`old_codes`, kept in `school_old_codes`) and its РЦОИ code
(`rcoi_code`: the regional «Код ОО» of the protocols, digits kept as text — «0042» is not «42»).
Every code is NFKC-folded before it is checked and stored; a code with letters or digits of another
script (a Cyrillic «е», Arabic-Indic «٩») is refused with a Russian message, never folded into a
look-alike. A code belongs to one school: a school's code and old codes and every other school's are
all distinct, and so are the РЦОИ codes.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace

from desktop.errors import UserError
from desktop.models.db import Database, transaction

SCHOOL_KINDS = ["СОШ", "ООШ", "НОШ", "Гимназия", "Лицей", "Школа-интернат", "ЦО", "Вечерняя (сменная)", "Другое"]
CODE_PATTERN = re.compile(r"(edu|sch)[0-9]{6}", re.ASCII)  # match with fullmatch
RCOI_PATTERN = re.compile(r"[0-9]{1,12}", re.ASCII)  # match with fullmatch
_CODE_SEPARATORS = re.compile(r"[\s,;]+")
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
    rcoi_code: str | None = None  # РЦОИ «Код ОО»: digits as text, leading zeros kept
    old_codes: list[str] = field(default_factory=list)  # older ФИС ОКО logins, sorted
    id: int | None = None

    def to_json(self) -> dict:
        return asdict(self)


EDITABLE_FIELDS = [f.name for f in fields(School) if f.name != "id"]
# the fields kept in the schools table itself (the old codes live in school_old_codes)
COLUMN_FIELDS = [name for name in EDITABLE_FIELDS if name != "old_codes"]

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
    "rcoi_code": "Код РЦОИ",
    "old_codes": "Старые коды ФИС ОКО",
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


def fold_rcoi_code(code: object) -> str | None:
    """A РЦОИ code as it is stored and compared: NFKC-folded and trimmed text (never a number: «0042»
    keeps its zeros); None when empty. Digits of other scripts stay and fail validation."""
    if code is None:
        return None
    return unicodedata.normalize("NFKC", str(code)).strip() or None


def rcoi_code_problem(code: str) -> str | None:
    """Why a folded РЦОИ code is not one, in Russian; None when it is one."""
    if RCOI_PATTERN.fullmatch(code):
        return None
    if not code.isascii():
        return (f"Код РЦОИ «{code}» набран не только цифрами 0–9 (возможно, цифры другого письма или буквы): "
                "код РЦОИ — от 1 до 12 цифр, например 0042.")
    return f"Код РЦОИ «{code}» не подходит: он состоит только из цифр 0–9 (от 1 до 12), например 0042."


def parse_codes(text: object) -> list[str]:
    """«sch123456, edu654321; sch111111» → the codes, folded (fold_code), in the order written. Commas,
    semicolons and spaces separate them; a list is taken as it is."""
    if text is None:
        return []
    parts = text if isinstance(text, list | tuple) else _CODE_SEPARATORS.split(unicodedata.normalize("NFKC", str(text)))
    return [code for code in map(fold_code, parts) if code]


def format_codes(codes: list[str]) -> str:
    """The old codes as one line, the way `parse_codes` reads them back."""
    return ", ".join(codes)


def normalized(school: School) -> School:
    """Whitespace trimmed, the codes folded (fold_code, fold_rcoi_code), an empty code stored as NULL,
    the old codes without repeats and sorted."""
    plain = ("active", "code", "note", "rcoi_code", "old_codes")
    text = {k: " ".join(str(getattr(school, k) or "").split()) for k in EDITABLE_FIELDS if k not in plain}
    return replace(
        school, **text, code=fold_code(school.code), rcoi_code=fold_rcoi_code(school.rcoi_code),
        old_codes=sorted(set(parse_codes(school.old_codes))), note=(school.note or "").strip(),
        active=bool(school.active),
    )


def validation_errors(school: School) -> dict[str, str]:
    """Field → Russian message; empty when the school can be saved (uniqueness among schools is checked
    by the repository)."""
    errors = {}
    if not school.short_name.strip():
        errors["short_name"] = "Укажите краткое наименование школы."
    code = fold_code(school.code)
    problem = code_problem(code) if code else None
    if problem:
        errors["code"] = problem
    rcoi_code = fold_rcoi_code(school.rcoi_code)
    problem = rcoi_code_problem(rcoi_code) if rcoi_code else None
    if problem:
        errors["rcoi_code"] = problem
    old_problems = []
    for old in dict.fromkeys(parse_codes(school.old_codes)):
        if not CODE_PATTERN.fullmatch(old) and not old.isascii():
            old_problems.append(
                f"Старый код «{old}» набран не только латинскими буквами и цифрами 0–9 (возможно, русская «е» "
                "вместо латинской «e» или цифры другого письма): старый код ФИС ОКО имеет вид sch123456 или edu123456.")
        elif not CODE_PATTERN.fullmatch(old):
            old_problems.append(f"Старый код «{old}» не подходит: старый код ФИС ОКО имеет вид sch123456 или edu123456.")
        elif old == code:
            old_problems.append(f"Старый код {old} совпадает с текущим кодом ФИС ОКО школы: оставьте его только в поле «Код ФИС ОКО».")
    if old_problems:
        errors["old_codes"] = " ".join(old_problems)
    return errors


class SchoolsRepository:
    def __init__(self, db: Database):
        self.db = db

    def list(self, include_inactive: bool = True) -> list[School]:
        where = "" if include_inactive else "WHERE active = 1"
        rows = self.db.execute(
            f"SELECT id, {', '.join(COLUMN_FIELDS)} FROM schools {where} ORDER BY short_name COLLATE NOCASE, id"
        ).fetchall()
        old_codes: dict[int, list[str]] = {}
        for school_id, code in self.db.execute("SELECT school_id, code FROM school_old_codes ORDER BY code"):
            old_codes.setdefault(school_id, []).append(code)
        return [self._school(row, old_codes.get(row[0], [])) for row in rows]

    def get(self, school_id: int) -> School | None:
        row = self.db.execute(
            f"SELECT id, {', '.join(COLUMN_FIELDS)} FROM schools WHERE id = ?", [school_id]
        ).fetchone()
        return self._school(row, self._old_codes(row[0])) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM schools").fetchone()[0]

    def find_by_code(self, code: str) -> School | None:
        """The school whose current ФИС ОКО code is `code` (folded)."""
        row = self.db.execute("SELECT id FROM schools WHERE code = ?", [fold_code(code)]).fetchone()
        return self.get(row[0]) if row else None

    def add(self, school: School) -> School:
        with transaction(self.db):
            school = self.check(school)
            values = self._values(school)
            if school.id is not None:  # undo of a delete puts the school back under its old id
                values["id"] = school.id
            cursor = self.db.execute(
                f"INSERT INTO schools ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
            school = replace(school, id=cursor.lastrowid if school.id is None else school.id)
            self._write_old_codes(school)
        return school

    def update(self, school: School) -> School:
        if school.id is None:
            raise ValueError("update needs a saved school")
        with transaction(self.db):
            school = self.check(school)
            values = self._values(school)
            self.db.execute(
                f"UPDATE schools SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                [*values.values(), school.id],
            )
            self._write_old_codes(school)
        return school

    def delete(self, school_id: int) -> None:
        """Results reference schools ON DELETE RESTRICT: a school with results is kept, and the user is
        told to mark it inactive instead of losing its history. Its old codes go with it (CASCADE)."""
        if self.has_results(school_id):
            raise UserError(_HAS_RESULTS)
        try:
            with transaction(self.db):
                self.db.execute("DELETE FROM schools WHERE id = ?", [school_id])
        except sqlite3.IntegrityError as error:  # results saved meanwhile by another connection
            raise UserError(_HAS_RESULTS) from error

    deletion_refusal = _HAS_RESULTS  # what `delete` says of a school with results, for the window to say first

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
        problem = code_clash(school, self._others(school.id))
        if problem:
            raise UserError(problem)
        for (other_name,) in self.db.execute(
            "SELECT short_name FROM schools WHERE id IS NOT ?", [school.id]
        ).fetchall():
            if other_name.casefold() == school.short_name.casefold():
                raise UserError(f"Школа «{other_name}» уже есть в реестре.")
        return school

    def _others(self, school_id: int | None) -> list[School]:
        """Every other school, with its codes only (what `code_clash` compares)."""
        old_codes: dict[int, list[str]] = {}
        for owner, code in self.db.execute(
            "SELECT school_id, code FROM school_old_codes WHERE school_id IS NOT ?", [school_id]
        ):
            old_codes.setdefault(owner, []).append(code)
        return [
            School(short_name, code=code, rcoi_code=rcoi_code, old_codes=old_codes.get(other, []), id=other)
            for other, short_name, code, rcoi_code in self.db.execute(
                "SELECT id, short_name, code, rcoi_code FROM schools WHERE id IS NOT ? ORDER BY id", [school_id]
            )
        ]

    def _old_codes(self, school_id: int) -> list[str]:
        return [code for (code,) in self.db.execute(
            "SELECT code FROM school_old_codes WHERE school_id = ? ORDER BY code", [school_id]
        )]

    def _write_old_codes(self, school: School) -> None:
        """The old codes are replaced as a whole, inside the caller's transaction."""
        self.db.execute("DELETE FROM school_old_codes WHERE school_id = ?", [school.id])
        self.db.executemany(
            "INSERT INTO school_old_codes (code, school_id) VALUES (?, ?)", [[c, school.id] for c in school.old_codes]
        )

    @staticmethod
    def _values(school: School) -> dict:
        values = {k: getattr(school, k) for k in COLUMN_FIELDS}
        values["active"] = int(bool(values["active"]))
        return values

    @staticmethod
    def _school(row: tuple, old_codes: list[str]) -> School:
        school = School(**dict(zip(COLUMN_FIELDS, row[1:], strict=True)), old_codes=list(old_codes), id=row[0])
        school.active = bool(school.active)
        return school


def code_clash(school: School, others: list[School]) -> str | None:
    """Why a normalised school's codes clash with those of `others` (the other schools, normalised), in
    Russian; None when they do not. A ФИС ОКО code, current or old, belongs to one school; so does a
    РЦОИ code."""
    return CodeOwners(others).clash(school)


class CodeOwners:
    """Which schools hold each code, built once to check many schools (a registry import) quickly."""

    def __init__(self, schools: list[School]):
        self.logins: dict[str, list[tuple[int, School, bool]]] = {}  # code → (position, school, is it old)
        self.rcoi: dict[str, list[tuple[int, School]]] = {}
        for position, school in enumerate(schools):
            if school.code:
                self.logins.setdefault(school.code, []).append((position, school, False))
            for old in school.old_codes:
                self.logins.setdefault(old, []).append((position, school, True))
            if school.rcoi_code:
                self.rcoi.setdefault(school.rcoi_code, []).append((position, school))

    def clash(self, school: School, position: int | None = None) -> str | None:
        """As `code_clash`; the school at `position` of the list (the school itself) is left out, and so
        is a saved school of the same id."""

        def other(pos: int, holder: School) -> bool:
            return pos != position and (holder.id is None or holder.id != school.id)

        for code, is_old in [(school.code, False), *((old, True) for old in school.old_codes)]:
            holders = sorted((old, h.short_name) for pos, h, old in self.logins.get(code or "", ()) if other(pos, h))
            if not holders:
                continue
            other_old, name = holders[0]  # a current code named before an old one
            what = "Старый код" if is_old else "Код"
            if other_old:
                return f"{what} {code} уже записан старым кодом школы «{name}»."
            return f"{what} {code} уже принадлежит школе «{name}»."
        holders = [h for pos, h in self.rcoi.get(school.rcoi_code or "", ()) if other(pos, h)]
        if holders:
            return f"Код РЦОИ {school.rcoi_code} уже принадлежит школе «{holders[0].short_name}»."
        return None
