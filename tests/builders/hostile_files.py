"""Hostile input files: valid fixtures of every layout the importers read, and mutators that break them.

A mutation plan is a list of small JSON-able operations, e.g. `[["drop_member", 3], ["flip", 81, 5]]`,
so a failing case can be printed, replayed and shrunk by hypothesis. `apply_plan(data, kind, plan)`
turns the bytes of a fixture (kind «xlsx», «xls» or «docx») into the bytes of the mutated file; an
operation that does not fit the bytes it gets (a zip operation on a file that is no longer a zip) leaves
them as they are.

Beside the plans there are the files no plan makes: sheets of a million rows, decompression bombs
(honest and with forged sizes), XML entity bombs, wrong encodings, files of 0 bytes and paths that
are not files at all (a folder, a FIFO, a dangling symlink, /dev/zero). All data is invented.
"""

from __future__ import annotations

import io
import os
import random
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

SECRET = "СЕКРЕТНАЯ-СТРОКА-XXE-7f3a"  # planted in a file an external entity points at; must never leak

ODD_TEXTS = [
    "=HYPERLINK(\"http://example.invalid\",\"нажми\")",
    "+7 (000) 000-00-00",
    "-1",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "Школа 🏫 № 5 👩‍🏫",
    "Й̈о̄ж̃ик с комбинирующими знаками",
    "עברית ومدرسة العربية mixed с русским",
    "\u202eперевёрнутый текст\u202c",
    "строка\nс переводом\tи табуляцией",
    "нулевой\u200bширины\u200dсоединитель",
    "X" * 300,
    "очень длинный текст " * 2000,
    "\x01\x02управляющие\x0bсимволы\x7f",
    "   ",
    "ＦＵＬＬＷＩＤＴＨ ０１２",
]

# ---------------------------------------------------------------------------------------------------
# zip members


def zip_entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    """Every member of a zip with its unpacked bytes, duplicates and order kept; None if not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:
        return None


def build_zip(entries: Iterable[tuple[str, bytes]], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # «Duplicate name» is the point of some mutations
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, content in entries:
                archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), content, compress_type=method)
    return buffer.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    entries = zip_entries(data)
    return None if entries is None else [(info.filename, content) for info, content in entries]


def _xml_indexes(members: list[tuple[str, bytes]]) -> list[int]:
    return [i for i, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]


def _pick(items: list, index: int):
    return items[index % len(items)] if items else None


BILLION_LAUGHS = (
    b'<!DOCTYPE bomb [<!ENTITY a "hahahahahahahahahaha">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (chr(ord("b") + i).encode(), (b"&" + chr(ord("a") + i).encode() + b";") * 10)
        for i in range(9)
    )
    + b"]>"
)
BOMB_REFERENCE = b"&j;"  # 10**9 × 20 bytes when expanded


def _with_doctype(xml: bytes, doctype: bytes, reference: bytes) -> bytes:
    """`xml` with `doctype` after its declaration and `reference` put into its first text node."""
    if xml.startswith(b"<?xml"):
        end = xml.find(b"?>") + 2
        head, body = xml[:end], xml[end:]
    else:
        head, body = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', xml
    for tag in (b"<t>", b"<w:t>", b"<t xml:space=\"preserve\">", b"<w:t xml:space=\"preserve\">"):
        at = body.find(tag)
        if at >= 0:
            at += len(tag)
            body = body[:at] + reference + body[at:]
            break
    else:
        close = body.rfind(b"</")
        if close > 0:
            body = body[:close] + reference + body[close:]
    return head + doctype + body


def xxe_doctype(secret_file: Path) -> bytes:
    return b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "' + secret_file.resolve().as_uri().encode() + b'">]>'


# ---------------------------------------------------------------------------------------------------
# operations on bytes and on zip members


def _truncate(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * min(max(fraction, 0.0), 1.0))]


def _flip(data: bytes, seed: int, count: int) -> bytes:
    if not data:
        return data
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(1, count)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _splice(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randrange(1, 64)) + data[at:]


def _zip_op(data: bytes, change: Callable[[list[tuple[str, bytes]]], list[tuple[str, bytes]] | None],
            *, stored: bool = False) -> bytes:
    members = _members(data)
    if not members:
        return data
    changed = change(members)
    return data if changed is None else build_zip(changed, stored=stored)


def _drop(members, index):
    return [m for i, m in enumerate(members) if i != index % len(members)]


def _dup(members, index):
    return [*members, members[index % len(members)]]


def _swap(members, first, second):
    i, j = first % len(members), second % len(members)
    out = list(members)
    out[i], out[j] = (members[i][0], members[j][1]), (members[j][0], members[i][1])
    return out


def _shuffle(members, seed):
    out = list(members)
    random.Random(seed).shuffle(out)
    return out


def _garble_member(members, index, seed):
    xml = _xml_indexes(members)
    if not xml:
        return None
    i = _pick(xml, index)
    out = list(members)
    out[i] = (members[i][0], _flip(members[i][1], seed, 1 + seed % 8))
    return out


def _truncate_member(members, index, fraction):
    i = index % len(members)
    out = list(members)
    out[i] = (members[i][0], _truncate(members[i][1], fraction))
    return out


def _reencode_member(members, index, encoding):
    xml = _xml_indexes(members)
    if not xml:
        return None
    i = _pick(xml, index)
    name, content = members[i]
    text = content.decode("utf-8", errors="replace")
    if encoding == "utf-16":
        new = text.encode("utf-16")  # declaration still says UTF-8
    elif encoding == "cp1251-declared":
        new = text.replace('encoding="UTF-8"', 'encoding="windows-1251"').encode("utf-8")
    elif encoding == "cp1251":
        new = text.encode("cp1251", errors="replace")  # bytes that are not UTF-8
    elif encoding == "latin-1-declared":
        new = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("utf-8")
    else:  # «bom»: a UTF-8 byte order mark in front of the declaration
        new = b"\xef\xbb\xbf" + content
    out = list(members)
    out[i] = (name, new)
    return out


def _entity(members, index, doctype: bytes, reference: bytes):
    xml = _xml_indexes(members)
    if not xml:
        return None
    i = _pick(xml, index)
    out = list(members)
    out[i] = (members[i][0], _with_doctype(members[i][1], doctype, reference))
    return out


def _central_records(data: bytes) -> list[int]:
    """The offsets of the central directory records of a zip, or [] when they cannot be walked."""
    end = data.rfind(b"PK\x05\x06")
    if end < 0 or end + 20 > len(data):
        return []
    count, _size, position = struct.unpack("<HII", data[end + 10 : end + 20])
    records = []
    for _ in range(count):
        if position + 46 > len(data) or data[position : position + 4] != b"PK\x01\x02":
            return []
        records.append(position)
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[position + 28 : position + 34])
        position += 46 + name_len + extra_len + comment_len
    return records


def _patch_record(data: bytes, index: int, at: int, patch: Callable[[bytes], bytes]) -> bytes:
    records = _central_records(data)
    if not records:
        return data
    position = records[index % len(records)] + at
    out = bytearray(data)
    out[position : position + 4] = patch(bytes(out[position : position + 4]))
    return bytes(out)


def _bad_crc(data: bytes, index: int) -> bytes:
    """Change the CRC-32 of one member in its central directory entry."""
    return _patch_record(data, index, 16, lambda crc: struct.pack("<I", struct.unpack("<I", crc)[0] ^ 0x5A5A5A5A))


def zip_version(data: bytes, index: int, version: int) -> bytes:
    """Set the «version needed to extract» of one member: zipfile refuses a version it does not know
    with NotImplementedError, not BadZipFile."""
    return _patch_record(data, index, 6, lambda field: struct.pack("<H", version) + field[2:])


def _on_members(operation, args, members):
    return operation(members, *args)


MEMBER_OPS = {
    "drop_member": _drop, "dup_member": _dup, "swap_members": _swap, "shuffle_members": _shuffle,
    "garble_member": _garble_member, "truncate_member": _truncate_member, "reencode_member": _reencode_member,
}


def apply_plan(data: bytes, kind: str, plan: list[list], *, secret_file: Path | None = None) -> bytes:
    """The bytes of a fixture after every operation of `plan`: cell changes first (they reread the file
    with calamine in this process, which must never see a damaged file), then zip and byte damage."""
    plan = sorted(plan, key=lambda step: 0 if step[0] in CELL_OPS else 1)
    for op, *args in plan:
        if op == "truncate":
            data = _truncate(data, *args)
        elif op == "flip":
            data = _flip(data, *args)
        elif op == "splice":
            data = _splice(data, *args)
        elif op in MEMBER_OPS:
            data = _zip_op(data, partial(_on_members, MEMBER_OPS[op], args))
        elif op == "entity_bomb":
            data = _zip_op(data, partial(_entity, index=args[0], doctype=BILLION_LAUGHS, reference=BOMB_REFERENCE))
        elif op == "xxe":
            if secret_file is not None:
                data = _zip_op(data, partial(_entity, index=args[0], doctype=xxe_doctype(secret_file), reference=b"&xxe;"))
        elif op == "stored":
            data = _zip_op(data, lambda m: m, stored=True)
        elif op == "bad_crc":
            data = _bad_crc(data, *args)
        elif op == "zip_version":
            data = zip_version(data, *args)
        elif op in CELL_OPS:
            data = mutate_cells(data, kind, op, *args)
        else:
            raise ValueError(f"unknown mutation {op!r}")
    return data


# ---------------------------------------------------------------------------------------------------
# cell-level mutations: the file stays a valid workbook or document, its content goes wrong

CELL_OPS = ("header_shuffle", "header_delete", "text_in_numbers", "numbers_in_text", "formulas", "merge",
            "hide_sheet", "odd_text", "blank_rows", "delete_rows", "duplicate_rows")


class _Grid:
    """What a cell mutation needs from a sheet or a Word table."""

    def __init__(self, rows: list[list[object]]):
        self.rows = rows

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _header_row(rows: list[list[object]]) -> int:
    """The index of the row with the most text cells among the first 30: the header, usually."""
    best, best_count = 0, -1
    for index, row in enumerate(rows[:30]):
        count = sum(1 for v in row if isinstance(v, str) and v.strip())
        if count > best_count:
            best, best_count = index, count
    return best


def _mutate_rows(rows: list[list[object]], op: str, seed: int) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """The same mutations for every format, on plain rows; returns (rows, merges to make)."""
    rng = random.Random(seed)
    rows = [list(r) for r in rows]
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([None] * (width - len(r)))
    merges: list[tuple[int, int, int, int]] = []
    if not rows or not width:
        return rows, merges
    header = _header_row(rows)
    body = list(range(header + 1, len(rows))) or [header]
    if op == "header_shuffle":
        rng.shuffle(rows[header])
    elif op == "header_delete":
        for c in rng.sample(range(width), k=max(1, min(width, 1 + seed % 3))):
            rows[header][c] = None
    elif op in ("text_in_numbers", "numbers_in_text", "formulas", "odd_text"):
        for _ in range(1 + seed % 12):
            r, c = rng.choice(body), rng.randrange(width)
            value = rows[r][c]
            if op == "text_in_numbers":
                rows[r][c] = rng.choice(["двадцать", "12,5,3", "—", "N/A", "1e400", "nan", "-0", "5+", "∞"]) \
                    if isinstance(value, (int, float)) or value is None else value
            elif op == "numbers_in_text":
                rows[r][c] = rng.choice([0, -1, 3.14159, 1e308, 2**53 + 1, 45000.5]) if isinstance(value, str) else value
            elif op == "formulas":
                rows[r][c] = rng.choice(["=1/0", "=A1", "=SUM(A1:A3)", "=HYPERLINK(\"http://x.invalid\")", "=\"текст\""])
            else:
                rows[r][c] = rng.choice(ODD_TEXTS)
    elif op == "merge":
        for _ in range(1 + seed % 4):
            r1 = rng.randrange(len(rows))
            c1 = rng.randrange(width)
            r2 = min(len(rows) - 1, r1 + rng.randrange(3))
            c2 = min(width - 1, c1 + rng.randrange(3))
            if (r1, c1) != (r2, c2) and not any(_overlap((r1, c1, r2, c2), m) for m in merges):
                merges.append((r1, c1, r2, c2))
    elif op == "blank_rows":
        for _ in range(1 + seed % 5):
            rows.insert(rng.randrange(len(rows) + 1), [None] * width)
    elif op == "delete_rows":
        for _ in range(min(len(rows) - 1, 1 + seed % 5)):
            del rows[rng.randrange(len(rows))]
    elif op == "duplicate_rows":
        for _ in range(1 + seed % 5):
            r = rng.randrange(len(rows))
            rows.insert(r, list(rows[r]))
    return rows, merges


def _overlap(a, b) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _largest_sheet(sheets):
    return max(sheets, key=lambda ws: ws.max_row * ws.max_column)


def _mutate_xlsx(data: bytes, op: str, seed: int) -> bytes:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:
        return data
    ws = _largest_sheet(workbook.worksheets)
    if op == "hide_sheet":
        ws.sheet_state = "hidden"
        decoy = workbook.create_sheet("Лист пустой", 0)
        decoy["A1"] = "Здесь ничего нет"
        workbook.active = 0
    else:
        for merged in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(merged))
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        rows, merges = _mutate_rows(rows, op, seed)
        ws.delete_rows(1, ws.max_row)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=_xlsx_safe(value))
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_safe(value):
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    return value


def _mutate_xls(data: bytes, op: str, seed: int) -> bytes:
    try:
        sheets = read_grid(data)
    except BaseException as error:  # calamine panics (a BaseException) on some damage
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        return data
    if not sheets:
        return data
    index = max(range(len(sheets)), key=lambda i: len(sheets[i][1]) * max((len(r) for r in sheets[i][1]), default=0))
    name, rows, hidden = sheets[index]
    merges: list = []
    if op == "hide_sheet":
        sheets[index] = (name, rows, True)
        sheets.insert(0, ("Лист пустой", [["Здесь ничего нет"]], False))
    else:
        rows, merges = _mutate_rows(rows, op, seed)
        sheets[index] = (name, rows, hidden)
    return write_xls_bytes(sheets, {name: merges})


def _mutate_docx(data: bytes, op: str, seed: int) -> bytes:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        return data
    tables = document.tables
    rng = random.Random(seed)
    if op == "hide_sheet":  # the Word counterpart: the plan table nested inside another table's cell
        if not tables:
            return data
        outer = document.add_table(rows=1, cols=1)
        outer.cell(0, 0)._tc.append(tables[0]._tbl)
    elif not tables:
        paragraphs = document.paragraphs
        if paragraphs:
            for _ in range(1 + seed % 5):
                p = rng.choice(paragraphs)
                if op in ("delete_rows",) and p._p.getparent() is not None:
                    p._p.getparent().remove(p._p)
                    paragraphs = document.paragraphs
                    if not paragraphs:
                        break
                else:
                    p.add_run(_docx_safe(str(rng.choice(ODD_TEXTS))))
    else:
        table = max(tables, key=lambda t: len(t.rows))
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        new_rows, merges = _mutate_rows(rows, op, seed)
        if op in ("blank_rows", "delete_rows", "duplicate_rows"):
            _reshape_docx_table(table, len(new_rows))
        for r, values in enumerate(new_rows[: len(table.rows)]):
            cells = table.rows[r].cells
            for c, value in enumerate(values[: len(cells)]):
                text = "" if value is None else str(value)
                if cells[c].text != text:
                    cells[c].text = _docx_safe(text)
        for r1, c1, r2, c2 in merges:
            try:
                table.cell(r1, c1).merge(table.cell(r2, c2))
            except Exception:
                pass  # python-docx refuses some shapes; the others still land
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_safe(text: str) -> str:
    import re

    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def _reshape_docx_table(table, height: int) -> None:
    import copy

    rows = table._tbl.tr_lst
    while len(rows) > height and len(rows) > 1:
        table._tbl.remove(rows[-1])
        rows = table._tbl.tr_lst
    while len(rows) < height:
        rows[-1].addnext(copy.deepcopy(rows[len(rows) // 2]))
        rows = table._tbl.tr_lst


def mutate_cells(data: bytes, kind: str, op: str, seed: int = 0) -> bytes:
    if kind == "xlsx":
        return _mutate_xlsx(data, op, seed)
    if kind == "xls":
        return _mutate_xls(data, op, seed)
    if kind == "docx":
        return _mutate_docx(data, op, seed)
    return data


# ---------------------------------------------------------------------------------------------------
# .xls (BIFF8) copies of the .xlsx fixtures


def read_grid(data_or_path: bytes | str | os.PathLike) -> list[tuple[str, list[list[object]], bool]]:
    """(sheet name, rows, hidden) of every worksheet, as calamine reads them."""
    import python_calamine

    if isinstance(data_or_path, bytes):
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data_or_path))
    else:
        workbook = python_calamine.CalamineWorkbook.from_path(str(data_or_path))
    sheets = []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        rows = [[None if v == "" else v for v in row] for row in rows]
        sheets.append((meta.name, rows, meta.visible != python_calamine.SheetVisibleEnum.Visible))
    return sheets


def write_xls_bytes(sheets: list[tuple[str, list[list[object]], bool]],
                    merges: dict[str, list[tuple[int, int, int, int]]] | None = None) -> bytes:
    """An Excel 97–2003 workbook (xlwt) holding `sheets`; at most 65,536 rows × 256 columns each."""
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    used: set[str] = set()
    for name, rows, hidden in sheets:
        title = (name[:31] or "Лист").replace(":", "_")
        while title.lower() in used:
            title = title[:28] + "_" + str(len(used))
        used.add(title.lower())
        ws = book.add_sheet(title, cell_overwrite_ok=True)
        if hidden:
            ws.visibility = 1
        merged_cells: set[tuple[int, int]] = set()
        for r1, c1, r2, c2 in (merges or {}).get(name, []):
            if r2 < 65536 and c2 < 256:
                ws.merge(r1, r2, c1, c2)
                merged_cells |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
        for r, values in enumerate(rows[:65536]):
            for c, value in enumerate(values[:256]):
                if value is None or (r, c) in merged_cells:
                    continue
                if isinstance(value, (dt.datetime, dt.date)):
                    ws.write(r, c, value, date_style)
                elif isinstance(value, (dt.time, dt.timedelta)):
                    ws.write(r, c, str(value))
                elif isinstance(value, str):
                    ws.write(r, c, value[:32767])
                else:
                    ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_copy(xlsx: Path, target: Path) -> Path:
    """The same sheets and values as `xlsx`, saved as .xls (merged cells kept)."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(xlsx))
    merges = {}
    for meta in workbook.sheets_metadata:
        sheet = workbook.get_sheet_by_name(meta.name)
        merges[meta.name] = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ()]
    target.write_bytes(write_xls_bytes(read_grid(xlsx), merges))
    return target


# ---------------------------------------------------------------------------------------------------
# files no mutation plan makes


def million_rows_xlsx(fixture: Path, target: Path, rows: int = 1_000_000) -> Path:
    """The fixture's biggest sheet with its data rows repeated until the sheet has `rows` rows."""
    from tests.builders.result_files import write_xlsx_fast

    name, grid, _ = max(read_grid(fixture), key=lambda s: len(s[1]))
    header = _header_row(grid)
    body = grid[header + 1 :] or [grid[header]]

    def all_rows():
        yield from grid[: header + 1]
        for n in range(rows - header - 1):
            yield body[n % len(body)]

    write_xlsx_fast(target, name, all_rows())
    return target


def huge_docx_table(fixture: Path, target: Path, rows: int) -> Path:
    """The fixture's biggest table with one of its rows repeated until the table has `rows` rows."""
    import copy

    import docx

    document = docx.Document(str(fixture))
    table = max(document.tables, key=lambda t: len(t.rows))
    tbl = table._tbl
    sample = tbl.tr_lst[-1]
    for _ in range(rows - len(tbl.tr_lst)):
        tbl.append(copy.deepcopy(sample))
    document.save(str(target))
    return target


def _main_part(members: list[tuple[str, bytes]]) -> int:
    for wanted in ("xl/worksheets/sheet1.xml", "word/document.xml"):
        for i, (name, _) in enumerate(members):
            if name == wanted:
                return i
    return next(i for i, (name, _) in enumerate(members) if name.endswith(".xml"))


def decompression_bomb(fixture: Path, target: Path, unpacked: int = 1536 * 1024 * 1024) -> Path:
    """The fixture with its main part padded by `unpacked` bytes of spaces (inflates ~1000 times).

    Built in a second: one 16 MB block of spaces is deflated once, ending on a full flush (no history
    carried over), and repeated; its CRC is taken on the spaces as they would unpack."""
    members = _members(fixture.read_bytes())
    main = _main_part(members)
    name, content = members[main]
    close = content.rfind(b"</")  # the padding goes before the root element closes: well-formed XML
    block = 1 << 24
    count = max(1, unpacked // block)
    head = zlib.compressobj(6, zlib.DEFLATED, -15)
    spaces = zlib.compressobj(9, zlib.DEFLATED, -15)
    tail = zlib.compressobj(6, zlib.DEFLATED, -15)
    padding = spaces.compress(b" " * block) + spaces.flush(zlib.Z_FULL_FLUSH)
    raw = (head.compress(content[:close]) + head.flush(zlib.Z_FULL_FLUSH) + padding * count
           + tail.compress(content[close:]) + tail.flush())
    crc = zlib.crc32(content[:close])
    chunk = b" " * block
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(content[close:], crc)
    size = len(content) + count * block
    _write_raw_zip(target, members, main, raw, crc, size, size)
    return target


def forged_bomb(fixture: Path, target: Path, unpacked: int = 1536 * 1024 * 1024) -> Path:
    """A bomb whose headers lie: the big member declares a few kilobytes, so size checks that trust
    the declared sizes pass it."""
    decompression_bomb(fixture, target, unpacked)
    data = bytearray(target.read_bytes())
    members = _members(fixture.read_bytes())
    declared = len(members[_main_part(members)][1])
    _patch_sizes(data, declared)
    target.write_bytes(bytes(data))
    return target


def _write_raw_zip(target: Path, members, special: int, raw: bytes, crc: int, size: int, declared: int) -> None:
    """A zip with member `special` given as already-deflated bytes (`raw`)."""
    out = io.BytesIO()
    central = []
    for i, (name, content) in enumerate(members):
        encoded = name.encode("utf-8")
        if i == special:
            body, method, member_crc, usize = raw, 8, crc, declared
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = compressor.compress(content) + compressor.flush()
            method, member_crc, usize = 8, zlib.crc32(content), len(content)
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, method, 0, 0x21, member_crc,
                              len(body), usize, len(encoded), 0))
        out.write(encoded)
        out.write(body)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, method, 0, 0x21,
                                   member_crc, len(body), usize, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    target.write_bytes(out.getvalue())


def _patch_sizes(data: bytearray, declared: int) -> None:
    """Set the uncompressed size of every member bigger than 64 MB to `declared`, in both headers."""
    limit = 64 * 1024 * 1024
    position = 0
    while True:
        position = data.find(b"PK\x03\x04", position)
        if position < 0:
            break
        size = struct.unpack("<I", data[position + 22 : position + 26])[0]
        if size > limit:
            data[position + 22 : position + 26] = struct.pack("<I", declared)
        compressed = struct.unpack("<I", data[position + 18 : position + 22])[0]
        name_len, extra_len = struct.unpack("<HH", data[position + 26 : position + 30])
        position += 30 + name_len + extra_len + compressed
    position = 0
    while True:
        position = data.find(b"PK\x01\x02", position)
        if position < 0:
            break
        size = struct.unpack("<I", data[position + 24 : position + 28])[0]
        if size > limit:
            data[position + 24 : position + 28] = struct.pack("<I", declared)
        position += 46


def far_cell(fixture: Path, kind: str) -> bytes:
    """The fixture with one more cell at the last row and column the format allows (XFD1048576)."""
    members = _members(fixture.read_bytes())
    if kind != "xlsx" or not members:
        return fixture.read_bytes()
    main = _main_part(members)
    name, content = members[main]
    close = content.rfind(b"</sheetData>")
    if close < 0:
        return fixture.read_bytes()
    cell = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>конец</t></is></c></row>'.encode()
    content = content[:close] + cell + content[close:]
    content = content.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" old="', 1)
    members[main] = (name, content)
    return build_zip(members)


def lying_dimension(fixture: Path, kind: str) -> bytes:
    """The fixture whose sheet claims to span A1:XFD1048576 (a hint some readers preallocate from)."""
    members = _members(fixture.read_bytes())
    if kind != "xlsx" or not members:
        return fixture.read_bytes()
    main = _main_part(members)
    name, content = members[main]
    start = content.find(b"<dimension ref=\"")
    if start >= 0:
        end = content.find(b'"', start + 16)
        content = content[: start + 16] + b"A1:XFD1048576" + content[end:]
    members[main] = (name, content)
    return build_zip(members)


def deep_nesting(fixture: Path) -> bytes:
    """The main part with 100,000 nested elements inside its root (a stack exhaustion attempt)."""
    members = _members(fixture.read_bytes())
    main = _main_part(members)
    name, content = members[main]
    close = content.rfind(b"</")
    depth = 100_000
    content = content[:close] + b"<x>" * depth + b"</x>" * depth + content[close:]
    members[main] = (name, content)
    return build_zip(members)


def many_members(fixture: Path, count: int = 20_000) -> bytes:
    members = _members(fixture.read_bytes())
    members += [(f"xl/junk/{n}.xml", b"<a/>") for n in range(count)]
    return build_zip(members, stored=True)


OTHER_FORMATS = {
    "pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "gzip": b"\x1f\x8b\x08\x00" + bytes(32),
    "html": "<html><body><table><tr><td>Школа</td></tr></table></body></html>".encode("cp1251"),
    "xml2003": b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    "csv-cp1251": "Краткое наименование;Код\nСОШ № 1;edu0001\n".encode("cp1251"),
    "text-utf16": "Краткое наименование\tКод\nСОШ № 1\tedu0001\n".encode("utf-16"),
    "ole-garbage": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8,
    "zip-empty": build_zip([]),
    "zip-no-workbook": build_zip([("readme.txt", "не книга".encode())]),
    "random": random.Random(5).randbytes(4096),
}


def not_a_file(kind: str, folder: Path, suffix: str) -> Path:
    """A path the user might pick that holds no readable file: what `kind` names."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}{suffix}"
    if kind == "zero-bytes":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling-symlink":
        path.symlink_to(folder / "нет-такого-файла")
    elif kind == "symlink-loop":
        path.symlink_to(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-urandom":
        path.symlink_to("/dev/urandom")
    elif kind == "missing":
        pass
    else:
        raise ValueError(kind)
    return path


NOT_FILES = ("zero-bytes", "folder", "fifo", "dangling-symlink", "symlink-loop", "dev-zero", "dev-urandom", "missing")
