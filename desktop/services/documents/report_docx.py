"""A report as a DOCX that stays editable in Word: the orders' page set-up and styles, real headings
(«Heading 1», «Heading 2»), tables with a repeated header row and shaded marked cells, and charts as
pictures.

    render_report_docx(report, "итоги-ВПР-2026.docx")

A chart is the same reportlab drawing as in the PDF, drawn into a one-page PDF in memory and turned
into a PNG of about 200 dpi by pdfium: no Qt and no second chart code.
"""

from __future__ import annotations

import io
import os

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from desktop.atomic import atomic_write

from .docx_writer import (
    INDENT,
    SMALL_PT,
    TEXT_WIDTH_MM,
    add_paragraph,
    add_paragraph_style,
    add_table,
    cell_element,
    new_document,
    set_fonts,
    twips,
)
from .fonts import DOCX_FONT_NAME
from .report_charts import chart_drawing
from .report_model import MARK_COLOURS, Chart, Heading, PageBreak, Paragraph, ReportDocument, ReportTable

__all__ = ["render_report_docx", "chart_png", "REPORT_STYLES"]

CHART_DPI = 200
REPORT_STYLES = {
    "office": "Report Office",
    "title": "Report Title",
    "date_line": "Report Date Line",
    "text": "Report Text",
    "caption": "Report Caption",
    "legend": "Report Legend",
    "picture": "Report Picture",
}
_PT_PER_MM = 72 / 25.4


def chart_png(chart: Chart, width_mm: float = TEXT_WIDTH_MM, dpi: int = CHART_DPI) -> bytes:
    """`chart` as a PNG picture `width_mm` wide at `dpi`."""
    import pypdfium2
    from PIL import Image
    from reportlab.graphics import renderPDF

    drawing = chart_drawing(chart, width_mm * _PT_PER_MM)
    pdf = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    try:
        image = pdf[0].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    # A chart has a handful of colours and their anti-aliased edges: 64 palette colours keep it
    # looking the same at a third of the size, and encode faster than full colour.
    image.quantize(64, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _style(document, key: str):
    return add_paragraph_style(document, REPORT_STYLES[key])


def _setup_report_styles(document, font_name: str) -> None:
    s = _style(document, "office")
    s.font.bold = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s = _style(document, "title")
    s.font.bold = True
    s.font.size = Pt(16)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(24)
    s.paragraph_format.space_after = Pt(6)
    s = _style(document, "date_line")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_after = Pt(18)
    s = _style(document, "text")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    s.paragraph_format.first_line_indent = INDENT
    s.paragraph_format.space_after = Pt(6)
    s = _style(document, "caption")
    s.font.bold = True
    s.font.size = Pt(12)
    s.paragraph_format.space_before = Pt(6)
    s.paragraph_format.space_after = Pt(2)
    s.paragraph_format.keep_with_next = True
    s = _style(document, "legend")
    s.font.size = Pt(SMALL_PT)
    s = _style(document, "picture")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(8)
    s.paragraph_format.space_after = Pt(8)
    # Word's own heading styles, so that the navigation pane and a table of contents see them; in
    # the document's font and black instead of the theme's blue sans serif.
    for name, size, before in (("Heading 1", 14, 14), ("Heading 2", 13, 12)):
        heading = document.styles[name]
        set_fonts(heading.element.get_or_add_rPr(), font_name)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True


def _legend(document, entries: list[tuple[str, str]]) -> None:
    """A two-column table: a shaded square, then what the colour means."""
    swatch = twips(7)
    widths = (swatch, twips(TEXT_WIDTH_MM) - swatch)
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    tbl = table._tbl
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    style_id = document.styles[REPORT_STYLES["legend"]].style_id
    for mark, text in entries:
        tr = OxmlElement("w:tr")
        tr.append(cell_element(widths[0], "", style_id, fill=MARK_COLOURS[mark]))
        tr.append(cell_element(widths[1], text, style_id))
        tbl.append(tr)


def _report_table(document, table: ReportTable, ids: dict[str, str]) -> None:
    if table.summary:
        add_paragraph(document, table.summary, REPORT_STYLES["text"])
    if table.caption:
        add_paragraph(document, table.caption, REPORT_STYLES["caption"])
    add_table(document, table, ids, size=table.font_size if table.font_size != 12 else None)
    legend = table.used_legend()
    if legend:
        document.add_paragraph()  # Word merges adjacent tables; keep them apart
        _legend(document, legend)
    document.add_paragraph()


def _chart(document, chart: Chart) -> None:
    if chart.is_empty:
        return
    paragraph = document.add_paragraph(style=REPORT_STYLES["picture"])
    paragraph.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Mm(TEXT_WIDTH_MM))


def build_report_docx(document_model: ReportDocument, *, font_name: str = DOCX_FONT_NAME):
    """The python-docx Document for `document_model` (not saved)."""
    document, ids = new_document(font_name)
    _setup_report_styles(document, font_name)
    props = document.core_properties
    # file properties hold at most 255 characters (python-docx refuses more); a plan's title can be longer
    props.title = document_model.title[:255]
    props.subject = document_model.date_line[:255]
    props.author = document_model.office[:255]
    props.language = "ru-RU"
    props.comments = ""
    props.keywords = ""
    if document_model.office:
        add_paragraph(document, document_model.office, REPORT_STYLES["office"])
    add_paragraph(document, document_model.title, REPORT_STYLES["title"])
    if document_model.date_line:
        add_paragraph(document, document_model.date_line, REPORT_STYLES["date_line"])
    for block in document_model.blocks:
        if isinstance(block, Heading):
            add_paragraph(document, block.text, "Heading 1" if block.level <= 1 else "Heading 2")
        elif isinstance(block, Paragraph):
            add_paragraph(document, block.text, REPORT_STYLES["text"])
        elif isinstance(block, ReportTable):
            _report_table(document, block, ids)
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, PageBreak):
            document.add_page_break()
    return document


def render_report_docx(document_model: ReportDocument, path: str | os.PathLike[str], *,
                       font_name: str = DOCX_FONT_NAME) -> None:
    """Write the report as a DOCX to `path` (atomically: the old file stays if anything fails)."""
    document = build_report_docx(document_model, font_name=font_name)
    with atomic_write(path) as tmp:
        document.save(str(tmp))
