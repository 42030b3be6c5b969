"""The office's template for collecting results from schools: an .xlsx schools fill in and send back.

«Инструкция» first; «Результаты по школам» (not for ЕГЭ) and «Результаты учеников» with drop-down lists
of the registry's schools, the subjects and the grades; number cells checked by Excel as typed;
headers locked by sheet protection (without a password: it guards against slips, not people), data
cells unlocked. The hidden «МСОКО» sheet carries the kind and year for the reader
(`desktop.services.importers.results.office_template`), which shares the headers with this writer.
"""

from __future__ import annotations

from pathlib import Path

from desktop.atomic import atomic_write
from desktop.figures import COUNTS, ESSAY, INTERVIEW, JOURNAL_KINDS, KIND_NAMES, PASS_FAIL, PASS_FAIL_KINDS
from desktop.models.db import Database
from desktop.models.results import ResultsRepository, parse_kind
from desktop.models.schools import SchoolsRepository
from desktop.services.importers.results import office_template as layout

SCHOOL_ROWS = 500
STUDENT_ROWS = 5000
# the usual subjects; those of stored results of the same kind are added
SUBJECTS = {
    "ВПР": ["Русский язык", "Математика", "Окружающий мир", "История", "Обществознание", "География", "Биология",
            "Физика", "Химия", "Информатика", "Литература", "Английский язык", "Немецкий язык", "Французский язык"],
    "ОГЭ": ["Русский язык", "Математика", "Физика", "Химия", "Биология", "География", "История", "Обществознание",
            "Информатика", "Литература", "Английский язык", "Немецкий язык", "Французский язык", "Испанский язык"],
    "ЕГЭ": ["Русский язык", "Математика профильная", "Математика базовая", "Физика", "Химия", "Биология",
            "География", "История", "Обществознание", "Информатика", "Литература", "Английский язык",
            "Немецкий язык", "Французский язык", "Испанский язык", "Китайский язык"],
    "ГВЭ": ["Русский язык", "Математика"],
    ESSAY: ["Русский язык"],
    INTERVIEW: ["Русский язык"],
}
WIDTHS = {"mean_primary": 13, "school": 45, "subject": 24, "grade": 8, "letter": 9, "participant": 15, "variant": 9, "primary": 11,
          "mark": 10, "journal": 12, "test": 11}


def _instructions(kind: str, year: int) -> list[str]:
    title = f"{kind} ({KIND_NAMES[kind]})" if kind in KIND_NAMES else kind
    lines = [
        f"Шаблон для сбора результатов: {title}, {year} год",
        "",
        "Как заполнить",
    ]
    if kind in PASS_FAIL_KINDS:
        lines.append(f"1. Лист «{layout.SCHOOLS_SHEET}»: одна строка — одна школа. Школу выберите из списка, укажите "
                     "число участников и сколько из них получили «зачёт» и «незачёт» (пустая клетка — ноль). "
                     "Зачёт и незачёт вместе должны быть равны числу участников.")
        if kind == INTERVIEW:
            lines.append("   «Средний балл» — средний балл участников школы из 20 (если известен; иначе оставьте "
                         "пустым).")
    elif kind != "ЕГЭ":
        lines += [
            f"1. Лист «{layout.SCHOOLS_SHEET}»: одна строка — одна школа, предмет и класс. Школу и предмет выберите "
            "из списка, укажите класс, число участников и сколько из них получили «2», «3», «4», «5» "
            "(пустая клетка — ноль). Сумма отметок должна быть равна числу участников.",
        ]
        if kind in JOURNAL_KINDS:
            lines.append("   «Понизили», «Подтвердили», «Повысили» — сколько участников получили отметку ниже, "
                         "равную или выше отметки по журналу (если известно; иначе оставьте пустыми).")
        lines.append(f"2. Лист «{layout.STUDENTS_SHEET}» заполняется вместо первого, если есть результаты каждого "
                     "ученика: код участника (без фамилий), буква класса, первичный балл, отметка. Показатели школы "
                     "программа посчитает сама. Одни и те же результаты не вносите на оба листа.")
    else:
        lines.append(f"1. Лист «{layout.STUDENTS_SHEET}»: одна строка — один выпускник и один предмет: код участника "
                     "(без фамилий), первичный и тестовый балл; по базовой математике — отметка.")
    lines += [
        "",
        "Не меняйте названия листов, заголовки и порядок столбцов: заголовки защищены от изменения. "
        "Пустые строки пропускаются.",
        "Сохраните заполненный файл в формате .xlsx и передайте его в управление образования. "
        "Файлы всех школ загружаются в программу МСОКО вместе, например из одной папки.",
    ]
    return lines


def _subjects(db: Database, kind: str) -> list[str]:
    names = list(SUBJECTS.get(kind, SUBJECTS["ВПР"]))
    for assessment in ResultsRepository(db).assessments(kind=kind):
        if assessment.subject not in names:
            names.append(assessment.subject)
    return names


def write_results_template(db: Database, kind: str, year: int, path: str | Path) -> Path:
    """Write the template for `kind` and `year` to `path` (atomically); the path is returned."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from desktop.services.documents.xlsx_writer import write_value

    kind = parse_kind(kind)
    schools = [f"{s.short_name} ({s.code})" if s.code else s.short_name
               for s in SchoolsRepository(db).list(include_inactive=False)]
    subjects = _subjects(db, kind)
    grades = layout.grades_of(kind)

    workbook = Workbook()
    guide = workbook.active
    guide.title = layout.INSTRUCTIONS_SHEET
    for row, text in enumerate(_instructions(kind, year), start=1):
        cell = guide.cell(row, 1)
        write_value(cell, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(bold=row in (1, 3), size=14 if row == 1 else 11)
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True

    lists = workbook.create_sheet(layout.LISTS_SHEET)
    for column, (title, values) in enumerate((("Школы", schools), ("Предметы", subjects), ("Классы", grades)), 1):
        write_value(lists.cell(1, column), title)
        for row, value in enumerate(values, start=2):  # school names come from files: never formulas
            write_value(lists.cell(row, column), value)
    lists.sheet_state = "hidden"

    thin = Side(style="thin")
    header_style = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="D9D9D9"),
                    "border": Border(left=thin, right=thin, top=thin, bottom=thin),
                    "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center")}

    def list_range(column: str, count: int) -> str:
        return f"'{layout.LISTS_SHEET}'!${column}$2:${column}${max(count, 1) + 1}"

    def data_sheet(title: str, names: list[str], rows: int, hint: str) -> None:
        ws = workbook.create_sheet(title)
        last = layout.HEADER_ROW + rows
        write_value(ws.cell(1, 1), f"Результаты {kind} {year} года")
        ws.cell(1, 1).font = Font(bold=True, size=13)
        write_value(ws.cell(2, 1), hint)
        ws.cell(2, 1).alignment = Alignment(wrap_text=False)
        for column, name in enumerate(names, start=1):
            letter = get_column_letter(column)
            for row in (1, 2):
                ws.cell(row, column).protection = Protection(locked=True)
            cell = ws.cell(layout.HEADER_ROW, column)
            write_value(cell, layout.HEADERS[name])
            for attribute, value in header_style.items():
                setattr(cell, attribute, value)
            # Excel gives empty cells their column's style: the data area is unlocked, the header is not
            ws.column_dimensions[letter].width = WIDTHS.get(name, 11)
            ws.column_dimensions[letter].protection = Protection(locked=False)
            check = _validation(DataValidation, name, list_range, len(schools), len(subjects), len(grades))
            if check is not None:
                check.add(f"{letter}{layout.HEADER_ROW + 1}:{letter}{last}")
                ws.add_data_validation(check)
        ws.freeze_panes = ws.cell(layout.HEADER_ROW + 1, 1)
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # widths may be changed
        ws.protection.formatRows = False

    if kind in PASS_FAIL_KINDS:
        data_sheet(layout.SCHOOLS_SHEET, layout.school_fields(kind), SCHOOL_ROWS,
                   "Одна строка — школа. Зачёт и незачёт вместе равны числу участников.")
    elif kind != "ЕГЭ":
        data_sheet(layout.SCHOOLS_SHEET, layout.school_fields(kind), SCHOOL_ROWS,
                   "Одна строка — школа, предмет и класс. Сумма «2»–«5» равна числу участников.")
    if layout.student_fields(kind):
        data_sheet(layout.STUDENTS_SHEET, layout.student_fields(kind), STUDENT_ROWS,
                   "Одна строка — один участник. Фамилии не указываются.")

    marker = workbook.create_sheet(layout.MARKER_SHEET)
    for row, (label, value) in enumerate((("", layout.MARKER), ("Процедура", kind), ("Год", year),
                                          ("Версия", layout.VERSION)), start=1):
        if label:
            write_value(marker.cell(row, 1), label)
        write_value(marker.cell(row, 2 if label else 1), value)
    marker.sheet_state = "hidden"
    workbook.properties.creator = "МСОКО Desktop"
    workbook.properties.title = f"Результаты {kind} {year}"

    path = Path(path)
    with atomic_write(path) as tmp:
        workbook.save(tmp)
    return path


def _validation(DataValidation, name: str, list_range, n_schools: int, n_subjects: int, n_grades: int):
    """The check Excel applies as a cell is typed; lists warn (a name typed by hand is still taken)."""
    if name == "school":
        return DataValidation(type="list", formula1=list_range("A", n_schools), allow_blank=True, errorStyle="warning",
                              errorTitle="Школа", error="Выберите школу из списка.")
    if name == "subject":
        return DataValidation(type="list", formula1=list_range("B", n_subjects), allow_blank=True,
                              errorStyle="warning", errorTitle="Предмет", error="Выберите предмет из списка.")
    if name == "grade":
        return DataValidation(type="list", formula1=list_range("C", n_grades), allow_blank=True, errorTitle="Класс",
                              error="Выберите класс из списка.")
    if name in (*COUNTS, *PASS_FAIL):
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              errorTitle="Число", error="Введите целое число не меньше 0.")
    if name in ("mark", "journal"):
        return DataValidation(type="whole", operator="between", formula1="2", formula2="5", allow_blank=True,
                              errorTitle="Отметка", error="Отметка — целое число от 2 до 5.")
    if name == "test":
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                              errorTitle="Тестовый балл", error="Тестовый балл — число от 0 до 100.")
    if name == "mean_primary":
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="20", allow_blank=True,
                              errorTitle="Средний балл", error="Средний балл — число от 0 до 20.")
    if name == "primary":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              errorTitle="Первичный балл", error="Первичный балл — число не меньше 0.")
    return None
