"""Lists of medalists as offices receive them (a title line, a header, a row per medalist), with
invented pupils, schools and scores. `Written.rows` tells the Excel row of each medalist by its place
in the list, `Written.columns` the letter of each header."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

SUBJECTS = ["Русский язык", "Математика профильная", "Обществознание"]


@dataclass
class MedalistLine:
    school: str  # code (edu…) or name, as the list writes it
    medal: object = "I"
    scores: tuple = (90, 80, 85)  # in the order of `subjects`; None: not taken
    full_name: str | None = None
    year: object = 2026


@dataclass
class Written:
    path: Path
    sheet: str
    rows: list[int] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)


def write_medalists(path, lines: list[MedalistLine], *, subjects: list[str] = SUBJECTS, names: bool = True,
                    year_column: bool = True, school_header: str = "Код ОО", title: str | None = None,
                    extra_header: str | None = None, sheet: str = "Медалисты") -> Written:
    """One sheet: a title line, the header (№, ФИО, school, Год, Медаль, subjects), the medalists."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title or "Результаты ЕГЭ выпускников, награждённых медалью «За особые успехи в учении», 2026 год"])
    header = ["№"] + (["ФИО"] if names else []) + [school_header] + (["Год"] if year_column else [])
    header += ["Медаль", *subjects] + ([extra_header] if extra_header else [])
    ws.append(header)
    written = Written(path, sheet, columns={h: get_column_letter(i) for i, h in enumerate(header, 1)})
    for number, line in enumerate(lines, 1):
        row = [number] + ([line.full_name] if names else []) + [line.school]
        row += ([line.year] if year_column else []) + [line.medal, *line.scores]
        ws.append(row)
        written.rows.append(ws.max_row)
    wb.save(path)
    return written
