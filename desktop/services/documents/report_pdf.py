"""A report as a PDF: the orders' page set-up (A4, 30/20/20/20 mm, Liberation Serif embedded, page
numbers from page 2), headings, paragraphs, tables with coloured marks and a legend, and charts as
vector drawings.

    render_report_pdf(report, "итоги-ВПР-2026.pdf")
"""

from __future__ import annotations

import os

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, TableStyle
from reportlab.platypus import Table as RLTable

from . import fonts
from .pdf import (
    FRAME_HEIGHT,
    LEADING,
    SMALL_SIZE,
    TEXT_WIDTH,
    build_atomically,
    document_template,
    make_styles,
    para,
    table_flowable,
)
from .report_charts import chart_drawing
from .report_model import MARK_COLOURS, Chart, Heading, Paragraph, ReportDocument, ReportTable
from .report_model import PageBreak as BreakBlock

__all__ = ["render_report_pdf"]

SWATCH_WIDTH = 18  # points: the coloured square of a legend line
SECTION_START = 160  # points a heading needs below it, or it starts the next page
TABLE_START = 110  # likewise a table's caption: its header and the first rows


def _styles() -> dict[str, ParagraphStyle]:
    styles = make_styles()
    body = styles["body"]
    centred = {"alignment": TA_CENTER, "firstLineIndent": 0}
    styles.update(
        office=ParagraphStyle("office", parent=body, fontName=fonts.BOLD, **centred),
        report_title=ParagraphStyle("report_title", parent=body, fontName=fonts.BOLD, fontSize=16,
                                    leading=16 * LEADING, spaceBefore=24, spaceAfter=6, **centred),
        date_line=ParagraphStyle("date_line", parent=body, spaceAfter=18, **centred),
        h1=ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, alignment=TA_LEFT, firstLineIndent=0,
                          spaceBefore=14, spaceAfter=8, keepWithNext=1),
        h2=ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=13, leading=13 * LEADING,
                          alignment=TA_LEFT, firstLineIndent=0, spaceBefore=12, spaceAfter=6, keepWithNext=1),
        paragraph=ParagraphStyle("paragraph", parent=body, spaceAfter=6),
        caption=ParagraphStyle("caption", parent=body, fontSize=12, leading=12 * LEADING, fontName=fonts.BOLD,
                               alignment=TA_LEFT, firstLineIndent=0, spaceBefore=6, spaceAfter=2),
        legend=ParagraphStyle("legend", parent=body, fontSize=SMALL_SIZE, leading=SMALL_SIZE * LEADING,
                              alignment=TA_LEFT, firstLineIndent=0),
    )
    return styles


def _legend(entries: list[tuple[str, str]], styles) -> RLTable:
    rows = [["", para(text, styles["legend"])] for _mark, text in entries]
    table = RLTable(rows, colWidths=[SWATCH_WIDTH, TEXT_WIDTH - SWATCH_WIDTH - 6], hAlign="LEFT",
                    spaceBefore=0, spaceAfter=8)
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, SMALL_SIZE, SMALL_SIZE * LEADING),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, (mark, _text) in enumerate(entries):
        commands.append(("BACKGROUND", (0, r), (0, r), colors.HexColor(f"#{MARK_COLOURS[mark]}")))
        commands.append(("BOX", (0, r), (0, r), 0.5, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _table_story(table: ReportTable, styles) -> list[Flowable]:
    story: list[Flowable] = []
    if table.summary:
        story.append(para(table.summary, styles["paragraph"]))
    if table.caption:
        # Not keepWithNext: that would move a table longer than the rest of the page to the next
        # page whole. A caption needs room for itself, the header and a few rows instead.
        story.append(CondPageBreak(TABLE_START))
        story.append(para(table.caption, styles["caption"]))
    story.append(table_flowable(table, styles, table.font_size, keep_sections=True))
    legend = table.used_legend()
    if legend:
        story.append(_legend(legend, styles))
    return story


def _chart_story(chart: Chart) -> list[Flowable]:
    if chart.is_empty:
        return []
    # A drawing never splits: one that does not fit moves to the next page whole (and a heading
    # kept with it moves along).
    return [chart_drawing(chart, TEXT_WIDTH, max_height=FRAME_HEIGHT, space=8)]


def _story(document: ReportDocument, styles) -> list[Flowable]:
    story: list[Flowable] = []
    if document.office:
        story.append(para(document.office, styles["office"]))
    story.append(para(document.title, styles["report_title"]))
    if document.date_line:
        story.append(para(document.date_line, styles["date_line"]))
    for block in document.blocks:
        if isinstance(block, Heading):
            story.append(CondPageBreak(SECTION_START))  # no heading at the foot of a page
            story.append(para(block.text, styles["h1" if block.level <= 1 else "h2"]))
        elif isinstance(block, Paragraph):
            story.append(para(block.text, styles["paragraph"]))
        elif isinstance(block, ReportTable):
            story.extend(_table_story(block, styles))
        elif isinstance(block, Chart):
            story.extend(_chart_story(block))
        elif isinstance(block, BreakBlock):
            story.append(PageBreak())
    return story


def render_report_pdf(document: ReportDocument, path: str | os.PathLike[str]) -> None:
    """Write `document` as a PDF to `path` (atomically: the old file stays if anything fails)."""

    def build(target: str) -> None:
        template = document_template(target, title=document.title, author=document.office,
                                     subject=document.date_line or document.title)
        template.build(_story(document, _styles()))

    build_atomically(path, build)
