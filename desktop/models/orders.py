"""The journal of orders: every order imported or written here, with its number, date and status."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from desktop.errors import UserError
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
    versions: int = 1  # a draft written again under the same kind, number and date is a new version
    # an imported order's own text: {"preamble", "operative_word", "clauses": [{"text", "deadline",
    # "responsible", "children"}]}; None for an order written here (its text is its template's)
    wording: dict | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "number": self.number, "date": iso_date(self.date)}


_COLUMNS = "kind, number, date, title, status, source_file, id, versions, wording"


def wording_of(text: str | None) -> dict | None:
    """The stored wording column as a dict; None when empty or not what this version writes."""
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _order(row: tuple) -> OrderInfo:
    k, n, d, t, s, f, i, v, w = row
    return OrderInfo(k, n, parse_date(d), t, s, f, i, v, wording_of(w))


class OrdersRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, order: OrderInfo) -> OrderInfo:
        """Enter an order in the journal, which never loses one. An order is one entry by its kind,
        number and date: a draft (проект) written again under them is a new version of that draft;
        a draft that clashes with a signed or imported order is refused, naming it; an imported order
        met again (the same Word file loaded twice) is the entry already there, unchanged. The same
        number under another kind is another order."""
        with transaction(self.db):
            found = self._same(order)
            if found and order.status != "проект":
                return self.get(found[0])
            self.check_can_add(order)
            if found:
                self.db.execute("UPDATE orders SET title = ?, source_file = ?, versions = versions + 1 WHERE id = ?",
                                [order.title, order.source_file, found[0]])
                return self.get(found[0])
            wording = json.dumps(order.wording, ensure_ascii=False) if order.wording else ""
            order_id = self.db.execute(
                "INSERT INTO orders (kind, number, date, title, status, source_file, wording) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [order.kind, order.number, iso_date(order.date), order.title, order.status, order.source_file,
                 wording],
            ).lastrowid
        return self.get(order_id)

    def _same(self, order: OrderInfo) -> tuple | None:
        return self.db.execute(
            "SELECT id, title, status FROM orders WHERE kind = ? AND number = ? AND date IS ? AND number <> ''",
            [order.kind, order.number, iso_date(order.date)],
        ).fetchone()

    def check_can_add(self, order: OrderInfo) -> None:
        """A UserError when a draft `order` would clash with a signed or imported one (checked before
        its file is written, and again when it is entered)."""
        found = self._same(order)
        if found and order.status == "проект" and found[2] != "проект":
            day = f" от {order.date:%d.%m.%Y}" if order.date else ""
            raise UserError(
                f"В журнале уже есть {order.kind.lower()} № {order.number}{day} «{found[1]}» ({found[2]}): "
                "его запись не меняется. Укажите другой номер или дату нового документа."
            )

    def get(self, order_id: int) -> OrderInfo:
        return _order(self.db.execute(f"SELECT {_COLUMNS} FROM orders WHERE id = ?", [order_id]).fetchone())

    def set_status(self, order_id: int, status: str) -> None:
        with transaction(self.db):
            self.db.execute("UPDATE orders SET status = ? WHERE id = ?", [status, order_id])

    def list(self) -> list[OrderInfo]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM orders ORDER BY date, id").fetchall()
        return list(map(_order, rows))
