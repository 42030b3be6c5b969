"""Which school of the registry a school named in a result file is.

In this order: the ФИС ОКО login (edu…/sch…) against the registry's codes; the name, normalised,
against the registry's short and full names; the name against remembered aliases. A РЦОИ protocol
names a school only by its regional «Код ОО» (0042): that is matched as the alias «Код ОО 0042».
A school the user has matched once by hand is remembered as an alias and never asked again.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.errors import UserError
from desktop.models.db import Database, transaction
from desktop.services.importers.results.school_names import extract_code, normalize_school_name

REGIONAL_CODE = "Код ОО"


def alias_text(code: str | None, name: str | None) -> str:
    """The text a school is remembered under: its name, or «Код ОО 0042» when a protocol gives only a code."""
    if name:
        return name
    return f"{REGIONAL_CODE} {code}" if code else ""


def describe_school(code: str | None, name: str | None) -> str:
    """«МБОУ «СОШ № 1» (edu900101)», «Код ОО 0042»: a file's school as the user is shown it."""
    if name and code:
        return f"{name} ({code})"
    return alias_text(code, name) or "(школа не указана)"


@dataclass(frozen=True)
class Match:
    school_id: int
    how: str  # "code", "name" or "alias"
    registry_code: str | None


class SchoolMatcher:
    """The registry and the aliases loaded once; `match` is then a few dictionary look-ups."""

    def __init__(self, db: Database):
        self.by_code: dict[str, tuple[int, str | None]] = {}
        self.by_name: dict[str, tuple[int, str | None] | None] = {}  # None: two schools share the name
        for school_id, code, short_name, full_name in db.execute(
            "SELECT id, code, short_name, full_name FROM schools ORDER BY id"
        ):
            entry = (school_id, code)
            if code:
                self.by_code[code] = entry
            for key in {normalize_school_name(short_name), normalize_school_name(full_name)} - {""}:
                self.by_name[key] = None if key in self.by_name and self.by_name[key] != entry else entry
        self.by_alias: dict[str, int] = dict(db.execute("SELECT normalized_name, school_id FROM school_aliases"))
        self.codes_by_id = {school_id: code for school_id, code in self.by_code.values()}

    def match(self, code: str | None, name: str | None) -> Match | None:
        login = extract_code(code) or extract_code(name)
        if login and login in self.by_code:
            school_id, registry_code = self.by_code[login]
            return Match(school_id, "code", registry_code)
        key = normalize_school_name(alias_text(code if not login else None, name))
        if not key:
            return None
        found = self.by_name.get(key)
        if found:
            return Match(found[0], "name", found[1])
        if key in self.by_alias:
            school_id = self.by_alias[key]
            return Match(school_id, "alias", self.codes_by_id.get(school_id))
        return None


def remember_alias(db: Database, written_as: str, school_id: int) -> str:
    """Remember that `written_as` (a name from a file, or «Код ОО 0042») is the registry school
    `school_id`; returns the normalised key. Raises UserError for an empty text or an unknown school."""
    key = normalize_school_name(written_as)
    if not key:
        raise UserError("Пустое название школы нельзя запомнить как другое название.")
    if not db.execute("SELECT 1 FROM schools WHERE id = ?", [school_id]).fetchone():
        raise UserError(f"Школы с номером {school_id} нет в реестре.")
    with transaction(db):
        db.execute(
            "INSERT INTO school_aliases (normalized_name, school_id, written_as) VALUES (?, ?, ?) "
            "ON CONFLICT (normalized_name) DO UPDATE SET school_id = excluded.school_id, written_as = excluded.written_as",
            [key, school_id, " ".join(written_as.split())],
        )
    return key
