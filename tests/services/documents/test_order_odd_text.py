"""Odd text in an order — emoji, combining marks, right-to-left words, words longer than a line, soft
hyphens, zero-width characters, full-width letters — renders to PDF and DOCX without breaking the layout:
every word the font can draw is in the PDF's text, and none lies outside the page's margins.

Characters Liberation Serif has no glyph for (emoji, Arabic, full-width Latin) are not drawn in the
PDF; Hebrew is drawn in logical order (reportlab has no bidi). Word draws all of them with its font
fallback, so the DOCX must hold the text exactly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from reportlab.lib.units import mm

from desktop.services.documents.docx_writer import render_order_docx
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
from desktop.services.documents.pdf import MARGINS_MM, render_order_pdf

LONG_WORD = "Сверхдлинноеназваниеобразовательнойорганизации" * 6  # ~280 letters, no break opportunity
ODD = {
    "emoji": "Праздник 🎓📚👩‍🏫 знаний",
    "combining": "Зачёт и\u0306 ё\u0308 на́ча́льной школы",
    "right-to-left": "Школа מדרשה и مدرسة رقم ١",
    "long word": LONG_WORD,
    "long address": "https://edu.example.org/" + "раздел/" * 30,
    "soft hyphen and zero width": "обще\u00adобразовательная\u200bорганизация",
    "full width": "ＷＩＤＥ буквы",
}
# Words the PDF must show: everything Liberation Serif has glyphs for
DRAWN = ["Праздник", "знаний", "Зачёт", "школы", "Школа", "Сверхдлинноеназвание", "https://edu.example.org/",
         "буквы"]
TOLERANCE = 1.0  # points: pdftotext's boxes include side bearings


def odd_order() -> OrderDocument:
    texts = list(ODD.values())
    return OrderDocument(
        letterhead=Letterhead("Управление образования " + ODD["emoji"], "ул. " + ODD["right-to-left"],
                              short_name_genitive="управления образования"),
        kind="ПРИКАЗ",
        date=date(2026, 9, 1),
        number="57-" + LONG_WORD[:30],
        place="с. " + ODD["combining"],
        title="Об итогах " + " ".join(texts),  # longer than the 255 characters of a file property
        preamble=" ".join(texts),
        clauses=[Clause(text, responsible=ODD["emoji"], deadline=LONG_WORD[:50],
                        children=[Clause(LONG_WORD + " " + ODD["full width"])]) for text in texts],
        signature=Signature("Начальник " + LONG_WORD, "И. П. " + ODD["combining"]),
        executor=Executor("Исполнитель " + ODD["emoji"], "8 (49200) 2-11-23 " + LONG_WORD[:40]),
        appendices=[Appendix(1, "План " + ODD["long address"], [Table(
            ["№", "Мероприятие " + LONG_WORD, "Срок", "Ответственные"],
            [TableRow([f"{n}.", text, LONG_WORD, ODD["right-to-left"]]) for n, text in enumerate(texts, 1)],
            [0.6, 4, 1.6, 2],
        )])],
    )


needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdftotext(*args) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *map(str, args), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")  # reportlab writes an emoji of the title as two surrogates


@needs_poppler
def test_pdf_keeps_every_word_within_the_margins(tmp_path):
    path = tmp_path / "приказ.pdf"
    render_order_pdf(odd_order(), path)
    boxes = pdftotext("-bbox", path)
    pages = boxes.split("<page ")[1:]
    assert len(pages) >= 2
    outside = []
    for page in pages:
        width, height = map(float, _PAGE.match("<page " + page).groups())
        left, right = MARGINS_MM["left"] * mm - TOLERANCE, width - MARGINS_MM["right"] * mm + TOLERANCE
        for x0, y0, x1, y1, word in _WORD.findall(page):
            if float(x0) < left or float(x1) > right or float(y0) < 0 or float(y1) > height:
                outside.append((word[:40], x0, x1))
    assert not outside, outside[:10]
    text = " ".join(pdftotext(path).split())
    for word in DRAWN:
        assert word in text, word
    # a word longer than the line is cut into pieces, none of them lost
    assert text.replace(" ", "").count("Сверхдлинноеназвание") >= 6 * 5


def test_docx_holds_the_text_exactly(tmp_path):
    path = tmp_path / "приказ.docx"
    render_order_docx(odd_order(), path)
    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for name, text in ODD.items():
        assert text in body, name
    assert ODD["right-to-left"] in cells and LONG_WORD in cells
    title = document.core_properties.title
    assert len(title) == 255 and title.endswith("…") and title.startswith("Приказ от 01.09.2026")
