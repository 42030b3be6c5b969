"""ФИС ОКО «Индивидуальные результаты»: one row per participant, grouped by school.

Header: `ОО | Муниципалитет | Название ОО | Код участника | Класс | Вариант | <tasks> | Первичный балл |
Отметка | Отметка по журналу`; task headers like `1 (2б)`, `9.1 (1б)`, `4К1 (3б)`. Each school's pupils
follow a group row `<school name>(edu203389) | Кол-во участников: 89` (the `|` is text in column A).
Missing values: X/Х, -, —, «нет отметки».

Files reach 300,000 rows, so the sheet is processed a chunk of rows at a time, each chunk a column at a
time with C-level built-ins (map, itemgetter, zip, min/max): numbers (calamine's floats) pass straight
through, only the few cells that are not floats are visited in Python, and repeated texts (school codes,
classes, variants) and score lists are converted once per distinct value. A big sheet's chunks are its
pieces as calamine parses them in threads (`Sheet.pieces`), so the work runs beside the parsing and no grid
of the whole sheet is built; the pupils are kept as columns (`records.Students`). See
bench/bench_results_import.py.
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
from desktop.services.importers.results.records import GroupRow, ParsedFile, ProblemLog, Students, TaskInfo
from desktop.services.importers.results.school_names import extract_code, split_code

LAYOUT = "fisoko_individual"
DESCRIPTION = "ФИС ОКО: индивидуальные результаты"  # what the user is told the file was read as
STREAMED = True  # parse takes a big sheet's rows below its head a piece at a time (Sheet.pieces)
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


def _where(flags) -> list[int]:
    """Indexes of the true flags, in C (about twice as fast as `[k for k, f in enumerate(flags) if f]`)."""
    return list(compress(count(), flags))


def _not_float(values: list[object]) -> list[int]:
    return _where(map(is_not, map(type, values), repeat(float)))


_present = partial(is_not, None)
def _convert(values: list[object], func, cache: dict | None = None) -> list[object]:
    """`func` applied once per distinct value (values repeat: codes, classes, variants); `cache` keeps
    what was converted across the chunks of one sheet."""
    cache = {} if cache is None else cache
    for value in set(values).difference(cache):
        cache[value] = func(value)
    return list(map(cache.__getitem__, values))


CHUNK = 16_384  # rows of a sheet read whole turned into columns at a time (its rows let go on the way)
SHARED_SCORES = 50_000  # distinct score lists remembered to share them; past it, the memory is started anew


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    """The pupils of the sheet; of a big sheet read by its head (STREAMED), the rows below come a piece at
    a time, each turned into columns as it comes: no grid of the whole sheet is built."""
    found = find(sheets)
    if found is None:
        raise ImportFormatError("Не найден заголовок «Индивидуальные результаты» (столбец «Код участника»).", file=path)
    sheet, header_row = found
    key, _title = read_preamble(sheet, header_row, path)
    body = _Body(path, sheet, header_row, key)
    rows = sheet.rows
    first = header_row + 1  # the Excel number of the next row to read
    while len(rows) > header_row:  # the sheet's rows go a chunk at a time: most of the memory of a big file
        chunk = rows[header_row: header_row + CHUNK]
        del rows[header_row: header_row + CHUNK]
        body.feed(chunk, first)
        first += len(chunk)
        del chunk
    for piece, at in sheet.pieces():
        body.feed(piece, at, shared=False)
        del piece
    return body.finish()


class _Body:
    """The rows below the header, read a chunk at a time into columns with C-level built-ins (map,
    itemgetter, zip, set): numbers (calamine's floats) pass straight through, only the cells that are not
    floats are visited in Python, and a repeated text (a school's code, a class, a variant) is converted
    once per sheet. Group rows «<school>(edu…) | Кол-во участников: N» name the school of the pupils below
    them, across the chunks."""

    def __init__(self, path, sheet: Sheet, header_row: int, key) -> None:
        raw_headers = sheet.rows[header_row - 1]
        headers = [header_text(v) for v in raw_headers]

        def col(name: str) -> int | None:
            return headers.index(name) if name in headers else None

        for folded, shown in REQUIRED.items():
            if col(folded) is None:
                raise ImportFormatError(f"В заголовке нет столбца «{shown}».", file=path, sheet=sheet.name,
                                        row=header_row)
        self.path, self.sheet, self.header_row, self.key = path, sheet.name, header_row, key
        self.width = len(headers)
        self.c_oo, self.c_mun, self.c_name = col("оо"), col("муниципалитет"), col("название оо")
        self.c_code, self.c_class, self.c_variant = col("код участника"), col("класс"), col("вариант")
        self.c_primary, self.c_mark, self.c_journal = col("первичный балл"), col("отметка"), col("отметка по журналу")
        self.tasks_spec = task_columns(raw_headers)
        self.log = ProblemLog(sheet.name)
        if not self.tasks_spec:
            self.log.warning("В заголовке не найдено ни одного столбца заданий вида «1 (2б)».", header_row)
        self.tasks_described = task_info(sheet.rows[: header_row - 1], self.tasks_spec)
        self.groups: list[tuple[str, str | None, int, int]] = []  # (name, code, declared count, Excel row)
        self.group_texts: dict[object, tuple | None] = {}  # a text of column A → (name, code, count) or None
        self.owner = -1  # the group of the rows at the start of the next chunk (-1: above the first group)
        self.caches: dict[str, dict] = {name: {} for name in ("oo", "name", "mun", "text")}
        self.scores = _Scores(self.tasks_spec)
        self.primary_scores: dict[float | None, float | None] = {}
        self.columns: dict[str, list] = {name: [] for name in (
            "school_code", "school_name", "participant_code", "class_label", "variant", "primary_score", "mark",
            "journal_mark", "row", "municipality_code", "owner")}
        self.task_values: list[tuple] = []

    def feed(self, rows: list[list[object]], first: int, shared: bool = True) -> None:
        """The rows of a chunk, `first` the Excel number of the first; with `shared` False empty cells
        may be '' (a piece as calamine gives it)."""
        checkpoint()
        if not rows:
            return
        width, log = self.width, self.log
        if min(map(len, rows)) < width:  # rows shorter than the header (hand-made files): padded once
            rows = [r if len(r) >= width else r + [None] * (width - len(r)) for r in rows]
        column_a = list(map(itemgetter(0), rows))
        texts = self.group_texts
        for text in set(column_a).difference(texts):  # few: school logins and the group rows themselves
            texts[text] = _group_text(text)
        groups_at = _where(map(texts.__getitem__, column_a))
        owner = [self.owner] * len(rows)
        bounds = groups_at + [len(rows)]
        for g, at in enumerate(groups_at):
            name, code, declared = texts[column_a[at]]
            number = len(self.groups)
            self.groups.append((name, code, declared, first + at))
            if code is None:
                log.error(f"В строке группы «{name}» нет кода ОО вида (edu203389).", first + at, "A", kind="no_code")
            owner[at + 1: bounds[g + 1]] = [number] * (bounds[g + 1] - at - 1)
        if groups_at:
            self.owner = len(self.groups) - 1

        codes = _column(rows, self.c_code)
        pupils = _where(map(is_not, codes, repeat(None)))
        if not shared and "" in codes:
            pupils = [k for k in pupils if codes[k] != ""]
        if groups_at and set(groups_at).intersection(pupils):
            is_group = set(groups_at)
            pupils = [k for k in pupils if k not in is_group]
        if len(rows) > len(pupils) + len(groups_at):  # rows that are neither a pupil nor a group
            for k in sorted(set(range(len(rows))).difference(pupils, groups_at)):
                if any(v is not None and v != "" for v in rows[k]):
                    log.warning("Строка без кода участника пропущена.", first + k, column_letter(self.c_code + 1),
                                kind="no_participant")
        if not pupils:
            return
        chosen = list(map(rows.__getitem__, pupils)) if len(pupils) < len(rows) else rows
        excel_rows = list(map(add, pupils, repeat(first)))
        owners = list(map(owner.__getitem__, pupils))
        codes = list(map(codes.__getitem__, pupils))
        cells = list(zip(*chosen))  # the chunk turned by C: a tuple per column
        del chosen, rows
        self._pupils(cells, codes, excel_rows, owners)

    def _pupils(self, cells: list[tuple], codes: list, excel_rows: list[int], owners: list[int]) -> None:
        log, n, out = self.log, len(codes), self.columns

        def take(c: int | None) -> list[object]:  # '' of a piece not shared: every conversion reads it as None
            return list(cells[c]) if c is not None else [None] * n

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

        # schools: the ОО column (a login like edu203389), else the group row above the pupil
        if self.c_oo is not None:
            school_codes = _convert(take(self.c_oo), extract_code, self.caches["oo"])
        else:
            school_codes = [None] * n
        if None in school_codes:
            by_group = [code for _, code, _, _ in self.groups] + [None]  # owner -1 picks the trailing None
            school_codes = [s if s is not None else by_group[g] for s, g in zip(school_codes, owners, strict=True)]
            letter = column_letter(self.c_oo + 1) if self.c_oo is not None else "A"
            for k in [k for k, s in enumerate(school_codes) if s is None]:
                log.error("Не найден код ОО ни в столбце «ОО», ни в строке группы.", excel_rows[k], letter,
                          kind="no_code_row")
        school_names = _convert(take(self.c_name), cell_text, self.caches["name"])
        if None in school_names:
            by_group = [name for name, _, _, _ in self.groups] + [None]
            school_names = [s if s is not None else by_group[g] for s, g in zip(school_names, owners, strict=True)]
        out["school_code"] += school_codes
        out["school_name"] += school_names
        out["municipality_code"] += _convert(take(self.c_mun), extract_code, self.caches["mun"])
        if not _not_float(codes) and all(map(float.is_integer, codes)):
            out["participant_code"] += map(str, map(int, codes))
        else:
            out["participant_code"] += map(cell_text, codes)
        out["class_label"] += _convert(take(self.c_class), cell_text, self.caches["text"])
        out["variant"] += _convert(take(self.c_variant), cell_text, self.caches["text"])
        checkpoint()

        if self.tasks_spec:
            self.task_values += self.scores.of(list(zip(*(cells[c] for c, _, _ in self.tasks_spec))), excel_rows,
                                               log)
        checkpoint()

        primary = number_column(self.c_primary, "Первичный балл", "primary")
        top = self.key.max_score
        for k in _out_of_range(primary, 0, top):
            limit = f"0–{top:g}" if top is not None else "≥ 0"
            log.error(f"Первичный балл {primary[k]:g} вне допустимого {limit}.", excel_rows[k],
                      column_letter(self.c_primary + 1), kind="primary_range")
            primary[k] = None
        out["primary_score"] += map(self.primary_scores.setdefault, primary, primary)  # few distinct: held once
        out["mark"] += _marks_of(take(self.c_mark), self.c_mark, "Отметка", excel_rows, log)
        out["journal_mark"] += (_marks_of(take(self.c_journal), self.c_journal, "Отметка по журналу", excel_rows, log)
                                if self.c_journal is not None else [None] * n)
        out["row"] += excel_rows
        out["owner"] += owners

    def finish(self) -> ParsedFile:
        out, log = self.columns, self.log
        owners = out.pop("owner")
        n = len(owners)
        # one school row per group: the declared count, and the marks counted from its pupils
        per_group = Counter(owners)
        per_mark = Counter(zip(owners, out["mark"], strict=True))
        groups: list[GroupRow] = []
        for g, (name, code, declared, row) in enumerate(self.groups):
            found_rows = per_group.get(g, 0)
            if declared != found_rows:
                log.warning(f"В строке группы указано участников: {declared}, а строк учеников под ней: {found_rows}.",
                            row, "A", kind="group_count")
            groups.append(GroupRow(declared, *(per_mark.get((g, m), 0) for m in (2, 3, 4, 5)),
                                   level="school", code=code, name=name, row=row))
        if not n:
            log.error("Под заголовком таблицы нет ни одной строки с результатами участников.", self.header_row + 1)
        keys = tuple(task for _, task, _ in self.tasks_spec)
        students = Students(n, keys, self.task_values if keys else None, **out)
        return ParsedFile(
            str(self.path), LAYOUT, self.sheet, [self.key], groups=groups, students=students,
            student_assessment=[0] * n, problems=log.finish(),
            task_info={0: self.tasks_described} if self.tasks_described else {},
        )


class _Scores(dict):
    """A pupil's scores as written (a tuple of cells) → the same as numbers, made once per distinct tuple
    (12,000 among the 300,000 pupils of the bench file): equal tuples become one tuple, held once, and each
    distinct cell value is judged once (`number_replacements`). `wrong` holds the tuples with a cell that
    is not a score (text, out of 0…max: None and a problem)."""

    def __init__(self, spec: list[tuple[int, str, float | None]]) -> None:
        super().__init__()
        self.spec = spec
        self.judged: list[dict] = [{} for _ in spec]  # per task: value → (number or None, problem or None)
        self.wrong: set[tuple] = set()

    def __missing__(self, written: tuple) -> tuple:
        numbers = []
        for value, (_, task, top), judged in zip(written, self.spec, self.judged, strict=True):
            found = judged.get(value)
            if found is None:
                found = judged[value] = number_replacements([value], top, f"Балл за задание {task}").get(
                    value, (value, None))
            numbers.append(found[0])
            if found[1]:
                self.wrong.add(written)
        self[written] = scores = tuple(numbers)
        return scores

    def of(self, written: list[tuple], excel_rows: list[int], log: ProblemLog) -> list[tuple]:
        """The scores of pupils as written (their Excel rows given), a problem at each cell that is not one."""
        if len(self) > SHARED_SCORES:
            self.clear()
            self.wrong.clear()
        scores = list(map(self.__getitem__, written))
        if self.wrong:
            for k in _where(map(self.wrong.__contains__, written)):
                for value, (c, _, _), judged in zip(written[k], self.spec, self.judged, strict=True):
                    if judged[value][1]:
                        log.error(judged[value][1], excel_rows[k], column_letter(c + 1), kind=f"task:{c}")
        return scores


def _group_text(text: object) -> tuple[str, str | None, int] | None:
    """(school name, code, declared count) of a group row's text in column A, else None."""
    if text.__class__ is not str or ":" not in text:
        return None
    match = GROUP_COUNT.search(text)
    if not match:
        return None
    name, code = split_code(text[: match.start()].rstrip(" |\t"))
    return name.rstrip(" |"), code, int(match.group(1))


def _out_of_range(values: list, low: float, high: float | None) -> list[int]:
    present = list(filter(_present, values)) if None in values else values
    if not present or (min(present) >= low and (high is None or max(present) <= high)):
        return []
    return [k for k in _where(map(_present, values)) if values[k] < low or (high is not None and values[k] > high)]


def _task_values(rows: list[list[object]], spec: list[tuple[int, str, float | None]], excel_rows: list[int],
                 log: ProblemLog) -> list[tuple]:
    """Each pupil's scores of the tasks of `spec` as a plain tuple (`records.Students.task_values`)."""
    if not spec:
        return [()] * len(rows)
    return _Scores(spec).of(list(zip(*(_column(rows, c) for c, _, _ in spec))), excel_rows, log)


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
