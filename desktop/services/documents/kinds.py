"""The kinds of document an office issues, as printed and as typed (`msoko order --kind`, the editor).

A module of its own, so that the command line can name the kinds without loading the document model.
"""

from __future__ import annotations

ORDER = "ПРИКАЗ"
DIRECTIVE = "РАСПОРЯЖЕНИЕ"
DECISION = "РЕШЕНИЕ"  # of a board (коллегии)
KINDS = (ORDER, DIRECTIVE, DECISION)
KIND_WORDS = {"приказ": ORDER, "распоряжение": DIRECTIVE, "решение": DECISION}
