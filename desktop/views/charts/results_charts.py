"""The Results tab's charts: the mark distribution per school, the trend over years, and the
comparison with the school journal against the region."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from desktop.figures import JOURNAL, LABELS, MARKS, PASS_FAIL

pg.setConfigOptions(background="w", foreground="k", antialias=True)

MARK_COLOURS = dict(zip(MARKS, ("#d9534f", "#f0ad4e", "#9ccc65", "#43a047"), strict=True))
JOURNAL_COLOURS = dict(zip(JOURNAL, ("#5b8bd6", "#9e9e9e", "#e57373"), strict=True))
JOURNAL_LABELS = {what: LABELS[what].lower() for what in JOURNAL}
PASS_FAIL_COLOURS = dict(zip(PASS_FAIL, ("#43a047", "#d9534f"), strict=True))


class _Chart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(240, 200)  # long school names must not make the chart wider than its panel
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        # The legend (what each colour means) in a row of its own under the chart, never over the bars;
        # as many columns as the chart's width holds, so that it is never cut.
        self.legend = pg.LegendItem(labelTextSize="8pt", colCount=4)
        self.getPlotItem().layout.addItem(self.legend, 4, 0, 1, 3)
        self.getPlotItem().layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.names: list[str] = []  # the rows' whole names, top first: shown on hover
        self.rows_shown = 0  # rows the chart shows at once; fewer than `names` when they do not all fit
        self.title = ""  # whole; the chart shows it cut to its width
        font = QFont()
        font.setPointSize(8)
        self.metrics = QFontMetrics(font)
        for axis in ("left", "bottom"):
            self.getAxis(axis).setTickFont(font)
        self.scene().sigMouseMoved.connect(self._hover)

    def reset(self, title: str) -> None:
        self.clear()
        self.legend.clear()
        self.names = []
        self.rows_shown = 0
        self.title = title
        self._fit_title()

    def _fit_title(self) -> None:
        font = QFont()
        font.setPointSize(10)
        room = self.width() - self.getAxis("left").width() - 30  # the title stands over the plot, right of the names
        title = self.title
        if self.names and self.rows_shown < len(self.names):  # which rows are shown: the wheel moves them
            first = self.first_row_shown()
            title = f"{first + 1}–{first + self.rows_shown} из {len(self.names)} · {title}"
        shown = QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, max(40, room))
        self.setTitle(html.escape(shown), size="10pt")
        # a longer title made before (another width, fewer rows shown) may have widened the plot past the
        # view: it takes the view's size again now that the title allows it
        if self.getPlotItem().geometry().width() > self.range.width() + 0.5:
            self.getPlotItem().setGeometry(self.range)

    def fit_legend(self) -> None:
        """As many legend entries a row as the width holds."""
        entries = [20 + self.metrics.horizontalAdvance(label.text) + 24 for _, label in self.legend.items]
        if not entries:
            return
        room = max(1, self.width() - 24)
        columns = len(entries)
        while columns > 1 and sum(sorted(entries, reverse=True)[:columns]) > room:
            columns -= 1
        self.legend.setColumnCount(columns)
        self.legend.updateSize()
        self.legend.setMaximumWidth(self.legend.geometry().width())  # left in its row, not spread over it

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        made = "legend" in self.__dict__  # Qt resizes the view before __init__ has made the legend
        if made:  # before the plot takes the new size: a title or legend wider than it would keep it wider
            self.fit_legend()
            self._fit_title()
        super().resizeEvent(event)
        if made and self.names:
            self.fit_rows()

    def fit_rows(self, top: float | None = None) -> None:
        """Rows of names down the left (`_rows_axis`): all of them when each gets `MIN_ROW_PX`, else as many
        as do, from the top or from the row `top`, the others a turn of the mouse wheel away."""
        count = len(self.names)
        height = self.getPlotItem().vb.height() or self.height()
        fit = max(1, int(height // MIN_ROW_PX))
        if count <= fit:
            cut, self.rows_shown = self.rows_shown < count, count
            self.setYRange(-0.6, count - 0.4, padding=0)
            if cut:
                self._fit_title()
            return
        self.rows_shown = fit
        if top is None:  # where the view stands (the top when all rows were shown)
            top = self.getPlotItem().vb.viewRange()[1][1]
        top = min(count - 0.4, max(fit - 0.6, top))  # between the first row on top and the last at the bottom
        self.setYRange(top - fit, top, padding=0)
        self._fit_title()

    def first_row_shown(self) -> int:
        """The index (top first) of the topmost row on the chart."""
        top = self.getPlotItem().vb.viewRange()[1][1]
        return max(0, round(len(self.names) - 0.4 - top))

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The wheel moves through the rows when they do not all fit (three a notch), as a list does."""
        if not self.names or self.rows_shown >= len(self.names):
            event.ignore()
            return
        notches = event.angleDelta().y() / 120
        top = self.getPlotItem().vb.viewRange()[1][1]
        self.fit_rows(top + WHEEL_ROWS * notches)
        event.accept()

    def name_at(self, scene_y: float) -> str | None:
        """The whole name of the row at a height of the chart (its label may be shortened)."""
        if not self.names:
            return None
        row = round(self.getPlotItem().vb.mapSceneToView(pg.QtCore.QPointF(0, scene_y)).y())
        index = len(self.names) - 1 - row
        return self.names[index] if 0 <= index < len(self.names) else None

    def _hover(self, position) -> None:
        self.setToolTip(self.name_at(position.y()) or self.title)

    def copy_to_clipboard(self) -> None:
        QApplication.clipboard().setPixmap(self.grab())


NAMES_WIDTH = 170  # the band of names left of the bars
MIN_ROW_PX = 16  # the least height of a row of names: an 8 pt name and a gap
WHEEL_ROWS = 3  # rows a notch of the mouse wheel moves


def _rows_axis(chart: _Chart, rows: list) -> None:
    """Every row labelled down the left, the first on top: a name too long for the band cut with «…»
    (pyqtgraph leaves out a label wider than its axis), whole on hover."""
    axis = chart.getAxis("left")
    chart.names = [r.name for r in rows]
    room = NAMES_WIDTH - axis.style["tickLength"] - axis.style["tickTextOffset"][0] - 12
    cut = lambda name: chart.metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)  # noqa: E731
    axis.setTicks([[(len(rows) - 1 - i, cut(r.name)) for i, r in enumerate(rows)]])
    axis.setWidth(NAMES_WIDTH)  # room for the names whatever was drawn before
    axis.setStyle(textFillLimits=[(0, 1.0)])  # a label for every row shown
    chart.fit_legend()
    chart.fit_rows(top=len(rows) - 0.4)  # from the first row


class MarksChart(_Chart):
    """Stacked horizontal bars: the shares of «2»…«5» in each school (and the district); of «зачёт» and
    «незачёт» when the rows have no marks (the сочинение, the собеседование)."""

    def show_rows(self, rows: list, title: str) -> None:
        self.reset(title)
        marked = [r for r in rows if r.marked]
        if marked or not any(r.share_failed is not None for r in rows):
            rows, colours, total = marked, MARK_COLOURS, lambda r: r.marked
        else:
            rows = [r for r in rows if r.share_failed is not None]
            colours, total = PASS_FAIL_COLOURS, lambda r: r.passed + r.failed
        left = [0.0] * len(rows)
        y = [len(rows) - 1 - i for i in range(len(rows))]
        for key, colour in colours.items():
            widths = [100 * (getattr(r, key) or 0) / total(r) for r in rows]
            bars = pg.BarGraphItem(x0=left, y=y, height=0.7, width=widths, brush=QColor(colour), pen=pg.mkPen("w"))
            self.addItem(bars)
            self.legend.addItem(bars, f"«{key[1]}»" if key in MARKS else LABELS[key].lower())
            left = [a + b for a, b in zip(left, widths, strict=True)]
        _rows_axis(self, rows)
        self.setXRange(0, 100, padding=0)
        self.setLabel("bottom", "% участников")


class TrendChart(_Chart):
    """Quality and pass rates over the years for one school or the district."""

    def show_history(self, points: list[tuple[int, float | None, float | None]], title: str,
                     lines: tuple[tuple[str, str], ...] = (("качество", "#43a047"), ("успеваемость", "#5b8bd6"))
                     ) -> None:
        """`points`: (year, first share, second share); `lines` name and colour the two shares."""
        self.reset(title)
        years = [year for year, _, _ in points]
        for index, (label, colour) in enumerate(lines, start=1):
            values = [(y, 100 * p[index]) for y, p in zip(years, points, strict=True) if p[index] is not None]
            if values:
                line = self.plot([v[0] for v in values], [v[1] for v in values], pen=pg.mkPen(colour, width=2),
                                 symbol="o", symbolBrush=colour)
                self.legend.addItem(line, label)
        self.getAxis("bottom").setTicks([[(y, str(y)) for y in years]])
        if years:
            self.setXRange(min(years) - 0.3, max(years) + 0.3, padding=0)
        self.fit_legend()
        self.setYRange(0, 110, padding=0)
        self.setLabel("left", "%")


class JournalChart(_Chart):
    """Lowered / confirmed / raised against the journal per school, the region's shares as dashed lines."""

    def show_rows(self, rows: list, region, title: str) -> None:
        self.reset(title)
        rows = [r for r in rows if r.compared]
        height = 0.26
        for offset, key in enumerate(JOURNAL_COLOURS):
            widths = [100 * r.journal_share(key) for r in rows]
            y = [len(rows) - 1 - i + (1 - offset) * height for i in range(len(rows))]
            bars = pg.BarGraphItem(x0=[0] * len(rows), y=y, height=height, width=widths,
                                   brush=QColor(JOURNAL_COLOURS[key]), pen=pg.mkPen("w"))
            self.addItem(bars)
            self.legend.addItem(bars, JOURNAL_LABELS[key])
            if region is not None and region.compared:
                self.addItem(pg.InfiniteLine(pos=100 * region.journal_share(key), angle=90, pen=pg.mkPen(
                    JOURNAL_COLOURS[key], width=1, style=Qt.PenStyle.DashLine)))
        if region is not None and region.compared:  # the dashed lines explained in the legend too
            self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen("#606060", width=1, style=Qt.PenStyle.DashLine)),
                                "регион")
        _rows_axis(self, rows)
        self.setXRange(0, 100, padding=0)
        self.setLabel("bottom", "% сравнённых с журналом")
