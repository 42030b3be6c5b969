"""Schools list ⇄ .xlsx: import with a preview of what will be added and changed, and export in the
same layout, so an exported list can be corrected in Excel and imported back.

Beside the names and the ФИС ОКО code, a list may carry «Код РЦОИ» (digits, kept as text: «0042») and
«Старые коды ФИС ОКО» (several logins in one cell, separated by commas, semicolons or spaces). A row
is the registry school with its ФИС ОКО code, else with its РЦОИ code, else with its name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.errors import ImportFormatError, column_letter
from desktop.folding import fold
from desktop.models.db import Database, transaction
from desktop.models.schools import (
    COLUMN_FIELDS,
    EDITABLE_FIELDS,
    SCHOOL_LABELS,
    CodeOwners,
    School,
    SchoolsRepository,
    format_codes,
    normalized,
    validation_errors,
)
from desktop.services.importers.problems import Problem

log = logging.getLogger("msoko.schools_io")

HEADER_SEARCH_ROWS = 20
# Header words per field, compared after case folding and ё→е; the first field whose words occur wins
# («Код РЦОИ» and «Старые коды ФИС ОКО» before «Код ФИС ОКО», whose «код» they contain).
HEADER_WORDS = {
    "rcoi_code": ["код рцои", "рцои"],
    "old_codes": ["старые коды", "старый код", "прежние коды", "прежний код", "старые логины", "старый логин"],
    "full_name": ["полное наимен", "полное назв"],
    "short_name": ["краткое наимен", "сокращенное наимен", "краткое назв", "наименование", "название", "школа", "оо"],
    "code": ["код", "логин"],
    "kind": ["тип", "вид"],
    "settlement": ["населенный пункт", "нас. пункт", "поселение"],
    "director": ["директор", "руководитель"],
    "phone": ["телефон"],
    "active": ["действует", "активн", "статус"],
    "note": ["примечание", "комментарий"],
}
# the columns of an export, in their order (an export imports back unchanged)
EXPORT_FIELDS = ["short_name", "full_name", "code", "rcoi_code", "old_codes", "kind", "settlement", "director",
                 "phone", "active", "note"]
YES = {"да", "1", "true", "действует", "активна", "работает", "+"}
NO = {"нет", "0", "false", "закрыта", "не действует", "ликвидирована", "реорганизована", "-"}


@dataclass
class SchoolsImportPlan:
    file: str
    sheet: str
    added: list[School] = field(default_factory=list)
    changed: list[tuple[School, School]] = field(default_factory=list)  # (as saved, as in the file)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def to_json(self, saved: bool) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "added": [s.to_json() for s in self.added],
            "changed": [{"before": old.to_json(), "after": new.to_json()} for old, new in self.changed],
            "unchanged": self.unchanged,
            "problems": [p.to_json() for p in self.problems],
            "saved": saved,
        }


def _fold(text: object) -> str:
    return " ".join(fold(str(text or "")).split())


def _find_header(rows: list[list], file: str, sheet: str) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            text = _fold(cell)
            if not text:
                continue
            for name, words in HEADER_WORDS.items():
                if name not in columns and any(text.startswith(w) or f" {w}" in f" {text}" for w in words):
                    columns[name] = col
                    break
        if ("short_name" in columns or "full_name" in columns) and len(columns) >= 2:
            return index, columns
    expected = ", ".join(f"«{SCHOOL_LABELS[k]}»" for k in ("short_name", "full_name", "code"))
    raise ImportFormatError(
        f"не найдена строка заголовков списка школ. Нужны столбцы {expected} (см. Файл → Экспорт школ).",
        file=file,
        sheet=sheet,
    )


def is_schools_header(rows: list[list]) -> bool:
    """Whether a sheet's first rows hold the header of a list of schools."""
    try:
        _find_header(rows, "", "")
    except ImportFormatError:
        return False
    return True


def read_schools_file(path: Path) -> tuple[str, list[tuple[int, School, dict[str, str]]], list[Problem]]:
    """→ (sheet, [(excel row, school, {field: column letter})], problems)."""
    from desktop.services.importers.intake.workbook import cell_text, read_sheets

    sheets = [s for s in read_sheets(path) if not s.hidden] or read_sheets(path)
    name = str(path)
    for sheet in sheets:
        try:
            header_index, columns = _find_header(sheet.rows, name, sheet.name)
        except ImportFormatError:
            continue
        break
    else:
        _find_header(sheets[0].rows if sheets else [], name, sheets[0].name if sheets else None)
        raise AssertionError("unreachable: _find_header raises")  # pragma: no cover
    if "short_name" not in columns:
        columns["short_name"] = columns["full_name"]
    letters = {k: column_letter(c + 1) for k, c in columns.items()}
    problems: list[Problem] = []
    parsed = []
    for offset, row in enumerate(sheet.rows[header_index + 1 :], start=header_index + 2):
        values = {k: cell_text(row[c]) if c < len(row) else None for k, c in columns.items()}
        if "active" in columns and columns["active"] < len(row):
            values["active"] = _fold(row[columns["active"]]) or None  # «нет» is an answer here, not a blank
        if not any(values.values()):
            continue
        active = True
        if values.get("active"):
            flag = values["active"]
            if flag in NO:
                active = False
            elif flag not in YES:
                problems.append(Problem(
                    f"непонятное значение «{values['active']}» в столбце «Действует»: ожидается «да» или «нет»; школа считается действующей",
                    sheet.name, offset, letters["active"], "warning",
                ))
        school = normalized(School(
            short_name=values.get("short_name") or values.get("full_name") or "",
            full_name=values.get("full_name") or "",
            code=values.get("code"),
            kind=values.get("kind") or "",
            settlement=values.get("settlement") or "",
            director=values.get("director") or "",
            phone=values.get("phone") or "",
            active=active,
            note=values.get("note") or "",
            rcoi_code=values.get("rcoi_code"),
            old_codes=values.get("old_codes") or "",
        ))
        for field_name, message in validation_errors(school).items():
            problems.append(Problem(message, sheet.name, offset, letters.get(field_name, letters["short_name"])))
        parsed.append((offset, school, letters))
    return sheet.name, parsed, problems


def plan_schools_import(db: Database, path: Path) -> SchoolsImportPlan:
    from desktop.services.importers.intake.child_reader import read_untrusted

    sheet, parsed, problems = read_untrusted("schools", Path(path))
    plan = SchoolsImportPlan(str(path), sheet, problems=problems)
    if not parsed:
        plan.problems.append(Problem("в файле нет ни одной школы", sheet))
        return plan
    existing = SchoolsRepository(db).list()
    by_code = {s.code: s for s in existing if s.code}
    by_rcoi_code = {s.rcoi_code: s for s in existing if s.rcoi_code}
    by_name = {s.short_name.casefold(): s for s in existing}
    seen_codes: dict[tuple[str, str], int] = {}  # (field, code) → row; current and old logins share one field
    seen_names: dict[str, int] = {}
    bad_rows = {p.row for p in problems if p.is_error}
    for row, school, letters in parsed:
        if row in bad_rows:
            continue
        codes = _codes(school)
        repeated = next((key for key in codes if key in seen_codes), None)
        if repeated:
            field_name, code = repeated
            column = letters.get("rcoi_code" if field_name == "rcoi_code" else
                                 "code" if code == school.code else "old_codes", letters.get("code"))
            plan.problems.append(Problem(f"код {code} повторяет строку {seen_codes[repeated]}", sheet, row, column))
            continue
        name_key = school.short_name.casefold()
        if name_key in seen_names:
            plan.problems.append(Problem(f"школа «{school.short_name}» повторяет строку {seen_names[name_key]}", sheet, row, letters["short_name"]))
            continue
        seen_codes.update(dict.fromkeys(codes, row))
        seen_names[name_key] = row
        match = by_code.get(school.code) if school.code else None
        match = match or (by_rcoi_code.get(school.rcoi_code) if school.rcoi_code else None)
        match = match or by_name.get(name_key)
        if match is None:
            plan.added.append(school)
            continue
        merged = _merge(match, school, letters)
        if merged == match:
            plan.unchanged += 1
        else:
            plan.changed.append((match, merged))
    _check_clashes(plan, existing)
    return plan


def _codes(school: School) -> list[tuple[str, str]]:
    """A school's codes as (field, code): its ФИС ОКО code and old codes under one field, as a login
    belongs to one school whether current or old; the РЦОИ code under its own."""
    logins = [("code", c) for c in [school.code, *school.old_codes] if c]
    return logins + ([("rcoi_code", school.rcoi_code)] if school.rcoi_code else [])


def _merge(saved: School, incoming: School, letters: dict[str, str]) -> School:
    """Only the columns present in the file overwrite; an empty cell does not erase a saved value."""
    updates = {}
    for name in EDITABLE_FIELDS:
        if name not in letters:
            continue
        value = getattr(incoming, name)
        if value in ("", None, []) and name != "active":
            continue
        updates[name] = value
    return replace(saved, **updates)


def _check_clashes(plan: SchoolsImportPlan, existing: list[School]) -> None:
    """A changed school must still be valid (its old codes apart from its code), and no changed or added
    school's name or codes may collide with another saved school's."""
    changed_ids = {new.id for _, new in plan.changed}
    others = [s for s in existing if s.id not in changed_ids]
    taken_names = {s.short_name.casefold(): s for s in others}
    for _, new in plan.changed:
        for message in validation_errors(new).values():
            plan.problems.append(Problem(f"школа «{new.short_name}»: {message}", plan.sheet))
        clash = taken_names.get(new.short_name.casefold())
        if clash and clash.id != new.id:
            plan.problems.append(Problem(
                f"наименование школы «{new.short_name}» совпадает со школой «{clash.short_name}» из реестра", plan.sheet
            ))
    final = [*others, *(new for _, new in plan.changed), *plan.added]  # the registry after the import
    owners = CodeOwners(final)
    for position in range(len(others), len(final)):
        problem = owners.clash(final[position], position)
        if problem:
            plan.problems.append(Problem(f"школа «{final[position].short_name}»: {problem}", plan.sheet))


def apply_schools_import(db: Database, plan: SchoolsImportPlan) -> None:
    """Everything in one transaction: a crash or a kill leaves all of the import or none of it."""
    if plan.has_errors:
        raise ValueError("a plan with errors cannot be applied")
    columns = COLUMN_FIELDS
    with transaction(db):
        # the old codes of the changed schools go first: a code may move from one school to another
        db.executemany("DELETE FROM school_old_codes WHERE school_id = ?", [[s.id] for _, s in plan.changed])
        db.executemany(
            f"UPDATE schools SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [[*(_db_value(getattr(s, c)) for c in columns), s.id] for _, s in plan.changed],
        )
        old_codes = [[code, s.id] for _, s in plan.changed for code in s.old_codes]
        for school in plan.added:
            cursor = db.execute(
                f"INSERT INTO schools ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [_db_value(getattr(school, c)) for c in columns],
            )
            old_codes.extend([code, cursor.lastrowid] for code in school.old_codes)
        db.executemany("INSERT INTO school_old_codes (code, school_id) VALUES (?, ?)", old_codes)
    log.info("schools import from %s: %d added, %d changed", Path(plan.file).name, len(plan.added), len(plan.changed))


def _db_value(value: object) -> object:
    return int(value) if isinstance(value, bool) else value


def _export_value(school: School, name: str) -> object:
    if name == "active":
        return "да" if school.active else "нет"
    if name == "old_codes":
        return format_codes(school.old_codes)
    return getattr(school, name) or ""


def export_schools(db: Database, path: Path) -> int:
    from desktop.services.documents.model import Table, TableRow
    from desktop.services.documents.xlsx_writer import write_table_xlsx

    schools = SchoolsRepository(db).list()
    header = [SCHOOL_LABELS[k] for k in EXPORT_FIELDS]
    rows = [TableRow([_export_value(s, k) for k in EXPORT_FIELDS]) for s in schools]
    widths = [3, 6, 1.3, 1, 1.6, 1.2, 1.6, 1.8, 1.6, 0.9, 2.5]
    write_table_xlsx(Path(path), [("Школы", Table(header, rows, widths))], title=None)
    return len(schools)
