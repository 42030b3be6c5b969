"""`msoko selftest` where Qt is installed but cannot be loaded (under wine: Qt6Core.dll needs Windows'
icuuc.dll): the window is reported as not checked, with the reason; a missing Qt still fails."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from desktop.cli import selftest_cmd

REAL_IMPORT = importlib.import_module


def selftest(out: Path) -> int:
    parser = argparse.ArgumentParser()
    selftest_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["selftest", "--out", str(out)])
    return args.func(args)


def refusing(error: ImportError, asked: list[str]):
    def import_module(name, *args, **kwargs):
        asked.append(name)
        if name.startswith("PySide6.Qt"):
            raise error
        if name in selftest_cmd.WINDOW_DEPENDENCIES:
            raise AssertionError(f"{name} imported although Qt does not load")
        return REAL_IMPORT(name, *args, **kwargs)

    return import_module


def test_qt_that_does_not_load_leaves_the_window_not_checked(tmp_path, data_dir, monkeypatch):
    asked = []
    error = ImportError("DLL load failed while importing QtCore: Module not found.")
    monkeypatch.setattr(selftest_cmd.importlib, "import_module", refusing(error, asked))
    out = tmp_path / "selftest.txt"
    assert selftest(out) == 0
    report = out.read_text(encoding="utf-8").splitlines()
    assert report[0] == "SELFTEST OK"
    assert report[1] == ("window: не проверено — Qt не загружается на этом компьютере: "
                         "PySide6.QtCore: DLL load failed while importing QtCore: Module not found.")
    assert not [line for line in report if line.startswith(("platform:", "qt:"))]  # the Windows workflow fails
    assert [line.split(" (")[0] for line in report if line.startswith("wrote:")] == [
        "wrote: selftest.xlsx", "wrote: selftest.docx", "wrote: selftest.pdf"]
    assert {"openpyxl", "python_calamine", "reportlab", "pypdfium2"} <= set(asked)
    assert not set(asked) & {"numpy", "pyqtgraph"}


def test_a_qt_that_is_not_installed_fails(tmp_path, monkeypatch):
    error = ModuleNotFoundError("No module named 'PySide6.QtCore'", name="PySide6.QtCore")
    monkeypatch.setattr(selftest_cmd.importlib, "import_module", refusing(error, []))
    out = tmp_path / "selftest.txt"
    assert selftest(out) == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("SELFTEST FAILED") and "No module named 'PySide6.QtCore'" in text
