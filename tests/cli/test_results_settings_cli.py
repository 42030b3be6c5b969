"""msoko results rules | minimums: thresholds and ЕГЭ minimums changed from the command line, all or none."""

from desktop.models.min_scores import MinScoresRepository
from desktop.services.database import open_database
from desktop.services.rules import RuleSettings, load_rule_settings
from tests.cli.run import msoko, msoko_json


def test_rules_show_the_defaults_then_change_and_are_used(db_path):
    open_database(db_path).close()
    assert msoko_json("results", "rules", "--db", db_path, "--json") == RuleSettings().to_json()
    changed = msoko_json("results", "rules", "--db", db_path, "--set", "low_quality_rate=0,35",
                         "--set", "min_participants=7", "--json")
    assert changed["low_quality_rate"] == 0.35 and changed["min_participants"] == 7
    db = open_database(db_path)
    assert load_rule_settings(db) == RuleSettings(low_quality_rate=0.35, min_participants=7)
    db.close()
    listed = msoko("results", "rules", "--db", db_path)
    assert "low_quality_rate = 0.35  — Качество по муниципалитету ниже, доля" in listed.stdout


def test_a_wrong_threshold_changes_nothing(db_path):
    open_database(db_path).close()
    for setting, message in (("min_participants=7.5", "целое число, а не 7.5"),
                             ("low_quality_rate=2", "значение 2 вне допустимого 0–1"),
                             ("no_such_rule=1", "Порога «no_such_rule» нет"),
                             ("jump_rate=много", "«много» — не число"),
                             ("jump_rate", "ожидается ИМЯ=ЗНАЧЕНИЕ")):
        result = msoko("results", "rules", "--db", db_path, "--set", "jump_rate=0.2", "--set", setting)
        assert result.returncode == 2 and message in result.stderr, (setting, result.stderr)
    db = open_database(db_path)
    assert load_rule_settings(db) == RuleSettings()  # the valid first change was not kept either
    db.close()


def test_minimums_of_a_new_year_start_from_the_nearest_and_become_checked(db_path):
    open_database(db_path).close()
    listed = msoko_json("results", "minimums", "--year", "2027", "--db", db_path, "--json")
    assert listed and {m["year"] for m in listed} == {2026}  # shown from the nearest year, nothing stored
    changed = msoko_json("results", "minimums", "--year", "2027", "--db", db_path, "--json",
                         "--set", "Математика (профильный уровень)=28", "--set-mark", "Математика базовая=3")
    by_subject = {m["subject"]: m for m in changed}
    assert len(changed) == len(listed) and {m["year"] for m in changed} == {2027}
    assert by_subject["Математика профильная"] == {
        "year": 2027, "subject": "Математика профильная", "min_test_score": 28.0, "min_mark": None,
        "verified": True, "note": ""}
    assert by_subject["Математика базовая"]["min_mark"] == 3 and by_subject["Математика базовая"]["verified"]
    assert by_subject["Химия"]["note"] == "уточнить"  # copied, not checked


def test_a_wrong_minimum_changes_nothing(db_path):
    open_database(db_path).close()
    result = msoko("results", "minimums", "--year", "2026", "--db", db_path,
                   "--set", "Химия=40", "--set", "Физика=140")
    assert result.returncode == 2 and "от 0 до 100, а не 140" in result.stderr
    mark = msoko("results", "minimums", "--year", "2026", "--db", db_path, "--set-mark", "Математика базовая=3.5")
    assert mark.returncode == 2 and "отметка — целое число от 2 до 5" in mark.stderr
    db = open_database(db_path)
    assert MinScoresRepository(db).get(2026, "Химия").min_test_score != 40  # the first change rolled back
    db.close()
