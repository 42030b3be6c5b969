"""The shipped font: present, licensed, found from the source tree, registered once."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from desktop.services.documents import fonts

REPO = Path(__file__).resolve().parents[3]


def test_font_files_are_shipped_with_their_licence():
    folder = REPO / "resources" / "fonts"
    for file_name in fonts.FONT_FILES.values():
        data = (folder / file_name).read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00", f"{file_name} is not a TrueType font"
    licence = (folder / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright (c) 2012 Red Hat, Inc." in licence


def test_font_path_resolves_names_and_file_names():
    assert fonts.font_path(fonts.BOLD) == REPO / "resources" / "fonts" / "LiberationSerif-Bold.ttf"
    assert fonts.font_path("LiberationSerif-Regular.ttf").is_file()
    try:
        fonts.font_path("NoSuchFont.ttf")
    except FileNotFoundError as error:
        assert "NoSuchFont.ttf" in str(error)
    else:
        raise AssertionError("a missing font must raise FileNotFoundError")


def test_register_fonts_is_idempotent_and_covers_cyrillic():
    assert fonts.register_fonts() == fonts.FAMILY
    first = pdfmetrics.getFont(fonts.REGULAR)
    assert fonts.register_fonts() == fonts.FAMILY
    assert pdfmetrics.getFont(fonts.REGULAR) is first
    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC):
        font = pdfmetrics.getFont(name)
        assert ord("Ж") in font.face.charWidths and ord("№") in font.face.charWidths
