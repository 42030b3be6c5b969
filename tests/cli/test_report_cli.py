"""`msoko report results` and `msoko roadmap report --out` as a user runs them: exit codes, messages,
the files written, and no Qt loaded."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from docx import Document

from desktop.demo import build_demo
from desktop.services.database import open_database
from desktop.services.documents.report_model import MARK_COLOURS
from tests.cli.run import msoko

TODAY = date(2026, 11, 23)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-report") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, TODAY)
    db.close()
    return path


def pdf_text(path, mode: str = "-layout") -> str:
    out = subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@needs_poppler
@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx"])
def test_results_report_is_written_and_its_path_printed(demo_path, tmp_path, suffix):
    out = tmp_path / f"итоги ОГЭ 2026{suffix}"
    result = msoko("report", "results", "--kind", "огэ", "--year", "2026", "--out", out, "--db", demo_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.stat().st_size > 0
    if suffix == ".pdf":
        assert "Аналитический отчёт о результатах ОГЭ 2026 года" in pdf_text(out)


def test_results_report_errors_are_one_russian_line_and_exit_2(demo_path, tmp_path):
    cases = [
        (["--kind", "ЕГЭ", "--year", "2030"], "Нет результатов ЕГЭ за 2030 год."),
        (["--kind", "КДР", "--year", "2026"], "Неизвестная оценочная процедура «КДР»"),
    ]
    for args, message in cases:
        result = msoko("report", "results", *args, "--out", tmp_path / "a.pdf", "--db", demo_path)
        assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    wrong = msoko("report", "results", "--kind", "ВПР", "--year", "2026", "--out", tmp_path / "a.odt",
                  "--db", demo_path)
    assert wrong.returncode == 2 and "PDF, DOCX или XLSX, а не «.odt»" in wrong.stderr
    assert not list(tmp_path.glob("a.*"))
    missing = msoko("report", "results", "--kind", "ВПР", "--out", tmp_path / "a.pdf", "--db", demo_path)
    assert missing.returncode == 2 and "--year" in missing.stderr


def test_an_empty_database_has_no_results_of_the_year(tmp_path, db_path, db):
    result = msoko("report", "results", "--kind", "ЕГЭ", "--year", "2025", "--out", tmp_path / "a.pdf",
                   "--db", db_path)
    assert result.returncode == 2 and result.stderr.strip() == "Ошибка: Нет результатов ЕГЭ за 2025 год."


def test_the_report_command_loads_no_qt(demo_path, tmp_path):
    code = (
        "import sys, json\nfrom desktop.cli.main import run\n"
        f"assert run(['report', 'results', '--kind', 'ЕГЭ', '--year', '2026', '--out', {str(tmp_path / 'e.docx')!r},"
        f" '--db', {str(demo_path)!r}]) == 0\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert not {m for m in json.loads(out.splitlines()[-1]) if m.startswith("PySide6")}


@needs_poppler
def test_execution_report_as_pdf_docx_and_xlsx_keeps_the_json(demo_path, tmp_path):
    base = ["roadmap", "report", "1", "--on", "2026-11-23", "--db", demo_path, "--json"]
    plain = msoko(*base)
    assert plain.returncode == 0, plain.stderr
    for suffix in (".pdf", ".docx", ".xlsx"):
        out = tmp_path / f"исполнение{suffix}"
        result = msoko(*base, "--out", out)
        assert result.returncode == 0, result.stderr
        assert result.stdout == plain.stdout  # the JSON is the same, byte for byte
    measures = json.loads(plain.stdout)["measures"]
    overdue = next(m for m in measures if m["overdue"])

    text = pdf_text(tmp_path / "исполнение.pdf")
    assert "Отчёт об исполнении: План мероприятий (дорожная карта)" in text
    assert "Всего 18, выполнено 5, в срок 5 (28% всех мероприятий), просрочено 1 — на 23.11.2026." in text
    assert all(m["number"] in text for m in measures)
    assert "не начато, просрочено" in pdf_text(tmp_path / "исполнение.pdf", "-raw")  # its cell wraps

    docx = Document(tmp_path / "исполнение.docx")
    rows = [[c.text for c in row.cells] for row in docx.tables[0].rows]
    assert len(rows) == 19 and [r[0] for r in rows[1:]] == [m["number"] for m in measures]
    assert next(r for r in rows if r[0] == overdue["number"])[4] == "не начато, просрочено"

    sheet = openpyxl.load_workbook(tmp_path / "исполнение.xlsx").active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert any(str(v).startswith("Всего 18, выполнено 5, в срок 5") for v in values)
    status = next(row[4] for row in sheet.iter_rows() if row[0].value == overdue["number"])
    assert status.value == "не начато, просрочено" and status.fill.fgColor.rgb.endswith(MARK_COLOURS["low"])


def test_execution_report_refuses_an_unknown_format(demo_path, tmp_path):
    result = msoko("roadmap", "report", "1", "--db", demo_path, "--out", tmp_path / "r.csv")
    assert result.returncode == 2 and "PDF, DOCX или XLSX" in result.stderr
    assert not (tmp_path / "r.csv").exists()


def test_the_overdue_list_of_every_plan_goes_to_a_file(tmp_path):
    from docx import Document

    from tests.cli.run import msoko

    db = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    out = tmp_path / "просроченное.docx"
    result = msoko("roadmap", "status", "--on", "2040-01-01", "--out", out, "--db", db)
    assert result.returncode == 0, result.stderr
    document = Document(out)
    text = " ".join(p.text for p in document.paragraphs)
    assert "Просроченные мероприятия во всех планах" in text and "01.01.2040" in text
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows[0][1] == "Мероприятие / поручение" and any(r[0].startswith("План: ") for r in rows[1:])
    wrong = msoko("roadmap", "status", "--out", tmp_path / "список.txt", "--db", db)
    assert wrong.returncode == 2 and "PDF, DOCX или XLSX" in wrong.stderr
