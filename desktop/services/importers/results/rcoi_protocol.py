"""РЦОИ «Протокол проверки результатов» of ОГЭ / ЕГЭ / ГВЭ (.xls, .xlsx; often the sheet `Page 1`).

R1 `Протокол проверки результатов …`, R2 `20 - <region>`, then one block per exam: a block header
`12 - Обществознание 2026.07.03`, a column header row (`№`, `Код ОО`, `Класс`, `Код ППЭ`, `Аудитория`,
`Код МСУ`, `Фамилия`, `Имя`, `Отчество`, `Задания с кратким ответом`, `Задания с развёрнутым ответом`,
`Первичный балл`, and `Оценка` for ОГЭ or a test score for ЕГЭ), student rows (`№` a number) and a
closing row `Средние`. Empty spacer columns stand between the columns (merged cells).

Codes are kept as text: leading zeros matter. Names are dropped unless `keep_names`.
"""

from __future__ import annotations

import re
from datetime import date

from desktop.errors import ImportFormatError, column_letter
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, first_texts, header_text
from desktop.services.importers.results.records import AssessmentKey, ParsedFile, ProblemLog, StudentRow

LAYOUT = "rcoi_protocol"
DESCRIPTION = "РЦОИ: протокол проверки"  # what the user is told the file was read as
BLOCK_HEADER = re.compile(r"^\s*(\d+)\s*-\s*(.+?)\s+(\d{4})\.(\d{2})\.(\d{2})\s*$")
DETAILED = re.compile(r"([0-9]+|[XxХх\-—])\s*\(\s*(\d+)\s*\)")
GVE_TOKEN = re.compile(r"\(?\s*\bГВЭ(?:\s*-\s*\d+)?\b\s*\)?", re.IGNORECASE)
MARKS = {2.0: 2, 3.0: 3, 4.0: 4, 5.0: 5}

# folded header → field; the result column is found separately, by words
FIXED_COLUMNS = {
    "№": "number",
    "№ п/п": "number",
    "код оо": "school",
    "класс": "class",
    "код ппэ": "exam_point",
    "аудитория": "room",
    "код мсу": "msu",
    "фамилия": "last_name",
    "имя": "first_name",
    "отчество": "patronymic",
    "первичный балл": "primary",
}
CODE_FIELDS = {"school": "Код ОО", "exam_point": "Код ППЭ", "room": "Аудитория", "msu": "Код МСУ"}


def _title(sheet: Sheet) -> str | None:
    for text in first_texts(sheet, 4):
        if text.startswith("протокол"):
            return text
    return None


def find(sheets: list[Sheet]) -> Sheet | None:
    for sheet in sheets:
        title = _title(sheet)
        if title and "проверки результатов" in title:
            return sheet
    for sheet in sheets:  # no title row: a block header followed by a «№ … Первичный балл» row
        for values in sheet.rows[:30]:
            texts = [header_text(v) for v in values if v is not None]
            if texts and BLOCK_HEADER.match(texts[0]):
                return sheet
    return None


def matches(sheets: list[Sheet]) -> bool:
    return find(sheets) is not None


def _map_header(values: list[object]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c, value in enumerate(values):
        text = header_text(value)
        if not text:
            continue
        field = FIXED_COLUMNS.get(text)
        if field is None:
            if "кратк" in text:
                field = "short"
            elif "развернут" in text:
                field = "long"
            elif "тестов" in text or ("итогов" in text and "балл" in text):
                field = "test"
            elif text in ("оценка", "отметка", "итоговая оценка", "итоговая отметка", "балл", "оценка (балл)"):
                field = "result"
            elif "первичн" in text:
                field = "primary"
        if field and field not in columns:
            columns[field] = c
    return columns


def _is_header_row(values: list[object]) -> bool:
    texts = {header_text(v) for v in values}
    return ("№" in texts or "№ п/п" in texts) and any("балл" in t or "оценк" in t for t in texts)


def _short_tasks(text: str) -> list[float | None]:
    """`++-+2+` → one value a character: + is 1, - is 0, a digit its points, anything else missing."""
    result: list[float | None] = []
    for ch in text:
        if ch == "+":
            result.append(1.0)
        elif ch in "-−–":
            result.append(0.0)
        elif ch.isdigit():
            result.append(float(ch))
        elif ch.isspace():
            continue
        else:
            result.append(None)
    return result


class _Block:
    def __init__(self, code: str, subject: str, when: date, row: int):
        self.code = code
        self.subject = subject
        self.date = when
        self.row = row
        self.columns: dict[str, int] | None = None
        self.header_row = 0
        self.students: list[StudentRow] = []
        self.results: list[tuple[float | None, int]] = []  # (value of the result column, row)


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    sheet = find(sheets)
    if sheet is None:
        raise ImportFormatError("Не найден «Протокол проверки результатов».", file=path)
    title = _title(sheet) or ""
    log = ProblemLog(sheet.name)
    blocks: list[_Block] = []
    block: _Block | None = None
    numeric_codes: dict[str, int] = {}  # field → first row where a code was a number

    for index, values in enumerate(sheet.rows):
        row = index + 1
        first = next((v for v in values if v is not None), None)
        if first is None:
            continue
        if isinstance(first, str):
            match = BLOCK_HEADER.match(" ".join(first.split()))
            if match:
                try:
                    when = date(int(match.group(3)), int(match.group(4)), int(match.group(5)))
                except ValueError:
                    log.error(f"Неверная дата в заголовке блока «{first.strip()}».", row, "A", kind="block_date")
                    block = None
                    continue
                block = _Block(match.group(1), " ".join(match.group(2).split()), when, row)
                blocks.append(block)
                continue
            if header_text(first) == "средние":
                block = None
                continue
        if block is None:
            continue
        if _is_header_row(values):
            if block.columns is None:
                block.columns = _map_header(values)
                block.header_row = row
            continue  # a header repeated on the next page
        if block.columns is None:
            continue
        _student(block, values, row, keep_names, log, numeric_codes)

    for field, row in numeric_codes.items():
        log.warning(
            f"Коды в столбце «{CODE_FIELDS[field]}» записаны числами: ведущие нули могли потеряться "
            "(«0042» → «42»). Коды оставлены как есть; сверьте их с кодами школ.",
            row, None, kind=f"numeric_codes:{field}",
        )

    assessments: list[AssessmentKey] = []
    students: list[StudentRow] = []
    owners: list[int] = []
    for block in blocks:
        if block.columns is None:
            log.error(f"У блока «{block.code} - {block.subject}» не найдена строка заголовка (столбец «№»).",
                      block.row, "A", kind="block_header")
            continue
        key = _block_key(block, title, log)
        if key not in assessments:
            assessments.append(key)
        at = assessments.index(key)
        students.extend(block.students)
        owners.extend([at] * len(block.students))
    if not blocks:
        raise ImportFormatError(
            "В протоколе не найдено ни одного блока экзамена вида «12 - Обществознание 2026.07.03».",
            file=path, sheet=sheet.name,
        )
    if not assessments:
        raise ImportFormatError("Ни у одного блока протокола не найдена строка заголовка (столбец «№»).",
                                file=path, sheet=sheet.name)
    return ParsedFile(str(path), LAYOUT, sheet.name, assessments, students=students,
                      student_assessment=owners, problems=log.finish())


def _block_key(block: _Block, title: str, log: ProblemLog) -> AssessmentKey:
    """Decide ОГЭ / ЕГЭ / ГВЭ and move the result column into `mark` or `test_score`."""
    subject_folded = block.subject.lower()
    columns = block.columns or {}
    values = [v for v, _ in block.results if v is not None]
    classes = [s.class_label for s in block.students if s.class_label]
    senior = sum(1 for c in classes if c.startswith(("11", "10", "12"))) > len(classes) / 2 if classes else False
    if "гвэ" in subject_folded or "гвэ" in title:
        kind = "ГВЭ"
    elif "test" in columns:
        kind = "ЕГЭ"
    elif "егэ" in title or "гиа-11" in title:
        kind = "ЕГЭ"
    elif "огэ" in title or "гиа-9" in title:
        kind = "ОГЭ"
    elif "базов" in subject_folded or any(v > 5 for v in values) or senior:
        kind = "ЕГЭ"
    else:
        kind = "ОГЭ"

    as_mark = kind != "ЕГЭ" or ("базов" in subject_folded and all(v in MARKS for v in values))
    column = column_letter(columns["result"] + 1) if "result" in columns else (
        column_letter(columns["test"] + 1) if "test" in columns else None)
    for student, (value, row) in zip(block.students, block.results, strict=True):
        if value is None:
            continue
        if as_mark:
            if value in MARKS:
                student.mark = MARKS[value]
            else:
                log.error(f"Отметка «{value:g}» вне 2–5.", row, column, kind="mark_range")
        elif 0 <= value <= 100:
            student.test_score = value
        else:
            log.error(f"Тестовый балл {value:g} вне 0–100.", row, column, kind="test_range")

    if kind == "ГВЭ":
        grade = 11 if ("11" in title and "гиа-9" not in title) or senior else 9
        subject = " ".join(GVE_TOKEN.sub(" ", block.subject).split()) or block.subject
    else:
        grade = 11 if kind == "ЕГЭ" else 9
        subject = block.subject
    return AssessmentKey(kind, block.date.year, subject, grade, block.date, None)


def _student(block: _Block, values: list[object], row: int, keep_names: bool, log: ProblemLog,
             numeric_codes: dict[str, int]) -> None:
    columns = block.columns or {}

    def get(field: str) -> object:
        c = columns.get(field)
        return values[c] if c is not None and c < len(values) else None

    number = get("number")
    if number is None:
        return
    try:
        if cell_number(number) is None:
            return
    except ValueError:
        return  # not a student row: a caption, a page footer

    def code(field: str) -> str | None:
        value = get(field)
        if type(value) is float:
            numeric_codes.setdefault(field, row)
        return cell_text(value)

    def num(field: str, what: str) -> float | None:
        c = columns.get(field)
        try:
            return cell_number(get(field))
        except ValueError as error:
            log.error(f"{what}: {error}.", row, column_letter(c + 1) if c is not None else None, kind=f"text:{field}")
            return None

    school = code("school")
    if school is None:
        c = columns.get("school")
        log.error("Не указан код ОО.", row, column_letter(c + 1) if c is not None else None, kind="no_code")

    tasks: dict[str, float | None] = {}
    short = get("short")
    if short is not None:
        for i, value in enumerate(_short_tasks(str(cell_text(short) or "")), 1):
            tasks[str(i)] = value
    detailed = get("long")
    if isinstance(detailed, str) and detailed.strip():
        offset = len(tasks)
        found = DETAILED.findall(detailed)
        if not found:
            c = columns["long"]
            log.warning(f"Не удалось разобрать развёрнутые ответы «{detailed.strip()}».", row,
                        column_letter(c + 1), kind="long_text")
        for i, (score, top) in enumerate(found, 1):
            value = float(score) if score.isdigit() else None
            if value is not None and value > float(top):
                log.warning(f"Балл за задание {offset + i} ({score}) больше максимума {top}.", row,
                            column_letter(columns["long"] + 1), kind="long_range")
            tasks[str(offset + i)] = value

    primary = num("primary", "Первичный балл")
    if primary is not None and primary < 0:
        c = columns.get("primary")
        log.error(f"Первичный балл {primary:g} меньше нуля.", row, column_letter(c + 1) if c is not None else None,
                  kind="primary_range")
        primary = None
    result = num("test", "Тестовый балл") if "test" in columns else num("result", "Оценка")

    full_name = None
    if keep_names:
        parts = [cell_text(get(f)) for f in ("last_name", "first_name", "patronymic")]
        full_name = " ".join(p for p in parts if p) or None

    student = StudentRow(
        school, None, None, cell_text(get("class")), None, tasks, primary, None, None, None,
        code("exam_point"), full_name, row, code("msu"),
    )
    block.students.append(student)
    block.results.append((result, row))
