"""Combo boxes and the cells of lists and tables that keep the layout still: a text that does not fit is
cut with «…» and shown whole on hover; columns as wide as their contents up to a cap."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
    QWidget,
)


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
