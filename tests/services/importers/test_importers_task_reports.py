"""ФИС ОКО «Выполнение заданий» and «Достижение планируемых результатов»: header-driven, the groups'
hierarchy as in the other reports, and a bad cell named by its row and column."""

from __future__ import annotations

from desktop.services.importers.results.detect import read_result_file
from tests.builders.result_files import set_cells
from tests.builders.task_files import SCHOOLS, region_groups, write_planned_results, write_task_rates

RATES = [80.5, 70, 60, 50, 40, 30, 20, 10, 5]


def test_task_rates_read_with_levels_maxima_and_the_hierarchy(tmp_path):
    schools = [(name, code, 20, RATES) for name, code in SCHOOLS[:2]]
    path = write_task_rates(tmp_path / "tasks.xlsx", region_groups(RATES, RATES, schools), comma=True)
    parsed = read_result_file(path)
    assert parsed.layout == "fisoko_task_rates" and parsed.kind_of_file == "ФИС ОКО: выполнение заданий"
    assert not parsed.problems
    assert [(t.key, t.max, t.level) for t in parsed.task_info[0]][:3] == [("1", 1, "Б"), ("2", 1, "Б"), ("3", 2, "П")]
    assert parsed.assessments[0].subject == "Математика" and parsed.assessments[0].grade == 5
    first = [r for r in parsed.task_rates if r.task == "1"]
    assert [(r.level, r.code, r.rate, r.participants) for r in first] == [
        ("all", None, 0.795, 1400000), ("region", None, 0.805, 23456), ("municipality", "reg99_m001", 0.805, 40),
        ("school", "edu900101", 0.805, 20), ("school", "edu900102", 0.805, 20)]
    assert {r.parent_code for r in first if r.level == "school"} == {"reg99_m001"}


def test_a_bad_percentage_is_named_by_row_and_column(tmp_path):
    path = write_task_rates(tmp_path / "tasks.xlsx", region_groups(RATES, RATES, []))
    set_cells(path, {"E11": "много", "F11": 130})
    problems = read_result_file(path).problems
    assert [(p.row, p.column) for p in problems] == [(11, "E"), (11, "F")]
    assert "Выполнение задания 2" in problems[0].message and "130 вне 0–100" in problems[1].message


def test_planned_results_read_a_column_per_group(tmp_path):
    tasks = [("1", "Развитие представлений о числе", 1), ("4К1", "Умение читать таблицы", 2)]
    groups = [("Вся выборка", 1402738, [61.5, 40.25]), ("Энская область", 23456, [63.0, 42.5]),
              ("Заречный муниципальный район(reg99_m001)", 140, [58.0, 38.0]),
              ("МБОУ «СОШ № 1 с. Заречное»(edu900101)", 25, [48.0, 36.0])]
    parsed = read_result_file(write_planned_results(tmp_path / "planned.xlsx", tasks, groups))
    assert parsed.layout == "fisoko_planned_results" and not parsed.problems
    assert [(t.key, t.max, t.planned_result) for t in parsed.task_info[0]] == [
        ("1", 1, "Развитие представлений о числе"), ("4К1", 2, "Умение читать таблицы")]
    rows = [(r.level, r.code, r.task, r.rate, r.participants, r.parent_code) for r in parsed.task_rates]
    assert rows[:4] == [("all", None, "1", 0.615, 1402738, None), ("region", None, "1", 0.63, 23456, None),
                        ("municipality", "reg99_m001", "1", 0.58, 140, None),
                        ("school", "edu900101", "1", 0.48, 25, "reg99_m001")]
    assert rows[-1] == ("school", "edu900101", "4К1", 0.36, 25, "reg99_m001")
