"""The one page layout of every document the program prints: the page, the sizes, and the style table.

Both renderers look everything up here: `pdf.py` turns each style into a reportlab ParagraphStyle,
`docx_writer.py` into a named Word paragraph style («Order Title», «Report Caption», …) that an
operator can retouch in Word. A number stated here is stated once: change a style and the PDF and the
DOCX of every order and report change together.

The layout follows ГОСТ Р 7.0.97-2016 as district offices use it: A4, margins 30 mm left and 20 mm
top, right and bottom; 14 pt text with a 1.25 cm first-line indent, 12 pt tables; page numbers at the
top centre from page 2; the executor's name and phone small (10 pt) at the foot of the order's last
page, on the left (5.27).

Units: sizes, spaces and paddings in points, indents and page measures in millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

__all__ = [
    "MM",
    "Page",
    "PAGE",
    "BODY_SIZE",
    "TABLE_SIZE",
    "SMALL_SIZE",
    "LEADING",
    "INDENT_MM",
    "TITLE_WIDTH_MM",
    "CELL_PAD",
    "CELL_PAD_TOP",
    "CELL_PAD_BOTTOM",
    "GRID_LINE",
    "TABLE_SPACE_BEFORE",
    "TABLE_SPACE_AFTER",
    "LEGEND_SWATCH",
    "LEGEND_GAP",
    "LEGEND_PAD_TOP",
    "LEGEND_PAD_BOTTOM",
    "UNTITLED_APPENDIX_GAP",
    "PAGE_NUMBER_SIZE",
    "PAGE_NUMBERS_FROM",
    "PAGE_NUMBER_BASELINE_MM",
    "HEADER_DISTANCE_MM",
    "Align",
    "Style",
    "STYLES",
    "style",
]

MM = 72.0 / 2.54 * 0.1  # points in a millimetre, computed as reportlab computes its `mm`


@dataclass(frozen=True)
class Page:
    """The page and its margins in millimetres; the text area in millimetres and in points."""

    width_mm: float = 210  # A4 portrait
    height_mm: float = 297
    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 20

    @property
    def margins_mm(self) -> dict[str, float]:
        return {"top": self.top_mm, "bottom": self.bottom_mm, "left": self.left_mm, "right": self.right_mm}

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in points: reportlab's A4 to the last bit for the default page."""
        return self.width_mm * MM, self.height_mm * MM

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def text_width(self) -> float:
        """The text area's width in points."""
        return self.size[0] - (self.left_mm + self.right_mm) * MM

    @property
    def text_height(self) -> float:
        """The text area's height in points (reportlab's frame)."""
        return self.size[1] - (self.top_mm + self.bottom_mm) * MM


PAGE = Page()

BODY_SIZE = 14  # points: the text of orders and reports
TABLE_SIZE = 12  # table cells
SMALL_SIZE = 10  # address line, executor, legends
# Line height as a multiple of the font size: single spacing as Word sets it for a Times-like font.
# The PDF uses it for every line; Word's «single» spacing gives the same for Liberation Serif.
LEADING = 1.15
INDENT_MM = 12.5  # first-line indent of text paragraphs, 1.25 cm
TITLE_WIDTH_MM = 100  # the title block is kept narrow, as in office blanks

# Tables (both renderers): cell text CELL_PAD points from the left and right rules, columns sized by
# their content across the text width (table_layout), rules GRID_LINE points wide.
CELL_PAD = 3
GRID_LINE = 0.5  # Word's «Table Grid» draws the same 1/2 pt rules
# PDF only: Word's rows and tables have no such padding and space (a DOCX separates a table from what
# follows on its page with an empty paragraph, which also keeps Word from merging adjacent tables).
CELL_PAD_TOP = 2
CELL_PAD_BOTTOM = 4
TABLE_SPACE_BEFORE = 4
TABLE_SPACE_AFTER = 8
# A legend line of a report: a coloured square LEGEND_SWATCH points wide, its text LEGEND_GAP after it.
LEGEND_SWATCH = 18
LEGEND_GAP = 6
LEGEND_PAD_TOP = 1  # PDF only, as the cells' padding above
LEGEND_PAD_BOTTOM = 2
UNTITLED_APPENDIX_GAP = 12  # points under the heading of an appendix that has no title

# Page numbers: 12 pt, centred at the top from page 2. The PDF draws the number's baseline
# PAGE_NUMBER_BASELINE_MM below the top edge; Word puts its header HEADER_DISTANCE_MM below it.
PAGE_NUMBER_SIZE = 12
PAGE_NUMBERS_FROM = 2
PAGE_NUMBER_BASELINE_MM = 12
HEADER_DISTANCE_MM = 10

Align = Literal["left", "centre", "right", "justify"]


@dataclass(frozen=True)
class Style:
    """A named paragraph style. Each value left as None comes from `base` (by key), and from «normal»
    and `DEFAULTS` in the end, as Word's «based on» and reportlab's parent do; the DOCX states only
    what a style sets itself, so that retouching «Order Clause» in Word also retouches «Order
    Deadline», which is based on it.

    `keep_with_next` keeps the paragraph on the page of the next block (in the PDF not before a
    table: reportlab would move the whole table; `room` asks for its start instead). `room` is what a
    paragraph needs below it, in points, or it starts the next page (the PDF's conditional page
    break; Word has only keep-with-next). `keep_together`: the paragraph never breaks across pages
    (the PDF's two-text line is a table row, which never does). `widow_control`: no line of a
    paragraph alone at the top or the foot of a page (Word's widow control, reportlab's allowWidows
    and allowOrphans). `columns` makes a line of two texts, one at each margin (date and number,
    position and name): the PDF sets them in two columns of these fractions of the text width, Word
    puts the right one at a right tab stop at the text width. `at_page_foot` sets the paragraph at
    the bottom margin of the page it lands on, on the left (the PDF draws it there, Word frames it
    there), reserving its height where it stands. `width` keeps a paragraph narrower than the text
    (the title block, as in office blanks). `report` styles are created only in the reports' DOCX."""

    name: str  # as Word shows it; the style id is the same without spaces
    base: str | None = "normal"
    size: float | None = None
    bold: bool | None = None
    align: Align | None = None
    first_line_indent: float | None = None  # mm
    width: float | None = None  # mm: the paragraph is kept this narrow, from the left margin
    space_before: float | None = None  # points
    space_after: float | None = None  # points
    keep_with_next: bool | None = None
    keep_together: bool | None = None
    widow_control: bool | None = None
    columns: tuple[float, float] | None = None
    at_page_foot: bool | None = None
    room: float | None = None
    report: bool = False


# What a style is when neither it nor its bases say otherwise: what Word and reportlab do by default.
DEFAULTS = Style(
    "", base=None, size=BODY_SIZE, bold=False, align="left", first_line_indent=0,
    space_before=0, space_after=0, keep_with_next=False, keep_together=False, widow_control=False,
    at_page_foot=False, room=0,
)

_TEXT = {"align": "justify", "first_line_indent": INDENT_MM}  # a paragraph of running text

# The style table, in the order Word lists the styles. Keys are what blocks name (blocks.Text.style).
STYLES: dict[str, Style] = {
    "normal": Style("Normal", base=None, size=BODY_SIZE, space_before=0, space_after=0, widow_control=True),
    # an order (ГОСТ Р 7.0.97-2016)
    "letterhead": Style("Order Letterhead", bold=True, align="centre", keep_with_next=True),
    "address": Style("Order Address", size=SMALL_SIZE, align="centre", space_before=3),
    "kind": Style("Order Kind", bold=True, size=16, align="centre", space_before=18, space_after=12),
    "date_line": Style("Order Date Line", columns=(0.5, 0.5)),
    "place": Style("Order Place", align="centre", space_before=6),
    "title": Style("Order Title", bold=True, align="left", width=TITLE_WIDTH_MM,
                   space_before=18, space_after=18, keep_with_next=True),
    "preamble": Style("Order Preamble", **_TEXT),
    "operative": Style("Order Operative", bold=True, space_before=8, space_after=8, keep_with_next=True),
    "clause": Style("Order Clause", **_TEXT, space_before=2),
    "deadline": Style("Order Deadline", base="clause", space_before=0),
    "signature": Style("Order Signature", space_before=36, columns=(0.62, 0.38), keep_together=True),
    "executor": Style("Order Executor", size=SMALL_SIZE, space_before=24, at_page_foot=True),
    "appendix_heading": Style("Appendix Heading", align="right", keep_with_next=True),
    "appendix_title": Style("Appendix Title", bold=True, align="centre", space_before=14, space_after=10,
                            keep_with_next=True),
    "appendix_text": Style("Appendix Text", **_TEXT, space_after=6),
    # table cells, of orders and reports
    "table_text": Style("Table Text", size=TABLE_SIZE),
    "table_header": Style("Table Header", base="table_text", bold=True, align="centre"),
    # a section row stays on the page of the row after it (in the PDF only for reports' tables: a
    # long plan would pay ~15 % of its render time)
    "table_section": Style("Table Section", base="table_text", bold=True, align="centre", keep_with_next=True),
    # a report
    "report_office": Style("Report Office", bold=True, align="centre", report=True),
    "report_title": Style("Report Title", bold=True, size=16, align="centre", space_before=24, space_after=6,
                          report=True),
    "report_date_line": Style("Report Date Line", align="centre", space_after=18, report=True),
    "report_text": Style("Report Text", **_TEXT, space_after=6, report=True),
    # a table's caption needs room for itself, the table's header and its first rows
    "caption": Style("Report Caption", bold=True, size=12, space_before=6, space_after=2, keep_with_next=True,
                     room=110, report=True),
    "legend": Style("Report Legend", size=SMALL_SIZE, report=True),
    "picture": Style("Report Picture", align="centre", space_before=8, space_after=8, report=True),
    # Word's own heading styles, so that its navigation pane and a table of contents see them; no
    # heading at the foot of a page
    "h1": Style("Heading 1", bold=True, size=14, space_before=14, space_after=8, keep_with_next=True, room=160,
                report=True),
    "h2": Style("Heading 2", bold=True, size=13, space_before=12, space_after=6, keep_with_next=True, room=160,
                report=True),
}


def style(key: str) -> Style:
    """The style `key` with every value filled in from its bases and the defaults."""
    own = STYLES[key]
    chain = [own]
    while chain[-1].base is not None:
        chain.append(STYLES[chain[-1].base])
    values = {}
    for f in fields(Style):
        if f.name in ("name", "base", "report"):
            continue
        values[f.name] = next((getattr(s, f.name) for s in chain if getattr(s, f.name) is not None),
                              getattr(DEFAULTS, f.name))
    return replace(own, **values)
