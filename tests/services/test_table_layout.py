"""Tables as a careful typist sets them (documents/table_layout.py), checked on the printed PDF and DOCX.

Widths come from the content: an empty column is dropped, a column is as wide as its longest word,
the PDF and the DOCX use the same widths. Words break only at a hyphenation point of pyphen's Russian
dictionary, with a hyphen, or after a dash; numbers («2.10») and initials («Колесникова Е. В.») never
break; a tall row continues on the next page, a short one moves whole. PDF checks read the file back
with poppler, as a person sees it.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pyphen
import pytest
from docx import Document
from docx.oxml.ns import qn
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.demo import build_demo
from desktop.services.database import open_database
from desktop.services.documents import fonts, layout
from desktop.services.documents.docx_writer import render_order_docx
from desktop.services.documents.model import (
    Appendix,
    Clause,
    Letterhead,
    OrderDocument,
    Signature,
    Table,
    TableRow,
    deadline_cell,
    deadline_text,
    section_heading,
)
from desktop.services.documents.pdf import make_styles, render_order_pdf, table_flowable
from desktop.services.documents.table_layout import LineBreaker, layout_table, typeset
from desktop.services.orders import APPENDIX_HEADER, roadmap_order

TODAY = date(2026, 11, 23)
PAD = 2 * layout.CELL_PAD
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
DICTIONARY = pyphen.Pyphen(lang="ru_RU")
_LETTERS = re.compile(r"[а-яёА-ЯЁ]+")


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def order_with(table: Table) -> OrderDocument:
    return OrderDocument(
        letterhead=Letterhead("Управление образования", short_name_genitive="управления образования"),
        date=date(2026, 9, 1), number="57", title="Об утверждении плана",
        clauses=[Clause("Утвердить план (приложение № 1).")],
        signature=Signature("Начальник управления образования", "И. П. Смирнова"),
        appendices=[Appendix(1, "План мероприятий", [table])],
    )


@pytest.fixture(scope="module")
def demo_order():
    """The order «Об утверждении …» of the demo district's plan."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "demo.sqlite")
        build_demo(db, today=TODAY, with_results=False)
        order = roadmap_order(db, 1, "57", date(2026, 9, 1))
        db.close()
    return order


def plan_cells(order: OrderDocument) -> list[str]:
    """Every text of the order's appendix: heading, title, table header, sections and cells."""
    appendix = order.appendices[0]
    table = appendix.tables[0]
    texts = [*order.appendix_heading_lines(appendix), appendix.title or "", *table.header]
    for row in table.rows:
        texts += [row.section_text] if row.is_section else table.row_texts(row)
    return texts


def break_points(word: str) -> set[int]:
    """Where a typist may break `word`: pyphen's points in its runs of Russian letters, and after a
    hyphen or a dash typed in it. Worked out here from pyphen itself, not by the code under test."""
    points = {m.end() for m in re.finditer(r"[-–—/]", word) if m.end() < len(word)}
    for run in _LETTERS.finditer(word):
        points |= {run.start() + p for p in DICTIONARY.positions(run.group())}
    return points


def allowed_pieces(texts: list[str]) -> set[str]:
    """The words of `texts`, and every piece of them between two break points, each piece that ends at
    a break point with its hyphen («общеобразо-», «вательных», «сентябрь-»)."""
    allowed: set[str] = set()
    for text in texts:
        for word in text.split():  # no-break spaces too: pdftotext reads them as spaces
            points = sorted(break_points(word))
            starts, ends = [0, *points], [*points, len(word)]
            for a in starts:
                for b in ends:
                    if a < b:
                        piece = word[a:b]
                        allowed.add(piece if b == len(word) or piece.endswith(("-", "–", "—", "/"))
                                    else piece + "-")
    return allowed


def printed_words(pages: list[str]) -> list[str]:
    return [w for page in pages for line in page.splitlines() for w in line.split() if not w.isdigit()]


def pdf_words(path, first_page: int) -> list[str]:
    """The words poppler sees from `first_page` on (1-based), one by one: in very narrow columns
    `pdftotext -layout` squeezes «в 6 и» into «в6и» on its character grid."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(first_page), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    return [w for w in re.findall(r"<word [^>]*>([^<]+)</word>", boxes) if not w.isdigit()]


# --- widths ---------------------------------------------------------------------------------------


def test_an_empty_column_is_dropped_with_its_header_in_the_pdf_and_the_docx(tmp_path):
    rows = [TableRow.section("1. Раздел"),
            TableRow(["1.1.", "Провести семинар", "сентябрь 2026 г.", "", "МКУ «ИМЦ»"], marks={4: "low"}),
            TableRow(["1.2.", "Провести совещание", "октябрь 2026 г.", None, "Управление образования"])]
    table = Table(list(APPENDIX_HEADER), rows)
    laid = layout_table(table)
    assert laid.table.header == ["№ п/п", "Мероприятие", "Срок исполнения", "Ответственные"]
    assert laid.columns == [0, 1, 2, 4]
    assert laid.table.rows[1].marks == {3: "low"}  # the mark moves with its column
    assert laid.table.rows[0].is_section and laid.table.rows[0].section_text == "1. Раздел"
    assert sum(laid.widths) == pytest.approx(layout.PAGE.text_width)

    # a column with one value is kept
    rows[2].cells[3] = "Руководители ОО"
    assert layout_table(table).table.header == list(APPENDIX_HEADER)
    rows[2].cells[3] = ""

    render_order_docx(order_with(table), tmp_path / "plan.docx")
    docx_table = Document(str(tmp_path / "plan.docx")).tables[0]
    assert [c.text for c in docx_table.rows[0].cells] == laid.table.header
    if shutil.which("pdftotext"):
        render_order_pdf(order_with(table), tmp_path / "plan.pdf")
        printed = " ".join(pdf_pages(tmp_path / "plan.pdf"))
        assert "Ответственные" in printed and "Участники" not in printed


def test_a_table_with_no_data_rows_keeps_its_columns():
    table = Table(["А", "Б"], [TableRow.section("Раздел")])
    assert layout_table(table).table.header == ["А", "Б"]


def test_each_column_is_as_wide_as_its_longest_word_and_the_rest_goes_by_need():
    fonts.register_fonts()
    long_text = ("Организация работы с руководителями общеобразовательных организаций по вопросам "
                 "объективности проведения оценочных процедур и использования их результатов")
    table = Table(["№", "Мероприятие", "Срок", "Ответственные"], [
        TableRow([f"{n}.", long_text, "до 25.09.2026", "Колесникова Е. В."]) for n in range(1, 9)])
    laid = layout_table(table)
    number, measure, deadline, who = laid.widths
    assert deadline >= stringWidth("до\u00a025.09.2026", fonts.REGULAR, layout.TABLE_SIZE) + PAD
    assert who >= stringWidth("Колесникова\u00a0Е.\u00a0В.", fonts.REGULAR, layout.TABLE_SIZE) + PAD
    assert who >= stringWidth("Ответственные", fonts.BOLD, layout.TABLE_SIZE) + PAD  # the header's word
    assert measure >= stringWidth("общеобразовательных", fonts.REGULAR, layout.TABLE_SIZE) + PAD
    assert measure > 2 * max(number, deadline, who)  # the long texts take the room
    assert number < 12 * layout.MM


def test_the_demo_plans_tokens_all_fit_their_columns(demo_order):
    """At A4 portrait every word of the demo plan stays whole: no column is narrower than its
    longest word (with the no-break spaces: «Колесникова Е. В.», «до 25.09.2026»)."""
    fonts.register_fonts()
    table = demo_order.appendices[0].tables[0]
    laid = layout_table(table)
    for texts in [laid.table.header] + [laid.table.row_texts(r) for r in laid.table.rows if not r.is_section]:
        for text, width, face in zip(texts, laid.widths, [fonts.BOLD if texts is laid.table.header
                                                          else fonts.REGULAR] * len(texts), strict=True):
            for line in typeset(text).split("\n"):
                for token in line.split(" "):
                    for piece in re.split(r"(?<=[а-яё]-)(?=[а-яё])", token):  # compounds break at their hyphen
                        assert stringWidth(piece, face, layout.TABLE_SIZE) + PAD <= width + 0.01, (piece, width)


def test_the_pdf_and_the_docx_use_the_same_widths(tmp_path, demo_order):
    table = demo_order.appendices[0].tables[0]
    laid = layout_table(table)
    flowable = table_flowable(table, make_styles())
    assert flowable._argW == pytest.approx(laid.widths)
    render_order_docx(demo_order, tmp_path / "plan.docx")
    grid = Document(str(tmp_path / "plan.docx")).tables[-1]._tbl.tblGrid.findall(qn("w:gridCol"))
    assert [int(g.get(qn("w:w"))) for g in grid] == pytest.approx([w * 20 for w in laid.widths], abs=2)


# --- words, numbers and initials ------------------------------------------------------------------


@needs_poppler
def test_every_word_of_the_demo_appendix_is_whole_or_hyphenated_at_a_pyphen_point(tmp_path, demo_order):
    render_order_pdf(demo_order, tmp_path / "plan.pdf")
    pages = pdf_pages(tmp_path / "plan.pdf")
    start = next(i for i, page in enumerate(pages) if "Приложение № 1" in page)
    allowed = allowed_pieces(plan_cells(demo_order))
    wrong = [w for w in printed_words(pages[start:]) if w not in allowed]
    assert not wrong, wrong[:20]


@needs_poppler
def test_in_narrow_columns_words_break_at_pyphen_points_with_a_hyphen(tmp_path, monkeypatch, demo_order):
    """The demo plan on a page 90 mm wide: its longest words no longer fit, and they are hyphenated
    where the dictionary says, never cut mid-syllable."""
    monkeypatch.setattr(layout, "PAGE", dataclasses.replace(layout.PAGE, left_mm=60, right_mm=60))
    render_order_pdf(demo_order, tmp_path / "narrow.pdf")
    pages = pdf_pages(tmp_path / "narrow.pdf")
    start = next(i for i, page in enumerate(pages) if "Приложение № 1" in page)
    words = pdf_words(tmp_path / "narrow.pdf", start + 1)
    allowed = allowed_pieces(plan_cells(demo_order))
    wrong = [w for w in words if w not in allowed]
    assert not wrong, wrong[:20]
    hyphenated = [w for w in words if w.endswith("-") and w[-2:-1].isalpha()]
    assert len(hyphenated) >= 3, hyphenated  # the test sees hyphenation at work


def test_the_line_breaker_hyphenates_only_at_pyphen_points():
    breaker = LineBreaker(fonts.REGULAR, 12)
    word = "общеобразовательных"
    points = sorted(break_points(word))
    syllables = [word[a:b] + "-" for a, b in zip([0, *points[:-1]], points, strict=True)] + [word[points[-1]:]]
    for width in range(int(max(map(breaker.width, syllables))) + 1, int(breaker.width(word)) + 2, 3):
        lines = breaker.lines(word, width)
        assert "".join(line.removesuffix("-") for line in lines) == word
        position = 0
        for line in lines[:-1]:
            assert line.endswith("-"), lines
            position += len(line) - 1
            assert position in points, (lines, width)
        assert all(breaker.width(line) <= width for line in lines)
    assert breaker.lines("сентябрь-октябрь 2026 г.", breaker.width("сентябрь-ок"))[0] == "сентябрь-"


def test_a_word_with_no_break_point_is_cut_with_a_hyphen_too():
    breaker = LineBreaker(fonts.REGULAR, 12)
    lines = breaker.lines("ВПРВПРВПРВПРВПРВПРВПР", 40)  # capitals are not hyphenated
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines) == "ВПРВПРВПРВПРВПРВПРВПР"


@pytest.mark.parametrize(("text", "expected"), [
    ("Колесникова Е. В.", "Колесникова\u00a0Е.\u00a0В."),
    ("Управление образования, Колесникова Е. В.", "Управление образования, Колесникова\u00a0Е.\u00a0В."),
    ("Е. В. Колесникова", "Е.\u00a0В.\u00a0Колесникова"),
    ("Начальник Е. В. Колесникова", "Начальник Е.\u00a0В.\u00a0Колесникова"),
    ("приказ № 5", "приказ №\u00a05"),
    ("Срок до 25.09.2026", "Срок до\u00a025.09.2026"),
    ("до 15 сентября 2026 г.", "до\u00a015\u00a0сентября 2026\u00a0г."),
    ("в течение 2026-2027 уч. г.", "в течение 2026-2027\u00a0уч.\u00a0г."),
    ("МКОУ «СОШ с. Берёзовка»", "МКОУ «СОШ с.\u00a0Берёзовка»"),
    ("сентябрь 2026 г. Проведение", "сентябрь 2026\u00a0г. Проведение"),  # a year's «г.», not a town
    ("пункты 2.10 и 2.11", "пункты 2.10 и 2.11"),  # a number has no space to glue
])
def test_typeset_glues_what_a_typist_never_parts(text, expected):
    assert typeset(text) == expected
    assert typeset(expected) == expected  # idempotent


def test_numbers_and_initials_are_never_split_by_the_line_breaker():
    breaker = LineBreaker(fonts.REGULAR, 12)
    text = "Управление образования, Колесникова Е. В., Е. В. Петрова; пункты 2.10 и 12.10, № 5"
    widest = breaker.width("Колесникова\u00a0Е.\u00a0В.,")
    for width in range(50, 260, 4):
        lines = breaker.lines(text, width)
        assert sum(line.count("2.10") for line in lines) == 2, (width, lines)
        assert sum(line.count("Е.\u00a0В.") for line in lines) == 2, (width, lines)  # initials together
        assert any("№\u00a05" in line for line in lines)
        if width >= widest:  # and with the surname wherever it fits
            assert any("Колесникова\u00a0Е.\u00a0В." in line for line in lines), (width, lines)
            assert any("Е.\u00a0В.\u00a0Петрова" in line for line in lines), (width, lines)


@needs_poppler
def test_numbers_and_initials_stay_on_one_line_in_the_pdf(tmp_path):
    rows = [TableRow.section("2. Анализ результатов")]
    rows += [TableRow([f"2.{n}.", f"Мероприятие 2.{n} по плану", "до 25.09.2026",
                       "Управление образования, Колесникова Е. В." if n % 2 else "Е. В. Колесникова, МКУ «ИМЦ»"])
             for n in range(1, 13)]
    table = Table(["№ п/п", "Мероприятие", "Срок", "Ответственные"], rows)
    render_order_pdf(order_with(table), tmp_path / "plan.pdf")
    lines = [line for page in pdf_pages(tmp_path / "plan.pdf") for line in page.splitlines()]
    for n in range(1, 13):
        assert sum(f"2.{n}." in line.split() for line in lines) == 1, n  # the number column
        assert any(f"Мероприятие 2.{n} " in line or line.rstrip().endswith(f"Мероприятие 2.{n}")
                   for line in lines), n
    surname = [line for line in lines if "Колесникова" in line]
    assert len(surname) == 12
    assert all("Колесникова Е. В." in line or "Е. В. Колесникова" in line for line in surname), surname
    assert sum("до 25.09.2026" in line for line in lines) == 12


# --- «Срок:» and section rows --------------------------------------------------------------------


def test_the_deadline_column_says_no_srok_and_a_clause_says_it_once(demo_order):
    assert deadline_cell("Срок: до 25.09.2026") == "до 25.09.2026"
    assert deadline_cell("Сроки исполнения: октябрь 2026 г.") == "октябрь 2026 г."
    assert deadline_cell("сроком до 1 июня") == "сроком до 1 июня"  # a word, not the prefix
    assert deadline_text(Clause("Сделать.", deadline="Срок: до 25.09.2026")) == "Срок: до 25.09.2026"
    assert deadline_text(Clause("Сделать.", deadline="Срок: ")) is None
    table = demo_order.appendices[0].tables[0]
    deadlines = [table.row_texts(r)[2] for r in table.rows if not r.is_section]
    assert "до 25.09.2026" in deadlines  # the demo's «Срок: до 25.09.2026»
    assert not [d for d in deadlines if d.lower().startswith("срок")]


def test_section_rows_keep_the_period_after_their_number(demo_order):
    assert section_heading("1", "Формирование муниципальной системы") == "1. Формирование муниципальной системы"
    assert section_heading("II", "Работа") == "II. Работа"
    assert section_heading("1.", "Работа") == "1. Работа" and section_heading("1)", "Работа") == "1) Работа"
    sections = [r.section_text for r in demo_order.appendices[0].tables[0].rows if r.is_section]
    assert sections[0] == "1. Нормативное и организационное обеспечение"
    assert all(re.match(r"\d+\. \S", s) for s in sections), sections


# --- rows across pages ----------------------------------------------------------------------------


@needs_poppler
def test_a_tall_row_continues_on_the_next_page_and_a_short_one_moves_whole(tmp_path):
    """Rows of 12 lines among one-line rows land at every height of the page; each either stands on
    one page or is split with at least two lines on each side, under the repeated header; rows of
    3 lines are never split."""
    rows, tall, short = [], [], []
    for n in range(1, 140):
        if n % 9 == 0:
            tall.append([f"Т{n:03d}с{j:02d}" for j in range(1, 13)])
            rows.append(TableRow([f"{n}.", "\n".join(tall[-1]), "в течение года", "МКУ «ИМЦ»"]))
        elif n % 9 == 4:
            short.append([f"К{n:03d}с{j}" for j in range(1, 4)])
            rows.append(TableRow([f"{n}.", "\n".join(short[-1]), "октябрь", "МКУ «ИМЦ»"]))
        else:
            rows.append(TableRow([f"{n}.", f"Мероприятие {n}", "сентябрь", "Руководители ОО"]))
    render_order_pdf(order_with(Table(["№ п/п", "Мероприятие", "Срок", "Ответственные"], rows)),
                     tmp_path / "rows.pdf")
    pages = pdf_pages(tmp_path / "rows.pdf")
    page_of = {w: i for i, page in enumerate(pages) for w in page.split()}
    split = 0
    for lines in tall:
        where = [page_of[w] for w in lines]
        assert where == sorted(where) and where[-1] - where[0] <= 1, where
        if where[0] != where[-1]:
            split += 1
            first = where.count(where[0])
            assert 2 <= first <= 10, where  # at least two lines stay, at least two go on
            continued = pages[where[-1]]
            assert continued.index("Мероприятие") < continued.index(lines[first])  # under the header
    assert split >= 2, "no tall row fell across a page break"
    for lines in short:
        assert len({page_of[w] for w in lines}) == 1, lines

    # Word: the same rows may break (w:cantSplit only on the others)
    render_order_docx(order_with(Table(["№ п/п", "Мероприятие", "Срок", "Ответственные"], rows)),
                      tmp_path / "rows.docx")
    docx_rows = Document(str(tmp_path / "rows.docx")).tables[-1].rows[1:]
    whole = [r._tr.trPr.find(qn("w:cantSplit")) is not None for r in docx_rows]
    assert whole == [n % 9 != 0 for n in range(1, 140)]


# --- DOCX: Word hyphenates the table cells --------------------------------------------------------


def test_docx_turns_on_hyphenation_for_table_cells_in_russian(tmp_path, demo_order):
    path = tmp_path / "plan.docx"
    render_order_docx(demo_order, path)
    with zipfile.ZipFile(path) as docx:
        settings = docx.read("word/settings.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    assert "<w:autoHyphenation/>" in settings
    assert re.search(r'<w:hyphenationZone w:val="\d+"/>', settings) and "<w:doNotHyphenateCaps/>" in settings
    assert 'w:lang w:val="ru-RU"' in styles and 'w:val="en-US"' not in styles
    document = Document(str(path))

    def suppressed(name: str) -> str | None:
        el = document.styles[name].element.pPr.find(qn("w:suppressAutoHyphens"))
        return None if el is None else el.get(qn("w:val"), "1")

    normal_lang = document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val"))
    assert normal_lang == "ru-RU"
    assert suppressed("Normal") == "1"  # running text is not hyphenated, as in the PDF
    assert suppressed("Table Text") == "0"  # table cells are (the header and sections are based on it)
    assert document.styles["Table Header"].base_style.name == "Table Text"
    cells = [c.text for row in document.tables[-1].rows for c in row.cells]
    assert "Управление образования, Колесникова\u00a0Е.\u00a0В." in cells  # the same no-break spaces
    assert "до\u00a025.09.2026" in cells


def test_a_break_typed_in_a_header_is_an_optional_hyphen(tmp_path):
    """«Участ-\\nников», typed for a column once too narrow: the word stays whole where it fits, and
    Word gets an optional hyphen there."""
    table = Table(["Школа", "Участ-\nников"], [TableRow(["МБОУ «Лицей № 3»", 62])], formats=["text", "int"])
    render_order_docx(order_with(table), tmp_path / "plan.docx")
    header = Document(str(tmp_path / "plan.docx")).tables[-1].rows[0].cells[1]
    assert header.text == "Участников" and "<w:softHyphen/>" in header._tc.xml
    if shutil.which("pdftotext"):
        render_order_pdf(order_with(table), tmp_path / "plan.pdf")
        assert "Участников" in pdf_pages(tmp_path / "plan.pdf")[-1].split()
    breaker = LineBreaker(fonts.BOLD, 12)
    assert breaker.lines("Участ-\nников", breaker.width("Участни")) == ["Участ-", "ников"]
