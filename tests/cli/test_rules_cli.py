"""`msoko results medalists import|list` and `msoko results flags --from --to` as tools call them."""

from __future__ import annotations

from desktop.services.database import open_database
from tests.builders.medalists_files import MedalistLine, write_medalists
from tests.builders.rule_patterns import FAR_SCHOOL, write_region_pattern
from tests.cli.run import msoko, msoko_json
from tests.services.results.results_helpers import add_schools


def registry(path, count=2):
    db = open_database(path)
    add_schools(db, count)
    db.close()


def test_medalists_import_and_list(tmp_path):
    db = tmp_path / "office.sqlite"
    registry(db)
    sheet = write_medalists(tmp_path / "m.xlsx", [MedalistLine("edu800001", "I", (92, 56, 81), "Андреева А. С."),
                                                 MedalistLine("edu800002", "II", (90, None, 75))])
    answer = msoko_json("results", "medalists", "import", sheet.path, "--db", db, "--json")
    assert answer["saved"] is True and answer["medalists"] == 2 and answer["problems"] == []
    listed = msoko_json("results", "medalists", "list", "--year", "2026", "--db", db, "--json")
    assert [(m["code"], m["medal"], m["full_name"], m["scores"]) for m in listed] == [
        ("edu800001", "I", "Андреева А. С.", {"Математика профильная": 56, "Обществознание": 81, "Русский язык": 92}),
        ("edu800002", "II", None, {"Обществознание": 75, "Русский язык": 90})]
    assert msoko_json("results", "medalists", "list", "--year", "2025", "--db", db, "--json") == []
    flags = msoko_json("results", "flags", "--year", "2026", "--db", db, "--json")
    assert [(f["code"], f["rule"]) for f in flags["flags"]] == [("edu800001", "medalists")]


def test_a_bad_medalists_sheet_saves_nothing_and_names_the_cells(tmp_path):
    db = tmp_path / "office.sqlite"
    registry(db)
    sheet = write_medalists(tmp_path / "m.xlsx", [MedalistLine("edu800001", "бронзовая")])
    result = msoko("results", "medalists", "import", sheet.path, "--db", db)
    assert result.returncode == 2
    assert f"Ошибка: файл «m.xlsx», лист «Медалисты», строка {sheet.rows[0]}, столбец {sheet.columns['Медаль']}" in \
        result.stderr
    assert "Ничего не сохранено" in result.stdout
    assert msoko_json("results", "medalists", "list", "--db", db, "--json") == []


def test_flags_over_the_years(tmp_path):
    db = tmp_path / "office.sqlite"
    paths = [write_region_pattern(tmp_path / f"{y}.xlsx", year=y, grade=5).path for y in (2024, 2025, 2026)]
    paths.append(write_region_pattern(tmp_path / "plain.xlsx", year=2023, grade=5, far=set()).path)
    assert msoko("results", "import", *paths, "--db", db, "--add-schools").returncode == 0
    history = msoko_json("results", "flags", "--from", "2023", "--to", "2026", "--db", db, "--json")
    assert history["years"] == [2023, 2024, 2025, 2026]
    [school] = [s for s in history["schools"] if s["code"] == FAR_SCHOOL]
    assert set(school) >= {"school_id", "code", "name", "flags"}
    assert sorted(school["flags"]) == ["2024", "2025", "2026"]
    first, second = school["flags"]["2024"][0], school["flags"]["2025"][0]
    assert set(first) >= {"flag", "rule", "explanation"} and first["rule"] == "region_anomaly"
    assert first["second_year"] is False and second["second_year"] is True
    text = msoko("results", "flags", "--from", "2023", "--to", "2026", "--db", db)
    assert text.returncode == 0 and "второй год подряд" in text.stdout
    wrong = msoko("results", "flags", "--from", "2026", "--db", db)
    assert wrong.returncode != 0 and "--from Y1 --to Y2" in wrong.stderr


def test_the_new_settings_are_set_from_the_command_line(tmp_path):
    db = tmp_path / "office.sqlite"
    answer = msoko_json("results", "rules", "--set", "region_exempt_lyceums=0", "--set", "region_margin=0.25",
                        "--set", "medalist_min_score=65", "--db", db, "--json")
    assert answer["region_exempt_lyceums"] is False and answer["region_margin"] == 0.25
    assert answer["medalist_min_score"] == 65


def test_a_medalist_is_entered_by_hand(tmp_path):
    db = tmp_path / "office.sqlite"
    registry(db, 1)
    added = msoko_json("results", "medalists", "add", "--school", "edu800001", "--year", "2026", "--medal", "II",
                       "--score", "Математика профильная=56", "--score", "русский язык=88", "--db", db, "--json")
    assert (added["medal"], added["full_name"], added["scores"]) == (
        "II", None, {"Математика профильная": 56, "Русский язык": 88})
    wrong = msoko("results", "medalists", "add", "--school", "edu800001", "--year", "2026", "--medal", "III",
                  "--db", db)
    assert wrong.returncode != 0 and "ожидается I (I степени) или II" in wrong.stderr
    flags = msoko_json("results", "flags", "--year", "2026", "--db", db, "--json")
    assert "Математика профильная — 56" in flags["flags"][0]["explanation"]
