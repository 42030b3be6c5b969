"""How the command line prints machine-readable answers."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def one_line(text: object) -> str:
    """A message as one line of the terminal: a file named with a line break («имя\\nфайла.xlsx»)
    must not split it."""
    return " ".join(str(text).splitlines())
