"""F1 opens the Russian help on the page of what the user is in; «Найти» searches every page."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views.dialog_events import DialogEvents
from desktop.views.dialogs.help_dialog import PAGES, HelpDialog, help_folder, page_title
from tests.views.helpers import type_text


@pytest.fixture
def main_window(qtbot, demo_db_path):
    from desktop.views.app import DesktopApp

    desktop = DesktopApp(demo_db_path)
    window = desktop.open(demo_db_path)
    window.show()
    yield window
    desktop.close()


def test_every_page_is_shipped_titled_in_russian_and_its_links_lead_to_pages():
    import re

    for page in PAGES:
        markup = (help_folder() / f"{page}.html").read_text(encoding="utf-8")
        assert re.search("[а-я]", page_title(page)), page
        for link in re.findall(r'href="([^"]+)"', markup):
            assert link.removesuffix(".html") in PAGES, (page, link)


def test_f1_in_the_main_window_opens_the_page_of_the_tab_shown(qtbot, main_window):
    window = main_window
    for index, page in enumerate(("today", "roadmap", "schools", "results")):
        window.tabs.setCurrentIndex(index)
        dialog = window.show_help()
        qtbot.addWidget(dialog)
        assert dialog.shown_page == page and dialog.pages.currentItem().text() == page_title(page)
        assert page_title(page) in dialog.browser.toPlainText()
        dialog.close()
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "Справка")
    assert action.shortcut().toString() == "F1"


def test_f1_in_a_dialog_opens_its_page(qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    class OrderEditorDialog(QDialog):  # a dialog of that name: the orders page
        pass

    opened = []
    monkeypatch.setattr(HelpDialog, "exec", lambda self: opened.append(self.shown_page))
    dialog = OrderEditorDialog()
    qtbot.addWidget(dialog)
    key = DialogEvents()
    QApplication.instance().installEventFilter(key)
    try:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_F1)
    finally:
        QApplication.instance().removeEventFilter(key)
    assert opened == ["orders"]


def test_search_keeps_the_pages_holding_the_words_and_finds_them(qtbot):
    dialog = HelpDialog("index")
    qtbot.addWidget(dialog)
    type_text(dialog.search, "шкалы перевода")
    shown = [dialog.pages.item(r).data(Qt.ItemDataRole.UserRole) for r in range(dialog.pages.count())
             if not dialog.pages.item(r).isHidden()]
    assert shown == ["results"] and dialog.shown_page == "results"
    assert dialog.browser.textCursor().selectedText().casefold() == "шкалы"
    dialog.search.clear()
    type_text(dialog.search, "абракадабра")
    assert dialog.found.text() == "Ничего не найдено"


def _pictures_shown(dialog) -> list[str]:
    """The names of the pictures laid out in the page the dialog shows."""
    names = []
    block = dialog.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            format_ = fragments.fragment().charFormat()
            if format_.isImageFormat():
                names.append(format_.toImageFormat().name())
            fragments += 1
        block = block.next()
    return names


def test_the_pages_of_the_window_show_pictures_of_it_at_their_own_size(qtbot):
    import re

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    pictured = set()
    for page in PAGES:
        markup = (help_folder() / f"{page}.html").read_text(encoding="utf-8")
        for source, width in re.findall(r'<img src="([^"]+)" width="(\d+)"', markup):
            image = QImage(str(help_folder() / source))
            assert not image.isNull(), (page, source)
            assert image.width() == int(width), (page, source)  # shown as drawn, not blurred by scaling
            pictured.add(page)
    assert {"today", "roadmap", "schools", "results", "orders"} <= pictured

    dialog = HelpDialog("results")
    qtbot.addWidget(dialog)
    dialog.show()
    shown = _pictures_shown(dialog)
    assert shown == ["images/results.png"]
    pixmap = dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(shown[0]))
    assert pixmap is not None and not pixmap.isNull()
    assert dialog.browser.horizontalScrollBar().maximum() == 0  # the picture fits the page's width
