"""Widgets that keep the layout still: a text that does not fit is cut with «…» and shown whole on
hover, instead of widening the window or shifting the buttons beside it: labels, combo boxes, and the
cells of lists and tables."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QHelpEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QSizePolicy,
    QStatusBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
    QWidget,
)


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


class CutCombo(QComboBox):
    """A combo box as wide as its layout gives it (at least `min_chars` letters), not as its longest
    item: a long item is cut in the box and shown whole on hover and in the open list."""

    def __init__(self, min_chars: int = 20, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min_chars)

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        return super().toolTip() or self.currentText()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and not super().toolTip() and self.currentText():
            QToolTip.showText(event.globalPos(), self.currentText(), self)
            return True
        return super().event(event)


class CutTextTips(QStyledItemDelegate):
    """Draws cells as usual; a cell whose text the column cuts shows its whole text on hover (a cell
    with a tooltip of its own shows that)."""

    def helpEvent(self, event: QHelpEvent, view, option: QStyleOptionViewItem, index: QModelIndex) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and index.isValid() and not index.data(Qt.ItemDataRole.ToolTipRole):
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text not in (None, "") and is_cut(str(text), option.fontMetrics, option.rect.width()):
                QToolTip.showText(event.globalPos(), str(text), view)
                return True
        return super().helpEvent(event, view, option, index)


def is_cut(text: str, metrics: QFontMetrics, width: int) -> bool:
    """Whether a cell `width` px wide cuts `text` (the item delegate's margins counted)."""
    return max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""]) + 6 > width


def tips_for_cut_cells(*views: QAbstractItemView) -> None:
    """Every cell of these views that its column cuts shows its whole text on hover."""
    for view in views:
        view.setItemDelegate(CutTextTips(view))


def fit_columns(view: QTreeView, cap: int = 240, skip: tuple[int, ...] = ()) -> None:
    """Each column (but `skip`) as wide as its contents up to `cap` px, and never narrower than its title:
    a cut cell shows its whole text on hover (`tips_for_cut_cells`)."""
    header = view.header()
    metrics = header.fontMetrics()
    model = view.model()
    for column in range(header.count()):
        if column in skip or header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        view.resizeColumnToContents(column)
        view.setColumnWidth(column, max(min(view.columnWidth(column), cap), metrics.horizontalAdvance(title) + 24))


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
