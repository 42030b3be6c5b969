"""What a renderer draws: an order or a report as one list of blocks, each naming its style.

    for block in order_blocks(order): …      # pdf.py and docx_writer.py draw exactly these
    for block in report_blocks(report): …

The order is walked part by part here, once, in ГОСТ Р 7.0.97-2016's order; the renderers only draw
blocks, looking each style up in `layout.STYLES`. A block says what it is and which style it has;
how a style looks is the style table's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import layout
from .model import OrderDocument, Table, clause_text, clean_text, deadline_text
from .report_model import Chart, Heading, PageBreak, Paragraph, ReportDocument, ReportTable

__all__ = ["Text", "Line", "Gap", "TableBlock", "Legend", "PageBreak", "Chart", "Block", "order_blocks",
           "report_blocks"]


@dataclass
class Text:
    """A paragraph in the style `style` (a key of layout.STYLES); «\\n» breaks the line.
    `keep_with_next` keeps it on the page of the next block, whatever its style says."""

    text: str
    style: str
    keep_with_next: bool = False


@dataclass
class Line:
    """Two texts on one line, one at each margin: the date and the number, the position and the name.
    The left one may break into lines; the right one stands level with its last line."""

    left: str
    right: str
    style: str
    keep_with_next: bool = False


@dataclass
class Gap:
    """Blank space of `points` under the block before."""

    points: float


@dataclass
class TableBlock:
    """A table across the text width, its cells at `size` points (the table style's when None).
    `keep_sections`: section rows stay on the page of the row after them in the PDF too (Word always
    keeps them)."""

    table: Table
    size: float | None = None
    keep_sections: bool = False


@dataclass
class Legend:
    """What the colour marks of the table above mean: (mark, text) lines."""

    entries: list[tuple[str, str]]


Block = Text | Line | Gap | TableBlock | Legend | PageBreak | Chart


def order_blocks(doc: OrderDocument) -> list[Block]:
    """The order as blocks: letterhead, kind, date and number, place, title, preamble, the operative
    word, the clauses with their deadlines, the control clause, the signature and the executor; then
    each appendix on a new page: its heading, title, paragraphs and tables."""
    blocks: list[Block] = [Text(doc.letterhead.full_name, "letterhead")]
    if doc.letterhead.address_line:
        blocks.append(Text(doc.letterhead.address_line, "address"))
    blocks.append(Text(doc.kind, "kind"))
    blocks.append(Line(doc.date_text, doc.number_text, "date_line"))
    if doc.place:
        blocks.append(Text(doc.place, "place"))
    blocks.append(Text(doc.title, "title"))
    if doc.preamble:
        blocks += [Text(part.strip(), "preamble") for part in clean_text(doc.preamble).split("\n\n")]
    if doc.operative_word:
        blocks.append(Text(doc.operative_word, "operative"))
    for number, clause, _depth in doc.numbered_clauses():
        deadline = deadline_text(clause)
        blocks.append(Text(clause_text(number, clause), "clause", keep_with_next=deadline is not None))
        if deadline:
            blocks.append(Text(deadline, "deadline"))
    control = doc.control_text()
    if control:
        blocks.append(Text(control, "clause"))
    # The last clause, the signature and the executor stay together: a signature never stands alone
    # on a page.
    blocks[-1].keep_with_next = True
    blocks += _signed(doc.signature, doc.executor)
    for appendix in doc.appendices:
        blocks.append(PageBreak())
        blocks.append(Text("\n".join(doc.appendix_heading_lines(appendix)), "appendix_heading"))
        blocks.append(Text(appendix.title, "appendix_title") if appendix.title
                      else Gap(layout.UNTITLED_APPENDIX_GAP))
        blocks += [Text(text, "appendix_text") for text in appendix.paragraphs]
        blocks += [TableBlock(table) for table in appendix.tables]
    return blocks


def report_blocks(report: ReportDocument) -> list[Block]:
    """The report as blocks: office, title and date line, then its own blocks in their styles; a table
    brings its summary, caption and legend, an empty chart is left out."""
    blocks: list[Block] = []
    if report.office:
        blocks.append(Text(report.office, "report_office"))
    blocks.append(Text(report.title, "report_title"))
    if report.date_line:
        blocks.append(Text(report.date_line, "report_date_line"))
    for block in report.blocks:
        if isinstance(block, Heading):
            blocks.append(Text(block.text, "h1" if block.level <= 1 else "h2"))
        elif isinstance(block, Paragraph):
            blocks.append(Text(block.text, "report_text"))
        elif isinstance(block, ReportTable):
            if block.summary:
                blocks.append(Text(block.summary, "report_text"))
            if block.caption:
                blocks.append(Text(block.caption, "caption"))
            blocks.append(TableBlock(block, block.font_size, keep_sections=True))
            legend = block.used_legend()
            if legend:
                blocks.append(Legend(legend))
        elif isinstance(block, Chart):
            if not block.is_empty:
                blocks.append(block)
        elif isinstance(block, PageBreak):
            blocks.append(block)
    if report.signature and blocks and hasattr(blocks[-1], "keep_with_next"):
        blocks[-1].keep_with_next = True  # the signature never stands alone on a page
    blocks += _signed(report.signature, report.compiler)
    return blocks


def _signed(signature, executor) -> list[Block]:
    """The signature line and, at the foot of the last page, the executor (or compiler): kept together."""
    blocks: list[Block] = []
    if signature:
        blocks.append(Line(clean_text(signature.position).strip(), signature.name.strip(), "signature",
                           keep_with_next=executor is not None))
    if executor:
        lines = [executor.name] + ([executor.phone] if executor.phone else [])
        blocks.append(Text("\n".join(lines), "executor"))
    return blocks

