"""A measure as the editor or an import gives it → a draft ready to save, its deadline read within
the plan's period and against the approving order's date."""

from __future__ import annotations

from datetime import date

from desktop.models.roadmaps import MeasureDraft
from desktop.services.deadlines import Deadline, parse_deadline

# The stored reading keeps its shape (no database change): a recurring deadline's occurrences are its
# ranges already, and its recurrence is read again from the text when needed.
_STORED_KEYS = ("kind", "ranges", "warnings")


def measure_draft(
    text: str,
    *,
    number: str | None = None,
    deadline_text: str = "",
    participants: str = "",
    responsible: str = "",
    note: str = "",
    period: tuple[date, date] | None = None,
    issued: date | None = None,
) -> tuple[MeasureDraft, Deadline]:
    reading = parse_deadline(deadline_text, period, issued)
    draft = MeasureDraft(
        text=text, number=number, deadline_text=reading.text,
        deadline={k: v for k, v in reading.to_json().items() if k in _STORED_KEYS}, due=reading.due,
        participants=participants, responsible=responsible, note=note,
    )
    return draft, reading
