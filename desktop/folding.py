"""How text is compared wherever the program searches or matches: case folded, «ё» read as «е» (the
two are one letter to a Russian reader, and files and typists write either)."""

from __future__ import annotations


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")
