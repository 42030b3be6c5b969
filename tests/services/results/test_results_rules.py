"""The rules of the orders: each fires on the numbers it names, explains them, and stays quiet otherwise."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.errors import UserError
from desktop.services.rules import RuleSettings, flags_for_year, load_rule_settings, save_rule_settings
from tests.services.results.results_helpers import Row, add_schools, groups_file, save, students_file

GOOD = (1, 9, 12, 8)  # 30 pupils, quality 66,7%, «2» 3,3%
NO_DECILE = RuleSettings(quality_decile=0, region_margin=1.0)  # the rules of one test alone


def rules(db, year, settings=NO_DECILE):
    return {(f.code, f.rule): f for f in flags_for_year(db, year, settings).flags}


def test_share_of_2_in_several_vpr_makes_a_low_results_school(db):
    add_schools(db, 3)
    weak = [(10, 12, 6, 4), (8, 14, 6, 4), (9, 13, 6, 4), (2, 14, 10, 6), (1, 15, 10, 6)]  # «2»: 31,2 25 28,1 …
    subjects = ["Математика", "Русский язык", "История", "Биология", "География"]
    save(db, [groups_file("ВПР", 2026, s, 5, [Row("edu800001", m), Row("edu800002", GOOD),
                                               Row("edu800003", (7, 15, 6, 4) if s == "Математика" else GOOD)])
              for s, m in zip(subjects, weak, strict=True)])
    found = rules(db, 2026)
    assert set(found) == {("edu800001", "share_2")}  # edu800003 has one such ВПР, not three
    flag = found[("edu800001", "share_2")]
    assert flag.flag == "low_results"
    assert flag.explanation.startswith("доля «2» ≥ 25% в 3 из 5 ВПР 2026: Математика 5 кл. — 31,2% (10 из 32)")
    assert "Русский язык 5 кл. — 25,0% (8 из 32)" in flag.explanation


def test_lowest_decile_of_quality_over_all_vpr_of_the_year(db):
    add_schools(db, 10)
    rows = [Row(f"edu8{k:05d}", GOOD) for k in range(1, 10)] + [Row("edu800010", (4, 20, 5, 1))]
    save(db, [groups_file("ВПР", 2026, "Математика", 6, rows)])
    found = rules(db, 2026, RuleSettings())
    assert set(found) == {("edu800010", "quality_decile")}
    assert "качество обучения по всем ВПР 2026 — 20,0% (6 из 30)" in found[("edu800010", "quality_decile")].explanation
    assert "1 из 10 школ" in found[("edu800010", "quality_decile")].explanation


def test_raised_marks_well_above_the_region_in_several_vpr(db):
    add_schools(db, 2)
    region = Row("", (100, 400, 400, 100), (190, 730, 80))  # «повысили» 8%
    files = [groups_file("ВПР", 2026, s, 6, [Row("edu800001", GOOD, (2, 20, 8)),  # 26,7%: 18,7 п. п. above
                                              Row("edu800002", GOOD, (5, 23, 2))], region=region)
             for s in ("Математика", "Русский язык")]
    # no region in История: the school is compared with the district's other schools (2 of 90: 2,2%)
    files.append(groups_file("ВПР", 2026, "История", 6, [Row("edu800001", GOOD, (2, 20, 8)),
                                                          Row("edu800002", (3, 27, 36, 24), (10, 78, 2))]))
    save(db, files)
    report = flags_for_year(db, 2026, NO_DECILE)
    found = {(f.code, f.rule): f for f in report.flags}
    assert set(found) == {("edu800001", "raised_share")}
    text = found[("edu800001", "raised_share")].explanation
    assert "в 3 из 3 ВПР 2026" in text and "Математика 6 кл. — 26,7% при 8,0% по региону" in text
    assert "История 6 кл. — 26,7% при 2,2% по другим школам муниципалитета" in text
    assert any("нет данных региона" in n for n in report.notes)
    assert flags_for_year(db, 2026, replace(NO_DECILE, objectivity_min_count=4)).flags == []


def test_a_jump_of_quality_from_the_year_before(db):
    add_schools(db, 2)
    before, after = (2, 20, 6, 2), (0, 6, 16, 8)  # 26,7% → 80,0%
    for year in (2025, 2026):
        save(db, [groups_file("ВПР", year, s, 5, [Row("edu800001", before if year == 2025 else after),
                                                   Row("edu800002", GOOD)]) for s in ("Математика", "История")])
    found = rules(db, 2026)
    assert set(found) == {("edu800001", "quality_jump")}
    assert "Математика 5 кл.: 26,7% → 80,0%" in found[("edu800001", "quality_jump")].explanation
    assert rules(db, 2025) == {}


def test_a_jump_that_the_whole_region_made_flags_nobody(db):
    # The same rise of 53,3 п. п. is a flag beside a steady region and none beside a region that rose as much.
    add_schools(db, 2)
    before, after = (2, 20, 6, 2), (0, 6, 16, 8)  # 26,7% → 80,0%
    steady, risen = (100, 500, 300, 100), (20, 180, 500, 300)  # the region: 40,0% → 40,0%, or → 80,0%
    for subject, region_after in (("Математика", steady), ("История", risen)):
        for year in (2025, 2026):
            save(db, [groups_file("ВПР", year, subject, 5,
                                  [Row("edu800001", before if year == 2025 else after), Row("edu800002", GOOD)],
                                  region=Row("", steady if year == 2025 else region_after))])
    one = replace(NO_DECILE, objectivity_min_count=1)
    flag = rules(db, 2026, one)[("edu800001", "quality_jump")]
    assert "Математика 5 кл.: 26,7% → 80,0% (по региону 0,0 п. п.)" in flag.explanation
    assert "История" not in flag.explanation  # the region rose by 40,0 п. п.: 13,3 left, under 30
    assert "в 1 ВПР" in flag.explanation
    assert ("edu800001", "quality_jump") not in rules(db, 2026, replace(one, jump_rate=0.6))  # 53,3 < 60


def test_vpr_of_grade_8_far_above_the_oge_of_the_same_pupils(db):
    add_schools(db, 2)
    save(db, [groups_file("ВПР", 2025, "Математика", 8, [Row("edu800001", (0, 5, 15, 10)), Row("edu800002", GOOD)])])
    oge = [("edu800001", 2, None)] * 5 + [("edu800001", 3, None)] * 15 + [("edu800001", 4, None)] * 5
    oge += [("edu800002", 4, None)] * 20
    save(db, [students_file("ОГЭ", 2026, "Математика", 9, oge)])
    assert rules(db, 2026) == {}  # one subject, and two are needed (vpr_oge_min_subjects)
    found = rules(db, 2026, replace(NO_DECILE, vpr_oge_min_subjects=1))
    assert set(found) == {("edu800001", "vpr_vs_oge")}
    text = found[("edu800001", "vpr_vs_oge")].explanation
    assert "качество ВПР 2025 (8 кл.) 83,3%, ОГЭ 2026 20,0%" in text and "по 1 предмету (порог — 1)" in text


def test_journal_rule_compares_a_school_with_the_other_schools_not_with_itself(db):
    add_schools(db, 2)
    # «повысили»: school 1 — 9 of 30 (30%), school 2 — 4 of 30 (13,3%); together 21,7%: only 8,3 п. п. below
    # school 1, but 16,7 п. п. above the other school
    save(db, [groups_file("ВПР", 2026, s, 6, [Row("edu800001", GOOD, (1, 20, 9)), Row("edu800002", GOOD, (1, 25, 4))])
              for s in ("Математика", "История")])
    found = rules(db, 2026)
    assert set(found) == {("edu800001", "raised_share")}
    assert "Математика 6 кл. — 30,0% при 13,3% по другим школам муниципалитета" in found[
        ("edu800001", "raised_share")].explanation


def test_lowest_decile_is_also_of_a_low_level(db):
    add_schools(db, 10)
    rows = [Row(f"edu8{k:05d}", GOOD) for k in range(1, 10)] + [Row("edu800010", (2, 14, 12, 2))]  # 46,7%
    save(db, [groups_file("ВПР", 2026, "Математика", 6, rows)])
    assert rules(db, 2026, RuleSettings(region_margin=1.0)) == {}  # the lowest, but above the 30% floor
    found = rules(db, 2026, RuleSettings(region_margin=1.0, quality_decile_floor=0.5))
    assert set(found) == {("edu800010", "quality_decile")}
    assert "и не выше 50%" in found[("edu800010", "quality_decile")].explanation


def test_district_quality_under_40_percent_two_years_running(db):
    add_schools(db, 2)
    low = [Row("edu800001", (5, 15, 7, 3)), Row("edu800002", (4, 14, 8, 4))]  # 33,3% and 40,0% → 36,7%
    save(db, [groups_file("ВПР", 2025, "Математика", 8, low), groups_file("ВПР", 2026, "Математика", 8, low),
              groups_file("ВПР", 2026, "Русский язык", 8, low)])  # under 40% in 2026 only
    report = flags_for_year(db, 2026, NO_DECILE)
    assert [(i.kind, i.subject, i.grade, i.years) for i in report.low_quality] == [("ВПР", "Математика", 8, [2025, 2026])]
    item = report.low_quality[0]
    assert item.quality_rates == [pytest.approx(22 / 60)] * 2
    assert item.explanation == ("ВПР Математика 8 кл.: качество обучения по муниципалитету ниже 40% 2 года подряд "
                                "(2025 — 36,7%, 2026 — 36,7%).")
    assert flags_for_year(db, 2025, NO_DECILE).low_quality == []


def test_settings_are_stored_checked_and_used(db):
    assert load_rule_settings(db) == RuleSettings()
    save_rule_settings(db, replace(RuleSettings(), share_2_threshold=0.2, share_2_min_count=1))
    assert load_rule_settings(db).share_2_threshold == 0.2
    with pytest.raises(UserError, match="вне допустимого"):
        save_rule_settings(db, replace(RuleSettings(), low_quality_rate=1.5))
    add_schools(db, 1)
    save(db, [groups_file("ВПР", 2026, "Математика", 5, [Row("edu800001", (6, 14, 6, 4))])])  # «2» 20%
    report = flags_for_year(db, 2026)
    assert [f.rule for f in report.flags if f.rule == "share_2"] == ["share_2"]
    assert report.to_json()["settings"]["share_2_threshold"] == 0.2


def test_medalists_without_a_list_are_skipped_with_a_note_and_an_empty_year_says_so(db):
    report = flags_for_year(db, 2030)
    assert report.flags == [] and report.low_quality == []
    assert any("медалистов" in n for n in report.notes)
    assert any("Нет результатов ВПР 2030" in n for n in report.notes)
