"""A tab whose content is built the first time it is shown, so that what it needs (pyqtgraph and
numpy for the charts) is not loaded at every start of the program."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    def __init__(self, build: Callable[[], QWidget], on_built: Callable[[QWidget], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._build = build
        self._on_built = on_built
        self.content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.content is None:
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QCursor, QGuiApplication

            # the first opening of Results loads the charts' library: a second or two on an old PC
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
            try:
                self.content = self._build()
            finally:
                QGuiApplication.restoreOverrideCursor()
            self.layout().addWidget(self.content)
            # Shown now, with the tab (Qt would show a widget added to a visible parent only an event
            # later: keys pressed right after the tab opens would find its widgets hidden).
            if self.isVisible():
                self.content.show()
            if self._on_built:
                self._on_built(self.content)
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)
