"""An order as a DOCX that stays editable in Word (python-docx).

    render_order_docx(order, "приказ-57.docx")

The same content and layout as the PDF, built from real Word structure: every part of the order is a
paragraph with a named style («Order Title», «Order Clause», …) so an operator can retouch the whole
document by editing a style; A4 with 30/20/20/20 mm margins; page numbers in the header from page 2
(a PAGE field, different first page); each appendix starts on a new page; its table repeats the header
row on every page (w:tblHeader) and no row breaks across pages (w:cantSplit); section rows are one
merged cell (w:gridSpan) in bold.

Clause numbers are typed text («1.1.»), as offices type them, not Word list numbering: the model
renumbers on every render. The file is written atomically (see `desktop.atomic`).
"""

from __future__ import annotations

import os

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.atomic import atomic_write

from .fonts import DOCX_FONT_NAME
from .model import (
    Appendix,
    OrderDocument,
    Table,
    clause_text,
    clean_text,
    deadline_text,
)
from .report_model import MARK_COLOURS

__all__ = [
    "render_order_docx",
    "new_document",
    "add_paragraph",
    "add_paragraph_style",
    "add_table",
    "cell_element",
    "set_fonts",
    "twips",
    "STYLE_NAMES",
    "MARGINS_MM",
    "TEXT_WIDTH_MM",
]

MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 20}
PAGE_MM = (210, 297)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 160 mm
# Left and right cell margins as the PDF's padding (pdf.CELL_PAD): with Word's default 5.4 pt the
# columns sized for the PDF break «1.1.» and «исполнения» in two.
CELL_MARGIN_PT = 3
BODY_PT = 14
TABLE_PT = 12
SMALL_PT = 10
INDENT = Mm(12.5)  # paragraph indent, 1.25 cm
TITLE_WIDTH_MM = 100

# Style names as Word shows them (the style ids are the same without spaces).
STYLE_NAMES = {
    "letterhead": "Order Letterhead",
    "address": "Order Address",
    "kind": "Order Kind",
    "date_line": "Order Date Line",
    "place": "Order Place",
    "title": "Order Title",
    "preamble": "Order Preamble",
    "operative": "Order Operative",
    "clause": "Order Clause",
    "deadline": "Order Deadline",
    "signature": "Order Signature",
    "executor": "Order Executor",
    "appendix_heading": "Appendix Heading",
    "appendix_title": "Appendix Title",
    "appendix_text": "Appendix Text",
    "table_header": "Table Header",
    "table_text": "Table Text",
    "table_section": "Table Section",
}

_MM_TWIPS = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * _MM_TWIPS)


# --- styles -----------------------------------------------------------------------------------


def set_fonts(r_pr, font_name: str) -> None:
    """Set all four font slots (w:ascii, w:hAnsi, w:eastAsia, w:cs) and drop theme fonts, which would
    otherwise win over the names (Word shows Calibri/Cambria from the theme)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font_name)


def _set_language(r_pr, lang: str = "ru-RU") -> None:
    el = r_pr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        r_pr.append(el)
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)


def _setup_defaults(document, font_name: str) -> None:
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, font_name)
    _set_language(r_pr)
    for tag in ("w:sz", "w:szCs"):
        el = r_pr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(BODY_PT * 2))
    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = p_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        p_pr.append(spacing)
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")


def add_paragraph_style(document, name: str, *, base: str = "Normal"):
    """A new paragraph style `name` on `base`, shown in Word's style gallery."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    return style


def _paragraph_style(document, key: str, *, base: str = "Normal"):
    return add_paragraph_style(document, STYLE_NAMES[key], base=base)


def _setup_styles(document, font_name: str) -> dict[str, str]:
    """Create the order's styles; return their style ids by key."""
    _setup_defaults(document, font_name)

    normal = document.styles["Normal"]
    normal.font.name = font_name
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), font_name)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True

    header_style = document.styles["Header"]
    header_style.font.size = Pt(12)
    set_fonts(header_style.element.get_or_add_rPr(), font_name)

    s = _paragraph_style(document, "letterhead")
    s.font.bold = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.keep_with_next = True

    s = _paragraph_style(document, "address")
    s.font.size = Pt(SMALL_PT)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(3)

    s = _paragraph_style(document, "kind")
    s.font.bold = True
    s.font.size = Pt(16)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(18)
    s.paragraph_format.space_after = Pt(12)

    s = _paragraph_style(document, "date_line")
    s.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)

    s = _paragraph_style(document, "place")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(6)

    s = _paragraph_style(document, "title")
    s.font.bold = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    s.paragraph_format.right_indent = Mm(TEXT_WIDTH_MM - TITLE_WIDTH_MM)
    s.paragraph_format.space_before = Pt(18)
    s.paragraph_format.space_after = Pt(18)
    s.paragraph_format.keep_with_next = True

    s = _paragraph_style(document, "preamble")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    s.paragraph_format.first_line_indent = INDENT

    s = _paragraph_style(document, "operative")
    s.font.bold = True
    s.paragraph_format.space_before = Pt(8)
    s.paragraph_format.space_after = Pt(8)
    s.paragraph_format.keep_with_next = True

    s = _paragraph_style(document, "clause")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    s.paragraph_format.first_line_indent = INDENT
    s.paragraph_format.space_before = Pt(2)

    s = _paragraph_style(document, "deadline", base=STYLE_NAMES["clause"])
    s.paragraph_format.space_before = Pt(0)

    s = _paragraph_style(document, "signature")
    s.paragraph_format.space_before = Pt(36)
    s.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    s.paragraph_format.keep_together = True

    s = _paragraph_style(document, "executor")
    s.font.size = Pt(SMALL_PT)
    s.paragraph_format.space_before = Pt(48)

    s = _paragraph_style(document, "appendix_heading")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    s.paragraph_format.keep_with_next = True

    s = _paragraph_style(document, "appendix_title")
    s.font.bold = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.space_before = Pt(14)
    s.paragraph_format.space_after = Pt(10)
    s.paragraph_format.keep_with_next = True

    s = _paragraph_style(document, "appendix_text")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    s.paragraph_format.first_line_indent = INDENT
    s.paragraph_format.space_after = Pt(6)

    s = _paragraph_style(document, "table_text")
    s.font.size = Pt(TABLE_PT)

    s = _paragraph_style(document, "table_header", base=STYLE_NAMES["table_text"])
    s.font.bold = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    s = _paragraph_style(document, "table_section", base=STYLE_NAMES["table_text"])
    s.font.bold = True
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s.paragraph_format.keep_with_next = True

    return {key: document.styles[name].style_id for key, name in STYLE_NAMES.items()}


def _add_font_fallback(document, font_name: str) -> None:
    """Tell Word that a missing Liberation Serif is Times New Roman (same metrics).

    Word on Windows rarely has Liberation Serif installed; the fontTable entry with w:altName and the
    Times panose makes it substitute Times New Roman instead of guessing.
    """
    for part in document.part.package.iter_parts():
        if not str(part.partname).endswith("/fontTable.xml"):
            continue
        blob = getattr(part, "_blob", None)
        if not isinstance(blob, bytes) or font_name.encode() in blob:
            return
        entry = (
            f'<w:font w:name="{font_name}"><w:altName w:val="Times New Roman"/>'
            '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="CC"/>'
            '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        ).encode()
        if b"</w:fonts>" in blob:
            part._blob = blob.replace(b"</w:fonts>", entry + b"</w:fonts>")
        return


# --- content ----------------------------------------------------------------------------------


def _add_text(paragraph_el, text: str, *, bold: bool = False, size: float | None = None) -> None:
    """Append runs for `text` to a w:p element: «\\n» becomes a line break, «\\t» a tab; `bold` and
    `size` (points) override the paragraph's style."""
    text = clean_text(text)
    run = OxmlElement("w:r")
    if bold or size:
        r_pr = OxmlElement("w:rPr")
        if bold:
            r_pr.append(OxmlElement("w:b"))
        if size:
            for tag in ("w:sz", "w:szCs"):
                el = OxmlElement(tag)
                el.set(qn("w:val"), str(round(size * 2)))
                r_pr.append(el)
        run.append(r_pr)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                run.append(OxmlElement("w:tab"))
            if part:
                t = OxmlElement("w:t")
                t.text = part
                t.set(qn("xml:space"), "preserve")
                run.append(t)
    paragraph_el.append(run)


def add_paragraph(container, text: str, style_name: str):
    """A paragraph of `text` in the style named `style_name`, line breaks and tabs kept."""
    paragraph = container.add_paragraph(style=style_name)
    _add_text(paragraph._p, text)
    return paragraph


def _add_page_number_field(paragraph) -> None:
    """A PAGE field: Word shows the current page number."""

    def run_with(child):
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    placeholder = OxmlElement("w:t")
    placeholder.text = "2"
    run_with(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _setup_section(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_MM[0])
    section.page_height = Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    header_paragraph = section.header.paragraphs[0]
    header_paragraph.style = document.styles["Header"]
    header_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_number_field(header_paragraph)
    section.first_page_header.is_linked_to_previous = False


def _order_body(document, doc: OrderDocument, ids: dict[str, str]) -> None:
    names = STYLE_NAMES
    add_paragraph(document, doc.letterhead.full_name, names["letterhead"])
    if doc.letterhead.address_line:
        add_paragraph(document, doc.letterhead.address_line, names["address"])
    add_paragraph(document, doc.kind, names["kind"])
    add_paragraph(document, f"{doc.date_text}\t{doc.number_text}", names["date_line"])
    if doc.place:
        add_paragraph(document, doc.place, names["place"])
    add_paragraph(document, doc.title, names["title"])
    if doc.preamble:
        for part in clean_text(doc.preamble).split("\n\n"):
            add_paragraph(document, part.strip(), names["preamble"])
    if doc.operative_word:
        add_paragraph(document, doc.operative_word, names["operative"])
    for number, clause, _depth in doc.numbered_clauses():
        paragraph = add_paragraph(document, clause_text(number, clause), names["clause"])
        deadline = deadline_text(clause)
        if deadline:
            paragraph.paragraph_format.keep_with_next = True
            add_paragraph(document, deadline, names["deadline"])
    control = doc.control_text()
    if control:
        paragraph = add_paragraph(document, control, names["clause"])
        paragraph.paragraph_format.keep_with_next = True
    # Position on the left (its own line breaks kept), the name at the right tab stop of its last line.
    position = clean_text(doc.signature.position).strip()
    signature = add_paragraph(document, f"{position}\t{doc.signature.name.strip()}", names["signature"])
    if doc.executor:
        signature.paragraph_format.keep_with_next = True
        lines = [doc.executor.name] + ([doc.executor.phone] if doc.executor.phone else [])
        add_paragraph(document, "\n".join(lines), names["executor"])


def cell_element(width_twips: int, text: str, style_id: str, span: int = 1, *, fill: str | None = None,
                 bold: bool = False, size: float | None = None, centred: bool = False, middle: bool = False):
    """A w:tc of `text`; `fill` is a shading colour (RRGGBB); `middle` centres it vertically."""
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc_w = OxmlElement("w:tcW")
    tc_w.set(qn("w:w"), str(width_twips))
    tc_w.set(qn("w:type"), "dxa")
    tc_pr.append(tc_w)
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tc_pr.append(grid_span)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        tc_pr.append(shading)
    if middle:
        v_align = OxmlElement("w:vAlign")
        v_align.set(qn("w:val"), "center")
        tc_pr.append(v_align)
    tc.append(tc_pr)
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), style_id)
    p_pr.append(p_style)
    if centred:
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), "center")
        p_pr.append(jc)
    p.append(p_pr)
    _add_text(p, text, bold=bold, size=size)
    tc.append(p)
    return tc


def _row(cells, *, header: bool = False):
    tr = OxmlElement("w:tr")
    tr_pr = OxmlElement("w:trPr")
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
    tr.append(tr_pr)
    for cell in cells:
        tr.append(cell)
    return tr


def add_table(document, table: Table, ids: dict[str, str], size: float | None = None) -> None:
    """`table` as a Word table across the text width: the header row repeats on every page, rows
    never break, section rows are one merged bold cell, marked cells shaded, strong rows bold;
    `size` (points) when the table is set smaller than the style's 12 pt."""
    total = twips(TEXT_WIDTH_MM)
    widths = [round(f * total) for f in table.fractions()]
    widths[-1] = total - sum(widths[:-1])

    docx_table = document.add_table(rows=0, cols=table.column_count)
    docx_table.style = document.styles["Table Grid"]
    docx_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    docx_table.autofit = False
    tbl = docx_table._tbl
    tbl_pr = tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(total))
    tbl_w.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_PT * 20))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))

    header_style = ids["table_header"]
    tbl.append(
        _row([cell_element(w, h, header_style, size=size, middle=True) for w, h in zip(widths, table.header)],
             header=True)
    )
    text_style, section_style = ids["table_text"], ids["table_section"]
    numeric = [fmt != "text" for fmt in table.formats]
    for row in table.rows:
        if row.is_section:
            tbl.append(_row([cell_element(total, row.section_text, section_style, table.column_count, size=size)]))
            continue
        tbl.append(_row([
            cell_element(w, text, text_style, fill=MARK_COLOURS.get(row.marks.get(c, "")), bold=row.strong,
                         size=size, centred=numeric[c])
            for c, (w, text) in enumerate(zip(widths, table.row_texts(row)))
        ]))


def _appendix(document, doc: OrderDocument, appendix: Appendix, ids: dict[str, str]) -> None:
    names = STYLE_NAMES
    heading = add_paragraph(
        document, "\n".join(doc.appendix_heading_lines(appendix)), names["appendix_heading"]
    )
    heading.paragraph_format.page_break_before = True
    if appendix.title:
        add_paragraph(document, appendix.title, names["appendix_title"])
    for text in appendix.paragraphs:
        add_paragraph(document, text, names["appendix_text"])
    for index, table in enumerate(appendix.tables):
        if index:
            document.add_paragraph()  # Word merges adjacent tables; keep them apart
        add_table(document, table, ids)


def new_document(font_name: str = DOCX_FONT_NAME):
    """An empty Document with the program's page set-up and styles; returns it and the style ids."""
    document = Document()
    ids = _setup_styles(document, font_name)
    _add_font_fallback(document, font_name)
    _setup_section(document)
    return document, ids


def _core_property(text: str) -> str:
    """A file property holds at most 255 characters (python-docx refuses more): a long title is cut."""
    return text if len(text) <= 255 else text[:254] + "…"


def build_order_docx(doc: OrderDocument, *, font_name: str = DOCX_FONT_NAME):
    """The python-docx Document for `doc` (not saved)."""
    document, ids = new_document(font_name)

    props = document.core_properties
    props.title = _core_property(doc.document_title())
    props.subject = _core_property(doc.title)
    props.author = _core_property(doc.letterhead.full_name)
    props.language = "ru-RU"
    props.comments = ""
    props.keywords = ""

    _order_body(document, doc, ids)
    for appendix in doc.appendices:
        _appendix(document, doc, appendix, ids)
    return document


def render_order_docx(
    doc: OrderDocument, path: str | os.PathLike[str], *, font_name: str = DOCX_FONT_NAME
) -> None:
    """Write `doc` as a DOCX to `path` (atomically: the old file stays if anything fails).

    `font_name` is the font the styles name; Liberation Serif by default (Word falls back to Times
    New Roman where it is not installed).
    """
    document = build_order_docx(doc, font_name=font_name)
    with atomic_write(path) as tmp:
        document.save(str(tmp))
