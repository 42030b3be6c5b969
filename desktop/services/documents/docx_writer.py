"""Orders and reports as DOCX that stay editable in Word (python-docx).

    render_order_docx(order, "приказ-57.docx")

The same blocks as the PDF (`blocks.order_blocks`, `blocks.report_blocks`), in the same styles of
`layout`, built from real Word structure: every block is a paragraph with a named style («Order
Title», «Order Clause», …) so an operator can retouch the whole document by editing a style; A4 with
30/20/20/20 mm margins; page numbers in the header from page 2 (a PAGE field, different first page);
each appendix starts on a new page; its table, laid out as the PDF's, repeats the header row on every
page (w:tblHeader) and only a tall row breaks across pages (w:cantSplit on the others); section rows
are one merged cell (w:gridSpan) in bold; Word hyphenates the table cells (w:autoHyphenation); the
executor is framed at the foot of the order's last page (w:framePr).

Clause numbers are typed text («1.1.»), as offices type them, not Word list numbering: the model
renumbers on every render. The file is written atomically (see `desktop.atomic`).
"""

from __future__ import annotations

import io
import os

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from desktop.atomic import atomic_write

from . import layout
from .blocks import Block, Gap, Legend, Line, TableBlock, Text, order_blocks
from .fonts import DOCX_FONT_NAME
from .model import OrderDocument, Table, clean_text
from .report_model import MARK_COLOURS, Chart
from .report_model import PageBreak as BreakBlock
from .table_layout import MIN_SPLIT_LINES, layout_table, typed_breaks, typeset

__all__ = [
    "render_order_docx",
    "new_document",
    "write_blocks",
    "set_properties",
    "add_paragraph_style",
    "add_table",
    "set_fonts",
    "twips",
    "STYLE_NAMES",
    "MARGINS_MM",
    "TEXT_WIDTH_MM",
]

# The default page's measures, for callers; the renderer reads `layout.PAGE` when it writes.
MARGINS_MM = layout.PAGE.margins_mm
TEXT_WIDTH_MM = layout.PAGE.text_width_mm  # 160 mm
# The order's style names as Word shows them, by key (the style ids are the same without spaces).
STYLE_NAMES = {key: spec.name for key, spec in layout.STYLES.items() if key != "normal" and not spec.report}

_MM_TWIPS = 1440 / 25.4
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


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


# w:pPr children after w:suppressAutoHyphens, in the schema's order
_AFTER_HYPHENS = ("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                  "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                  "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
# w:settings children after w:autoHyphenation … w:doNotHyphenateCaps, in the schema's order
_AFTER_HYPHENATION = ("w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
                      "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                      "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                      "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                      "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                      "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                      "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                      "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture", "w:compat", "w:rsids",
                      "m:mathPr", "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults", "w:decimalSymbol",
                      "w:listSeparator")
# Word hyphenates a word at a line's end only when the gap it leaves would be wider than this: in
# practice the words too long for their cell, as the PDF does.
HYPHENATION_ZONE_MM = 20


def _suppress_hyphens(style, on: bool) -> None:
    el = OxmlElement("w:suppressAutoHyphens")
    if not on:
        el.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().insert_element_before(el, *_AFTER_HYPHENS)


def _setup_hyphenation(document) -> None:
    """Automatic hyphenation on (settings.xml), at most two hyphenated lines in a row, abbreviations
    in capitals left whole; the theme's language Russian too."""
    settings = document.settings.element
    for tag, value in (("w:autoHyphenation", None), ("w:consecutiveHyphenLimit", "2"),
                       ("w:hyphenationZone", str(twips(HYPHENATION_ZONE_MM))), ("w:doNotHyphenateCaps", None)):
        el = OxmlElement(tag)
        if value is not None:
            el.set(qn("w:val"), value)
        settings.insert_element_before(el, *_AFTER_HYPHENATION)
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), "ru-RU")


def _setup_defaults(document, font_name: str) -> None:
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, font_name)
    _set_language(r_pr)
    for tag in ("w:sz", "w:szCs"):
        el = r_pr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(round(layout.style("normal").size * 2)))
    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = p_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        p_pr.append(spacing)
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")


def _styles_by_name(document) -> dict[str, object]:
    """The document's w:style elements by their name as the XML writes it («heading 1»): python-docx
    walks Word's ~160 styles in Python for every `name in document.styles` and every new style."""
    return {style.name_val: style for style in document.styles.element.style_lst}


def add_paragraph_style(document, name: str, *, base: str = "Normal", styles: dict[str, object] | None = None):
    """A new paragraph style `name` on `base`, shown in Word's style gallery. `styles`: the
    document's `_styles_by_name`, to look `base` up in and to add the new one to."""
    styles = _styles_by_name(document) if styles is None else styles
    name, base = BabelFish.ui2internal(name), BabelFish.ui2internal(base)
    if name in styles:
        raise ValueError(f"document already contains style '{name}'")
    element = styles[name] = document.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False)
    style = StyleFactory(element)
    style.base_style = StyleFactory(styles[base])
    style.quick_style = True
    return style


def _write_style(document, key: str, font_name: str, styles: dict[str, object]):
    """The style `key` of `layout.STYLES` in `document` (`styles`: its `_styles_by_name`): what the
    style itself sets, on its base. Word's own styles (Normal, Heading 1, Heading 2) are set up in
    place, in the document's font; Word's headings also lose their theme's colour and italics."""
    spec = layout.STYLES[key]
    builtin = BabelFish.ui2internal(spec.name) in styles
    if builtin:
        style = StyleFactory(styles[BabelFish.ui2internal(spec.name)])
        set_fonts(style.element.get_or_add_rPr(), font_name)
    else:
        style = add_paragraph_style(document, spec.name, base=layout.STYLES[spec.base].name, styles=styles)
    fmt = style.paragraph_format
    if spec.size is not None:
        style.font.size = Pt(spec.size)
    if spec.bold is not None:
        style.font.bold = spec.bold
    if builtin and key != "normal":
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
    if spec.align is not None:
        fmt.alignment = _ALIGN[spec.align]
    if spec.first_line_indent is not None:
        fmt.first_line_indent = Mm(spec.first_line_indent)
    if spec.width is not None:
        fmt.right_indent = Mm(layout.PAGE.text_width_mm - spec.width)
    if spec.space_before is not None:
        fmt.space_before = Pt(spec.space_before)
    if spec.space_after is not None:
        fmt.space_after = Pt(spec.space_after)
    if key == "normal":
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # layout.LEADING for Liberation Serif
        _set_language(style.element.get_or_add_rPr())
        _suppress_hyphens(style, True)
    elif key == "table_text":  # and the styles based on it: Word hyphenates table cells only, as the PDF
        _suppress_hyphens(style, False)
    if spec.keep_with_next is not None:
        fmt.keep_with_next = spec.keep_with_next
    if spec.keep_together is not None:
        fmt.keep_together = spec.keep_together
    if spec.widow_control is not None:
        fmt.widow_control = spec.widow_control
    if spec.columns:  # the right-hand text at the right margin
        fmt.tab_stops.add_tab_stop(Mm(layout.PAGE.text_width_mm), WD_TAB_ALIGNMENT.RIGHT)
    return style


def _setup_styles(document, font_name: str, *, reports: bool = False) -> dict[str, str]:
    """Create the styles of `layout.STYLES` (the reports' ones only for a report); return their style
    ids by key."""
    _setup_defaults(document, font_name)
    header = document.styles["Header"]  # the page numbers
    header.font.size = Pt(layout.PAGE_NUMBER_SIZE)
    set_fonts(header.element.get_or_add_rPr(), font_name)
    styles = _styles_by_name(document)
    return {key: _write_style(document, key, font_name, styles).style_id
            for key, spec in layout.STYLES.items() if reports or not spec.report}


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


_SOFT = "\x00"  # marks an optional hyphen while the runs are built (clean_text removes any real one)
# The w: namespace on the root of a piece of XML built as text (lxml drops it again where the piece
# joins the document, which declares it already).
_W = nsdecls("w")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_xml(text: str, *, bold: bool = False, size: float | None = None, cell: bool = False,
             root: bool = False) -> str:
    """A w:r for `text` as XML: «\\n» becomes a line break, «\\t» a tab; `bold` and `size` (points)
    override the paragraph's style. In a table `cell` a break typed after a hyphen («Участ-\\nников»)
    becomes Word's optional hyphen (w:softHyphen), as the PDF takes it. `root`: with the namespace
    declared, to be parsed on its own.

    A document's runs and cells are written as text and parsed by lxml in one go: building the same
    elements one by one through python-docx costs ten times more."""
    text = typeset(clean_text(text))
    if cell:
        text = typed_breaks(text, _SOFT)
    xml = [f"<w:r {_W}>" if root else "<w:r>"]
    if bold or size:
        xml.append("<w:rPr>")
        if bold:
            xml.append("<w:b/>")
        if size:
            half_points = round(size * 2)
            xml.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
        xml.append("</w:rPr>")
    for index, line in enumerate(text.split("\n")):
        if index:
            xml.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                xml.append("<w:tab/>")
            for piece_index, piece in enumerate(part.split(_SOFT)):
                if piece_index:
                    xml.append("<w:softHyphen/>")
                if piece:
                    xml.append(f'<w:t xml:space="preserve">{_escaped(piece)}</w:t>')
    xml.append("</w:r>")
    return "".join(xml)


def _add_text(paragraph_el, text: str) -> None:
    """Append the run of `text` (`_run_xml`) to a w:p element."""
    paragraph_el.append(parse_xml(_run_xml(text, root=True)))


def _styled_paragraph(container, style_id: str | None):
    """An empty paragraph in the style of id `style_id` (None: the default style, which Word's XML
    leaves unnamed), set by its id: python-docx would look the style up by its name among all of
    Word's, for each paragraph."""
    paragraph = container.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
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
    page = layout.PAGE
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(page.width_mm)
    section.page_height = Mm(page.height_mm)
    section.top_margin = Mm(page.top_mm)
    section.bottom_margin = Mm(page.bottom_mm)
    section.left_margin = Mm(page.left_mm)
    section.right_margin = Mm(page.right_mm)
    section.header_distance = Mm(layout.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(layout.HEADER_DISTANCE_MM)
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = layout.PAGE_NUMBERS_FROM > 1
    header_paragraph = section.header.paragraphs[0]
    header_paragraph.style = document.styles["Header"]
    header_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_number_field(header_paragraph)
    section.first_page_header.is_linked_to_previous = False


# w:pPr children that come after w:framePr, in the schema's order
_AFTER_FRAME = ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
                "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing",
                "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                "w:sectPr", "w:pPrChange")


def _at_page_foot(document, paragraph) -> None:
    """Frame `paragraph` at the foot of the text area of its page, on the left, across the text width
    (nothing beside it), and anchor the frame to an empty 1 pt paragraph right after it: Word and
    LibreOffice put a frame on the page of the paragraph that follows it, which would otherwise be
    an appendix heading on the next page."""
    paragraph.paragraph_format.keep_with_next = True
    frame = OxmlElement("w:framePr")
    for attr, value in (("w", twips(layout.PAGE.text_width_mm)), ("wrap", "notBeside"), ("vAnchor", "margin"),
                        ("hAnchor", "margin"), ("xAlign", "left"), ("yAlign", "bottom")):
        frame.set(qn(f"w:{attr}"), str(value))
    paragraph._p.get_or_add_pPr().insert_element_before(frame, *_AFTER_FRAME)
    anchor = document.add_paragraph()
    anchor.paragraph_format.line_spacing = Pt(1)  # exactly 1 pt
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets an empty paragraph's height
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "2")
        mark.append(size)
    anchor._p.get_or_add_pPr().append(mark)


def _cell_xml(width_twips: int, text: str, style_id: str, span: int = 1, *, fill: str | None = None,
              bold: bool = False, size: float | None = None, centred: bool = False, middle: bool = False) -> str:
    """The XML of a w:tc of `text` (without the namespace); `fill` is a shading colour (RRGGBB);
    `middle` centres it vertically."""
    xml = [f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/>']
    if span > 1:
        xml.append(f'<w:gridSpan w:val="{span}"/>')
    if fill:
        xml.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    if middle:
        xml.append('<w:vAlign w:val="center"/>')
    xml.append(f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>')
    if centred:
        xml.append('<w:jc w:val="center"/>')
    xml.append("</w:pPr>")
    xml.append(_run_xml(text, bold=bold, size=size, cell=True))
    xml.append("</w:p></w:tc>")
    return "".join(xml)


def _row_xml(cells: list[str], *, header: bool = False, whole: bool = True) -> str:
    """A w:tr of `cells` (their XML); `whole`: it never breaks across pages (a taller row may, as in
    the PDF)."""
    marks = ("<w:cantSplit/>" if whole else "") + ("<w:tblHeader/>" if header else "")  # header: on every page
    return f"<w:tr><w:trPr>{marks}</w:trPr>{''.join(cells)}</w:tr>" if marks else \
        f"<w:tr><w:trPr/>{''.join(cells)}</w:tr>"


# python-docx's w:tblLook of a new table, kept as Word writes it
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')


def _add_table_xml(document, widths: list[int], rows: list[str], properties: str = "") -> None:
    """A w:tbl in «Table Grid» with columns of `widths` (twips), `properties` (w:tblPr children after
    the style) and `rows` (their XML), parsed at once and appended to the body."""
    style_id = document.styles["Table Grid"].style_id
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    properties = properties or '<w:tblW w:type="auto" w:w="0"/>'
    document.element.body.insert_element_before(parse_xml(
        f'<w:tbl {_W}><w:tblPr><w:tblStyle w:val="{style_id}"/>{properties}{_TABLE_LOOK}</w:tblPr>'
        f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'), "w:sectPr")


def add_table(document, table: Table, ids: dict[str, str], size: float | None = None) -> None:
    """`table` as a Word table across the text width, laid out as the PDF (`table_layout`: the same
    column widths, empty columns dropped): the header row repeats on every page, a row never breaks
    across pages unless it is of 2 × MIN_SPLIT_LINES lines or more (Word's widow control keeps two
    lines on each side), section rows are one merged bold cell, marked cells shaded, strong rows bold;
    `size` (points) when the table is set smaller than the style's 12 pt."""
    total = twips(layout.PAGE.text_width_mm)
    laid = layout_table(table, size)
    table = laid.table
    widths = [round(w * 20) for w in laid.widths]  # points → twips
    widths[-1] = total - sum(widths[:-1])

    header_style = ids["table_header"]
    rows = [_row_xml([_cell_xml(w, h, header_style, size=size, middle=True)
                      for w, h in zip(widths, table.header, strict=True)], header=True)]
    text_style, section_style = ids["table_text"], ids["table_section"]
    numeric = [fmt != "text" for fmt in table.formats]
    tall = 2 * MIN_SPLIT_LINES  # rows of this many lines may continue on the next page
    for row in table.rows:
        if row.is_section:
            rows.append(_row_xml([_cell_xml(total, row.section_text, section_style, table.column_count, size=size)]))
            continue
        rows.append(_row_xml([
            _cell_xml(w, text, text_style, fill=MARK_COLOURS.get(row.marks.get(c, "")), bold=row.strong,
                      size=size, centred=numeric[c])
            for c, (w, text) in enumerate(zip(widths, table.row_texts(row)))
        ], whole=laid.line_count(row) < tall))
    pad = round(layout.CELL_PAD * 20)  # points → twips
    _add_table_xml(document, widths, rows, (
        f'<w:tblW w:type="dxa" w:w="{total}"/><w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'))


def _legend(document, entries: list[tuple[str, str]], ids: dict[str, str]) -> None:
    """A two-column table: a shaded square, then what the colour means."""
    swatch = round(layout.LEGEND_SWATCH * 20)  # points → twips
    widths = [swatch, twips(layout.PAGE.text_width_mm) - swatch]
    rows = [f'<w:tr>{_cell_xml(widths[0], "", ids["legend"], fill=MARK_COLOURS[mark])}'
            f'{_cell_xml(widths[1], text, ids["legend"])}</w:tr>' for mark, text in entries]
    _add_table_xml(document, widths, rows)


def _chart(document, png: bytes, style_id: str, shape_id: int):
    """The chart as a picture across the text width: the PDF's drawing, rasterised. `shape_id` is
    the picture's id in the document (python-docx would search the whole document for the next)."""
    paragraph = _styled_paragraph(document, style_id)
    r_id, image = document.part.get_or_add_image(io.BytesIO(png))
    width, height = image.scaled_dimensions(Mm(layout.PAGE.text_width_mm), None)
    paragraph.add_run()._r.add_drawing(CT_Inline.new_pic_inline(shape_id, r_id, image.filename, width, height))
    return paragraph


def write_blocks(document, blocks: list[Block], ids: dict[str, str]) -> None:
    """Write the blocks into `document`, each paragraph in its style of the table. A page break makes
    the next paragraph start a new page; a table is kept apart from what follows on its page by an
    empty paragraph (Word would merge two adjacent tables into one)."""
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH).style_id
    styles = {key: None if style_id == default else style_id for key, style_id in ids.items()}
    charts = [b for b in blocks if isinstance(b, Chart)]
    if charts:
        from .report_charts import chart_pngs

        pictures = dict(zip(map(id, charts), chart_pngs(charts, layout.PAGE.text_width_mm), strict=True))
        shape_id = document.part.next_id  # the pictures' ids, one after another
    last = None  # the last paragraph written
    new_page = False
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        paragraph = None
        if isinstance(block, BreakBlock):
            if isinstance(following, Text | Line | Chart):
                new_page = True
            else:
                document.add_page_break()
            continue
        if isinstance(block, Text | Line):
            paragraph = _styled_paragraph(document, styles[block.style])
            _add_text(paragraph._p, block.text if isinstance(block, Text) else f"{block.left}\t{block.right}")
        elif isinstance(block, Gap):
            if last is not None:
                last.paragraph_format.space_after = Pt(block.points)
        elif isinstance(block, TableBlock):
            size = block.size if block.size and block.size != layout.style("table_text").size else None
            add_table(document, block.table, ids, size=size)
        elif isinstance(block, Legend):
            _legend(document, block.entries, ids)
        elif isinstance(block, Chart):
            paragraph = _chart(document, pictures[id(block)], styles["picture"], shape_id)
            shape_id += 1
        if paragraph is not None:
            if new_page:
                paragraph.paragraph_format.page_break_before = True
                new_page = False
            if getattr(block, "keep_with_next", False):
                paragraph.paragraph_format.keep_with_next = True
            if isinstance(block, Text) and layout.style(block.style).at_page_foot:
                _at_page_foot(document, paragraph)
            last = paragraph
        elif isinstance(block, TableBlock | Legend) and following is not None \
                and not isinstance(following, BreakBlock):
            last = document.add_paragraph()


def new_document(font_name: str = DOCX_FONT_NAME, *, reports: bool = False):
    """An empty Document with the program's page set-up and styles (the reports' ones too when
    `reports`); returns it and the style ids by key."""
    document = Document()
    ids = _setup_styles(document, font_name, reports=reports)
    _add_font_fallback(document, font_name)
    _setup_hyphenation(document)
    _setup_section(document)
    return document, ids


def _core_property(text: str) -> str:
    """A file property holds at most 255 characters (python-docx refuses more): a long title is cut."""
    return text if len(text) <= 255 else text[:254] + "…"


def set_properties(document, *, title: str, subject: str, author: str) -> None:
    """The file's properties, in Russian, without python-docx's placeholder comments."""
    props = document.core_properties
    props.title = _core_property(title)
    props.subject = _core_property(subject)
    props.author = _core_property(author)
    props.language = "ru-RU"
    props.comments = ""
    props.keywords = ""


def build_order_docx(doc: OrderDocument, *, font_name: str = DOCX_FONT_NAME):
    """The python-docx Document for `doc` (not saved)."""
    document, ids = new_document(font_name)
    set_properties(document, title=doc.document_title(), subject=doc.title, author=doc.letterhead.full_name)
    write_blocks(document, order_blocks(doc), ids)
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
