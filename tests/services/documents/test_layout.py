"""One page layout for orders and reports: both renderers draw the same blocks and take every measure
and style from `layout`.

Changing a style or the page in `layout` (monkeypatched) changes the PDF and the DOCX alike; the texts
of `order_blocks` / `report_blocks` are the DOCX's paragraphs exactly and appear in the PDF's text in
the same order; the executor stands at the foot of the order's last page, on the left and small, in
both formats.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.services.documents import layout
from desktop.services.documents.blocks import Gap, Legend, Line, TableBlock, Text, order_blocks, report_blocks
from desktop.services.documents.docx_writer import STYLE_NAMES, render_order_docx
from desktop.services.documents.model import TableRow, clean_text
from desktop.services.documents.pdf import render_order_pdf
from desktop.services.documents.report_docx import render_report_docx
from desktop.services.documents.report_model import Chart, Heading, Paragraph, ReportDocument, ReportTable, Series
from desktop.services.documents.report_pdf import render_report_pdf
from tests.services.documents.test_order_render import assert_in_order, flat, sample_order

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(path, page: int | None = None) -> list[tuple[float, float, float, float, str]]:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-bbox", *pages, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [(float(x0), float(y0), float(x1), float(y1), word) for x0, y0, x1, y1, word in _WORD.findall(out)]


def pdf_text(path, *options: str) -> str:
    return flat(subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True,
                               check=True).stdout)


def word_height(path, word: str) -> float:
    return next(y1 - y0 for _x0, y0, _x1, y1, w in pdf_words(path) if w == word)


def body_texts(document) -> list[str]:
    """The DOCX's body paragraphs (not table cells), empty ones left out, no-break spaces as spaces."""
    return [p.text.replace("\u00a0", " ") for p in document.paragraphs if p.text]


def block_texts(blocks) -> list[str]:
    """The texts the blocks put in paragraphs, in order: a line's two texts at a tab, as Word holds them."""
    return [clean_text(b.text) if isinstance(b, Text) else f"{b.left}\t{b.right}"
            for b in blocks if isinstance(b, Text | Line)]


def sample_report() -> ReportDocument:
    table = ReportTable(["Школа", "Качество, %"], [TableRow(["МКОУ «СОШ № 1»", 0.31], marks={1: "low"}),
                                                  TableRow(["МКОУ «СОШ № 2»", 0.62])],
                        [3, 1], ["text", "percent"], caption="Таблица 1. Качество по школам",
                        summary="Качество ниже порога в одной школе из двух.",
                        legend=[("low", "ниже порога 40%")])
    chart = Chart("grouped", "Качество обучения, %", ["СОШ № 1", "СОШ № 2"], [Series("2026", [31.0, 62.0])],
                  unit="%")
    return ReportDocument(title="Аналитический отчёт о результатах ВПР 2026 года", office="Управление образования",
                          date_line="Сформирован 23.11.2026",
                          blocks=[Heading("1. Общие итоги"), Paragraph("Работы писали две школы."), table,
                                  Heading("Математика, 5 класс", level=2), chart, Paragraph("Конец отчёта.")])


# --- the layout itself -------------------------------------------------------------------------


def test_the_page_is_reportlabs_a4_with_the_gost_margins():
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    assert layout.MM == mm and layout.PAGE.size == A4  # to the last bit: the same line breaks as before
    assert layout.PAGE.margins_mm == {"top": 20, "bottom": 20, "left": 30, "right": 20}
    assert layout.PAGE.text_width_mm == 160 and layout.PAGE.text_width == A4[0] - 50 * mm


def test_a_style_takes_what_it_leaves_open_from_its_bases():
    deadline = layout.style("deadline")  # based on «clause»: justified, indented, but no space before
    assert (deadline.align, deadline.first_line_indent, deadline.space_before, deadline.size) == (
        "justify", layout.INDENT_MM, 0, layout.BODY_SIZE)
    assert layout.STYLES["deadline"].align is None  # …which the DOCX leaves to «Order Clause»
    header = layout.style("table_header")
    assert (header.size, header.bold, header.align) == (layout.TABLE_SIZE, True, "centre")
    executor = layout.style("executor")
    assert executor.at_page_foot and executor.size < layout.BODY_SIZE and executor.align == "left"
    assert set(STYLE_NAMES) == {k for k, s in layout.STYLES.items() if k != "normal" and not s.report}


# --- both renderers take their look from the table --------------------------------------------


@needs_poppler
def test_a_changed_style_changes_the_pdf_and_the_docx(tmp_path, monkeypatch):
    order = sample_order(measures=5)
    render_order_pdf(order, tmp_path / "before.pdf")
    clause = layout.STYLES["clause"]
    monkeypatch.setitem(layout.STYLES, "clause", dataclasses.replace(clause, size=20, space_after=9))
    render_order_pdf(order, tmp_path / "after.pdf")
    render_order_docx(order, tmp_path / "after.docx")

    for word in ("Утвердить", "Срок:"):  # a clause, and a deadline (based on the clause style)
        ratio = word_height(tmp_path / "after.pdf", word) / word_height(tmp_path / "before.pdf", word)
        assert ratio == pytest.approx(20 / 14, rel=0.02), word
    assert word_height(tmp_path / "after.pdf", "ПРИКАЗЫВАЮ:") == word_height(tmp_path / "before.pdf", "ПРИКАЗЫВАЮ:")

    styles = Document(str(tmp_path / "after.docx")).styles
    assert styles[STYLE_NAMES["clause"]].font.size.pt == 20
    assert styles[STYLE_NAMES["clause"]].paragraph_format.space_after.pt == 9
    assert styles[STYLE_NAMES["deadline"]].font.size is None  # inherited from «Order Clause», as in the PDF
    assert styles[STYLE_NAMES["deadline"]].base_style.name == STYLE_NAMES["clause"]


@needs_poppler
def test_a_changed_page_changes_the_pdf_and_the_docx(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "PAGE", dataclasses.replace(layout.PAGE, left_mm=40, top_mm=30))
    order = sample_order(measures=20)
    render_order_pdf(order, tmp_path / "page.pdf")
    render_order_docx(order, tmp_path / "page.docx")

    words = pdf_words(tmp_path / "page.pdf")
    assert min(x0 for x0, *_ in words) == pytest.approx(40 * layout.MM, abs=1)
    assert min(y0 for _x0, y0, _x1, _y1, w in words if not w.isdigit()) >= 30 * layout.MM - 1  # not page numbers
    table_right = max(x1 for _x0, _y0, x1, _y1, w in pdf_words(tmp_path / "page.pdf", 3))
    assert table_right <= (210 - 20) * layout.MM + 1

    document = Document(str(tmp_path / "page.docx"))
    section = document.sections[0]
    assert round(section.left_margin.mm, 1) == 40 and round(section.top_margin.mm, 1) == 30
    width = document.tables[0]._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))
    assert int(width) == round(150 * 1440 / 25.4)  # the text width: 210 − 40 − 20 mm
    signature = document.styles[STYLE_NAMES["signature"]].paragraph_format.tab_stops[0]
    assert round(signature.position.mm) == 150  # the name at the right margin


# --- both renderers draw the same blocks -------------------------------------------------------


@needs_poppler
def test_an_orders_blocks_are_what_both_renderers_draw(tmp_path):
    order = sample_order(measures=10)
    order.appendices[0].paragraphs = ["Дорожная карта исполняется всеми организациями."]
    blocks = order_blocks(order)
    texts = block_texts(blocks)
    assert texts[0].startswith("Управление образования") and texts[-1] == order.appendices[0].paragraphs[0]
    render_order_pdf(order, tmp_path / "order.pdf")
    render_order_docx(order, tmp_path / "order.docx")

    document = Document(str(tmp_path / "order.docx"))
    assert body_texts(document) == texts
    assert len(document.tables) == sum(isinstance(b, TableBlock) for b in blocks) == 1
    assert [c.text for c in document.tables[0].rows[0].cells] == order.appendices[0].tables[0].header

    text = pdf_text(tmp_path / "order.pdf", "-layout")  # as printed: a line's two texts on one line
    assert_in_order(text, [flat(t) for t in texts] + ["Наименование мероприятия", "Мероприятие 10:"])


@needs_poppler
def test_a_reports_blocks_are_what_both_renderers_draw(tmp_path):
    report = sample_report()
    blocks = report_blocks(report)
    assert [type(b).__name__ for b in blocks] == ["Text", "Text", "Text", "Text", "Text", "Text", "Text",
                                                  "TableBlock", "Legend", "Text", "Chart", "Text"]
    render_report_pdf(report, tmp_path / "report.pdf")
    render_report_docx(report, tmp_path / "report.docx")

    document = Document(str(tmp_path / "report.docx"))
    texts = block_texts(blocks)
    assert body_texts(document) == texts
    styles = [p.style.name for p in document.paragraphs if p.text]
    assert styles == [layout.STYLES[b.style].name for b in blocks if isinstance(b, Text)]
    legend = next(b for b in blocks if isinstance(b, Legend))
    assert [row.cells[1].text for row in document.tables[1].rows] == [text for _mark, text in legend.entries]
    assert len(document.inline_shapes) == 1  # the chart, as a picture

    text = pdf_text(tmp_path / "report.pdf")
    assert_in_order(text, texts[:7] + ["Школа", "МКОУ «СОШ № 2»", "ниже порога 40%"] + texts[7:])


# --- the executor: at the foot of the order's last page, on the left, small -------------------


def test_docx_frames_the_executor_at_the_foot_of_the_signatures_page(tmp_path):
    render_order_docx(sample_order(measures=5), tmp_path / "order.docx")
    document = Document(str(tmp_path / "order.docx"))
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == STYLE_NAMES["executor"])
    executor, anchor, heading = paragraphs[at], paragraphs[at + 1], paragraphs[at + 2]
    frame = executor._p.pPr.find(qn("w:framePr"))
    assert {k.split("}")[1]: v for k, v in frame.attrib.items() if k.split("}")[1] != "w"} == {
        "wrap": "notBeside", "vAnchor": "margin", "hAnchor": "margin", "xAlign": "left", "yAlign": "bottom"}
    assert executor.style.font.size.pt == layout.SMALL_SIZE
    # the frame's anchor, still on the signature's page: the appendix starts the next one
    assert anchor.text == "" and anchor.paragraph_format.page_break_before is None
    assert heading.style.name == STYLE_NAMES["appendix_heading"] and heading.paragraph_format.page_break_before
    assert paragraphs[at - 1].style.name == STYLE_NAMES["signature"]
    assert paragraphs[at - 1].paragraph_format.keep_with_next and executor.paragraph_format.keep_with_next


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler-utils not installed")
def test_both_formats_print_the_executor_at_the_foot_of_the_last_order_page(tmp_path):
    order = sample_order(measures=5)
    render_order_pdf(order, tmp_path / "order.pdf")
    render_order_docx(order, tmp_path / "order.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "word"), str(tmp_path / "order.docx")],
                   capture_output=True, check=True, timeout=180)
    bottom = (297 - 20) * layout.MM
    for pdf in (tmp_path / "order.pdf", tmp_path / "word" / "order.pdf"):
        pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        page = next(i for i, p in enumerate(pages, start=1) if "Смирнова" in p)
        words = {w: (x0, y1) for x0, _y0, _x1, y1, w in pdf_words(pdf, page)}
        assert "2-11-23" in words, pdf  # on the signature's page, not the appendix's
        assert words["2-11-23"][1] == pytest.approx(bottom, abs=3), pdf  # on the bottom margin
        assert words["Кузнецова"][0] == pytest.approx(30 * layout.MM, abs=1), pdf  # at the left margin
        assert words["2-11-23"][1] - words["Смирнова"][1] > 100, pdf


def test_a_monkeypatched_table_reaches_the_report_renderers_too(tmp_path, monkeypatch):
    monkeypatch.setitem(layout.STYLES, "h1", dataclasses.replace(layout.STYLES["h1"], size=18))
    render_report_docx(sample_report(), tmp_path / "report.docx")
    assert Document(str(tmp_path / "report.docx")).styles["Heading 1"].font.size.pt == 18
    from desktop.services.documents.pdf import make_styles

    assert make_styles()["h1"].fontSize == 18 and make_styles()["h1"].leading == 18 * layout.LEADING


def test_without_a_control_clause_the_last_clause_keeps_with_the_signature():
    order = sample_order(measures=5)
    order.control_clause = ""
    order.operative_word = ""
    order.appendices[0].title = None
    blocks = order_blocks(order)
    signature = next(i for i, b in enumerate(blocks) if isinstance(b, Line) and b.style == "signature")
    assert blocks[signature - 1].style == "deadline" and blocks[signature - 1].keep_with_next
    assert blocks[signature - 2].style == "clause" and blocks[signature - 2].keep_with_next
    assert blocks[signature].keep_with_next and blocks[signature + 1].style == "executor"
    assert not any(isinstance(b, Text) and b.style == "operative" for b in blocks)
    heading = next(i for i, b in enumerate(blocks) if isinstance(b, Text) and b.style == "appendix_heading")
    assert isinstance(blocks[heading + 1], Gap) and blocks[heading + 1].points == layout.UNTITLED_APPENDIX_GAP
