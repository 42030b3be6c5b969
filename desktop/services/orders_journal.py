"""The journal of orders: each order with the plans it approves or the assignments it gives, and
how far they have got."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.models.db import Database
from desktop.models.orders import OrderInfo, OrdersRepository
from desktop.models.roadmaps import Roadmap, RoadmapsRepository
from desktop.services.roadmap_status import StatusSummary, status_on


@dataclass
class JournalEntry:
    order: OrderInfo
    plans: list[tuple[Roadmap, StatusSummary]] = field(default_factory=list)

    def progress(self) -> str:
        if not self.plans:
            return ""
        total = sum(s.total for _, s in self.plans)
        done = sum(s.done for _, s in self.plans)
        overdue = sum(len(s.overdue) for _, s in self.plans)
        return f"выполнено {done} из {total}" + (f", просрочено {overdue}" if overdue else "")

    def to_json(self) -> dict:
        order = self.order
        return {
            "id": order.id, "kind": order.kind, "number": order.number,
            "date": order.date.isoformat() if order.date else None, "title": order.title, "status": order.status,
            "source_file": order.source_file, "versions": order.versions,
            "plans": [{"roadmap_id": r.id, "title": r.title, "source": r.source, "total": s.total, "done": s.done,
                       "overdue": len(s.overdue)} for r, s in self.plans],
        }


def orders_journal(db: Database, on: date) -> list[JournalEntry]:
    entries = {order.id: JournalEntry(order) for order in OrdersRepository(db).list()}
    for roadmap in RoadmapsRepository(db).list():
        if roadmap.order and roadmap.order.id in entries:
            entries[roadmap.order.id].plans.append((roadmap, status_on(db, on, roadmap_id=roadmap.id)))
    return list(entries.values())
