"""Pictures of a PDF's pages (PDFium through pypdfium2): the document preview in the window draws
them, so what the user sees before saving is the very file that will be written.

    with PdfPages(path) as pages:
        first = pages.render(0, dpi=96)   # PageImage: RGB bytes, width, height, stride
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from desktop.errors import UserError

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class PageImage:
    """An RGB picture, 3 bytes a pixel, rows `stride` bytes apart."""

    width: int
    height: int
    stride: int
    data: bytes


class PdfPages:
    def __init__(self, path: str | os.PathLike[str]):
        import pypdfium2 as pdfium

        try:
            self._pdf = pdfium.PdfDocument(os.fspath(path))
        except pdfium.PdfiumError as error:
            raise UserError(f"Файл «{os.path.basename(path)}» не открывается как PDF: {error}.") from error

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._pdf)

    def size(self, index: int) -> tuple[float, float]:
        """The page's width and height in points."""
        return tuple(self._pdf[index].get_size())

    def render(self, index: int, dpi: float = 96) -> PageImage:
        import pypdfium2.raw as pdfium_raw

        # Opaque RGB whatever the page holds, so the window can wrap the bytes without converting.
        bitmap = self._pdf[index].render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True,
                                         force_bitmap_format=pdfium_raw.FPDFBitmap_BGR)
        return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))

    def close(self) -> None:
        self._pdf.close()
