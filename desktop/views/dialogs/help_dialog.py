"""«Справка» (F1): the program's own Russian pages from resources/help, opened on the page of the tab or
dialog the user is in; the pages are listed on the left, and «Найти» searches them all."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.paths import resources_dir

PAGES = ("index", "today", "roadmap", "schools", "results", "orders", "data", "keys")  # in the list's order
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def help_folder() -> Path:
    return resources_dir() / "help"


def page_title(page: str) -> str:
    found = _TITLE.search((help_folder() / f"{page}.html").read_text(encoding="utf-8"))
    return html.unescape(found.group(1).strip()) if found else page


def page_text(page: str) -> str:
    """The page's words, as the search compares them (tags left out, case folded)."""
    markup = (help_folder() / f"{page}.html").read_text(encoding="utf-8")
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split()).casefold()


class HelpDialog(QDialog):
    def __init__(self, page: str = "index", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Справка — МСОКО")  # not «… Desktop — МСОКО»: Qt adds the name
        self.resize(940, 660)  # the page holds the pictures of the window (620 px) without scrolling sideways
        self.search = QLineEdit()
        self.search.setPlaceholderText("Найти в справке…")
        self.search.setClearButtonEnabled(True)
        self.pages = QListWidget()
        self.pages.setMaximumWidth(240)
        self._texts = {}
        for name in PAGES:
            item = QListWidgetItem(page_title(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.pages.addItem(item)
            self._texts[name] = page_text(name)
        self.browser = QTextBrowser()
        self.browser.setSearchPaths([str(help_folder())])
        self.browser.setOpenExternalLinks(False)
        self.found = QLabel()

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.pages, 1)
        left.addWidget(self.found)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.browser, 1)

        self.pages.currentItemChanged.connect(self._show_item)
        self.browser.sourceChanged.connect(self._select_shown)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.find_next)
        self.show_page(page)

    @property
    def shown_page(self) -> str:
        return Path(self.browser.source().toLocalFile() or self.browser.source().path()).stem

    def show_page(self, page: str) -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(help_folder() / f"{page if page in PAGES else 'index'}.html")))
        self._select_shown()

    def _show_item(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self.shown_page:
            self.show_page(item.data(Qt.ItemDataRole.UserRole))
            if self.search.text().strip():
                self.find_next()

    def _select_shown(self) -> None:
        for row in range(self.pages.count()):
            if self.pages.item(row).data(Qt.ItemDataRole.UserRole) == self.shown_page:
                self.pages.blockSignals(True)
                self.pages.setCurrentRow(row)
                self.pages.blockSignals(False)

    def _filter(self, text: str) -> None:
        """Only the pages holding every word typed; the first of them shown, the words found in it."""
        words = text.casefold().split()
        matching = [name for name in PAGES if all(w in self._texts[name] for w in words)]
        for row in range(self.pages.count()):
            item = self.pages.item(row)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) not in matching)
        if not words:
            self.found.setText("")
            return
        self.found.setText(f"Найдено страниц: {len(matching)}" if matching else "Ничего не найдено")
        if matching and self.shown_page not in matching:
            self.show_page(matching[0])
        if matching:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.find_next()

    def find_next(self) -> None:
        """The next place of the first word typed in the page shown (Enter), from the top again at its end."""
        words = self.search.text().split()
        if not words:
            return
        if not self.browser.find(words[0]):
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.find(words[0], QTextDocument.FindFlag(0))


# the page each window opens on, by its class; the main window's by its current tab (main_window.py)
DIALOG_PAGES = {
    "OrderEditorDialog": "orders", "DocumentPreviewDialog": "orders", "OrdersJournalDialog": "orders",
    "OfficeDialog": "orders", "UsbDialog": "orders", "ResultsImportDialog": "results", "ScaleDialog": "results",
    "RulesDialog": "results", "MinScoresDialog": "results", "RoadmapImportDialog": "roadmap",
    "OverdueDialog": "roadmap", "SchoolDialog": "schools", "SchoolCardDialog": "schools", "SchoolsImportDialog": "schools",
    "RestoreDialog": "data", "TargetedDialog": "schools",
}


def page_for(window: QWidget | None) -> str:
    if window is None:
        return "index"
    page = getattr(window, "help_page", None)
    if callable(page):
        return page()
    return DIALOG_PAGES.get(type(window).__name__, "index")
