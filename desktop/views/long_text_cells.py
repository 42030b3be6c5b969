"""Cells holding a long text (an order's clause, its executors) edited in a box of several lines that
wraps the text, over the cell and the rows under it, instead of a one-line field that scrolls a clause
of three lines past the eye. Enter keeps what was typed, Esc leaves the cell as it was, Tab goes on."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QPlainTextEdit, QStyleOptionViewItem, QWidget

from desktop.views.cut_cells import CutTextTips

LINES = 5  # lines of text the box shows before it scrolls
MIN_WIDTH = 360  # px: the box of a narrow column (executors) is wider than the column


class LongTextBox(QPlainTextEdit):
    """The editor: Enter (either key) ends the editing like a one-line field's; the text wraps."""

    finished = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finished.emit()  # a clause is one paragraph: no line breaks in it
            return
        super().keyPressEvent(event)


class LongTextCells(CutTextTips):
    """The view's cells as `CutTextTips` draws them; the cells of `columns` edited in a `LongTextBox`."""

    def __init__(self, view: QAbstractItemView, columns: Iterable[int]):
        super().__init__(view)
        self.columns = frozenset(columns)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # noqa: N802
        if index.column() not in self.columns:
            return super().createEditor(parent, option, index)
        box = LongTextBox(parent)
        box.setTabChangesFocus(True)
        box.finished.connect(lambda: self._finish(box))
        return box

    def _finish(self, box: LongTextBox) -> None:
        self.commitData.emit(box)
        self.closeEditor.emit(box, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, LongTextBox):
            super().setEditorData(editor, index)
            return
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, LongTextBox):
            super().setModelData(editor, model, index)
            return
        model.setData(index, " ".join(editor.toPlainText().split()), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, LongTextBox):
            super().updateEditorGeometry(editor, option, index)
            return
        cell = option.rect
        room = editor.parentWidget().rect()  # the view's viewport: the box stays inside it
        width = min(max(cell.width(), MIN_WIDTH), room.width())  # a narrow column's text gets room too
        height = min(max(cell.height(), editor.fontMetrics().lineSpacing() * LINES + 12), room.height())
        left = max(0, min(cell.left(), room.right() + 1 - width))
        top = max(0, min(cell.top(), room.bottom() + 1 - height))
        editor.setGeometry(left, top, width, height)
