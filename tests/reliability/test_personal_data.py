"""Pupils' names: not stored unless the user keeps them (`--keep-names`); kept, they leave the database by
no export — schools list, results template, analytic report (PDF, DOCX, Excel), results order, execution
report, indicators and flags, self-test — and the log never holds them, even at DEBUG level.

The protocol's pupils have invented names found nowhere else, so finding one anywhere is a leak.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.builders.result_files import RCOI_SCHOOL_CODES, ExamBlock, exam_students, write_rcoi_protocol
from tests.cli.run import msoko

NAMES = [("Шмурдяковская", "Евлампия", "Кондратьевна"), ("Пупырышкин", "Варфоломей", "Акакиевич"),
         ("Кукушкина-Затейливая", "Серафима", "Фортунатовна")]
WORDS = sorted({word for name in NAMES for word in name})


def invented(students):
    return [dataclasses.replace(s, last_name=NAMES[i % 3][0], first_name=NAMES[i % 3][1], patronymic=NAMES[i % 3][2])
            for i, s in enumerate(students)]


@pytest.fixture(scope="module")
def protocol(tmp_path_factory) -> Path:
    blocks = [ExamBlock(2, "Математика", "2026.06.05", invented(exam_students(9, seed=3))),
              ExamBlock(12, "Обществознание", "2026.07.03", invented(exam_students(6, seed=4)))]
    return write_rcoi_protocol(tmp_path_factory.mktemp("protocol") / "протокол.xlsx", blocks=blocks).path


def office_db(folder: Path) -> Path:
    """The demo district with the protocol's schools matched, as a user would match them."""
    db = folder / "office.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    for school_id, code in enumerate(RCOI_SCHOOL_CODES, 1):
        assert msoko("results", "alias", f"Код ОО {code}", "--school", str(school_id), "--db", db).returncode == 0
    return db


def stored_names(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*), count(full_name) FROM student_results "
                            "WHERE import_id = (SELECT max(id) FROM result_imports)").fetchone()
    finally:
        conn.close()


def import_at_debug(db: Path, protocol: Path, data: Path, *extra: str) -> subprocess.CompletedProcess:
    """`msoko results import` with the log at DEBUG level (the command line logs INFO and up)."""
    code = ("import logging, sys; from desktop.logs import setup_logging; setup_logging(logging.DEBUG); "
            "from desktop.cli.main import run; sys.exit(run(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, "results", "import", str(protocol), "--db", str(db), "--replace", *extra],
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "MSOKO_DATA_DIR": str(data)})


def xml_text(data: bytes) -> str:
    """Texts and attribute values of an XML part, character references resolved (openpyxl writes
    Cyrillic as «&#1055;»: a byte search would find nothing)."""
    parts = []
    for element in ElementTree.fromstring(data).iter():
        parts += [element.text or "", element.tail or "", *element.attrib.values()]
    return " ".join(parts)


def text_of(path: Path) -> str:
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(xml_text(archive.read(name)) for name in archive.namelist()
                             if name.endswith((".xml", ".rels")))
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8", "replace")
    return path.read_text(encoding="utf-8", errors="replace")


def leaks(text: str) -> list[str]:
    return [word for word in WORDS if word in text]


def test_names_are_not_stored_by_default(protocol, tmp_path):
    db = office_db(tmp_path)
    result = import_at_debug(db, protocol, tmp_path / "data")
    assert result.returncode == 0, result.stderr
    students, with_names = stored_names(db)
    assert students == 15 and with_names == 0
    assert not leaks(result.stdout + result.stderr)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_kept_names_leave_by_no_export_and_never_reach_the_log(protocol, tmp_path):
    db = office_db(tmp_path)
    data = tmp_path / "data"
    result = import_at_debug(db, protocol, data, "--keep-names")
    assert result.returncode == 0, result.stderr
    assert stored_names(db) == (15, 15)  # kept: else the rest of the test proves nothing
    out = tmp_path / "out"
    out.mkdir()
    commands = {
        "schools.xlsx": ["schools", "export", out / "schools.xlsx"],
        "template.xlsx": ["template", "results", "--kind", "ОГЭ", "--year", "2026", "--out", out / "template.xlsx"],
        "order.pdf": ["order", "results", "--kind", "ОГЭ", "--year", "2026", "--number", "7", "--date", "2026-08-20",
                      "--out", out / "order.pdf"],
        "order.docx": ["order", "results", "--kind", "ОГЭ", "--year", "2026", "--number", "8", "--date", "2026-08-20",
                       "--out", out / "order.docx"],
        "execution.xlsx": ["roadmap", "report", "1", "--out", out / "execution.xlsx"],
        **{f"report.{kind}": ["report", "results", "--kind", "ОГЭ", "--year", "2026", "--out", out / f"report.{kind}"]
           for kind in ("pdf", "docx", "xlsx")},
    }
    printed = []
    for name, command in commands.items():
        done = msoko(*command, "--db", db, env={"MSOKO_DATA_DIR": str(data)}, timeout=180)
        assert done.returncode == 0, (name, done.stderr)
        assert (out / name).is_file(), name
        printed.append(done.stdout + done.stderr)
    for command in (["results", "indicators", "--kind", "ОГЭ", "--year", "2026", "--json"],
                    ["results", "flags", "--year", "2026", "--json"]):
        done = msoko(*command, "--db", db, env={"MSOKO_DATA_DIR": str(data)})
        assert done.returncode == 0, done.stderr
        printed.append(done.stdout + done.stderr)
    selftest = msoko("selftest", "--out", out / "selftest.txt", env={"MSOKO_DATA_DIR": str(data), "MSOKO_DB": str(db),
                                                                      "QT_QPA_PLATFORM": "offscreen"}, timeout=180)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    printed.append(selftest.stdout + selftest.stderr)

    assert leaks(text_of(protocol)) == WORDS  # the search finds the names where they are
    found = {path.name: leaks(text_of(path)) for path in sorted(out.iterdir()) if path.is_file()}
    assert len(found) >= len(commands) + 1
    assert not any(found.values()), found
    assert not leaks("\n".join(printed))
    log = "\n".join(path.read_text(encoding="utf-8") for path in (data / "logs").glob("msoko.log*"))
    assert "DEBUG" in log or "INFO" in log  # the import did log
    assert not leaks(log)
