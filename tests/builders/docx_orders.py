"""Real .docx orders (and .xlsx / pasted-text roadmaps) for the roadmap import tests.

    build_order_docx(path, [ "**ПРИКАЗ**", Para("1.", auto_number=0), Table([...]), … ])
    docx_from_example_text(txt_path, out_path)

The example orders in tests/data/orders/*.txt (copies of the published orders of ../shared/examples,
kept here so that the suite needs nothing outside the repository) are Word documents converted to
text; their conventions are turned back into Word:

* blank lines separate blocks; every line of a block is a paragraph, a line ending with two spaces
  continues the same paragraph after a line break;
* `**bold**` (it may open on one line and close on another line of the block) becomes bold runs,
  `*italic*` italic runs;
* consecutive tab-separated lines become one real Word table (a blank line ends it, so a table split
  across pages arrives as two tables, as it does from real documents); a row with a single bold cell
  becomes a merged section row; continuation rows (empty number cell) stay as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

EXAMPLE_ORDERS = Path(__file__).resolve().parents[1] / "data" / "orders"

_MARK_RE = re.compile(r"(\*\*|\*)")


@dataclass
class Para:
    """A paragraph. `text` may use **bold** / *italic* markup and "\\n" for a line break."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    # level (0 = «1.», 1 = «1.1.») of Word's automatic numbering; the number is not in the text
    auto_number: int | None = None
    # which automatic list the paragraph belongs to (a new id restarts the numbering at 1)
    list_id: int = 1
    style: str | None = None


@dataclass
class Table:
    """A Word table. Cells may use **bold** markup and "\\n" for separate paragraphs."""

    rows: list[list[str]]
    bold_rows: set[int] = field(default_factory=set)  # 0-based rows set in bold
    merged_rows: set[int] = field(default_factory=set)  # rows whose first cell is merged across the row
    # (row, column) cells continuing a vertical merge from the cell above (their text is ignored)
    merged_down: set[tuple[int, int]] = field(default_factory=set)
    # cells whose whole text is "#" get Word's automatic numbering (list `auto_list_id`) instead
    auto_list_id: int = 100


# ---------------------------------------------------------------------------------------------------
# markup


def _runs(text: str, bold: bool = False, italic: bool = False) -> tuple[list[tuple[str, bool, bool]], bool, bool]:
    """Runs (text, bold, italic) of `text` with ** and * toggling, and the state after it."""
    runs: list[tuple[str, bool, bool]] = []
    for piece in _MARK_RE.split(text):
        if piece == "**":
            bold = not bold
        elif piece == "*":
            italic = not italic
        elif piece:
            runs.append((piece, bold, italic))
    return runs, bold, italic


def _add_runs(paragraph, text: str, bold: bool, italic: bool) -> tuple[bool, bool]:
    lines = text.split("\n")
    for number, line in enumerate(lines):
        runs, bold, italic = _runs(line, bold, italic)
        for piece, piece_bold, piece_italic in runs:
            run = paragraph.add_run(piece)
            if piece_bold:
                run.bold = True
            if piece_italic:
                run.italic = True
        if number < len(lines) - 1:
            paragraph.add_run().add_break(WD_BREAK.LINE)
    return bold, italic


# ---------------------------------------------------------------------------------------------------
# automatic numbering


class _Lists:
    """A multilevel list definition «1.» / «1.1.» / «1.1.1.» and one w:num per list id."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        self.abstract_id: int | None = None
        self.nums: dict[int, int] = {}

    def _abstract(self) -> int:
        if self.abstract_id is None:
            ids = [int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))]
            self.abstract_id = max(ids, default=0) + 1
            abstract = OxmlElement("w:abstractNum")
            abstract.set(qn("w:abstractNumId"), str(self.abstract_id))
            multi = OxmlElement("w:multiLevelType")
            multi.set(qn("w:val"), "multilevel")
            abstract.append(multi)
            for level in range(3):
                lvl = OxmlElement("w:lvl")
                lvl.set(qn("w:ilvl"), str(level))
                for tag, value in (
                    ("w:start", "1"),
                    ("w:numFmt", "decimal"),
                    ("w:lvlText", ".".join(f"%{n}" for n in range(1, level + 2)) + "."),
                    ("w:lvlJc", "left"),
                ):
                    element = OxmlElement(tag)
                    element.set(qn("w:val"), value)
                    lvl.append(element)
                abstract.append(lvl)
            # abstractNum elements must come before the num elements
            first_num = self.numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                self.numbering.append(abstract)
        return self.abstract_id

    def num_id(self, list_id: int) -> int:
        if list_id not in self.nums:
            abstract = self._abstract()
            ids = [int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))]
            num_id = max(ids, default=0) + 1
            num = OxmlElement("w:num")
            num.set(qn("w:numId"), str(num_id))
            ref = OxmlElement("w:abstractNumId")
            ref.set(qn("w:val"), str(abstract))
            num.append(ref)
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), "0")
            start = OxmlElement("w:startOverride")
            start.set(qn("w:val"), "1")
            override.append(start)
            num.append(override)
            self.numbering.append(num)
            self.nums[list_id] = num_id
        return self.nums[list_id]

    def apply(self, paragraph, level: int, list_id: int) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), str(self.num_id(list_id)))
        num_pr.append(ilvl)
        num_pr.append(num_id)
        p_pr.append(num_pr)


# ---------------------------------------------------------------------------------------------------
# building


def _add_table(document, table: Table, lists: _Lists) -> None:
    width = max(len(row) for row in table.rows)
    word_table = document.add_table(rows=len(table.rows), cols=width)
    word_table.style = "Table Grid"
    for r, cells in enumerate(table.rows):
        row = word_table.rows[r]
        row_cells = row.cells
        if r in table.merged_rows:
            merged = row_cells[0].merge(row_cells[width - 1])
            _fill_cell(merged, cells[0] if cells else "", bold=r in table.bold_rows)
            continue
        for c in range(width):
            text = cells[c] if c < len(cells) else ""
            if (r, c) in table.merged_down:
                _mark_merged_down(row_cells[c], continue_=True)
                continue
            if any((r2, c) in table.merged_down for r2 in range(r + 1, r + 2)):
                _mark_merged_down(row_cells[c], continue_=False)
            if text == "#":
                lists.apply(row_cells[c].paragraphs[0], 0, table.auto_list_id)
                continue
            _fill_cell(row_cells[c], text, bold=r in table.bold_rows)


def _mark_merged_down(cell, *, continue_: bool) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    v_merge = OxmlElement("w:vMerge")
    if not continue_:
        v_merge.set(qn("w:val"), "restart")
    tc_pr.append(v_merge)


def _fill_cell(cell, text: str, *, bold: bool) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    state = (bold, False)
    for number, line in enumerate(lines):
        paragraph = first if number == 0 else cell.add_paragraph()
        state = _add_runs(paragraph, line, *state)
        state = (bold or state[0], state[1]) if bold else state


def build_order_docx(path: str | Path, paragraphs_and_tables: Iterable[str | Para | Table]) -> Path:
    """A .docx with the given paragraphs (str with markup, or Para) and tables, in order."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    lists = _Lists(document)
    for item in paragraphs_and_tables:
        if isinstance(item, Table):
            _add_table(document, item, lists)
            continue
        if isinstance(item, str):
            item = Para(item)
        paragraph = document.add_paragraph(style=item.style) if item.style else document.add_paragraph()
        if item.auto_number is not None:
            lists.apply(paragraph, item.auto_number, item.list_id)
        _add_runs(paragraph, item.text, item.bold, item.italic)
    path = Path(path)
    document.save(str(path))
    return path


def example_items(text: str) -> list[str | Para | Table]:
    """The paragraphs and tables of an example order text, following its conventions."""
    items: list[str | Para | Table] = []
    table_rows: list[list[str]] = []
    block: list[str] = []

    def flush_table() -> None:
        if not table_rows:
            return
        bold_rows = set()
        merged_rows = set()
        rows = []
        for r, cells in enumerate(table_rows):
            filled = [cell for cell in cells if cell.strip()]
            if len(filled) == 1 and re.fullmatch(r"\*\*.*\*\*", filled[0].strip(), re.DOTALL):
                merged_rows.add(r)
                bold_rows.add(r)
                rows.append([filled[0].strip()[2:-2]])
                continue
            if filled and all(re.fullmatch(r"\*\*.*\*\*", cell.strip(), re.DOTALL) for cell in filled):
                bold_rows.add(r)
                cells = [cell.strip()[2:-2] if cell.strip() else "" for cell in cells]
            rows.append(cells)
        items.append(Table(rows, bold_rows=bold_rows, merged_rows=merged_rows))
        table_rows.clear()

    def flush_block() -> None:
        if not block:
            return
        bold = italic = False
        pending = ""
        for line in block:
            if line.endswith("  "):
                pending += line.rstrip() + "\n"
                continue
            text = pending + line.rstrip()
            pending = ""
            items.append(_MarkupPara(text, bold, italic))
            _, bold, italic = _runs(text.replace("\n", " "), bold, italic)
        if pending:
            items.append(_MarkupPara(pending.rstrip("\n"), bold, italic))
        block.clear()

    started = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            flush_block()
            table_rows.append([cell.rstrip() for cell in line.split("\t")])
            started = True
        elif not line.strip():
            if table_rows or block:
                flush_table()
                flush_block()
                items.append(Para(""))
        else:
            flush_table()
            block.append(line)
            started = True
    flush_table()
    flush_block()
    while items and isinstance(items[-1], Para) and not items[-1].text:
        items.pop()
    return items if started else []


def _MarkupPara(text: str, bold: bool, italic: bool) -> Para:
    """A paragraph whose markup state (an open ** from a previous line) is carried in."""
    return Para(text, bold=bold, italic=italic)


def docx_from_example_text(txt_path: str | Path, out_path: str | Path) -> Path:
    """The example order `txt_path` as a real Word document at `out_path`."""
    text = Path(txt_path).read_text(encoding="utf-8")
    return build_order_docx(out_path, example_items(text))


# ---------------------------------------------------------------------------------------------------
# Excel and pasted text


def write_roadmap_xlsx(
    path: str | Path,
    rows: Sequence[Sequence[object]],
    *,
    title_rows: Sequence[str] = (),
    merged_rows: Iterable[int] = (),
    merged_ranges: Iterable[tuple[int, int, int, int]] = (),
    sheet: str = "План",
    extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
) -> Path:
    """An .xlsx with optional title lines, then `rows` (the header first); `merged_rows` are indexes
    into `rows` whose first cell is merged across the table width; `merged_ranges` are
    (first row, first column, last row, last column), 0-based into `rows`, for any other merge."""
    import openpyxl

    workbook = openpyxl.Workbook()
    if extra_sheets:
        for name, extra_rows in extra_sheets.items():
            extra = workbook.create_sheet(name, 0)
            for values in extra_rows:
                extra.append(list(values))
    worksheet = workbook["Sheet"]
    worksheet.title = sheet
    width = max(len(row) for row in rows)
    for title in title_rows:
        worksheet.append([title])
    offset = len(title_rows)
    merged = set(merged_rows)
    for index, values in enumerate(rows):
        worksheet.append(list(values))
        if index in merged:
            excel_row = offset + index + 1
            worksheet.merge_cells(start_row=excel_row, start_column=1, end_row=excel_row, end_column=width)
    for first_row, first_column, last_row, last_column in merged_ranges:
        worksheet.merge_cells(
            start_row=offset + first_row + 1,
            start_column=first_column + 1,
            end_row=offset + last_row + 1,
            end_column=last_column + 1,
        )
    if extra_sheets:
        workbook.active = workbook.sheetnames.index(sheet)
    path = Path(path)
    workbook.save(str(path))
    return path


def excel_clipboard_text(rows: Sequence[Sequence[object]]) -> str:
    """`rows` as Excel puts them on the clipboard: tabs, CRLF, cells with line breaks in quotes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    return buffer.getvalue()


def table_rows_from_example_text(text: str) -> list[list[str]]:
    """The rows of all tables of an example text, in order (for the xlsx / pasted-text comparisons)."""
    rows: list[list[str]] = []
    for item in example_items(text):
        if isinstance(item, Table):
            rows.extend(item.rows)
    return rows


# ---------------------------------------------------------------------------------------------------
# invented orders of the «Заречный муниципальный округ» (names, numbers and dates are made up)

ZARECHNY_LETTERHEAD = [
    Para("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nАДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА", bold=True),
    Para("ул. Лесная, 7, г. Заречный, 600000. тел. 8(000) 1-23-45"),
    "",
]

# The plan table of the «table» order: columns in another order (the deadline first), a merged
# section row, a bold section row without number, a numbered section row («3 | title | …» empty),
# a Roman section («IV.») with measures numbered from 1 again, a row of column numbers, a measure split
# across the two tables (the second repeats the header), a vertically merged «Ответственные» cell,
# an empty measure and an unknown column («Бюджет»).
ZARECHNY_HEADER = [
    "Срок\nпроведения",
    "№ п/п",
    "Содержание мероприятия",
    "Ответственные\nисполнители",
    "Категория участников",
    "Бюджет",
]
ZARECHNY_TABLE_1 = [
    ZARECHNY_HEADER,
    ["1", "2", "3", "4", "5", "6"],
    ["1. Нормативно-правовое обеспечение"],  # merged across the row
    ["до 15.09.2024", "1.1.", "Разработка муниципальной программы повышения качества образования", "Кравцова И.П.", "Специалисты УО", ""],
    ["Сентябрь 2024 г.", "1.2.", "Утверждение перечня школ с низкими образовательными результатами", "Белов С.Н.", "Руководители ОО", ""],
]
ZARECHNY_TABLE_2 = [
    ZARECHNY_HEADER,  # the header repeated on the next page
    ["", "", "по итогам ВПР и ОГЭ 2024 года", "", "", ""],  # continues 1.2
    ["", "", "Раздел 2. Методическое сопровождение", "", "", ""],  # bold row
    ["октябрь-декабрь", "2.1.", "Семинар «Объективность оценивания»", "МКУ «ЦРО» (Лаптева О.В.)", "Заместители директора по УВР", "0"],
    ["Ноябрь 2024 г.", "2.2.", "Стажировка учителей математики", "", "Учителя математики", ""],  # responsible merged down
    ["Январь 2025 г.", "2.3.", "", "Лаптева О.В.", "", ""],  # empty measure
    ["", "3", "Работа со школами с низкими результатами", "", "", ""],  # numbered section row
    ["В течение года", "3.1.", "Адресная помощь МКОУ «ООШ № 3 с. Ключи»", "Белов С.Н.", "Администрация ОО", ""],
    ["Ежеквартально", "3.2.", "Мониторинг выполнения программ перехода в эффективный режим", "Белов С.Н.", "", ""],
    ["", "IV.", "Информационное сопровождение", "", "", ""],
    ["Постоянно", "1", "Размещение материалов на сайте управления образования", "Кравцова И.П.", "", ""],
    ["Май 2025 г.", "2", "Публичный доклад о качестве образования", "Кравцова И.П.", "Общественность", ""],
]


def zarechny_table_order_items() -> list[str | Para | Table]:
    """An order (РАСПОРЯЖЕНИЕ) with the plan as an appendix table, split in two tables."""
    return [
        *ZARECHNY_LETTERHEAD,
        Para("РАСПОРЯЖЕНИЕ", bold=True),
        "",
        "14.02.2024 г. Заречный № 52-р",
        "",
        Para("Об утверждении дорожной карты по повышению качества", bold=True),
        Para("образования в Заречном муниципальном округе на 2024-2025 годы", bold=True),
        "",
        "В целях повышения качества образования в общеобразовательных организациях Заречного "
        "муниципального округа и реализации муниципальной программы развития образования:",
        "",
        "1. Утвердить дорожную карту по повышению качества образования (приложение).",
        "2. Контроль за исполнением настоящего распоряжения оставляю за собой.",
        "",
        "Начальник управления образования\t\tВ.В. Голубев",
        "",
        "Приложение к распоряжению от 14.02.2024 № 52-р",
        "",
        Para("ДОРОЖНАЯ КАРТА", bold=True),
        Para("по повышению качества образования в Заречном муниципальном округе", bold=True),
        Para("на 2024-2025 годы", bold=True),
        "",
        Table(ZARECHNY_TABLE_1, bold_rows={0, 2}, merged_rows={2}),
        "",
        Table(ZARECHNY_TABLE_2, bold_rows={0, 2}, merged_down={(4, 3)}),
    ]


def zarechny_clause_order_items() -> list[str | Para | Table]:
    """An order without a plan table: its clauses are the plan (typed numbers, «- 2.1.», «2.3 …»,
    deadlines in the text, a «Срок:» paragraph after several clauses, names in parentheses, a
    numbered list and bullets inside a clause)."""
    return [
        *ZARECHNY_LETTERHEAD,
        Para("П Р И К А З", bold=True),
        "",
        "«05» сентября 2023 г.\t\t\t№ 116-26-528",
        "п. Заречный",
        "",
        Para("О мерах по подготовке", bold=True),
        Para("к государственной итоговой аттестации в 2024 году", bold=True),
        "",
        "В целях качественной подготовки выпускников Заречного муниципального округа к государственной "
        "итоговой аттестации в 2024 году **п р и к а з ы в а ю:**",
        "",
        "1. Утвердить план подготовки к ГИА-2024 (приложение 1).",
        "2. Рекомендовать руководителям ОО:",
        "- 2.1. провести анализ результатов ГИА-2023, срок – до 20.09.2023;",
        "- 2.2. организовать консультации для выпускников – в срок до 01.05.2024г.",
        "2.3 обеспечить участие педагогов в региональных семинарах (апрель 2024)",
        "2.4. представить в управление образования отчёт о выполнении плана *в срок до 25.12.2023 г.*",
        "3. Управлению образования (Кравцова И.П., Белов С.Н.):",
        "3.1. провести мониторинг подготовки выпускников, срок - в течение 2023-2024 учебного года.",
        "3.2. организовать выездные проверки в ОО с низкими результатами;",
        "3.3. подготовить аналитическую справку по итогам проверок.",
        "Срок: до 8 июня 2024 г.",
        "4. МКУ «Центр развития образования» (Лаптева О.В.):",
        "4.1. Организовать методическое сопровождение школ с низкими результатами, в том числе:",
        "1. Анализ результатов ВПР;",
        "2. Диссеминацию лучших практик;",
        "- адресные консультации учителей.",
        "Срок – постоянно.",
        "4.2. Провести семинар для заместителей директоров по УВР (Сидоренко А.А.).",
        "5. Контроль за исполнением настоящего приказа оставляю за собой.",
        "",
        "Начальник управления образования\t\t\tВ.В. Голубев",
        "",
        "Исп. Лаптева О.В., 8(000) 1-23-46",
    ]


def zarechny_auto_numbered_items() -> list[str | Para | Table]:
    """An order whose clauses use Word's automatic numbering (numbers not in the text), with a
    second automatic list (1., 2.) inside a clause and «ОБЯЗЫВАЮ:»."""
    return [
        *ZARECHNY_LETTERHEAD,
        Para("ПРИКАЗ", bold=True),
        "",
        "от 02.10.2023 г. № 77-од",
        "",
        Para("Об организации муниципальных контрольных работ", bold=True),
        "",
        "На основании плана работы управления образования на 2023-2024 учебный год",
        "ОБЯЗЫВАЮ:",
        Para("Провести муниципальные контрольные работы по математике в 5-х классах (октябрь 2023).", auto_number=0),
        Para("Руководителям ОО:", auto_number=0),
        Para("обеспечить объективность проведения работ;", auto_number=1),
        Para("провести анализ результатов, включающий:", auto_number=1),
        Para("анализ типичных ошибок;", auto_number=0, list_id=2),
        Para("план коррекционной работы.", auto_number=0, list_id=2),
        Para("представить отчёты в управление образования.", auto_number=1),
        "Срок: до 10.11.2023",
        Para("Контроль за исполнением приказа возложить на заместителя начальника Белова С.Н.", auto_number=0),
        "",
        "Начальник управления образования\t\t\tВ.В. Голубев",
    ]


def roadmap_docx_rows(sections: int, measures_per_section: int) -> list[str | Para | Table]:
    """A big roadmap order for benchmarks: merged section rows and measures with every column."""
    rows: list[list[str]] = [["№", "Мероприятие", "Срок исполнения", "Категория участников", "Ответственные"]]
    merged = set()
    for s in range(1, sections + 1):
        merged.add(len(rows))
        rows.append([f"{s}. Раздел плана номер {s}: направление работы муниципальной системы оценки качества"])
        for m in range(1, measures_per_section + 1):
            rows.append(
                [
                    f"{s}.{m}.",
                    f"Мероприятие {s}.{m}: проведение семинара-практикума для педагогов по вопросам "
                    "объективности оценивания и анализа результатов оценочных процедур",
                    ["до 15 сентября 2024 г.", "Октябрь-декабрь 2024 г.", "В течение 2024-2025 уч. г.", "ежегодно"][m % 4],
                    "Заместители директора по УВР, учителя-предметники",
                    "Управление образования, МКУ «ЦРО»",
                ]
            )
    return [
        *ZARECHNY_LETTERHEAD,
        Para("ПРИКАЗ", bold=True),
        "01.09.2024 № 300",
        Para("Об утверждении плана мероприятий на 2024-2025 учебный год", bold=True),
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план мероприятий (приложение).",
        "2. Контроль за исполнением приказа оставляю за собой.",
        "",
        Para("План мероприятий на 2024-2025 учебный год", bold=True),
        Table(rows, bold_rows=set(merged), merged_rows=merged),
    ]
