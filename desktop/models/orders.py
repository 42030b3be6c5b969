"""The journal of orders: every order imported or written here, with its number, date and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.models.db import Database, iso_date, parse_date, transaction


@dataclass
class OrderInfo:
    """The order that approves a roadmap or gives assignments (the journal's row)."""

    kind: str = "ПРИКАЗ"
    number: str = ""
    date: date | None = None
    title: str = ""
    status: str = "проект"
    source_file: str = ""
    id: int | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "number": self.number, "date": iso_date(self.date)}


class OrdersRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, order: OrderInfo) -> OrderInfo:
        """An order is one entry of the journal by its kind, number and date: saving it again (the
        same order written as PDF, then as DOCX) updates that entry."""
        with transaction(self.db):
            found = self.db.execute(
                "SELECT id FROM orders WHERE kind = ? AND number = ? AND date IS ? AND number <> ''",
                [order.kind, order.number, iso_date(order.date)],
            ).fetchone()
            if found:
                self.db.execute("UPDATE orders SET title = ?, source_file = ? WHERE id = ?",
                                [order.title, order.source_file, found[0]])
                order_id = found[0]
            else:
                order_id = self.db.execute(
                    "INSERT INTO orders (kind, number, date, title, status, source_file) VALUES (?, ?, ?, ?, ?, ?)",
                    [order.kind, order.number, iso_date(order.date), order.title, order.status, order.source_file],
                ).lastrowid
        return OrderInfo(order.kind, order.number, order.date, order.title, order.status, order.source_file, order_id)

    def set_status(self, order_id: int, status: str) -> None:
        with transaction(self.db):
            self.db.execute("UPDATE orders SET status = ? WHERE id = ?", [status, order_id])

    def list(self) -> list[OrderInfo]:
        rows = self.db.execute(
            "SELECT kind, number, date, title, status, source_file, id FROM orders ORDER BY date, id"
        ).fetchall()
        return [OrderInfo(k, n, parse_date(d), t, s, f, i) for k, n, d, t, s, f, i in rows]
