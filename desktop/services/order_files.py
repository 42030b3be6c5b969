"""Writing an order to PDF or DOCX and entering it in the journal of orders as a draft (проект);
its appendix tables alone to Excel (the office fills or sorts them there; not a journal entry)."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.models.db import Database
from desktop.models.orders import OrderInfo, OrdersRepository
from desktop.services.documents.model import OrderDocument

log = logging.getLogger("msoko.orders")


def _pdf(document: OrderDocument, path: Path) -> None:
    from desktop.services.documents.pdf import render_order_pdf

    render_order_pdf(document, path)


def _docx(document: OrderDocument, path: Path) -> None:
    from desktop.services.documents.docx_writer import render_order_docx

    render_order_docx(document, path)


def check_order_path(path: Path) -> None:
    """A UserError for a file an order cannot be written to (checked before any work is done)."""
    if Path(path).suffix.lower() not in (".pdf", ".docx", ".xlsx"):
        from desktop.errors import UserError

        raise UserError(f"Приказ сохраняется в PDF или DOCX (приложения — в XLSX), а не «{path.suffix or path.name}».")


def render(document: OrderDocument, path: Path) -> None:
    """PDF, DOCX, or the appendices' tables as XLSX, by the suffix of `path`; another suffix is a
    UserError (nothing is written under a name that says it is something else)."""
    check_order_path(path)
    {".pdf": _pdf, ".docx": _docx, ".xlsx": write_appendices_xlsx}[path.suffix.lower()](document, path)


def has_appendix_tables(document: OrderDocument) -> bool:
    return any(appendix.tables for appendix in document.appendices)


def write_appendices_xlsx(document: OrderDocument, path: Path) -> None:
    """Each appendix table on its own sheet «Приложение N», under the appendix's heading and title."""
    from desktop.errors import UserError
    from desktop.services.documents.xlsx_writer import write_table_xlsx

    if not has_appendix_tables(document):
        raise UserError("В приказе нет приложений с таблицами: в Excel сохранять нечего.")
    sheets = [(f"Приложение {appendix.number}", table)
              for appendix in document.appendices for table in appendix.tables]
    titles = [f"{document.appendix_heading(a)}. {a.title or ''}".strip() for a in document.appendices if a.tables]
    write_table_xlsx(Path(path), sheets, title=titles[0] if len(titles) == 1 else document.document_title())


def save_order(db: Database, document: OrderDocument, path: Path) -> OrderInfo | None:
    """Write the order; a PDF or DOCX enters the journal (an Excel file of its appendices does not).
    A clash with a signed order in the journal is refused before anything is written."""
    journal = Path(path).suffix.lower() != ".xlsx"
    check_can_record(db, document, path)
    render(document, Path(path))
    return record_order(db, document, path) if journal else None


def check_can_record(db: Database, document: OrderDocument, path: Path) -> None:
    """Refuse, before the file is written, an order the journal could not take (a signed one has its
    kind, number and date); an Excel file of the appendices is not entered and never refused."""
    if Path(path).suffix.lower() != ".xlsx":
        OrdersRepository(db).check_can_add(_draft(document, path))


def _draft(document: OrderDocument, path: Path) -> OrderInfo:
    return OrderInfo(document.kind, document.number, document.date, document.title, "проект", str(path))


def record_order(db: Database, document: OrderDocument, path: Path) -> OrderInfo:
    """The journal entry of an order just written to `path` (a draft until it is marked signed)."""
    saved = OrdersRepository(db).add(_draft(document, path))
    log.info("order %s of %s written to %s", document.number, document.date, Path(path).name)
    return saved
