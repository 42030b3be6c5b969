"""A report as a PDF: the orders' page set-up (A4, 30/20/20/20 mm, Liberation Serif embedded, page
numbers from page 2), headings, paragraphs, tables with coloured marks and a legend, and charts as
vector drawings — the report's blocks (`blocks.report_blocks`) drawn by `pdf.story` in the styles of
`layout`.

    render_report_pdf(report, "итоги-ВПР-2026.pdf")
"""

from __future__ import annotations

import os

from .blocks import report_blocks
from .pdf import build_atomically, document_template, story
from .report_model import ReportDocument

__all__ = ["render_report_pdf"]


def render_report_pdf(document: ReportDocument, path: str | os.PathLike[str]) -> None:
    """Write `document` as a PDF to `path` (atomically: the old file stays if anything fails)."""

    def build(target: str) -> None:
        template = document_template(target, title=document.title, author=document.office,
                                     subject=document.date_line or document.title)
        template.build(story(report_blocks(document)))

    build_atomically(path, build)
