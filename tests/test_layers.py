"""The house plan: nothing below the views imports Qt widgets, and the command line starts without Qt."""

import json
import pkgutil
import subprocess
import sys

import desktop


def modules_under(prefix: str) -> list[str]:
    package = __import__(prefix, fromlist=["_"])
    return [m.name for m in pkgutil.walk_packages(package.__path__, prefix + ".")]


def imported_modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_models_and_services_never_import_qt_widgets():
    names = modules_under("desktop.models") + modules_under("desktop.services") + ["desktop.demo", "desktop.errors"]
    assert len(names) > 10
    loaded = imported_modules("\n".join(f"import {n}" for n in names))
    assert "PySide6.QtWidgets" not in loaded
    assert not any(n.startswith("desktop.views") for n in loaded)


def test_cli_listing_schools_loads_no_qt_and_no_document_libraries(demo_db_path):
    loaded = imported_modules(
        "import sys\nfrom desktop.cli.main import run\n"
        f"assert run(['schools', 'list', '--db', {str(demo_db_path)!r}, '--json']) == 0"
    )
    assert not {m for m in loaded if m.startswith(("PySide6", "openpyxl", "reportlab", "docx", "pyqtgraph"))}
    assert desktop.__version__
