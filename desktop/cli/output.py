"""How the command line prints: machine-readable answers, one-line messages, UTF-8 streams.

Every byte `msoko` writes is UTF-8, whatever the locale. On Windows a pipe or a redirect starts Python's
streams in the ANSI code page (cp1251 on a Russian Windows, cp1252 elsewhere): JSON with Cyrillic then
failed to encode and error lines reached the reader as `\\u0421\\u0430…`. `use_utf8_streams()`, called by
the entry points before anything is printed, reconfigures stdout and stderr; a console is unaffected
(Windows' console stream takes UTF-8 anyway).
"""

from __future__ import annotations

import codecs
import json
import sys
from typing import Any

# Error handler of the streams (and of the log file): whatever a string holds, valid UTF-8 comes out.
UTF8_ERRORS = "msoko.utf8"
_ESCAPED = range(0xDC80, 0xDD00)  # surrogate escapes: bytes an argument or a file name was not decoded from


def _write_utf8(error: UnicodeError) -> tuple[bytes, int]:
    """Where UTF-8 cannot encode (lone surrogates only): the letters behind surrogate escapes, U+FFFD else.

    Under a non-UTF-8 locale on POSIX, a Cyrillic argument arrives as surrogate escapes of its UTF-8
    bytes («\\udcd1\\udc88…»): they are decoded back into the letters. Bytes that are not UTF-8 (a file
    named in cp1251), and surrogates that escape nothing, become U+FFFD — `surrogateescape` would
    write them out as bytes that are not UTF-8.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    pieces: list[str] = []
    escaped = bytearray()
    for char in error.object[error.start:error.end]:
        if ord(char) in _ESCAPED:
            escaped.append(ord(char) - 0xDC00)
            continue
        pieces.append(escaped.decode("utf-8", "replace"))
        escaped.clear()
        pieces.append("\ufffd")
    pieces.append(escaped.decode("utf-8", "replace"))
    return "".join(pieces).encode("utf-8"), error.end  # bytes: the UTF-8 encoder takes only ASCII as str


codecs.register_error(UTF8_ERRORS, _write_utf8)


def use_utf8_streams() -> None:
    """stdout and stderr write UTF-8 from now on. For the entry points only: `run()` called in-process
    (by tests, under pytest's capture) writes to the streams its caller gave it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None under pythonw.exe: no console at all
        if reconfigure is None:
            continue
        try:
            reconfigure(encoding="utf-8", errors=UTF8_ERRORS)
        except (OSError, ValueError):  # a closed or failing stream: printing to it fails later, as before
            pass


def print_json(value: Any) -> None:
    # allow_nan=False: «NaN»/«Infinity» are not JSON; a reader of this output must never meet them
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    sys.stdout.write("\n")


def one_line(text: object) -> str:
    """A message as one line of the terminal: a file named with a line break («имя\\nфайла.xlsx»)
    must not split it."""
    return " ".join(str(text).splitlines())
