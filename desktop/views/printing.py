"""Printing a document's pages: the very PDF the preview shows, each page drawn by PDFium at the
printer's resolution (up to 300 dpi, which is what office printers print) onto the whole sheet: the
document's own margins (20–30 mm, wider than any printer's unprintable edge) stay where they are."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import UserError
from desktop.services.page_images import PdfPages

MAX_PRINT_DPI = 300


def print_pages(pages: PdfPages, printer: QPrinter, first: int = 1, last: int = 0) -> int:
    """Print pages `first`..`last` (1-based; `last` 0: to the end) on `printer`; returns how many."""
    last = len(pages) if last <= 0 else min(last, len(pages))
    first = max(1, first)
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printer.setFullPage(True)  # the painter's origin is the sheet's corner, not the printable area's
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Принтер не готов к печати: проверьте, что он включён и выбран в списке принтеров.")
    try:
        for number in range(first, last + 1):
            if number > first:
                printer.newPage()
            picture = pages.render(number - 1, dpi=dpi)
            image = QImage(picture.data, picture.width, picture.height, picture.stride, QImage.Format.Format_RGB888)
            sheet = printer.pageLayout().fullRectPixels(printer.resolution())
            scaled = image.size().scaled(sheet.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, scaled.width(), scaled.height()), image)
    finally:
        painter.end()
    return last - first + 1
