"""The one way a file from outside comes in: every check made once, with one set of limits.

Result files, roadmaps (.xlsx/.xls plan tables, .docx orders) and school lists are untrusted: corrupt,
huge, zip bombs, a web page under an Excel name, a device instead of a file. Before a reader sees one,
`admit` checks it —

* files.py: a regular, non-empty file within `MAX_FILE_SIZE`, and of which kind, from its first 512
  bytes: a zip, or an OLE2 compound file (.xls) whose header is sane; a .doc is refused with a hint;
* zips.py: a zip that opens, within `MAX_MEMBERS`, `MAX_UNCOMPRESSED` and `MAX_RATIO`, holding the main
  part of its format; every member streamed once, its CRC and the extent of its sheets checked (a big
  sheet as its reader unpacks it, `admit_streaming`);

— and then hands it on: workbook.py opens a workbook with calamine and gives the readers its sheets,
with their merged ranges, one by one or all at once; child_reader.py runs a reader of an Excel 97–2003
file in a child process with time and memory limits (windows_job.py limits its memory on Windows).
limits.py holds the limits; `Format` (files.py) words every refusal in Russian, naming the file.
"""

from __future__ import annotations

from pathlib import Path

from desktop.services.importers.intake.files import Format, check_file
from desktop.services.importers.intake.zips import check_zip


def admit(path: Path, fmt: Format) -> str:
    """Every check of a file from outside before a reader opens it: «zip» or «ole», else refused."""
    return admit_streaming(path, fmt, None)[0]


def admit_streaming(path: Path, fmt: Format, sheets_from: int | None) -> tuple[str, frozenset[str]]:
    """`admit`, but a worksheet part of `sheets_from` bytes and more is left to be checked as its reader
    unpacks it (`zips.SheetStream`, or `zips.verify_member` first): (kind, the parts left)."""
    kind = check_file(path, fmt)
    return kind, check_zip(path, fmt, sheets_streamed_from=sheets_from) if kind == "zip" else frozenset()
