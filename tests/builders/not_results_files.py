"""Files an office is sent as results that hold none (file-layouts.md §5, «Not result files»).

    write_work_description(path)          # ФИОКО «Описание проверочной работы», .docx
    write_word_document(path)             # any other Word document: an order
    write_context_data(path)              # ФИС ОКО «Сбор контекстных данных об ОО»
    write_school_logins(path)             # a list of school logins and passwords
    write_form_protocol(path, filled=…)   # the sheet «Протокол» of the «Форма сбора результатов», alone

Contents are invented: schools, codes, passwords and scores are made up, the headings follow the shape
of the published documents.
"""

from __future__ import annotations

from pathlib import Path

import docx
from openpyxl import Workbook

FORM_PROTOCOL_HEADER_ROW = 3


def write_work_description(path, *, subject: str = "МАТЕМАТИКА", grade: int = 5, title_paragraph: int = 2) -> Path:
    """ФИОКО's description of a ВПР: a title page with «Описание проверочной работы» among its first
    lines, numbered headings, a table of tasks (no results, no plan). `title_paragraph`: how many
    lines come before the title."""
    path = Path(path)
    document = docx.Document()
    opening = ["Всероссийские проверочные работы", "Федеральный институт оценки качества образования",
               "2026 год", "Проект"]
    for line in opening[:title_paragraph]:
        document.add_paragraph(line)
    document.add_heading(f"Описание проверочной работы для проведения всероссийской проверочной работы "
                         f"по {subject} для обучающихся {grade} класса", level=1)
    document.add_heading("1. Назначение всероссийской проверочной работы", level=2)
    document.add_paragraph("Всероссийская проверочная работа проводится в целях осуществления мониторинга "
                           "результатов перехода на ФГОС (текст придуман для проверки).")
    document.add_heading("2. Документы, определяющие содержание проверочной работы", level=2)
    document.add_paragraph("Содержание проверочной работы соответствует Федеральному государственному "
                           "образовательному стандарту.")
    document.add_heading("3. Структура и содержание проверочной работы", level=2)
    document.add_paragraph("Работа содержит 10 заданий.")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["№ задания", "Проверяемые требования", "Уровень сложности",
                                                "Максимальный балл"], strict=True):
        cell.text = text
    for number in range(1, 6):
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(number), "Умение выполнять арифметические действия", "Б", "1"],
                              strict=True):
            cell.text = text
    document.add_heading("4. Система оценивания выполнения отдельных заданий и работы в целом", level=2)
    document.add_paragraph("Правильно выполненная работа оценивается 20 баллами.")
    document.save(path)
    return path


def write_word_document(path) -> Path:
    """A Word document that is neither results nor a ФИОКО description: an order about the ВПР."""
    path = Path(path)
    document = docx.Document()
    document.add_paragraph("Управление образования администрации Заречного района")
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("О проведении всероссийских проверочных работ в 2026 году")
    document.add_paragraph("1. Провести ВПР в общеобразовательных организациях района.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Школа", "Предмет", "Дата"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["МБОУ «СОШ № 1 с. Заречное»", "Математика", "20.04.2026"],
                          strict=True):
        cell.text = text
    document.save(path)
    return path


def write_context_data(path, *, sheet: str = "Лист1") -> Path:
    """ФИС ОКО «Сбор контекстных данных об ОО»: the school's login and the answers to a questionnaire."""
    path = Path(path)
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["Сбор контекстных данных об ОО"])
    ws.append([])
    ws.append(["Логин ОО", "Количество обучающихся", "Количество учителей", "Наличие доступа к сети Интернет"])
    ws.append(["edu900101", 412, 31, "да"])
    ws.append(["edu900102", 198, 17, "да"])
    book.save(path)
    return path


def write_school_logins(path, *, sheet: str = "Логины") -> Path:
    """A list of the schools' logins to ФИС ОКО: municipality, school, login, password."""
    path = Path(path)
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["Логины и пароли ОО для входа в ФИС ОКО"])
    ws.append(["№", "Муниципалитет", "Наименование ОО", "Логин", "Пароль"])
    schools = [("МБОУ «СОШ № 1 с. Заречное»", "edu900101"), ("МБОУ «СОШ № 2 с. Заречное»", "edu900102"),
               ("МКОУ «ООШ № 14 х. Лесной»", "edu900114")]
    for number, (name, login) in enumerate(schools, 1):
        ws.append([number, "Заречный муниципальный район", name, login, f"Zk{number}q7Lm"])
    book.save(path)
    return path


def write_form_protocol(path, *, filled: bool = True, sheet: str = "Протокол",
                        tasks: tuple[str, ...] = ("1", "2", "3", "4.1", "4.2", "5")) -> Path:
    """The sheet «Протокол» of the school's «Форма сбора результатов», sent without «Служебный»: a note
    above the header (row `FORM_PROTOCOL_HEADER_ROW`), then one row per pupil when `filled`."""
    path = Path(path)
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["Форма сбора результатов ВПР. Математика, 5 класс"])
    ws.append(["Заполните по одной строке на участника. Для невыполненного задания поставьте X."])
    ws.append(["Код участника", "Вариант", *tasks, "Порядковый номер класса",
               "Отметка за предыдущий триместр/ четверть/полугодие", "Итого баллов"])
    if filled:
        for k in range(6):
            scores = [(k + i) % 2 for i in range(len(tasks))]
            ws.append([10001 + k, 1 + k % 2, *scores, 1, 3 + k % 3, sum(scores)])
    book.save(path)
    return path
