"""Widgets that keep the layout still: a text that does not fit is cut with «…» and shown whole on
hover, instead of widening the window or shifting the buttons beside it: a label, the status bar, and a
window's size kept to the screen. The combo boxes and the cells of lists and tables: `cut_cells`.
(Apart, for the main window loads this before its first paint: every Qt class PySide meets first costs
it a millisecond or more.)"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget


class ElidedLabel(QLabel):
    """One line of plain text: as wide as the room it is given, cut at the end (or in the middle, for
    a path) with its whole text in the tooltip; its own minimum width is a few letters."""

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight, min_chars: int = 8):
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self._min_chars = min_chars
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)  # shrinks to a few letters
        self.setText(text)

    def text(self) -> str:
        """The whole text (the label shows it cut when it must)."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._elide()
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2 * self.margin() + 4, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().horizontalAdvance("x" * self._min_chars), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._full, self._mode, max(width, 0))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to `width`×`height`, or to what the screen holds (a 1024×600 netbook less its taskbar)."""
    screen = (window.parentWidget() or window).screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None and room.width() > 0 and room.height() > 0:
        width, height = min(width, room.width() - 16), min(height, room.height() - 40)  # the frame and title
    window.resize(width, height)


class MessageBar(QStatusBar):
    """A status bar whose message is cut in the middle to the room its permanent labels leave (Qt would
    clip it at the end, a saved file's name with it), whole on hover."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.messageChanged.connect(lambda text: None if text else self.setToolTip(""))

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 - Qt's name
        permanent = sum(w.width() + 8 for w in self.findChildren(QLabel) if w.isVisible() and w.parent() is self)
        room = max(80, self.width() - permanent - 24)
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, room)
        self.setToolTip(text if shown != text else "")
        super().showMessage(shown, timeout)

    def currentMessage(self) -> str:  # noqa: N802
        """The whole message (the bar may show it cut: `shown_message`)."""
        shown = super().currentMessage()
        return (self.toolTip() or shown) if shown else ""

    def shown_message(self) -> str:
        return super().currentMessage()
