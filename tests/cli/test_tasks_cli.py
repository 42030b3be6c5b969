"""`msoko results tasks`: the contract of its JSON, from a per-student file and a ФИС ОКО task report."""

from __future__ import annotations

from tests.builders.result_files import write_fisoko_individual
from tests.builders.task_files import SCHOOLS, pattern_schools, region_groups, write_task_rates
from tests.cli.run import msoko, msoko_json


def test_tasks_json_gives_rates_by_school_district_and_region(tmp_path):
    db = tmp_path / "office.sqlite"
    pupils = write_fisoko_individual(tmp_path / "ind.xlsx", schools=pattern_schools(True))
    rates = [80, 70, 60, 50, 40, 30, 20, 10, 5]
    report = write_task_rates(tmp_path / "tasks.xlsx", region_groups(rates, rates, []))
    imported = msoko("results", "import", pupils.path, report, "--db", db, "--add-schools", "--json")
    assert imported.returncode == 0, imported.stderr
    answer = msoko_json("results", "tasks", "--kind", "ВПР", "--year", "2026", "--subject", "Математика",
                        "--grade", "5", "--db", db, "--json")
    assert list(answer) == ["tasks"]
    first, last = answer["tasks"][0], answer["tasks"][-1]
    assert set(first) == {"task", "max", "level", "planned_result", "district", "region", "schools"}
    assert (first["task"], first["max"], first["level"], first["planned_result"]) == ("1", 1, "Б", None)
    assert first["region"] == 0.8 and last["region"] == 0.05
    by_code = {s["code"]: s for s in first["schools"]}
    assert set(by_code) == {code for _, code in SCHOOLS}
    assert set(by_code["edu900101"]) == {"school_id", "code", "rate", "participants"}
    assert by_code["edu900101"]["rate"] == 0.4 and by_code["edu900101"]["participants"] == 20
    assert first["district"] == round((8 + 16 + 14) / 60, 4)
    assert last["task"] == "7" and last["level"] == "В" and by_code["edu900101"]["rate"] == 0.4


def test_tasks_of_an_unknown_assessment_is_a_russian_error(tmp_path):
    pupils = write_fisoko_individual(tmp_path / "ind.xlsx", schools=pattern_schools(False))
    assert msoko("results", "import", pupils.path, "--db", tmp_path / "office.sqlite", "--add-schools").returncode == 0
    result = msoko("results", "tasks", "--kind", "ВПР", "--year", "2026", "--subject", "Химия", "--grade", "8",
                   "--db", tmp_path / "office.sqlite", "--json")
    assert result.returncode != 0 and "Нет результатов ВПР 2026, Химия, 8 кл." in result.stderr
