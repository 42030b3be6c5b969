"""The office's own template that schools fill in (written by `desktop.services.results_template`).

Sheets: «Инструкция»; «Результаты по школам» — a row per school × subject × grade with the number of
participants, of each mark and (ВПР and the like) of lowered / confirmed / raised; «Результаты
учеников» — a row per pupil (no names); the hidden «Списки» for the drop-down lists and the hidden
marker sheet «МСОКО» holding the kind and year. The file is recognised by the marker, or by the
sheet names with their headers when a school copied the sheets into a new book.

A filled template is typed by hand, so what a ФИС ОКО report would only warn about is an error
here: marks that do not add up to the participants, more compared with the journal than took part.
"""

from __future__ import annotations

import re
from dataclasses import replace

from desktop.errors import ImportFormatError, UserError, column_letter
from desktop.figures import COUNTS, ESSAY, INTERVIEW, JOURNAL, JOURNAL_KINDS, LABELS, MARKS, PASS_FAIL, PASS_FAIL_KINDS
from desktop.models.results import normalize_subject, parse_kind
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, header_text
from desktop.services.importers.problems import Problem
from desktop.services.importers.results.records import AssessmentKey, GroupRow, ParsedFile, ProblemLog, StudentRow
from desktop.services.importers.results.school_names import split_code

LAYOUT = "office_template"
DESCRIPTION = "шаблон для школ, заполненный школой"  # what the user is told the file was read as
MARKER_SHEET = "МСОКО"
MARKER = "msoko:results-template"
VERSION = 1
INSTRUCTIONS_SHEET = "Инструкция"
SCHOOLS_SHEET = "Результаты по школам"
STUDENTS_SHEET = "Результаты учеников"
LISTS_SHEET = "Списки"
TITLE = re.compile(r"результаты\s+(\S+(?:\s+мониторинг)?)\s+(\d{4})", re.IGNORECASE)

# field → header; the writer and the reader share these
HEADERS = {
    "school": "Школа",
    "subject": "Предмет",
    "grade": "Класс",
    **{name: LABELS[name] for name in (*COUNTS, *PASS_FAIL)},
    "mean_primary": "Средний балл",
    "letter": "Буква класса",
    "participant": "Код участника",
    "variant": "Вариант",
    "primary": "Первичный балл",
    "mark": "Отметка",
    "journal": "Отметка по журналу",
    "test": "Тестовый балл",
}
DEFAULT_GRADE = {"ОГЭ": 9, "ЕГЭ": 11, ESSAY: 11, INTERVIEW: 9}
GRADES = {"ВПР": (4, 5, 6, 7, 8, 10, 11), "ОГЭ": (9,), "ЕГЭ": (11,), "ГВЭ": (9, 11), ESSAY: (11,), INTERVIEW: (9,)}
MAX_SCORE = {INTERVIEW: 20}  # the собеседование's score: out of 20 (the «Средний балл» of its schools)
ALL_GRADES = tuple(range(1, 12))
HEADER_ROW = 3  # the writer's; the reader searches for it


def school_fields(kind: str) -> list[str]:
    """Columns of «Результаты по школам»; ЕГЭ has none (test scores come per pupil); the сочинение and the
    собеседование count «зачёт» and «незачёт», the собеседование its mean score too."""
    if kind == "ЕГЭ":
        return []
    if kind in PASS_FAIL_KINDS:
        return ["school", "subject", "grade", "participants", *PASS_FAIL, *(["mean_primary"] if kind in MAX_SCORE else [])]
    journal = JOURNAL if kind in JOURNAL_KINDS else ()
    return ["school", "subject", "grade", "participants", *MARKS, *journal]


def student_fields(kind: str) -> list[str]:
    """Columns of «Результаты учеников»; none for the сочинение and the собеседование (schools send counts)."""
    if kind in PASS_FAIL_KINDS:
        return []
    base = ["school", "subject", "grade", "letter", "participant"]
    if kind == "ЕГЭ":
        return [*base, "primary", "test", "mark"]
    if kind in JOURNAL_KINDS:
        return [*base, "variant", "primary", "mark", "journal"]
    return [*base, "primary", "mark"]


def grades_of(kind: str) -> tuple[int, ...]:
    return GRADES.get(kind, ALL_GRADES)


def _marker(sheets: list[Sheet]) -> Sheet | None:
    for sheet in sheets:
        if sheet.name == MARKER_SHEET and cell_text(sheet.cell(1, 1)) == MARKER:
            return sheet
    return None


def _header_row(sheet: Sheet) -> int | None:
    wanted = {header_text(HEADERS["school"]), header_text(HEADERS["subject"]), header_text(HEADERS["grade"])}
    for index, values in enumerate(sheet.rows[:10]):
        if wanted <= {header_text(v) for v in values}:
            return index + 1
    return None


def matches(sheets: list[Sheet]) -> bool:
    if _marker(sheets):
        return True
    return any(s.name in (SCHOOLS_SHEET, STUDENTS_SHEET) and _header_row(s) for s in sheets)


def _kind_and_year(sheets: list[Sheet], path) -> tuple[str, int]:
    found = None
    marker = _marker(sheets)
    if marker and cell_text(marker.cell(2, 2)) and cell_text(marker.cell(3, 2)):
        found = cell_text(marker.cell(2, 2)), cell_text(marker.cell(3, 2))
    for sheet in sheets:
        match = TITLE.search(cell_text(sheet.cell(1, 1)) or "")
        if found is None and match:
            found = match.group(1), match.group(2)
    if found:
        try:
            return parse_kind(found[0]), int(found[1])
        except (UserError, ValueError) as error:
            raise ImportFormatError(f"Процедура или год шаблона не читаются: {error}", file=path) from None
    raise ImportFormatError("Не удалось узнать процедуру и год шаблона: нет служебного листа «МСОКО» и строки "
                            "«Результаты ВПР 2026 года» над таблицей.", file=path)


class _Reader:
    """One sheet: columns by header, values checked cell by cell with problems by row and column."""

    def __init__(self, sheet: Sheet, header_row: int, kind: str, year: int):
        self.sheet = sheet
        self.header_row = header_row
        self.kind = kind
        self.year = year
        self.log = ProblemLog(sheet.name)
        headers = [header_text(v) for v in sheet.rows[header_row - 1]]
        self.columns = {name: headers.index(header_text(text)) for name, text in HEADERS.items()
                        if header_text(text) in headers}

    def rows(self):
        for index in range(self.header_row, len(self.sheet.rows)):
            values = self.sheet.rows[index]
            if any(v is not None and cell_text(v) is not None for v in values):
                yield index + 1, values

    def raw(self, values, name):
        c = self.columns.get(name)
        return values[c] if c is not None and c < len(values) else None

    def letter(self, name) -> str | None:
        c = self.columns.get(name)
        return column_letter(c + 1) if c is not None else None

    def text(self, values, name) -> str | None:
        return cell_text(self.raw(values, name))

    def number(self, values, name, row, *, whole: bool, low: float = 0, high: float | None = None) -> float | None:
        try:
            value = cell_number(self.raw(values, name))
        except ValueError as error:
            self.log.error(f"«{HEADERS[name]}»: {error}.", row, self.letter(name), kind=f"text:{name}")
            return None
        if value is None:
            return None
        if (whole and not value.is_integer()) or value < low or (high is not None and value > high):
            limit = f"{low:g}–{high:g}" if high is not None else f"не меньше {low:g}"
            what = "целое число " if whole else "число "
            self.log.error(f"«{HEADERS[name]}»: {value:g} — ожидается {what}{limit}.", row, self.letter(name),
                           kind=f"range:{name}")
            return None
        return value

    def key(self, values, row) -> AssessmentKey | None:
        """The assessment of a row: its subject and grade (the grade defaults for ОГЭ and ЕГЭ)."""
        subject = self.text(values, "subject")
        if not subject:
            self.log.error("Не указан предмет.", row, self.letter("subject"), kind="no_subject")
            return None
        grade = self.number(values, "grade", row, whole=True, low=1, high=11)
        if grade is None and self.raw(values, "grade") is None:
            grade = DEFAULT_GRADE.get(self.kind)
            if grade is None:
                self.log.error("Не указан класс.", row, self.letter("grade"), kind="no_grade")
        if grade is None:
            return None
        return AssessmentKey(self.kind, self.year, normalize_subject(subject), int(grade), None,
                             MAX_SCORE.get(self.kind))

    def school(self, values, row) -> tuple[str | None, str | None] | None:
        text = self.text(values, "school")
        if not text:
            self.log.error("Не указана школа.", row, self.letter("school"), kind="no_school")
            return None
        name, code = split_code(text)
        return code, name


def _read_schools(reader: _Reader, keys: list[AssessmentKey], groups: list[GroupRow], owners: list[int]) -> None:
    seen: dict[tuple, int] = {}
    pass_fail = reader.kind in PASS_FAIL_KINDS
    for row, values in reader.rows():
        school, key = reader.school(values, row), reader.key(values, row)
        counts = {name: reader.number(values, name, row, whole=True) for name in (*COUNTS, *PASS_FAIL)}
        if school is None or key is None:
            continue
        participants = counts["participants"]
        if participants is None:
            reader.log.error("Не указано число участников.", row, reader.letter("participants"), kind="no_n")
            continue
        if pass_fail:
            group = _pass_fail_row(reader, counts, values, row)
            if group is not None and _first(reader, seen, (key, school), row):
                _add(keys, key, owners, groups, replace(group, code=school[0], name=school[1]))
            continue
        marks = [counts[m] for m in MARKS]
        if all(m is None for m in marks):
            reader.log.error("Не указано ни одной отметки: заполните «2», «3», «4», «5» (пустая клетка — 0).",
                             row, reader.letter("n2"), kind="no_marks")
            continue
        marks = [int(m or 0) for m in marks]
        if sum(marks) != participants:
            reader.log.error(f"Сумма отметок «2»–«5» ({sum(marks)}) не равна числу участников "
                             f"({participants:g}).", row, reader.letter("participants"), kind="sum")
            continue
        journal = [counts[m] for m in JOURNAL]
        if all(j is None for j in journal):
            journal = [None, None, None]
        else:
            journal = [int(j or 0) for j in journal]
            if sum(journal) > participants:
                reader.log.error(f"Понизили + подтвердили + повысили = {sum(journal)}, это больше числа "
                                 f"участников ({participants:g}).", row, reader.letter("lowered"), kind="journal")
                continue
        if not _first(reader, seen, (key, school), row):
            continue
        code, name = school
        _add(keys, key, owners, groups,
             GroupRow(int(participants), *marks, *journal, level="school", code=code, name=name, row=row))


def _first(reader: _Reader, seen: dict[tuple, int], identity: tuple, row: int) -> bool:
    """Whether this school, subject and grade are met for the first time on the sheet (else an error)."""
    if identity in seen:
        reader.log.error(f"Эта школа, предмет и класс уже есть в строке {seen[identity]}.", row,
                         reader.letter("school"), kind="duplicate")
        return False
    seen[identity] = row
    return True


def _add(keys: list[AssessmentKey], key: AssessmentKey, owners: list[int], groups: list[GroupRow],
         group: GroupRow) -> None:
    if key not in keys:
        keys.append(key)
    groups.append(group)
    owners.append(keys.index(key))


def _pass_fail_row(reader: _Reader, counts: dict, values, row: int) -> GroupRow | None:
    """A school's «зачёт» / «незачёт» (an empty cell is 0) adding up to its participants, and the
    собеседование's mean score within its maximum; None when the row is refused (reported)."""
    participants = int(counts["participants"])
    if counts["passed"] is None and counts["failed"] is None:
        reader.log.error("Не указаны «Зачёт» и «Незачёт» (пустая клетка — 0).", row, reader.letter("passed"),
                         kind="no_pass_fail")
        return None
    passed, failed = int(counts["passed"] or 0), int(counts["failed"] or 0)
    if passed + failed != participants:
        reader.log.error(f"Зачёт + незачёт ({passed + failed}) не равно числу участников ({participants}).", row,
                         reader.letter("participants"), kind="sum")
        return None
    mean = None
    if "mean_primary" in reader.columns:
        mean = reader.number(values, "mean_primary", row, whole=False, high=MAX_SCORE[reader.kind])
    return GroupRow(participants, mean_primary=mean, passed=passed, failed=failed, level="school", code=None, name="",
                    row=row)


def _read_students(reader: _Reader, keys: list[AssessmentKey], students: list[StudentRow],
                   owners: list[int]) -> None:
    for row, values in reader.rows():
        school, key = reader.school(values, row), reader.key(values, row)
        primary = reader.number(values, "primary", row, whole=False)
        mark = reader.number(values, "mark", row, whole=True, low=2, high=5)
        journal = reader.number(values, "journal", row, whole=True, low=2, high=5)
        test = reader.number(values, "test", row, whole=False, high=100)
        if school is None or key is None:
            continue
        if mark is None and test is None:
            if reader.raw(values, "mark") is not None or reader.raw(values, "test") is not None:
                continue  # a value that is not a result: reported above
            wanted = "тестовый балл или отметку" if reader.kind == "ЕГЭ" else "отметку"
            reader.log.error(f"Не указан результат ученика: укажите {wanted}.", row,
                             reader.letter("test" if reader.kind == "ЕГЭ" else "mark"), kind="no_result")
            continue
        letter = reader.text(values, "letter") or ""
        if key not in keys:
            keys.append(key)
        code, name = school
        students.append(StudentRow(
            code, name, reader.text(values, "participant"), f"{key.grade}{letter}", reader.text(values, "variant"),
            {}, primary, int(mark) if mark is not None else None, int(journal) if journal is not None else None,
            test, None, None, row,
        ))
        owners.append(keys.index(key))


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    kind, year = _kind_and_year(sheets, path)
    keys: list[AssessmentKey] = []
    groups: list[GroupRow] = []
    group_owners: list[int] = []
    students: list[StudentRow] = []
    student_owners: list[int] = []
    problems = []
    main_sheet = None
    for sheet in sheets:
        if sheet.name not in (SCHOOLS_SHEET, STUDENTS_SHEET):
            continue
        header_row = _header_row(sheet)
        if header_row is None:
            raise ImportFormatError("Не найдена строка заголовка «Школа | Предмет | Класс …»: не меняйте заголовки "
                                    "шаблона.", file=path, sheet=sheet.name)
        reader = _Reader(sheet, header_row, kind, year)
        if sheet.name == SCHOOLS_SHEET:
            _read_schools(reader, keys, groups, group_owners)
        else:
            _read_students(reader, keys, students, student_owners)
        problems += reader.log.finish()
        main_sheet = main_sheet or sheet.name
    if main_sheet is None:
        raise ImportFormatError(f"В шаблоне нет листов «{SCHOOLS_SHEET}» и «{STUDENTS_SHEET}».", file=path)
    if groups and students:
        # a school × assessment typed on both sheets would be counted twice: the pupils win
        typed = {(student_owners[i], s.school_code, s.school_name) for i, s in enumerate(students)}
        for group, owner in zip(list(groups), list(group_owners), strict=True):
            if (owner, group.code, group.name) in typed:
                problems.append(_problem(
                    "Результаты этой школы, предмета и класса есть и на листе «Результаты учеников»: "
                    "заполните только один из листов.", SCHOOLS_SHEET, group.row, "A"))
    if not groups and not students and not any(p.is_error for p in problems):
        problems.append(_problem("Шаблон не заполнен: нет ни одной строки с результатами.", main_sheet, HEADER_ROW + 1,
                                 None))
    return ParsedFile(str(path), LAYOUT, main_sheet, keys, groups=groups, students=students,
                        student_assessment=student_owners, problems=problems, group_assessment=group_owners)


def _problem(message, sheet, row, column) -> Problem:
    return Problem(message, sheet, row, column, "error")
