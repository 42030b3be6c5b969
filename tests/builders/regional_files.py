"""Writers of the regional (municipal) per-student exports of ВПР from ФИС ОКО, three generations
(docs `file-layouts.md` §5), for tests.

Everything is invented: the region «Энская область» (code 77), the municipalities «Заречный
муниципальный округ» (`reg77_m001`) and «Лесной муниципальный район» (`reg77_m002`), schools with
logins `edu771001`, `sch771002`…, pupils and their scores. The numbers are parameters: a test asserts
that what the reader parsed equals what was written. Each writer returns a `Written` whose `rows`
give the Excel row of each pupil (by participant code) and `columns` the letter of each header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tests.builders.result_files import Written

REGION = ("reg770000", "Энская область", 77)
ZARECHNY = ("reg77_m001", "Заречный муниципальный округ")
LESNOY = ("reg77_m002", "Лесной муниципальный район")
ABSENT = "отсутствовал"
JOURNAL_2022 = "Отметка за предыдущий триместр/четверть/полугодие"
JOURNAL_2021 = "отметка за предыдущую четверть/триместр"


@dataclass
class Pupil:
    code: int  # the participant's code (5 digits)
    tasks: list[object]  # points per task; "X" for a task not done
    total: object = None  # the total; None: the sum of the numeric tasks
    journal: object = None  # the previous term's mark
    class_label: str = "4А"
    variant: object = 1  # ABSENT for a pupil who took no part
    gender: str = "м"

    @property
    def score(self) -> object:
        if self.total is not None:
            return self.total
        if self.variant == ABSENT:
            return None
        return sum(t for t in self.tasks if isinstance(t, int | float))


@dataclass
class RegionalSchool:
    login: str  # edu771001, sch771002
    name: str
    pupils: list[Pupil] = field(default_factory=list)
    municipality: tuple[str, str] = ZARECHNY


def spread(total: int, tops: list[int]) -> list[int]:
    """Task points that add up to `total`, filling the tasks in order (total ≤ sum of tops)."""
    points = []
    for top in tops:
        given = min(top, total)
        points.append(given)
        total -= given
    if total:
        points[-1] += total  # more than the tasks allow: the last task takes the rest (a bad file)
    return points


def pupils_with_totals(totals: list[int], tops: list[int], *, first_code: int = 50001,
                       journal: int | None = 4) -> list[Pupil]:
    return [Pupil(first_code + k, spread(total, tops), journal=journal) for k, total in enumerate(totals)]


def _text(value: object, as_text: bool) -> object:
    if as_text and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}".replace(".", ",")
    return value


def _save(wb: Workbook, path, sheet: str, headers: list[str], header_row: int, rows: dict[str, int]) -> Written:
    path = Path(path)
    wb.save(path)
    columns = {h: get_column_letter(c) for c, h in enumerate(headers, start=1)}
    return Written(path, sheet, rows, columns, header_row)


def _default_schools() -> list[RegionalSchool]:
    return [
        RegionalSchool("edu771001", 'МБОУ "СОШ № 1 с. Заречное"', [
            Pupil(50001, [1, 2, 1, "X"], journal=4),
            Pupil(50002, [0, 1, 0, 0], journal=3, class_label="4Б", variant=2),
        ]),
        RegionalSchool("sch771002", 'МКОУ "ООШ с. Берёзовка"', [Pupil(50003, [1, 2, 2, 2], journal=5)]),
    ]


# ---------------------------------------------------------------------------------------------------
# 2022: sheets «Классы» and «Протокол», codes and names in one cell `code | name`


def write_regional_2022(path, schools: list[RegionalSchool] | None = None, *,
                        tasks: list[tuple[str, int]] | None = None, date_text: str = "17.03.2022 05:09:18",
                        as_text: bool = False) -> Written:
    schools = _default_schools() if schools is None else schools
    tasks = [("1", 1), ("2", 2), ("3.1", 2), ("3.2", 2)] if tasks is None else tasks
    region_code, region_name, region_number = REGION
    wb = Workbook()
    classes = wb.active
    classes.title = "Классы"
    classes.append(["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки",
                    'Буква (цифра) класса. Введите "нет" - если отсутствует', "Основной учебник по предмету"])
    for school in schools:
        for label in sorted({p.class_label for p in school.pupils}):
            classes.append([school.login, region_number, f"{region_code} | {region_name}",
                            " | ".join(school.municipality), f"{school.login} | {school.name}", date_text,
                            label[-1:], "Моро М. И. Математика"])
    ws = wb.create_sheet("Протокол")
    headers = ["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки", "Код",
               "Вариант", *(f"{key} ({top}б)" for key, top in tasks), "Наименование класса", "Пол",
               JOURNAL_2022, "Итого баллов"]
    ws.append(headers)
    rows = {}
    for school in schools:
        for pupil in school.pupils:
            rows[str(pupil.code)] = ws.max_row + 1
            ws.append([school.login, region_number, f"{region_code} | {region_name}", " | ".join(school.municipality),
                       f"{school.login} | {school.name}", date_text, _text(pupil.code, as_text),
                       _text(pupil.variant, as_text), *(_text(t, as_text) for t in pupil.tasks), pupil.class_label,
                       pupil.gender, _text(pupil.journal, as_text), _text(pupil.score, as_text)])
    return _save(wb, path, "Протокол", headers, 1, rows)


# ---------------------------------------------------------------------------------------------------
# 2021: sheet «Sheet», the school's login, no municipality


def write_regional_2021(path, schools: list[RegionalSchool] | None = None, *, n_tasks: int = 4,
                        as_text: bool = False) -> Written:
    schools = _default_schools() if schools is None else schools
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    headers = ["логин школы", "регион", "номер обучающегося", "код обучающегося", JOURNAL_2021, "пол", "класс",
               "вариант", "всего баллов", *(f"балл за {k}" for k in range(1, n_tasks + 1)), "Учебник"]
    ws.append(headers)
    rows = {}
    number = 0
    for school in schools:
        for pupil in school.pupils:
            number += 1
            rows[str(pupil.code)] = ws.max_row + 1
            ws.append([school.login, f"СПО {REGION[1]}", _text(number, as_text), _text(pupil.code, as_text),
                       _text(pupil.journal, as_text), pupil.gender, pupil.class_label, _text(pupil.variant, as_text),
                       _text(pupil.score, as_text), *(_text(t, as_text) for t in pupil.tasks), "Моро М. И."])
    return _save(wb, path, "Sheet", headers, 1, rows)


# ---------------------------------------------------------------------------------------------------
# 2020: sheet «Sheet1», the municipality a token of `groups`


def groups_of(school: RegionalSchool, *, municipalities: int = 1) -> str:
    """`vpr_2020,reg77,reg77_vpr,reg77_vpr_m001,…,edu771001`; `municipalities=2` names a second one
    (a login in two municipalities' groups: the file does not say which it is)."""
    number = REGION[2]
    code = school.municipality[0]
    tokens = ["vpr_2020", f"reg{number}", f"reg{number}_vpr", code.replace("_m", "_vpr_m")]
    if municipalities > 1:
        tokens.append(f"reg{number}_vpr_m099")
    return ",".join([*tokens, f"reg{number}_vpr_school", school.login])


def write_regional_2020(path, schools: list[RegionalSchool] | None = None, *, n_tasks: int = 4,
                        as_text: bool = False, municipalities: int = 1) -> Written:
    schools = _default_schools() if schools is None else schools
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    headers = ["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2", "sum",
               *(f"a-{k}-grade" for k in range(1, n_tasks + 1))]
    ws.append(headers)
    rows = {}
    number = 900000
    for school in schools:
        for pupil in school.pupils:
            number += 1
            rows[str(pupil.code)] = ws.max_row + 1
            ws.append([groups_of(school, municipalities=municipalities), school.login, number,
                       _text(pupil.code, as_text), _text(pupil.journal, as_text), pupil.gender, pupil.class_label,
                       _text(pupil.variant, as_text), None, _text(pupil.score, as_text),
                       *(_text(t, as_text) for t in pupil.tasks)])
    return _save(wb, path, "Sheet1", headers, 1, rows)
