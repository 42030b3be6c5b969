"""Flags over the years: each school × year with its flags, «второй год подряд», and leaving a list."""

from __future__ import annotations

import pytest

from desktop.errors import UserError
from desktop.services.flags_history import flags_history
from desktop.services.results_report import flags_history_rows, flags_history_table
from desktop.services.rules import RuleSettings
from tests.services.results.results_helpers import Row, add_schools, groups_file, save

SETTINGS = RuleSettings(quality_decile=0, region_margin=1.0, share_2_min_count=1)
WEAK, GOOD = (10, 12, 6, 4), (1, 9, 12, 8)  # «2»: 31,2% and 3,3%


def test_flags_by_school_and_year_with_running_years_and_schools_that_left(db):
    add_schools(db, 2)
    for year, weak in ((2023, True), (2024, True), (2025, True), (2026, False)):
        save(db, [groups_file("ВПР", year, "Математика", 5, [Row("edu800001", WEAK if weak else GOOD),
                                                              Row("edu800002", GOOD)])])
    history = flags_history(db, 2024, 2026, SETTINGS)
    assert history.years == [2024, 2025, 2026]
    [school] = history.schools
    assert school.code == "edu800001"
    assert [(y, [(f.rule, f.running) for f in flags]) for y, flags in sorted(school.flags.items())] == [
        (2024, [("share_2", 2)]), (2025, [("share_2", 3)])]  # 2023, the year before, counts
    assert school.left == {2026: ["low_results"]}
    answer = history.to_json()
    assert answer["schools"][0]["flags"]["2024"][0]["second_year"] is True
    assert answer["schools"][0]["left"] == {"2026": ["low_results"]}
    assert "доля «2» ≥ 25% в 1 из 1 ВПР 2024" in answer["schools"][0]["flags"]["2024"][0]["explanation"]
    rows = flags_history_rows(history)
    assert rows[0] == ["Школа", "2024", "2025", "2026"]
    assert rows[1][1:] == ["низкие результаты: доля «2» не ниже порога в нескольких ВПР (второй год подряд)",
                           "низкие результаты: доля «2» не ниже порога в нескольких ВПР (3-й год подряд)",
                           "вышла из списка: низкие результаты"]
    table = flags_history_table(history)
    assert table.header == ["Школа", "2024", "2025", "2026"] and table.rows[0].marks == {1: "risk", 2: "risk"}


def test_years_without_results_neither_flag_nor_end_a_run(db):
    add_schools(db, 1)
    for year in (2022, 2024):
        save(db, [groups_file("ВПР", year, "Математика", 5, [Row("edu800001", WEAK)])])
    history = flags_history(db, 2022, 2024, SETTINGS)
    [school] = history.schools
    assert sorted(school.flags) == [2022, 2024] and school.left == {}
    assert school.flags[2024][0].running == 2
    assert flags_history_table(flags_history(db, 2010, 2012, SETTINGS)) is None


def test_a_wrong_span_is_a_russian_error(db):
    with pytest.raises(UserError, match="первый не позже последнего"):
        flags_history(db, 2026, 2024)
    with pytest.raises(UserError, match="не больше 30 лет"):
        flags_history(db, 2000, 2040)


def test_the_rows_read_once_for_all_years_give_each_year_its_own_flags(db):
    from datetime import date

    from desktop.demo import build_demo
    from desktop.services.rules import flags_for_year

    build_demo(db, date(2026, 11, 23))
    history = flags_history(db, 2024, 2026)
    for year in history.years:
        alone = sorted((f.school_id, f.rule, f.explanation) for f in flags_for_year(db, year).flags)
        shared = sorted((s.school_id, f.rule, f.explanation) for s in history.schools for f in s.flags.get(year, []))
        assert shared == alone, year
