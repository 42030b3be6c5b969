"""The analytic report of a kind and year, read back from the PDF, the DOCX and the XLSX it is written to.

The demo district is built once for the module; one of its schools is renamed to a formula-like
name, which must come out as text everywhere. PDF checks read the file with poppler as a reader or a
printer sees it.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from docx import Document

from desktop.demo import build_demo
from desktop.errors import UserError
from desktop.models.db import transaction
from desktop.models.schools import SchoolsRepository
from desktop.services.database import open_database
from desktop.services.documents.model import format_value
from desktop.services.documents.report_model import MARK_COLOURS, ReportDocument, ReportTable
from desktop.services.indicators import indicators
from desktop.services.results_report import RULE_NAMES, results_report, save_report
from desktop.services.rules import flags_for_year

TODAY = date(2026, 11, 23)
HOSTILE = '=HYPERLINK("http://example.invalid","Школа")'
needs_poppler = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdfinfo", "pdfimages")),
    reason="poppler-utils not installed",
)


def run(*args) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def in_order(text: str, within: str) -> bool:
    """Every word of `text` in `within`, in its order (other words may stand between them)."""
    words = iter(within.split())
    return all(any(word == other for other in words) for word in text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    db = open_database(folder / "demo.sqlite")
    build_demo(db, TODAY)
    schools = SchoolsRepository(db)
    osinovka = schools.find_by_code("edu990109")
    with transaction(db):
        schools.update(dataclasses.replace(osinovka, short_name=HOSTILE))
    yield db, folder
    db.close()


@pytest.fixture(scope="module")
def vpr(demo):
    db, folder = demo
    document = results_report(db, "впр", 2026, today=TODAY)
    files = {}
    for suffix in ("pdf", "docx", "xlsx"):
        files[suffix] = folder / f"итоги ВПР.{suffix}"
        save_report(document, files[suffix])
    return document, files


@needs_poppler
def test_pdf_holds_the_district_figures_every_school_and_the_rules(demo, vpr):
    db, _ = demo
    document, files = vpr
    text = run("pdftotext", "-layout", files["pdf"], "-")
    whole = flat(text)
    assert "Аналитический отчёт о результатах ВПР 2026 года" in whole
    assert "Управление образования администрации Заречного муниципального округа" in whole

    # Each district row of the municipal table, in subject and grade order, figure by figure as
    # indicators() computes them.
    table = indicators(db, "ВПР", 2026)
    position = 0
    for row in sorted(table.municipality, key=lambda r: (r.subject, r.grade)):
        figures = [str(row.marked), *(format_value(v, f) for v, f in (
            (row.pass_rate, "percent"), (row.quality_rate, "percent"), (row.mean_mark, "decimal"),
            (row.sou, "percent"), (row.share_2, "percent"), (row.change["quality_rate"], "change")))]
        found = re.compile(r"\s+".join(map(re.escape, figures))).search(text, position)
        assert found, f"{row.subject} {row.grade}: {figures} not found after position {position}"
        position = found.end()

    for row in table.schools:
        if row.name != HOSTILE:  # one long word: cut in the table and shortened in chart labels
            assert row.name in whole, row.name  # chart labels hold whole names
    assert '=HYPERLINK("http' in whole

    assert "3. Сработавшие правила" in whole
    # drawing order: each table cell whole; a tall row that continues on the next page has the page
    # number and the repeated header between its halves
    raw = re.sub(r"\f\s*\d+\nШкола Признак Правило Основание \(числа\)\n", "\n",
                 run("pdftotext", "-raw", files["pdf"], "-"))
    cells = flat(raw)
    report = flags_for_year(db, 2026)
    for flag in report.flags:
        # a row split at its first lines continues every cell on the next page: the name and the rule's
        # lines left over stand between the explanation's halves
        assert flat(flag.explanation) in cells or in_order(flag.explanation, cells), flag.explanation
        assert in_order(RULE_NAMES[flag.rule], cells)
    assert "второй год подряд менее 40%: математика (8 класс)" in whole


@needs_poppler
def test_pdf_is_a4_with_embedded_liberation_serif_and_vector_charts(vpr):
    document, files = vpr
    fonts = run("pdffonts", files["pdf"]).splitlines()[2:]
    assert fonts and all("LiberationSerif" in line and " yes " in line for line in fonts), fonts
    info = run("pdfinfo", files["pdf"])
    assert "595.276 x 841.89" in info
    assert len(document.charts()) >= 10
    images = run("pdfimages", "-list", files["pdf"]).splitlines()
    assert images[2:] == [], images  # charts are drawn, not pasted as pictures
    pages = run("pdftotext", "-layout", files["pdf"], "-").split("\f")
    assert pages[1].strip().startswith("2") and not pages[0].strip().startswith("1")  # numbers from page 2


def test_docx_holds_the_same_tables_headings_and_a_picture_per_chart(vpr):
    document, files = vpr
    docx = Document(files["docx"])
    tables = [[[c.text.replace("\u00a0", " ") for c in row.cells] for row in t.rows] for t in docx.tables]
    model_tables = document.tables()
    data_tables = [t for t in tables if len(t[0]) > 2]  # legends have two columns
    assert len(data_tables) == len(model_tables)
    for model, read in zip(model_tables, data_tables, strict=True):
        # a break typed in a header («Участ-\nников») is Word's optional hyphen: the word reads whole
        assert read[0] == [h.replace("-\n", "") for h in model.header]
        expected = [model.row_texts(r) if not r.is_section else [r.section_text] * len(model.header)
                    for r in model.rows]
        assert read[1:] == expected
    assert len(docx.inline_shapes) == len([c for c in document.charts() if not c.is_empty])
    headings = [p.text.replace("\u00a0", " ") for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["1. Общие итоги по муниципалитету", "2. Результаты по предметам и классам"]
    assert "Математика, 8 класс" in headings and headings[-2:] == ["3. Сработавшие правила", "4. Выводы"]
    # the header row of every data table repeats on each page; marked cells are shaded
    xml = docx.element.xml
    assert xml.count("<w:tblHeader/>") >= len(model_tables)
    assert f'w:fill="{MARK_COLOURS["low"]}"' in xml and f'w:fill="{MARK_COLOURS["risk"]}"' in xml


def test_xlsx_has_sheets_formats_marks_and_never_a_formula(vpr):
    document, files = vpr
    workbook = openpyxl.load_workbook(files["xlsx"])
    assert workbook.sheetnames == ["Муниципалитет", "Школы", "Правила", "Признаки по годам", "Диаграммы"]
    for ws in workbook:
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    schools = workbook["Школы"]
    hostile = [c for row in schools.iter_rows() for c in row if c.value == HOSTILE]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)
    header = [c.value for c in schools[4]]
    assert header[:4] == ["Школа", "Участников", "Успеваемость, %", "Качество, %"]
    quality = header.index("Качество, %") + 1
    rows = [r for r in schools.iter_rows(min_row=5) if isinstance(r[quality - 1].value, float)]
    assert rows and all(r[quality - 1].number_format == "0.0%" for r in rows)
    model = next(t for t in document.tables() if t.sheet == "Школы")
    marked = [(r, c) for r in model.rows for c, mark in r.marks.items() if mark == "low" and c == 3]
    assert marked
    filled = [r for r in rows if r[quality - 1].fill.fgColor.rgb.endswith(MARK_COLOURS["low"])]
    assert filled  # low quality is filled in the workbook too


def test_marks_follow_the_rule_settings(demo, vpr):
    db, _ = demo
    document, _ = vpr
    kamenka = [row for t in document.tables() if isinstance(t, ReportTable) and t.sheet == "Школы"
               for row in t.rows if row.cells[0] == "МКОУ «СОШ с. Каменка»"]
    assert kamenka and all(row.marks.get(0) == "low" for row in kamenka)  # a low-results school
    raising = [row for t in document.tables() if t.sheet == "Школы" for row in t.rows
               if row.cells[0] == "МБОУ «СОШ № 4 г. Приреченска»"]
    assert all(row.marks.get(0) == "risk" and row.marks.get(7) == "risk" for row in raising)  # «повысили»
    rules = next(t for t in document.tables() if t.sheet == "Правила")
    assert {row.cells[0] for row in rules.rows} == {f.name for f in flags_for_year(db, 2026).flags}


@needs_poppler
def test_ege_is_reported_by_test_scores(demo, tmp_path):
    db, _ = demo
    document = results_report(db, "ЕГЭ", 2026, today=TODAY)
    out = tmp_path / "егэ.pdf"
    save_report(document, out)
    whole = flat(run("pdftotext", "-layout", out, "-"))
    russian = next(r for r in indicators(db, "ЕГЭ", 2026).municipality if r.subject == "Русский язык")
    assert format_value(russian.mean_test, "score") in whole
    assert "распределение тестовых баллов по школам" in whole and "81–100" in whole
    assert "к результатам ЕГЭ они не относятся" in whole


def test_no_results_and_a_wrong_suffix_are_russian_errors(demo_db, tmp_path):
    with pytest.raises(UserError, match=r"^Нет результатов ЕГЭ за 2025 год\.$"):
        results_report(demo_db, "егэ", 2025)
    with pytest.raises(UserError, match="Неизвестная оценочная процедура"):
        results_report(demo_db, "ЕГ", 2025)
    document = ReportDocument(title="Пустой отчёт")
    with pytest.raises(UserError, match="PDF, DOCX или XLSX"):
        save_report(document, tmp_path / "отчёт.txt")
    assert not (tmp_path / "отчёт.txt").exists()


def _conclusions(document) -> list[str]:
    from desktop.services.documents.report_model import Heading, Paragraph

    at = next(i for i, b in enumerate(document.blocks) if isinstance(b, Heading) and b.text == "4. Выводы")
    return [b.text for b in document.blocks[at + 1:] if isinstance(b, Paragraph)]


def test_the_report_ends_with_conclusions_written_from_its_figures(demo, vpr):
    from desktop.services.results_report import NOTABLE_CHANGE

    db, _ = demo
    document, _ = vpr
    conclusions = _conclusions(document)
    assert conclusions, "no conclusions"
    table = indicators(db, "ВПР", 2026)
    single = len({r.grade for r in table.municipality}) == 1
    for row in table.municipality:  # every notable change of quality is named with its sign
        change = row.change["quality_rate"] if row.change else None
        spelled = row.subject.lower() if single else f"{row.subject.lower()}, {row.grade} класс"
        named = f"{spelled} ({format_value(change, 'change')} п. п.)" if change is not None else None
        said = any(named in text for text in conclusions) if named else False
        assert said == (change is not None and abs(change) >= NOTABLE_CHANGE["quality_rate"]), (spelled, change)
    flagged = sorted({f.name for f in flags_for_year(db, 2026).flags if f.flag == "low_results"})
    assert any(all(name in text for name in flagged) and "низкими образовательными результатами" in text
               for text in conclusions)
    worst = max((r for r in table.municipality if r.share_2), key=lambda r: r.share_2)
    assert any("Наибольшая доля отметок «2»" in t and worst.subject.lower() in t for t in conclusions)


def test_ege_conclusions_speak_of_test_scores(demo):
    db, _ = demo
    conclusions = _conclusions(results_report(db, "ЕГЭ", 2026, today=TODAY))
    assert conclusions and not any("Качество обучения" in t or "«2»" in t for t in conclusions)


@needs_poppler
def test_the_report_is_signed_by_the_head_and_names_its_compiler_on_its_last_page(demo, vpr):
    from desktop.models.office import load_office

    db, _ = demo
    office = load_office(db)
    _, files = vpr
    pages = run("pdftotext", "-layout", files["pdf"], "-").split("\f")
    last = flat(next(p for p in reversed(pages) if p.strip()))
    conclusions_at = last.rfind("Выводы") if "Выводы" in last else 0
    signature_at = last.find(flat(office.head_name))
    assert signature_at > conclusions_at, "the head's name is not after the conclusions on the last page"
    assert flat(office.head_position.split("\n")[0]) in last
    assert last.find(office.executor_name) > signature_at and office.executor_phone in last
    body = [p.text for p in Document(files["docx"]).paragraphs if p.text.strip()]
    words = " ".join(" ".join(body[-4:]).split())
    assert office.head_name in words and office.executor_name in words


def test_a_report_of_an_office_without_a_head_has_no_empty_signature(demo_db):
    from desktop.models.office import Office
    from desktop.services.documents.report_model import ReportDocument

    document = ReportDocument(title="Отчёт")
    document.signed("", "", "", "")
    assert document.signature is None and document.compiler is None
    document.signed("Начальник", "А. Б. Иванова", "В. Г. Петрова", "")
    assert (document.signature.name, document.compiler.name, document.compiler.phone) == (
        "А. Б. Иванова", "В. Г. Петрова", None)
    assert Office().head_name == ""
