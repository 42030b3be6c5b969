"""The house plan (../shared/architecture.md): data flows one way, views → services → models, and Qt
widgets live only in desktop/views.

Two kinds of check. The source of every module is read with `ast`: each `import` and `from … import`
at any depth (inside functions, methods, `try` and `if` blocks too — most imports of the program sit
inside functions, so that a command or a window pays only for what it uses), relative imports
resolved. And real processes show what loading the modules and running a command pulls in.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import desktop
import desktop.cli

PACKAGE = Path(desktop.__file__).resolve().parent

# The named command modules that open the window: `msoko gui` and `msoko selftest` (which shows the
# main window to prove the installation works). They alone under desktop/cli may import Qt and the
# views, and only inside functions, so that listing the commands (`msoko --help`) loads no Qt.
GUI_COMMANDS = {"desktop.cli.gui_cmd", "desktop.cli.selftest_cmd"}
# Item models hand colours and fonts to the views through Qt's data roles (BackgroundRole,
# ForegroundRole, FontRole): these value classes of QtGui are what desktop/models/qt may use
# beside QtCore. Nothing that draws, nothing from QtWidgets.
QT_MODEL_GUI_VALUES = {"PySide6.QtGui.QBrush", "PySide6.QtGui.QColor", "PySide6.QtGui.QFont"}
QT = ("PySide6", "shiboken6", "pyqtgraph")  # pyqtgraph imports QtWidgets when loaded


@dataclass(frozen=True)
class Import:
    importer: str  # the module whose file holds the statement
    target: str  # what it imports: `import a.b` → a.b; `from a import b` → a.b (a module or a name in a)
    line: int
    in_function: bool  # runs only when a function is called, not when the module is loaded
    relative: bool = False  # written `from .x import y`

    def __str__(self) -> str:
        where = "inside a function" if self.in_function else "when loaded"
        return f"{self.importer} (line {self.line}, {where}) imports {self.target}"


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[Import]:
    importer = module_name(path)
    package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend(Import(importer, alias.name, child.lineno, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:  # from . import x, from ..models import y
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    assert base, f"{importer}: relative import above the package at line {child.lineno}"
                    source = ".".join([*base, child.module] if child.module else base)
                else:
                    source = child.module or ""
                for alias in child.names:
                    target = source if alias.name == "*" else f"{source}.{alias.name}"
                    found.append(Import(importer, target, child.lineno, inside, bool(child.level)))
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return found


def all_imports() -> list[Import]:
    return [found for path in sorted(PACKAGE.rglob("*.py")) for found in imports_of(path)]


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def assert_none_breaks(rule) -> None:
    broken = [str(found) for found in all_imports() if rule(found)]
    assert not broken, "imports against the house plan:\n" + "\n".join(broken)


def test_imports_are_read_at_any_depth_with_relative_ones_resolved():
    found = all_imports()
    assert len({f.importer for f in found}) > 100  # every module file of the package
    assert sum(f.in_function for f in found) > 100  # most imports sit inside functions
    relative = [f for f in found if f.relative]
    assert relative
    for f in relative:  # each names a module of the package, or a name in one
        assert is_module(f.target) or is_module(f.target.rpartition(".")[0]), str(f)


def test_models_services_and_the_core_import_no_qt_and_no_views():
    """desktop/models (but its qt/ item models), desktop/services and the modules beside them (errors,
    paths, demo…) work without Qt: no PySide6 at all, no views, no command line."""

    def breaks(found: Import) -> bool:
        if within(found.importer, "desktop.views", "desktop.cli", "desktop.models.qt"):
            return False
        return within(found.target, *QT, "desktop.views", "desktop.cli", "desktop.models.qt")

    assert_none_breaks(breaks)


def test_qt_item_models_use_qtcore_and_colours_only():
    def breaks(found: Import) -> bool:
        if not within(found.importer, "desktop.models.qt"):
            return False
        if within(found.target, "PySide6.QtCore") or found.target in QT_MODEL_GUI_VALUES:
            return False
        return within(found.target, *QT, "desktop.views", "desktop.services", "desktop.cli")

    assert_none_breaks(breaks)


def test_layers_below_never_import_the_layers_above():
    """Models import no services; nothing below the command line and the views imports them; the
    figures (kinds, fields, their one formatter), which every layer reads, import no layer at all."""
    above = {
        "desktop.figures": ("desktop.models", "desktop.services", "desktop.views", "desktop.cli"),
        "desktop.models": ("desktop.services", "desktop.views", "desktop.cli"),
        "desktop.services": ("desktop.views", "desktop.cli"),
        "desktop.views": ("desktop.cli",),
    }

    def breaks(found: Import) -> bool:
        return any(within(found.importer, layer) and within(found.target, *targets) for layer, targets in above.items())

    assert_none_breaks(breaks)


def test_command_line_imports_qt_only_in_the_commands_that_open_the_window():
    def breaks(found: Import) -> bool:
        if not within(found.importer, "desktop.cli"):
            return False
        if not within(found.target, *QT, "desktop.views", "desktop.models.qt"):
            return False
        return found.importer not in GUI_COMMANDS or not found.in_function

    assert_none_breaks(breaks)
    assert all(name.rpartition(".")[2] in {m.name for m in pkgutil.iter_modules(desktop.cli.__path__)}
               for name in GUI_COMMANDS)


# --- what real processes load ------------------------------------------------------------------------

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
    names = modules_under("desktop.models") + modules_under("desktop.services") + ["desktop.demo", "desktop.errors",
                                                                                  "desktop.figures"]
    assert len(names) > 10
    loaded = imported_modules("\n".join(f"import {n}" for n in names))
    assert "PySide6.QtWidgets" not in loaded
    assert not any(n.startswith("desktop.views") for n in loaded)


def test_listing_the_commands_loads_no_qt():
    """`msoko --help` registers every command module: none of them loads Qt or the views when loaded."""
    loaded = imported_modules("from desktop.cli.main import build_parser\nbuild_parser(['--help'])")
    assert {"desktop.cli.gui_cmd", "desktop.cli.selftest_cmd", "desktop.cli.schools_cmd"} <= loaded
    assert not {m for m in loaded if m.startswith(("PySide6", "pyqtgraph", "desktop.views"))}


def test_cli_listing_schools_loads_no_qt_and_no_document_libraries(demo_db_path):
    loaded = imported_modules(
        "import sys\nfrom desktop.cli.main import run\n"
        f"assert run(['schools', 'list', '--db', {str(demo_db_path)!r}, '--json']) == 0"
    )
    assert not {m for m in loaded if m.startswith(("PySide6", "openpyxl", "reportlab", "docx", "pyqtgraph"))}
    assert desktop.__version__
