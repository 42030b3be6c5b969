"""The clauses (пункты) of an order read into a plan: sections and measures.

An order without a plan table is still a plan: «3. Управлению образования (Попова Л.С.): 3.1. разработать
план… Срок: до 8 сентября 2023 г.». The rules (issue 9 §1):

* clauses start after «ПРИКАЗЫВАЮ:» («п р и к а з ы в а ю:», «ОБЯЗЫВАЮ») and end at the control clause
  («Контроль за исполнением … оставляю за собой» is not a measure), the signature block or «Приложение»;
* clause numbers «1.», «5.1.», «5.10.», «7.4» (no final dot), «- 5.1.» (a bullet before it), or Word's
  automatic numbering (the caller puts the number into the paragraph text);
* a clause with sub-clauses is a section (its text is the title), its sub-clauses are its measures;
  a clause without sub-clauses is a measure in a section without number and title;
* unnumbered paragraphs, bullets and numbered lists that cannot continue the order's numbering
  («1. Анализ…» after clause 6.1) belong to the clause above;
* a deadline inside the text («срок – постоянно», «– в срок до 01.05.2024г.», «(апрель 2024)») is taken
  out as written; a «Срок: …» paragraph applies to the clauses since the previous one inside the same
  parent clause, with a warning when it covers several;
* names in parentheses («(Попова Л.С., Дружинина Е.А.)») and the addressee of the parent clause
  («Рекомендовать руководителям ОО:») become the responsible.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.services.importers.problems import Problem
from desktop.services.importers.roadmap.order_header import ORDER_MARKER_RE, collapse
from desktop.services.importers.roadmap.records import DocParagraph, ParsedMeasure, ParsedSection

CLAUSES_SHEET = "Текст приказа"

_BULLETS = "-–—•·*▪●○◦⁃‣"
CLAUSE_RE = re.compile(
    r"^[\s" + re.escape(_BULLETS) + r"]*(?P<num>[1-9]\d?(?:\s?\.\s?[1-9]\d?){0,3})(?P<end>\.|\)|(?=\s))\s*(?P<rest>.*)$",
    re.DOTALL,
)
DEADLINE_PARAGRAPH_RE = re.compile(
    r"^[\s*_]*срок(?:и)?(?:\s+(?:исполнения|выполнения|проведения|представления))?\s*[:\-–—]\s*(?P<d>.+?)[\s*_]*$",
    re.IGNORECASE | re.DOTALL,
)
CONTROL_RE = re.compile(
    r"^(?:контроль\s+(?:за\s+|над\s+)?(?:исполнени|выполнени)|контроль\s+исполнения"
    r"|исполнение\s+настоящего\s+(?:приказа|распоряжения)|ответственность\s+за\s+(?:исполнение|выполнение)"
    r"|настоящий\s+(?:приказ|распоряжение)\s+вступает|.*оставляю\s+за\s+собой)",
    re.IGNORECASE | re.DOTALL,
)
SIGNATURE_RE = re.compile(
    r"^(?:и\.?\s?о\.?\s+|врио\s+|временно\s+исполняющий\s+обязанности\s+)?"
    r"(?:начальник|руководитель|заместитель|первый\s+заместитель|заведующ(?:ий|ая)|директор|глава|председатель)"
    r"(?![а-яё])",
    re.IGNORECASE,
)
END_RE = re.compile(
    r"^(?:приложени[ея]\b|исп\.|исполнитель\s*:|с\s+(?:приказом|распоряжением)\s+ознакомлен|согласовано\b|верно\s*:)",
    re.IGNORECASE,
)
INITIALS_SURNAME = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
SURNAME_INITIALS = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?"
NAME_RE = re.compile(rf"(?<![А-Яа-яЁё])(?:{INITIALS_SURNAME}|{SURNAME_INITIALS})")
NAME_ONLY_RE = re.compile(rf"^(?:{INITIALS_SURNAME}|{SURNAME_INITIALS})$")
ADDRESSEE_VERBS_RE = re.compile(
    r"^(?:рекомендовать|поручить|обязать|предложить|просить)\s+", re.IGNORECASE
)

_MONTH_STEMS = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*"
_DEADLINE_START = (
    r"(?:до\s+\d|до\s+«|до\s+конца|до\s+" + _MONTH_STEMS + r"|не\s+позднее|в\s+течение|в\s+срок|ежегодно|ежемесячно"
    r"|ежеквартально|еженедельно|ежедневно|постоянно|регулярно|систематически|по\s+мере|по\s+графику"
    r"|по\s+плану|по\s+итогам|в\s+\d{4}|с\s+\d|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}\s*(?:г|-)|" + _MONTH_STEMS + r"\s*[\d,–-])"
)
DEADLINE_START_RE = re.compile(_DEADLINE_START, re.IGNORECASE)
# «в срок до 25.12.2023 г.» at the end, kept with its «в срок»
IN_TERM_RE = re.compile(
    r"(?P<lead>[\s,;]*(?:[-–—]\s*)?)[*_]*(?P<d>в\s+срок\s+(?:до|не\s+позднее)\s+[^\n]*?)[*_]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
# «…, срок – постоянно», «Срок: до 8 сентября 2023 г.», «(срок до 10 января 2023 г)» at the end
TERM_LEAD_RE = re.compile(
    r"(?P<lead>[\s,;.]*(?:[-–—]\s*)?)(?P<open>\(\s*)?[*_]*(?<!в\s)срок(?:и)?"
    r"(?:\s+(?:исполнения|выполнения|проведения|представления))?\s*(?:[:\-–—]\s*|(?=(?:до|не\s+позднее|в\s+течение)\b))"
    r"(?P<d>[^()\n]+?)[*_]*\s*(?:(?P<close>\))\s*[.;,]?)?\s*$",
    re.IGNORECASE | re.DOTALL,
)
# «… – в течение 2023-2024 учебного года», «… – постоянно» at the end
DASH_TERM_RE = re.compile(
    r"(?P<lead>\s+[-–—]\s*)[*_]*(?P<d>" + _DEADLINE_START + r"[^\n–—]*?)[*_]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
PARENTHESES_RE = re.compile(r"\s*\(([^()]{2,200})\)")
_ABBREVIATION_END = re.compile(r"(?<![а-яё])(?:г|гг|уч|т\.\s?д|т\.\s?п|др)\.$", re.IGNORECASE)


@dataclass
class _Clause:
    path: tuple[int, ...]
    label: str
    lines: list[str]
    paragraph: int | None
    parent: _Clause | None = None
    children: list[_Clause] = field(default_factory=list)
    deadline: str = ""  # from a «Срок:» paragraph

    @property
    def number(self) -> str:
        return ".".join(str(part) for part in self.path)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _text(paragraph: DocParagraph | str) -> str:
    return paragraph.text if isinstance(paragraph, DocParagraph) else paragraph


def _index(paragraph: DocParagraph | str, position: int) -> int:
    if isinstance(paragraph, DocParagraph) and paragraph.index is not None:
        return paragraph.index
    return position + 1


def parse_clause_number(text: str) -> tuple[tuple[int, ...], str] | None:
    """(number path, rest) when the paragraph starts with a clause number («5.1.», «7.4», «- 5.1.»)."""
    match = CLAUSE_RE.match(text)
    if not match:
        return None
    rest = match.group("rest").strip()
    if not rest or rest[0].isdigit() or rest[0] in "%.,":
        return None
    number = re.sub(r"\s", "", match.group("num"))
    path = tuple(int(part) for part in number.split("."))
    end = match.group("end")
    if end == ")":
        return None  # «1)» is a list inside a clause, not a clause
    if end == "" and len(path) == 1:
        return None  # «5 классов…»
    return path, rest


def _is_valid_next(last: tuple[int, ...] | None, path: tuple[int, ...]) -> tuple[bool, bool]:
    """(valid, with a gap): can `path` follow `last` in the order's own numbering?"""
    if last is None:
        return (len(path) == 1 or path[:-1] == (1,) * (len(path) - 1)), False
    if len(path) == len(last) + 1 and path[:-1] == last and path[-1] in (1, 2):
        return True, path[-1] == 2
    for depth in range(1, len(last) + 1):
        if len(path) == depth and path[:-1] == last[: depth - 1]:
            step = path[-1] - last[depth - 1]
            if step in (1, 2):
                return True, step == 2
    return False, False


def _strip_deadline_end(deadline: str) -> str:
    deadline = deadline.strip().strip("*_").strip()
    deadline = deadline.rstrip(";,").rstrip()
    if deadline.endswith(".") and not _ABBREVIATION_END.search(deadline):
        deadline = deadline[:-1].rstrip()
    return deadline


def _clean_text_end(text: str) -> str:
    return text.rstrip().rstrip(",;–—-").rstrip()


def _looks_like_deadline(text: str) -> bool:
    text = text.strip().strip("*_").strip()
    if re.match(r"^срок", text, re.IGNORECASE):
        return True
    if DEADLINE_START_RE.match(text) is None:
        return False
    # a month or a date must be at the start; «по итогам года» and the like are deadlines on their own
    return len(text) <= 80


def split_deadline(text: str) -> tuple[str, str]:
    """(text without the deadline, deadline as written) — the deadline is "" when there is none."""
    body = text.rstrip()
    # «… в срок до 01.05.2024г.»
    match = IN_TERM_RE.search(body)
    if match and re.search(r"\d|" + _MONTH_STEMS, match.group("d"), re.IGNORECASE):
        return _clean_text_end(body[: match.start()]), _strip_deadline_end(match.group("d"))
    # «…, срок – постоянно», «Срок: до …», «(срок до 10 января 2023 г)»
    for match in reversed(list(re.finditer(r"срок", body, re.IGNORECASE))):
        start = match.start()
        lead_start = start
        while lead_start > 0 and body[lead_start - 1] in " \t\n,;.-–—(*_":
            lead_start -= 1
        tail = TERM_LEAD_RE.match(body, lead_start)
        if tail and tail.start("d") > start and bool(tail.group("open")) == bool(tail.group("close")):
            deadline = _strip_deadline_end(tail.group("d"))
            if deadline:
                return _clean_text_end(body[:lead_start]), deadline
        break
    # «Провести семинар (апрель 2024) …»
    for match in PARENTHESES_RE.finditer(body):
        inner = match.group(1)
        if _looks_like_deadline(inner):
            deadline = re.sub(r"^срок(?:и)?\s*[:\-–—]?\s*", "", inner.strip(), flags=re.IGNORECASE)
            rest = body[: match.start()] + body[match.end() :]
            return _clean_text_end(collapse_lines(rest)), _strip_deadline_end(deadline)
    # «… – в течение 2023-2024 учебного года»
    match = DASH_TERM_RE.search(body)
    if match:
        return _clean_text_end(body[: match.start()]), _strip_deadline_end(match.group("d"))
    return text.strip(), ""


def collapse_lines(text: str) -> str:
    """Whitespace collapsed inside each line; empty lines dropped."""
    lines = (collapse(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def split_responsible(text: str) -> tuple[str, str]:
    """(text without the names, names) — names in parentheses («(Попова Л.С., Дружинина Е.А.)»)."""
    names: list[str] = []
    kept = text
    for match in list(PARENTHESES_RE.finditer(text))[::-1]:
        inner = collapse(match.group(1))
        if NAME_RE.search(inner) and not _looks_like_deadline(inner) and not inner.lower().startswith("далее"):
            names.insert(0, inner)
            kept = kept[: match.start()] + kept[match.end() :]
    return collapse_lines(kept), ", ".join(names)


def addressee_of(text: str) -> str:
    """Who a parent clause addresses: names in its parentheses, else «Руководителям ОО» from
    «Рекомендовать руководителям ОО:»; "" for «Утвердить:» and for clauses not ending with a colon."""
    first_line = collapse(text)
    _, names = split_responsible(first_line)
    if names:
        return names
    if not first_line.endswith(":"):
        return ""
    addressee = ADDRESSEE_VERBS_RE.sub("", first_line[:-1]).strip()
    first_word = addressee.split(" ", 1)[0].lower() if addressee else ""
    if not addressee or re.search(r"(?:ть|ться|ти)$", first_word):
        return ""
    return addressee[0].upper() + addressee[1:]


def _is_end(text: str) -> bool:
    if END_RE.match(text):
        return True
    if CONTROL_RE.match(text):
        return True
    if len(text) <= 120 and not text.endswith((":", ".", ";", ",")):
        if SIGNATURE_RE.match(text):
            return True
        if NAME_ONLY_RE.match(text):
            return True
    return False


def _pairs_range(clauses: list[_Clause]) -> str:
    numbers = [clause.number for clause in clauses]
    if len(numbers) == 1:
        return f"пункту {numbers[0]}"
    consecutive = all(
        later.path[:-1] == earlier.path[:-1] and later.path[-1] == earlier.path[-1] + 1
        for earlier, later in zip(clauses, clauses[1:])
    )
    if consecutive:
        return f"пунктам {numbers[0]}–{numbers[-1]}"
    return "пунктам " + ", ".join(numbers)


def find_clauses_start(paragraphs: Sequence[DocParagraph | str]) -> tuple[int, str] | None:
    """(index, text after the marker) of the «ПРИКАЗЫВАЮ:» paragraph; None when there is none."""
    for index, paragraph in enumerate(paragraphs):
        match = ORDER_MARKER_RE.search(_text(paragraph))
        if match:
            return index, _text(paragraph)[match.end() :].strip()
    return None


def read_order_clauses(
    paragraphs: Sequence[DocParagraph | str], *, sheet: str = CLAUSES_SHEET
) -> tuple[list[ParsedSection], list[Problem]]:
    """Sections and measures from the clauses of an order; ([], []) when it has no clauses."""
    problems: list[Problem] = []
    start = find_clauses_start(paragraphs)
    items: list[tuple[str, int]] = []
    if start is not None:
        index, rest = start
        if rest:
            items.append((rest, _index(paragraphs[index], index)))
        first = index + 1
    else:
        first = next(
            (i for i, p in enumerate(paragraphs) if (parsed := parse_clause_number(_text(p))) and parsed[0] == (1,)),
            None,
        )
        if first is None:
            return [], []
    for position in range(first, len(paragraphs)):
        items.append((_text(paragraphs[position]), _index(paragraphs[position], position)))

    clauses: list[_Clause] = []
    loose: list[tuple[str, int]] = []  # unnumbered paragraphs before the first clause
    last: _Clause | None = None
    nested_last: int | None = None  # the last number of a list inside a clause
    pending: list[_Clause] = []  # clauses a «Срок:» paragraph would apply to
    for raw, paragraph_index in items:
        text = collapse_lines(raw)
        if not text:
            continue
        flat = collapse(text)
        deadline_match = DEADLINE_PARAGRAPH_RE.match(flat)
        if deadline_match:
            _apply_deadline(deadline_match, pending, last, paragraph_index, sheet, problems)
            pending = []
            continue
        parsed = parse_clause_number(flat)
        if parsed:
            path, rest = parsed
            nested = nested_last is not None and len(path) == 1 and path[0] == nested_last + 1
            valid, gap = _is_valid_next(last.path if last else None, path)
            if valid and not nested:
                if CONTROL_RE.match(rest):
                    break
                nested_last = None
                parent = _find_parent(last, path)
                clause = _Clause(path, ".".join(map(str, path)), [rest], paragraph_index, parent)
                if parent:
                    parent.children.append(clause)
                if gap:
                    problems.append(
                        Problem(
                            f"Пункт {clause.number} идёт после пункта {last.number}: номер пропущен?",
                            sheet,
                            paragraph_index,
                            severity="warning",
                        )
                    )
                if pending and pending[-1].parent is not parent:
                    pending = []
                pending.append(clause)
                clauses.append(clause)
                last = clause
                continue
            if last is not None and len(path) == 1:
                nested_last = path[0]
        if _is_end(flat):
            break
        if last is None:
            loose.append((flat, paragraph_index))
        else:
            last.lines.append(flat)

    if not clauses:
        # an order whose clauses are not numbered: every paragraph is a clause of its own
        clauses = [_Clause((n,), str(n), [t], i) for n, (t, i) in enumerate(loose, start=1)]
        for clause in clauses:
            clause.label = ""
    return _assemble(clauses, problems), problems


def _find_parent(last: _Clause | None, path: tuple[int, ...]) -> _Clause | None:
    node = last
    while node is not None:
        if len(node.path) < len(path) and path[: len(node.path)] == node.path:
            return node
        node = node.parent
    return None


def _apply_deadline(
    match: re.Match,
    pending: list[_Clause],
    last: _Clause | None,
    paragraph_index: int,
    sheet: str,
    problems: list[Problem],
) -> None:
    deadline = _strip_deadline_end(match.group("d"))
    if not deadline:
        return
    if not pending and last is not None and not last.deadline:
        pending = [last]
    targets = [clause for clause in pending if not clause.deadline and not split_deadline(clause.text)[1]]
    if not targets:
        problems.append(
            Problem(f"Срок «{deadline}» не отнесён ни к одному пункту", sheet, paragraph_index, severity="warning")
        )
        return
    for clause in targets:
        clause.deadline = deadline
    if len(targets) > 1:
        problems.append(
            Problem(f"Срок «{deadline}» отнесён к {_pairs_range(targets)}", sheet, paragraph_index, severity="warning")
        )


def _measure_of(clause: _Clause, inherited_responsible: str, inherited_deadline: str) -> ParsedMeasure | None:
    text, deadline = split_deadline(clause.text)
    text, names = split_responsible(text)
    text = _clean_text_end(text)
    if not text:
        return None
    return ParsedMeasure(
        number=clause.label or None,
        text=text,
        deadline_text=clause.deadline or deadline or inherited_deadline,
        responsible=names or inherited_responsible,
        source_row=clause.paragraph,
    )


def _collect(
    clause: _Clause, responsible: str, deadline: str, out: list[ParsedMeasure], problems: list[Problem]
) -> None:
    """Measures of the descendants of `clause`, depth first, in document order."""
    for child in clause.children:
        if child.children:
            child_text = collapse(child.text)
            own_responsible = addressee_of(child_text) or responsible
            own_deadline = child.deadline or split_deadline(child_text)[1] or deadline
            if not child_text.endswith(":"):
                measure = _measure_of(child, own_responsible, deadline)
                if measure:
                    out.append(measure)
            _collect(child, own_responsible, own_deadline, out, problems)
            continue
        measure = _measure_of(child, responsible, deadline)
        if measure:
            out.append(measure)
        else:
            problems.append(
                Problem(f"Пункт {child.number} без текста пропущен", CLAUSES_SHEET, child.paragraph, severity="warning")
            )


def _assemble(clauses: list[_Clause], problems: list[Problem]) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    for clause in clauses:
        if clause.parent is not None:
            continue
        if not clause.children:
            measure = _measure_of(clause, "", "")
            if measure is None:
                problems.append(
                    Problem(
                        f"Пункт {clause.number} без текста пропущен", CLAUSES_SHEET, clause.paragraph, severity="warning"
                    )
                )
                continue
            if not sections or sections[-1].number is not None or sections[-1].title is not None:
                sections.append(ParsedSection(None, None, []))
            sections[-1].measures.append(measure)
            continue
        title = collapse(clause.text)
        responsible = addressee_of(clause.lines[0]) or addressee_of(title)
        deadline = clause.deadline or (split_deadline(title)[1] if not title.endswith(":") else "")
        section = ParsedSection(clause.label or None, title, [])
        _collect(clause, responsible, deadline, section.measures, problems)
        sections.append(section)
    return sections
