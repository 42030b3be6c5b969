"""The serif font shipped with the program (Liberation Serif, metric-compatible with Times New Roman).

`register_fonts()` registers the four faces with reportlab once per process; renderers call it before
building a PDF. The TTF files live in `resources/fonts/` of the source tree, or in
`desktop/_resources/fonts/` when the package is installed from a wheel.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.paths import resources_dir

__all__ = [
    "FAMILY",
    "REGULAR",
    "BOLD",
    "ITALIC",
    "BOLD_ITALIC",
    "DOCX_FONT_NAME",
    "FONT_FILES",
    "font_dirs",
    "font_path",
    "register_fonts",
]

# reportlab font names (also the PostScript names pdffonts shows).
FAMILY = "LiberationSerif"
REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

# The family name Word and LibreOffice know the font by.
DOCX_FONT_NAME = "Liberation Serif"

FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def font_dirs() -> list[Path]:
    """Folders searched for font files, in order; only those that exist."""
    folder = resources_dir() / "fonts"
    return [folder] if folder.is_dir() else []


def font_path(name: str) -> Path:
    """The file of a font, by reportlab name («LiberationSerif-Bold») or file name (…-Bold.ttf)."""
    file_name = FONT_FILES.get(name, name)
    folders = font_dirs()
    for folder in folders:
        candidate = folder / file_name
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(f) for f in folders) or "(no font folder found)"
    raise FileNotFoundError(f"font file {file_name!r} not found; searched: {searched}")


def register_fonts() -> str:
    """Register Liberation Serif (four faces and the family) with reportlab; return the family name.

    Safe to call any number of times and from several threads: the files are read once.
    """
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if _registered:
            return FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, _file in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
        # <b>/<i> in paragraphs and bold table cells pick the right face through this mapping.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _registered = True
    return FAMILY
