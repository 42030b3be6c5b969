"""ФИС ОКО: the regional (municipal) per-student exports of ВПР — one row per pupil of every school.

What a regional or municipal coordinator downloads for all schools at once: primary scores per task,
the total and the previous term's mark, and **no ВПР mark** (it comes from the year's scale, so the
file is read with `needs_scale`). Three generations, told apart by their header words:

- 2022 (sheet `Протокол` beside `Классы`): `Пользователь | Код региона | Регион | Муниципалитет |
  Школа | Дата загрузки | Код | Вариант | 1 (1б) … | Наименование класса | Пол | Отметка за
  предыдущий … | Итого баллов`; codes and names in one cell, `edu223017 | МБОУ "…"`.
- 2021 (sheet `Sheet`): `логин школы | регион | номер обучающегося | код обучающегося | отметка за
  предыдущую четверть/триместр | пол | класс | вариант | всего баллов | балл за 1 … | Учебник`;
  no municipality: the file lists the schools of a whole region (`ParsedFile.whole_region`).
- 2020 (sheet `Sheet1`): `groups | user | id | code | otc | gender | klass | var-1 | var-2 | sum |
  a-1-grade …`; the municipality is a token of `groups` (`…,reg22_vpr_m004,…`).

Pupils whose variant says `отсутствовал` took no part: they are left out with one warning. The
subject and the grade are not in the file: they come from its name («Проведение работы по
математике, 4 класс. ВПР 2021.xlsx»), the year from `Дата загрузки` (2022) or the name.

A region's file has tens of thousands of rows, so the sheet is worked a column at a time, as
`fisoko_individual` does (its column helpers are reused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import filterfalse, repeat
from operator import add
from pathlib import Path

from desktop.errors import ImportFormatError, column_letter
from desktop.folding import fold
from desktop.models.results import normalize_subject
from desktop.services.importers.intake.workbook import Sheet, cell_text, find_row, header_text
from desktop.services.importers.results.fisoko_common import TITLE_LINE, parse_date
from desktop.services.importers.results.fisoko_individual import (
    _column,
    _convert,
    _marks,
    _not_float,
    _present,
    _task_values,
    _where,
    apply_replacements,
    number_replacements,
    task_columns,
    task_info,
)
from desktop.services.importers.results.records import AssessmentKey, ParsedFile, ProblemLog, Students
from desktop.services.importers.results.school_names import extract_code, strip_code

LAYOUT = "fisoko_regional"
DESCRIPTION = "ФИС ОКО: выгрузка результатов участников ВПР по региону (муниципалитету)"

VALID_MARKS = {2.0: 2, 3.0: 3, 4.0: 4, 5.0: 5}
TASK_2021 = re.compile(r"^балл за\s*(\d+(?:\.\d+)?(?:[кk]\d+)?)$")
TASK_2020 = re.compile(r"^a-(\d+(?:\.\d+)?(?:[кk]\d+)?)-grade$")
# a municipality among the login's groups: `reg22_m004`, `reg22_vpr_m004`
GROUP_MUNICIPALITY = re.compile(r"reg(\d+)_(?:[a-z0-9]+_)*?m(\d+)")
GRADE_IN_NAME = re.compile(r"(?<!\d)(\d{1,2})\s*-?\s*(?:й\s*)?(?:класс|кл\b)", re.IGNORECASE)
VPR_YEAR_IN_NAME = re.compile(r"ВПР\D{0,3}(20\d\d)(?!\d)", re.IGNORECASE)
YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
YEARS = range(2015, 2036)
ABSENT = "отсутств"
EXAMPLE_NAME = "ВПР 2021 математика 4 класс"


@dataclass
class _Columns:
    """Where a generation keeps each thing (0-based columns; None when it has no such column)."""

    generation: str
    login: int | None = None  # the school's login: `Пользователь`, `логин школы`, `user`
    school: int | None = None  # `Школа`: `edu223017 | МБОУ "…"` (2022)
    municipality: int | None = None  # `Муниципалитет`: `reg22_m001 | …` (2022)
    groups: int | None = None  # `groups` (2020), a municipality token inside
    loaded: int | None = None  # `Дата загрузки` (2022)
    participant: int | None = None
    class_label: int | None = None
    variants: list[int] = field(default_factory=list)
    primary: int | None = None
    journal: int | None = None
    tasks: list[tuple[int, str, float | None]] = field(default_factory=list)  # (column, key, max or None)


def _is_2022(texts: list[str]) -> bool:
    return {"пользователь", "школа", "код", "вариант", "итого баллов"} <= set(texts)


def _is_2021(texts: list[str]) -> bool:
    names = set(texts)
    return {"логин школы", "всего баллов"} <= names and bool(names & {"код обучающегося", "номер обучающегося"})


def _is_2020(texts: list[str]) -> bool:
    return {"user", "otc", "sum"} <= set(texts) and any(TASK_2020.match(t) for t in texts)


GENERATIONS = (("2022", _is_2022), ("2021", _is_2021), ("2020", _is_2020))


def find(sheets: list[Sheet]) -> tuple[Sheet, int, str] | None:
    """(sheet, header row, generation) of the first sheet with a pupils' header of one of the generations."""
    for sheet in sheets:
        for generation, test in GENERATIONS:
            row = find_row(sheet, test, limit=10)
            if row is not None:
                return sheet, row, generation
    return None


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def _columns(generation: str, raw_headers: list[object]) -> _Columns:
    headers = [header_text(v) for v in raw_headers]

    def col(*names: str) -> int | None:
        return next((headers.index(n) for n in names if n in headers), None)

    def starting(prefix: str) -> int | None:
        return next((c for c, t in enumerate(headers) if t.startswith(prefix)), None)

    if generation == "2022":
        found = _Columns(generation, login=col("пользователь"), school=col("школа"),
                         municipality=col("муниципалитет"), loaded=col("дата загрузки"), participant=col("код"),
                         class_label=col("наименование класса", "класс"), variants=[col("вариант")],
                         primary=col("итого баллов"), journal=starting("отметка за предыдущ"))
        found.tasks = list(task_columns(raw_headers))
    elif generation == "2021":
        found = _Columns(generation, login=col("логин школы"),
                         participant=col("код обучающегося", "номер обучающегося"), class_label=col("класс"),
                         variants=[col("вариант")], primary=col("всего баллов"), journal=starting("отметка за предыдущ"))
        found.tasks = _numbered_tasks(headers, TASK_2021)
    else:
        found = _Columns(generation, login=col("user"), groups=col("groups"), participant=col("code", "id"),
                         class_label=col("klass", "class"), variants=[col("var-1"), col("var-2")],
                         primary=col("sum"), journal=col("otc"))
        found.tasks = _numbered_tasks(headers, TASK_2020)
    found.variants = [c for c in found.variants if c is not None]
    return found


def _numbered_tasks(headers: list[str], pattern: re.Pattern) -> list[tuple[int, str, float | None]]:
    """`балл за 1`, `a-1-grade`: the task keys, with no maximum given."""
    result = []
    for c, text in enumerate(headers):
        match = pattern.match(text)
        if match:
            result.append((c, match.group(1).upper().replace("K", "К"), None))
    return result


# --------------------------------------------------------------------------------------------------
# the assessment: subject and grade from the file name, the year from the upload date or the name


def _stem(word: str) -> str:
    """The part of a subject's word its other cases begin with: «математика» → «математик» (по
    математике), «русский» → «русск» (по русскому), «язык» stays (по языку)."""
    if len(word) > 4 and word.endswith(("ий", "ый", "ой", "ая", "ое", "ые")):
        return word[:-2]
    if len(word) > 3 and word[-1] in "аеиоуыэюяйь":
        return word[:-1]
    return word


def _known_subjects() -> list[str]:
    """The program's list of usual subjects (the office's template lists the same), every kind's."""
    from desktop.services.results_template import SUBJECTS

    names: list[str] = []
    for subjects in SUBJECTS.values():
        names.extend(s for s in subjects if s not in names)
    return names


def subject_in_name(text: str) -> str | None:
    """The subject a file's name states, as the program spells it: «… по математике, 4 класс …» and
    «ВПР 2021 математика 4 класс» → «Математика»; «… по русскому языку …» → «Русский язык»."""
    words = re.findall(r"[a-zа-я]+", fold(text))
    best, best_size = None, 0
    for subject in _known_subjects():
        stems = [_stem(w) for w in fold(subject).split()]
        if len(stems) > best_size and all(any(w.startswith(s) for w in words) for s in stems):
            best, best_size = subject, len(stems)
    if best:
        return best
    match = TITLE_LINE.search(text)  # «ВПР 2021 Окружающий мир 4 класс»: the subject as written
    return normalize_subject(match.group(3)) if match else None


def grade_in_name(text: str) -> int | None:
    match = GRADE_IN_NAME.search(text)
    grade = int(match.group(1)) if match else None
    return grade if grade is not None and 1 <= grade <= 11 else None


def year_in_name(text: str) -> int | None:
    for pattern in (VPR_YEAR_IN_NAME, YEAR_IN_NAME):
        for match in pattern.finditer(text):
            if int(match.group(1)) in YEARS:
                return int(match.group(1))
    return None


def _assessment(path, sheet: Sheet, loaded: list[object], tasks: list[tuple[int, str, float | None]]) -> AssessmentKey:
    name = Path(str(path)).stem
    dates = sorted(d for d in map(parse_date, set(loaded)) if d is not None)
    year = dates[0].year if dates and dates[0].year in YEARS else year_in_name(name)
    subject, grade = subject_in_name(name), grade_in_name(name)
    missing = [what for what, value in (("предмет", subject), ("класс", grade), ("год", year)) if value is None]
    if missing:
        what = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " и " + missing[-1]
        example = f"ВПР {year or 2021} {fold(subject) if subject else 'математика'} {grade or 4} класс"
        raise ImportFormatError(
            f"Не удалось узнать {what}: в файле {'его' if len(missing) == 1 else 'их'} нет, а в имени файла не "
            f"найдено «… по математике, 4 класс … ВПР 2021». Переименуйте файл так, например: "
            f"«{example}{Path(str(path)).suffix or '.xlsx'}».",
            file=path, sheet=sheet.name)
    tops = [top for _, _, top in tasks]
    max_score = sum(tops) if tops and None not in tops else None
    return AssessmentKey("ВПР", year, subject, grade, None, max_score)


# --------------------------------------------------------------------------------------------------
# reading


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    found = find(sheets)
    if found is None:
        raise ImportFormatError("Не найден заголовок выгрузки результатов участников ВПР по региону "
                                "(столбцы «Пользователь», «Код», «Вариант», «Итого баллов»).", file=path)
    sheet, header_row, generation = found
    raw_headers = sheet.rows[header_row - 1]
    spec = _columns(generation, raw_headers)
    log = ProblemLog(sheet.name)
    if not spec.tasks:
        log.warning("В заголовке не найдено ни одного столбца заданий.", header_row)

    width = len(raw_headers)
    body = sheet.rows[header_row:]
    if any(len(r) < width for r in body):
        body = [r if len(r) >= width else r + [None] * (width - len(r)) for r in body]

    # pupils: rows with a participant code; those whose variant says «отсутствовал» took no part
    codes = _column(body, spec.participant)
    taken = _where(map(_present, codes))
    absent: set[int] = set()
    for c in spec.variants:
        column = _column(body, c)
        said = {v for v in set(column) if isinstance(v, str) and ABSENT in fold(v)}
        if said:
            absent.update(_where(map(said.__contains__, column)))
    if absent:
        taken = list(filterfalse(absent.__contains__, taken))
    for i in sorted(set(range(len(body))).difference(taken, absent)):
        if any(map(_present, body[i])):
            letter = column_letter(spec.participant + 1) if spec.participant is not None else None
            log.warning("Строка без кода участника пропущена.", header_row + i + 1, letter, kind="no_participant")
    if absent:
        log.warning(f"Не участвовали в работе («отсутствовал» в столбце «Вариант»): {len(absent)} уч.; "
                    "их строки не загружаются.", kind="absent")
    rows = list(map(body.__getitem__, taken))
    excel_rows = list(map(add, taken, repeat(header_row + 1)))
    n = len(rows)

    key = _assessment(path, sheet, _column(rows, spec.loaded) if spec.loaded is not None else [], spec.tasks)

    # schools: `edu223017 | МБОУ "…"` (2022), else the login column
    school_cells = _column(rows, spec.school)
    school_codes = _convert(school_cells, extract_code)
    school_names = _convert(school_cells, _school_name)
    if None in school_codes:
        logins = _convert(_column(rows, spec.login), extract_code)
        school_codes = [s if s is not None else g for s, g in zip(school_codes, logins, strict=True)]
        column = spec.login if spec.login is not None else spec.school
        letter = column_letter(column + 1) if column is not None else None
        for k in [k for k, s in enumerate(school_codes) if s is None]:
            log.error("Не найден логин школы (edu… или sch…).", excel_rows[k], letter, kind="no_school")

    if spec.municipality is not None:
        municipalities = _convert(_column(rows, spec.municipality), extract_code)
    elif spec.groups is not None:
        municipalities = _convert(_column(rows, spec.groups), _group_municipality)
    else:
        municipalities = [None] * n

    written = _column(rows, spec.participant)
    if not _not_float(written) and all(map(float.is_integer, written)):
        participants = list(map(str, map(int, written)))
    else:
        participants = _convert(written, cell_text)
    classes = _convert(_column(rows, spec.class_label), cell_text)
    variants = _convert(_column(rows, spec.variants[0] if spec.variants else None), cell_text)
    if len(spec.variants) > 1 and None in variants:
        second = _convert(_column(rows, spec.variants[1]), cell_text)
        variants = [v if v is not None else w for v, w in zip(variants, second, strict=True)]

    tasks = _task_values(rows, spec.tasks, excel_rows, log)
    primary = _primary(rows, spec.primary, key.max_score, excel_rows, log)
    journal = (_marks(rows, spec.journal, "Отметка за предыдущую четверть", excel_rows, log, "warning")
               if spec.journal is not None else [None] * n)

    keys = tuple(key for _, key, _ in spec.tasks)
    students = Students(n, keys, tasks if keys else None, school_code=school_codes, school_name=school_names,
                        participant_code=participants, class_label=classes, variant=variants, primary_score=primary,
                        journal_mark=journal, row=excel_rows, municipality_code=municipalities)
    if not students:
        log.error("Под заголовком таблицы нет ни одной строки с результатами участников.", header_row + 1)
    return ParsedFile(
        str(path), LAYOUT, sheet.name, [key], students=students, student_assessment=[0] * n,
        problems=log.finish(), kind_of_file=DESCRIPTION, needs_scale=True,
        whole_region=bool(students) and all(m is None for m in municipalities),
        task_info={0: task_info(sheet.rows[: header_row - 1], spec.tasks)} if spec.tasks else {},
    )


def _school_name(value: object) -> str | None:
    text = cell_text(value)
    return (strip_code(text) or None) if text else None


def _group_municipality(value: object) -> str | None:
    """The one municipality among the groups of a login (`…,reg22_vpr_m004,…` → `reg22_m004`);
    None when there is none or more than one."""
    if not isinstance(value, str):
        return None
    found = {f"reg{m.group(1)}_m{m.group(2)}" for token in re.split(r"[,;\s]+", value.lower())
             if (m := GROUP_MUNICIPALITY.fullmatch(token))}
    return found.pop() if len(found) == 1 else None


def _primary(rows: list[list[object]], c: int | None, top: float | None, excel_rows: list[int],
             log: ProblemLog) -> list[float | None]:
    column = _column(rows, c)
    if c is not None:
        apply_replacements(column, number_replacements(column, top, "Итого баллов"), c, excel_rows, log, "primary")
    return column
