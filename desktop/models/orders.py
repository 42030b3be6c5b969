"""The journal of orders: every order imported or written here, with its number, date and status."""

from __future__ import annotations

from desktop.models.db import Database, transaction
from desktop.models.roadmaps import OrderInfo, _date, _iso


class OrdersRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, order: OrderInfo) -> OrderInfo:
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO orders (kind, number, date, title, status, source_file) VALUES (?, ?, ?, ?, ?, ?)",
                [order.kind, order.number, _iso(order.date), order.title, order.status, order.source_file],
            )
        return OrderInfo(order.kind, order.number, order.date, order.title, order.status, order.source_file,
                         cursor.lastrowid)

    def list(self) -> list[OrderInfo]:
        rows = self.db.execute(
            "SELECT kind, number, date, title, status, source_file, id FROM orders ORDER BY date, id"
        ).fetchall()
        return [OrderInfo(k, n, _date(d), t, s, f, i) for k, n, d, t, s, f, i in rows]
