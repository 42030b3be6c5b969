"""Task analysis: rates counted by hand, levels and maxima kept from the file, the ФИС ОКО task reports,
and the rules task_pattern and score_peaks on designed files (and quiet on files without the pattern)."""

from __future__ import annotations

from desktop.models.scales import Scale, ScalesRepository
from desktop.models.schools import School, SchoolsRepository
from desktop.models.tasks import TasksRepository
from desktop.services.importers.results.detect import read_result_file
from desktop.services.results_import import apply_results_import, plan_results_import
from desktop.services.rules import RuleSettings, flags_for_year
from desktop.services.task_analysis import score_distribution, task_analysis
from tests.builders.result_files import SchoolStudents, Student, write_fisoko_individual
from tests.builders.task_files import (
    SCALE,
    SCHOOLS,
    pattern_schools,
    peak_schools,
    region_groups,
    write_planned_results,
    write_task_rates,
)

TASKS = [("1", 1), ("2", 2), ("3К1", 3)]


def registry(db) -> dict[str, int]:
    repo = SchoolsRepository(db)
    return {code: repo.add(School(name, code=code)).id for name, code in SCHOOLS}


def load(db, *paths) -> None:
    plan = plan_results_import(db, [getattr(p, "path", p) for p in paths])
    assert not plan.has_errors, [p.message for f in plan.files for p in f.problems if p.is_error]
    apply_results_import(db, plan, replace=True)


def test_task_rates_against_a_hand_count(db, tmp_path):
    ids = registry(db)
    first = SchoolStudents(*SCHOOLS[0], [Student(50001, 1, 1, [1, 2, 3], 6, 5, 5),
                                         Student(50002, 1, 2, [0, 1, "X"], 1, 2, 3),
                                         Student(50003, 1, 1, [1, 0, 2], 3, 3, 3)])
    second = SchoolStudents(*SCHOOLS[1], [Student(50101, 1, 1, [1, 2, 0], 3, 3, 4),
                                          Student(50102, 1, 2, [0, 2, 1], 3, 3, 3)])
    path = write_fisoko_individual(tmp_path / "ind.xlsx", schools=[first, second], tasks=TASKS, levels="БПВ")
    load(db, path)
    analysis = task_analysis(db, "ВПР", 2026, "Математика", 5)
    lines = {line.task: line for line in analysis.tasks}
    assert [(t.task, t.max, t.level) for t in analysis.tasks] == [("1", 1, "Б"), ("2", 2, "П"), ("3К1", 3, "В")]
    rate = {(line.task, s.school_id): (s.rate, s.participants) for line in analysis.tasks for s in line.schools}
    # school 1, task 2: (2 + 1 + 0) of 2 × 3; task 3К1: (3 + X + 2) of 3 × 3, the task not done counting 0
    assert rate[("2", ids["edu900101"])] == (3 / 6, 3)
    assert rate[("3К1", ids["edu900101"])] == (5 / 9, 3)
    assert rate[("1", ids["edu900102"])] == (1 / 2, 2)
    # the district: all five pupils, (3 + 4) of 2 × 5
    assert lines["2"].district == 7 / 10
    assert lines["2"].region is None
    data = analysis.to_json()
    assert data["tasks"][2]["schools"][0] == {"school_id": ids["edu900101"], "code": "edu900101",
                                               "rate": 0.5556, "participants": 3}
    assert set(data["tasks"][0]) == {"task", "max", "level", "planned_result", "district", "region", "schools"}


def test_the_individual_reader_keeps_each_tasks_maximum_and_level(tmp_path):
    path = write_fisoko_individual(tmp_path / "ind.xlsx", n_rows=20)
    parsed = read_result_file(path.path)
    info = parsed.task_info[0]
    assert [(t.key, t.max, t.level) for t in info][:4] == [("1", 1, "Б"), ("2", 1, "Б"), ("3", 2, "П"), ("4К1", 1, "Б")]
    assert info[-1].key == "7" and info[-1].level == "В"


def settings(**changes) -> RuleSettings:
    return RuleSettings(quality_decile=0, **changes)


def flags(db, rule: str) -> dict:
    return {f.code: f for f in flags_for_year(db, 2026, settings()).flags if f.rule == rule}


def test_basic_tasks_done_worse_than_hard_ones_fire_task_pattern(db, tmp_path):
    registry(db)
    load(db, write_fisoko_individual(tmp_path / "pattern.xlsx", schools=pattern_schools(True)))
    found = flags(db, "task_pattern")
    assert set(found) == {"edu900101"}
    flag = found["edu900101"]
    assert flag.flag == "objectivity_risk"
    assert flag.explanation == (
        "задания базового уровня выполнены хуже заданий повышенного и высокого уровня на 10 п. п. и более "
        "в 1 работе 2026: ВПР Математика 5 кл. — базовый уровень 40,0%, повышенный и высокий 70,0% "
        "(разница 30,0 п. п., участников 20).")


def test_no_task_pattern_where_basic_tasks_are_done_better(db, tmp_path):
    registry(db)
    load(db, write_fisoko_individual(tmp_path / "plain.xlsx", schools=pattern_schools(False)))
    assert flags(db, "task_pattern") == {}


def test_task_pattern_waits_for_enough_participants(db, tmp_path):
    registry(db)
    load(db, write_fisoko_individual(tmp_path / "pattern.xlsx", schools=pattern_schools(True)))
    report = flags_for_year(db, 2026, settings(task_pattern_min_participants=21))
    assert not [f for f in report.flags if f.rule == "task_pattern"]


def test_a_spike_at_the_boundaries_of_the_marks_fires_score_peaks(db, tmp_path):
    registry(db)
    load(db, write_fisoko_individual(tmp_path / "spike.xlsx", schools=peak_schools(True)))
    found = flags(db, "score_peaks")
    assert set(found) == {"edu900101"}
    text = found["edu900101"].explanation
    # 16 of 20 pupils at 6–7, 10–11, 13–14; no region's distribution: the threshold 30%
    assert "ВПР Математика 5 кл. — 16 из 20 (80,0%) при пороге 30%, в 2,7 раза" in text
    assert "границы по отметкам участников: «3» от 6, «4» от 10, «5» от 13" in text
    assert text.startswith("доля участников с первичным баллом на нижней границе отметки или на 1 балл выше "
                           "превышает долю по региону (или порог) в 2,0 раза и более в 1 работе 2026: ")


def test_no_score_peaks_without_a_spike_and_the_scale_is_preferred(db, tmp_path):
    registry(db)
    load(db, write_fisoko_individual(tmp_path / "plain.xlsx", schools=peak_schools(False)))
    assert flags(db, "score_peaks") == {}
    ScalesRepository(db).set(Scale("ВПР", 2026, "Математика", 5, *SCALE, source="письмо"))
    distribution = score_distribution(db, "ВПР", 2026, "Математика", 5)
    assert distribution.source == "шкала" and distribution.boundaries == {3: 6, 4: 10, 5: 13}
    assert distribution.peak_scores() == [6, 7, 10, 11, 13, 14]
    assert sum(distribution.district().values()) == 60


def test_task_report_gives_the_region_district_and_schools_without_pupils(db, tmp_path):
    ids = registry(db)
    rates = [80, 70, 60, 50, 40, 30, 20, 10, 5]
    schools = [(name, code, 20 + k, [r + k for r in rates]) for k, (name, code) in enumerate(SCHOOLS[:2])]
    path = write_task_rates(tmp_path / "tasks.xlsx", region_groups([r + 2 for r in rates], rates, schools),
                            comma=True)
    assert read_result_file(path).layout == "fisoko_task_rates"
    load(db, path)
    analysis = task_analysis(db, "ВПР", 2026, "Математика", 5)
    first = analysis.tasks[0]
    assert (first.task, first.max, first.level, first.region) == ("1", 1, "Б", 0.82)
    assert [(s.school_id, s.rate, s.participants) for s in first.schools] == [
        (ids["edu900101"], 0.8, 20), (ids["edu900102"], 0.81, 21)]
    assert abs(first.district - (0.8 * 20 + 0.81 * 21) / 41) < 1e-9
    stored = TasksRepository(db).rates(analysis.assessment.id)
    assert {row[0] for row in stored} == {"all", "region", "municipality", "school"}


def test_planned_results_report_keeps_what_each_task_checks(db, tmp_path):
    registry(db)
    tasks = [("1", "Развитие представлений о числе и числовых системах", 1),
             ("4К1", "Умение извлекать информацию из таблиц", 2)]
    groups = [("Вся выборка", 1402738, [61.5, 40.25]), ("Энская область", 23456, [63.0, 42.5]),
              ("Заречный муниципальный район(reg99_m001)", 140, [58.0, 38.0])]
    path = write_planned_results(tmp_path / "planned.xlsx", tasks, groups)
    assert read_result_file(path).layout == "fisoko_planned_results"
    load(db, path)
    analysis = task_analysis(db, "ВПР", 2026, "Математика", 5)
    assert [(t.task, t.max, t.planned_result, t.region, t.district) for t in analysis.tasks] == [
        ("1", 1, "Развитие представлений о числе и числовых системах", 0.63, 0.58),
        ("4К1", 2, "Умение извлекать информацию из таблиц", 0.425, 0.38)]


def test_the_report_writes_each_schools_weakest_and_strongest_tasks(db, tmp_path):
    from desktop.services.documents.report_model import Heading, Paragraph, ReportTable
    from desktop.services.results_report import results_report

    registry(db)
    load(db, write_fisoko_individual(tmp_path / "pattern.xlsx", schools=pattern_schools(True)))
    document = results_report(db, "ВПР", 2026)
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[-3:] == ["3. Выполнение заданий", "4. Сработавшие правила", "5. Выводы"]
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    first = next(t for t in texts if t.startswith("МБОУ «СОШ № 1 с. Заречное»: "))
    # basic tasks at 40% (1, 2, 4К1, 6.1: the first three by key), hard ones at 70% (3, 4К2, 5 …: the last by key)
    assert first == ("МБОУ «СОШ № 1 с. Заречное»: слабее всего выполнены задания 1 (базовый уровень; 40,0%), "
                     "2 (базовый уровень; 40,0%) и 4К1 (базовый уровень; 40,0%); лучше всего — задания "
                     "7 (высокий уровень; 70,0%), 6.2 (повышенный уровень; 70,0%) и 5 (повышенный уровень; 70,0%).")
    assert any(t.startswith("По муниципалитету слабее всего выполнены задания") for t in texts)
    table = next(b for b in document.blocks if isinstance(b, ReportTable) and b.sheet == "Задания")
    assert [row.cells[:3] for row in table.rows][:2] == [["1", "Б", 1], ["2", "Б", 1]]
    from desktop.services.results_report import save_report

    for suffix in (".pdf", ".docx", ".xlsx"):
        save_report(document, tmp_path / f"отчёт{suffix}")
        assert (tmp_path / f"отчёт{suffix}").stat().st_size > 1000


def test_tasks_and_rates_go_with_their_assessment(db, tmp_path):
    from desktop.models.db import transaction

    registry(db)
    load(db, write_fisoko_individual(tmp_path / "ind.xlsx", schools=pattern_schools(False)),
         write_task_rates(tmp_path / "tasks.xlsx", region_groups([50] * 9, [50] * 9, [])))
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("assessment_tasks", "task_rates")]
    assert counts == [9, 27]  # 9 tasks; the whole sample, the region and the district for each
    with transaction(db):
        db.execute("DELETE FROM student_results")
        db.execute("DELETE FROM school_results")
        db.execute("DELETE FROM assessments")
    assert [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("assessment_tasks", "task_rates")] == [0, 0]


def test_a_row_of_maxima_above_the_header_gives_the_tasks_points(tmp_path):
    from tests.builders.result_files import set_cells

    written = write_fisoko_individual(tmp_path / "ind.xlsx", n_rows=10, levels=None)
    set_cells(written.path, {"A7": "Максимальный балл", "G7": 2, "H7": "1"})
    info = read_result_file(written.path).task_info[0]
    assert [(t.key, t.max, t.level) for t in info][:3] == [("1", 2, None), ("2", 1, None), ("3", 2, None)]


def test_the_pupils_marks_fix_a_boundary_only_where_nothing_else_is_possible():
    from desktop.services.task_analysis import boundaries_from_marks

    # «3» from 6 is certain (the best «2» is 5); «4» might start at 11 or 12 (the best «3» is 10, the
    # worst «4» 12); no one got «5»
    assert boundaries_from_marks({2: (0, 5), 3: (6, 10), 4: (12, 14)}) == {3: 6}
    assert boundaries_from_marks({3: (6, 9), 4: (10, 12), 5: (13, 14)}) == {4: 10, 5: 13}  # no «2»: «3» open


def test_score_peaks_compare_with_the_region_when_its_distribution_is_loaded(db, tmp_path):
    from tests.builders.task_files import write_score_shares

    registry(db)
    # the region: 5% of participants at each of 6–7, 10–11, 13–14 (30% at the peaks), 70% spread elsewhere
    region = [70 / 9 if s not in (6, 7, 10, 11, 13, 14) else 5 for s in range(15)]
    load(db, write_fisoko_individual(tmp_path / "spike.xlsx", schools=peak_schools(True)),
         write_score_shares(tmp_path / "scores.xlsx", [round(r, 2) for r in region]))
    text = flags(db, "score_peaks")["edu900101"].explanation
    assert "ВПР Математика 5 кл. — 16 из 20 (80,0%) при 30,0% по региону, в 2,7 раза" in text
    distribution = score_distribution(db, "ВПР", 2026, "Математика", 5)
    assert distribution.region[6] == 0.05 and abs(distribution.region_at_peaks() - 0.3) < 1e-9


def test_the_report_names_the_thresholds_of_both_rules():
    from desktop.services.rules_tasks import settings_text

    assert settings_text(RuleSettings()) == (
        "По результатам учеников: задания базового уровня выполнены хуже заданий повышенного и высокого уровня "
        "на 10 п. п. и более (при числе участников не меньше 10); доля участников с первичным баллом на нижней "
        "границе отметки или на 1 балл выше превышает долю по региону (без его данных — 30%) в 2,0 раза и более "
        "(при числе участников не меньше 10).")
