"""ФИС ОКО «Индивидуальные результаты»: one row per participant, grouped by school.

Header: `ОО | Муниципалитет | Название ОО | Код участника | Класс | Вариант | <tasks> | Первичный балл |
Отметка | Отметка по журналу`; task headers like `1 (2б)`, `9.1 (1б)`, `4К1 (3б)`. Each school's pupils
follow a group row `<school name>(edu203389) | Кол-во участников: 89` (the `|` is text in column A).
Missing values: X/Х, -, —, «нет отметки».

Files reach 300,000 rows, so the sheet is processed a column at a time with C-level built-ins
(map, itemgetter, zip, min/max): numbers (calamine's floats) pass straight through, only the few
cells that are not floats are visited in Python, and repeated texts (school codes, classes,
variants) are converted once per distinct value. See bench/bench_read_individual.py.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial
from itertools import compress, count, repeat
from operator import add, is_not, itemgetter

from desktop.errors import ImportFormatError, column_letter
from desktop.services.importers.intake.cancel import checkpoint
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, find_row, header_text
from desktop.services.importers.results.fisoko_common import read_preamble
from desktop.services.importers.results.records import (
    GroupRow,
    ParsedFile,
    ProblemLog,
    StudentRow,
    TaskInfo,
    TaskScores,
)
from desktop.services.importers.results.school_names import extract_code, split_code

LAYOUT = "fisoko_individual"
DESCRIPTION = "ФИС ОКО: индивидуальные результаты"  # what the user is told the file was read as
TASK_HEADER = re.compile(r"^(\d+(?:\.\d+)?(?:[КK]\d+)?)\s*\(\s*(\d+)\s*б\s*\)$", re.IGNORECASE)
GROUP_COUNT = re.compile(r"кол-во участников\s*:\s*(\d+)", re.IGNORECASE)
VALID_MARKS = {2.0: 2, 3.0: 3, 4.0: 4, 5.0: 5}

REQUIRED = {"код участника": "Код участника", "первичный балл": "Первичный балл", "отметка": "Отметка"}


def _is_header(texts: list[str]) -> bool:
    return "код участника" in texts and "первичный балл" in texts


def find(sheets: list[Sheet]) -> tuple[Sheet, int] | None:
    for sheet in sheets:
        row = find_row(sheet, _is_header)
        if row is not None:
            return sheet, row
    return None


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def task_columns(raw_headers: list[object]) -> list[tuple[int, str, float]]:
    """(column index, task key, max points) of every header like `4К1 (3б)`; the key is `4К1`."""
    result = []
    for c, value in enumerate(raw_headers):
        match = TASK_HEADER.match(" ".join(str(value).split())) if isinstance(value, str) else None
        if match:
            result.append((c, match.group(1).upper().replace("K", "К"), float(match.group(2))))
    return result


LEVELS = {"б": "Б", "п": "П", "в": "В", "b": "Б", "p": "П"}  # Latin look-alikes too


def task_info(above: list[list[object]], spec: list[tuple[int, str, float | None]]) -> list[TaskInfo]:
    """The tasks of `spec` with what the rows above the header say of them: a row «Уровень сложности
    задания» (Б/П/В over the task columns) and a row «Максимальный балл» (the points of each task;
    not the preamble's «Максимальный первичный балл:»); the header's «(2б)» otherwise."""
    levels: dict[int, str] = {}
    maxima: dict[int, float] = {}
    for values in above:
        label = next((header_text(v) for v in values if v is not None), "")
        if label.startswith("уровень сложности"):
            for c, _, _ in spec:
                text = header_text(values[c]) if c < len(values) else ""
                if text in LEVELS:
                    levels[c] = LEVELS[text]
        elif label.startswith("максимальный балл") and ":" not in label:
            for c, _, _ in spec:
                try:
                    number = cell_number(values[c]) if c < len(values) else None
                except ValueError:
                    number = None
                if number:
                    maxima[c] = number
    return [TaskInfo(key, maxima.get(c, top), levels.get(c)) for c, key, top in spec]


def _column(rows: list[list[object]], c: int | None) -> list[object]:
    return list(map(itemgetter(c), rows)) if c is not None else [None] * len(rows)


COLUMNS_CHUNK = 16_384  # rows turned into columns at a time by `_columns_freeing`


def _columns_freeing(rows: list[list[object]], wanted: list[int]) -> dict[int, list[object]]:
    """Column c → its values, for each c of `wanted`; `rows` is emptied on the way, a chunk at a time,
    so the rows and the columns of a 300,000-row sheet (40 MB of each) are not all held at once. The
    caller must hold no other reference to the rows for that to free anything."""
    taken: dict[int, list[object]] = {c: [] for c in wanted}
    while rows:
        checkpoint()
        chunk = rows[:COLUMNS_CHUNK]
        columns = list(zip(*chunk))  # the chunk turned by C, a tuple per column (rows are padded to the header)
        for c, column in taken.items():
            column.extend(columns[c])
        del rows[:COLUMNS_CHUNK], chunk, columns
    return taken


def _where(flags) -> list[int]:
    """Indexes of the true flags, in C (about twice as fast as `[k for k, f in enumerate(flags) if f]`)."""
    return list(compress(count(), flags))


def _not_float(values: list[object]) -> list[int]:
    return _where(map(is_not, map(type, values), repeat(float)))


_present = partial(is_not, None)


def _convert(values: list[object], func) -> list[object]:
    """`func` applied once per distinct value (values repeat: codes, classes, variants)."""
    cache = {v: func(v) for v in set(values)}
    return list(map(cache.__getitem__, values))


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    found = find(sheets)
    if found is None:
        raise ImportFormatError("Не найден заголовок «Индивидуальные результаты» (столбец «Код участника»).", file=path)
    sheet, header_row = found
    key, _title = read_preamble(sheet, header_row, path)
    raw_headers = sheet.rows[header_row - 1]
    headers = [header_text(v) for v in raw_headers]

    def col(name: str) -> int | None:
        return headers.index(name) if name in headers else None

    for folded, shown in REQUIRED.items():
        if col(folded) is None:
            raise ImportFormatError(f"В заголовке нет столбца «{shown}».", file=path, sheet=sheet.name, row=header_row)
    c_oo, c_mun, c_name = col("оо"), col("муниципалитет"), col("название оо")
    c_code, c_class, c_variant = col("код участника"), col("класс"), col("вариант")
    c_primary, c_mark, c_journal = col("первичный балл"), col("отметка"), col("отметка по журналу")
    tasks_spec = task_columns(raw_headers)
    log = ProblemLog(sheet.name)
    if not tasks_spec:
        log.warning("В заголовке не найдено ни одного столбца заданий вида «1 (2б)».", header_row)
    tasks_described = task_info(sheet.rows[: header_row - 1], tasks_spec)

    # rows shorter than the header (possible in hand-made files) are padded once, up front
    width = len(headers)
    body = sheet.rows[header_row:]
    if body and min(map(len, body)) < width:  # by a C-level pass: 300,000 rows
        body = [r if len(r) >= width else r + [None] * (width - len(r)) for r in body]

    # group rows «<school>(edu…) | Кол-во участников: N» split the body into schools
    # (the distinct texts of column A are few: school logins and the group rows themselves)
    first_column = _column(body, 0)
    parsed_groups = {}
    for text in set(first_column):
        if text.__class__ is str and ":" in text:
            match = GROUP_COUNT.search(text)
            if match:
                name, code = split_code(text[: match.start()].rstrip(" |\t"))
                parsed_groups[text] = (name.rstrip(" |"), code, int(match.group(1)))
    groups_at = _where(map(parsed_groups.__contains__, first_column)) if parsed_groups else []
    group_info = [parsed_groups[first_column[i]] for i in groups_at]  # (name, code, declared count)
    for i, (name, code, _) in zip(groups_at, group_info, strict=True):
        if code is None:
            log.error(f"В строке группы «{name}» нет кода ОО вида (edu203389).", header_row + i + 1, "A",
                      kind="no_code")
    group_of_row = [-1] * len(body)
    bounds = groups_at + [len(body)]
    for g in range(len(groups_at)):
        start, end = bounds[g] + 1, bounds[g + 1]
        group_of_row[start:end] = [g] * (end - start)
    is_group = set(groups_at)

    code_column = _column(body, c_code)
    student_idx = _where(map(is_not, code_column, repeat(None)))
    if is_group.intersection(student_idx):
        student_idx = [i for i in student_idx if i not in is_group]
    if len(body) > len(student_idx) + len(is_group):  # rows that are neither a pupil nor a group
        for i in sorted(set(range(len(body))).difference(student_idx, is_group)):
            if any(map(_present, body[i])):
                log.warning("Строка без кода участника пропущена.", header_row + i + 1, column_letter(c_code + 1),
                            kind="no_participant")
    rows = list(map(body.__getitem__, student_idx))
    excel_rows = list(map(add, student_idx, repeat(header_row + 1)))
    owners = list(map(group_of_row.__getitem__, student_idx))
    n = len(rows)

    # every column used is taken from the pupils' rows once; then the sheet's rows below the header go
    # (most of the memory of a 300,000-row file) before the pupils' records are built
    wanted = [c for c in (c_oo, c_name, c_mun, c_class, c_variant, c_primary, c_mark, c_journal) if c is not None]
    codes = list(map(code_column.__getitem__, student_idx))
    del body, first_column, code_column, group_of_row
    del sheet.rows[header_row:]
    taken = _columns_freeing(rows, list(dict.fromkeys(wanted + [c for c, _, _ in tasks_spec])))
    del rows

    def take(c: int | None) -> list[object]:
        return taken.pop(c) if c is not None else [None] * n

    def number_column(c: int, what: str, kind: str) -> list[float | None]:
        """Column `c` as numbers; text that is not a number becomes None and a problem."""
        values = take(c)
        for k in _not_float(values):
            try:
                values[k] = cell_number(values[k])
            except ValueError as error:
                log.error(f"{what}: {error}.", excel_rows[k], column_letter(c + 1), kind=f"text:{kind}")
                values[k] = None
        return values

    def out_of_range(values: list, low: float, high: float | None) -> list[int]:
        present = list(filter(_present, values)) if None in values else values
        if not present or (min(present) >= low and (high is None or max(present) <= high)):
            return []
        return [k for k in _where(map(_present, values))
                if values[k] < low or (high is not None and values[k] > high)]

    # schools: the ОО column (a login like edu203389), else the group row above the pupil
    # owner -1 (pupils above the first group row) picks the trailing None
    codes_by_group = [code for _, code, _ in group_info] + [None]
    names_by_group = [name for name, _, _ in group_info] + [None]
    school_codes = _convert(take(c_oo), extract_code) if c_oo is not None else [None] * n
    if None in school_codes:
        group_codes = map(codes_by_group.__getitem__, owners)
        school_codes = [s if s is not None else g for s, g in zip(school_codes, group_codes, strict=True)]
        column = column_letter(c_oo + 1) if c_oo is not None else "A"
        for k in [k for k, s in enumerate(school_codes) if s is None]:
            log.error("Не найден код ОО ни в столбце «ОО», ни в строке группы.", excel_rows[k], column,
                      kind="no_code_row")
    school_names = _convert(take(c_name), cell_text)
    if None in school_names:
        group_names = map(names_by_group.__getitem__, owners)
        school_names = [s if s is not None else g for s, g in zip(school_names, group_names, strict=True)]
    municipalities = _convert(take(c_mun), extract_code)
    if not _not_float(codes) and all(map(float.is_integer, codes)):
        participants = list(map(str, map(int, codes)))
    else:
        participants = list(map(cell_text, codes))
    classes = _convert(take(c_class), cell_text)
    variants = _convert(take(c_variant), cell_text)
    checkpoint()

    tasks = _task_scores([take(c) for c, _, _ in tasks_spec], tasks_spec, excel_rows, log, n)
    checkpoint()

    primary = number_column(c_primary, "Первичный балл", "primary")
    max_score = key.max_score
    for k in out_of_range(primary, 0, max_score):
        limit = f"0–{max_score:g}" if max_score is not None else "≥ 0"
        log.error(f"Первичный балл {primary[k]:g} вне допустимого {limit}.", excel_rows[k], column_letter(c_primary + 1),
                  kind="primary_range")
        primary[k] = None

    marks = _marks_of(take(c_mark), c_mark, "Отметка", excel_rows, log)
    journal = (_marks_of(take(c_journal), c_journal, "Отметка по журналу", excel_rows, log)
               if c_journal is not None else [None] * n)

    students = list(
        map(StudentRow, school_codes, school_names, participants, classes, variants, tasks, primary, marks, journal,
            repeat(None), repeat(None), repeat(None), excel_rows, municipalities)
    )

    # one school row per group: the declared count, and the marks counted from its pupils
    per_group = Counter(owners)
    per_mark = Counter(zip(owners, marks, strict=True))
    groups: list[GroupRow] = []
    for g, (name, code, declared) in enumerate(group_info):
        found_rows = per_group.get(g, 0)
        row = header_row + 1 + groups_at[g]
        if declared != found_rows:
            log.warning(f"В строке группы указано участников: {declared}, а строк учеников под ней: {found_rows}.",
                        row, "A", kind="group_count")
        groups.append(GroupRow(declared, *(per_mark.get((g, m), 0) for m in (2, 3, 4, 5)),
                               level="school", code=code, name=name, row=row))
    if not students:
        log.error("Под заголовком таблицы нет ни одной строки с результатами участников.", header_row + 1)
    return ParsedFile(
        str(path), LAYOUT, sheet.name, [key], groups=groups, students=students,
        student_assessment=[0] * n, problems=log.finish(),
        task_info={0: tasks_described} if tasks_described else {},
    )


def _tasks(rows: list[list[object]], spec: list[tuple[int, str, float | None]], excel_rows: list[int],
           log: ProblemLog) -> list[TaskScores]:
    """Each pupil's tasks as {key: points}.

    A task column holds few distinct values (0, 1, 2, X…), so each distinct value is judged once —
    a number within 0…max passes, a missing marker becomes None, anything else None and a problem —
    and only the cells holding a value to replace are visited.
    """
    return _task_scores([_column(rows, c) for c, _, _ in spec], spec, excel_rows, log, len(rows))


def _task_scores(columns: list[list[object]], spec: list[tuple[int, str, float | None]], excel_rows: list[int],
                 log: ProblemLog, n: int) -> list[TaskScores]:
    """`_tasks` of the task columns already taken from the rows (in the order of `spec`); changes them."""
    if not spec:
        return [TaskScores.of(())(())] * n
    for column, (c, key, top) in zip(columns, spec, strict=True):
        apply_replacements(column, number_replacements(column, top, f"Балл за задание {key}"), c, excel_rows, log,
                           f"task:{c}")
    keys = tuple(key for _, key, _ in spec)
    return list(map(TaskScores.of(keys), zip(*columns, strict=True)))


def number_replacements(column: list[object], top: float | None, what: str) -> dict[object, tuple]:
    """value → (number or None, problem or None) for each distinct value of a score column that is not
    already a float within 0…`top`: a column holds few distinct values, so each is judged once."""
    replace: dict[object, tuple[float | None, str | None]] = {}
    for value in set(column):
        if value is None or (value.__class__ is float and 0 <= value and (top is None or value <= top)):
            continue
        try:
            number = cell_number(value)
        except ValueError as error:
            replace[value] = (None, f"{what}: {error}.")
            continue
        if number is None or (number >= 0 and (top is None or number <= top)):
            replace[value] = (number, None)
        else:
            limit = f"0–{top:g}" if top is not None else "≥ 0"
            replace[value] = (None, f"{what} ({number:g}) вне допустимого {limit}.")
    return replace


def apply_replacements(column: list[object], replace: dict, c: int, excel_rows: list[int], log: ProblemLog, kind: str) -> None:
    """Put the replacements into `column`, a problem per replaced cell that has one (sheet row, column)."""
    if not replace:
        return
    wrong = {value for value, (_, message) in replace.items() if message}
    if wrong:  # a problem per cell, by sheet row: these are few
        letter = column_letter(c + 1)
        for k in _where(map(wrong.__contains__, column)):
            log.error(replace[column[k]][1], excel_rows[k], letter, kind=kind)
    numbers = {value: number for value, (number, _) in replace.items()}
    column[:] = map(numbers.get, column, column)  # each cell its replacement, or itself


def _marks(rows: list[list[object]], c: int, what: str, excel_rows: list[int], log: ProblemLog,
           severity: str = "error") -> list[int | None]:
    """A mark column as 2…5; missing markers give None, anything else None and a problem — an error,
    or with severity "warning" a warning saying the mark is not counted (a regional export's journal
    mark: one odd cell must not stop a whole region's file)."""
    return _marks_of(_column(rows, c), c, what, excel_rows, log, severity)


def _marks_of(raw: list[object], c: int, what: str, excel_rows: list[int], log: ProblemLog,
              severity: str = "error") -> list[int | None]:
    """`_marks` of the column `c` already taken from the rows."""
    marks = list(map(VALID_MARKS.get, raw))
    replace: dict[object, tuple[int | None, str | None]] = {}
    for value in set(raw):
        if value is None or VALID_MARKS.get(value) is not None:
            continue
        try:
            number = cell_number(value)
        except ValueError as error:
            replace[value] = (None, f"{what}: {error}.")
            continue
        if number is None or number in VALID_MARKS:
            replace[value] = (VALID_MARKS.get(number), None)
        else:
            replace[value] = (None, f"{what} «{number:g}» вне 2–5.")
    if replace:
        letter = column_letter(c + 1)
        for k in _where(map(replace.__contains__, raw)):
            mark, message = replace[raw[k]]
            if message:
                if severity == "warning":
                    log.warning(f"{message[:-1]}: не учтена.", excel_rows[k], letter, kind=f"mark:{c}")
                else:
                    log.error(message, excel_rows[k], letter, kind=f"mark:{c}")
            marks[k] = mark
    return marks
