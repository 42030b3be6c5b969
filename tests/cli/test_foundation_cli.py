import json
import sqlite3

import pytest

from desktop import __version__
from tests.builders.schools_files import STANDARD_HEADER, invented_school, write_schools_xlsx
from tests.cli.run import msoko, msoko_json


def school_count(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM schools").fetchone()[0]
    finally:
        conn.close()


def test_version():
    result = msoko("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"msoko {__version__}"


def test_demo_creates_the_district_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "demo.sqlite"
    assert msoko("demo", "--db", path).returncode == 0
    schools = msoko_json("schools", "list", "--db", path, "--json")
    assert 12 <= len(schools) <= 15 + 1
    assert {"id", "short_name", "full_name", "code", "rcoi_code", "old_codes", "kind", "active"} <= set(schools[0])
    kinds = {s["kind"] for s in schools}
    assert {"СОШ", "ООШ", "НОШ", "Гимназия", "Лицей"} <= kinds

    again = msoko("demo", "--db", path)
    assert again.returncode == 2
    assert "уже существует" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr
    assert msoko("demo", "--db", path, "--force").returncode == 0
    assert len(msoko_json("schools", "list", "--db", path, "--json")) == len(schools)


def test_office_show_and_set(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    office = msoko_json("office", "show", "--db", path, "--json")
    assert office["full_name"].startswith("Управление образования администрации Заречного")
    changed = msoko_json("office", "set", "--db", path, "--executor-phone", "8 (000) 999-99-99")
    assert changed["executor_phone"] == "8 (000) 999-99-99"
    assert changed["head_name"] == office["head_name"]


def test_listing_a_missing_database_is_a_russian_error(tmp_path):
    result = msoko("schools", "list", "--db", tmp_path / "нет.sqlite", "--json")
    assert result.returncode == 2
    assert result.stderr.startswith("Ошибка: Нет файла базы данных")
    assert not (tmp_path / "нет.sqlite").exists()


def test_msoko_db_environment_variable_is_used(tmp_path):
    path = tmp_path / "env.sqlite"
    msoko("demo", "--db", path)
    result = msoko("schools", "list", "--json", env={"MSOKO_DB": str(path)})
    assert result.returncode == 0 and len(json.loads(result.stdout)) > 10


def test_schools_import_dry_run_then_real(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    before = school_count(path)
    changed_row = ["", "МКОУ «СОШ с. Каменка»", "", "edu990107", "СОШ", "с. Каменка", "Петрова Г. Д.", ""]
    xlsx = write_schools_xlsx(tmp_path / "schools.xlsx", [invented_school(1), changed_row])

    dry = msoko_json("schools", "import", xlsx, "--db", path, "--dry-run", "--json")
    assert (len(dry["added"]), len(dry["changed"]), dry["saved"]) == (1, 1, False)
    assert dry["changed"][0]["after"]["director"] == "Петрова Г. Д."
    assert school_count(path) == before

    real = msoko_json("schools", "import", xlsx, "--db", path, "--json")
    assert real["saved"] is True
    assert school_count(path) == before + 1
    listed = {s["code"]: s for s in msoko_json("schools", "list", "--db", path, "--json")}
    assert listed["edu990107"]["director"] == "Петрова Г. Д."
    assert listed["edu800001"]["short_name"] == "МКОУ «СОШ № 1 с. Новоселье»"


def test_export_then_import_changes_nothing(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    codes = write_schools_xlsx(tmp_path / "коды.xlsx", [["МКОУ «СОШ с. Каменка»", "edu990107", "0042", "sch990107, sch990007"]],
                               header=["Краткое наименование", "Код ФИС ОКО", "Код РЦОИ", "Старые коды ФИС ОКО"])
    assert len(msoko_json("schools", "import", codes, "--db", path, "--json")["changed"]) == 1
    out = tmp_path / "реестр.xlsx"
    assert msoko("schools", "export", out, "--db", path).returncode == 0
    result = msoko_json("schools", "import", out, "--db", path, "--json")
    assert (result["added"], result["changed"], result["problems"]) == ([], [], [])
    assert result["unchanged"] == school_count(path)
    listed = {s["code"]: s for s in msoko_json("schools", "list", "--db", path, "--json")}
    assert (listed["edu990107"]["rcoi_code"], listed["edu990107"]["old_codes"]) == ("0042", ["sch990007", "sch990107"])


def test_schools_list_json_gives_both_codes_and_the_old_logins(tmp_path):
    from desktop.models.schools import School, SchoolsRepository
    from desktop.services.database import open_database

    path = tmp_path / "office.sqlite"
    db = open_database(path)
    repo = SchoolsRepository(db)
    repo.add(School("МКОУ «ООШ с. Берёзовка»", code="edu771003", rcoi_code="0042", old_codes=["sch771003"]))
    repo.add(School("МКОУ «НОШ д. Ручьи»"))
    db.close()
    listed = {s["short_name"]: s for s in msoko_json("schools", "list", "--db", path, "--json")}
    berezovka, ruchyi = listed["МКОУ «ООШ с. Берёзовка»"], listed["МКОУ «НОШ д. Ручьи»"]
    assert (berezovka["code"], berezovka["rcoi_code"], berezovka["old_codes"]) == ("edu771003", "0042", ["sch771003"])
    assert (ruchyi["code"], ruchyi["rcoi_code"], ruchyi["old_codes"]) == (None, None, [])
    assert "rcoi_code" in msoko("schools", "list", "--help").stdout


def _corrupt_xlsx(path):
    write_schools_xlsx(path, [invented_school(1)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _wrong_columns(path):
    write_schools_xlsx(path, [[1, 2, 3]], header=["Предмет", "Класс", "Средний балл"])


def _text_file(path):
    path.write_text("Список школ района\nСОШ № 1\n", encoding="utf-8")


@pytest.mark.parametrize(
    "make, expected",
    [
        (_corrupt_xlsx, "повреждён"),
        (_wrong_columns, "не найдена строка заголовков"),
        (_text_file, "xlsx"),
    ],
    ids=["corrupt", "wrong-columns", "text-renamed"],
)
def test_bad_files_get_a_russian_message_and_change_nothing(tmp_path, make, expected):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    before = path.read_bytes(), school_count(path)
    bad = tmp_path / "школы.xlsx"
    make(bad)
    result = msoko("schools", "import", bad, "--db", path, "--json")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Ошибка:"), result.stderr
    assert "школы.xlsx" in lines[0] and expected in lines[0]
    assert school_count(path) == before[1]


def test_rows_with_errors_are_named_and_nothing_is_saved(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    rows = [invented_school(1), ["", "", "", "edu12", "СОШ", "", "", ""], invented_school(1)]
    xlsx = write_schools_xlsx(tmp_path / "schools.xlsx", rows)
    result = msoko("schools", "import", xlsx, "--db", path, "--json")
    assert result.returncode == 2
    problems = json.loads(result.stdout)["problems"]
    # Header on row 2 (after the title row); data rows 3, 4, 5.
    assert {"sheet": "Школы", "row": 4, "column": "B", "message": "Укажите краткое наименование школы."} in problems
    assert any(p["row"] == 4 and p["column"] == "D" and "edu123456" in p["message"] for p in problems)
    assert any(p["row"] == 5 and "повторяет строку 3" in p["message"] for p in problems)
    assert json.loads(result.stdout)["saved"] is False
    assert school_count(path) == 15
    assert "строка 4, столбец B" in result.stderr


def test_db_check_passes_a_sound_database_and_fails_a_damaged_one(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    report = msoko_json("db", "check", "--db", path, "--json")
    assert report["ok"] and report["integrity"] == "ok" and report["schema_version"] >= 2

    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\x07" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    result = msoko("db", "check", "--db", path)
    assert result.returncode == 1
    assert "Обнаружены проблемы" in result.stdout


def test_backup_create_list_restore(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    made = msoko_json("backup", "create", "--db", path, "--json")
    msoko("schools", "import", write_schools_xlsx(tmp_path / "s.xlsx", [invented_school(3)]), "--db", path)
    assert school_count(path) == 16
    listed = msoko_json("backup", "list", "--db", path, "--json")
    assert made["file"] in [b["file"] for b in listed]
    restored = msoko("backup", "restore", made["file"], "--db", path)
    assert restored.returncode == 0, restored.stderr
    assert school_count(path) == 15
    assert "Состояние до восстановления сохранено" in restored.stdout


def test_header_is_found_below_title_rows_and_in_any_column_order(tmp_path):
    path = tmp_path / "demo.sqlite"
    msoko("demo", "--db", path)
    header = ["Код", "Директор", "Наименование ОО"]
    xlsx = write_schools_xlsx(
        tmp_path / "s.xlsx", [["edu800077", "Сидоров И. И.", "МКОУ «ООШ с. Дальнее»"]],
        header=header, title_rows=["Управление образования", "", "Список школ на 01.09.2026"],
    )
    result = msoko_json("schools", "import", xlsx, "--db", path, "--json")
    assert [(s["short_name"], s["code"], s["director"]) for s in result["added"]] == [
        ("МКОУ «ООШ с. Дальнее»", "edu800077", "Сидоров И. И.")
    ]
    assert STANDARD_HEADER[1] == "Краткое наименование"
