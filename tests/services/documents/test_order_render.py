"""A sample order rendered to PDF and DOCX and read back: every part is there, in order, as specified.

PDF checks read the file with poppler (pdftotext -layout, pdffonts, pdfinfo), the way a person or
a printer sees it; DOCX checks read it back with python-docx and look at the Word XML itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.errors import UserError
from desktop.services.documents.docx_writer import STYLE_NAMES, render_order_docx
from desktop.services.documents.model import (
    Appendix,
    Clause,
    Executor,
    Letterhead,
    OrderDocument,
    Signature,
    Table,
    TableRow,
)
from desktop.services.documents.pdf import render_order_pdf
from desktop.services.documents.table_layout import MIN_SPLIT_LINES, layout_table

HEADER = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители"]
SECTIONS = [
    "Раздел 1. Нормативно-правовое обеспечение",
    "Раздел 2. Организационно-методическая работа",
    "Раздел 3. Работа с педагогическими кадрами",
    "Раздел 4. Контроль и анализ результатов",
    "Раздел 5. Информационное сопровождение",
]
# Clause numbers and the start of their text, in reading order.
EXPECTED_CLAUSES = [
    ("1.", "Утвердить дорожную карту"),
    ("2.", "Муниципальному казённому учреждению"),
    ("2.1.", "Довести дорожную карту"),
    ("2.2.", "Организовать методическое сопровождение"),
    ("3.", "Руководителям общеобразовательных организаций"),
    ("3.1.", "Обеспечить выполнение мероприятий"),
    ("3.2.", "Разработать школьные планы"),
    ("3.2.1.", "Разместить планы на официальных сайтах"),
    ("4.", "Контроль за исполнением настоящего приказа"),
]


def plan_table(measures: int = 150) -> Table:
    rows: list[TableRow] = []
    per_section = measures // len(SECTIONS)
    n = 0
    for section in SECTIONS:
        rows.append(TableRow.section(section))
        for _ in range(per_section):
            n += 1
            extra = (
                " с учётом анализа результатов оценочных процедур и выявленных предметных дефицитов"
                if n % 3 == 0
                else ""
            )
            rows.append(
                TableRow(
                    [
                        f"{n}.",
                        f"Мероприятие {n}: семинар для заместителей директоров по УВР{extra}",
                        "сентябрь 2026 г." if n % 2 else "в течение 2026-2027 учебного года",
                        "МКУ «ИМЦ», руководители ОО",
                    ]
                )
            )
    return Table(list(HEADER), rows, [0.6, 4, 1.6, 2])


def sample_order(measures: int = 150) -> OrderDocument:
    return OrderDocument(
        letterhead=Letterhead(
            "Управление образования администрации Заречного муниципального округа",
            "ул. Школьная, д. 1, с. Заречное, 600000, тел. 8 (49200) 2-11-22",
            short_name_genitive="управления образования",
        ),
        kind="ПРИКАЗ",
        date=date(2026, 9, 1),
        number="57",
        place="с. Заречное",
        title=(
            "Об утверждении дорожной карты по обеспечению объективности оценочных процедур "
            "в общеобразовательных организациях Заречного муниципального округа "
            "на 2026-2027 учебный год"
        ),
        preamble=(
            "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании "
            "в Российской Федерации», в целях обеспечения объективности проведения оценочных "
            "процедур и повышения качества образования в общеобразовательных организациях "
            "Заречного муниципального округа"
        ),
        clauses=[
            Clause(
                "Утвердить дорожную карту по обеспечению объективности оценочных процедур "
                "на 2026-2027 учебный год (приложение № 1)."
            ),
            Clause(
                "Муниципальному казённому учреждению «Информационно-методический центр»:",
                responsible="Петрова А. А.",
                children=[
                    Clause(
                        "Довести дорожную карту до сведения руководителей общеобразовательных "
                        "организаций.",
                        deadline="до 10.09.2026",
                    ),
                    Clause(
                        "Организовать методическое сопровождение реализации дорожной карты.",
                        deadline="в течение 2026-2027 учебного года",
                    ),
                ],
            ),
            Clause(
                "Руководителям общеобразовательных организаций:",
                children=[
                    Clause(
                        "Обеспечить выполнение мероприятий дорожной карты.",
                        deadline="в течение 2026-2027 учебного года",
                    ),
                    Clause(
                        "Разработать школьные планы мероприятий по повышению объективности "
                        "оценивания.",
                        deadline="до 30.09.2026",
                        children=[
                            Clause("Разместить планы на официальных сайтах.", deadline="до 05.10.2026")
                        ],
                    ),
                ],
            ),
        ],
        signature=Signature("Начальник управления образования", "И. П. Смирнова"),
        executor=Executor("Кузнецова Ольга Викторовна", "8 (49200) 2-11-23"),
        appendices=[
            Appendix(
                1,
                "Дорожная карта по обеспечению объективности оценочных процедур "
                "в общеобразовательных организациях Заречного муниципального округа "
                "на 2026-2027 учебный год",
                [plan_table(measures)],
            )
        ],
    )


def flat(text: str) -> str:
    """Whitespace collapsed: justified and centred lines read as plain text."""
    return " ".join(text.split())


def plain(text: str) -> str:
    """Text read back from a DOCX with its no-break spaces («№ 57», «Петрова А. А.») as spaces."""
    return text.replace("\u00a0", " ")


def assert_in_order(text: str, parts: list[str]) -> None:
    position = -1
    for part in parts:
        found = text.find(part, position + 1)
        assert found > position, f"{part!r} missing or out of order"
        position = found


# --- PDF -------------------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo")),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo) not installed",
)


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "приказ 57.pdf"
    render_order_pdf(sample_order(), path)
    return path


@pytest.fixture(scope="module")
def pdf_pages(pdf_file) -> list[str]:
    pages = run("pdftotext", "-layout", str(pdf_file), "-").split("\f")
    return [p for p in pages if p.strip()]


@pytest.fixture(scope="module")
def appendix_start(pdf_pages) -> int:
    """Index of the first appendix page."""
    return next(i for i, page in enumerate(pdf_pages) if "Приложение № 1" in page)


@needs_poppler
def test_pdf_order_text_in_order(pdf_pages, appendix_start):
    order_text = flat("\n".join(pdf_pages[:appendix_start]))
    assert_in_order(
        order_text,
        [
            "Управление образования администрации Заречного муниципального округа",
            "ул. Школьная, д. 1, с. Заречное",
            "ПРИКАЗ",
            "01.09.2026",
            "№ 57",
            "с. Заречное",
            "Об утверждении дорожной карты по обеспечению объективности",
            "В соответствии с Федеральным законом",
            "ПРИКАЗЫВАЮ:",
        ]
        + [f"{number} {start}" for number, start in EXPECTED_CLAUSES]
        + ["Начальник управления образования", "И. П. Смирнова", "Кузнецова Ольга Викторовна"],
    )
    assert "(Петрова А. А.):" in order_text
    for deadline in ["Срок: до 10.09.2026", "Срок: до 30.09.2026", "Срок: до 05.10.2026"]:
        assert deadline in order_text


@needs_poppler
def test_pdf_date_left_and_number_right_on_one_line(pdf_pages):
    line = next(line for line in pdf_pages[0].splitlines() if "01.09.2026" in line)
    assert line.index("01.09.2026") < line.index("№ 57")
    assert line.strip().startswith("01.09.2026") and line.rstrip().endswith("№ 57")
    assert len(line) - len(line.lstrip()) < 5  # the date starts at the left margin


@needs_poppler
def test_pdf_signature_position_left_name_right(pdf_pages, appendix_start):
    lines = "\n".join(pdf_pages[:appendix_start]).splitlines()
    line = next(line for line in lines if "Начальник управления образования" in line)
    assert "И. П. Смирнова" in line
    assert line.index("Начальник") < line.index("Смирнова")


@needs_poppler
def test_pdf_executor_at_the_foot_of_the_last_order_page(pdf_file, pdf_pages, appendix_start):
    last_order_page = [line for line in pdf_pages[appendix_start - 1].splitlines() if line.strip()]
    assert "Кузнецова Ольга Викторовна" in last_order_page[-2]
    assert "8 (49200) 2-11-23" in last_order_page[-1]
    # …and physically at the bottom margin (20 mm), not right under the signature.
    page = str(appendix_start)  # 1-based number of the last order page
    words = run("pdftotext", "-bbox", "-f", page, "-l", page, str(pdf_file), "-")
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', words).group(1))
    phone_bottom = float(re.search(r'yMax="([\d.]+)">2-11-23<', words).group(1))
    signature_bottom = float(re.search(r'yMax="([\d.]+)">Смирнова<', words).group(1))
    bottom_margin = 20 * 72 / 25.4
    assert height - bottom_margin - 12 < phone_bottom <= height - bottom_margin + 1
    assert phone_bottom - signature_bottom > 100


@needs_poppler
def test_pdf_appendix_heading_right_aligned_and_table_header_on_every_page(pdf_file, pdf_pages, appendix_start):
    appendix_pages = pdf_pages[appendix_start:]
    assert len(appendix_pages) >= 3, "the sample table should span several pages"

    first = appendix_pages[0]
    heading_lines = [
        "Приложение № 1",
        "к приказу управления образования",
        "от 01.09.2026 № 57",
    ]
    # each heading line ends at the right margin (the lines' boxes as poppler reads them)
    page = str(appendix_start + 1)
    boxes = run("pdftotext", "-bbox-layout", "-f", page, "-l", page, str(pdf_file), "-")
    lines = {" ".join(re.findall(r">([^<]+)</word>", body)): float(x1)
             for x1, body in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>',
                                        boxes, re.S)}
    right_margin = (210 - 20) * 72 / 25.4
    for text in heading_lines:
        assert abs(lines[text] - right_margin) < 1, f"{text!r} is not right-aligned"
    assert "Дорожная карта по обеспечению объективности" in flat(first)

    for number, page in enumerate(appendix_pages, start=appendix_start + 1):
        body = flat(page)
        assert "Наименование" in body and "Ответственные" in body, f"no table header on page {number}"
        first_row = re.search(r"Мероприятие \d+:|Раздел \d\.", body)
        assert first_row and body.index("Наименование") < first_row.start(), (
            f"the header is not at the top of the table on page {number}"
        )

    table_text = flat("\n".join(appendix_pages))
    assert_in_order(table_text, SECTIONS)
    assert_in_order(table_text, ["Мероприятие 1:", "Мероприятие 75:", "Мероприятие 150:"])


@needs_poppler
def test_pdf_section_rows_span_the_table(pdf_file, appendix_start):
    page = str(appendix_start + 1)
    words = run("pdftotext", "-bbox", "-f", page, "-l", page, str(pdf_file), "-")
    boxes = {
        text: (float(x0), float(x1))
        for x0, x1, text in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', words)
    }
    start, end = boxes["Раздел"][0], boxes["Нормативно-правовое"][1]
    margin_left, text_width = 30 * 72 / 25.4, (210 - 50) * 72 / 25.4
    # one line, centred across the whole table (not squeezed into the first column)
    assert abs((start + boxes["обеспечение"][1]) / 2 - (margin_left + text_width / 2)) < 3
    assert end - start > 150


@needs_poppler
def test_pdf_page_numbers_from_page_two(pdf_pages):
    def first_line(page: str) -> str:
        return next(line for line in page.splitlines() if line.strip()).strip()

    assert not first_line(pdf_pages[0]).isdigit()
    for number, page in enumerate(pdf_pages[1:], start=2):
        assert first_line(page) == str(number)


@needs_poppler
def test_pdf_fonts_embedded_page_size_and_metadata(pdf_file, pdf_pages):
    fonts = [line for line in run("pdffonts", str(pdf_file)).splitlines()[2:] if line.strip()]
    assert fonts, "no fonts listed"
    assert any("LiberationSerif" in line for line in fonts)
    assert any("LiberationSerif-Bold" in line for line in fonts)
    for line in fonts:
        # columns: name type encoding emb sub uni object ID
        assert "LiberationSerif" in line and re.search(r"\byes\s+yes\s+yes\b", line), line

    info = run("pdfinfo", str(pdf_file))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert f"Pages:           {len(pdf_pages)}" in info
    assert "Приказ от 01.09.2026 № 57" in info
    assert "Author:          Управление образования администрации Заречного" in info


@needs_poppler
def test_pdf_row_taller_than_a_page_still_renders(tmp_path):
    order = sample_order(measures=10)
    huge = " ".join(["очень длинное описание мероприятия"] * 600)
    order.appendices[0].tables[0].rows.insert(2, TableRow(["99.", huge, "срок", "кто"]))
    path = tmp_path / "huge.pdf"
    render_order_pdf(order, path)
    pages = [p for p in run("pdftotext", "-layout", str(path), "-").split("\f") if p.strip()]
    words = flat("".join(pages)).split()
    for word in ("очень", "длинное", "описание"):  # none lost (a phrase may straddle two pages)
        assert words.count(word) == 600, word
    continued = [flat(p) for p in pages if "очень длинное" in flat(p)]
    assert len(continued) >= 2, "the tall row should continue on a second page"
    for body in continued:  # …each time under the repeated header, not split inside reportlab
        assert body.index("Наименование") < body.index("очень длинное")


def test_pdf_header_taller_than_a_page_is_a_user_error(tmp_path):
    order = sample_order(measures=10)
    order.appendices[0].tables[0].header[1] = " ".join(["заголовок графы"] * 400)
    with pytest.raises(UserError, match="не помещается на страницы"):
        render_order_pdf(order, tmp_path / "header.pdf")
    assert list(tmp_path.iterdir()) == []


@needs_poppler
def test_pdf_escapes_markup_and_control_characters(tmp_path):
    order = sample_order(measures=5)
    order.title = "О <b>проверке</b> & анализе\x0bрезультатов"
    order.clauses[0].text = "Утвердить план <приложение> & график."
    path = tmp_path / "markup.pdf"
    render_order_pdf(order, path)
    text = flat(run("pdftotext", str(path), "-"))
    assert "О <b>проверке</b> & анализе" in text
    assert "Утвердить план <приложение> & график." in text


@needs_poppler
def test_pdf_directive_has_no_operative_word(tmp_path):
    order = sample_order(measures=5)
    order = OrderDocument(**{**order.__dict__, "kind": "РАСПОРЯЖЕНИЕ", "operative_word": None,
                             "control_clause": None})
    path = tmp_path / "directive.pdf"
    render_order_pdf(order, path)
    text = flat(run("pdftotext", str(path), "-"))
    assert "РАСПОРЯЖЕНИЕ" in text and "ПРИКАЗЫВАЮ" not in text
    assert "к распоряжению управления образования" in text
    assert "настоящего распоряжения оставляю за собой" in text


# --- DOCX ------------------------------------------------------------------------------------

W_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")


@pytest.fixture(scope="module")
def docx_document(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "приказ 57.docx"
    render_order_docx(sample_order(), path)
    return Document(str(path))


def test_docx_clauses_in_order_with_styles(docx_document):
    paragraphs = [(p.style.name, plain(p.text)) for p in docx_document.paragraphs]
    texts = [text for _, text in paragraphs]
    by_style = {style: text for style, text in paragraphs}
    assert by_style[STYLE_NAMES["letterhead"]].startswith("Управление образования администрации")
    assert by_style[STYLE_NAMES["kind"]] == "ПРИКАЗ"
    assert by_style[STYLE_NAMES["date_line"]] == "01.09.2026\t№ 57"
    assert by_style[STYLE_NAMES["place"]] == "с. Заречное"
    assert by_style[STYLE_NAMES["title"]].startswith("Об утверждении дорожной карты")
    assert by_style[STYLE_NAMES["operative"]] == "ПРИКАЗЫВАЮ:"
    assert by_style[STYLE_NAMES["signature"]] == "Начальник управления образования\tИ. П. Смирнова"
    assert by_style[STYLE_NAMES["executor"]] == "Кузнецова Ольга Викторовна\n8 (49200) 2-11-23"

    clauses = [text for style, text in paragraphs if style == STYLE_NAMES["clause"]]
    assert [c.split(" ", 1)[0] for c in clauses] == [number for number, _ in EXPECTED_CLAUSES]
    for text, (number, start) in zip(clauses, EXPECTED_CLAUSES, strict=True):
        assert text.startswith(f"{number} {start}")
    assert "(Петрова А. А.):" in clauses[1]
    deadlines = [text for style, text in paragraphs if style == STYLE_NAMES["deadline"]]
    assert deadlines[0] == "Срок: до 10.09.2026" and len(deadlines) == 5
    assert texts.index(clauses[-1]) < texts.index(by_style[STYLE_NAMES["signature"]])


def test_docx_appendix_on_a_new_page_with_heading(docx_document):
    heading = next(
        p for p in docx_document.paragraphs if p.style.name == STYLE_NAMES["appendix_heading"]
    )
    assert plain(heading.text) == "Приложение № 1\nк приказу управления образования\nот 01.09.2026 № 57"
    assert heading.paragraph_format.page_break_before is True
    assert heading.style.paragraph_format.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT


def test_docx_table_rows_header_repeat_and_only_tall_rows_split(docx_document):
    table = docx_document.tables[0]
    source = plan_table()
    assert len(table.rows) == 1 + len(source.rows)
    assert [c.text for c in table.rows[0].cells] == HEADER

    header_tr = table.rows[0]._tr
    assert header_tr.trPr.find(qn("w:tblHeader")) is not None
    assert header_tr.trPr.find(qn("w:cantSplit")) is not None
    # a row never breaks across pages unless it is tall enough to leave two lines on each page, as
    # in the PDF
    laid = layout_table(source)
    whole = [row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:]]
    assert whole == [row.is_section or laid.line_count(row) < 2 * MIN_SPLIT_LINES for row in source.rows]
    assert any(whole)
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])

    section_style = docx_document.styles[STYLE_NAMES["table_section"]]
    assert section_style.font.bold is True
    for docx_row, row in zip(table.rows[1:], source.rows, strict=True):
        tcs = docx_row._tr.findall(qn("w:tc"))
        if row.is_section:
            assert len(tcs) == 1
            assert tcs[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == str(len(HEADER))
            paragraph = docx_row.cells[0].paragraphs[0]
            assert paragraph.style.name == STYLE_NAMES["table_section"]
            assert plain(paragraph.text) == row.cells[0]
        else:
            assert [plain(c.text) for c in docx_row.cells] == row.cells


def test_docx_table_cells_have_the_pdfs_padding_and_a_centred_header(docx_document):
    """Word's default 5.4 pt cell margins break «1.1.» and «исполнения» in the columns sized for the PDF."""
    tbl_pr = docx_document.tables[0]._tbl.tblPr
    children = [child.tag for child in tbl_pr]
    margins = tbl_pr.find(qn("w:tblCellMar"))
    assert children.index(qn("w:tblCellMar")) < children.index(qn("w:tblLook"))  # the schema's order
    assert {side: margins.find(qn(f"w:{side}")).get(qn("w:w")) for side in ("left", "right")} == {
        "left": "60", "right": "60"}  # 3 pt, as the PDF's padding
    header, first = docx_document.tables[0].rows[0]._tr, docx_document.tables[0].rows[2]._tr
    assert all(tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center" for tc in header.findall(qn("w:tc")))
    assert all(tc.tcPr.find(qn("w:vAlign")) is None for tc in first.findall(qn("w:tc")))


def test_docx_fonts_margins_and_page_numbers(docx_document):
    normal = docx_document.styles["Normal"]
    assert normal.font.name == "Liberation Serif"
    assert normal.font.size.pt == 14
    r_fonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in W_FONT_SLOTS:
        assert r_fonts.get(qn(slot)) == "Liberation Serif", slot
    defaults = docx_document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:asciiTheme")) is None  # the theme would override the name
    assert default_fonts.get(qn("w:cs")) == "Liberation Serif"
    table_text = docx_document.styles[STYLE_NAMES["table_text"]]
    assert table_text.font.size.pt == 12

    section = docx_document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [20.0, 20.0, 30.0, 20.0]

    assert section.different_first_page_header_footer is True
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in header_xml
    assert "PAGE" not in section.first_page_header._element.xml

    props = docx_document.core_properties
    assert props.title.startswith("Приказ от 01.09.2026 № 57")
    assert props.author.startswith("Управление образования")
