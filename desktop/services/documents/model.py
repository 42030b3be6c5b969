"""The document model of an order (приказ) or directive (распоряжение), as offices print them.

Plain dataclasses, no rendering: `blocks.order_blocks` walks an order part by part into the blocks that
`pdf.py` and `docx_writer.py` draw in the styles of `layout.py`; `xlsx_writer.py` writes the tables.
The parts follow ГОСТ Р 7.0.97-2016 as district offices use it: letterhead, kind, date and number,
place, title, preamble, the operative word («ПРИКАЗЫВАЮ:»), numbered clauses, the control clause,
signature, executor, then appendices (each on its own page, usually a plan table).

Clause numbers are never stored: they follow from the clause's position (`numbered()`), so clauses can
be inserted, moved or deleted and the order renumbers itself. The texts helpers here (`clause_text`,
`deadline_text`, `appendix_heading_lines`, `format_date`, `format_cell`) are shared by all renderers so
that the PDF and the DOCX say exactly the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Literal

from desktop.figures import FIGURE_FORMATS, FigureFormat, format_figure
from desktop.services.documents.kinds import DECISION, DIRECTIVE, KIND_WORDS, KINDS, ORDER

__all__ = [
    "Letterhead",
    "Signature",
    "Executor",
    "Clause",
    "TableRow",
    "Table",
    "Appendix",
    "OrderDocument",
    "OrderKind",
    "CellValue",
    "numbered",
    "clause_text",
    "deadline_text",
    "deadline_cell",
    "section_heading",
    "format_date",
    "format_cell",
    "format_value",
    "ColumnFormat",
    "clean_text",
    "ORDER",
    "DIRECTIVE",
    "DECISION",
    "KINDS",
    "KIND_WORDS",
]

OrderKind = Literal["ПРИКАЗ", "РАСПОРЯЖЕНИЕ", "РЕШЕНИЕ"]  # documents/kinds.py
RowKind = Literal["data", "section"]
CellValue = str | int | float | None
# How a column's numbers are printed: the formats of `desktop.figures` («percent», «change», «decimal»…).
ColumnFormat = FigureFormat
COLUMN_FORMATS = FIGURE_FORMATS


_DEFAULT_OPERATIVE = {ORDER: "ПРИКАЗЫВАЮ:", DIRECTIVE: "", DECISION: "РЕШИЛИ:"}
_DEFAULT_CONTROL = {
    ORDER: "Контроль за исполнением настоящего приказа оставляю за собой.",
    DIRECTIVE: "Контроль за исполнением настоящего распоряжения оставляю за собой.",
    DECISION: "",  # a board's decision names who controls it in its own clauses
}
# «к приказу», «к распоряжению», «к решению коллегии» in appendix headings.
_KIND_DATIVE = {ORDER: "приказу", DIRECTIVE: "распоряжению", DECISION: "решению коллегии"}

# Characters XML 1.0 (DOCX, XLSX) and reportlab cannot hold; text pasted from Word often carries
# \x0b (vertical tab) or \x07. Tab and newline are kept.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` without control characters that XML-based formats reject (\\x0b becomes a newline)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _ILLEGAL_XML.sub("", text)


def format_date(value: Date) -> str:
    """01.09.2023 — the way dates are printed in orders."""
    return value.strftime("%d.%m.%Y")


def format_cell(value: CellValue) -> str:
    """A table cell as printed text: None → «», 12 → «12», 4.5 → «4,5» (decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # bool is an int; print it as a word, not 1/0
        return "да" if value else "нет"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text.replace(".", ",")
    return clean_text(str(value))


def format_value(value: CellValue, fmt: ColumnFormat = "text") -> str:
    """A cell as printed in a column of format `fmt`: a number by `desktop.figures.format_figure` (the
    screen prints it the same way) — «37,2» for a percent column holding 0.372, «+3,1» / «−2,0» for a
    change; text and anything that is not a number as `format_cell` prints it."""
    if fmt == "text" or not isinstance(value, int | float) or isinstance(value, bool):
        return format_cell(value)
    return format_figure(value, fmt)


@dataclass
class Letterhead:
    """The office's name as printed at the top, and an optional address/contacts line.

    `short_name_genitive` is the office in the genitive for appendix headings: «к приказу
    управления образования от …»; None names no office («к приказу от …»).
    """

    full_name: str
    address_line: str | None = None
    short_name_genitive: str | None = None


@dataclass
class Signature:
    """Position on the left («Начальник управления образования», may hold line breaks), name right."""

    position: str
    name: str


@dataclass
class Executor:
    """The person who prepared the order, printed small at the foot: name, phone."""

    name: str
    phone: str | None = None


@dataclass
class Clause:
    """One clause of the order; `children` are its sub-clauses (1.1., 1.2., …)."""

    text: str
    deadline: str | None = None  # printed as «Срок: <deadline>» after the clause
    responsible: str | None = None  # printed in parentheses at the end of the clause
    children: list[Clause] = field(default_factory=list)


def numbered(clauses: list[Clause], prefix: str = "", depth: int = 0) -> list[tuple[str, Clause, int]]:
    """Every clause in reading order with its number and depth: («1.», c, 0), («1.1.», c, 1), …"""
    result: list[tuple[str, Clause, int]] = []
    for index, clause in enumerate(clauses, start=1):
        number = f"{prefix}{index}."
        result.append((number, clause, depth))
        result.extend(numbered(clause.children, number, depth + 1))
    return result


def clause_text(number: str, clause: Clause) -> str:
    """«1.1. Организовать работу (Петрова А. А.).» — number, text, the responsible in parentheses.

    The parenthesis goes before the clause's closing punctuation (. ; :), as offices write it.
    """
    text = clean_text(clause.text).strip()
    if clause.responsible:
        who = f"({clean_text(clause.responsible).strip()})"
        match = re.search(r"[.;:,]+$", text)
        if match:
            text = f"{text[: match.start()].rstrip()} {who}{match.group()}"
        else:
            text = f"{text} {who}" if text else who
    return f"{number} {text}" if number else text


# «Срок:», «Сроки исполнения:» typed before a deadline in a source document
_DEADLINE_WORD = re.compile(r"^\s*сроки?(?:\s+(?:исполнения|проведения|выполнения))?\s*(?::|\s[–—-])\s*", re.IGNORECASE)


def deadline_cell(text: str | None) -> str:
    """A deadline as the «Срок» column prints it: as written, without a «Срок:» typed before it
    («Срок: до 25.09.2026» → «до 25.09.2026»)."""
    return _DEADLINE_WORD.sub("", clean_text(text or "")).strip()


def deadline_text(clause: Clause) -> str | None:
    """«Срок: до 15.09.2026» or None; the deadline is printed as written (a «Срок:» typed in it once)."""
    deadline = deadline_cell(clause.deadline)
    return f"Срок: {deadline}" if deadline else None


def section_heading(number: str | None, title: str | None) -> str:
    """A section row as typed: «1. Формирование …» — the number gets its period when it has none
    («1» → «1.», «II» → «II.»); one that ends otherwise («1.», «1)») stays as written."""
    number, title = (number or "").strip(), (title or "").strip()
    if number and title and number[-1].isalnum():
        number += "."
    return " ".join(p for p in (number, title) if p)


@dataclass
class TableRow:
    """A row of a table: `data` has one cell per column; `section` is one bold cell across the table.

    `marks` colour single cells (column index → mark name, see `report_model.MARKS`); a `strong` row
    is printed in bold (the district's own figures among the reference rows)."""

    cells: list[CellValue]
    kind: RowKind = "data"
    marks: dict[int, str] = field(default_factory=dict)
    strong: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ("data", "section"):
            raise ValueError(f"row kind must be 'data' or 'section', not {self.kind!r}")

    @property
    def is_section(self) -> bool:
        return self.kind == "section"

    @property
    def section_text(self) -> str:
        """The text of a section row (its non-empty cells joined)."""
        return " ".join(format_cell(c) for c in self.cells if format_cell(c))

    @classmethod
    def section(cls, text: str) -> TableRow:
        return cls([text], "section")


@dataclass
class Table:
    """A table with one header row; `column_widths` are relative (any positive numbers) and size the
    columns of a workbook (the PDF and the DOCX size them by their content, `table_layout`); `formats`
    say how each column's numbers are printed (all «text» when left empty)."""

    header: list[str]
    rows: list[TableRow] = field(default_factory=list)
    column_widths: list[float] = field(default_factory=list)
    formats: list[ColumnFormat] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.header:
            raise ValueError("a table needs at least one column")
        if not self.column_widths:
            self.column_widths = [1.0] * len(self.header)
        if len(self.column_widths) != len(self.header):
            raise ValueError(
                f"{len(self.column_widths)} column widths for {len(self.header)} columns"
            )
        if any(w <= 0 for w in self.column_widths):
            raise ValueError("column widths must be positive")
        if not self.formats:
            self.formats = ["text"] * len(self.header)
        if len(self.formats) != len(self.header) or not set(self.formats) <= set(COLUMN_FORMATS):
            raise ValueError(f"formats {self.formats!r} do not fit {len(self.header)} columns")
        for index, row in enumerate(self.rows):
            self._check_row(index, row)

    def _check_row(self, index: int, row: TableRow) -> None:
        if row.kind == "data" and len(row.cells) > len(self.header):
            raise ValueError(
                f"row {index + 1} has {len(row.cells)} cells, the table has {len(self.header)} columns"
            )

    @property
    def column_count(self) -> int:
        return len(self.header)

    def fractions(self) -> list[float]:
        """Column widths as fractions of the table width (they sum to 1)."""
        total = sum(self.column_widths)
        return [w / total for w in self.column_widths]

    def padded_cells(self, row: TableRow) -> list[CellValue]:
        """A data row's cells, padded with None to the number of columns."""
        return list(row.cells) + [None] * (self.column_count - len(row.cells))

    def row_texts(self, row: TableRow) -> list[str]:
        """A data row's cells as printed, each by its column's format."""
        return [format_value(v, f) for v, f in zip(self.padded_cells(row), self.formats, strict=True)]


@dataclass
class Appendix:
    """An appendix: printed on a new page under «Приложение № N к приказу …», then its title,
    then `paragraphs` (introductory text), then `tables`."""

    number: int
    title: str | None = None
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class OrderDocument:
    """A whole order. `operative_word` and `control_clause` default by kind when left as None:
    «ПРИКАЗЫВАЮ:» and «…настоящего приказа…» for a приказ; no operative word and «…настоящего
    распоряжения…» for a распоряжение. An empty string prints nothing."""

    letterhead: Letterhead
    kind: OrderKind = ORDER
    date: Date
    number: str
    place: str = ""
    title: str
    preamble: str = ""
    clauses: list[Clause] = field(default_factory=list)
    control_clause: str | None = None
    signature: Signature
    executor: Executor | None = None
    appendices: list[Appendix] = field(default_factory=list)
    operative_word: str | None = None
    # what the grammar library could not decline, left as written: shown by the editor, said by the CLI
    to_check: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.operative_word is None:
            self.operative_word = _DEFAULT_OPERATIVE[self.kind]
        if self.control_clause is None:
            self.control_clause = _DEFAULT_CONTROL[self.kind]

    # --- texts shared by the renderers -------------------------------------------------------

    @property
    def date_text(self) -> str:
        return format_date(self.date)

    @property
    def number_text(self) -> str:
        """«№ 57»."""
        return f"№ {self.number.strip()}"

    def numbered_clauses(self) -> list[tuple[str, Clause, int]]:
        return numbered(self.clauses)

    def control_clause_number(self) -> str:
        """The control clause is the last top-level clause: «4.» after three clauses."""
        return f"{len(self.clauses) + 1}."

    def control_text(self) -> str | None:
        """«4. Контроль за исполнением настоящего приказа оставляю за собой.» or None."""
        if not self.control_clause or not self.control_clause.strip():
            return None
        return f"{self.control_clause_number()} {clean_text(self.control_clause).strip()}"

    def appendix_heading_lines(self, appendix: Appendix) -> list[str]:
        """[«Приложение № 1», «к приказу управления образования», «от 01.09.2026 № 57»]."""
        office = self.letterhead.short_name_genitive
        return [
            f"Приложение № {appendix.number}",
            f"к {_KIND_DATIVE[self.kind]} {office}" if office else f"к {_KIND_DATIVE[self.kind]}",
            f"от {self.date_text} {self.number_text}",
        ]

    def appendix_heading(self, appendix: Appendix) -> str:
        """The heading on one line: «Приложение № 1 к приказу … от 01.09.2026 № 57»."""
        return " ".join(self.appendix_heading_lines(appendix))

    def document_title(self) -> str:
        """For file metadata: «Приказ от 01.09.2026 № 57 «Об утверждении …»»."""
        return f"{self.kind.capitalize()} от {self.date_text} {self.number_text} «{self.title}»"
