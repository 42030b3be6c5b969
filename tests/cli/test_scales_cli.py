"""msoko results scales list | set | import | delete, run as a user runs them: the JSON other tools read,
Russian errors on one line with exit code 2, nothing saved by a bad sheet, the one-writer lock held."""

from __future__ import annotations

from desktop.models.lock import DatabaseLock
from desktop.services.database import open_database
from tests.builders.scales_files import ROWS, write_scales_xlsx
from tests.cli.run import msoko, msoko_json

MATHS_JSON = {"kind": "ВПР", "year": 2025, "subject": "Математика", "grade": 5, "min3": 7, "min4": 12, "min5": 17,
              "max": 20, "source": "письмо РЦОИ № 1 (пример)"}


def test_set_then_list_gives_the_contracts_json(db_path):
    open_database(db_path).close()
    assert msoko_json("results", "scales", "list", "--db", db_path, "--json") == []
    result = msoko("results", "scales", "set", "--kind", "впр", "--year", "2025", "--subject", "математика",
                   "--grade", "5", "--bounds", "7,12,17", "--max", "20", "--source", "письмо РЦОИ № 1 (пример)",
                   "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("Сохранена шкала ВПР 2025, Математика, 5 кл.: «3» от 7, «4» от 12, «5» от 17, "
                                     "максимум 20.")
    assert msoko_json("results", "scales", "list", "--db", db_path, "--json") == [MATHS_JSON]
    # the same assessment again: replaced, with a half point and a decimal comma
    changed = msoko_json("results", "scales", "set", "--kind", "ВПР", "--year", "2025", "--subject", "Математика",
                         "--grade", "5", "--bounds", "6,5;12;17", "--max", "20", "--db", db_path, "--json")
    assert changed == {**MATHS_JSON, "min3": 6.5, "source": ""}
    assert msoko_json("results", "scales", "list", "--db", db_path, "--json") == [changed]
    table = msoko("results", "scales", "list", "--db", db_path)
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Процедура", "Год", "Предмет", "Кл", "«3»", "от", "«4»", "от", "«5»", "от", "Макс.",
                                "Источник"]
    assert lines[1].split() == ["ВПР", "2025", "Математика", "5", "6,5", "12", "17", "20", "—"]


def test_a_wrong_scale_is_one_russian_line_and_exit_code_2(db_path):
    open_database(db_path).close()
    base = ["results", "scales", "set", "--kind", "ВПР", "--year", "2025", "--subject", "Математика", "--grade", "5",
            "--db", db_path]
    for extra, message in (
        (["--bounds", "7,5,17", "--max", "20"], "Мин. балл на «4» (5) должен быть больше, чем на «3» (7)."),
        (["--bounds", "7,12", "--max", "20"], "ожидаются три числа через запятую"),
        (["--bounds", "7,12,17", "--max", "15"], "Максимальный балл (15) не может быть меньше мин. балла на «5» (17)."),
        (["--bounds", "7,12,много", "--max", "20"], "«много» — не число"),
        (["--bounds", "0,12,17", "--max", "20"], "должен быть больше нуля, а не 0"),
    ):
        result = msoko(*base, *extra)
        assert result.returncode == 2, (extra, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Ошибка: ") and message in lines[0], (extra, lines)
    for key, message in ((["--grade", "13"], "Класс должен быть от 1 до 12, а не 13."),
                         (["--kind", "ЕГЭХ"], "Неизвестная оценочная процедура «ЕГЭХ»"),
                         (["--year", "1999"], "Год 1999 вне допустимого 2000–2100.")):
        result = msoko(*base, "--bounds", "7,12,17", "--max", "20", *key)
        assert result.returncode == 2 and message in result.stderr, (key, result.stderr)
    assert msoko_json("results", "scales", "list", "--db", db_path, "--json") == []


def test_import_saves_a_good_sheet_and_nothing_of_a_bad_one(db_path, tmp_path):
    open_database(db_path).close()
    bad = write_scales_xlsx(tmp_path / "плохие шкалы.xlsx", [ROWS[0], ["ВПР", 2025, "История", 5, 4, 3, 10, 15, ""]])
    result = msoko("results", "scales", "import", bad, "--db", db_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Ошибка: файл «плохие шкалы.xlsx», лист «Шкалы», строка 4, столбец F: Мин. балл на «4» (3) должен быть "
        "больше, чем на «3» (4)"]
    assert "Ничего не сохранено" in result.stdout
    assert msoko_json("results", "scales", "list", "--db", db_path, "--json") == []

    good = write_scales_xlsx(tmp_path / "шкалы.xlsx")
    imported = msoko_json("results", "scales", "import", good, "--db", db_path, "--json")
    assert [s["subject"] for s in imported] == ["Математика", "Русский язык", "Окружающий мир"]
    listed = msoko_json("results", "scales", "list", "--db", db_path, "--json")
    assert MATHS_JSON in listed and len(listed) == 3
    shown = msoko("results", "scales", "import", good, "--db", db_path)  # again: the same scales, replaced
    assert shown.returncode == 0 and shown.stdout.strip().endswith("Загружено шкал: 3.")
    assert len(msoko_json("results", "scales", "list", "--db", db_path, "--json")) == 3


def test_import_of_a_file_that_is_no_sheet_of_scales_is_refused(db_path, tmp_path):
    path = write_scales_xlsx(tmp_path / "школы.xlsx", [["СОШ № 1", 1]], header=["Школа", "Код"])
    result = msoko("results", "scales", "import", path, "--db", db_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Ошибка: Файл «школы.xlsx», лист «Шкалы»: не найдена строка заголовков шкал.")


def test_delete_removes_a_scale_and_says_when_there_is_none(db_path):
    open_database(db_path).close()
    assert msoko("results", "scales", "set", "--kind", "ВПР", "--year", "2025", "--subject", "Математика",
                 "--grade", "5", "--bounds", "7,12,17", "--max", "20", "--db", db_path).returncode == 0
    key = ["--kind", "ВПР", "--year", "2025", "--subject", "математика", "--grade", "5", "--db", db_path]
    deleted = msoko("results", "scales", "delete", *key)
    assert deleted.returncode == 0 and deleted.stdout.strip() == "Шкала ВПР 2025, Математика, 5 кл. удалена."
    again = msoko("results", "scales", "delete", *key)
    assert again.returncode == 2 and again.stderr.strip() == "Ошибка: Шкалы ВПР 2025, Математика, 5 кл. нет."


def test_writing_waits_for_the_windows_lock_and_reading_does_not(db_path, tmp_path):
    open_database(db_path).close()
    good = write_scales_xlsx(tmp_path / "шкалы.xlsx")
    with DatabaseLock(db_path):  # as the window holds it
        listed = msoko("results", "scales", "list", "--db", db_path, "--json")
        setting = msoko("results", "scales", "set", "--kind", "ВПР", "--year", "2025", "--subject", "Математика",
                        "--grade", "5", "--bounds", "7,12,17", "--max", "20", "--db", db_path,
                        env={"MSOKO_LOCK_WAIT_S": "0.5"})
        importing = msoko("results", "scales", "import", good, "--db", db_path, env={"MSOKO_LOCK_WAIT_S": "0.5"})
    assert listed.returncode == 0
    for result in (setting, importing):
        assert result.returncode == 2 and "жду до 0.5 с" in result.stderr and "окно МСОКО" in result.stderr
    assert msoko_json("results", "scales", "list", "--db", db_path, "--json") == []
