"""Writing an order to PDF or DOCX and entering it in the journal of orders as a draft (проект)."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.models.db import Database
from desktop.models.orders import OrdersRepository
from desktop.models.roadmaps import OrderInfo
from desktop.services.documents.model import OrderDocument

log = logging.getLogger("msoko.orders")


def render(document: OrderDocument, path: Path) -> None:
    if path.suffix.lower() == ".docx":
        from desktop.services.documents.docx_writer import render_order_docx

        render_order_docx(document, path)
    else:
        from desktop.services.documents.pdf import render_order_pdf

        render_order_pdf(document, path)


def save_order(db: Database, document: OrderDocument, path: Path) -> OrderInfo:
    render(document, Path(path))
    return record_order(db, document, path)


def record_order(db: Database, document: OrderDocument, path: Path) -> OrderInfo:
    """The journal entry of an order just written to `path` (a draft until it is marked signed)."""
    saved = OrdersRepository(db).add(OrderInfo(document.kind, document.number, document.date, document.title,
                                               "проект", str(path)))
    log.info("order %s of %s written to %s", document.number, document.date, Path(path).name)
    return saved
