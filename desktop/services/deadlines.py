"""The deadline reader: a «срок исполнения» as written → a list of date ranges.

Roadmaps write deadlines as free text («Август, ноябрь 2023г, март, август, ноябрь 2024 г.»,
«в течение 2023-2024 уч. г.», «По плану УО»). The text is always kept exactly as written; this
module only adds a reading of it. What cannot be read without guessing stays unread (kind "text"),
and anything suspicious (an impossible date, a year that looks like a typo, a month without a year
that the plan's period cannot place) becomes a Russian warning instead of a silent fix.

The pipeline:
1. `_tokenize` cuts the text into tokens with one regular expression (dates, years, months, …);
   every other word is a token too, so that «11 класс» is not read as a day of a month.
2. `_items` turns tokens into points (a day, a month, a quarter, a whole year) and year marks, and
   notes which points are joined into a range by «-», «по» or «до». A year followed by months in
   brackets («в 2024 году (февраль, апрель)») is the year of those months, not a deadline of its own.
3. `_terms` joins linked points into terms and hands each year to the yearless terms before it, so
   that a year list («Февраль 2023, 2024 гг.») repeats the same months for every year.
4. `_read_ranges` turns terms into date ranges, placing yearless terms inside the plan's period.
5. A recurring deadline («ежемесячно», «до 25 числа каждого месяца», «ежеквартально») becomes its
   occurrences inside the period (`_repeat`); a deadline counted from the order's date («в 3-месячный
   срок», «в течение 10 дней со дня подписания») becomes a range from `issued` (`_relative`).

`ranges` is the reading; `occurrences` is what falls inside the plan's period: the ranges cut to the
period, sorted, overlapping ones joined. For a recurring deadline both are its occurrences.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Recurrence:
    every: str  # "week" | "month" | "quarter" | "year"
    day: int | None = None  # the day of the month it is due: «до 25 числа», «ежегодно до 1 июня»
    months: tuple[int, ...] | None = None  # the months written with it: «август - сентябрь, ежегодно»

    def to_json(self) -> dict:
        return {"every": self.every, "day": self.day, "months": None if self.months is None else list(self.months)}


@dataclass(frozen=True)
class Deadline:
    text: str  # exactly as written, never altered
    kind: str  # "dates" | "yearly" | "recurring" | "continuous" | "text" | "empty"
    ranges: tuple[tuple[date, date], ...]  # sorted by start, no duplicates
    warnings: tuple[str, ...]  # Russian sentences for the user
    recurrence: Recurrence | None = None
    occurrences: tuple[tuple[date, date], ...] = ()  # inside the period, sorted, not overlapping

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "ranges": _iso_pairs(self.ranges),
            "warnings": list(self.warnings),
            "recurrence": None if self.recurrence is None else self.recurrence.to_json(),
            "occurrences": _iso_pairs(self.occurrences),
        }

    @property
    def due(self) -> date | None:
        """The last day of the deadline: the end of the last range (the latest end, should an
        earlier range outlast it, as in «2023-2024 гг., март 2024 г.»)."""
        return max((end for _, end in self.ranges), default=None)

    def next_due(self, on: date) -> date | None:
        """The end of the first range (by start) that has not ended before `on`."""
        return next((end for _, end in self.ranges if end >= on), None)


def _iso_pairs(pairs: tuple[tuple[date, date], ...]) -> list[list[str]]:
    return [[start.isoformat(), end.isoformat()] for start, end in pairs]


# ---------------------------------------------------------------------------------------------
# Patterns

# One-to-one character replacements only: the normalized text keeps every offset of the original,
# so a fragment quoted in a warning is cut from the text exactly as the user wrote it.
_NORMALIZE = str.maketrans(
    {
        "ё": "е",
        "Ё": "Е",
        "\u00a0": " ",
        "\u202f": " ",
        **{dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
    }
)

_YEAR = r"(?:19|20)\d{2}"
# «г», «гг.», «года», «году», «годы» after a year add nothing; eating them keeps the year next to
# a following «-», so that «декабрь 2024 г. - январь 2025 г.» is still one range.
_YEAR_SUFFIX = r"(?:\s*(?:гг|г|год[а-я]*)\b\.?)?"
# «учебного года», «учебный год», «уч. г.», «уч.г», «у. г.» (the last one is used in orders too).
_SCHOOL_YEAR_WORDS = r"(?:учебн[а-я]*\s+год[а-я]*|уч?\.?\s*г(?:од[а-я]*)?\b\.?)"
# Only the grammatical forms of the month nouns, so that «августовское совещание» is not a month
# and «ма…» does not catch «материалы».
_MONTH_WORD = (
    r"\b(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ем)"
    r"|(?:март|август)(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем))\b"
)
_MONTH_STEMS = (
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
    "декабр",
)  # fmt: skip
# «ма» (май) is a prefix of «март», so the longer stems are tried first.
_STEMS_LONGEST_FIRST = sorted(_MONTH_STEMS, key=len, reverse=True)

# Tried in this order at every position of the text; the first that matches wins.
_TOKEN_PATTERNS = (
    # 01.04.2020, 1.09.2024, 01.09.24, 01/09/2024 — first, so that its parts are not numbers.
    ("date", rf"(?<!\d)(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./](?P<y>\d{{4}}|\d{{2}})(?!\d){_YEAR_SUFFIX}"),
    # 2023-2024 уч. г., 2023/2024 учебный год, 2023/24: with a dash the words are required,
    # because «2021-2024» alone is a span of calendar years (the next pattern).
    (
        "school",
        rf"(?<!\d)(?P<sc1>{_YEAR})\s*"
        rf"(?:/\s*(?P<sc2>{_YEAR}|\d{{2}})(?!\d){_YEAR_SUFFIX}(?:\s*{_SCHOOL_YEAR_WORDS})?"
        rf"|-\s*(?P<sc3>{_YEAR}|\d{{2}})(?!\d)\s*{_SCHOOL_YEAR_WORDS})",
    ),
    ("span", rf"(?<!\d)(?P<sp1>{_YEAR})(?:\s*гг?\.?)?\s*-\s*(?P<sp2>{_YEAR})(?!\d){_YEAR_SUFFIX}"),
    # «В течение учебного года»: the academic year of the plan's period.
    ("bare_school", rf"\b(?:в\s+течение|весь|всего)\s+(?:всего\s+)?{_SCHOOL_YEAR_WORDS}"),
    # «IV квартал», «1 квартал», «4-й квартал» — before numbers, so that «1» is not a day.
    ("quarter", r"\b(?P<q>iv|i{1,3}|[1-4])(?:\s*-?\s*(?:й|ый|ой|го))?\s*квартал[а-я]*"),
    ("year", rf"(?<!\d)(?P<y4>{_YEAR})(?!\d){_YEAR_SUFFIX}"),
    # «до 5 сентября этого года»: the year of the order's date.
    ("this_year", r"\b(?:этого|текущего|сего|нынешнего)\s+года\b|\bт\.\s?г\b\.?"),
    ("num", r"(?<!\d)\d{1,2}(?!\d)"),
    ("month", _MONTH_WORD),
    # «по завершении/окончании …», «после завершения …»: the last day of what follows; before «по».
    # «по окончании учебного года» names a school year without a year, like «в течение учебного года».
    (
        "after_school",
        rf"\b(?:по|после)\s+(?:завершени|окончани)[а-я]*\s+(?:учебного\s+процесса\s+)?{_SCHOOL_YEAR_WORDS}",
    ),
    ("after", r"\b(?:по|после)\s+(?:завершени|окончани)[а-я]*"),
    # Range joiners: «февраль-март», «с 1 по 10 сентября», «с 1 сентября до 15 октября».
    ("link", r"-|\bпо\b|\bдо\b"),
    # Commas and brackets separate deadlines: «Август, до 1 сентября» is two of them.
    ("punct", r"[,;()]"),
    ("word", r"\w+"),
)
_TOKEN = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TOKEN_PATTERNS), re.IGNORECASE)

# How often a deadline recurs; the first one written wins. «2 раза в месяц» is not «ежемесячно».
_ONCE = r"\b(?:(?:1|один)\s+)?раз\s+в\s+"
_EVERY = re.compile(
    rf"(?P<week>\bеженедельн[а-я]*|\bкажд[а-я]*\s+недел[а-я]*|{_ONCE}неделю\b)"
    rf"|(?P<month>\bежемесячн[а-я]*|\bкажд[а-я]*\s+месяц[а-я]*|{_ONCE}месяц\b)"
    rf"|(?P<quarter>\bежеквартальн[а-я]*|\bкажд[а-я]*\s+квартал[а-я]*|{_ONCE}квартал\b)"
    # «два раза в год: январь, июнь» lists its months
    r"|(?P<year>\bежегодн[а-я]*|\bкажд[а-я]*\s+год(?:а|у)?\b"
    r"|\b(?:\d\s+|один\s+|два\s+|две\s+|три\s+|четыре\s+)?раза?\s+в\s+году?\b)",
    re.IGNORECASE,
)
# «до 25 числа», «15-го числа»
_MONTH_DAY = re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:\s*-?\s*(?:го|ое|е))?\s+числ[а-я]*", re.IGNORECASE)
# «месяца, следующего за отчетным (периодом)», «следующего за кварталом»
_FOLLOWING = re.compile(r"\bследующ[а-я]*\s+за\s+(?:отчетн|квартал|месяц)[а-я]*", re.IGNORECASE)
# «постоянно», «на постоянной основе», «(регулярно) в течение (планового) периода»,
# «плановый период», «весь период», «в течение всего периода».
_CONTINUOUS = re.compile(
    r"\bпостоянн[а-я]*|\bпланов[а-я]*\s+период|\b(?:в\s+течение|весь|всего)\s+(?:всего\s+)?период"
    # «в течение года» without a year is the plan's whole period, the most common phrase of all
    r"|\bв\s+течение\s+(?:всего\s+)?(?:календарного\s+)?года\b",
    re.IGNORECASE,
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Counted from the order's date: «в течение 10 дней (со дня подписания)», «в течение двух недель»,
# «в 3-месячный срок», «в трехмесячный срок», «в 10-дневный срок».
_COUNT = r"(?:(?P<n>\d{1,3})(?!\d)(?:\s*-?\s*(?:х|ти|ми|и))?\s*-?\s*|(?P<w>[а-я]+?)\s*)"
_RELATIVE = re.compile(
    rf"\bв\s+течени[еи]\s+{_COUNT}?(?P<working>(?:рабоч|календарн)[а-я]*\s+)?"
    r"(?P<unit>дн(?:я|ей)\b|день\b|недел[а-я]*|месяц[а-я]*|год(?:а)?\b|лет\b)"
    rf"|\bв\s+{_COUNT.replace('<n>', '<n2>').replace('<w>', '<w2>')}?"
    r"(?P<unit2>дневн|недельн|месячн|годичн)[а-я]*\s+срок[а-я]*",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    "один": 1, "одного": 1, "одной": 1, "одну": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3,
    "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "пятнадцать": 15,
    "пятнадцати": 15, "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30,
    # the first half of «одномесячный», «трехмесячный», «десятидневный», «сорокадневный»
    "одно": 1, "дву": 2, "сорока": 40, "шестидесяти": 60, "девяноста": 90,
}  # fmt: skip
# What the count starts from, written right after it: the order itself…
_FROM_ORDER = re.compile(
    r"\s*,?\s*(?:со?|после|от)\s+(?:дня\s+|даты\s+|момента\s+)?(?:его\s+|ее\s+)?"
    r"(?:подписани|издани|утвержден|приняти|вступлени|опубликовани)[а-я]*(?:\s+в\s+силу)?"
    r"(?:\s+(?:настоящего|данного|этого)\s+(?:приказа|распоряжения|документа|плана))?",
    re.IGNORECASE,
)
# …or an event, which the reader does not know: «в течение 10 дней после проведения ВПР».
_FROM_EVENT = re.compile(
    r"\s*,?\s*(?:со?|после|от|до|перед|по\s+(?:окончани|завершени|итогам|получени|результатам)[а-я]*)\b",
    re.IGNORECASE,
)
_EVENT_BEFORE = re.compile(r"\b(?:после|по\s+(?:итогам|окончани[а-я]*|завершени[а-я]*))\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Stage 1: tokens


@dataclass(frozen=True)
class _Token:
    kind: str
    match: re.Match

    @property
    def span(self) -> tuple[int, int]:
        return self.match.span()


def _tokenize(normalized: str) -> list[_Token]:
    # Spaces, dots, colons, asterisks and quotes match no pattern and are skipped.
    return [_Token(match.lastgroup or "", match) for match in _TOKEN.finditer(normalized)]


# ---------------------------------------------------------------------------------------------
# Stage 2: points


@dataclass(frozen=True)
class _Point:
    """Months first_month..last_month of one year, or one day (first_month == last_month)."""

    first_month: int
    last_month: int
    day: int | None = None
    year: int | None = None

    def first_day(self) -> date:
        assert self.year is not None
        return date(self.year, self.first_month, 1 if self.day is None else self.day)

    def last_day(self) -> date:
        assert self.year is not None
        if self.day is not None:
            return date(self.year, self.last_month, self.day)
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])


def _whole_year(year: int | None = None) -> _Point:
    return _Point(1, 12, year=year)


@dataclass(frozen=True)
class _Item:
    """A point as found in the text, or (when `year` is set) a bare year mark."""

    span: tuple[int, int]
    point: _Point | None = None
    end: _Point | None = None  # a second point when the token itself is a range («2021-2024»)
    year: int | None = None
    linked: bool = False  # joined to the point before it by «-», «по» or «до»
    takes_year: bool = True  # whether a year written after it belongs to it
    at_end: bool = False  # «по завершении …»: only its last day


# Tokens after which «-», «по», «до» start a range rather than being a word of the text.
_POINT_KINDS = {"date", "school", "span", "bare_school", "after_school", "quarter", "year", "this_year", "month"}


def _items(tokens: list[_Token], this_year: int | None = None) -> list[_Item]:
    """`this_year` is what «этого года» stands for (the order's year); unknown, it stands for nothing."""
    items: list[_Item] = []
    link_open = False
    at_end = False  # an «по завершении» waiting for its point; a comma or a bracket ends the wait
    previous = ""
    index = 0
    bracket: tuple[int, int, int] | None = None  # (year, index of the «)», first item) of «2024 г. (март, май)»
    while index < len(tokens):
        token = tokens[index]
        if bracket is not None and index == bracket[1]:
            year, _, first = bracket
            items[first:] = [_with_year(item, year) for item in items[first:]]
            bracket = None
        if token.kind == "year" and bracket is None and not _waits_for_year(items):
            close = _bracketed_months(tokens, index)
            if close is not None:
                # «в 2024 году (февраль, апрель)»: the year is the year of the months in its brackets,
                # not a deadline of its own
                bracket = (int(token.match["y4"]), close, len(items))
                previous = token.kind
                index += 1
                continue
        if token.kind == "num":
            days, index = _day_run(tokens, index)
            if days:
                items.append(replace(days[0], linked=link_open, at_end=at_end))
                items.extend(days[1:])
                at_end = False
            link_open, previous = False, "month" if days else "num"
            continue
        if token.kind == "link":
            link_open = previous in _POINT_KINDS
        else:
            item = _token_item(token, this_year)
            if item is not None:
                items.append(replace(item, linked=link_open, at_end=at_end or item.at_end))
                at_end = False
            else:
                at_end = token.kind == "after" or (at_end and token.kind != "punct")
            link_open = False
        previous = token.kind
        index += 1
    return items


_YEARS_OF_THEIR_OWN = {"date", "school", "span", "year", "this_year", "bare_school", "after_school"}


def _bracketed_months(tokens: list[_Token], index: int) -> int | None:
    """The index of the «)» when the year at `index` is followed by months in brackets with no year
    of their own («2024 г. (февраль, апрель)»); None otherwise."""
    if index + 1 >= len(tokens) or tokens[index + 1].kind != "punct" or tokens[index + 1].match[0] != "(":
        return None
    months = False
    for position in range(index + 2, len(tokens)):
        token = tokens[position]
        if token.kind == "punct" and token.match[0] == ")":
            return position if months else None
        if token.kind in _YEARS_OF_THEIR_OWN or (token.kind == "punct" and token.match[0] == "("):
            return None
        months = months or token.kind in ("month", "quarter")
    return None


def _waits_for_year(items: list[_Item]) -> bool:
    """Whether the last point read has no year and takes the next one («март 2024 (апрель)»)."""
    last = items[-1] if items else None
    return last is not None and last.point is not None and last.takes_year and (last.end or last.point).year is None


def _with_year(item: _Item, year: int) -> _Item:
    point = item.point if item.point is None or item.point.year is not None else replace(item.point, year=year)
    end = item.end if item.end is None or item.end.year is not None else replace(item.end, year=year)
    return replace(item, point=point, end=end)


def _token_item(token: _Token, this_year: int | None = None) -> _Item | None:
    """The item one token stands for (numbers are read by `_day_run`, words stand for nothing)."""
    match, span = token.match, token.span
    if token.kind == "date":
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)  # «01.09.24» → 2024
        month = int(match["m"])
        return _Item(span, _Point(month, month, int(match["d"]), year), takes_year=False)
    if token.kind == "school":
        first = int(match["sc1"])
        second = _full_year(match["sc2"] or match["sc3"], first)
        return _Item(span, _Point(9, 9, year=first), _Point(8, 8, year=second), takes_year=False)
    if token.kind == "span":
        first, last = _whole_year(int(match["sp1"])), _whole_year(int(match["sp2"]))
        return _Item(span, first, last, takes_year=False)
    if token.kind == "bare_school":
        # 1 September – 31 August with no year: placed inside the period like «октябрь-декабрь».
        return _Item(span, _Point(9, 9), _Point(8, 8), takes_year=False)
    if token.kind == "after_school":
        return _Item(span, _Point(9, 9), _Point(8, 8), takes_year=False, at_end=True)
    if token.kind == "quarter":
        quarter = _ROMAN.get(match["q"].lower()) or int(match["q"])
        return _Item(span, _Point(3 * quarter - 2, 3 * quarter))
    if token.kind == "month":
        month = _month_number(match[0])
        return _Item(span, _Point(month, month))
    if token.kind == "year":
        return _Item(span, year=int(match["y4"]))
    if token.kind == "this_year" and this_year is not None:
        return _Item(span, year=this_year)
    return None


def _full_year(written: str, first: int) -> int:
    """«2023/24» → 2024: a two-digit second year takes the century of the first."""
    return int(written) if len(written) == 4 else first // 100 * 100 + int(written)


def _month_number(word: str) -> int:
    """1–12 for a word that the month pattern matched."""
    word = word.lower()
    return _MONTH_STEMS.index(next(stem for stem in _STEMS_LONGEST_FIRST if word.startswith(stem))) + 1


def _day_run(tokens: list[_Token], index: int) -> tuple[list[_Item], int]:
    """Numbers right before a month name are its days: «8 сентября», «15-20 сентября»,
    «с 1 по 10 сентября», «15, 20 и 25 марта».

    Returns the day items — none when the numbers are not followed by a month, as in «(11 класс)»
    or «за 2 недели» — and the index of the token to read next.
    """
    numbers: list[tuple[_Token, bool]] = []  # (number, joined to the number before it)
    linked = False
    position = index
    while position < len(tokens):
        token = tokens[position]
        if token.kind == "num":
            numbers.append((token, linked))
            linked = False
        elif token.kind == "link" and numbers and not linked:
            linked = True
        elif token.kind == "month" and not linked:
            month = _month_number(token.match[0])
            days = [
                _Item(
                    (number.span[0], token.span[1]), _Point(month, month, int(number.match[0])), linked=joined
                )
                for number, joined in numbers
            ]
            return days, position + 1
        elif not _separates_days(token):
            break
        position += 1
    return [], index + 1


def _separates_days(token: _Token) -> bool:
    return (token.kind == "punct" and token.match[0] == ",") or (
        token.kind == "word" and token.match[0].lower() == "и"
    )


# ---------------------------------------------------------------------------------------------
# Stage 3: terms


@dataclass(frozen=True)
class _Term:
    """One deadline of the text: a point, or a range from `start` to `end`."""

    start: _Point
    end: _Point | None
    span: tuple[int, int]  # where it is written, to quote it in a warning
    takes_year: bool = True
    at_end: bool = False  # «по завершении 2011/2012 учебного года»: the last day only

    def needs_year(self) -> bool:
        return (self.end or self.start).year is None

    def with_year(self, mark: _Item) -> _Term:
        """The year written after a term belongs to its last point («Апрель-июнь 2023»); the term
        then reaches to that year in the text, so that a warning quotes it with its year."""
        span = (self.span[0], max(self.span[1], mark.span[1]))
        if self.end is not None:
            return replace(self, end=replace(self.end, year=mark.year), span=span)
        return replace(self, start=replace(self.start, year=mark.year), span=span)


def _terms(items: list[_Item]) -> list[_Term]:
    terms: list[_Term] = []
    pending: list[int] = []  # indexes of the terms waiting for a year
    templates: list[_Term] = []  # the yearless terms the last year went to, for a year list
    for item in items:
        if item.year is not None:
            if pending:
                templates = [terms[i] for i in pending]
                for i in pending:
                    terms[i] = terms[i].with_year(item)
                pending = []
            elif templates:
                # «Февраль 2023, 2024 гг.»: the next year of a list repeats the same months.
                terms.extend(template.with_year(item) for template in templates)
            else:
                # A year on its own is the whole year: «2024 год», «2023, 2024 гг.».
                templates = [_Term(_whole_year(), None, item.span, at_end=item.at_end)]
                terms.append(templates[0].with_year(item))
            continue
        templates = []
        assert item.point is not None
        if item.linked and terms and terms[-1].end is None and item.end is None:
            # The joined end decides whether a later year belongs to the range:
            # «01.09.2024 - октябрь 2024».
            last = terms[-1]
            terms[-1] = replace(
                last, end=item.point, span=(last.span[0], item.span[1]), takes_year=item.takes_year
            )
        else:
            terms.append(_Term(item.point, item.end, item.span, item.takes_year, item.at_end))
        if terms[-1].takes_year and terms[-1].needs_year() and len(terms) - 1 not in pending:
            pending.append(len(terms) - 1)
    return terms


# ---------------------------------------------------------------------------------------------
# Stage 4: ranges


class _ImpossibleDate(ValueError):
    def __init__(self, point: _Point):
        super().__init__(f"{point.day:02d}.{point.first_month:02d}.{point.year}")


def _complete(term: _Term) -> _Term:
    """Give the year of one end of a range to the other end, crossing New Year when the months go
    backwards: «декабрь 2024 - январь» → January 2025, «декабрь-январь 2025» → December 2024."""
    start, end = term.start, term.end
    if end is None or (start.year is None) == (end.year is None):
        return term
    crosses = 1 if start.first_month > end.last_month else 0
    if start.year is None:
        assert end.year is not None
        return replace(term, start=replace(start, year=end.year - crosses))
    return replace(term, end=replace(end, year=start.year + crosses))


def _dates(term: _Term) -> tuple[date, date]:
    """The range of a term whose years are known; `_ImpossibleDate` for «31.06.2024»."""
    end = term.end or term.start
    for point in (term.start, end):
        if point.day is not None:
            try:
                point.first_day()
            except ValueError:
                raise _ImpossibleDate(point) from None
    if term.at_end:
        return end.last_day(), end.last_day()
    return term.start.first_day(), end.last_day()


def _placements(term: _Term, period: tuple[date, date]) -> list[tuple[date, date]]:
    """Every placement of a yearless term that overlaps the period («октябрь-декабрь»)."""
    found = []
    for year in range(period[0].year - 1, period[1].year + 1):
        try:
            start, end = _dates(_complete(replace(term, start=replace(term.start, year=year))))
        except ValueError:  # 29 February of a common year, or a year beyond the calendar
            continue
        if start <= period[1] and end >= period[0]:
            found.append((start, end))
    return found


def _read_ranges(
    terms: list[_Term], text: str, period: tuple[date, date] | None, repeats: bool
) -> tuple[list[tuple[date, date]], list[str]]:
    """`repeats`: the text recurs («Август ежегодно», «ежемесячно, сентябрь - май»), so a yearless
    term stands for every placement of it in the period, cut to the period."""
    ranges: list[tuple[date, date]] = []
    warnings: list[str] = []
    for term in map(_complete, terms):
        written = text[term.span[0] : term.span[1]]
        if term.start.year is not None:
            try:
                start, end = _dates(term)
            except _ImpossibleDate as error:
                warnings.append(f"Дата «{error}» не существует.")
                continue
            if start > end:
                warnings.append(f"В сроке «{written}» начало ({_ru(start)}) позже окончания ({_ru(end)}).")
            else:
                ranges.append((start, end))
        elif period is None:
            if not repeats:  # «Август ежегодно» needs no year; it just has no dates to show
                warnings.append(
                    f"В сроке «{written}» не указан год, а период плана не задан: год не определён."
                )
        elif repeats:
            ranges.extend(_cut(_placements(term, period), period))  # every August of the period
        else:
            found = _placements(term, period)
            if len(found) == 1:
                ranges.extend(found)
            elif not found:
                warnings.append(f"Срок «{written}» без года не попадает в период плана {_ru_range(period)}.")
            else:
                warnings.append(
                    f"Срок «{written}» без года встречается в периоде плана {_ru_range(period)} "
                    "несколько раз: год не определён."
                )
    return ranges, warnings


def _cut(ranges: list[tuple[date, date]], period: tuple[date, date]) -> list[tuple[date, date]]:
    """The parts of the ranges inside the period."""
    first, last = period
    return [(max(start, first), min(end, last)) for start, end in ranges if start <= last and end >= first]


def _joined(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Sorted, overlapping ranges joined into one («2023-2024 гг., март 2024 г.» is one stretch)."""
    joined: list[tuple[date, date]] = []
    for start, end in sorted(set(ranges)):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _each_year(period: tuple[date, date]) -> list[tuple[date, date]]:
    """«ежегодно»: every calendar year of the period, cut to the period."""
    start, end = period
    return [
        (max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]


# ---------------------------------------------------------------------------------------------
# Stage 5: recurrence and counting from the order's date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _units(every: str, window: tuple[date, date]) -> list[tuple[date, date]]:
    """The calendar weeks (Monday to Sunday), months or quarters that overlap the window."""
    start, end = window
    if every == "week":
        monday = start.toordinal() - start.weekday()
        last = min(end.toordinal(), date.max.toordinal() - 6)
        return [(date.fromordinal(d), date.fromordinal(d + 6)) for d in range(max(monday, 1), last + 1, 7)]
    step = 3 if every == "quarter" else 1
    units = []
    index = start.year * 12 + (start.month - 1) // step * step  # months since year 0
    while index <= end.year * 12 + end.month - 1:
        year, month = divmod(index, 12)
        units.append((date(year, month + 1, 1), _month_end(year, month + step)))
        index += step
    return units


def _due_day(year: int, month: int, day: int) -> date:
    """Day `day` of the month, or its last day when it is shorter («до 31 числа» in February)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _repeat(
    every: str,
    day: int | None,
    following: bool,
    windows: list[tuple[date, date]],
    period: tuple[date, date] | None,
) -> list[tuple[date, date]]:
    """The occurrences of a weekly, monthly or quarterly deadline in the windows (disjoint, inside
    the period): each unit's whole stretch, cut at the window's start, or its day `day` (a one-day
    range); `following`: in the month after the unit («следующего за отчетным»), which may fall
    after the window but not after the period. A unit whose deadline is past the window (the
    period) belongs to the next plan and is left out."""
    found = set()
    for window in windows:
        limit = period or window
        for start, end in _units(every, window):
            if following and every != "week":
                if end.year == date.max.year and end.month == 12:
                    continue  # the month after is past the calendar
                year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
                due = (date(year, month, 1), _month_end(year, month))
                bounds = limit
            else:
                year, month = end.year, end.month
                due = (max(start, window[0]), end)
                bounds = window
            if day and every != "week":
                due = (_due_day(year, month, day),) * 2
            if bounds[0] <= due[0] and due[1] <= bounds[1]:
                found.add(due)
    return sorted(found)


def _month_day(normalized: str, text: str) -> tuple[int | None, list[str]]:
    """The day of «до 25 числа (каждого месяца)»."""
    match = _MONTH_DAY.search(normalized)
    if match is None:
        return None, []
    day = int(match["day"])
    if 1 <= day <= 31:
        return day, []
    return None, [f"В сроке «{text[match.start() : match.end()]}» число {day}: такого дня в месяце нет."]


def _written_months(terms: list[_Term]) -> tuple[int, ...] | None:
    """The months of the yearless terms («август - сентябрь» → 8, 9), for `Recurrence.months`."""
    months: set[int] = set()
    for term in map(_complete, terms):
        if term.start.year is not None:
            continue
        month, last = term.start.first_month, (term.end or term.start).last_month
        months.add(month)
        while month != last:
            month = month % 12 + 1
            months.add(month)
    return tuple(sorted(months)) or None


def _written_day(terms: list[_Term]) -> int | None:
    """The day of the yearless terms when each is that one day («ежегодно до 1 июня» → 1)."""
    yearless = [term for term in map(_complete, terms) if term.start.year is None]
    if not yearless or any(term.end is not None and term.end != term.start for term in yearless):
        return None
    days = {term.start.day for term in yearless}
    return days.pop() if len(days) == 1 else None


@dataclass(frozen=True)
class _Relative:
    """A deadline counted from a day: «в 3-месячный срок», «в течение 10 дней со дня подписания»."""

    span: tuple[int, int]
    count: int
    unit: str  # "day" | "week" | "month" | "year"
    from_event: bool  # counted from an event the reader does not know: stays unread
    working: bool  # «рабочих дней»: needs a working-day calendar


def _relative(normalized: str) -> _Relative | None:
    for match in _RELATIVE.finditer(normalized):
        number, word = match["n"] or match["n2"], (match["w"] or match["w2"] or "").lower()
        if word and word not in _COUNT_WORDS:
            continue  # «в течение учебного года»
        unit_word = (match["unit"] or match["unit2"]).lower()
        unit = next(u for stem, u in (("д", "day"), ("н", "week"), ("м", "month"), ("г", "year"), ("л", "year"))
                    if unit_word.startswith(stem))  # fmt: skip
        tail = normalized[match.end() :]
        from_order = _FROM_ORDER.match(tail)
        from_event = not from_order and (
            bool(_FROM_EVENT.match(tail)) or bool(_EVENT_BEFORE.search(normalized[: match.start()]))
        )
        if unit == "year" and not number and not word and not from_order and not from_event:
            continue  # «в течение года»: the whole period (`_CONTINUOUS`)
        count = int(number) if number else _COUNT_WORDS.get(word, 1)
        if count == 0:
            continue
        working = bool(match["working"]) and match["working"].lower().startswith("рабоч")
        span = (match.start(), match.end() + (from_order.end() if from_order else 0))
        return _Relative(span, count, unit, from_event, working)
    return None


def _counted(relative: _Relative, issued: date) -> tuple[date, date] | None:
    """From the order's date to the day the term ends (a month counts to the same day number, or the
    month's last day when it is shorter); None past the calendar."""
    try:
        if relative.unit in ("day", "week"):
            return issued, issued + timedelta(days=relative.count * (7 if relative.unit == "week" else 1))
        months = issued.month - 1 + relative.count * (12 if relative.unit == "year" else 1)
        year, month = issued.year + months // 12, months % 12 + 1
        return issued, _due_day(year, month, issued.day)
    except (OverflowError, ValueError):
        return None


def _typo_warnings(
    ranges: list[tuple[date, date]], period: tuple[date, date] | None, issued: date | None
) -> list[str]:
    """A date more than a year away from the plan's period, or more than a year before the order
    approving the plan, most likely has a mistyped year («01.03.2004» in an order of 2023)."""
    warnings = []
    for start, end in ranges:
        shown = _ru_range((start, end))
        if period and (end < _years_later(period[0], -1) or start > _years_later(period[1], 1)):
            warnings.append(
                f"Срок «{shown}» больше чем на год выходит за период плана {_ru_range(period)}: "
                "возможно, опечатка в годе."
            )
        elif issued and end < _years_later(issued, -1):
            warnings.append(
                f"Срок «{shown}» больше чем на год раньше даты приказа {_ru(issued)}: "
                "возможно, опечатка в годе."
            )
    return warnings


def _years_later(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February falls back to the 28th."""
    year = min(max(day.year + years, 1), 9999)
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _ru(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def _ru_range(dates: tuple[date, date]) -> str:
    start, end = dates
    return _ru(start) if start == end else f"{_ru(start)}–{_ru(end)}"


# ---------------------------------------------------------------------------------------------
# The reader


def parse_deadline(
    text: str | None, period: tuple[date, date] | None = None, issued: date | None = None
) -> Deadline:
    """Read a deadline as written into date ranges; never raises, never alters `text`.

    `period` is the roadmap's period (start, end): it places months and days written without a
    year, holds the occurrences of a recurring deadline and shows mistyped years; `issued` is the
    date of the order approving the roadmap (or of the order itself): «этого года» is its year, and
    «в 3-месячный срок» counts from it. Kind "dates" always has ranges; "text" never has.
    """
    text = text or ""
    if not text.strip():
        return Deadline(text, "empty", (), ())
    warnings = []
    if period and period[0] > period[1]:
        warnings.append(
            f"Период плана {_ru_range(period)} задан неверно: начало позже окончания; он не учтён."
        )
        period = None
    normalized = text.translate(_NORMALIZE)
    every_match = _EVERY.search(normalized)
    every = every_match.lastgroup if every_match else None
    terms = _terms(_items(_tokenize(normalized), issued.year if issued else None))
    ranges, reading_warnings = _read_ranges(terms, text, period, repeats=every is not None)
    warnings += reading_warnings + _typo_warnings(ranges, period, issued)

    relative = _relative(normalized)
    if relative and not relative.from_event:
        written = text[relative.span[0] : relative.span[1]]
        counted = _counted(relative, issued) if issued and not relative.working else None
        if counted:
            ranges.append(counted)
        elif relative.working:
            warnings.append(
                f"Срок «{written}» задан в рабочих днях: без календаря праздников дата не определена."
            )
        elif not issued:
            warnings.append(
                f"Срок «{written}» отсчитывается от даты приказа, а она не задана: дата не определена."
            )

    recurrence = None
    if every in ("week", "month", "quarter"):
        kind = "recurring"
        day, day_warnings = _month_day(normalized, text) if every != "week" else (None, [])
        warnings += day_warnings
        # written months, dates or a count hold the occurrences («ежемесячно, сентябрь - май»)
        if terms or relative:
            windows = _joined(_cut(ranges, period) if period else ranges)
        else:
            windows = [period] if period else []
        ranges = _repeat(every, day, bool(_FOLLOWING.search(normalized)), windows, period)
        recurrence = Recurrence(every, day, _written_months(terms))
    elif every == "year":
        kind = "yearly"
        if not terms and period:
            ranges = _each_year(period)
        recurrence = Recurrence("year", _written_day(terms), _written_months(terms))
    elif ranges:
        kind = "dates"  # dates win over the words around them: «до 1 марта 2024 г. (9 класс)»
    elif relative is None and _CONTINUOUS.search(normalized):
        kind = "continuous"
        ranges = [period] if period else []
    else:
        kind = "text"
    ranges = sorted(set(ranges))
    occurrences = _joined(_cut(ranges, period) if period else ranges)
    return Deadline(
        text, kind, tuple(ranges), tuple(dict.fromkeys(warnings)), recurrence, tuple(occurrences)
    )
