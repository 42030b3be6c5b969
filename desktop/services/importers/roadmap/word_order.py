"""A roadmap from a Word order (.docx): its plan table(s), or its clauses when it has no plan table.

The document is opened with python-docx after the intake has checked the file and its zip (`admit`
with `WORD_DOCUMENT`: size, kind — a Word 97–2003 .doc is refused with a hint —, bombs, the CRC of every
member, `word/document.xml` present), then its body is walked directly on the XML — python-docx's `row.cells` is
quadratic on long tables and hides merges. Each table row becomes a `TableRow` (horizontal merges as
`spanned`, vertical merges as `merged_down`, the row's bold flag); each body paragraph becomes a
`DocParagraph` whose text starts with its automatic Word number, if it has one, computed from the
numbering definitions and the level counters.

    read_roadmap_docx(path)                 # the plan table wins when there is one
    read_roadmap_docx(path, clauses=True)   # the clauses of the order, even if it has a table

The plan's title is its own heading right above the table (or the «Приложение … План мероприятий …»
block), never a clause or the signature above it. A document with no plan table whose numbered
paragraphs have no deadline and no responsible (ФИОКО's «Описание проверочной работы») is refused:
it is not a plan.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import admit
from desktop.services.importers.intake.files import WORD_DOCUMENT
from desktop.services.importers.problems import Problem
from desktop.services.importers.roadmap.order_clauses import (
    find_clauses_start,
    has_plan_signs,
    is_order_line,
    not_a_plan,
    read_order_clauses,
)
from desktop.services.importers.roadmap.order_header import read_order_info
from desktop.services.importers.roadmap.order_wording import read_wording
from desktop.services.importers.roadmap.plan_table import (
    NEEDED_COLUMNS,
    PlanTableReader,
    TableRow,
    find_header,
    title_above,
)
from desktop.services.importers.roadmap.records import DocParagraph, ParsedRoadmap

log = logging.getLogger("msoko.importers")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TABLE_HEADER_ROWS = 5  # a plan header is among the first rows of its table
_SKIP = {MC_FALLBACK, W + "txbxContent", W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText"}
_FALSE = {"0", "false", "off", "none"}


def _not_word(path: Path) -> ImportFormatError:
    return WORD_DOCUMENT.damaged(path)


# ---------------------------------------------------------------------------------------------------
# styles and numbering


def _on(element) -> bool | None:
    """A toggle property (w:b): True, False, or None when absent."""
    if element is None:
        return None
    value = element.get(W + "val")
    return value is None or value.lower() not in _FALSE


class _Styles:
    """Bold and numbering of paragraph and character styles, with their basedOn chains resolved."""

    def __init__(self, document) -> None:
        self.bold: dict[str, bool | None] = {}
        self.num: dict[str, tuple[str, int] | None] = {}
        self.default_paragraph: str | None = None
        self._raw: dict[str, object] = {}
        try:
            styles = document.styles.element
        except Exception:  # a document without a styles part
            return
        for style in styles.iterchildren(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id:
                self._raw[style_id] = style
                if style.get(W + "type") == "paragraph" and _on(style.find(W + "default")) is True:
                    self.default_paragraph = style_id

    def is_bold(self, style_id: str | None) -> bool | None:
        if not style_id:
            return None
        if style_id not in self.bold:
            self.bold[style_id] = None  # guards against basedOn loops
            style = self._raw.get(style_id)
            value = None
            if style is not None:
                value = _on(style.find(f"{W}rPr/{W}b"))
                if value is None:
                    based = style.find(W + "basedOn")
                    value = self.is_bold(based.get(W + "val")) if based is not None else None
            self.bold[style_id] = value
        return self.bold[style_id]

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        if not style_id:
            return None
        if style_id not in self.num:
            self.num[style_id] = None
            style = self._raw.get(style_id)
            value = None
            if style is not None:
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    num_id = num_pr.find(W + "numId")
                    level = num_pr.find(W + "ilvl")
                    if num_id is not None:
                        value = (num_id.get(W + "val"), int(level.get(W + "val", "0")) if level is not None else 0)
                else:
                    based = style.find(W + "basedOn")
                    value = self.numbering(based.get(W + "val")) if based is not None else None
            self.num[style_id] = value
        return self.num[style_id]


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """Word's automatic numbering: level definitions per numId and the running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    # lists that share an abstract definition share their counters (Word continues the numbering)
    # unless the list overrides its levels (a numbering restarted by the user)
    counter_keys: dict[str, str] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        numbering = cls()
        try:
            part = document.part.numbering_part
        except Exception:  # no numbering part: nothing is numbered automatically
            return numbering
        root = part.element
        abstracts: dict[str, dict[int, _Level]] = {}
        for abstract in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iterchildren(W + "lvl"):
                levels[int(lvl.get(W + "ilvl", "0"))] = _level_of(lvl)
            abstracts[abstract.get(W + "abstractNumId")] = levels
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            abstract_id = ref.get(W + "val") if ref is not None else ""
            levels = dict(abstracts.get(abstract_id, {}))
            num_id = num.get(W + "numId")
            numbering.counter_keys[num_id] = f"abstract:{abstract_id}"
            for override in num.iterchildren(W + "lvlOverride"):
                numbering.counter_keys[num_id] = f"num:{num_id}"
                ilvl = int(override.get(W + "ilvl", "0"))
                lvl = override.find(W + "lvl")
                base = _level_of(lvl) if lvl is not None else levels.get(ilvl, _Level())
                start = override.find(W + "startOverride")
                if start is not None:
                    base = _Level(int(start.get(W + "val", "1")), base.fmt, base.text)
                levels[ilvl] = base
            numbering.levels[num_id] = levels
        return numbering

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The number Word shows for the next paragraph of list `num_id` at level `ilvl`."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return None
        level = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(self.counter_keys.get(num_id, num_id), [None] * 9)
        ilvl = min(max(ilvl, 0), 8)
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return None

        def render(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            value = counters[index] if 0 <= index < 9 else None
            if value is None:
                value = levels.get(index, _Level()).start
            fmt = levels.get(index, _Level()).fmt if index != ilvl else level.fmt
            return _format_number(value, fmt)

        return re.sub(r"%(\d)", render, level.text).strip()


def _level_of(lvl) -> _Level:
    start = lvl.find(W + "start")
    fmt = lvl.find(W + "numFmt")
    text = lvl.find(W + "lvlText")
    return _Level(
        int(start.get(W + "val", "1")) if start is not None else 1,
        fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
        text.get(W + "val", "") if text is not None else "",
    )


_RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("russianLower", "russianUpper"):
        letter = _RUSSIAN_LETTERS[(value - 1) % len(_RUSSIAN_LETTERS)]
        return letter.upper() if fmt == "russianUpper" else letter
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    parts = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
    parts += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for number, letters in parts:
        while value >= number:
            out += letters
            value -= number
    return out


# ---------------------------------------------------------------------------------------------------
# body


@dataclass
class _Table:
    index: int  # 1-based among the document's tables
    rows: list[TableRow]
    width: int


class _BodyReader:
    def __init__(self, document) -> None:
        self.styles = _Styles(document)
        self.numbering = _Numbering.of(document)
        self.blocks: list[DocParagraph | _Table] = []
        self.paragraph_count = 0
        self.table_count = 0

    # ---- text

    def _runs_text(self, element, parts: list[str], bold_flags: list[bool], paragraph_bold: bool | None) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "r":
                self._run(child, parts, bold_flags, paragraph_bold)
            else:
                self._runs_text(child, parts, bold_flags, paragraph_bold)

    def _run(self, run, parts: list[str], bold_flags: list[bool], paragraph_bold: bool | None) -> None:
        r_pr = run.find(W + "rPr")
        bold = None
        if r_pr is not None:
            bold = _on(r_pr.find(W + "b"))
            if bold is None:
                r_style = r_pr.find(W + "rStyle")
                if r_style is not None:
                    bold = self.styles.is_bold(r_style.get(W + "val"))
        if bold is None:
            bold = bool(paragraph_bold)
        text_parts = []
        for child in run:
            tag = child.tag
            if tag == W + "t":
                text_parts.append(child.text or "")
            elif tag == W + "tab":
                text_parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                text_parts.append("\n")
            elif tag == W + "noBreakHyphen":
                text_parts.append("-")
        text = "".join(text_parts)
        if text:
            parts.append(text)
            if text.strip():
                bold_flags.append(bold)

    def paragraph(self, p) -> tuple[str, bool, str | None]:
        """(text, all-bold, automatic number) of a w:p element."""
        p_pr = p.find(W + "pPr")
        style_id = None
        num = None
        if p_pr is not None:
            p_style = p_pr.find(W + "pStyle")
            style_id = p_style.get(W + "val") if p_style is not None else None
            num_pr = p_pr.find(W + "numPr")
            if num_pr is not None:
                num_id = num_pr.find(W + "numId")
                level = num_pr.find(W + "ilvl")
                if num_id is not None:
                    num = (num_id.get(W + "val"), int(level.get(W + "val", "0")) if level is not None else 0)
        style_id = style_id or self.styles.default_paragraph
        if num is None:
            num = self.styles.numbering(style_id)
        paragraph_bold = self.styles.is_bold(style_id)
        parts: list[str] = []
        bold_flags: list[bool] = []
        self._runs_text(p, parts, bold_flags, paragraph_bold)
        text = "".join(parts)
        label = None
        if num is not None:
            # Word numbers empty paragraphs too (an auto-numbered «№» cell has no text of its own)
            label = self.numbering.label(num[0], num[1])
        return text, bool(bold_flags) and all(bold_flags), label

    # ---- body

    def read(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                text, bold, label = self.paragraph(child)
                self.paragraph_count += 1
                if label and text.strip():
                    text = f"{label} {text.lstrip()}"
                self.blocks.append(DocParagraph(text, bold, bool(label), self.paragraph_count))
            elif tag == W + "tbl":
                self.blocks.append(self.table(child))
            elif tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    self.read(content)

    def table(self, tbl) -> _Table:
        self.table_count += 1
        sheet = f"Таблица {self.table_count}"
        rows: list[TableRow] = []
        above: dict[int, str] = {}  # text of the cell that starts a vertical merge, by grid column
        width = 0
        for number, tr in enumerate(_children(tbl, "tr"), start=1):
            cells: list[str] = []
            spanned: set[int] = set()
            down: set[int] = set()
            all_bold: list[bool] = []
            tr_pr = tr.find(W + "trPr")
            if tr_pr is not None:
                before = tr_pr.find(W + "gridBefore")
                if before is not None:
                    cells.extend([""] * int(before.get(W + "val", "0")))
            for tc in _children(tr, "tc"):
                tc_pr = tc.find(W + "tcPr")
                span = 1
                merge = None
                if tc_pr is not None:
                    grid_span = tc_pr.find(W + "gridSpan")
                    if grid_span is not None:
                        span = max(1, int(grid_span.get(W + "val", "1")))
                    v_merge = tc_pr.find(W + "vMerge")
                    if v_merge is not None:
                        merge = v_merge.get(W + "val", "continue")
                column = len(cells)
                if merge == "continue":
                    text = above.get(column, "")
                    down.update(range(column, column + span))
                else:
                    text, bold = self._cell_text(tc)
                    if text.strip():
                        all_bold.append(bold)
                    above[column] = text
                cells.append(text)
                for extra in range(1, span):
                    cells.append("")
                    spanned.add(column + extra)
            width = max(width, len(cells))
            bold_row = (all(all_bold) if all_bold else None)
            rows.append(TableRow(cells, bold_row, number, sheet, frozenset(spanned), frozenset(down)))
        return _Table(self.table_count, rows, width)

    def _cell_text(self, tc) -> tuple[str, bool]:
        texts: list[str] = []
        bolds: list[bool] = []
        for child in tc:
            if child.tag == W + "p":
                text, bold, label = self.paragraph(child)
                if label:
                    text = f"{label} {text.lstrip()}".strip()
                texts.append(text)
                if text.strip():
                    bolds.append(bold)
            elif child.tag == W + "tbl":
                nested = self.table(child)
                self.table_count -= 1  # nested tables are part of the cell, not tables of their own
                for row in nested.rows:
                    texts.append(" ".join(cell for cell in row.cells if cell))
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    text, bold = self._cell_text(content)
                    texts.append(text)
                    if text.strip():
                        bolds.append(bold)
        return "\n".join(texts), bool(bolds) and all(bolds)


def _children(element, name: str):
    """Direct children named w:`name`, looking through content controls (w:sdt) and w:customXml."""
    for child in element:
        tag = child.tag
        if tag == W + name:
            yield child
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, name)
        elif tag == W + "customXml":
            yield from _children(child, name)


# ---------------------------------------------------------------------------------------------------
# public


def _open(path: str | Path):
    path = Path(path)
    admit(path, WORD_DOCUMENT)
    import docx

    try:
        return path, docx.Document(str(path))
    except ImportFormatError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds of errors on damaged files
        log.info("python-docx cannot open %s: %r", path, error)
        raise _not_word(path) from error


def read_docx_body(path: str | Path) -> tuple[Path, list[DocParagraph | _Table]]:
    path, document = _open(path)
    reader = _BodyReader(document)
    try:
        reader.read(document.element.body)
    except Exception as error:
        log.info("cannot read the body of %s: %r", path, error)
        raise _not_word(path) from error
    return path, reader.blocks


def _plan_tables(blocks: list[DocParagraph | _Table]):
    """[(block index, table, columns, header index or None)] of the plan tables and their continuations."""
    plan = []
    previous_plan: tuple[_Table, dict] | None = None
    only_blank_since = False
    for position, block in enumerate(blocks):
        if isinstance(block, DocParagraph):
            if block.text.strip():
                only_blank_since = False
            continue
        found = find_header(block.rows, TABLE_HEADER_ROWS)
        if found is not None:
            header_index, columns = found
            plan.append((position, block, columns, header_index))
            previous_plan = (block, columns)
            only_blank_since = True
            continue
        if previous_plan is not None and only_blank_since and block.width == previous_plan[0].width:
            plan.append((position, block, previous_plan[1], None))
            only_blank_since = True
            continue
        previous_plan = None
    return plan


def _header_paragraphs(blocks: list[DocParagraph | _Table], stop: int) -> list[DocParagraph]:
    """Paragraphs (and the cells of layout tables) before block `stop`."""
    out: list[DocParagraph] = []
    for block in blocks[:stop]:
        if isinstance(block, DocParagraph):
            out.append(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    for line in cell.split("\n"):
                        out.append(DocParagraph(line, bool(row.bold)))
    return out


HEADING_LINES = 12  # a plan's heading (with «Приложение … к приказу … УТВЕРЖДЁН …» above it) is shorter


def _heading_above(blocks: list[DocParagraph | _Table], position: int) -> str:
    """The plan's heading right above its table: the paragraphs up to the first empty one (or the
    order's last clause, its signature: `title_above` stops there)."""
    lines: list[str] = []
    index = position - 1
    while index >= 0 and isinstance(blocks[index], DocParagraph) and not blocks[index].text.strip():
        index -= 1
    while index >= 0 and isinstance(blocks[index], DocParagraph) and blocks[index].text.strip():
        lines.insert(0, blocks[index].text)
        if len(lines) >= HEADING_LINES or is_order_line(blocks[index].text):
            break
        index -= 1
    return title_above(lines)


def read_roadmap_docx(path: str | Path, *, clauses: bool = False) -> ParsedRoadmap:
    """A roadmap from a Word order: its plan table(s) or, with `clauses` or without a table, its clauses."""
    path, blocks = read_docx_body(path)
    paragraphs = [block for block in blocks if isinstance(block, DocParagraph)]
    plan = _plan_tables(blocks)

    marker = find_clauses_start(paragraphs)
    if marker is not None:
        marker_block = blocks.index(paragraphs[marker[0]])
        header_stop = min(marker_block, plan[0][0]) if plan else marker_block
    else:
        header_stop = plan[0][0] if plan else len(blocks)
    order = read_order_info(_header_paragraphs(blocks, header_stop))

    if plan and not clauses:
        reader = PlanTableReader()
        for _, table, columns, header_index in plan:
            if header_index is None:
                reader.add_table(table.rows, columns)
            else:
                reader.add_table(table.rows[header_index + 1 :], columns, table.rows[header_index])
        sections = reader.finish()
        first_position, first_table, _, first_header = plan[0]
        title = ""
        if first_header:
            # a title row inside the table, above its header
            title = title_above(" ".join(c for c in row.cells if c) for row in first_table.rows[:first_header])
        title = title or _heading_above(blocks, first_position) or order.title or path.stem
        if any(section.measures for section in sections):
            order.wording = read_wording(paragraphs, order.title)
            return ParsedRoadmap(title, order, sections, reader.problems, "table")
        table_problems = reader.problems  # an empty plan table: the clauses may still be a plan
    else:
        table_problems = []

    sections, problems = read_order_clauses(paragraphs)
    if not any(section.measures for section in sections):
        if plan and not clauses:
            raise ImportFormatError(f"Таблица плана в документе «{path.name}» пуста: в ней нет ни одного мероприятия")
        if clauses:
            raise ImportFormatError(
                f"В документе «{path.name}» не найдены пункты приказа после «ПРИКАЗЫВАЮ:»"
            )
        raise ImportFormatError(
            f"В документе «{path.name}» не найдена таблица плана: {NEEDED_COLUMNS}, — "
            "и не найдены пункты приказа после «ПРИКАЗЫВАЮ:»"
        )
    if not plan and not has_plan_signs(sections):
        raise ImportFormatError(not_a_plan(f"Документ «{path.name}»", sections, paragraphs))
    if plan and not clauses:
        problems = table_problems + [
            Problem("Таблица плана пуста: прочитаны пункты приказа", severity="warning"),
            *problems,
        ]
    by_number = {m.number.rstrip("."): m for section in sections for m in section.measures if m.number}
    order.wording = read_wording(paragraphs, order.title, by_number)
    return ParsedRoadmap(order.title or path.stem, order, sections, problems, "clauses")

