"""Plan tables (№ | Мероприятие | Срок | Участники | Ответственные) read into sections and measures.

One core works on rows of strings, wherever they come from: a Word table (word_order.py), an Excel
sheet (`read_roadmap_xlsx`, here) or text pasted from Word or Excel (pasted_text.py).

* The header row is found by its words, in any column order, case and line breaks ignored:
  «№», «Мероприятие» / «Наименование мероприятия» / «Содержание», «Срок(и) (исполнения)» / «Срок
  проведения», «Категория участников» / «Участники», «Ответственные (исполнители)» / «Исполнители»,
  «Примечание». A repeated header (a table continued on the next page) and a row of column numbers
  («1 2 3 4 5») are skipped.
* A section row is a merged row (one text across the row), a bold row, or a row with a number and a
  title and otherwise empty cells («1. Формирование …», «Раздел 2. …», «I. …»).
* A row with an empty number cell continues the measure above (a table split across pages).
* Empty measures and rows that cannot be read become warnings; nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from desktop.errors import ImportFormatError
from desktop.folding import fold
from desktop.services.importers.intake.files import PLAN_WORKBOOK
from desktop.services.importers.intake.workbook import Sheet, open_workbook
from desktop.services.importers.problems import Problem
from desktop.services.importers.roadmap.order_clauses import is_order_line
from desktop.services.importers.roadmap.order_header import collapse, read_order_info
from desktop.services.importers.roadmap.records import ParsedMeasure, ParsedRoadmap, ParsedSection

HEADER_SEARCH_ROWS = 30  # the header row of a sheet or a pasted table is among its first rows
MAX_HEADER_CELL = 80

# rows of a sheet read as a plan: a district's plan has hundreds of measures; reading a 65,536-row
# sheet and planning its measures takes over 10 s, so a sheet that long is refused before reading
MAX_SHEET_ROWS = 20_000

ROLES = ("number", "text", "deadline", "participants", "responsible", "note")
NEEDED_COLUMNS = "нужны столбцы «№», «Мероприятие», «Срок» (и, если есть, «Участники», «Ответственные»)"

_PLAIN_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\s*[.)]?$")
_ROMAN_RE = re.compile(r"^([IVXLC]{1,7})\s*\.?$")
_SECTION_NUMBER_RE = re.compile(r"^раздел\s+(\d{1,3}|[IVXLC]{1,7})\s*\.?$", re.IGNORECASE)
_SECTION_PREFIX_RE = re.compile(
    r"^(?:(?:раздел|блок|направление)\s+(?P<a>\d{1,3}|[IVXLC]{1,7})\s*[.:)]?|(?P<b>[IVXLC]{1,7})\s*\.|(?P<c>\d{1,2}(?:\.\d{1,2})?)\s*\.)"
    r"\s*(?P<title>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PUNCT_ONLY_RE = re.compile(r"^[\W_]*$")
_TITLE_WORDS_RE = re.compile(r"план|дорожн|мероприят|программ", re.IGNORECASE)
_DALEE_RE = re.compile(r"\s*\(\s*далее\s*[-–—]?[^)]*\)", re.IGNORECASE)


@dataclass
class TableRow:
    """One row of a table as plain strings, with what the source knows about its formatting."""

    cells: list[str]
    bold: bool | None = None  # every text in the row is bold; None when the source has no formatting
    source_row: int | None = None  # row number in its table / sheet / pasted text
    sheet: str | None = None  # «Таблица 1», a sheet name; used in problems
    spanned: frozenset[int] = frozenset()  # columns covered by a horizontal merge (text sits in its first cell)
    merged_down: frozenset[int] = frozenset()  # columns continuing a vertical merge from the row above


@dataclass
class _RoleRow:
    values: dict[str, str]
    bold: bool | None
    source_row: int | None
    sheet: str | None
    merged_text: str | None  # the one text of a merged (section) row
    merged_down: frozenset[str]
    kind: str = ""


# ---------------------------------------------------------------------------------------------------
# cells and header


def clean_cell(value: object) -> str:
    """Cell text with no-break spaces, \\r and runs of spaces normalised; punctuation-only cells → ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, bool):
        text = "да" if value else "нет"
    elif isinstance(value, datetime):
        text = value.strftime("%d.%m.%Y") if value.time() == time(0) else value.strftime("%d.%m.%Y %H:%M")
    elif isinstance(value, date):
        text = value.strftime("%d.%m.%Y")
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u200b", "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    if _PUNCT_ONLY_RE.match(text) and "№" not in text:
        return ""
    return text


def _header_key(text: str) -> str:
    text = fold(text)
    text = re.sub(r"[^\w№/ ]+", " ", text)
    return " ".join(text.split())


def header_role(text: str) -> str | None:
    """The role of a header cell («Сроки исполнения» → "deadline"); None if not a plan column."""
    key = _header_key(text)
    if not key or len(key) > MAX_HEADER_CELL:
        return None
    if key in {"№", "n", "no", "номер", "п/п", "nn", "№№"} or re.match(r"^(?:№|n|no)\s*(?:п/п|пп|пункта|мероприятия)?$", key):
        return "number"
    if key.startswith("№") and len(key) <= 14:
        return "number"
    if "срок" in key or key.startswith("дата") or key.startswith("период") or key.startswith("время проведения"):
        return "deadline"
    if "участник" in key or "целевая аудитория" in key:
        return "participants"
    if "ответствен" in key or "исполнител" in key:
        return "responsible"
    if any(word in key for word in ("примечан", "отметка", "результат", "форма отчет", "выполнени", "комментари")):
        return "note"
    if any(word in key for word in ("мероприят", "содержание", "наименование", "вид работ", "направлени", "действи")):
        return "text"
    return None


def detect_header(cells: Sequence[str]) -> dict[str, list[int]] | None:
    """Role → columns when the row is a plan header (it needs a measure and a deadline column)."""
    columns: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        role = header_role(cell) if cell else None
        if role:
            columns.setdefault(role, []).append(index)
    if "text" in columns and "deadline" in columns:
        return columns
    return None


def find_header(rows: Sequence[TableRow], limit: int = HEADER_SEARCH_ROWS) -> tuple[int, dict[str, list[int]]] | None:
    for index, row in enumerate(rows[:limit]):
        columns = detect_header(row.cells)
        if columns:
            return index, columns
    return None


def _header_signature(cells: Sequence[str]) -> tuple[str, ...]:
    return tuple(key for key in (_header_key(clean_cell(cell)) for cell in cells) if key)


def _is_column_numbers(cells: Sequence[str]) -> bool:
    values = [cell for cell in cells if cell]
    if len(values) < 3 or not all(re.fullmatch(r"\d{1,2}\.?", value) for value in values):
        return False
    numbers = [int(value.rstrip(".")) for value in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)


# ---------------------------------------------------------------------------------------------------
# numbers


def _number_path(number: str) -> tuple[int, ...] | None:
    match = _PLAIN_NUMBER_RE.match(number)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _plain_number(number: str) -> str | None:
    match = _PLAIN_NUMBER_RE.match(number)
    return match.group(1) if match else None


def _is_sibling(first: str, second: str) -> bool:
    a, b = _number_path(first), _number_path(second)
    return bool(a and b and len(a) == len(b) and a[:-1] == b[:-1] and b[-1] == a[-1] + 1)


_STAGE_WORD_RE = re.compile(r"^(?:\S+\s+)?этап(?![а-яё])", re.IGNORECASE)  # «Этап подготовки», «Второй этап»
MAX_STAGE_TITLE = 150


def _is_stage(number: str, text: str, deadline: str, filled: set[str], bold: bool | None) -> bool:
    """A stage row: «I. | Этап подготовки | ноябрь 2012 – май 2013г.» — a heading (a Roman or «Раздел»
    number, in its cell or before the title; no number and «этап» first or second word; or bold) with a period as its deadline (one range of dates,
    a month or longer) and no participants and no responsible. It is a section with that period, not a
    measure."""
    if not text or not deadline or not filled <= {"number", "text", "deadline"} or len(text) > MAX_STAGE_TITLE:
        return False
    section_number, title = split_section_title(text)
    roman_in_text = bool(section_number and not section_number[0].isdigit())
    heading = bool(_section_number(number)) or roman_in_text or bool(bold)
    # «1. | Этап подготовки | …» is a measure numbered among the others; «| Этап подготовки | …» a stage
    heading = heading or bool(_STAGE_WORD_RE.match(title) and len(title) <= 80 and not number)
    if not heading:
        return False
    from desktop.services.deadlines import parse_deadline

    reading = parse_deadline(deadline)
    return reading.kind == "dates" and len(reading.ranges) == 1 and (reading.ranges[0][1] - reading.ranges[0][0]).days >= 27


def split_section_title(text: str) -> tuple[str | None, str]:
    """(«2», «Методическое сопровождение») from «Раздел 2. Методическое сопровождение»."""
    text = collapse(text)
    match = _SECTION_PREFIX_RE.match(text)
    if not match:
        return None, text
    number = match.group("a") or match.group("b") or match.group("c")
    if match.group("b") and not match.group("b").isupper():
        return None, text
    return number, match.group("title").strip()


def _section_number(number: str) -> str | None:
    """«I», «2» from a number cell «I.», «Раздел 2»; None when the cell is not a section number."""
    number = number.strip()
    match = _ROMAN_RE.match(number) or _SECTION_NUMBER_RE.match(number)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------------------------------
# the core


def _join(first: str, second: str) -> str:
    if not first:
        return second
    if not second:
        return first
    if re.search(r"\w-$", first) and second[:1].islower():
        return first + second  # «информационно-» + «методического»
    if second[:1] in "-–—•·" or first.endswith((".", ";", ":", "!", "?")):
        return f"{first}\n{second}"
    return f"{first} {second}"


_SEPARATORS = {"number": " ", "text": "\n", "deadline": "; ", "participants": ", ", "responsible": ", ", "note": "\n"}


class PlanTableReader:
    """Collects the rows of one or several plan tables (each with its own header) and reads them."""

    def __init__(self) -> None:
        self.rows: list[_RoleRow] = []
        self.problems: list[Problem] = []
        self._unknown_columns: set[str] = set()
        self._headers: set[tuple[str, ...]] = set()  # header rows seen, to skip their repetitions

    def add_table(
        self, rows: Sequence[TableRow], columns: dict[str, list[int]], header_row: TableRow | None = None
    ) -> None:
        """Rows after the header (or the rows of a table continuing the previous one)."""
        if header_row is not None:
            self._note_unknown_columns(header_row, columns)
            self._headers.add(_header_signature(header_row.cells))
        for row in rows:
            role_row = self._to_role_row(row, columns)
            if role_row is not None:
                self.rows.append(role_row)

    def _note_unknown_columns(self, header_row: TableRow, columns: dict[str, list[int]]) -> None:
        known = {index for indexes in columns.values() for index in indexes}
        for index, cell in enumerate(header_row.cells):
            if cell and index not in known and index not in header_row.spanned:
                if collapse(cell) in self._unknown_columns:
                    continue
                self._unknown_columns.add(collapse(cell))
                self.problems.append(
                    Problem(
                        f"Столбец «{collapse(cell)}» не распознан и не импортирован",
                        header_row.sheet,
                        header_row.source_row,
                        severity="warning",
                    )
                )

    def _to_role_row(self, row: TableRow, columns: dict[str, list[int]]) -> _RoleRow | None:
        cells = [clean_cell(cell) for cell in row.cells]
        if not any(cells):
            return None
        if _is_column_numbers(cells) or (_header_signature(cells) in self._headers and detect_header(cells)):
            return None  # a row of column numbers, the header repeated on the next page
        values: dict[str, str] = {}
        down: set[str] = set()
        for role, indexes in columns.items():
            parts = []
            for index in indexes:
                if index < len(cells) and cells[index]:
                    if index in row.merged_down:
                        down.add(role)
                    parts.append(cells[index])
            values[role] = _SEPARATORS[role].join(parts)
        origins = [index for index, cell in enumerate(cells) if cell and index not in row.spanned]
        distinct = {cells[index] for index in origins}
        merged_text = None
        if len(distinct) == 1 and not (set(origins) & row.merged_down):
            span = 1
            while origins[0] + span in row.spanned:
                span += 1
            # one cell spanning several columns, or (as python-docx shows merges) one text in every cell
            if (len(origins) == 1 and span >= 2) or (len(origins) >= 2 and all(cells)):
                merged_text = next(iter(distinct))
        if merged_text is None and not any(values.values()):
            # text only in columns the header does not know
            other = "; ".join(cell for cell in cells if cell)
            self.problems.append(
                Problem(f"Строка не прочитана: «{other[:80]}» вне столбцов плана", row.sheet, row.source_row, severity="warning")
            )
            return None
        return _RoleRow(values, row.bold, row.source_row, row.sheet, merged_text, frozenset(down))

    # ---- classification

    def _classify(self) -> None:
        uses_numbers = any(
            _plain_number(row.values.get("number", "")) and "number" not in row.merged_down for row in self.rows
        )
        previous: _RoleRow | None = None
        for row in self.rows:
            row.kind = self._kind_of(row, uses_numbers)
            if row.kind == "numbered_text":
                # «1. Формирование …» alone in the text column: a section, unless the measure above
                # opens a list («… включающий:») that this row continues
                after_list = previous is not None and previous.kind in ("measure", "continuation", "candidate")
                after_list = after_list and previous.values.get("text", "").rstrip().endswith((":", ";"))
                row.kind = "continuation" if after_list else "section"
            previous = row
        for position, row in enumerate(self.rows):
            if row.kind == "candidate":
                row.kind = self._resolve_candidate(position)

    def _kind_of(self, row: _RoleRow, uses_numbers: bool) -> str:
        if row.merged_text is not None:
            return "section"
        values = row.values
        number = "" if "number" in row.merged_down else values.get("number", "")
        filled = {role for role, value in values.items() if value and not (role in row.merged_down and not number)}
        text = values.get("text", "")
        if _is_stage(number, text, values.get("deadline", ""), filled, row.bold):
            return "section"
        if len(filled) == 1 and not _plain_number(number):
            (role,) = filled
            only = values[role]
            section_number, section_title = split_section_title(only)
            if role == "number" or (role != "text" and section_number and section_title[:1].isupper()):
                # a merged section row read without its merge: the title sits in the first column
                row.merged_text = only
                return "section"
        if number and _section_number(number) and filled <= {"number", "text"}:
            return "section"
        if not number:
            looks_like_section = bool(row.bold) or bool(_SECTION_PREFIX_RE.match(text) and split_section_title(text)[0])
            if filled == {"text"} and looks_like_section and not (uses_numbers and text[:1].islower()):
                return "section" if row.bold else "numbered_text"
            return "continuation" if uses_numbers else "measure"
        if filled <= {"number", "text"} and "text" in filled:
            return "section" if row.bold else "candidate"
        return "measure"

    def _resolve_candidate(self, position: int) -> str:
        """A row with a number and a title only: a section unless the next row is its sibling measure."""
        number = self.rows[position].values.get("number", "")
        for later in self.rows[position + 1 :]:
            if later.kind == "continuation":
                if any(value for role, value in later.values.items() if role not in ("text", "number") and role not in later.merged_down):
                    return "measure"
                continue
            if later.kind == "section":
                return "measure"
            later_number = later.values.get("number", "")
            return "measure" if _is_sibling(number, later_number) else "section"
        return "measure"

    # ---- building

    def finish(self) -> list[ParsedSection]:
        self._classify()
        sections: list[ParsedSection] = []
        current: ParsedSection | None = None
        last_measure: ParsedMeasure | None = None
        last_kind = ""
        locations: dict[int, tuple[str | None, int | None]] = {}
        for row in self.rows:
            values = row.values
            if row.kind == "section":
                if row.merged_text is not None:
                    number, title = split_section_title(row.merged_text)
                else:
                    raw_number = values.get("number", "")
                    text = values.get("text", "")
                    if text:
                        number = _section_number(raw_number) or _plain_number(raw_number) or (raw_number or None)
                        title = collapse(text)
                        if number is None:
                            number, title = split_section_title(text)
                    else:
                        number, title = split_section_title(raw_number)
                stage_period = values.get("deadline", "") if row.merged_text is None else ""
                if number is None and current is not None and last_kind == "section" and not current.measures and not stage_period:
                    current.title = _join(current.title or "", title)  # a section title split across pages
                else:
                    current = ParsedSection(number, title, [], period_text=stage_period)
                    sections.append(current)
                    locations[id(current)] = (row.sheet, row.source_row)
                last_measure = None
                last_kind = "section"
                continue
            if row.kind == "continuation":
                if last_measure is not None:
                    for role in ROLES[1:]:
                        value = values.get(role, "")
                        if value and role not in row.merged_down:
                            setattr(last_measure, _FIELD[role], _join(getattr(last_measure, _FIELD[role]), value))
                    last_kind = "continuation"
                    continue
                if current is not None and last_kind == "section" and set(v for v in values if values[v]) <= {"text"}:
                    current.title = _join(current.title or "", values.get("text", ""))
                    continue
                self.problems.append(
                    Problem(
                        "Строка без номера не продолжает ни одно мероприятие: прочитана как отдельное мероприятие",
                        row.sheet,
                        row.source_row,
                        severity="warning",
                    )
                )
            raw_number = "" if "number" in row.merged_down else values.get("number", "")
            number = _plain_number(raw_number) if raw_number else None
            if raw_number and number is None:
                if len(raw_number) <= 12:
                    number = raw_number
                else:
                    self.problems.append(
                        Problem(f"Номер «{raw_number[:40]}» не прочитан", row.sheet, row.source_row, severity="warning")
                    )
            measure = ParsedMeasure(
                number=number,
                text=values.get("text", ""),
                deadline_text=values.get("deadline", ""),
                participants=values.get("participants", ""),
                responsible=values.get("responsible", ""),
                note=values.get("note", ""),
                source_row=row.source_row,
            )
            locations[id(measure)] = (row.sheet, row.source_row)
            if current is None:
                current = ParsedSection(None, None, [])
                sections.append(current)
            current.measures.append(measure)
            last_measure = measure
            last_kind = "measure"

        for section in sections:
            kept = []
            for measure in section.measures:
                if measure.text.strip():
                    kept.append(measure)
                    continue
                sheet, row_number = locations.get(id(measure), (None, measure.source_row))
                label = f" № {measure.number}" if measure.number else ""
                self.problems.append(
                    Problem(f"Мероприятие{label} без текста пропущено", sheet, row_number, severity="warning")
                )
            section.measures = kept
            if not kept and section.title:
                sheet, row_number = locations.get(id(section), (None, None))
                self.problems.append(
                    Problem(f"Раздел «{section.title[:80]}» без мероприятий", sheet, row_number, severity="warning")
                )
        return sections


_FIELD = {
    "text": "text",
    "deadline": "deadline_text",
    "participants": "participants",
    "responsible": "responsible",
    "note": "note",
}


def title_above(lines: Iterable[str]) -> str:
    """The roadmap title from the lines above a plan table: the plan's own heading, from its first
    «План мероприятий…» / «Дорожная карта…» line to the table. Only the block right above the table is
    looked at (after the last empty line and after the last line of the order: a numbered clause, the
    signature, the executor's line), so that «3. Назначить ответственным за выполнение плана мероприятий…»
    is never the title; «Приложение № 1 к приказу …» and «УТВЕРЖДЁН …» above the heading are skipped."""
    lines = [collapse(part) for line in lines for part in str(line).split("\n")]
    # only the block right above the table (after the last empty line)
    while lines and not lines[-1]:
        lines.pop()
    if "" in lines:
        lines = lines[len(lines) - lines[::-1].index("") :]
    order_lines = [index for index, line in enumerate(lines) if is_order_line(line)]
    if order_lines:
        lines = lines[order_lines[-1] + 1 :]
    for index, line in enumerate(lines):
        if re.match(r"^(?:приложение|к\s+приказу|к\s+распоряжению|утвержд|(?:О|Об|Обо)\s)", line, re.IGNORECASE):
            continue
        if _TITLE_WORDS_RE.search(line):
            title = " ".join(lines[index:])
            return collapse(_DALEE_RE.sub("", title))
    return ""


# ---------------------------------------------------------------------------------------------------
# sheets


def _sheet_rows(sheet: Sheet) -> list[TableRow]:
    """The rows of a sheet as table rows: a merge marks the columns it spans to the right as `spanned`
    and those it continues downwards as `merged_down`, filled with the text of its first cell."""
    raw = sheet.rows
    height, width = len(raw), max(map(len, raw), default=0)
    spanned: dict[int, set[int]] = {}
    down: dict[int, set[int]] = {}
    fill: dict[tuple[int, int], object] = {}
    for first_row, first_col, last_row, last_col in sheet.merged:
        r1, c1 = first_row - 1, first_col - 1
        origin = raw[r1][c1] if r1 < height and c1 < len(raw[r1]) else None
        for r in range(r1, min(last_row, height)):  # the cells of the range within the data
            for c in range(c1, min(last_col, width)):
                if (r, c) == (r1, c1):
                    continue
                if r == r1 or c > c1:
                    spanned.setdefault(r, set()).add(c)
                else:
                    down.setdefault(r, set()).add(c)
                    fill[(r, c)] = origin
    rows = []
    for r, values in enumerate(raw):
        cells = []
        for c, value in enumerate(values):
            if (r, c) in fill:
                value = fill[(r, c)]
            cells.append(clean_cell(value))
        rows.append(
            TableRow(
                cells,
                None,
                r + 1,
                sheet.name,
                frozenset(spanned.get(r, ())),
                frozenset(down.get(r, ())),
            )
        )
    return rows


def read_roadmap_xlsx(path: str | Path) -> ParsedRoadmap:
    """A roadmap from the first sheet (visible ones first) of a workbook with a plan header in its first
    30 rows. The file comes through the intake (`open_workbook`); a sheet longer than `MAX_SHEET_ROWS` is
    refused before its cells are read."""
    path = Path(path)
    name = path.name
    found = None
    others: list[str] = []
    with open_workbook(path, PLAN_WORKBOOK) as book:
        for worksheet in book.worksheets(visible_first=True):
            if worksheet.height > MAX_SHEET_ROWS:
                raise ImportFormatError(
                    f"Лист «{worksheet.name}» книги «{name}» слишком длинный для плана мероприятий "
                    f"({worksheet.height} строк, допустимо до {MAX_SHEET_ROWS}). Проверьте, что выбран нужный файл."
                )
            rows = _sheet_rows(worksheet.read())
            header = find_header(rows)
            if header is None:
                continue
            if found is None:
                found = (worksheet.name, rows, header)
            else:
                others.append(worksheet.name)
    if found is None:
        raise ImportFormatError(f"В книге «{name}» не найдена таблица плана: {NEEDED_COLUMNS}")
    sheet_name, rows, (header_index, columns) = found
    reader = PlanTableReader()
    reader.add_table(rows[header_index + 1 :], columns, rows[header_index])
    sections = reader.finish()
    problems = reader.problems
    for other in others:
        problems.append(Problem(f"На листе «{other}» тоже есть таблица плана; она не прочитана", other, severity="warning"))
    above = [" ".join(cell for cell in row.cells if cell) for row in rows[:header_index]]
    order = read_order_info(above)
    title = title_above(above) or order.title or path.stem
    return ParsedRoadmap(title, order, sections, problems, "table")
