"""`msoko selftest --out FILE`, run in-process on the offscreen platform as the installer's Windows
workflow runs it on the `windows` one."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl

from desktop.cli import selftest_cmd


def selftest(out: Path) -> int:
    parser = argparse.ArgumentParser()
    selftest_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["selftest", "--out", str(out)])
    return args.func(args)


def test_selftest_writes_ok_the_platform_and_three_documents(tmp_path, data_dir, qapp):
    out = tmp_path / "result" / "selftest.txt"
    assert selftest(out) == 0
    report = out.read_text(encoding="utf-8").splitlines()
    assert report[0] == "SELFTEST OK"
    assert "platform: offscreen" in report
    cells = [cell.value for row in openpyxl.load_workbook(out.with_suffix(".xlsx")).active.iter_rows() for cell in row]
    assert "Самопроверка" in cells
    paragraphs = [p.text for p in docx.Document(str(out.with_suffix(".docx"))).paragraphs]
    assert any("О самопроверке программы МСОКО" in text for text in paragraphs)
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "О самопроверке программы МСОКО" in text and "Приложение № 1" in text
    assert not (data_dir / "settings.ini").exists()  # the window's settings went to a temporary folder


def test_a_failure_is_written_to_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(selftest_cmd, "DEPENDENCIES", ("no_such_module_for_selftest",))
    out = tmp_path / "selftest.txt"
    assert selftest(out) == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("SELFTEST FAILED") and "no_such_module_for_selftest" in text


def test_the_command_module_loads_no_qt():
    code = "import json, sys, desktop.cli.selftest_cmd; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert not [name for name in loaded if name.startswith(("PySide6", "openpyxl", "reportlab", "docx"))]
