"""A report document written to the file the user named: PDF, DOCX or XLSX by its suffix."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.errors import UserError

from .report_model import ReportDocument

__all__ = ["save_report", "REPORT_FORMATS"]

REPORT_FORMATS = (".pdf", ".docx", ".xlsx")


def save_report(document: ReportDocument, path: str | os.PathLike[str]) -> None:
    """Write `document` as PDF, DOCX or XLSX by the suffix of `path`, atomically; another suffix is a
    UserError. Only the renderer needed is imported."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .report_pdf import render_report_pdf

        render_report_pdf(document, path)
    elif suffix == ".docx":
        from .report_docx import render_report_docx

        render_report_docx(document, path)
    elif suffix == ".xlsx":
        from .xlsx_writer import write_document_xlsx

        write_document_xlsx(document, path)
    else:
        raise UserError(f"Отчёт сохраняется в PDF, DOCX или XLSX, а не «{path.suffix or path.name}».")
