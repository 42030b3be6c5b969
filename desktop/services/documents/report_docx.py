"""A report as a DOCX that stays editable in Word: the orders' page set-up and styles, real headings
(«Heading 1», «Heading 2»), tables with a repeated header row and shaded marked cells, and charts as
pictures — the report's blocks (`blocks.report_blocks`) written by `docx_writer.write_blocks` in the
styles of `layout`.

    render_report_docx(report, "итоги-ВПР-2026.docx")

A chart is the same reportlab drawing as in the PDF, drawn into a one-page PDF in memory and turned
into a PNG of 150 dpi by pdfium (`report_charts.chart_png`).
"""

from __future__ import annotations

import os

from desktop.atomic import atomic_write

from . import layout
from .blocks import report_blocks
from .docx_writer import new_document, set_properties, write_blocks
from .fonts import DOCX_FONT_NAME
from .report_charts import chart_png
from .report_model import ReportDocument

__all__ = ["render_report_docx", "chart_png", "REPORT_STYLES"]

# The reports' own style names as Word shows them, by key.
REPORT_STYLES = {key: spec.name for key, spec in layout.STYLES.items() if spec.report}


def build_report_docx(document_model: ReportDocument, *, font_name: str = DOCX_FONT_NAME):
    """The python-docx Document for `document_model` (not saved)."""
    document, ids = new_document(font_name, reports=True)
    set_properties(document, title=document_model.title, subject=document_model.date_line,
                   author=document_model.office)
    write_blocks(document, report_blocks(document_model), ids)
    return document


def render_report_docx(document_model: ReportDocument, path: str | os.PathLike[str], *,
                       font_name: str = DOCX_FONT_NAME) -> None:
    """Write the report as a DOCX to `path` (atomically: the old file stays if anything fails)."""
    document = build_report_docx(document_model, font_name=font_name)
    with atomic_write(path) as tmp:
        document.save(str(tmp))
