"""Medalists: their list read from a sheet (.xlsx, .xls) through the intake and saved in one transaction,
and the rule `medalists` — the medalists' non-confirmation index of a school.

The header row is found within the first 20 rows of a sheet by the words of its cells (case, «ё»,
quotes and punctuation folded):

    ФИО          «ФИО», «Фамилия, имя, отчество», «Обучающийся», «Выпускник» (optional)
    Код ОО       «Код ОО», «Код ФИС ОКО», «Логин», «Код РЦОИ» (a code of the registry)
    Школа        «Школа», «ОО», «Образовательная организация», «Наименование ОО»
    Год          «Год», «Год выпуска» (without it: a year in the lines above the header)
    Медаль       «Медаль», «Степень»: «I», «1», «I степени», «золотая» / «II», «2», «серебряная»
    предметы     a column per ЕГЭ subject («Русский язык», «Математика профильная», «Математика (профиль)»,
                 «Обществознание» …): the medalist's test score, 0–100; an empty cell — not taken

A school is found by its code, else by its name (as result files are matched). Every problem names the
file, sheet, row and column; one error keeps the whole file from being saved. The file's lists (school
× year) replace what was saved for them, so a corrected list is imported again.

The rule: a medalist of the year whose test score is under `medalist_min_score` in a subject does not
confirm the medal; a school with `medalist_min_count` such medalists is flagged (objectivity risk),
with its index — the share of its medalists who do not confirm — and the scores behind it. A medalist
is named there by the place in the school's list (`msoko results medalists list`), never by name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from desktop.errors import ImportFormatError, column_letter
from desktop.figures import format_figure
from desktop.models.db import Database, transaction
from desktop.models.medalists import MEDALS, Medalist, MedalistsRepository
from desktop.models.migrations import EGE_MIN_SCORES_2026
from desktop.services.importers.problems import HasProblems, Problem

log = logging.getLogger("msoko.medalists")

HEADER_SEARCH_ROWS = 20
HEADER_WORDS = {  # field → folded starts of its header; the first field that matches wins
    "full_name": ["фио", "ф и о", "фамилия", "обучающ", "выпускник", "медалист"],
    "code": ["код", "логин"],
    "school": ["школа", "оо", "образовательн", "наименование", "организац"],
    "year": ["год"],
    "medal": ["медаль", "степень", "вид медали"],
}
IGNORED_HEADERS = {"№", "n", "№ п п", "п п", "примечание"}
_PUNCTUATION = re.compile(r"[«»\"'“”„()\[\].,:;/*\-–—]")
_YEAR = re.compile(r"\b(20\d\d)\b")
SCORE_SUBJECTS = [subject for subject, score, _ in EGE_MIN_SCORES_2026 if score is not None]
SUBJECT_ALIASES = {"математика профиль": "Математика профильная", "математика профильный уровень": "Математика профильная",
                   "математика п": "Математика профильная", "математика": "Математика профильная",
                   "русский": "Русский язык", "английский": "Английский язык", "иностранный язык": "Английский язык"}


def _words(value: object) -> str:
    from desktop.services.importers.intake.workbook import header_text

    return " ".join(_PUNCTUATION.sub(" ", header_text(value)).split())


@cache
def _subjects() -> dict[str, str]:
    """Folded header → ЕГЭ subject; made on the first read, not on import: the rule imports this module
    (from a worker thread too), and the intake's workbook module starts a thread pool when imported."""
    return {_words(s): s for s in SCORE_SUBJECTS} | SUBJECT_ALIASES


def _header_field(text: str) -> str | None:
    subjects = _subjects()
    if text in subjects:
        return "subject:" + subjects[text]
    for name, starts in HEADER_WORDS.items():
        if any(text == w or text.startswith(w + " ") or (len(w) > 3 and text.startswith(w)) for w in starts):
            return name
    return None


@dataclass
class MedalistRow:
    row: int
    full_name: str | None
    code: str | None
    school: str | None
    year: int | None
    medal: str | None
    scores: dict[str, float]


@dataclass
class MedalistsFile:
    """What the sheet holds, row by row, and every problem found (nothing is matched or saved here)."""

    file: str
    sheet: str | None = None
    letters: dict[str, str] = field(default_factory=dict)  # field (or «subject:…») → column letter
    rows: list[MedalistRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def medal_of(text: str) -> str | None:
    """«I», «1», «I степени», «золотая» → "I"; «II», «2», «серебряная» → "II"; None otherwise."""
    words = _words(text).split()
    if any(w in ("ii", "2", "второй", "второй степени") or w.startswith("серебр") for w in words):
        return "II"
    if any(w in ("i", "1", "первой") or w.startswith("золот") for w in words):
        return "I"
    return None


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            name = _header_field(_words(cell))
            if name and name not in columns:
                columns[name] = col
        if ("code" in columns or "school" in columns) and "medal" in columns:
            return index, columns
    return None


def read_medalists_file(path: str | Path) -> MedalistsFile:
    """The first sheet with a header of medalists, read row by row."""
    from desktop.services.importers.intake.workbook import cell_number, cell_text, read_sheets

    path = Path(path)
    sheets = read_sheets(path)
    for sheet in sorted(sheets, key=lambda s: s.hidden):
        found = _find_header(sheet.rows)
        if found:
            break
    else:
        raise ImportFormatError(
            "не найдена строка заголовков списка медалистов. Нужны столбцы «Код ОО» или «Школа», «Медаль» и "
            "предметы ЕГЭ с тестовыми баллами (и «ФИО», «Год»).",
            file=path, sheet=sheets[0].name if len(sheets) == 1 else None)
    header, columns = found
    read = MedalistsFile(str(path), sheet.name, {n: column_letter(c + 1) for n, c in columns.items()})
    title_year = next((int(m.group(1)) for row in sheet.rows[:header] for cell in row if isinstance(cell, str)
                       for m in [_YEAR.search(cell)] if m), None)
    if "year" not in columns and title_year is None:
        read.problems.append(Problem("нет столбца «Год» и года в заголовке листа", sheet.name, header + 1))
    for col, cell in enumerate(sheet.rows[header]):
        text = _words(cell)
        if text and col not in columns.values() and text not in IGNORED_HEADERS:
            read.problems.append(Problem(f"столбец «{cell_text(cell)}» не прочитан: это не предмет ЕГЭ с тестовым "
                                         "баллом", sheet.name, header + 1, column_letter(col + 1), "warning"))
    subjects = {name.split(":", 1)[1]: col for name, col in columns.items() if name.startswith("subject:")}
    for number, cells in enumerate(sheet.rows[header + 1:], start=header + 2):
        def value(name: str, cells=cells):
            col = columns.get(name)
            return cells[col] if col is not None and col < len(cells) else None

        def problem(name: str, message: str, number=number) -> None:
            read.problems.append(Problem(message, sheet.name, number, read.letters.get(name)))

        texts = {name: cell_text(value(name)) for name in HEADER_WORDS}
        scores: dict[str, float] = {}
        bad = len(read.problems)
        for subject in subjects:
            name = "subject:" + subject
            raw = value(name)
            try:
                score = cell_number(raw)
            except ValueError:
                problem(name, f"«{cell_text(raw)}» — не тестовый балл: ожидается число от 0 до 100")
                continue
            if score is None:
                continue
            if not 0 <= score <= 100:
                problem(name, f"тестовый балл {format_figure(score, 'score')} вне 0–100")
                continue
            scores[subject] = score
        if not any(texts.values()) and not scores:
            continue
        year = title_year
        if texts["year"]:
            match = _YEAR.search(texts["year"])
            year = int(match.group(1)) if match else None
            if year is None:
                problem("year", f"«{texts['year']}» — не год: ожидается год числом, например 2026")
        if not texts["code"] and not texts["school"]:
            problem("school" if "school" in columns else "code", "не указана школа")
        medal = medal_of(texts["medal"] or "")
        if medal is None:
            problem("medal", f"«{texts['medal'] or ''}» — не медаль: ожидается «I» (I степени) или «II» (II степени)"
                    if texts["medal"] else "не указана медаль")
        if len(read.problems) == bad:
            read.rows.append(MedalistRow(number, texts["full_name"], texts["code"], texts["school"], year, medal,
                                         scores))
    if not read.rows and not any(p.is_error for p in read.problems):
        read.problems.append(Problem("в файле нет ни одного медалиста", sheet.name))
    return read


@dataclass
class MedalistsPlan(HasProblems):
    file: str
    sheet: str | None
    medalists: list[Medalist] = field(default_factory=list)
    lists: list[tuple[int, int]] = field(default_factory=list)  # (school id, year) whose lists are replaced
    replaced: int = 0  # medalists saved before for those lists
    problems: list[Problem] = field(default_factory=list)

    def to_json(self, saved: bool) -> dict:
        return {"file": self.file, "sheet": self.sheet, "medalists": len(self.medalists),
                "lists": [{"school_id": s, "year": y} for s, y in self.lists], "replaced": self.replaced,
                "problems": [p.to_json() for p in self.problems], "saved": saved}


def read_medalists(path: str | Path) -> MedalistsFile:
    """`read_medalists_file` through the intake's reader: a .xls in a child process, a .xlsx here."""
    from desktop.services.importers.intake.child_reader import read_untrusted

    return read_untrusted("medalists", Path(path))


def plan_medalists_import(db: Database, path: str | Path) -> MedalistsPlan:
    """The file read through the intake and its schools matched; nothing is written."""
    return match_medalists(db, read_medalists(path))


def match_medalists(db: Database, read: MedalistsFile) -> MedalistsPlan:
    """The schools of a read list matched with the registry (by code, else by name)."""
    from desktop.models.schools import CODE_PATTERN, fold_code
    from desktop.services.school_matching import SchoolMatcher, describe_school

    plan = MedalistsPlan(read.file, read.sheet, problems=list(read.problems))
    matcher = SchoolMatcher(db)
    column = read.letters.get("code") or read.letters.get("school")
    for row in read.rows:
        code, name = row.code, row.school
        if code and not (CODE_PATTERN.fullmatch(fold_code(code) or "") or code.isdigit()):
            code, name = None, name or code  # a name in the column of codes, as lists often have it
        found = matcher.match(code, name)
        if found is None:
            plan.problems.append(Problem(f"школа {describe_school(code, name)} не найдена в реестре: "
                                         "добавьте её или запомните написание (msoko results alias)",
                                         read.sheet, row.row, column))
            continue
        if row.year is None:
            continue
        plan.medalists.append(Medalist(found.school_id, row.year, row.medal, row.full_name, row.scores,
                                       Path(read.file).name))
    plan.lists = sorted({(m.school_id, m.year) for m in plan.medalists})
    plan.replaced = sum(db.execute("SELECT count(*) FROM medalists WHERE school_id = ? AND year = ?",
                                   pair).fetchone()[0] for pair in plan.lists)
    return plan


def apply_medalists_import(db: Database, plan: MedalistsPlan) -> None:
    """All of the file's lists in one transaction."""
    if plan.has_errors:
        raise ValueError("a plan with errors cannot be applied")
    with transaction(db):
        MedalistsRepository(db).replace(plan.lists, plan.medalists)
    log.info("medalists from %s: %d saved, %d replaced", Path(plan.file).name, len(plan.medalists), plan.replaced)


def add_medalist(db: Database, medalist: Medalist) -> int:
    """One medalist entered by hand, beside those saved for the school and year."""
    with transaction(db):
        return MedalistsRepository(db).replace([], [medalist])[0]


# --- the rule ------------------------------------------------------------------------------------

def _who(medalist: Medalist, number: int) -> str:
    """«медалист 2 (I степени)»: by the place in the school's list, never by name — the explanation goes
    into reports and orders, and names are not exported by default."""
    return f"медалист {number} ({MEDALS[medalist.medal]})"


def medalist_flags(db: Database, year: int, settings, notes: list[str]) -> list:
    """Schools with `medalist_min_count` medalists of `year` under `medalist_min_score` in a subject."""
    from desktop.services.rules import OBJECTIVITY, Flag, pct

    medalists = MedalistsRepository(db).list(year=year)
    if not medalists:
        notes.append(f"Индекс неподтверждения результатов медалистов не рассчитан: в базе нет сведений о медалистах "
                     f"{year} года (Результаты → «Медалисты…» или msoko results medalists import).")
        return []
    by_school: dict[int, list[Medalist]] = {}
    for medalist in medalists:
        by_school.setdefault(medalist.school_id, []).append(medalist)
    limit = settings.medalist_min_score
    flags = []
    for school_id, members in by_school.items():
        low = []
        for number, medalist in enumerate(members, 1):
            under = sorted((s, v) for s, v in medalist.scores.items() if v < limit)
            if under:
                low.append(f"{_who(medalist, number)}: " + ", ".join(f"{s} — {format_figure(v, 'score').removesuffix(',0')}"
                                                            for s, v in under))
        if low and len(low) >= settings.medalist_min_count:
            first = members[0]
            flags.append(Flag(school_id, first.school_code, first.school_name, OBJECTIVITY, "medalists",
                              f"индекс неподтверждения результатов медалистов {year} — {pct(len(low) / len(members))} "
                              f"({len(low)} из {len(members)}): "
                              f"тестовый балл ЕГЭ ниже {limit} — {'; '.join(low)}."))
    return flags
