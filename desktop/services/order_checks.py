"""What an order says that its own date contradicts, found before it is saved: a clause whose deadline
is over by the day the order is signed («Срок: до 1 октября 2025 г.» in an order of 02.12.2026).

The command line prints each as «Внимание: …» and saves; the window asks before saving.
"""

from __future__ import annotations

from desktop.services.deadlines import parse_deadline
from desktop.services.documents.model import OrderDocument
from desktop.services.wording import decline


def deadline_warnings(document: OrderDocument) -> list[str]:
    """One Russian sentence per clause whose every dated deadline ends before the order's date."""
    kind = decline(document.kind.lower(), "gent").text  # «пункт 3 распоряжения»
    warnings = []
    for number, clause, _ in document.numbered_clauses():
        if not clause.deadline or not clause.deadline.strip():
            continue
        deadline = parse_deadline(clause.deadline, issued=document.date)
        if deadline.due is not None and deadline.due < document.date:
            warnings.append(f"Пункт {number} {kind}: срок «{clause.deadline.strip()}» "
                            f"истекает раньше даты документа ({document.date:%d.%m.%Y}).")
    return warnings
