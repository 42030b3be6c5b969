"""Orders and reports as PDF: A4, ГОСТ Р 7.0.97-2016 layout, Liberation Serif embedded (reportlab platypus).

    render_order_pdf(order, "приказ-57.pdf")

The renderer draws blocks (`blocks.order_blocks`, `blocks.report_blocks`) and takes every measure and
style from `layout`: margins 30 mm left, 20 mm top/right/bottom; 14 pt text, 12 pt tables; page
numbers at the top centre from page 2; each appendix on a new page with its table header repeated on
every page; the executor at the foot of the order's last page. The file is written atomically (see
`desktop.atomic`).
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
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

from . import fonts, layout
from .blocks import Block, Gap, Legend, Line, TableBlock, Text, order_blocks
from .layout import CELL_PAD, LEADING, MM, SMALL_SIZE, TABLE_SIZE
from .model import OrderDocument, Table, clean_text
from .report_model import MARK_COLOURS, Chart
from .report_model import PageBreak as BreakBlock
from .table_layout import MIN_SPLIT_LINES, LineBreaker, layout_table, typeset

__all__ = [
    "render_order_pdf",
    "document_template",
    "build_atomically",
    "story",
    "table_flowable",
    "make_styles",
    "para",
    "PAGE_SIZE",
    "MARGINS_MM",
    "TEXT_WIDTH",
    "FRAME_HEIGHT",
    "CELL_PAD",
    "TABLE_SIZE",
    "SMALL_SIZE",
    "LEADING",
]

# The default page's measures in points, for callers; the renderer reads `layout.PAGE` when it draws.
PAGE_SIZE = layout.PAGE.size
MARGINS_MM = layout.PAGE.margins_mm
TEXT_WIDTH = layout.PAGE.text_width
FRAME_HEIGHT = layout.PAGE.text_height
_MARK_FILLS = {mark: colors.HexColor(f"#{rgb}") for mark, rgb in MARK_COLOURS.items()}
_ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_CELL_ALIGN = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT", "justify": "LEFT"}

# Compressed streams are written as binary, not re-encoded as ASCII85: ASCII85 only makes the file
# 25 % bigger and, without reportlab's optional C accelerator, costs ~10 % of the render time.
rl_config.useA85 = 0


def _font(bold: bool) -> str:
    return fonts.BOLD if bold else fonts.REGULAR


def paragraph_style(key: str) -> ParagraphStyle:
    """The style `key` of `layout.STYLES` as a reportlab ParagraphStyle."""
    spec = layout.style(key)
    return ParagraphStyle(
        key,
        fontName=_font(spec.bold),
        fontSize=spec.size,
        leading=spec.size * LEADING,
        alignment=_ALIGN[spec.align],
        firstLineIndent=spec.first_line_indent * MM,
        rightIndent=layout.PAGE.text_width - spec.width * MM if spec.width else 0,
        spaceBefore=spec.space_before,
        spaceAfter=spec.space_after,
        keepWithNext=int(spec.keep_with_next),
        allowWidows=int(not spec.widow_control),
        allowOrphans=int(not spec.widow_control),
    )


def make_styles() -> dict[str, ParagraphStyle]:
    """Every style of the table by its key; a two-text line's style also as «key:right», the style
    of its right-hand text."""
    styles = {key: paragraph_style(key) for key in layout.STYLES}
    for key, spec in layout.STYLES.items():
        if spec.columns:
            styles[f"{key}:right"] = ParagraphStyle(f"{key}_right", parent=styles[key], alignment=TA_RIGHT)
    return styles


def _markup(text: str) -> str:
    """Plain text → reportlab paragraph markup: XML-escaped, no-break spaces set, line breaks kept."""
    return escape(typeset(clean_text(text))).replace("\n", "<br/>")


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

    def getSpaceBefore(self):  # noqa: N802 (reportlab's name)
        return self._paragraph.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 (reportlab's name)
        return self._paragraph.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (reportlab's name)
        self._paragraph.drawOn(canvas, x, min(y, self._bottom))

    def draw(self):  # drawn by drawOn
        pass


# Layout tables (date and number, signature): no borders, no padding, and our font, so that the
# table never selects reportlab's default Helvetica (a non-embedded font) for its cells.
def _borderless(size: float) -> list[tuple]:
    return [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, size, size * LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def _line(block: Line, styles) -> RLTable:
    """Two texts in two columns, the left one left-aligned, the right one right-aligned level with the
    left one's last line (cells are bottom-aligned)."""
    spec = layout.style(block.style)
    text_width = layout.PAGE.text_width
    table = RLTable(
        [[para(block.left, styles[block.style]), para(block.right, styles[f"{block.style}:right"])]],
        colWidths=[fraction * text_width for fraction in spec.columns],
        spaceBefore=spec.space_before,
        spaceAfter=spec.space_after,
    )
    table.setStyle(TableStyle(_borderless(spec.size)))
    if block.keep_with_next:
        table.keepWithNext = 1
    return table


def _text(block: Text, styles, *, before_table: bool) -> list[Flowable]:
    spec = layout.style(block.style)
    flowable: Flowable = para(block.text, styles[block.style])
    if block.keep_with_next:
        flowable.keepWithNext = 1
    if before_table:
        # reportlab would keep it with the whole table, moving a table longer than the rest of the
        # page to the next page; the style's `room` asks for the table's header and first rows instead.
        flowable.keepWithNext = 0
    if spec.at_page_foot:
        flowable = _AtPageFoot(flowable, bottom=layout.PAGE.bottom_mm * MM)
    return [CondPageBreak(spec.room), flowable] if spec.room else [flowable]


def _legend(entries: list[tuple[str, str]], styles) -> RLTable:
    """A coloured square, then what the colour means, a line each."""
    size = styles["legend"].fontSize
    swatch, gap = layout.LEGEND_SWATCH, layout.LEGEND_GAP
    rows = [["", para(text, styles["legend"])] for _mark, text in entries]
    table = RLTable(rows, colWidths=[swatch, layout.PAGE.text_width - swatch - gap], hAlign="LEFT",
                    spaceBefore=0, spaceAfter=layout.TABLE_SPACE_AFTER)
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, size, size * LEADING),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (1, -1), gap),
        ("TOPPADDING", (0, 0), (-1, -1), layout.LEGEND_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), layout.LEGEND_PAD_BOTTOM),
    ]
    for r, (mark, _text) in enumerate(entries):
        commands.append(("BACKGROUND", (0, r), (0, r), _MARK_FILLS[mark]))
        commands.append(("BOX", (0, r), (0, r), layout.GRID_LINE, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _chart(chart: Chart) -> Flowable:
    from .report_charts import chart_drawing

    # A drawing never splits: one that does not fit moves to the next page whole (and a heading
    # kept with it moves along).
    page = layout.PAGE
    return chart_drawing(chart, page.text_width, max_height=page.text_height,
                         space=layout.style("picture").space_before)


def story(blocks: list[Block], styles: dict[str, ParagraphStyle] | None = None) -> list[Flowable]:
    """The blocks as platypus flowables, each in its style of the table."""
    styles = styles or make_styles()
    flowables: list[Flowable] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Text):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            flowables += _text(block, styles, before_table=isinstance(following, TableBlock))
        elif isinstance(block, Line):
            flowables.append(_line(block, styles))
        elif isinstance(block, Gap):
            flowables.append(Spacer(1, block.points))
        elif isinstance(block, TableBlock):
            flowables.append(table_flowable(block.table, styles, block.size, keep_sections=block.keep_sections))
        elif isinstance(block, Legend):
            flowables.append(_legend(block.entries, styles))
        elif isinstance(block, BreakBlock):
            flowables.append(PageBreak())
        elif isinstance(block, Chart):
            flowables.append(_chart(block))
    return flowables


class _Table(RLTable):
    """A platypus table whose tall rows continue on the next page: a row that does not fit the rest of
    the page is split between its lines when at least MIN_SPLIT_LINES of them stay on this page and as
    many go on to the next (under the repeated header); a shorter row moves to the next page whole."""

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        self._calc(availWidth, availHeight)
        height = self._in_row_height(availHeight)
        if height is not None:
            parts = self._splitRows(height, doInRowSplit=1)
            if parts:
                return parts
        return super().split(availWidth, availHeight)

    def _in_row_height(self, avail: float) -> float | None:
        """The height to give reportlab's in-row split so that it keeps the most whole lines of the row
        that does not fit, or None when that row should move whole."""
        n = self._getFirstPossibleSplitRowPosition(avail, ignoreSpans=1)
        if n < self.repeatRows or n >= len(self._rowHeights):
            return None
        cells = self._cellvalues[n]
        if not all(isinstance(value, str) for value in cells):
            return None
        lines = max(value.count("\n") + 1 if value else 0 for value in cells)
        style = self._cellStyles[n][0]
        used = sum(self._rowHeights[:n])
        # reportlab's split counts lines of 1.2 × the font size, whatever the leading
        line = 1.2 * style.fontsize
        keep = min(int((avail - used - style.topPadding - style.bottomPadding) // line), lines - MIN_SPLIT_LINES)
        if keep < MIN_SPLIT_LINES:
            return None
        return used + style.topPadding + keep * line + style.bottomPadding


def table_flowable(table: Table, styles, size: float | None = None, *, keep_sections: bool = False) -> RLTable:
    """A model table as a platypus table, laid out by `table_layout` (empty columns dropped, widths from
    the content, words hyphenated where they must break): header repeated on every page, a tall row
    that does not fit the page continued on the next, numbers centred, marked cells filled, strong rows
    bold. `size` is the cells' size in points, the table style's when None.

    `keep_sections` carries a section row over to the next page with the row after it. reportlab
    recomputes such ranges over the whole rest of the table at every page break, which costs a
    600-row plan ~15 % of its render time, so only the short tables of reports ask for it."""
    text_style, section_style = layout.style("table_text"), layout.style("table_section")
    size = size or text_style.size
    laid = layout_table(table, size)
    table, widths = laid.table, laid.widths
    inner = [w - 2 * CELL_PAD for w in widths]
    regular, bold = _font(text_style.bold), fonts.BOLD
    section_font = _font(section_style.bold)
    plain = LineBreaker(regular, size)
    strong = LineBreaker(bold, size)
    sections = strong if section_font == bold else LineBreaker(section_font, size)
    header_style = styles["table_header"]
    if size != header_style.fontSize:
        header_style = ParagraphStyle("table_header_sized", parent=header_style, fontSize=size,
                                      leading=size * LEADING)
    headers = LineBreaker(header_style.fontName, size)

    data: list[list] = [[para("\n".join(headers.lines(h, w)), header_style) for h, w in zip(table.header, inner)]]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), layout.GRID_LINE, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), regular, size, size * LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), layout.CELL_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), layout.CELL_PAD_BOTTOM),
    ]
    full_inner = sum(widths) - 2 * CELL_PAD
    blanks = [""] * (table.column_count - 1)
    for c, fmt in enumerate(table.formats):
        if fmt != "text":
            commands.append(("ALIGN", (c, 1), (c, -1), "CENTER"))
    section_rows: list[int] = []
    for row in table.rows:
        r = len(data)
        if row.is_section:
            data.append(["\n".join(sections.lines(row.section_text, full_inner)), *blanks])
            commands.append(("SPAN", (0, r), (-1, r)))
            commands.append(("FONT", (0, r), (-1, r), section_font, size, size * LEADING))
            commands.append(("ALIGN", (0, r), (-1, r), _CELL_ALIGN[section_style.align]))
            section_rows.append(r)
            continue
        breaker = strong if row.strong else plain
        data.append(["\n".join(breaker.lines(text, inner[c])) for c, text in enumerate(table.row_texts(row))])
        if row.strong:
            commands.append(("FONT", (0, r), (-1, r), bold, size, size * LEADING))
        for c, mark in row.marks.items():
            commands.append(("BACKGROUND", (c, r), (c, r), _MARK_FILLS[mark]))

    if keep_sections and section_style.keep_with_next:
        commands += [("NOSPLIT", (0, r), (-1, r + 1)) for r in section_rows if r + 1 < len(data)]
    result = _Table(
        data,
        colWidths=widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=0,  # _Table splits tall rows itself, never leaving a lone line
        longTableOptimize=1,
        hAlign="LEFT",
        spaceBefore=layout.TABLE_SPACE_BEFORE,
        spaceAfter=layout.TABLE_SPACE_AFTER,
    )
    result.setStyle(TableStyle(commands))
    return result


def _draw_page_number(canvas, template) -> None:
    number = canvas.getPageNumber()
    if number < layout.PAGE_NUMBERS_FROM:
        return
    page = layout.PAGE
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, layout.PAGE_NUMBER_SIZE)
    canvas.drawCentredString(
        page.left_mm * MM + page.text_width / 2, page.size[1] - layout.PAGE_NUMBER_BASELINE_MM * MM, str(number)
    )
    canvas.restoreState()


def document_template(target: str, *, title: str, author: str, subject: str) -> BaseDocTemplate:
    """The page set-up every document of the program shares: A4, the order margins, Liberation Serif
    from the first page on, page numbers at the top centre from page 2."""
    page = layout.PAGE
    body = layout.style("normal").size
    template = BaseDocTemplate(
        target,
        pagesize=page.size,
        leftMargin=page.left_mm * MM,
        rightMargin=page.right_mm * MM,
        topMargin=page.top_mm * MM,
        bottomMargin=page.bottom_mm * MM,
        title=title,
        author=author,
        subject=subject,
        creator="МСОКО Desktop",
        lang="ru-RU",
        # Without this every page starts in Helvetica, a non-embedded font the PDF never uses.
        initialFontName=fonts.REGULAR,
        initialFontSize=body,
        initialLeading=body * LEADING,
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
            # Table rows taller than a page continue on the next; what is left is a single block
            # (a table header, the signature) taller than a whole page.
            raise UserError(
                "Документ не помещается на страницы A4: слишком длинный текст в заголовке "
                "таблицы, в строке даты и номера или в подписи. Сократите текст и повторите."
            ) from error


def _build(doc: OrderDocument, target: str) -> None:
    template = document_template(target, title=doc.document_title(), author=doc.letterhead.full_name,
                                 subject=doc.title)
    template.build(story(order_blocks(doc)))


def render_order_pdf(doc: OrderDocument, path: str | os.PathLike[str]) -> None:
    """Write `doc` as a PDF to `path` (atomically: the old file stays if anything fails)."""
    build_atomically(path, lambda target: _build(doc, target))
