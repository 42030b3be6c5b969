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
    CONTROL_RE,
    DEADLINE_PARAGRAPH_RE,
    _is_end,
    _is_valid_next,
    _strip_deadline_end,
    collapse_lines,
    find_clauses_start,
    parse_clause_number,
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
    start = find_clauses_start(paragraphs)
    if start is not None:
        marker_at, after_marker = start
        marker_text = _text(paragraphs[marker_at])
        marker = ORDER_MARKER_RE.search(marker_text)
        operative = "".join(marker.group().split()).upper().rstrip(".:") + ":" if marker else ""
        lead = marker_text[: marker.start()] if marker else ""
        before, texts = paragraphs[:marker_at], [after_marker, *map(_text, paragraphs[marker_at + 1:])]
    else:
        first = next((i for i, p in enumerate(paragraphs)
                      if (parsed := parse_clause_number(_text(p))) and parsed[0] == (1,)), None)
        if first is None:
            return None
        operative, lead = "", ""
        before, texts = paragraphs[:first], list(map(_text, paragraphs[first:]))
    clauses = _clauses(texts, measures or {})
    if not clauses:
        return None
    return {"preamble": _preamble(before, lead, title), "operative_word": operative, "clauses": clauses}


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


def _clauses(texts: list[str], measures: dict[str, ParsedMeasure]) -> list[dict]:
    """The numbered clauses as a tree, numbered as the order numbers them (a list «1.», «2.» inside a
    clause stays its text); an unnumbered paragraph continues the clause above it on a line of its own,
    a «Срок:» paragraph is its deadline; the clause of control is the last one read."""
    top: list[dict] = []
    stack: list[tuple[tuple[int, ...], dict]] = []
    last: tuple[int, ...] | None = None
    nested_last: int | None = None  # the last number of a list inside a clause
    for text in texts:
        if not text:
            continue
        deadline = DEADLINE_PARAGRAPH_RE.match(text)
        if deadline and stack:
            stack[-1][1]["deadline"] = _strip_deadline_end(deadline.group("d"))
            continue
        parsed = parse_clause_number(text)
        if parsed:
            path, rest = parsed
            nested = nested_last is not None and len(path) == 1 and path[0] == nested_last + 1
            if _is_valid_next(last, path)[0] and not nested:
                nested_last = None
                while stack and len(stack[-1][0]) >= len(path):
                    stack.pop()
                number = ".".join(map(str, path))
                item = {"text": rest, "deadline": None, "responsible": None, "children": []}
                if number in measures:
                    read = measures[number]
                    item.update(measure=number, read_as=[read.text, read.deadline_text, read.responsible])
                (stack[-1][1]["children"] if stack else top).append(item)
                stack.append((path, item))
                last = path
                if CONTROL_RE.match(rest):
                    break
                continue
            if last is not None and len(path) == 1:
                nested_last = path[0]
        elif CONTROL_RE.match(text):  # an unnumbered clause of control ends the clauses
            top.append({"text": text, "deadline": None, "responsible": None, "children": []})
            break
        elif _is_end(text):
            break
        if stack:
            stack[-1][1]["text"] += "\n" + text
    return top
