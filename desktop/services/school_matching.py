"""Which school of the registry a school named in a result file is.

By code first. The file's code is NFKC-folded (full-width «ｅｄｕ７７１００１» is «edu771001»); a code
with letters or digits of another script (a Cyrillic «е» in «еdu771001», Arabic-Indic «٩٣٠٦») is not
compared at all: `code_refusal` gives the Russian message for it. Then, in this order:

1. an edu/sch login (in the code column, or written in the name: `…(edu771003)`, `edu223017 | …`)
   against the registry's current codes (`how` = "code"), then its old codes ("old_code");
2. a code of digits against the registry's РЦОИ codes ("rcoi_code"), then the alias «Код ОО 0042»
   the user may have matched by hand before the registry kept РЦОИ codes ("alias");
3. the name, normalised, against the registry's short and full names ("name") — only when the file
   carries no code at all: a school whose code the registry does not know is never matched by its
   name (a same-named school of another district, or a code the registry lacks, is the user's
   question: `same_name` tells the caller which registry school has that name);
4. the name as written against remembered aliases ("alias"): a school the user has matched once by
   hand is remembered and never asked again.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.models.db import Database, transaction
from desktop.models.schools import CODE_PATTERN, RCOI_PATTERN, fold_code
from desktop.services.importers.results.school_names import extract_code, normalize_school_name, strip_code

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


def code_refusal(code: str | None) -> str | None:
    """The Russian message for a file's school code that has letters or digits of another script
    after NFKC folding (a Cyrillic «е» in «еdu771001», Arabic-Indic «٩٣٠٦»); None for a code that can
    be compared (full-width «ｅｄｕ７７１００１» folds to «edu771001» and is accepted) or no code."""
    folded = unicodedata.normalize("NFKC", code or "").strip()
    strange = [c for c in dict.fromkeys(folded) if not c.isascii() and c.isalnum()]
    if not strange:
        return None
    signs = ", ".join(f"«{c}»" for c in strange)
    if all("CYRILLIC" in unicodedata.name(c, "") and c.isalpha() for c in strange):
        why = f"содержит русские буквы ({signs}) вместо латинских"
    else:
        why = f"содержит знаки {signs} — буквы или цифры другого письма, а не латиницу и цифры 0–9"
    return (f"Код школы «{folded}» в файле {why}: такой код не сравнивается с реестром. Код ФИС ОКО имеет "
            "вид edu123456, код РЦОИ — цифры 0–9; исправьте код в файле.")


def file_codes(code: str | None, name: str | None) -> tuple[str | None, str | None, bool]:
    """(edu/sch login, РЦОИ code of digits, whether the file carries any code) of a file's school:
    the code column folded (NFKC, lower case), else a login written in the name."""
    folded = fold_code(code)
    login = _login(extract_code(folded) if folded else None)
    rcoi = folded if folded and RCOI_PATTERN.fullmatch(folded) else None
    in_name = code_in_name(name)
    return login or _login(in_name), rcoi, bool(folded or in_name)


def code_in_name(name: str | None) -> str | None:
    """The code written in a school's name (`…(edu771003)`, `edu223017 | …`), folded as every reader folds
    it (`school_names.extract_code`): a code of other letters or digits is kept for `code_refusal`; None
    when the name has none."""
    return extract_code(name) if name else None


def _login(code: str | None) -> str | None:
    """An edu/sch login of 0–9 digits; not a municipality's reg…_m…, not a code of other digits."""
    return code if code and CODE_PATTERN.fullmatch(code) else None


@dataclass(frozen=True)
class Match:
    school_id: int
    how: str  # "code", "old_code", "rcoi_code", "name" or "alias"
    registry_code: str | None  # the school's ФИС ОКО code in the registry


class SchoolMatcher:
    """The registry and the aliases loaded once; `match` is then a few dictionary look-ups."""

    def __init__(self, db: Database):
        self.by_code: dict[str, tuple[int, str | None]] = {}
        self.by_old_code: dict[str, tuple[int, str | None]] = {}
        self.by_rcoi_code: dict[str, tuple[int, str | None]] = {}
        self.by_name: dict[str, tuple[int, str | None] | None] = {}  # None: two schools share the name
        for school_id, code, rcoi_code, short_name, full_name in db.execute(
            "SELECT id, code, rcoi_code, short_name, full_name FROM schools ORDER BY id"
        ):
            entry = (school_id, code)
            if code:
                self.by_code[code] = entry
            if rcoi_code:
                self.by_rcoi_code[rcoi_code] = entry
            for key in {normalize_school_name(short_name), normalize_school_name(full_name)} - {""}:
                self.by_name[key] = None if key in self.by_name and self.by_name[key] != entry else entry
        self.codes_by_id = {school_id: code for school_id, code in self.by_code.values()}
        for old_code, school_id in db.execute("SELECT code, school_id FROM school_old_codes"):
            self.by_old_code[old_code] = (school_id, self.codes_by_id.get(school_id))
        self.by_alias: dict[str, int] = dict(db.execute("SELECT normalized_name, school_id FROM school_aliases"))
        self._matched: dict[tuple[str | None, str | None], Match | None] = {}

    def match(self, code: str | None, name: str | None) -> Match | None:
        """The registry's school of a file's (code, name), or None; each pair is matched once (a file asks
        for each of its schools several times), the registry and the aliases as loaded."""
        try:
            return self._matched[code, name]
        except KeyError:
            found = self._matched[code, name] = self._match(code, name)
            return found

    def _match(self, code: str | None, name: str | None) -> Match | None:
        if code_refusal(code) or code_refusal(code_in_name(name)):
            return None
        login, rcoi, has_code = file_codes(code, name)
        for how, index, key in (("code", self.by_code, login), ("old_code", self.by_old_code, login),
                                ("rcoi_code", self.by_rcoi_code, rcoi)):
            if key and key in index:
                school_id, registry_code = index[key]
                return Match(school_id, how, registry_code)
        if rcoi:  # matched by hand as «Код ОО 0042» before the registry kept РЦОИ codes
            found = self._alias(f"{REGIONAL_CODE} {rcoi}")
            if found:
                return found
        if not has_code and name:
            found = self.by_name.get(normalize_school_name(name))
            if found:
                return Match(found[0], "name", found[1])
        written = alias_text(code if not login else None, name)
        return self._alias(written) if written else None

    def same_name(self, name: str | None) -> Match | None:
        """The one registry school whose name (short or full, normalised, the code written in it left out)
        is `name`; None when there is none or several. For the question «the registry has a school of
        this name with code X, the file says Y» — never a match by itself."""
        key = normalize_school_name(strip_code(name or ""))
        found = self.by_name.get(key) if key else None
        return Match(found[0], "name", found[1]) if found else None

    def _alias(self, written: str) -> Match | None:
        school_id = self.by_alias.get(normalize_school_name(written))
        return None if school_id is None else Match(school_id, "alias", self.codes_by_id.get(school_id))


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


def find_school(db: Database, text: str):
    """A registry school named by the user: its ФИС ОКО code (current or old, folded as every code is)
    or its number in the registry; UserError naming how to find one otherwise."""
    from desktop.models.schools import SchoolsRepository

    schools = SchoolsRepository(db)
    wanted = fold_code(text) or ""
    if wanted.isdigit():
        school = schools.get(int(wanted))
    else:
        school = schools.find_by_code(wanted) if CODE_PATTERN.fullmatch(wanted) else None
        school = school or next((s for s in schools.list() if wanted in s.old_codes), None)
    if school is None:
        raise UserError(f"Школа «{text}» не найдена в реестре: укажите код ФИС ОКО (edu123456) или номер "
                        "из «msoko schools list».")
    return school

