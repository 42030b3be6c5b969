"""Sheets of scales as an office types them: a title, a header, one scale a row (the numbers invented)."""

from __future__ import annotations

from pathlib import Path

from tests.builders.schools_files import write_titled_table

HEADER = ["Процедура", "Год", "Предмет", "Класс", "Мин. балл на «3»", "Мин. балл на «4»", "Мин. балл на «5»",
          "Максимальный балл", "Источник"]
# invented scales, not any year's published ones
ROWS = [
    ["ВПР", 2025, "Математика", 5, 7, 12, 17, 20, "письмо РЦОИ № 1 (пример)"],
    ["впр", "2025 г.", "русский язык", "6 класс", 10, 20, 30, 40, ""],
    ["ВПР", 2025, "Окружающий мир", 4, 8, 18, 27, 32, "письмо РЦОИ № 1 (пример)"],
]


def write_scales_xlsx(
    path: Path,
    rows: list[list] = ROWS,
    header: list[str] = HEADER,
    title_rows: list[str] = ("Шкалы перевода первичных баллов в отметки",),
    sheet: str = "Шкалы",
) -> Path:
    return write_titled_table(path, rows, header, title_rows, sheet)
