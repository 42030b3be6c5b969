"""Indicators by the domain's formulas; the district as a participant-weighted figure; references and changes."""

from __future__ import annotations

import pytest

from desktop.services.indicators import indicators, school_history
from tests.services.results.results_helpers import Row, add_schools, groups_file, save, students_file


def test_formulas_of_one_school(db):
    ids = add_schools(db, 1)
    save(db, [groups_file("ВПР", 2026, "Математика", 5, [Row("edu800001", (3, 10, 12, 5), (6, 20, 4))])])
    [row] = indicators(db, "ВПР", 2026).schools
    n = 30
    assert row.school_id == ids["edu800001"] and row.marked == n
    assert row.pass_rate == pytest.approx(27 / n)
    assert row.quality_rate == pytest.approx(17 / n)
    assert row.mean_mark == pytest.approx((2 * 3 + 3 * 10 + 4 * 12 + 5 * 5) / n)
    assert row.sou == pytest.approx((1.0 * 5 + 0.64 * 12 + 0.36 * 10 + 0.16 * 3) / n)
    assert row.share_2 == pytest.approx(3 / n)
    assert row.journal_share("raised") == pytest.approx(4 / 30)
    data = row.to_json()
    assert data["quality_rate"] == 0.5667 and data["sou"] == round((5 + 7.68 + 3.6 + 0.48) / 30, 4)
    for name in ("school_id", "code", "name", "subject", "grade", "participants", "n2", "n3", "n4", "n5",
                 "pass_rate", "quality_rate", "mean_mark", "sou", "share_2", "lowered", "confirmed", "raised"):
        assert name in data


def test_the_district_adds_up_counts_instead_of_averaging_percentages(db):
    add_schools(db, 2)
    small, big = (2, 0, 0, 2), (10, 40, 40, 10)  # share of «2»: 50% of 4 pupils, 10% of 100
    save(db, [groups_file("ВПР", 2026, "Математика", 5, [Row("edu800001", small), Row("edu800002", big)])])
    [district] = indicators(db, "ВПР", 2026).municipality
    assert district.participants == 104 and district.schools == 2
    assert district.share_2 == pytest.approx(12 / 104)  # not (50% + 10%) / 2 = 30%
    assert district.to_json()["share_2"] == round(12 / 104, 4)


def test_region_and_whole_sample_stand_beside_the_district_with_changes_from_the_year_before(db):
    add_schools(db, 1)
    for year, marks in ((2025, (5, 10, 10, 5)), (2026, (2, 10, 12, 6))):
        save(db, [groups_file("ВПР", year, "Русский язык", 4, [Row("edu800001", marks)],
                              region=Row("", (100, 400, 400, 100)), whole=Row("", (1000, 4000, 4000, 1000)))])
    table = indicators(db, "ВПР", 2026, subject="Русский язык", grade=4)
    assert [r.level for r in table.reference] == ["all", "region"]
    assert table.reference[1].quality_rate == pytest.approx(0.5)
    [school] = table.schools
    assert school.change["year"] == 2025
    assert school.change["quality_rate"] == round(18 / 30 - 15 / 30, 4)
    assert school.change["share_2"] == round(2 / 30 - 5 / 30, 4)
    assert table.municipality[0].change["quality_rate"] == school.change["quality_rate"]
    assert indicators(db, "ВПР", 2026, subject="Математика").schools == []


def test_ege_test_scores_thresholds_and_high_scores(db):
    add_schools(db, 2)
    # Русский язык 2026: minimum 24
    save(db, [students_file("ЕГЭ", 2026, "Русский язык", 11, [
        ("edu800001", None, 20.0), ("edu800001", None, 85.0), ("edu800001", None, 100.0),
        ("edu800002", None, 60.0),
    ])])
    table = indicators(db, "ЕГЭ", 2026)
    by_code = {r.code: r for r in table.schools}
    first = by_code["edu800001"]
    assert (first.participants, first.below_threshold, first.score_81_100, first.score_100) == (3, 1, 2, 1)
    assert first.mean_test == pytest.approx(205 / 3) and first.share_below == pytest.approx(1 / 3)
    assert first.quality_rate is None  # no marks in ЕГЭ by test score
    [district] = table.municipality
    assert district.mean_test == pytest.approx((20 + 85 + 100 + 60) / 4)  # weighted by participants
    assert district.below_threshold == 1


def test_basic_mathematics_below_threshold_is_a_mark_under_three(db):
    add_schools(db, 1)
    save(db, [students_file("ЕГЭ", 2026, "Математика базовая", 11, [("edu800001", 2, None), ("edu800001", 4, None)])])
    [row] = indicators(db, "ЕГЭ", 2026).schools
    assert row.below_threshold == 1 and row.pass_rate == 0.5


def test_school_history_lists_every_year_with_changes(db):
    ids = add_schools(db, 1)
    for year, marks in ((2024, (1, 5, 3, 1)), (2025, (0, 5, 4, 1)), (2026, (0, 4, 4, 2))):
        save(db, [groups_file("ВПР", year, "Математика", 5, [Row("edu800001", marks)])])
    history = school_history(db, ids["edu800001"])
    assert [r.year for r in history] == [2024, 2025, 2026]
    assert history[0].change is None
    assert history[2].change["quality_rate"] == pytest.approx(0.1)
