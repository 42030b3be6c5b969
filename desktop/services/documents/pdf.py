"""An order as a PDF: A4, ГОСТ Р 7.0.97-2016 layout, Liberation Serif embedded (reportlab platypus).

    render_order_pdf(order, "приказ-57.pdf")

Margins 30 mm left, 20 mm top/right/bottom; 14 pt text, 12 pt tables; page numbers at the top
centre from page 2; each appendix on a new page with its table header repeated on every page.
The file is written atomically (see `desktop.atomic`).
"""

from __future__ import annotations

import os
import re
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import LayoutError

from desktop.atomic import atomic_write
from desktop.errors import UserError

from . import fonts
from .model import (
    Appendix,
    OrderDocument,
    Table,
    clause_text,
    clean_text,
    deadline_text,
)
from .report_model import MARK_COLOURS

__all__ = [
    "render_order_pdf",
    "document_template",
    "build_atomically",
    "table_flowable",
    "make_styles",
    "para",
    "PAGE_SIZE",
    "MARGINS_MM",
    "TEXT_WIDTH",
    "FRAME_HEIGHT",
]

PAGE_SIZE = A4
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 20}

BODY_SIZE = 14
TABLE_SIZE = 12
SMALL_SIZE = 10
LEADING = 1.15  # single spacing as Word sets it for a Times-like font
INDENT = 12.5 * mm  # paragraph indent, 1.25 cm
TITLE_WIDTH = 100 * mm  # the title block is kept narrow, as in office blanks
CELL_PAD = 3  # points, each side of a table cell

TEXT_WIDTH = PAGE_SIZE[0] - (MARGINS_MM["left"] + MARGINS_MM["right"]) * mm
FRAME_HEIGHT = PAGE_SIZE[1] - (MARGINS_MM["top"] + MARGINS_MM["bottom"]) * mm
_MARK_FILLS = {mark: colors.HexColor(f"#{rgb}") for mark, rgb in MARK_COLOURS.items()}

# Compressed streams are written as binary, not re-encoded as ASCII85: ASCII85 only makes the file
# 25 % bigger and, without reportlab's optional C accelerator, costs ~10 % of the render time.
rl_config.useA85 = 0


def make_styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts.REGULAR, fonts.BOLD
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * LEADING,
        alignment=TA_JUSTIFY,
        firstLineIndent=INDENT,
    )
    return {
        "letterhead": ParagraphStyle(
            "letterhead", parent=body, fontName=bold, alignment=TA_CENTER, firstLineIndent=0
        ),
        "address": ParagraphStyle(
            "address",
            parent=body,
            fontSize=SMALL_SIZE,
            leading=SMALL_SIZE * LEADING,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=3,
        ),
        "kind": ParagraphStyle(
            "kind",
            parent=body,
            fontName=bold,
            fontSize=16,
            leading=16 * LEADING,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=18,
            spaceAfter=12,
        ),
        "line_left": ParagraphStyle("line_left", parent=body, alignment=TA_LEFT, firstLineIndent=0),
        "line_right": ParagraphStyle(
            "line_right", parent=body, alignment=TA_RIGHT, firstLineIndent=0
        ),
        "place": ParagraphStyle(
            "place", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceBefore=6
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            alignment=TA_LEFT,
            firstLineIndent=0,
            rightIndent=TEXT_WIDTH - TITLE_WIDTH,
            spaceBefore=18,
            spaceAfter=18,
        ),
        "body": body,
        "operative": ParagraphStyle(
            "operative",
            parent=body,
            fontName=bold,
            alignment=TA_LEFT,
            firstLineIndent=0,
            spaceBefore=8,
            spaceAfter=8,
        ),
        "clause": ParagraphStyle("clause", parent=body, spaceBefore=2),
        "deadline": ParagraphStyle("deadline", parent=body),
        "signature_left": ParagraphStyle(
            "signature_left", parent=body, alignment=TA_LEFT, firstLineIndent=0
        ),
        "signature_right": ParagraphStyle(
            "signature_right", parent=body, alignment=TA_RIGHT, firstLineIndent=0
        ),
        "executor": ParagraphStyle(
            "executor",
            parent=body,
            fontSize=SMALL_SIZE,
            leading=SMALL_SIZE * LEADING,
            alignment=TA_LEFT,
            firstLineIndent=0,
        ),
        "appendix_heading": ParagraphStyle(
            "appendix_heading", parent=body, alignment=TA_RIGHT, firstLineIndent=0
        ),
        "appendix_title": ParagraphStyle(
            "appendix_title",
            parent=body,
            fontName=bold,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=14,
            spaceAfter=10,
        ),
        "appendix_text": ParagraphStyle("appendix_text", parent=body, spaceAfter=6),
        "cell": ParagraphStyle(
            "cell",
            fontName=regular,
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * LEADING,
            alignment=TA_LEFT,
        ),
        "cell_header": ParagraphStyle(
            "cell_header",
            fontName=bold,
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * LEADING,
            alignment=TA_CENTER,
        ),
        "cell_section": ParagraphStyle(
            "cell_section",
            fontName=bold,
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * LEADING,
            alignment=TA_CENTER,
        ),
    }


# Russian typesetting: «2026 г.», «2023-2024 гг.» and «№ 57» never break at their space.
_GLUE = re.compile(r"(?<=\d) (?=гг?\.)|(?<=№) (?=\d)")


def _glue(text: str) -> str:
    return _GLUE.sub("\u00a0", text)


def _markup(text: str) -> str:
    """Plain text → reportlab paragraph markup: XML-escaped, line breaks kept."""
    return escape(_glue(clean_text(text))).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(text), style)


class _AtPageFoot(Flowable):
    """A small block drawn at the bottom of the text area of the page it lands on.

    It reserves its own height where it stands (so nothing above can overlap it) and draws itself
    on the bottom margin line: the executor line of an order sits at the foot of the last page.
    """

    def __init__(self, paragraph: Paragraph, bottom: float):
        super().__init__()
        self._paragraph = paragraph
        self._bottom = bottom

    def wrap(self, avail_width, avail_height):
        self._w, self._h = self._paragraph.wrap(avail_width, avail_height)
        return self._w, self._h

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (reportlab's name)
        self._paragraph.drawOn(canvas, x, min(y, self._bottom))

    def draw(self):  # drawn by drawOn
        pass


# Layout tables (date and number, signature): no borders, no padding, and our font, so that the
# table never selects reportlab's default Helvetica (a non-embedded font) for its cells.
_BORDERLESS = (
    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY_SIZE, BODY_SIZE * LEADING),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
)


def _signature_block(doc: OrderDocument, styles) -> RLTable:
    left = para(doc.signature.position, styles["signature_left"])
    right = para(doc.signature.name, styles["signature_right"])
    table = RLTable([[left, right]], colWidths=[TEXT_WIDTH * 0.62, TEXT_WIDTH * 0.38])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                *_BORDERLESS,
            ]
        )
    )
    return table


def _date_number_line(doc: OrderDocument, styles) -> RLTable:
    table = RLTable(
        [[para(doc.date_text, styles["line_left"]), para(doc.number_text, styles["line_right"])]],
        colWidths=[TEXT_WIDTH / 2, TEXT_WIDTH / 2],
    )
    table.setStyle(
        TableStyle(
            [
                *_BORDERLESS,
            ]
        )
    )
    return table


def _order_story(doc: OrderDocument, styles) -> list[Flowable]:
    story: list[Flowable] = [para(doc.letterhead.full_name, styles["letterhead"])]
    if doc.letterhead.address_line:
        story.append(para(doc.letterhead.address_line, styles["address"]))
    story.append(para(doc.kind, styles["kind"]))
    story.append(_date_number_line(doc, styles))
    if doc.place:
        story.append(para(doc.place, styles["place"]))
    story.append(para(doc.title, styles["title"]))
    if doc.preamble:
        for part in clean_text(doc.preamble).split("\n\n"):
            story.append(para(part.strip(), styles["body"]))
    if doc.operative_word:
        story.append(para(doc.operative_word, styles["operative"]))
    for number, clause, _depth in doc.numbered_clauses():
        story.append(para(clause_text(number, clause), styles["clause"]))
        deadline = deadline_text(clause)
        if deadline:
            story.append(para(deadline, styles["deadline"]))

    # The last clause, the signature and the executor stay together: a signature never stands
    # alone on a page.
    closing: list[Flowable] = []
    control = doc.control_text()
    if control:
        closing.append(para(control, styles["clause"]))
    elif story and isinstance(story[-1], Paragraph):
        closing.append(story.pop())
    closing.append(Spacer(1, 36))
    closing.append(_signature_block(doc, styles))
    if doc.executor:
        lines = [doc.executor.name]
        if doc.executor.phone:
            lines.append(doc.executor.phone)
        executor = para("\n".join(lines), styles["executor"])
        closing.append(Spacer(1, 24))
        closing.append(_AtPageFoot(executor, bottom=MARGINS_MM["bottom"] * mm))
    story.append(KeepTogether(closing))
    return story


_BREAK_AFTER = re.compile(r"[^-–—/]*(?:[-–—/]+|$)")  # pieces ending with a dash or slash
_SPACES = re.compile(r"[ \t]+")  # not str.split(): that would also split at no-break spaces


class _LineBreaker:
    """Breaks cell text into lines by word widths, with the widths cached per word.

    Table cells hold the result as plain strings joined by «\\n», which reportlab draws line by
    line: laying out thousands of Paragraph cells costs about ten times more, and a plan table is
    plain left-aligned text anyway.
    """

    def __init__(self, font_name: str, size: float):
        from reportlab.pdfbase.pdfmetrics import getFont

        face = getFont(font_name).face
        self._char_widths = face.charWidths
        self._default_width = face.defaultWidth
        self._scale = size / 1000.0
        self._cache: dict[str, float] = {}
        self.space = self.width(" ")

    def width(self, word: str) -> float:
        cached = self._cache.get(word)
        if cached is None:
            widths, default = self._char_widths, self._default_width
            cached = sum(widths.get(ord(ch), default) for ch in word) * self._scale
            self._cache[word] = cached
        return cached

    def lines(self, text: str, max_width: float) -> list[str]:
        result: list[str] = []
        for paragraph in _glue(text).split("\n"):
            line: list[str] = []
            line_width = 0.0
            for word in _SPACES.split(paragraph.strip(" \t")):
                if not word:
                    continue
                w = self.width(word)
                if w > max_width:  # a word wider than the column: cut it by characters
                    if line:
                        result.append(" ".join(line))
                        line, line_width = [], 0.0
                    pieces = self._cut(word, max_width)
                    result.extend(pieces[:-1])
                    word, w = pieces[-1], self.width(pieces[-1])
                elif line and line_width + self.space + w > max_width:
                    result.append(" ".join(line))
                    line, line_width = [], 0.0
                if line:
                    line_width += self.space + w
                else:
                    line_width = w
                line.append(word)
            result.append(" ".join(line))
        return result

    def _cut(self, word: str, max_width: float) -> list[str]:
        """A word wider than the column: break after dashes and slashes where possible
        («октябрь–» / «ноябрь»), otherwise between characters."""
        pieces: list[str] = []
        for part in filter(None, _BREAK_AFTER.findall(word)):
            if pieces and self.width(pieces[-1] + part) <= max_width:
                pieces[-1] += part
            elif self.width(part) <= max_width:
                pieces.append(part)
            else:
                pieces.extend(self._cut_chars(part, max_width))
        return pieces

    def _cut_chars(self, word: str, max_width: float) -> list[str]:
        pieces, current = [], ""
        for ch in word:
            if current and self.width(current + ch) > max_width:
                pieces.append(current)
                current = ""
            current += ch
        pieces.append(current)
        return pieces


def table_flowable(table: Table, styles, size: float = TABLE_SIZE, *, keep_sections: bool = False) -> RLTable:
    """A model table as a platypus table: header repeated on every page, rows never split (tall
    rows are cut into continuation rows), numbers centred, marked cells filled, strong rows bold.

    `keep_sections` carries a section row over to the next page with the row after it. reportlab
    recomputes such ranges over the whole rest of the table at every page break, which costs a
    600-row plan ~15 % of its render time, so only the short tables of reports ask for it."""
    widths = [f * TEXT_WIDTH for f in table.fractions()]
    inner = [w - 2 * CELL_PAD for w in widths]
    regular, bold = fonts.REGULAR, fonts.BOLD
    plain = _LineBreaker(regular, size)
    strong = _LineBreaker(bold, size)
    header_style = styles["cell_header"]
    if size != header_style.fontSize:
        header_style = ParagraphStyle("cell_header_sized", parent=header_style, fontSize=size,
                                      leading=size * LEADING)

    data: list[list] = [[para(h, header_style) for h in table.header]]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), regular, size, size * LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    full_inner = TEXT_WIDTH - 2 * CELL_PAD
    # A row must fit on an empty page under the repeated header; taller rows are cut into
    # continuation rows, so rows never split inside reportlab and the header stays on top.
    header_height = max(p.wrap(w, FRAME_HEIGHT)[1] for p, w in zip(data[0], inner)) + 6
    max_lines = max(1, int((FRAME_HEIGHT - header_height - 24) / (size * LEADING)))
    blanks = [""] * (table.column_count - 1)
    for c, fmt in enumerate(table.formats):
        if fmt != "text":
            commands.append(("ALIGN", (c, 1), (c, -1), "CENTER"))
    section_ends: list[int] = []
    for row in table.rows:
        first = len(data)
        if row.is_section:
            lines = strong.lines(row.section_text, full_inner)
            for start in range(0, len(lines), max_lines):
                r = len(data)
                data.append(["\n".join(lines[start : start + max_lines]), *blanks])
                commands.append(("SPAN", (0, r), (-1, r)))
                commands.append(("FONT", (0, r), (-1, r), bold, size, size * LEADING))
                commands.append(("ALIGN", (0, r), (-1, r), "CENTER"))
            section_ends.append(len(data) - 1)
            continue
        breaker = strong if row.strong else plain
        cells = [breaker.lines(text, inner[c]) for c, text in enumerate(table.row_texts(row))]
        height = max(len(lines) for lines in cells)
        for start in range(0, height, max_lines):
            data.append(["\n".join(lines[start : start + max_lines]) for lines in cells])
        last = len(data) - 1
        if row.strong:
            commands.append(("FONT", (0, first), (-1, last), bold, size, size * LEADING))
        for c, mark in row.marks.items():
            commands.append(("BACKGROUND", (c, first), (c, last), _MARK_FILLS[mark]))

    if keep_sections:
        commands += [("NOSPLIT", (0, r), (-1, r + 1)) for r in section_ends if r + 1 < len(data)]
    result = RLTable(
        data,
        colWidths=widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=0,  # rows move to the next page whole
        longTableOptimize=1,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=8,
    )
    result.setStyle(TableStyle(commands))
    return result


def _appendix_story(doc: OrderDocument, appendix: Appendix, styles) -> list:
    story: list[Flowable] = [PageBreak()]
    heading = "\n".join(doc.appendix_heading_lines(appendix))
    story.append(para(heading, styles["appendix_heading"]))
    if appendix.title:
        story.append(para(appendix.title, styles["appendix_title"]))
    else:
        story.append(Spacer(1, 12))
    for paragraph in appendix.paragraphs:
        story.append(para(paragraph, styles["appendix_text"]))
    for table in appendix.tables:
        story.append(table_flowable(table, styles))
    return story


def _draw_page_number(canvas, template) -> None:
    page = canvas.getPageNumber()
    if page < 2:
        return
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawCentredString(
        MARGINS_MM["left"] * mm + TEXT_WIDTH / 2, PAGE_SIZE[1] - 12 * mm, str(page)
    )
    canvas.restoreState()


def document_template(target: str, *, title: str, author: str, subject: str) -> BaseDocTemplate:
    """The page set-up every document of the program shares: A4, the order margins, Liberation Serif
    from the first page on, page numbers at the top centre from page 2."""
    template = BaseDocTemplate(
        target,
        pagesize=PAGE_SIZE,
        leftMargin=MARGINS_MM["left"] * mm,
        rightMargin=MARGINS_MM["right"] * mm,
        topMargin=MARGINS_MM["top"] * mm,
        bottomMargin=MARGINS_MM["bottom"] * mm,
        title=title,
        author=author,
        subject=subject,
        creator="МСОКО Desktop",
        lang="ru-RU",
        # Without this every page starts in Helvetica, a non-embedded font the PDF never uses.
        initialFontName=fonts.REGULAR,
        initialFontSize=BODY_SIZE,
        initialLeading=BODY_SIZE * LEADING,
    )
    frame = Frame(
        template.leftMargin,
        template.bottomMargin,
        template.width,
        template.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    template.addPageTemplates([PageTemplate("page", [frame], onPage=_draw_page_number)])
    return template


def build_atomically(target: str | os.PathLike[str], build) -> None:
    """Register the fonts and run `build(temporary file name)`, replacing `target` only on success;
    a block taller than a page is a Russian UserError."""
    fonts.register_fonts()
    with atomic_write(target) as tmp:
        try:
            build(str(tmp))
        except LayoutError as error:
            # Table rows taller than a page are already cut into continuation rows; what is left
            # is a single block (a table header, the signature) taller than a whole page.
            raise UserError(
                "Документ не помещается на страницы A4: слишком длинный текст в заголовке "
                "таблицы, в строке даты и номера или в подписи. Сократите текст и повторите."
            ) from error


def _build(doc: OrderDocument, target: str) -> None:
    styles = make_styles()
    template = document_template(target, title=doc.document_title(), author=doc.letterhead.full_name,
                                 subject=doc.title)
    story = _order_story(doc, styles)
    for appendix in doc.appendices:
        story.extend(_appendix_story(doc, appendix, styles))
    template.build(story)


def render_order_pdf(doc: OrderDocument, path: str | os.PathLike[str]) -> None:
    """Write `doc` as a PDF to `path` (atomically: the old file stays if anything fails)."""
    build_atomically(path, lambda target: _build(doc, target))
