"""An order's own wording, kept so that printing it again reproduces its text (models/orders.py
`OrderInfo.wording`): the preamble between the title and the operative word, the operative word as
the order writes it, and the clauses with their sub-clauses, «Срок:» lines and the clause of control.

Texts are kept whole, as written (brackets, names, line breaks collapsed): the reader of the plan
(`order_clauses.py`) may shorten a clause to a measure, this one never does. A clause that became a
measure of the plan names it ("measure": its number), so that the order printed again shows the
measure as edited since.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.services.importers.roadmap.order_clauses import (
    _strip_deadline_end,
    clause_paragraphs,
    collapse_lines,
    walk_clauses,
)
from desktop.services.importers.roadmap.order_header import ORDER_MARKER_RE, collapse
from desktop.services.importers.roadmap.records import DocParagraph, ParsedMeasure


def _text(paragraph: DocParagraph | str) -> str:
    return collapse(collapse_lines(paragraph.text if isinstance(paragraph, DocParagraph) else paragraph))


def read_wording(paragraphs: Sequence[DocParagraph | str], title: str | None,
                 measures: dict[str, ParsedMeasure] | None = None) -> dict | None:
    """{"preamble", "operative_word", "clauses"} of an order; None when it has no numbered clauses.
    The clauses follow «ПРИКАЗЫВАЮ:» (or the like), else — a распоряжение often has no such word —
    they start at the first clause «1.». `measures`: the plan's measures read from these clauses, by
    number without its final period («2.1»); a clause that became one keeps what it was read as, so
    that it is printed as written until the measure is edited."""
    found = clause_paragraphs(paragraphs)
    if found is None:
        return None
    operative, lead = "", ""
    if found.marked:
        marker_text = _text(paragraphs[found.start])
        marker = ORDER_MARKER_RE.search(marker_text)
        operative = "".join(marker.group().split()).upper().rstrip(".:") + ":" if marker else ""
        lead = marker_text[: marker.start()] if marker else ""
    clauses = _clauses(found.items, measures or {})
    if not clauses:
        return None
    return {"preamble": _preamble(paragraphs[:found.start], lead, title), "operative_word": operative,
            "clauses": clauses}


def _preamble(before: Sequence[DocParagraph | str], lead: str, title: str | None) -> str:
    """The paragraphs after the title's last line and before the operative word, one blank line apart;
    text written before «приказываю» in its own paragraph ends it."""
    texts = [t for t in map(_text, before) if t]
    folded_title = collapse(title or "").casefold()
    last_title = max((i for i, t in enumerate(texts) if folded_title and t.casefold() in folded_title), default=None)
    parts = texts[last_title + 1:] if last_title is not None else []
    if lead.strip():
        parts.append(lead.strip().rstrip(","))
    return "\n\n".join(parts)


def _clauses(items: list[tuple[str, int]], measures: dict[str, ParsedMeasure]) -> list[dict]:
    """The numbered clauses as a tree, numbered as the order numbers them (`walk_clauses`: a list «1.»,
    «2.» inside a clause stays its text); an unnumbered paragraph continues the clause above it on a
    line of its own, a «Срок:» paragraph is its deadline; the clause of control is the last one read."""
    top: list[dict] = []
    stack: list[tuple[tuple[int, ...], dict]] = []
    for step in walk_clauses(items):
        if step.kind == "deadline":
            if stack:
                stack[-1][1]["deadline"] = _strip_deadline_end(step.match.group("d"))
        elif step.kind == "clause":
            while stack and len(stack[-1][0]) >= len(step.path):
                stack.pop()
            number = ".".join(map(str, step.path))
            item = {"text": step.text, "deadline": None, "responsible": None, "children": []}
            if number in measures:
                read = measures[number]
                item.update(measure=number, read_as=[read.text, read.deadline_text, read.responsible])
            (stack[-1][1]["children"] if stack else top).append(item)
            stack.append((step.path, item))
        elif step.kind == "control":  # an unnumbered clause of control
            top.append({"text": step.text, "deadline": None, "responsible": None, "children": []})
        elif stack:  # a line of the clause above, an «Ответственный:» line among them
            stack[-1][1]["text"] += "\n" + step.text
    return top
