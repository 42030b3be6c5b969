"""The pictures of the window in the help (resources/help/images), taken from the demo district.

    python docs/help_pictures.py

Run again after the window changes: each tab of the main window is shown at 1100×660 without a display
(Qt's offscreen platform), waited on until its work in the background is done, grabbed and scaled to
`WIDTH` pixels, the width the help window shows it at (the pages' <img width>).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WIDTH = 620  # px: the help window's page at its first size (help_dialog.py) holds it without scrolling
WINDOW = (1100, 660)
TABS = ("today", "roadmap", "schools", "results")


def settle(app, seconds: float = 4.0) -> None:
    """Events processed until the work started in the background (flags, charts) is done."""
    from desktop.views import jobs

    started = time.monotonic()
    while time.monotonic() < started + seconds:
        app.processEvents()
        # the start page's flags begin 0.3 s after it is built (start_page.FLAGS_DELAY_MS)
        if time.monotonic() > started + 0.6 and jobs.pool().activeThreadCount() == 0:
            break
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def save(grabbed, target: Path) -> None:
    from PySide6.QtCore import Qt

    picture = grabbed.toImage().scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    if not picture.save(str(target)):
        raise RuntimeError(f"not saved: {target}")
    print(f"{target.relative_to(ROOT)}: {picture.width()}×{picture.height()}, {target.stat().st_size // 1024} KB")


def editor_picture(app, window):
    """The order editor on the demo plan's order of approval, as «Приказ…» of the roadmap tab opens it."""
    from datetime import date

    from desktop.services import orders
    from desktop.views.dialogs.order_editor import OrderEditorDialog

    window.show_tab("roadmap")
    tab = window.roadmap_tab.ensure_built()
    document = orders.PLAN_ORDERS["roadmap"](window.db, tab.roadmap.id, "", date.today())
    dialog = OrderEditorDialog(document, window.db, window)
    dialog.resize(1000, 640)
    dialog.show()
    settle(app, 1.0)
    grabbed = dialog.grab()
    dialog.close()
    return grabbed


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="msoko_help_pictures_"))
    os.environ["MSOKO_DATA_DIR"] = str(folder / "data")  # the user's own settings stay untouched
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.demo import build_demo
    from desktop.services.database import open_database
    from desktop.views.app import DesktopApp
    from desktop.views.russian import install_russian

    db_path = folder / "demo.sqlite"
    db = open_database(db_path)
    build_demo(db)
    db.close()
    app = QApplication(sys.argv[:1])
    install_russian(app)
    desktop = DesktopApp(db_path)
    window = desktop.open(db_path)
    window.resize(*WINDOW)
    window.db_label.setText("База: C:\\Users\\Методист\\AppData\\Local\\MSOKO\\msoko.sqlite")  # as on an office PC
    window.show()
    out = ROOT / "resources" / "help" / "images"
    out.mkdir(parents=True, exist_ok=True)
    try:
        for tab in TABS:
            window.show_tab(tab)
            settle(app)
            save(window.grab(), out / f"{tab}.png")
        save(editor_picture(app, window), out / "orders.png")
    finally:
        desktop.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
