"""msoko selftest --out FILE: does an installed copy work on this computer?

Imports every dependency, opens and closes the main window on a temporary demo database, writes an
.xlsx, a .docx and a PDF beside FILE (same name, those suffixes), then writes «SELFTEST OK», the Qt
platform name and the files written to FILE. On failure FILE says «SELFTEST FAILED» and why.
The user's data folder is not touched: the window's settings go to a temporary folder. The Windows
installer's workflow runs this after a silent install.

Where Qt is installed but its libraries cannot be loaded (under wine, Qt6Core.dll needs Windows'
own ICU, icuuc.dll, which wine lacks), the window and its charts (WINDOW_DEPENDENCIES) are reported
as «window: не проверено» with the loader's reason, and no «platform:» line is written; the rest is
checked as usual. A Qt that is not installed at all still fails.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

from desktop.paths import DATA_DIR_ENV

# Every installed dependency, direct or not, by import name (tests/installer keeps it complete).
DEPENDENCIES = (
    "shiboken6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "numpy", "pyqtgraph", "colorama",
    "openpyxl", "et_xmlfile", "python_calamine", "docx", "lxml", "typing_extensions", "reportlab", "PIL",
    "charset_normalizer", "platformdirs", "defusedxml", "pypdfium2", "pymorphy3", "pymorphy3_dicts_ru",
    "dawg_python", "pytrovich", "pyphen",
)
# The window and its charts: skipped, and reported as not checked, when Qt cannot be loaded here. numpy
# is here because only the charts (pyqtgraph) need it; importing it first could crash the process
# where Qt does not load either (wine: ucrtbase.dll's crealf is a stub there).
WINDOW_DEPENDENCIES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "numpy", "pyqtgraph")
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
SUFFIXES = (".xlsx", ".docx", ".pdf")
MAGIC = {".xlsx": b"PK", ".docx": b"PK", ".pdf": b"%PDF"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("selftest", help="проверить, что программа работает на этом компьютере")
    parser.add_argument(
        "--out", metavar="FILE", required=True,
        help="файл для результата проверки; рядом с ним появятся проверочные .xlsx, .docx и .pdf",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        qt_problem = qt_load_problem()
        for name in DEPENDENCIES:
            if not (qt_problem and name in WINDOW_DEPENDENCIES):
                importlib.import_module(name)
        if not qt_problem:
            with TemporaryDirectory(prefix="msoko-selftest-", ignore_cleanup_errors=True) as tmp:
                with mock.patch.dict(os.environ, {DATA_DIR_ENV: str(Path(tmp) / "data")}):
                    platform = open_main_window(Path(tmp) / "selftest.sqlite")
        documents = write_documents(out)
    except Exception:
        out.write_text("SELFTEST FAILED\n" + traceback.format_exc(), encoding="utf-8")
        print(f"Самопроверка не пройдена, подробности в «{out}».", file=sys.stderr)
        return 1
    python = f"python: {sys.version.split()[0]}"
    if qt_problem:
        window = [f"window: не проверено — Qt не загружается на этом компьютере: {qt_problem}", python]
    else:
        from PySide6.QtCore import qVersion

        window = [f"platform: {platform}", python, f"qt: {qVersion()}"]
    report = ["SELFTEST OK", *window, *(f"wrote: {path.name} ({path.stat().st_size} bytes)" for path in documents)]
    out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    return 0


def qt_load_problem() -> str | None:
    """Why Qt's modules, though installed, cannot be loaded here (the loader's message), or None when
    they load. A Qt that is not installed (ModuleNotFoundError) is raised: that is a broken install."""
    for name in QT_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            raise
        except ImportError as error:  # «DLL load failed while importing QtCore: …», a missing libEGL.so.1
            return f"{name}: {error}"
    return None


def open_main_window(db_path: Path) -> str:
    """Show the main window on a demo database, close it; return the Qt platform's name."""
    from PySide6.QtWidgets import QApplication

    from desktop.demo import build_demo
    from desktop.services.database import open_database
    from desktop.views.app import DesktopApp

    db = open_database(db_path)
    try:
        build_demo(db)
    finally:
        db.close()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    desktop = DesktopApp(db_path)
    try:
        window = desktop.open(db_path)
        window.show()
        app.processEvents()
        if not window.isVisible():
            raise RuntimeError("the main window did not show")
    finally:
        desktop.close()
        app.processEvents()
    return app.platformName()


def write_documents(out: Path) -> list[Path]:
    """A one-page order with an appendix table as DOCX and PDF, the table as XLSX; checked non-empty."""
    from desktop.services.documents.docx_writer import render_order_docx
    from desktop.services.documents.model import (
        Appendix,
        Clause,
        Letterhead,
        OrderDocument,
        Signature,
        Table,
        TableRow,
    )
    from desktop.services.documents.pdf import render_order_pdf
    from desktop.services.documents.xlsx_writer import write_table_xlsx

    table = Table(
        header=["№", "Мероприятие", "Срок"],
        rows=[TableRow.section("Самопроверка"), TableRow([1, "Проверить шрифты: «ёЁ», №, —", "сентябрь"])],
        column_widths=[1, 6, 2],
    )
    order = OrderDocument(
        letterhead=Letterhead("Отдел образования"),
        date=date.today(),
        number="1",
        title="О самопроверке программы МСОКО",
        clauses=[Clause("Проверить, что программа открывает окно и сохраняет документы.")],
        signature=Signature("Начальник отдела образования", "И. И. Иванов"),
        appendices=[Appendix(1, "План проверки", tables=[table])],
    )
    xlsx, docx, pdf = paths = [out.with_suffix(suffix) for suffix in SUFFIXES]
    write_table_xlsx(xlsx, [("План", table)], title=order.title)
    render_order_docx(order, docx)
    render_order_pdf(order, pdf)
    for path in paths:
        if not path.read_bytes().startswith(MAGIC[path.suffix]):
            raise RuntimeError(f"{path.name} is not a {path.suffix} file")
    preview_page(pdf)
    return paths


def preview_page(pdf: Path) -> None:
    """The document preview's PDFium (a DLL loaded through ctypes) draws the first page, not blank."""
    from desktop.services.page_images import PdfPages

    with PdfPages(pdf) as pages:
        picture = pages.render(0, dpi=30)
    if min(picture.data) > 200:
        raise RuntimeError(f"page 1 of {pdf.name} is drawn blank")
