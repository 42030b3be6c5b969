"""Schools lists as offices keep them in Excel, with invented schools."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

STANDARD_HEADER = ["№", "Краткое наименование", "Полное наименование", "Код ФИС ОКО", "Тип", "Населённый пункт", "Директор", "Телефон"]


def invented_school(n: int) -> list:
    return [
        n,
        f"МКОУ «СОШ № {n} с. Новоселье»",
        f"Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа № {n} с. Новоселье»",
        f"edu{800000 + n:06d}",
        "СОШ",
        "с. Новоселье",
        f"Иванова {chr(0x410 + n % 32)}. В.",
        f"8 (000) 555-{n % 100:02d}-{n % 97:02d}",
    ]


def write_titled_table(path: Path, rows: list[list], header: list[str], title_rows=(), sheet: str = "Лист1") -> Path:
    """A sheet as offices type them: title lines, the header row, then the rows."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet)
    for line in title_rows:
        ws.append([line])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    workbook.save(path)
    return path


def write_schools_xlsx(
    path: Path,
    rows: list[list],
    header: list[str] = STANDARD_HEADER,
    title_rows: list[str] = ("Реестр общеобразовательных организаций",),
    sheet: str = "Школы",
) -> Path:
    return write_titled_table(path, rows, header, title_rows, sheet)
