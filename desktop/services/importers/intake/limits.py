"""The one set of limits for every file that comes in from outside: results, roadmaps, schools.

Read at the moment of each check (`limits.MAX_UNCOMPRESSED`, not a copy made at import), so a test can
lower one for all the readers at once.

The roadmap readers used to have their own: 256 MB on disk and 256 MB unpacked against 512 MB and 1 GB
here, and a member counted as big (held to `MAX_RATIO`) from 4 MB against 8 MB. The sizes are the
larger ones: a region's ВПР wave (300,000 rows, up to 40 task columns) packs to ~25 MB and unpacks to
several hundred megabytes, which 256 MB would refuse; what the smaller sizes guarded against — archives
that lie about their sizes, sheets that spread over a grid too big to hold, parts held whole in memory —
is caught by the checks that read the archive as it streams (zips.py: the CRC and declared size of every
member, the extent of every sheet), by the limits of what a reader holds whole (below: 256 MB stays the
bound of a .docx, all of which python-docx keeps in memory) and by the row limit of a plan sheet (20,000,
refused before it is read). The big member is the smaller one, 4 MB: a part of 4–8 MB packed more than
200 times (under 40 KB) is not what Excel or Word write, and a Word order that inflates 6 MB of nothing
is called a bomb, not a damaged document.
"""

from __future__ import annotations

MAX_FILE_SIZE = 512 * 1024 * 1024  # bytes on disk
MAX_UNCOMPRESSED = 1024 * 1024 * 1024  # sum of the unpacked members of a zip (.xlsx, .docx)
MAX_MEMBERS = 10_000  # members of a zip: a workbook or a document has tens; each costs a header to read
MAX_RATIO = 200  # unpacked / packed size allowed for a big member…
BIG_MEMBER = 4 * 1024 * 1024  # …one that unpacks to more than this
# rows × columns of one sheet: calamine holds a sheet as a dense grid, and reading one costs ~100 bytes a
# cell at peak (a 300,000-row × 18-column ВПР file: ~540 MB), so the grid is measured before it is built.
# 12 million admits a whole region's ВПР wave with up to 40 task columns and refuses million-row sheets.
MAX_CELLS = 12_000_000
# What a reader holds whole in memory, whatever the size of the grid. calamine reads the shared strings
# of a workbook (every distinct cell text) at once, at ~1.7 times their size (measured: 100 MB of them,
# +170 MB); the names of 300,000 pupils in a РЦОИ protocol would be ~16 MB of them. python-docx keeps
# every part of a package and parses each XML part whole, the body at ~12 times its size, which is also
# the slow part of reading an order (measured on 2 busy cores: a body of 15.6 MB, 16,500 measures, 8 s and
# 210 MB; the 500-measure plan of bench/bench_roadmap_import.py has 0.5 MB). The bounds keep these within
# the 10 s and 500 MB of docs/reliability.md.
MAX_SHARED_STRINGS = 100 * 1024 * 1024  # xl/sharedStrings.xml, unpacked
# the text all the cells of one sheet would hold once read: calamine makes a string per cell, so one
# 32,767-character shared string referenced by 100,000 cells of a 143 KB file would take 3.8 GB
MAX_CELL_TEXT = 200 * 1024 * 1024
MAX_DOCUMENT_PART = 8 * 1024 * 1024  # any XML part of a .docx (word/document.xml the biggest), unpacked
MAX_HELD_PACKAGE = 256 * 1024 * 1024  # all members of a package whose reader holds every part (.docx)
MAX_ROWS = 2_000_000  # rows read per sheet; the rest is dropped with a note
