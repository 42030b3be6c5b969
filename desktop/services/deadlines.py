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
   notes which points are joined into a range by «-», «по» or «до».
3. `_terms` joins linked points into terms and hands each year to the yearless terms before it, so
   that a year list («Февраль 2023, 2024 гг.») repeats the same months for every year.
4. `_read_ranges` turns terms into date ranges, placing yearless terms inside the plan's period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Deadline:
    text: str  # exactly as written, never altered
    kind: str  # "dates" | "yearly" | "continuous" | "text" | "empty"
    ranges: tuple[tuple[date, date], ...]  # sorted by start, no duplicates
    warnings: tuple[str, ...]  # Russian sentences for the user

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "ranges": [[start.isoformat(), end.isoformat()] for start, end in self.ranges],
            "warnings": list(self.warnings),
        }

    @property
    def due(self) -> date | None:
        """The last day of the deadline: the end of the last range (the latest end, should an
        earlier range outlast it, as in «2023-2024 гг., март 2024 г.»)."""
        return max((end for _, end in self.ranges), default=None)

    def next_due(self, on: date) -> date | None:
        """The end of the first range (by start) that has not ended before `on`."""
        return next((end for _, end in self.ranges if end >= on), None)


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
    ("num", r"(?<!\d)\d{1,2}(?!\d)"),
    ("month", _MONTH_WORD),
    # Range joiners: «февраль-март», «с 1 по 10 сентября», «с 1 сентября до 15 октября».
    ("link", r"-|\bпо\b|\bдо\b"),
    # Commas and brackets separate deadlines: «Август, до 1 сентября» is two of them.
    ("punct", r"[,;()]"),
    ("word", r"\w+"),
)
_TOKEN = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TOKEN_PATTERNS), re.IGNORECASE)

_YEARLY = re.compile(r"\bежегодн[а-я]*", re.IGNORECASE)
# «постоянно», «на постоянной основе», «(регулярно) в течение (планового) периода»,
# «плановый период», «весь период», «в течение всего периода».
_CONTINUOUS = re.compile(
    r"\bпостоянн[а-я]*|\bпланов[а-я]*\s+период|\b(?:в\s+течение|весь|всего)\s+(?:всего\s+)?период",
    re.IGNORECASE,
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


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


# Tokens after which «-», «по», «до» start a range rather than being a word of the text.
_POINT_KINDS = {"date", "school", "span", "bare_school", "quarter", "year", "month"}


def _items(tokens: list[_Token]) -> list[_Item]:
    items: list[_Item] = []
    link_open = False
    previous = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "num":
            days, index = _day_run(tokens, index)
            if days:
                items.append(replace(days[0], linked=link_open))
                items.extend(days[1:])
            link_open, previous = False, "month" if days else "num"
            continue
        if token.kind == "link":
            link_open = previous in _POINT_KINDS
        else:
            item = _token_item(token)
            if item is not None:
                items.append(replace(item, linked=link_open))
            link_open = False
        previous = token.kind
        index += 1
    return items


def _token_item(token: _Token) -> _Item | None:
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
    if token.kind == "quarter":
        quarter = _ROMAN.get(match["q"].lower()) or int(match["q"])
        return _Item(span, _Point(3 * quarter - 2, 3 * quarter))
    if token.kind == "month":
        month = _month_number(match[0])
        return _Item(span, _Point(month, month))
    if token.kind == "year":
        return _Item(span, year=int(match["y4"]))
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
                templates = [_Term(_whole_year(), None, item.span)]
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
            terms.append(_Term(item.point, item.end, item.span, item.takes_year))
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
    return term.start.first_day(), end.last_day()


def _occurrences(term: _Term, period: tuple[date, date]) -> list[tuple[date, date]]:
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
    terms: list[_Term], text: str, period: tuple[date, date] | None, yearly: bool
) -> tuple[list[tuple[date, date]], list[str]]:
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
            if not yearly:  # «Август ежегодно» needs no year; it just has no dates to show
                warnings.append(
                    f"В сроке «{written}» не указан год, а период плана не задан: год не определён."
                )
        elif yearly:
            ranges.extend(_occurrences(term, period))  # «Август ежегодно»: every August of the period
        else:
            found = _occurrences(term, period)
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


def _each_year(period: tuple[date, date]) -> list[tuple[date, date]]:
    """«ежегодно»: every calendar year of the period, cut to the period."""
    start, end = period
    return [
        (max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]


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
    year and shows mistyped years; `issued` is the date of the order approving the roadmap.
    Kind "dates" always has ranges; "text" never has.
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
    yearly = bool(_YEARLY.search(normalized))
    terms = _terms(_items(_tokenize(normalized)))
    ranges, reading_warnings = _read_ranges(terms, text, period, yearly)
    warnings += reading_warnings + _typo_warnings(ranges, period, issued)

    if yearly:
        kind = "yearly"
        if not terms and period:
            ranges = _each_year(period)
    elif ranges:
        kind = "dates"  # dates win over the words around them: «до 1 марта 2024 г. (9 класс)»
    elif _CONTINUOUS.search(normalized):
        kind = "continuous"
        ranges = [period] if period else []
    else:
        kind = "text"
    return Deadline(text, kind, tuple(sorted(set(ranges))), tuple(dict.fromkeys(warnings)))
