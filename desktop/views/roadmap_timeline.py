"""The roadmap as a timeline: each visible measure a row of bars over the months of the plan's
period, today marked; a click on a row selects its measure in the tree. A recurring measure's
occurrences are bars of their own, each coloured by its state (done, overdue, the next one due, ahead)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from desktop.models.roadmaps import Measure

ROW_HEIGHT = 16
LABEL_WIDTH = 56
HEADER_HEIGHT = 34  # two lines: the months, and below them «сегодня» (never over a month's name)
MONTH_LINE, TODAY_LINE = 2, 17  # tops of the two lines
MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
COLOURS = {
    "done": QColor("#6aa84f"),
    "overdue": QColor("#d9534f"),
    "soon": QColor("#f0ad4e"),
    "open": QColor("#5b8bd6"),
    "future": QColor("#a9c4ee"),  # an occurrence after the next one due: lighter than the one to do now
    "cancelled": QColor("#b0b0b0"),
}


class RoadmapTimeline(QWidget):
    measure_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.measures: list[Measure] = []
        self.period: tuple[date, date] | None = None
        self.today = date.today()
        self.due_soon_days = 14
        self.finished = False  # a finished plan's bars: done, cancelled or open, never overdue
        self.selected_id: int | None = None
        self.setMouseTracking(False)

    def show_measures(self, measures: list[Measure], period: tuple[date, date] | None, today: date) -> None:
        self.measures = [m for m in measures if m.range_dates()]
        self.period = period or _span(self.measures)
        self.today = today
        self.setMinimumHeight(HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.measures)) + 4)
        self.update()

    def select(self, measure_id: int | None) -> None:
        self.selected_id = measure_id
        self.update()

    # --- geometry ------------------------------------------------------------------------------
    def _x(self, day: date) -> float:
        start, end = self.period
        width = max(1, self.width() - LABEL_WIDTH - 8)
        total = max(1, (end - start).days + 1)
        return LABEL_WIDTH + width * min(max((day - start).days, 0), total) / total

    def measure_at(self, y: int) -> Measure | None:
        row = (y - HEADER_HEIGHT) // ROW_HEIGHT
        return self.measures[row] if 0 <= row < len(self.measures) and y >= HEADER_HEIGHT else None

    # --- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().base())
        if not self.period or not self.measures:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Нет мероприятий со сроками в датах")
            return
        self._paint_months(painter)
        first = max(0, (event.rect().top() - HEADER_HEIGHT) // ROW_HEIGHT)
        last = min(len(self.measures), (event.rect().bottom() - HEADER_HEIGHT) // ROW_HEIGHT + 1)
        for row in range(first, last):
            self._paint_row(painter, row, self.measures[row])
        today = self.today_label()
        if today is not None:
            rect, text = today
            x = int(self._x(self.today))
            painter.setPen(QPen(QColor("#c00000"), 2))
            painter.drawLine(x, TODAY_LINE, x, self.height())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def month_labels(self) -> list[tuple[QRect, str]]:
        """Where each month's name is written: at its start, with the year on January and on the first
        month; a name that would run into the one before is left out (its line stays)."""
        start, end = self.period
        labels = []
        month = date(start.year, start.month, 1)
        height = self.fontMetrics().height()
        while month <= end:
            x = int(self._x(max(month, start)))
            year = month.month == 1 or month == date(start.year, start.month, 1)
            text = MONTHS[month.month - 1] + (f" {month.year % 100:02d}" if year else "")
            rect = QRect(x + 3, MONTH_LINE, self.fontMetrics().horizontalAdvance(text), height)
            if not labels or rect.left() > labels[-1][0].right() + 4:  # a narrow month: its name left out
                labels.append((rect, text))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return labels

    def today_label(self) -> tuple[QRect, str] | None:
        """«сегодня» on the line below the months, right of today's line (left of it near the end)."""
        if not self.period or not self.period[0] <= self.today <= self.period[1]:
            return None
        x = int(self._x(self.today))
        text = "сегодня"
        width = self.fontMetrics().horizontalAdvance(text)
        left = x + 4 if x + 4 + width <= self.width() else x - 4 - width
        return QRect(left, TODAY_LINE, width, self.fontMetrics().height()), text

    def _paint_months(self, painter: QPainter) -> None:
        start, end = self.period
        painter.setPen(QColor("#c8c8c8"))
        month = date(start.year, start.month, 1)
        while month <= end:
            x = int(self._x(max(month, start)))
            painter.drawLine(x, MONTH_LINE + 2, x, self.height())
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        painter.setPen(QColor("#505050"))
        for rect, text in self.month_labels():
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_row(self, painter: QPainter, row: int, measure: Measure) -> None:
        top = HEADER_HEIGHT + row * ROW_HEIGHT
        if measure.id == self.selected_id:
            painter.fillRect(QRect(0, top, self.width(), ROW_HEIGHT), QColor("#dbe8fb"))
        painter.setPen(QColor("#303030"))
        painter.drawText(QRect(2, top, LABEL_WIDTH - 6, ROW_HEIGHT),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, measure.number or "")
        for a, b, state in self.bars(measure):
            if b < self.period[0] or a > self.period[1]:
                continue
            left, right = self._x(a), self._x(b)
            painter.fillRect(QRect(int(left), top + 3, max(3, int(right - left)), ROW_HEIGHT - 6), COLOURS[state])

    def bars(self, measure: Measure) -> list[tuple[date, date, str]]:
        """(start, end, colour key) of each bar of the measure's row: its ranges in its state, or each
        occurrence of a recurring measure in the occurrence's own."""
        if not measure.recurring:
            state = self._state(measure)
            return [(a, b, state) for a, b in measure.range_dates()]
        bars = []
        for occurrence in measure.occurrences():
            state = measure.occurrence_state(occurrence, self.today)
            if state == "due":
                state = "soon" if (occurrence.end - self.today).days <= self.due_soon_days else "open"
            if self.finished and state not in ("done", "cancelled"):
                state = "open"  # a finished plan owes nothing
            bars.append((occurrence.start, occurrence.end, state))
        return bars

    def _state(self, measure: Measure) -> str:
        status = measure.status_on(self.today)
        if status == "done":
            return "done"
        if status == "cancelled":
            return "cancelled"
        if self.finished:
            return "open"
        if measure.is_overdue(self.today):
            return "overdue"
        if measure.is_due_soon(self.today, self.due_soon_days):
            return "soon"
        return "open"

    def mousePressEvent(self, event: QMouseEvent) -> None:
        measure = self.measure_at(int(event.position().y()))
        if measure is not None:
            self.select(measure.id)
            self.measure_clicked.emit(measure.id)


def _span(measures: list[Measure]) -> tuple[date, date] | None:
    ranges = [r for m in measures for r in m.range_dates()]
    if not ranges:
        return None
    return min(a for a, _ in ranges), max(b for _, b in ranges)
