"""A table whose first column stays in place while the others scroll sideways (Qt's «frozen column»:
a second view over the first column, sharing the model, the selection and the vertical scrolling)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnTable(QTableView):
    """A QTableView whose column 0 (the school) never scrolls out of sight."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.frozen = QTableView(self)
        frozen = self.frozen
        frozen.setObjectName("frozen_column")
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.verticalHeader().hide()
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setStyleSheet("QTableView { border: none; border-right: 1px solid palette(mid); }")
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.viewport().stackUnder(frozen)
        for view in (self, frozen):
            view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(lambda row, _, size: frozen.setRowHeight(row, size))
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        # the frozen column's header sorts the table as the table's own header would
        frozen.horizontalHeader().setSortIndicatorShown(True)
        frozen.horizontalHeader().setSectionsClickable(True)
        frozen.horizontalHeader().sectionClicked.connect(self._frozen_header_clicked)
        self.horizontalHeader().sortIndicatorChanged.connect(
            lambda section, order: frozen.horizontalHeader().setSortIndicator(section if section == 0 else -1, order))
        frozen.doubleClicked.connect(self.doubleClicked)
        frozen.clicked.connect(self.clicked)

    def setModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        for signal in (model.modelReset, model.layoutChanged, model.columnsInserted):
            signal.connect(lambda *_: self._show_first_column_only())
        self._show_first_column_only()

    def setSelectionBehavior(self, behavior) -> None:  # noqa: N802
        super().setSelectionBehavior(behavior)
        self.frozen.setSelectionBehavior(behavior)

    def _show_first_column_only(self) -> None:
        model = self.model()
        for column in range(model.columnCount() if model else 0):
            self.frozen.setColumnHidden(column, column != 0)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        # rows as high as the table's: the same default, and each resize followed (sectionResized)
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        self._place()

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, size)
            self._place()

    def _frozen_header_clicked(self, section: int) -> None:
        header = self.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = ascending
        if header.sortIndicatorSection() == section and header.sortIndicatorOrder() == ascending:
            order = Qt.SortOrder.DescendingOrder
        self.sortByColumn(section, order)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        frame = self.frameWidth()
        self.frozen.setGeometry(self.verticalHeader().width() + frame, frame, self.columnWidth(0) + 1,
                                self.viewport().height() + self.horizontalHeader().height())

    def updateGeometries(self) -> None:  # noqa: N802
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place()

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        """A cell right of the frozen column is scrolled out from under it; the first column needs no
        sideways scrolling."""
        if index.column() > 0:
            super().scrollTo(index, hint)
            rect = self.visualRect(index)
            hidden = self.columnWidth(0) - rect.left()
            if hidden > 0:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - hidden)
        else:
            position = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(position)
