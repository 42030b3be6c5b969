"""`region_anomaly`: a school far above the region, not confirmed by the same pupils a year later."""

from __future__ import annotations

from dataclasses import replace

from desktop.models.schools import SchoolsRepository
from desktop.services.results_import import apply_results_import, plan_results_import
from desktop.services.rules import RuleSettings, flags_for_year
from tests.builders.rule_patterns import FAR_SCHOOL, GYMNASIUM, write_region_pattern
from tests.services.results.results_helpers import Row, add_schools, groups_file, save

ONLY_REGION = RuleSettings(quality_decile=0)


def load(db, paths):
    plan = plan_results_import(db, paths, add_schools=True)
    assert not plan.has_errors, [p for f in plan.files for p in f.problems]
    apply_results_import(db, plan)


def anomalies(db, year, settings=ONLY_REGION):
    report = flags_for_year(db, year, settings)
    return {f.code: f for f in report.flags if f.rule == "region_anomaly"}, report.notes


def test_a_school_far_above_the_region_is_flagged_with_its_numbers_and_not_without_the_pattern(db, tmp_path):
    # the region: the district (93,3% and three schools of 50,0%) and 3 700 more pupils — 1 873 of 3 820: 49,0%
    load(db, [write_region_pattern(tmp_path / f"{s}.xlsx", subject=s).path for s in ("Математика", "Русский язык")])
    found, _ = anomalies(db, 2026)
    assert set(found) == {FAR_SCHOOL}
    flag = found[FAR_SCHOOL]
    assert flag.flag == "objectivity_risk"
    assert flag.explanation.startswith("результаты выше региональных (качество на 20 п. п. и более, участников не "
                                       "менее 10) без подтверждения теми же обучающимися в 2 из 2 ВПР 2026: ")
    assert "Математика 5 кл. — качество 93,3% при 49,0% по региону (+44,3 п. п.)" in flag.explanation
    assert flag.explanation.endswith("Результаты тех же обучающихся за 2027 год ещё не загружены: подтверждение "
                                     "будет видно по ним.")
    assert flag.explanation.count("ещё не загружены") == 1  # said once, not after each ВПР


def test_the_same_district_without_the_pattern_is_not_flagged(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "plain.xlsx", far=set()).path])
    assert anomalies(db, 2026)[0] == {}


def test_too_few_participants_or_too_few_results_are_not_judged(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "m.xlsx").path])
    assert anomalies(db, 2026, replace(ONLY_REGION, region_min_participants=31))[0] == {}
    assert anomalies(db, 2026, replace(ONLY_REGION, region_min_count=2))[0] == {}


def test_the_same_pupils_a_year_later_confirm_or_do_not_confirm(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "2025.xlsx", year=2025, grade=5).path,
              write_region_pattern(tmp_path / "2026.xlsx", year=2026, grade=6, far=set()).path])
    found, _ = anomalies(db, 2025)
    assert "в ВПР 2026 6 кл. — качество 50,0% при 48,7% по региону (+1,3 п. п.): не подтвердилось" in \
        found[FAR_SCHOOL].explanation


def test_a_result_confirmed_a_year_later_is_not_flagged(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "2025.xlsx", year=2025, grade=5).path,
              write_region_pattern(tmp_path / "2026.xlsx", year=2026, grade=6).path])
    assert anomalies(db, 2025)[0] == {}
    assert set(anomalies(db, 2026)[0]) == {FAR_SCHOOL}  # 2026 itself: its follow-up is not loaded


def test_a_follow_up_missing_from_a_loaded_year_is_said_so(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "2025.xlsx", year=2025, grade=5, subject="История").path,
              write_region_pattern(tmp_path / "2026.xlsx", year=2026, grade=6, far=set()).path])
    found, _ = anomalies(db, 2025)
    assert "История 5 кл." in found[FAR_SCHOOL].explanation
    assert "в 2026 году результатов тех же обучающихся по предмету нет" in found[FAR_SCHOOL].explanation


def test_lyceums_and_gymnasiums_can_be_exempted(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "m.xlsx", far={GYMNASIUM}).path])
    schools = SchoolsRepository(db)
    gymnasium = schools.find_by_code(GYMNASIUM)
    schools.update(replace(gymnasium, kind="Гимназия"))
    found, notes = anomalies(db, 2026)
    assert found == {}
    assert any("не применялось к лицеям и гимназиям" in n and gymnasium.short_name in n for n in notes)
    assert set(anomalies(db, 2026, replace(ONLY_REGION, region_exempt_lyceums=False))[0]) == {GYMNASIUM}


def test_the_mean_mark_can_be_the_measure(db, tmp_path):
    load(db, [write_region_pattern(tmp_path / "m.xlsx").path])
    by_mean = replace(ONLY_REGION, region_margin=1.0, region_mean_margin=0.8)
    found, _ = anomalies(db, 2026, by_mean)
    assert "средняя отметка 4,47 при 3,52 по региону (+0,95)" in found[FAR_SCHOOL].explanation
    assert anomalies(db, 2026, replace(by_mean, region_mean_margin=1.0))[0] == {}


def test_grade_8_is_followed_to_the_oge_and_compared_with_the_other_schools_without_a_region(db):
    add_schools(db, 3)
    region = Row("", (100, 500, 300, 100))  # quality 40%
    far, near = (0, 5, 15, 10), (4, 16, 8, 2)  # 83,3% and 33,3%
    save(db, [groups_file("ВПР", 2025, "Математика", 8, [Row("edu800001", far), Row("edu800002", near),
                                                          Row("edu800003", near)], region=region),
              groups_file("ОГЭ", 2026, "Математика", 9, [Row("edu800001", near), Row("edu800002", near),
                                                          Row("edu800003", near)])])
    found, _ = anomalies(db, 2025)
    assert ("в ОГЭ 2026 9 кл. — качество 33,3% при 33,3% по другим школам муниципалитета (0,0 п. п.): "
            "не подтвердилось") in found["edu800001"].explanation


def test_without_region_rows_the_rule_says_it_was_not_applied(db):
    add_schools(db, 2)
    save(db, [groups_file("ВПР", 2026, "Математика", 5, [Row("edu800001", (0, 2, 12, 16)),
                                                          Row("edu800002", (3, 12, 11, 4))])])
    found, notes = anomalies(db, 2026)
    assert found == {} and any("Нет данных региона по ВПР 2026" in n for n in notes)
