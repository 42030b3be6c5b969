"""A tab built the first time it is shown says so with the wait cursor while it is built."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget

from desktop.views.lazy_tab import LazyTab


def test_a_tab_is_built_once_when_first_shown_under_the_wait_cursor(qtbot):
    seen = []

    def build():
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return QLabel("Результаты")

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("Сегодня"), "Сегодня")
    lazy = LazyTab(build)
    tabs.addTab(lazy, "Результаты")
    tabs.show()
    assert seen == [] and lazy.content is None  # not built while hidden
    tabs.setCurrentIndex(1)
    assert seen == [Qt.CursorShape.WaitCursor] and lazy.content.isVisible()
    assert QApplication.overrideCursor() is None  # given back
    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(1)
    assert len(seen) == 1


def test_a_build_that_fails_gives_the_cursor_back(qtbot):
    def build():
        raise RuntimeError("сбой")

    lazy = LazyTab(build)
    qtbot.addWidget(lazy)
    with pytest.raises(RuntimeError):
        lazy.ensure_built()
    assert QApplication.overrideCursor() is None
