"""What a user sees cut: texts that do not fit their widget and have no tooltip to show them whole;
and screenshots of windows at the sizes of the offices' screens."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionHeader,
    QTabBar,
    QWidget,
)

from desktop.views.cut_cells import CutTextTips

SCREENS = ((1024, 600), (1366, 768), (1920, 1080))
_MNEMONIC = re.compile(r"&(?=[^&])")


def _plain(text: str) -> str:
    return _MNEMONIC.sub("", text).split("\t")[0]


def _whole_in(tooltip, text: str) -> bool:
    """The tooltip shows the text whole (a tooltip about something else does not count)."""
    return bool(tooltip) and _plain(str(text)).rstrip("…").casefold() in _plain(str(tooltip)).casefold()


def _shown(widget: QWidget) -> bool:
    """On screen: visible, and not scrolled or cut away whole (offscreen, Qt reports no visible region)."""
    if not widget.isVisible() or widget.width() <= 0:
        return False
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if not parent.rect().intersects(widget.geometry().translated(widget.parentWidget().mapTo(parent, widget.pos()) - widget.pos())):
            return False
        parent = parent.parentWidget()
    return True


def _label(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.wordWrap() or _whole_in(label.toolTip(), text):
        return None
    if label.textFormat() != Qt.TextFormat.PlainText and "<" in text:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    needed = max(label.fontMetrics().horizontalAdvance(line) for line in text.splitlines())
    room = label.contentsRect().width() - 2 * label.margin() - 2 * label.indent() if label.indent() > 0 else \
        label.contentsRect().width() - 2 * label.margin()
    return f"QLabel «{text}»: {needed} px in {room}" if needed > room + 1 else None


def _button(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    if not text or _whole_in(button.toolTip(), text):
        return None
    needed = button.sizeHint().width()
    return f"{type(button).__name__} «{text}»: {needed} px in {button.width()}" if needed > button.width() + 1 else None


def _tabs(bar: QTabBar) -> list[str]:
    cut = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i) or _whole_in(bar.tabToolTip(i), bar.tabText(i)):
            continue
        rect = bar.tabRect(i)
        if rect.width() + 1 < bar.tabSizeHint(i).width():
            cut.append(f"tab «{bar.tabText(i)}»: {bar.tabSizeHint(i).width()} px in {rect.width()}")
        elif not bar.rect().contains(rect):  # scrolled partly out of the bar: the user sees a piece of it
            cut.append(f"tab «{bar.tabText(i)}»: the bar of {bar.width()} px shows it from {rect.x()} to {rect.right()}")
    return cut


def _header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    cut = []
    orientation = header.orientation()
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        text = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
        if not text or _whole_in(model.headerData(section, orientation, Qt.ItemDataRole.ToolTipRole), text):
            continue
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.text = str(text)
        option.section = section
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, header)
        needed = max(header.fontMetrics().horizontalAdvance(line) for line in str(text).splitlines()) + 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            needed += header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, option, header)
        if needed > header.sectionSize(section) + 1:
            cut.append(f"header «{text}»: {needed} px in {header.sectionSize(section)}")
    return cut


def _cells(view: QAbstractItemView) -> list[str]:
    """Visible cells whose text does not fit their column and that show no tooltip."""
    model = view.model()
    if model is None or isinstance(view.itemDelegate(), CutTextTips):  # it shows a cut cell whole on hover
        return []
    cut = []
    viewport = view.viewport().rect()
    metrics = view.fontMetrics()
    wrap = getattr(view, "wordWrap", lambda: False)()

    def rows(parent: QModelIndex):
        for row in range(model.rowCount(parent)):
            first = model.index(row, 0, parent)
            yield first
            if model.rowCount(first):  # (hasChildren is private in the list widgets' models)
                yield from rows(first)

    for first in rows(QModelIndex()):
        column = 0
        while (index := first.siblingAtColumn(column)).isValid():
            column += 1
            rect = view.visualRect(index)
            if not rect.isValid() or not rect.intersects(viewport):
                continue
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text in (None, "") or _whole_in(index.data(Qt.ItemDataRole.ToolTipRole), text):
                continue
            lines = str(text).splitlines() or [""]
            needed = max(metrics.horizontalAdvance(line) for line in lines) + 6
            if needed > rect.width() and not (wrap and len(lines) * metrics.height() < rect.height()):
                cut.append(f"cell «{text}» of {type(view).__name__}: {needed} px in {rect.width()}")
        if len(cut) > 20:
            break
    return cut


def cut_texts(root: QWidget) -> list[str]:
    """Every text on screen under `root` that Qt shows cut and no tooltip shows whole."""
    found: list[str] = []
    for widget in (root, *root.findChildren(QWidget)):
        if not _shown(widget):
            continue
        where = f" [{type(widget.window()).__name__}]"
        if isinstance(widget, QLabel) and (problem := _label(widget)):
            found.append(problem + where)
        elif isinstance(widget, QAbstractButton) and (problem := _button(widget)):
            found.append(problem + where)
        elif isinstance(widget, QTabBar):
            found += [p + where for p in _tabs(widget)]
        elif isinstance(widget, QHeaderView):
            found += [p + where for p in _header(widget)]
        elif isinstance(widget, QComboBox) and not _whole_in(widget.toolTip(), widget.currentText()):
            needed = widget.fontMetrics().horizontalAdvance(widget.currentText()) + 30
            if needed > widget.width() + 1:
                found.append(f"QComboBox «{widget.currentText()}»: {needed} px in {widget.width()}{where}")
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            found += [p + where for p in _cells(widget)]
    return found


def shoot(widget: QWidget, folder: Path, name: str) -> Path:
    """The widget as it is drawn now, saved as `folder/name.png`."""
    QApplication.processEvents()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path
