"""«Просмотр документа»: the pages of an order or a report as they will print, before saving.

The document is built and written to a temporary PDF off the UI thread; its pages are drawn by PDFium
(`desktop.services.page_images`) only when they scroll into view, so a 30-page order opens as fast as
a one-page one. The save buttons write the same document as PDF, DOCX or XLSX.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.page_images import PdfPages
from desktop.views.actions import tab_action
from desktop.views.errors import show_user_error
from desktop.views.jobs import run_task, run_with_progress
from desktop.views.layout_guard import ElidedLabel, fit_to_screen
from desktop.views.settings import last_folder, remember_folder

log = logging.getLogger("msoko.preview")

SCREEN_DPI = 96
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
PAGE_GAP = 12


@dataclass(frozen=True)
class DocumentFormat:
    """A way to save the document: button «Сохранить PDF…», suffix, file-dialog filter, writer."""

    label: str
    suffix: str
    file_filter: str
    write: Callable[[Any, Path], None]  # (document, path); runs off the UI thread
    # on the UI thread first; a UserError refuses the save, False means the user chose not to save
    check: Callable[[Any, Path], bool | None] | None = None


PDF_FILTER = "PDF (*.pdf)"
DOCX_FILTER = "Документ Word (*.docx)"
XLSX_FILTER = "Книга Excel (*.xlsx)"


def report_formats() -> list[DocumentFormat]:
    """PDF, DOCX and Excel of a report document (`desktop.services.documents.report_model`)."""
    from desktop.services.documents.report_files import save_report

    return [DocumentFormat("PDF", ".pdf", PDF_FILTER, save_report),
            DocumentFormat("DOCX", ".docx", DOCX_FILTER, save_report),
            DocumentFormat("Excel", ".xlsx", XLSX_FILTER, save_report)]


class DocumentPreviewDialog(QDialog):
    """`build()` makes the document (off the UI thread: open your own database connection there);
    `render_pdf(document, path)` writes the pages shown. `saved(document, path)` follows each save."""

    saved = Signal(object, object)
    ready = Signal()

    def __init__(self, title: str, build: Callable[[], Any], render_pdf: Callable[[Any, Path], None],
                 formats: list[DocumentFormat], file_stem: str, folder_key: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Просмотр: {title}")
        fit_to_screen(self, 940, 900)
        self.formats = formats
        self.file_stem = file_stem
        self.folder_key = folder_key
        self.document: Any = None
        self.saved_paths: list[Path] = []
        self._pages: PdfPages | None = None
        self._page_labels: list[QLabel] = []
        self._drawn: dict[int, float] = {}  # page → zoom it was drawn at
        self._zoom_index = ZOOMS.index(1.0)
        self._temp = tempfile.TemporaryDirectory(prefix="msoko-preview-")

        # «Сохранено: <путь>» cut in the middle, whole on hover: the dialog keeps its width, the buttons their place
        self.status = ElidedLabel("Готовлю страницы…", mode=Qt.TextElideMode.ElideMiddle, min_chars=16)
        self.pages_widget = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages_widget)
        self.scroll.setWidgetResizable(True)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _: self._draw_visible())

        self.zoom_out = QPushButton("−")
        self.zoom_in = QPushButton("+")
        self.zoom_label = QLabel()
        self.zoom_out.setToolTip("Уменьшить (Ctrl+−)")
        self.zoom_in.setToolTip("Увеличить (Ctrl++)")
        for button in (self.zoom_out, self.zoom_in):
            button.setFixedWidth(36)
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self._zoom_index - 1))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self._zoom_index + 1))
        tab_action(self, "Увеличить", QKeySequence.StandardKey.ZoomIn, lambda: self.set_zoom(self._zoom_index + 1))
        tab_action(self, "Уменьшить", QKeySequence.StandardKey.ZoomOut, lambda: self.set_zoom(self._zoom_index - 1))

        self.save_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        for fmt in formats:
            button = QPushButton(f"Сохранить {fmt.label}…")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, s=fmt.suffix: self.save(s))
            self.save_buttons[fmt.suffix] = button
            row.addWidget(button)
        self.print_button = QPushButton("Печать…")
        self.print_button.setToolTip("Напечатать документ (Ctrl+P)")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_document())
        row.addWidget(self.print_button)
        tab_action(self, "Печать…", QKeySequence.StandardKey.Print, lambda: self.print_document())
        tab_action(self, "Сохранить", QKeySequence.StandardKey.Save, lambda: self.save(self.formats[0].suffix))
        self.usb_button = QPushButton("На флешку…")
        self.usb_button.setToolTip("Записать сохранённые файлы на флешку с проверкой записи")
        self.usb_button.setEnabled(False)
        self.usb_button.clicked.connect(self.to_usb)
        row.addWidget(self.usb_button)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(row)
        self._show_zoom()
        self._prepare(build, render_pdf)

    # --- building -----------------------------------------------------------------------------
    def _prepare(self, build: Callable[[], Any], render_pdf: Callable[[Any, Path], None]) -> None:
        target = Path(self._temp.name) / "preview.pdf"

        def work():
            document = build()
            render_pdf(document, target)
            return document

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error
            self.status.setText("Документ не подготовлен.")
            show_user_error(self, error, self.windowTitle())
            QTimer.singleShot(0, self.reject)

        run_task(work, lambda document: self._show(document, target), failed, owner=self)

    def _show(self, document: Any, pdf: Path) -> None:
        self.document = document
        self._pages = PdfPages(pdf)
        for index in range(len(self._pages)):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white; border: 1px solid #999;")
            label.setAccessibleName(f"Страница {index + 1}")
            self.pages_layout.addWidget(label)
            self._page_labels.append(label)
        for button in (*self.save_buttons.values(), self.print_button):
            button.setEnabled(True)
        self._layout_pages()
        self.ready.emit()

    @property
    def page_count(self) -> int:
        return len(self._page_labels)

    # --- pages ----------------------------------------------------------------------------------
    def _zoom(self) -> float:
        return ZOOMS[self._zoom_index]

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{self._zoom():.0%}")
        self.zoom_out.setEnabled(self._zoom_index > 0)
        self.zoom_in.setEnabled(self._zoom_index < len(ZOOMS) - 1)

    def set_zoom(self, index: int) -> None:
        index = max(0, min(index, len(ZOOMS) - 1))
        if index == self._zoom_index:
            return
        self._zoom_index = index
        self._show_zoom()
        self._layout_pages()

    def _layout_pages(self) -> None:
        if self._pages is None:
            return
        scale = self._zoom() * SCREEN_DPI / 72
        for index, label in enumerate(self._page_labels):
            width, height = self._pages.size(index)
            label.setFixedSize(round(width * scale), round(height * scale))
        self.status.setText(f"Страниц: {self.page_count}")
        # Sizes settle after the layout pass; draw what is on screen then.
        QTimer.singleShot(0, self._draw_visible)

    def visible_pages(self) -> list[int]:
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        return [i for i, label in enumerate(self._page_labels)
                if label.y() < bottom and label.y() + label.height() > top]

    def _draw_visible(self) -> None:
        if self._pages is None:
            return
        zoom = self._zoom()
        for index in self.visible_pages():
            if self._drawn.get(index) != zoom:
                self._draw(index, zoom)

    def _draw(self, index: int, zoom: float) -> None:
        picture = self._pages.render(index, dpi=SCREEN_DPI * zoom)
        image = QImage(picture.data, picture.width, picture.height, picture.stride, QImage.Format.Format_RGB888)
        self._page_labels[index].setPixmap(QPixmap.fromImage(image))  # fromImage copies the bytes
        self._drawn[index] = zoom

    def page_picture(self, index: int) -> QPixmap:
        """What page `index` shows now (drawn on demand): for tests and screenshots."""
        if self._drawn.get(index) != self._zoom():
            self._draw(index, self._zoom())
        return self._page_labels[index].pixmap()

    # --- saving ---------------------------------------------------------------------------------
    def save(self, suffix: str, path: str | None = None) -> None:
        fmt = next(f for f in self.formats if f.suffix == suffix)
        if self.document is None:
            return
        if path is None:
            start = str(Path(last_folder(self.folder_key)) / f"{self.file_stem}{suffix}")
            path, _ = QFileDialog.getSaveFileName(self, f"Сохранить {fmt.label}", start, fmt.file_filter)
            if not path:
                return
            remember_folder(self.folder_key, path)
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        document = self.document
        if fmt.check is not None:
            try:
                if fmt.check(document, target) is False:
                    return
            except UserError as error:
                show_user_error(self, error, "Сохранение документа")
                return

        def done(_: Any) -> None:
            from desktop.views.recent_files import SAVED, remember_file

            remember_file(target, SAVED)  # offered by «Экспорт на флешку»
            self.saved_paths.append(target)
            self.usb_button.setEnabled(True)
            self.status.setText(f"Сохранено: {target}")
            self.saved.emit(document, target)

        # a file written is kept and entered in the journal even when «Отмена» came as it was being closed
        run_with_progress(self, "Сохранение документа", lambda: fmt.write(document, target), done,
                          label=f"Сохранение «{target.name}»…", keep_result=True)

    def print_document(self, printer=None) -> int:
        """Print the pages shown, through the system's print dialog (or on `printer` as it is set up);
        returns the number of pages printed."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.views.printing import print_pages

        if self._pages is None:
            return 0
        first, last = 1, len(self._pages)
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.windowTitle().removeprefix("Просмотр: "))
            dialog = QPrintDialog(printer, self)
            dialog.setMinMax(1, len(self._pages))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            if printer.printRange() == QPrinter.PrintRange.PageRange:
                first, last = printer.fromPage(), printer.toPage()
        try:
            printed = print_pages(self._pages, printer, first, last)
        except UserError as error:
            show_user_error(self, error, "Печать")
            return 0
        from desktop.services.wording import plural

        self.status.setText(f"Отправлено на печать: {plural(printed, 'страница', 'страницы', 'страниц')}")
        return printed

    def to_usb(self) -> QDialog:
        """The files saved from this preview, offered to «Экспорт на флешку»."""
        from desktop.views.dialogs.usb_dialog import UsbExportDialog

        dialog = UsbExportDialog(list(dict.fromkeys(self.saved_paths)), self)
        dialog.open()
        return dialog

    def done(self, result: int) -> None:
        if self._pages is not None:
            self._pages.close()  # PDFium holds the file open; Windows would refuse to delete it
            self._pages = None
        self._temp.cleanup()
        super().done(result)
