"""A sheet of scales: found by its header words, read row by row, every problem named by file, sheet,
row and column, and nothing saved while any row is bad."""

from __future__ import annotations

import pytest

from desktop.errors import ImportFormatError
from desktop.models.scales import Scale, ScalesRepository
from desktop.services.scales_io import import_scales, read_scales
from tests.builders.scales_files import ROWS, write_scales_xlsx


def test_a_good_sheet_is_read_and_saved(db, tmp_path):
    read, saved = import_scales(db, write_scales_xlsx(tmp_path / "Шкалы ВПР 2025.xlsx"))
    assert read.problems == [] and read.sheets == ["Шкалы"]
    assert read.rows == [("Шкалы", 3), ("Шкалы", 4), ("Шкалы", 5)]  # under the title and the header
    assert saved == [
        Scale("ВПР", 2025, "Математика", 5, 7, 12, 17, 20, "письмо РЦОИ № 1 (пример)"),
        Scale("ВПР", 2025, "Русский язык", 6, 10, 20, 30, 40, ""),  # «впр», «2025 г.», «6 класс» read
        Scale("ВПР", 2025, "Окружающий мир", 4, 8, 18, 27, 32, "письмо РЦОИ № 1 (пример)"),
    ]
    assert ScalesRepository(db).get("ВПР", 2025, "русский язык", 6) == saved[1]


def test_a_sheet_with_a_bad_row_saves_nothing_and_names_the_row_and_column(db, tmp_path):
    repository = ScalesRepository(db)
    kept = repository.set(Scale("ВПР", 2025, "Математика", 5, 1, 2, 3, 4, "раньше"))
    rows = [ROWS[0], ["ВПР", 2025, "История", 5, 4, 3, 10, 15, ""], ROWS[2]]
    read, saved = import_scales(db, write_scales_xlsx(tmp_path / "шкалы.xlsx", rows))
    assert saved == []
    assert read.messages() == [
        "файл «шкалы.xlsx», лист «Шкалы», строка 4, столбец F: Мин. балл на «4» (3) должен быть больше, чем на «3» (4)"]
    assert repository.list() == [kept]  # the good rows were not saved either


def test_every_problem_of_a_row_is_named_by_its_column(tmp_path):
    rows = [
        ["ЕГЭХ", "2024/2025", "", "13", "x", 5, 17, 21, ""],
        ["ВПР", 2025, "Физика", "седьмой", "семь", 12, 17, None, ""],
        ["ВПР", 2025, "Физика", 8, 0, 12, 17, 2000, ""],
        ROWS[0], ["ВПР", 2025, "МАТЕМАТИКА", 5, 7, 12, 17, 20, ""],
    ]
    read = read_scales(write_scales_xlsx(tmp_path / "шкалы.xlsx", rows))
    assert read.has_errors and read.scales == [read.scales[0]]
    found = [(p.row, p.column, p.message) for p in read.problems]
    assert found == [
        (3, "A", "Неизвестная оценочная процедура «ЕГЭХ». Допустимо: ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР"),
        (3, "B", "«2024/2025» — не год: ожидается год числом, например 2025"),
        (3, "C", "не указано: «Предмет»"),
        (3, "D", "Класс должен быть от 1 до 12, а не 13"),
        (3, "E", "не указано: «Мин. балл на «3»»"),
        (4, "D", "«седьмой» — не класс: ожидается число от 1 до 12"),
        (4, "E", "«Мин. балл на «3»»: не число: «семь»"),
        (4, "H", "не указано: «Максимальный балл» (или диапазон отметки «5», например 17–20)"),
        (5, "E", "«Мин. балл на «3»» должен быть больше нуля, а не 0"),
        (5, "H", "«Максимальный балл» не может быть больше 1000, а не 2000"),
        (7, "C", "шкала ВПР 2025, МАТЕМАТИКА, 5 кл. повторяет строку 6"),
    ]
    assert {p.sheet for p in read.problems} == {"Шкалы"}


def test_other_header_words_and_ranges_of_marks_are_read(tmp_path):
    header = ["№", "Вид процедуры", "Учебный год", "Учебный предмет", "Параллель", "«2»", "«3»", "«4»", "«5»",
              "Основание"]
    rows = [[1, "ВПР", 2024, "История", 5, "0–3", "4–7", "8–11", "12–15", "сайт ФИОКО (пример)"]]
    read = read_scales(write_scales_xlsx(tmp_path / "ranges.xlsx", rows, header=header, title_rows=[]))
    assert read.problems == []
    assert read.scales == [Scale("ВПР", 2024, "История", 5, 4, 8, 12, 15, "сайт ФИОКО (пример)")]


def test_a_range_of_five_that_disagrees_with_the_maximum_is_a_problem(tmp_path):
    header = ["Процедура", "Год", "Предмет", "Класс", "3", "4", "5", "Макс"]
    read = read_scales(write_scales_xlsx(tmp_path / "r.xlsx", [["ВПР", 2024, "История", 5, 4, 8, "12-15", 16]],
                                         header=header))
    assert [(p.row, p.column, p.message) for p in read.problems] == [
        (3, "G", "диапазон отметки «5» заканчивается на 15, а максимальный балл — 16")]


def test_a_sheet_without_the_header_is_refused_naming_the_file(tmp_path):
    path = write_scales_xlsx(tmp_path / "не шкалы.xlsx", [["a", 1]], header=["Школа", "Баллы"])
    with pytest.raises(ImportFormatError) as raised:
        read_scales(path)
    assert str(raised.value).startswith("Файл «не шкалы.xlsx», лист «Шкалы»: не найдена строка заголовков шкал.")


def test_a_header_without_a_needed_column_is_a_problem(tmp_path):
    header = ["Процедура", "Предмет", "Класс", "3", "4", "5", "Макс"]
    read = read_scales(write_scales_xlsx(tmp_path / "h.xlsx", [["ВПР", "История", 5, 4, 8, 12, 15]], header=header))
    assert read.messages() == ["файл «h.xlsx», лист «Шкалы», строка 2: в заголовке нет столбцов «Год»"]


def test_an_xls_sheet_is_read_through_the_child_reader(tmp_path):
    from tests.builders.hostile_files import xls_copy

    xls = xls_copy(write_scales_xlsx(tmp_path / "шкалы.xlsx"), tmp_path / "шкалы.xls")
    read = read_scales(xls)
    assert read.problems == [] and len(read.scales) == 3
    assert read.scales[0] == Scale("ВПР", 2025, "Математика", 5, 7, 12, 17, 20, "письмо РЦОИ № 1 (пример)")
