"""The Results tab's charts of one work's pupils: the completion of each task by a school against the
district and the region (with the table of tasks beside it), and the distribution of primary scores
with the boundaries of the marks marked."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.figures import format_figure
from desktop.views.charts.results_charts import MARK_COLOURS, _Chart

SCHOOL, DISTRICT, REGION = "#5b8bd6", "#9e9e9e", "#e57373"
PICK_ONE = "Выберите предмет и класс"


def _percent(value: float | None) -> str:
    return format_figure(value, "percent") if value is not None else "—"


class TaskChart(_Chart):
    """Bars of a school's completion of each task beside the district's; the region's as dots."""

    def show_analysis(self, analysis, school_id: int | None, title: str) -> None:
        self.reset(title)
        self.legend.setColumnCount(3)
        lines = analysis.tasks if analysis is not None else []
        if not lines:
            self.setTitle(f"{title} · нет данных о заданиях", size="10pt")
            return
        x = list(range(len(lines)))
        own = [next((s.rate for s in line.schools if s.school_id == school_id), None) for line in lines]
        series = [("муниципалитет", DISTRICT, [line.district for line in lines], -0.2)]
        if school_id is not None:
            series.insert(0, ("школа", SCHOOL, own, 0.2))
        for label, colour, values, offset in series:
            shown = [(i + offset, 100 * v) for i, v in zip(x, values, strict=True) if v is not None]
            if shown:
                bars = pg.BarGraphItem(x=[p[0] for p in shown], height=[p[1] for p in shown], width=0.38,
                                       brush=QColor(colour), pen=pg.mkPen("w"))
                self.addItem(bars)
                self.legend.addItem(bars, label)
        region = [(i, 100 * line.region) for i, line in zip(x, lines, strict=True) if line.region is not None]
        if region:
            dots = self.plot([p[0] for p in region], [p[1] for p in region], pen=None, symbol="o", symbolSize=7,
                             symbolBrush=REGION, symbolPen="w")
            self.legend.addItem(dots, "регион")
        self.getAxis("bottom").setTicks([[(i, line.task) for i, line in zip(x, lines, strict=True)]])
        self.setXRange(-0.6, len(lines) - 0.4, padding=0)
        self.setYRange(0, 110, padding=0)
        self.setLabel("left", "% от максимального балла")


class ScoreChart(_Chart):
    """Pupils per primary score (bars, % of participants; the region's as a line when a report gave it), the
    lowest score of each mark as a dashed line."""

    def show_distribution(self, distribution, school_id: int | None, title: str) -> None:
        self.reset(title)
        if distribution is None:
            self.setTitle(f"{title} · нет первичных баллов учеников", size="10pt")
            return
        counts = distribution.counts.get(school_id) if school_id is not None else None
        counts = counts if counts else distribution.district()
        total = sum(counts.values())
        peaks = set(distribution.peak_scores())
        scores = sorted(counts)
        for at_peak, colour, label in ((False, SCHOOL, "баллы"), (True, REGION, "граница отметки или +1")):
            shown = [s for s in scores if (s in peaks) == at_peak]
            if shown:
                bars = pg.BarGraphItem(x=shown, height=[100 * counts[s] / total for s in shown], width=0.8,
                                       brush=QColor(colour), pen=pg.mkPen("w"))
                self.addItem(bars)
                self.legend.addItem(bars, label)
        top = max((100 * n / total for n in counts.values()), default=10)
        if distribution.region:
            region = sorted(distribution.region.items())
            line = self.plot([s for s, _ in region], [100 * v for _, v in region], pen=pg.mkPen(DISTRICT, width=2),
                             symbol="o", symbolSize=4, symbolBrush=DISTRICT)
            self.legend.addItem(line, "регион")
            top = max(top, *(100 * v for _, v in region))
        for mark, low in sorted(distribution.boundaries.items()):
            colour = MARK_COLOURS.get(f"n{mark}", "#555555")
            self.addItem(pg.InfiniteLine(pos=low - 0.5, angle=90, pen=pg.mkPen(
                colour, width=2, style=Qt.PenStyle.DashLine), label=f"«{mark}»",
                labelOpts={"position": 0.95, "color": colour}))
        self.setYRange(0, top * 1.25, padding=0)
        if scores:
            self.setXRange(min(scores) - 1, max(scores) + 1, padding=0)
        self.setLabel("bottom", "первичный балл" + (f" · границы: {distribution.source}" if distribution.source else ""))
        self.setLabel("left", "% участников")


class TaskPanel(QWidget):
    """The task chart above the table of tasks (level, maximum, the school, the district, the region,
    the planned result)."""

    HEADERS = ["Задание", "Уровень", "Макс.", "Школа, %", "Муниципалитет, %", "Регион, %", "Планируемый результат"]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = TaskChart()
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, title in enumerate(self.HEADERS):  # a narrow panel cuts them: whole on hover
            self.table.horizontalHeaderItem(column).setToolTip(title)
            if column < len(self.HEADERS) - 1:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_analysis(self, analysis, school_id: int | None, title: str) -> None:
        self.chart.show_analysis(analysis, school_id, title)
        lines = analysis.tasks if analysis is not None else []
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            own = next((s.rate for s in line.schools if s.school_id == school_id), None)
            cells = [line.task, line.level or "", f"{line.max:g}" if line.max else "—", _percent(own),
                     _percent(line.district), _percent(line.region), line.planned_result or ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 0 < c < 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)

    def copy_to_clipboard(self) -> None:
        self.chart.copy_to_clipboard()
