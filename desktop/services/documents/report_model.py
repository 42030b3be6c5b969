"""The document model of a report (аналитический отчёт, отчёт об исполнении) — not an order.

A report is a title block (office, title, date line) and a sequence of blocks: headings, paragraphs,
tables whose cells may carry a colour mark, charts and page breaks. Charts are data (kind,
categories, series, axis titles, unit), never drawings, so that each renderer draws them its own way:
`pdf.py` as vector reportlab drawings, `docx_writer.py` as pictures of the same drawings (both draw
the report as `blocks.report_blocks`), the XLSX writer leaves them out and writes the tables.

Mark colours and series colours are defined here, once, so that the PDF, the DOCX and the workbook
colour the same cell the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .model import Executor, Signature, Table

__all__ = [
    "MARKS",
    "MARK_COLOURS",
    "PALETTE",
    "Heading",
    "Paragraph",
    "PageBreak",
    "ReportTable",
    "Series",
    "Chart",
    "Block",
    "ReportDocument",
]

# mark → fill colour (RRGGBB), light enough for black text on it
MARK_COLOURS = {"low": "F4C7C3", "risk": "FCE8B2", "good": "D2EBD3"}
MARKS = tuple(MARK_COLOURS)
# series colours, in order, when a chart names none
PALETTE = ("2F5597", "C55A11", "7F7F7F", "548235", "7030A0", "BF9000")

ChartKind = Literal["stacked", "grouped", "lines"]


@dataclass
class Heading:
    text: str
    level: int = 1  # 1 or 2


@dataclass
class Paragraph:
    text: str


@dataclass
class PageBreak:
    pass


@dataclass
class ReportTable(Table):
    """A table of a report. `caption` is printed above it; `summary` (a sentence) above the caption;
    `legend` explains the marks — renderers print the entries whose mark occurs in the table.

    In a workbook, tables with the same `sheet` share one sheet (and must share the header), each
    under a section row with its `group`, so that one header can be frozen and filtered."""

    caption: str | None = None
    summary: str | None = None
    legend: list[tuple[str, str]] = field(default_factory=list)
    sheet: str = "Таблица"
    group: str | None = None
    font_size: float = 12

    def __post_init__(self) -> None:
        super().__post_init__()
        for mark, _text in self.legend:
            if mark not in MARK_COLOURS:
                raise ValueError(f"unknown mark {mark!r}; known: {MARKS}")

    def used_legend(self) -> list[tuple[str, str]]:
        used = {mark for row in self.rows for mark in row.marks.values()}
        return [(mark, text) for mark, text in self.legend if mark in used]


@dataclass
class Series:
    name: str
    values: list[float | None]
    colour: str | None = None  # RRGGBB; PALETTE by position when None


@dataclass
class Chart:
    """A chart as data. «stacked» and «grouped» are bars drawn across the page, one row of bars per
    category (category names may be long: schools, subjects); «lines» have the categories (years)
    along the horizontal axis. Values are in `unit` («%» for percentages 0–100)."""

    kind: ChartKind
    title: str
    categories: list[str]
    series: list[Series]
    value_title: str = ""
    category_title: str = ""
    unit: str = ""
    value_max: float | None = None  # the end of the value axis; from the data when None

    def __post_init__(self) -> None:
        if self.kind not in ("stacked", "grouped", "lines"):
            raise ValueError(f"chart kind must be stacked, grouped or lines, not {self.kind!r}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"series «{series.name}» has {len(series.values)} values for "
                                 f"{len(self.categories)} categories")

    def colours(self) -> list[str]:
        return [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(self.series)]

    @property
    def is_empty(self) -> bool:
        return not self.categories or all(v is None for s in self.series for v in s.values)


Block = Heading | Paragraph | PageBreak | ReportTable | Chart


@dataclass(kw_only=True)
class ReportDocument:
    """A whole report: `office` heads the first page, then `title` and `date_line`, then the blocks."""

    title: str
    office: str = ""
    date_line: str = ""
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None  # who signs it, after the last block
    compiler: Executor | None = None  # who compiled it: name and phone at the foot of the last page

    def signed(self, head_position: str, head_name: str, compiler_name: str, compiler_phone: str) -> None:
        """The signature and the compiler from the office's details; what is not filled in is left out."""
        if head_position.strip() and head_name.strip():
            self.signature = Signature(head_position, head_name)
        if compiler_name.strip():
            self.compiler = Executor(compiler_name.strip(), compiler_phone.strip() or None)

    def tables(self) -> list[ReportTable]:
        return [b for b in self.blocks if isinstance(b, ReportTable)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]
