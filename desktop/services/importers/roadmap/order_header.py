"""The header of an order: kind, date, number, place and title, read from its first paragraphs.

Offices print the header in many ways (ГОСТ Р 7.0.97 allows them all):

    ПРИКАЗ / Приказ / П Р И К А З
    01.09.2023 № 341            (date and number on one line)
    03.09.2024 / № 128/1-О      (on separate lines)
    от 01.09.2023 г. № 341
    30 декабря 2022 года / №679-од / с. Левокумское
    О реализации регионального / мониторинга качества … (a title typed over several lines)

`read_order_info` takes the paragraphs before «ПРИКАЗЫВАЮ:» (or before the plan table) and returns an
`ParsedOrder` with whatever it found; a part it cannot find stays None, nothing is guessed. An appendix
heading («Приложение № 1 к приказу от 01.09.2023 № 341») fills the date and number when the order's
own header is not in the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from desktop.services.importers.roadmap.records import DocParagraph, ParsedOrder

MONTHS_GENITIVE = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}

_YEAR_SUFFIX = r"(?:\s*(?:г\.?|года|год)(?![а-яё]))?"
NUMERIC_DATE_RE = re.compile(
    r"(?<![\d.])(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2})(?![\d])" + _YEAR_SUFFIX, re.IGNORECASE
)
WORD_DATE_RE = re.compile(
    r"[«\"]?\s*(\d{1,2})\s*[»\"]?\s+(" + "|".join(MONTHS_GENITIVE) + r")\s+(\d{4})" + _YEAR_SUFFIX,
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"(?:№|N(?=\s*\d)|No\.?(?=\s*\d))\s*([0-9A-Za-zА-Яа-яЁё]+(?:[/\-–][0-9A-Za-zА-Яа-яЁё]+)*)")
# «ПРИКАЗЫВАЮ:», «п р и к а з ы в а ю:», «ОБЯЗЫВАЮ:» — where the clauses of an order begin
ORDER_MARKER_RE = re.compile(
    r"(?<![а-яё])(?:"
    + "|".join(r"\s*".join(word) for word in ("приказываю", "обязываю", "постановляю", "распоряжаюсь"))
    + r")(?![а-яё])\s*[:.]?",
    re.IGNORECASE,
)
KINDS = {"ПРИКАЗ": "ПРИКАЗ", "РАСПОРЯЖЕНИЕ": "РАСПОРЯЖЕНИЕ"}
PLACE_RE = re.compile(
    r"^(?:с\.|п\.|г\.|д\.|х\.|ст\.|пос\.|пгт\.?|р\.\s?п\.|рп\.|ст-ца|аул|село|город|пос[её]лок|станица|деревня)"
    r"\s*[А-ЯЁ][А-Яа-яЁё\-]*(?:[\s\-][А-ЯЁа-яё][А-Яа-яЁё\-]*){0,3}\.?$",
    re.IGNORECASE,
)
# a place inside a date line: «14.02.2024 г. Заречный № 52-р» (a capitalised name after «г.» is a town)
PLACE_IN_LINE_RE = re.compile(
    r"(?<![А-Яа-яЁё])(?:[сСпПгГдДхХ]|ст|Ст|пос|Пос|пгт|рп|р\.\s?п)\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"
    r"(?:\s[А-ЯЁ][а-яё]+)?(?![А-Яа-яЁё])"
    r"|(?<![А-Яа-яЁё])(?:село|город|пос[её]лок|станица|деревня)\s[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"
)
TITLE_START_RE = re.compile(r"^(?:О|Об|Обо)\s+\S")
PREAMBLE_RE = re.compile(
    r"^(?:в соответствии|на основании|во исполнение|руководствуясь|в целях|с целью|согласно|в связи с"
    r"|в рамках|по результатам|учитывая|рассмотрев)\b",
    re.IGNORECASE,
)
APPENDIX_RE = re.compile(r"\bк\s+(приказу|распоряжению)\b(.*)$", re.IGNORECASE | re.DOTALL)
_DALEE_RE = re.compile(r"\s*\(\s*далее\s*[-–—]?[^)]*\)\s*$", re.IGNORECASE)

MAX_HEADER_LINE = 140  # a date/number/place line is short; a longer one is text, not the header


def collapse(text: str) -> str:
    """Whitespace (line breaks, tabs, no-break spaces) collapsed to single spaces, trimmed."""
    return " ".join(text.replace("\xa0", " ").split())


def _text(paragraph: DocParagraph | str) -> str:
    return paragraph.text if isinstance(paragraph, DocParagraph) else paragraph


def _bold(paragraph: DocParagraph | str) -> bool:
    return paragraph.bold if isinstance(paragraph, DocParagraph) else False


def parse_order_date(text: str) -> date | None:
    """The first date in `text` («01.09.2023», «30 декабря 2022 года»); None if none is valid."""
    found = _find_date(text)
    return found[0] if found else None


def _find_date(text: str) -> tuple[date, re.Match] | None:
    candidates = [m for m in (NUMERIC_DATE_RE.search(text), WORD_DATE_RE.search(text)) if m]
    for match in sorted(candidates, key=lambda m: m.start()):
        day = int(match.group(1))
        month_text = match.group(2)
        month = int(month_text) if month_text.isdigit() else MONTHS_GENITIVE[month_text.lower()]
        year = int(match.group(3))
        if year < 100:
            year += 2000
        try:
            return date(year, month, day), match
        except ValueError:
            continue
    return None


def parse_order_number(text: str) -> str | None:
    """The number after «№» as written («128/1-О», «679-од», «116-26-528»); None without a digit."""
    for match in NUMBER_RE.finditer(text):
        number = match.group(1).rstrip("-–/")
        if any(ch.isdigit() for ch in number):
            return number
    return None


def _kind_of(text: str) -> tuple[str, str] | None:
    """(kind, rest of the line) when the paragraph is the kind line («ПРИКАЗ», «П Р И К А З № 5»)."""
    squeezed = re.sub(r"\s+", "", text).upper()
    for word, kind in KINDS.items():
        if squeezed.startswith(word):
            rest = squeezed[len(word) :]
            # «ПРИКАЗ», «ПРИКАЗ № 5 от …», «ПРИКАЗ по основной деятельности»; not «Приказом …»
            if not rest or rest[0] in "№0123456789" or rest.startswith(("ОТ", "ПООСНОВНОЙ", "ПОЛИЧНОМУ")):
                # the rest of the original text after the spaced-out word
                letters = 0
                for position, ch in enumerate(text):
                    if not ch.isspace():
                        letters += 1
                    if letters == len(word):
                        return kind, text[position + 1 :]
                return kind, ""
    return None


def _date_line(text: str) -> tuple[date | None, str | None, str | None] | None:
    """(date, number, place) when a short line holds nothing but a date, a number and a place."""
    text = collapse(text)
    if not text or len(text) > MAX_HEADER_LINE:
        return None
    found_date: date | None = None
    residual = text
    place = None
    place_match = PLACE_IN_LINE_RE.search(residual)
    if place_match:
        place = place_match.group(0)
        residual = residual[: place_match.start()] + " " + residual[place_match.end() :]
    found = _find_date(residual)
    if found:
        found_date, match = found
        residual = residual[: match.start()] + " " + residual[match.end() :]
    number = None
    number_match = NUMBER_RE.search(residual)
    if number_match and any(ch.isdigit() for ch in number_match.group(1)):
        number = number_match.group(1).rstrip("-–/")
        residual = residual[: number_match.start()] + " " + residual[number_match.end() :]
    if found_date is None and number is None:
        return None
    residual = re.sub(r"(?<![а-яё])от(?![а-яё])", " ", residual, flags=re.IGNORECASE)
    residual = collapse(residual.strip(" ,;:-–—\t"))
    if residual:
        if place is None and PLACE_RE.match(residual):
            place = residual
        elif len(re.sub(r"[\W_]", "", residual)) > 2:
            return None
    return found_date, number, place


def _is_title_continuation(paragraph: DocParagraph | str, title_bold: bool, title: str) -> bool:
    text = collapse(_text(paragraph))
    if not text or len(text) > 200:
        return False
    if title.endswith((".", ":", ";")):
        return False
    if PREAMBLE_RE.match(text) or ORDER_MARKER_RE.search(text):
        return False
    if _bold(paragraph) != title_bold:
        return False
    if _kind_of(text) or _date_line(text):
        return False
    return True


def read_title(paragraphs: Sequence[DocParagraph | str], start: int) -> tuple[str, int]:
    """The title starting at paragraphs[start] joined with its continuation lines; (title, next index)."""
    title = collapse(_text(paragraphs[start]))
    bold = _bold(paragraphs[start])
    index = start + 1
    while index < len(paragraphs) and index - start <= 6:
        if not _is_title_continuation(paragraphs[index], bold, title):
            break
        title = f"{title} {collapse(_text(paragraphs[index]))}"
        index += 1
    return title, index


def read_order_info(paragraphs: Sequence[DocParagraph | str]) -> ParsedOrder:
    """Kind, date, number, place and title from the paragraphs before the clauses or the plan table."""
    info = ParsedOrder()
    start = 0
    for index, paragraph in enumerate(paragraphs):
        text = collapse(_text(paragraph))
        if len(text) > MAX_HEADER_LINE:
            continue
        kind = _kind_of(text)
        if kind:
            info.kind = kind[0]
            start = index
            rest = _date_line(kind[1]) if kind[1].strip() else None
            if rest:
                info.date, info.number, info.place = rest
            break

    index = start + (1 if info.kind else 0)
    while index < len(paragraphs):
        text = collapse(_text(paragraphs[index]))
        if not text:
            index += 1
            continue
        if ORDER_MARKER_RE.match(text) or (PREAMBLE_RE.match(text) and len(text) > 60):
            break
        if info.title is None and TITLE_START_RE.match(text):
            info.title, index = read_title(paragraphs, index)
            info.title = _DALEE_RE.sub("", info.title)
            continue
        line = _date_line(text)
        if line:
            line_date, line_number, line_place = line
            info.date = info.date or line_date
            info.number = info.number or line_number
            info.place = info.place or line_place
        elif info.place is None and len(text) <= 60 and PLACE_RE.match(text):
            info.place = text
        if info.title and len(text) > MAX_HEADER_LINE:
            break
        index += 1

    if (info.date is None or info.number is None) and start > 0:
        # date and number above the kind line (a letterhead table holding them)
        for paragraph in paragraphs[:start]:
            line = _date_line(_text(paragraph))
            if line and (line[0] or line[1]):
                info.date = info.date or line[0]
                info.number = info.number or line[1]
                info.place = info.place or line[2]
    if info.date is None or info.number is None:
        _fill_from_appendix(info, paragraphs)
    return info


def _fill_from_appendix(info: ParsedOrder, paragraphs: Sequence[DocParagraph | str]) -> None:
    """Date and number from «Приложение № 1 к приказу … от 01.09.2023 № 341» when the header lacks them."""
    for paragraph in paragraphs:
        text = collapse(_text(paragraph))
        if len(text) > 300:
            continue
        match = APPENDIX_RE.search(text)
        if not match:
            continue
        rest = match.group(2)
        found = _find_date(rest)
        number = parse_order_number(rest)
        if not found and not number:
            continue
        if info.kind is None:
            info.kind = "ПРИКАЗ" if match.group(1).lower() == "приказу" else "РАСПОРЯЖЕНИЕ"
        if info.date is None and found:
            info.date = found[0]
        if info.number is None and number:
            info.number = number
        if info.title is None:
            quoted = re.search(r"«((?:О|Об|Обо)\s[^»]*(?:«[^»]*»[^»]*)*)»", rest)
            if quoted:
                info.title = collapse(quoted.group(1))
        return
