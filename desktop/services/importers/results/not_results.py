"""Files sent as results that hold none, told by what they are and refused naming it.

An office is sent more than reports: what ФИОКО publishes about the work, the forms a school fills,
the lists that go with the logins. Each is refused with a message saying what the file is and what to
upload instead, never as «повреждён» or «не удалось узнать вид файла»:

* a Word document (.docx) — ФИОКО «Описание проверочной работы» by its title near the start, any other
  as a Word document. It never reaches the readers of sheets: `refuse_word_document` looks at it first,
  with python-docx, once the intake has checked it as a Word document (`admit`, `RESULT_DOCUMENT`);
* the sheet `Протокол` of the school's «Форма сбора результатов» sent without the rest of the form
  (`Код участника | Вариант | <задания> | Порядковый номер класса | Отметка за предыдущий … | Итого
  баллов`, filled or blank): no school code, no ВПР marks. Refused before any reader is tried
  (`refusal_before_readers`): its «Код участника» must not pass for «Индивидуальные результаты»;
* ФИС ОКО «Сбор контекстных данных об ОО» and lists of school logins (`Логин`, `Пароль`, `Наименование
  ОО`, no scores): refused when no reader took the file (`refusal_after_readers`).
"""

from __future__ import annotations

import logging
import os
import zipfile
from dataclasses import replace
from pathlib import Path

from desktop.errors import ImportFormatError
from desktop.folding import fold
from desktop.services.importers.intake import admit, limits
from desktop.services.importers.intake.files import WORD_DOCUMENT, ZIP_MAGIC
from desktop.services.importers.intake.workbook import Sheet, cell_text, find_row
from desktop.services.importers.intake.zips import ZIP_OPEN_ERRORS

log = logging.getLogger("msoko.importers")

UPLOAD_INSTEAD = "Загрузите из ФИС ОКО «Статистика по отметкам» или «Индивидуальные результаты»."

# --------------------------------------------------------------------------------------------------
# Word documents

# A Word document is refused as results refuse a file: the file as the error's location.
RESULT_DOCUMENT = replace(WORD_DOCUMENT, named=False)
WORD_BODY = "word/document.xml"
OPENING_PARAGRAPHS = 30  # «near the start»: the title page of a ФИОКО description is a dozen lines
DESCRIPTION_TITLE = "описание проверочной работы"
DESCRIPTION = ("Это «Описание проверочной работы» ВПР (документ ФИОКО о заданиях), а не отчёт с результатами. "
               + UPLOAD_INSTEAD)
WORD = ("Это документ Word, а не таблица результатов: результаты загружаются из книг Excel — отчётов ФИС ОКО "
        "(«Статистика по отметкам», «Сравнение отметок с отметками по журналу», «Индивидуальные результаты») "
        "и протоколов РЦОИ. Если таблица есть только в документе, скопируйте её в Excel и сохраните как "
        "«Книга Excel (.xlsx)».")


def refuse_word_document(path: str | os.PathLike) -> None:
    """Raise the refusal naming what a Word document (.docx) is; return for anything else, which the
    workbook reader then checks and reads (or refuses) as before."""
    path = Path(path)
    if not _is_word_package(path):
        return
    admit(path, RESULT_DOCUMENT)  # every check of a Word document before python-docx unpacks it
    opening = _opening_text(path)
    log.info("result file %s is a Word document (%s)", path, "ФИОКО description" if DESCRIPTION_TITLE in opening
             else "other")
    raise ImportFormatError(DESCRIPTION if DESCRIPTION_TITLE in opening else WORD, file=path)


def _is_word_package(path: Path) -> bool:
    """Whether the file is a zip holding the body of a Word document and no workbook. Only the zip's
    directory is read; a file that is not a regular file of a readable size is left to the intake."""
    try:
        if not path.is_file() or not 0 < path.stat().st_size <= limits.MAX_FILE_SIZE:
            return False
        with open(path, "rb") as handle:
            if handle.read(4) not in ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as archive:
            names = {info.filename for info in archive.infolist()}
    except ZIP_OPEN_ERRORS:
        return False
    return WORD_BODY in names and "xl/workbook.xml" not in names


def _opening_text(path: Path) -> str:
    """The first paragraphs of the document (tables included, in the order written), folded; '' when
    python-docx cannot read it (then it is refused as a Word document all the same)."""
    import docx  # the command line must not pay for it
    from docx.oxml.ns import qn

    try:
        body = docx.Document(str(path)).element.body
        texts: list[str] = []
        for paragraph in body.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            if text.strip():
                texts.append(text)
                if len(texts) >= OPENING_PARAGRAPHS:
                    break
    except Exception as error:  # python-docx and lxml raise many kinds on damaged documents
        log.info("python-docx cannot read %s: %r", path, error)
        return ""
    return fold(" ".join(" ".join(texts).split()))


# --------------------------------------------------------------------------------------------------
# sheets

# Columns that say which school a row is of: the form's «Протокол» has none (the code is on «Служебный»).
SCHOOL_COLUMNS = {"оо", "код оо", "название оо", "наименование оо", "школа", "логин", "логин школы", "логин оо",
                  "пользователь", "user", "муниципалитет"}
FORM_PROTOCOL = (
    "Это лист «{sheet}» формы сбора результатов ВПР, которую школа заполняет для загрузки в ФИС ОКО: в нём "
    "нет кода школы и отметок ВПР (заголовок «Код участника | Вариант | … | Порядковый номер класса | "
    "Итого баллов»). Загрузите отчёт ФИС ОКО, выгруженный после проверки работ: «Статистика по отметкам», "
    "«Сравнение отметок с отметками по журналу» или «Индивидуальные результаты»."
)
CONTEXT_WORDS = "сбор контекстных данных"
CONTEXT_DATA = "«Сбор контекстных данных об ОО» — это анкета сбора контекстных данных, в ней нет результатов. "
LOGINS = "Это список логинов ОО, а не результаты (столбцы {columns}): в нём нет ни баллов, ни отметок. "
SCORE_WORDS = ("балл", "отметк", "оценк", "результат", "выполнени")


def _is_form_protocol(texts: list[str]) -> bool:
    names = set(texts)
    return (
        {"код участника", "итого баллов"} <= names
        and ("порядковый номер класса" in names or any(t.startswith("отметка за предыдущ") for t in texts))
        and not names & SCHOOL_COLUMNS
        and "первичный балл" not in names
    )


def _is_login(text: str) -> bool:
    return text.startswith(("логин", "login"))


def _is_password(text: str) -> bool:
    return text.startswith(("пароль", "password"))


def _is_school_name(text: str) -> bool:
    return text in {"оо", "школа"} or text.startswith(("наименование оо", "название оо", "наименование организ",
                                                        "образовательная организация", "наименование школы"))


def _is_logins_header(texts: list[str]) -> bool:
    present = [t for t in texts if t]
    return (
        any(map(_is_login, present))
        and (any(map(_is_password, present)) or any(map(_is_school_name, present)))
        and not any(word in t for t in present for word in SCORE_WORDS)
    )


def refusal_before_readers(sheets: list[Sheet], path: str | os.PathLike = "") -> ImportFormatError | None:
    """The refusal of a sheet no reader may take for results: the form's «Протокол» sent alone."""
    for sheet in sheets:
        row = find_row(sheet, _is_form_protocol, limit=20)
        if row is not None:
            return ImportFormatError(FORM_PROTOCOL.format(sheet=sheet.name), file=path, sheet=sheet.name, row=row)
    return None


def refusal_after_readers(sheets: list[Sheet], path: str | os.PathLike = "") -> ImportFormatError | None:
    """The refusal of a file no reader took that is known not to be results: «Сбор контекстных данных
    об ОО», a list of school logins."""
    for sheet in sheets:
        row = find_row(sheet, lambda texts: any(CONTEXT_WORDS in t for t in texts), limit=10)
        if row is not None or CONTEXT_WORDS in fold(sheet.name):
            return ImportFormatError(CONTEXT_DATA + UPLOAD_INSTEAD, file=path, sheet=sheet.name, row=row)
    for sheet in sheets:
        row = find_row(sheet, _is_logins_header, limit=10)
        if row is not None:
            headers = [h for h in map(cell_text, sheet.rows[row - 1]) if h]
            shown = ", ".join(f"«{h[:40]}»" for h in headers[:8])
            return ImportFormatError(LOGINS.format(columns=shown) + UPLOAD_INSTEAD, file=path, sheet=sheet.name,
                                     row=row)
    return None
