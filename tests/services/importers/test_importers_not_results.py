"""Files sent as results that hold none are refused by what they are, naming the file and the sheet."""

from __future__ import annotations

import zipfile

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import limits
from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.results import detect
from desktop.services.importers.results.detect import read_result_file
from tests.builders.not_results_files import (
    FORM_PROTOCOL_HEADER_ROW,
    write_context_data,
    write_form_protocol,
    write_school_logins,
    write_word_document,
    write_work_description,
)
from tests.builders.result_files import write_blank_form, write_fisoko_marks
from tests.cli.run import msoko


def _refusal(path) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        read_result_file(path)
    return caught.value


# --- Word documents --------------------------------------------------------------------------------


@pytest.mark.parametrize("title_paragraph", [0, 2, 4])
def test_the_fioko_work_description_is_named(tmp_path, title_paragraph):
    path = write_work_description(tmp_path / "МА-5 ВПР 2026 описание.docx", title_paragraph=title_paragraph)
    error = _refusal(path)
    assert error.message.startswith("Это «Описание проверочной работы» ВПР (документ ФИОКО о заданиях), "
                                    "а не отчёт с результатами.")
    assert "Загрузите из ФИС ОКО «Статистика по отметкам» или «Индивидуальные результаты»." in error.message
    assert error.location.file == str(path) and path.name in str(error)
    assert "книгой Excel" not in str(error)


def test_another_word_document_is_named_a_word_document(tmp_path):
    path = write_word_document(tmp_path / "приказ.docx")
    error = _refusal(path)
    assert error.message.startswith("Это документ Word, а не таблица результатов")
    assert "Описание проверочной работы" not in error.message
    assert path.name in str(error)


def test_a_word_document_under_an_excel_name_is_still_named(tmp_path):
    path = write_work_description(tmp_path / "описание.docx")
    renamed = path.rename(tmp_path / "результаты.xlsx")
    assert "Описание проверочной работы" in _refusal(renamed).message


def test_the_title_far_from_the_start_is_not_taken_for_a_description(tmp_path):
    import docx

    document = docx.Document()
    for k in range(40):
        document.add_paragraph(f"Пункт {k + 1} приказа о проведении ВПР.")
    document.add_paragraph("Приложение: описание проверочной работы по математике.")
    path = tmp_path / "приказ.docx"
    document.save(path)
    assert _refusal(path).message.startswith("Это документ Word")


def test_a_word_document_goes_through_the_intake_before_python_docx(tmp_path, monkeypatch):
    """The checks of a Word document come first: one that is too big is refused by them, unread."""
    path = write_work_description(tmp_path / "описание.docx")
    monkeypatch.setattr(limits, "MAX_HELD_PACKAGE", 1024)
    error = _refusal(path)
    assert "слишком велик" in error.message and "Описание" not in error.message


def test_a_damaged_word_document_is_refused_as_damaged(tmp_path):
    """A zip that says it holds a Word body but fails its CRC: the intake's refusal, not python-docx's."""
    path = tmp_path / "описание.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "x" * 200 + "</w:document>")
    data = bytearray(path.read_bytes())
    spot = data.find(b"xxxx")
    data[spot:spot + 4] = b"yyyy"  # the member no longer matches its CRC
    path.write_bytes(bytes(data))
    error = _refusal(path)
    assert "повреждён" in error.message and "документом Word" in error.message


def test_a_workbook_is_not_taken_for_a_word_document(tmp_path):
    written = write_fisoko_marks(tmp_path / "m.xlsx")
    assert read_result_file(written.path).layout == "fisoko_marks"


# --- the school's «Форма сбора результатов» ---------------------------------------------------------


@pytest.mark.parametrize("filled", [True, False])
@pytest.mark.parametrize("sheet", ["Протокол", "Лист1"])
def test_the_form_protocol_sent_alone_is_named(tmp_path, filled, sheet):
    path = write_form_protocol(tmp_path / "5А математика.xlsx", filled=filled, sheet=sheet)
    error = _refusal(path)
    assert error.message.startswith(f"Это лист «{sheet}» формы сбора результатов ВПР, которую школа заполняет "
                                    "для загрузки в ФИС ОКО: в нём нет кода школы и отметок ВПР")
    assert "Загрузите отчёт ФИС ОКО" in error.message
    assert (error.location.sheet, error.location.row) == (sheet, FORM_PROTOCOL_HEADER_ROW)
    assert f"лист «{sheet}», строка {FORM_PROTOCOL_HEADER_ROW}" in str(error) and path.name in str(error)


def test_no_reader_would_take_the_form_protocol(tmp_path):
    """Refused before the readers are tried, and none of them claims it anyway: «Итого баллов» is not
    «Первичный балл»."""
    from desktop.services.importers.results import fisoko_individual

    sheets = read_sheets(write_form_protocol(tmp_path / "p.xlsx"))
    assert not fisoko_individual.matches(sheets)
    assert [reader.LAYOUT for reader in detect.READERS if reader.matches(sheets)] == []


def test_individual_results_are_not_taken_for_the_form(tmp_path):
    from tests.builders.result_files import write_fisoko_individual

    written = write_fisoko_individual(tmp_path / "i.xlsx", n_rows=20)
    assert read_result_file(written.path).layout == "fisoko_individual"


def test_the_whole_form_is_refused_as_a_form_without_results(tmp_path):
    path = write_blank_form(tmp_path / "Форма сбора результатов.xlsx")
    error = _refusal(path)
    assert "это форма сбора без результатов" in error.message
    assert "«Форма сбора результатов»" in error.message and "нет результатов" in error.message
    assert path.name in str(error)


# --- other files that are not results ----------------------------------------------------------------


def test_context_data_are_named(tmp_path):
    path = write_context_data(tmp_path / "контекстные данные.xlsx", sheet="Анкета")
    error = _refusal(path)
    assert "«Сбор контекстных данных об ОО»" in error.message
    assert "это анкета сбора контекстных данных, в ней нет результатов" in error.message
    assert (error.location.sheet, error.location.row) == ("Анкета", 1)
    assert path.name in str(error)


def test_a_list_of_school_logins_is_named(tmp_path):
    path = write_school_logins(tmp_path / "логины.xlsx")
    error = _refusal(path)
    assert "это список логинов оо, а не результаты" in error.message.lower()
    assert "«Логин»" in error.message and "«Пароль»" in error.message
    assert (error.location.sheet, error.location.row) == ("Логины", 2)


def test_logins_beside_scores_are_no_list_of_logins(tmp_path):
    from tests.builders.result_files import write_rows

    path = write_rows(tmp_path / "x.xlsx", [["Логин", "Наименование ОО", "Средний балл"], ["edu900101", "СОШ", 3.5]])
    error = _refusal(path)
    assert "список логинов" not in error.message and "Не удалось узнать вид файла" in error.message


def test_an_unknown_file_lists_every_kind_the_program_reads(tmp_path):
    from tests.builders.result_files import write_rows

    path = write_rows(tmp_path / "список.xlsx", [["Фамилия", "Имя"], ["Полевой", "Глеб"]])
    message = _refusal(path).message
    assert "Не удалось узнать вид файла" in message
    for words in ("Статистика по отметкам", "Сравнение отметок с отметками по журналу", "Индивидуальные результаты",
                  "Протокол проверки результатов"):
        assert words in message
    layouts = {reader.LAYOUT for reader in detect.READERS}
    if "fisoko_regional" in layouts:
        assert "по региону" in message
    if "ege_summary" in layouts:
        assert "Информация о результатах ЕГЭ выпускников школ" in message


# --- the command line ---------------------------------------------------------------------------------


def test_the_command_line_names_the_file_and_exits_without_a_traceback(tmp_path):
    import json

    path = write_work_description(tmp_path / "описание.docx")
    result = msoko("results", "import", path, "--db", tmp_path / "office.sqlite", "--json")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "Это «Описание проверочной работы» ВПР" in result.stderr and path.name in result.stderr
    answer = json.loads(result.stdout)
    assert answer["saved"] is False
    [problem] = answer["files"][0]["problems"]
    assert problem["severity"] == "error" and problem["message"].startswith("Это «Описание проверочной работы»")
