"""Tables as a careful typist sets them, for the PDF and the DOCX alike.

    laid = layout_table(table, size=12)    # laid.table: empty columns dropped; laid.widths: points
    breaker = LineBreaker(fonts.REGULAR, 12); breaker.lines(text, width)

- Column widths come from the content, measured with the font's metrics: each column is at least as
  wide as its longest unbreakable token («общеобразовательных», «Колесникова Е. В.», «25.09.2026»),
  the rest of the text width is shared by need (the mean width of a column's text, no column wider
  than its longest line unless every line fits), then width moves between columns while that makes
  the table shorter (the sum of its rows' heights, over a sample of rows). Only a table whose tokens
  cannot all fit gives its widest columns less and hyphenates there. A column with no value in any
  row is dropped, its header with it.
- `typeset` glues with no-break spaces what must not be parted at a line end: initials and the
  surname, «№ 5», «до 25.09.2026», «15 сентября», «2026 г.», «с. Заречное». Both writers pass all their
  text through it.
- `LineBreaker` breaks cell text into lines for the PDF: a word too long for its line is broken after
  a dash or at a hyphenation point of pyphen's Russian dictionary, with a visible hyphen; only a word
  with no such point that fits is cut between letters, also with a hyphen. Word hyphenates the DOCX
  itself (docx_writer turns automatic hyphenation on for table cells).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import fonts, layout
from .model import Table, TableRow

__all__ = ["typeset", "typed_breaks", "hyphenation_points", "LineBreaker", "TableLayout", "layout_table", "drop_empty_columns",
           "HYPHEN", "NBSP", "MIN_SPLIT_LINES"]

NBSP = "\u00a0"
MIN_SPLIT_LINES = 2  # a row split across pages keeps at least this many lines on each
HYPHEN = "-"
SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"

# --- no-break spaces ------------------------------------------------------------------------------

_INITIALS = r"[А-ЯЁ]\.(?:[ \u00a0]?[А-ЯЁ]\.)?"
_MONTHS = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\b"
# The space to make a no-break space, then what must stand before it (with it) and after it; the
# pattern starts with the space so that the search skips to the spaces.
_GLUE = re.compile(" (?:" + "|".join((
    r"(?<=№ )(?=\d)",  # № 57
    # 2026 г., 2023-2024 гг., 37,2 %, 30 п. п., 6 классов, 12 345, 15 сентября
    r"(?<=\d )(?=(?:гг?\.|год[а-я]*\b|уч\.|%|п\.[ \u00a0]?п\.|класс[а-я]*\b|\d{3}\b|" + _MONTHS + "))",
    r"(?<=\bуч\. )(?=гг?\.)",  # уч. г.
    r"(?i:(?<=\b[вксуо] )|(?<=\b(?:до|во|на|по|от|со|за|из|об) ))(?=\d)",  # до 25.09.2026, в 6 и 8 классах
    # с. Заречное, д. 1, ул. Школьная, им. А. С. Пушкина; the «г.» of a year is not a town's
    r"(?<=\b[сдп]\. )(?=[А-ЯЁ\d])|(?<!\d[ \u00a0]г\. )(?<=\bг\. )(?=[А-ЯЁ])|(?<=\b(?:ул|им|ст)\. )(?=[А-ЯЁ\d])",
    r"(?<=\bт\. )(?=[едпн]\.)|(?<=\bп\. )(?=п\.)",  # т. е., т. д., п. п.
    r"(?<=\S )(?=[–—] )",  # a dash never starts a line
)) + ")")
_INITIALS_FIRST = re.compile(r"\b(" + _INITIALS + r") (?=[А-ЯЁ][а-яё])")  # Е. В. Колесникова
_SURNAME_FIRST = re.compile(  # Колесникова Е. В. (not «Начальник Е. В. Колесникова»)
    r"\b([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) (" + _INITIALS + r")(?![\w\u00a0]|[ \u00a0][А-ЯЁ][а-яё])")


def _glue_initials(match: re.Match) -> str:
    return match.group(0).replace(" ", NBSP)


@lru_cache(maxsize=4096)
def typeset(text: str) -> str:
    """`text` with no-break spaces where a typist never breaks a line. Idempotent."""
    if " " not in text:
        return text
    text = _INITIALS_FIRST.sub(_glue_initials, text)
    text = _SURNAME_FIRST.sub(_glue_initials, text)
    return _GLUE.sub(NBSP, text)


# --- hyphenation ----------------------------------------------------------------------------------

_lock = threading.Lock()
_dictionary = None


def _pyphen():
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                import pyphen

                _dictionary = pyphen.Pyphen(lang="ru_RU", left=2, right=2)
    return _dictionary


_LETTERS = re.compile(r"[а-яёА-ЯЁ]+")  # Cyrillic: the dictionary is Russian
_DASH_AFTER = re.compile(r"[–—]|(?<=[^\W\d_]{2})-(?=[^\W\d_])|(?<=[^\s/]{2})/(?![\d/])")


def hyphenation_points(word: str) -> list[int]:
    """Where pyphen may hyphenate `word` (positions in it), within its runs of letters; abbreviations
    in capitals («ВПР», «МКУ») are not hyphenated."""
    points: list[int] = []
    for run in _LETTERS.finditer(word):
        letters = run.group()
        if len(letters) < 4 or letters.isupper():
            continue
        points += [run.start() + p for p in _pyphen().positions(letters)]
    return points


@lru_cache(maxsize=8192)
def _breaks(word: str, hyphenate: bool = True) -> tuple[tuple[int, bool], ...]:
    """Where a token may be broken: (position, needs a hyphen), in order. After a dash, a compound's
    hyphen («учителей-|предметников») or a slash no hyphen is added; at a hyphenation point one is."""
    found = {m.end(): False for m in _DASH_AFTER.finditer(word) if m.end() < len(word)}
    if hyphenate:
        for point in hyphenation_points(word):
            found.setdefault(point, True)
    return tuple(sorted(found.items()))


# --- line breaking --------------------------------------------------------------------------------

_TYPED_BREAK = re.compile(r"(?<=[а-яё])-\n(?=[а-яё])")


def typed_breaks(text: str, mark: str = SOFT_HYPHEN) -> str:
    """`text` with each break typed after a hyphen inside a word («Участ-\\nников», for a column once
    too narrow) as `mark`, a soft hyphen: the word stays whole where it fits."""
    return _TYPED_BREAK.sub(mark, text)
_SPACES = re.compile(r"[ \t]+")  # not str.split(): that would also split at no-break spaces


class LineBreaker:
    """Breaks cell text into lines by word widths in one font and size, the widths cached per word.

    Table cells of the PDF hold the result as plain strings joined by «\\n», which reportlab draws line
    by line: laying out thousands of Paragraph cells costs about ten times more.
    """

    def __init__(self, font_name: str, size: float):
        from reportlab.pdfbase.pdfmetrics import getFont

        fonts.register_fonts()
        face = getFont(font_name).face
        self._char_widths = face.charWidths
        self._default_width = face.defaultWidth
        self._scale = size / 1000.0
        self._cache: dict[str, float] = {}
        self.pieces_cache: dict[tuple[str, bool], float] = {}  # for table_layout's widths
        self.measures_cache: dict[tuple[str, bool], _Measures] = {}
        self.space = self.width(" ")

    def width(self, word: str) -> float:
        cached = self._cache.get(word)
        if cached is None:
            widths, default = self._char_widths, self._default_width
            cached = sum(widths.get(ord(ch), default) for ch in word) * self._scale
            self._cache[word] = cached
        return cached

    @staticmethod
    def words(text: str) -> list[list[str]]:
        """The words of each line of `text` (typeset), soft hyphens kept as break marks; a break typed
        after a hyphen inside a word («Участ-\\nников», for a column once too narrow) is one of them."""
        text = typeset(typed_breaks(text))
        return [[w for w in _SPACES.split(line.strip(" \t")) if w] for line in text.split("\n")]

    def lines(self, text: str, max_width: float) -> list[str]:
        max_width += 0.01  # a column exactly as wide as its longest word holds it
        result: list[str] = []
        for words in self.words(text):
            line: list[str] = []
            line_width = 0.0
            for word in words:
                plain = _plain(word)
                w = self.width(plain)
                if line and line_width + self.space + w <= max_width:
                    line.append(plain)
                    line_width += self.space + w
                    continue
                if w <= max_width:
                    if line:
                        result.append(" ".join(line))
                    line, line_width = [plain], w
                    continue
                # wider than the column: fill this line with its start, then whole lines of it
                room = max_width - line_width - self.space if line else max_width
                pieces = self.pieces(word, room, max_width)
                if pieces[0] is None:
                    result.append(" ".join(line))
                    line = []
                    pieces = pieces[1:]
                for piece in pieces[:-1]:
                    line.append(piece)
                    result.append(" ".join(line))
                    line = []
                line, line_width = [pieces[-1]], self.width(pieces[-1])
            result.append(" ".join(line))
        return result

    def pieces(self, word: str, room: float, max_width: float) -> list:
        """A word wider than `max_width` in pieces: the first fits `room` (None first when none does
        and the line must end before it), the others `max_width`; each but the last ends with a dash
        or a hyphen."""
        breaks, plain = _soft_breaks(word)
        pieces: list = []
        start, limit = 0, room
        while self.width(plain[start:]) > limit:
            # a dash or a compound's hyphen first («сентябрь-|октябрь», not «сентябрь-ок-|тябрь»)
            dash = hyphenated = None
            dash_later = False  # a dash break that fits a whole line, if not this one
            for position, hyphen in breaks:
                if position <= start:
                    continue
                piece = plain[start:position] + (HYPHEN if hyphen else "")
                w = self.width(piece)
                if w <= limit:
                    if hyphen:
                        hyphenated = position, piece
                    else:
                        dash = position, piece
                elif not hyphen and w <= max_width:
                    dash_later = True
                if self.width(plain[start:position]) > max_width:
                    break
            best = dash or (None if dash_later and limit < max_width else hyphenated)
            if best is None and limit < max_width:
                pieces.append(None)  # nothing fits the rest of the line: start a new one
                limit = max_width
                continue
            if best is None:  # no break point fits a whole line: part at a no-break space after all
                glued = [p for p in range(start + 1, len(plain)) if plain[p] == NBSP
                         and self.width(plain[start:p]) <= limit]
                if glued:
                    pieces.append(plain[start:glued[-1]])
                    start = glued[-1] + 1
                    continue
            if best is None:  # nor a no-break space: cut between letters, with a hyphen
                position = start + 1
                while position + 1 < len(plain) and self.width(plain[start:position + 1] + HYPHEN) <= limit:
                    position += 1
                best = position, plain[start:position] + HYPHEN
            pieces.append(best[1])
            start, limit = best[0], max_width
        pieces.append(plain[start:])
        return pieces


def _plain(word: str) -> str:
    return word.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, "")


def _soft_breaks(word: str, hyphenate: bool = True) -> tuple[tuple[tuple[int, bool], ...], str]:
    """The breaks of a word and the word without its soft hyphens and zero-width spaces, which are
    breaks of their own (with a hyphen and without)."""
    if SOFT_HYPHEN not in word and ZERO_WIDTH_SPACE not in word:
        return _breaks(word, hyphenate), word
    plain, marks = "", {}
    for part in re.split(f"([{SOFT_HYPHEN}{ZERO_WIDTH_SPACE}])", word):
        if part in (SOFT_HYPHEN, ZERO_WIDTH_SPACE):
            if 0 < len(plain):
                marks[len(plain)] = part == SOFT_HYPHEN
        else:
            plain += part
    marks.pop(len(plain), None)
    found = dict(_breaks(plain, hyphenate))
    for point, hyphen in marks.items():
        if hyphenate or not hyphen:
            found.setdefault(point, hyphen)
    return tuple(sorted(found.items())), plain


# --- column widths --------------------------------------------------------------------------------


@dataclass
class TableLayout:
    """A table as printed: `table` without its empty columns, `widths` of its columns in points
    (summing to the text width), `columns` the source column of each, its cells at `size` points."""

    table: Table
    widths: list[float]
    columns: list[int]
    size: float = layout.TABLE_SIZE
    _breakers: dict[str, LineBreaker] = field(default_factory=dict, repr=False, compare=False)

    def line_count(self, row: TableRow) -> int:
        """The lines a row of `table` takes: its tallest cell's (a section row's across the table)."""
        bold = row.strong or (row.is_section and layout.style("table_section").bold)
        face = fonts.BOLD if bold else fonts.REGULAR
        if face not in self._breakers:
            self._breakers[face] = LineBreaker(face, self.size)
        breaker = self._breakers[face]
        pad = 2 * layout.CELL_PAD
        if row.is_section:
            return len(breaker.lines(row.section_text, sum(self.widths) - pad))
        return max(len(breaker.lines(text, width - pad))
                   for text, width in zip(self.table.row_texts(row), self.widths, strict=True))


def drop_empty_columns(table: Table) -> tuple[Table, list[int]]:
    """The table without the columns no data row has a value in, and the source index of each column
    kept. A table with no data rows keeps all its columns."""
    data = [table.row_texts(row) for row in table.rows if not row.is_section]
    kept = [c for c in range(table.column_count) if any(texts[c].strip() for texts in data)]
    if not data or not kept or len(kept) == table.column_count:
        return table, list(range(table.column_count))
    new_index = {old: new for new, old in enumerate(kept)}
    rows = [row if row.is_section else TableRow(
        [v for c, v in enumerate(table.padded_cells(row)) if c in new_index], row.kind,
        {new_index[c]: mark for c, mark in row.marks.items() if c in new_index}, row.strong)
        for row in table.rows]
    pruned = replace(table, header=[table.header[c] for c in kept], rows=rows,
                     column_widths=[table.column_widths[c] for c in kept],
                     formats=[table.formats[c] for c in kept])
    return pruned, kept


@dataclass
class _Column:
    tokens: float = 0.0  # the widest unbreakable token
    syllables: float = 0.0  # the widest piece when hyphenated
    halves: float = 0.0  # the widest piece when each word is hyphenated once at most
    longest: float = 0.0  # the widest line
    total: float = 0.0  # all its text, for the mean


def _widest_piece(breaker: LineBreaker, word: str, hyphenate: bool) -> float:
    """The widest piece of `word` when broken at every dash (and hyphenation point, with its hyphen)."""
    key = (word, hyphenate)
    cached = breaker.pieces_cache.get(key)
    if cached is None:
        breaks, plain = _soft_breaks(word, hyphenate)
        cached, start = 0.0, 0
        for position, hyphen in breaks:
            cached = max(cached, breaker.width(plain[start:position] + (HYPHEN if hyphen else "")))
            start = position
        cached = max(cached, breaker.width(plain[start:]))
        breaker.pieces_cache[key] = cached
    return cached


def _widest_half(breaker: LineBreaker, word: str) -> float:
    """The width `word` needs when it may be broken once: the wider of its two pieces at its best
    break point (the whole word when it has none)."""
    breaks, plain = _soft_breaks(word, True)
    best = breaker.width(plain)
    for position, hyphen in breaks:
        best = min(best, max(breaker.width(plain[:position] + (HYPHEN if hyphen else "")),
                             breaker.width(plain[position:])))
    return best


@dataclass(frozen=True)
class _Measures:
    """What a cell's text needs, measured once per distinct text: its words' widths line by line, the
    widest unbreakable token, the widest piece hyphenated and hyphenated once (when asked), and its
    lines' widths."""

    words: list[list[float]]
    tokens: float
    syllables: float
    halves: float
    lines: list[float]


def _measures(breaker: LineBreaker, text: str, hyphenated: bool) -> _Measures:
    key = (text, hyphenated)
    found = breaker.measures_cache.get(key)
    if found is None:
        lines = LineBreaker.words(text)
        words = [[breaker.width(_plain(word)) for word in line] for line in lines]
        every = [word for line in lines for word in line]
        found = breaker.measures_cache[key] = _Measures(
            words,
            max((_widest_piece(breaker, word, False) for word in every), default=0.0),
            max((_widest_piece(breaker, word, True) for word in every), default=0.0) if hyphenated else 0.0,
            max((_widest_half(breaker, word) for word in every), default=0.0) if hyphenated else 0.0,
            [sum(line) + breaker.space * max(0, len(line) - 1) for line in words])
    return found


def _measure(breaker: LineBreaker, text: str, column: _Column, *, hyphenated: bool) -> list[list[float]]:
    """Widen `column`'s measures by `text`; return its words' widths line by line."""
    found = _measures(breaker, text, hyphenated)
    column.tokens = max(column.tokens, found.tokens)
    if hyphenated:
        column.syllables = max(column.syllables, found.syllables)
        column.halves = max(column.halves, found.halves)
    for line in found.lines:
        column.longest = max(column.longest, line)
        column.total += line
    return found.words


def _fill(low: list[float], high: list[float], weight: list[float], width: float) -> list[float]:
    """Widths between `low` and `high` in proportion to `weight` where neither bound holds, summing to
    `width` (sum(low) <= width <= sum(high))."""
    def widths_at(k: float) -> list[float]:
        return [min(max(k * w, a), b) for a, b, w in zip(low, high, weight, strict=True)]

    lo, hi = 0.0, 1.0
    while sum(widths_at(hi)) < width and hi < 1e12:
        hi *= 2
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sum(widths_at(mid)) < width else (lo, mid)
    return _rounded(widths_at(hi), low, width)


def _rounded(widths: list[float], low: list[float], width: float) -> list[float]:
    """`widths` summing to `width` exactly: the last bit of rounding goes to the column with the most
    room above its `low`."""
    roomiest = max(range(len(widths)), key=lambda c: widths[c] - low[c])
    widths[roomiest] += width - sum(widths)
    return widths


def _count_lines(lines: list[list[float]], room: float, space: float) -> int:
    """How many lines words of these widths take in `room` points (a word wider than that by its
    share of lines)."""
    count = 0
    for words in lines:
        count += 1
        used = -1.0
        for w in words:
            if used >= 0 and used + space + w <= room:
                used += space + w
                continue
            if used >= 0:
                count += 1
            if w > room:
                count += int(w // room)
                w %= room
            used = w
    return count


_SAMPLE_ROWS = 80  # rows of a long table that the balancing looks at, evenly spaced


class _Heights:
    """A table's height in lines (the sum of its rows' tallest cells) for given column widths, over
    the header and a sample of its rows; `cells` holds each row's cells as their words' widths, the
    header's first."""

    def __init__(self, cells: list[list[list[list[float]]]], pad: float, space: float):
        self._sample = cells if len(cells) <= _SAMPLE_ROWS else [
            cells[i * len(cells) // _SAMPLE_ROWS] for i in range(_SAMPLE_ROWS)]
        self._header = cells[0]
        self._pad, self._space = pad, space
        self._cache: dict[tuple[int, float], list[int]] = {}
        self._hyphens_cache: dict[tuple[int, float], int] = {}

    def _counts(self, c: int, w: float) -> list[int]:
        """Column `c`'s lines in each row of the sample at the width `w`."""
        key = (c, round(w, 2))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = [_count_lines(row[c], w - self._pad, self._space) for row in self._sample]
        return found

    def _hyphens(self, c: int, w: float) -> int:
        """The hyphens of column `c`'s header at the width `w`."""
        key = (c, w)
        found = self._hyphens_cache.get(key)
        if found is None:
            room = w - self._pad
            found = self._hyphens_cache[key] = sum(int(word // room) for line in self._header[c] for word in line
                                                   if word > room)
        return found

    def __call__(self, widths: list[float]) -> tuple[int, int]:
        """The lines with a hyphen in the header counted as one more line (a typist hyphenates a
        header's word in a narrow column of figures, but not into three pieces), then the hyphens."""
        columns = [self._counts(c, w) for c, w in enumerate(widths)]
        hyphens = sum(self._hyphens(c, w) for c, w in enumerate(widths))
        return sum(map(max, *columns)) + hyphens if len(columns) > 1 else sum(columns[0]) + hyphens, hyphens

    def balance(self, widths: list[float], low: list[float]) -> list[float]:
        """Move width between columns while that makes the table shorter, in steps from 1/32 of the
        width down to 1.5 pt, no column below `low`: the columns that decide the rows' heights get the
        room.

        Each trial moves `step` from one column i to another j; the rows' tallest cells among the
        other columns are taken once for the pair and the state, so that a trial costs one pass over
        the sample rows."""
        if len(widths) < 2:
            return widths
        state, best = list(widths), self(widths)
        step = sum(widths) / 32
        moves = 0
        count = len(state)
        while step >= 1.5 and moves < 200:
            improved = None
            columns = [self._counts(c, w) for c, w in enumerate(state)]
            hyphens = [self._hyphens(c, w) for c, w in enumerate(state)]
            all_hyphens = sum(hyphens)
            others: dict[tuple[int, int], list[int]] = {}  # the rows' tallest cells outside i and j
            zeros = [0] * len(columns[0])
            for i in range(count):
                narrower = state[i] - step
                if narrower < low[i]:
                    continue
                lines_i, hyphens_i = self._counts(i, narrower), self._hyphens(i, narrower)
                for j in range(count):
                    if i == j:
                        continue
                    pair = (i, j) if i < j else (j, i)
                    rest = others.get(pair)
                    if rest is None:
                        rest = [columns[c] for c in range(count) if c not in pair]
                        rest = others[pair] = list(map(max, *rest)) if len(rest) > 1 else (rest[0] if rest else zeros)
                    wider = state[j] + step
                    trial_hyphens = all_hyphens - hyphens[i] - hyphens[j] + hyphens_i + self._hyphens(j, wider)
                    h = (sum(map(max, rest, lines_i, self._counts(j, wider))) + trial_hyphens, trial_hyphens)
                    if h < best:
                        trial = list(state)
                        trial[i] = narrower
                        trial[j] = wider
                        best, improved = h, trial
            if improved:
                state, moves = improved, moves + 1
            else:
                step /= 2
        return _rounded([max(w, lo) for w, lo in zip(state, low, strict=True)], low, sum(widths))


# Points a column has beyond its longest word: the word never touches the rule, and rounding never
# leaves it a hair too narrow (reportlab would cut a header's word between letters).
_SLACK = 0.25


def column_widths(table: Table, width: float, size: float) -> list[float]:
    """The columns' widths in points for `table` set at `size` points across `width` points.

    A header's words may be hyphenated once («Успевае-|мость») when that makes the table shorter, as
    a typist does in narrow columns of figures; a cell's words only when they cannot all stay whole."""
    pad = 2 * layout.CELL_PAD + _SLACK
    regular, bold = LineBreaker(fonts.REGULAR, size), LineBreaker(fonts.BOLD, size)
    header_font = bold if layout.style("table_header").bold else regular
    data_rows = [row for row in table.rows if not row.is_section]
    head = [_Column() for _ in table.header]
    cells = [[_measure(header_font, text, column, hyphenated=True)  # the header first
              for column, text in zip(head, table.header, strict=True)]]

    def measure(hyphenated: bool) -> list[_Column]:
        columns = [_Column() for _ in table.header]
        del cells[1:]
        for row in data_rows:
            breaker = bold if row.strong else regular
            cells.append([_measure(breaker, text, column, hyphenated=hyphenated)
                          for column, text in zip(columns, table.row_texts(row), strict=True)])
        return columns

    data = measure(hyphenated=False)
    whole = [max(h.tokens, d.tokens) + pad for h, d in zip(head, data, strict=True)]
    if sum(whole) > width:  # some words cannot stay whole: the widest columns give way and hyphenate
        data = measure(hyphenated=True)
    high = [max(h.longest + pad, d.longest + pad, lo) for h, d, lo in zip(head, data, whole, strict=True)]
    if sum(high) <= width:  # every cell on one line: widen the columns in proportion
        return [h * width / sum(high) for h in high]
    heights = _Heights(cells, 2 * layout.CELL_PAD, regular.space)
    need = [d.total / max(1, len(data_rows)) for d in data]
    if sum(whole) > width:
        least = [max(h.halves, min(d.syllables, d.tokens)) + pad for h, d in zip(head, data, strict=True)]
        if sum(least) >= width:  # the header's words in more than two pieces
            least = [max(h.syllables, min(d.syllables, d.tokens)) + pad for h, d in zip(head, data, strict=True)]
        if sum(least) >= width:  # even syllables do not fit: cut between letters
            return [w * width / sum(least) for w in least]
        # from the widest columns capped, and from the room shared by need: the shorter table
        starts = [(_cap(least, whole, width), least), (_fill(least, high, need, width), least)]
    else:
        soft = [max(h.halves, d.tokens) + pad for h, d in zip(head, data, strict=True)]
        # every word whole, or the header's words hyphenated if that makes the table shorter
        starts = [(_fill(whole, high, need, width), whole)]
        if soft != whole:
            starts.append((_fill(soft, high, need, width), soft))
    return min((heights.balance(start, low) for start, low in starts), key=heights)


def _cap(least: list[float], low: list[float], width: float) -> list[float]:
    """Widths min(low, cap), at least `least`, with the one cap that makes them sum to `width`: the
    widest columns give way first."""
    lo, hi = 0.0, max(low)
    for _ in range(60):
        mid = (lo + hi) / 2
        if sum(max(a, min(b, mid)) for a, b in zip(least, low, strict=True)) < width:
            lo = mid
        else:
            hi = mid
    return _rounded([max(a, min(b, hi)) for a, b in zip(least, low, strict=True)], least, width)


def layout_table(table: Table, size: float | None = None, width: float | None = None) -> TableLayout:
    """`table` as both writers print it: empty columns dropped, widths from the content at `size`
    points (the table style's when None) across `width` points (the text width when None)."""
    size = size or layout.style("table_text").size
    width = width or layout.PAGE.text_width
    pruned, kept = drop_empty_columns(table)
    return TableLayout(pruned, column_widths(pruned, width, size), kept, size)
