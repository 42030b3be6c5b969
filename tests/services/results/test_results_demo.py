"""The demo district's three years of results: the rules fire for the schools meant to, and only them."""

from __future__ import annotations

from datetime import date

from desktop.demo import build_demo
from desktop.demo_results import build_demo_results
from desktop.models.results import ResultsRepository
from desktop.services.indicators import indicators
from desktop.services.rules import flags_for_year

TODAY = date(2026, 11, 23)


def test_demo_results_make_the_rules_fire_for_some_schools_and_not_others(db):
    build_demo(db, TODAY)
    build_demo_results(db, TODAY)  # whether or not build_demo saved them already: the same result

    years = {a.year for a in ResultsRepository(db).assessments()}
    assert years == {2024, 2025, 2026}
    assert {a.kind for a in ResultsRepository(db).assessments()} == {"ВПР", "ОГЭ", "ЕГЭ"}

    report = flags_for_year(db, 2026)
    flagged = {(f.code, f.flag, f.rule) for f in report.flags}
    assert flagged == {
        ("edu990107", "low_results", "share_2"), ("edu990107", "low_results", "quality_decile"),
        ("edu990111", "low_results", "share_2"), ("edu990111", "low_results", "quality_decile"),
        ("edu990105", "objectivity_risk", "raised_share"), ("edu990105", "objectivity_risk", "quality_jump"),
        ("edu990105", "objectivity_risk", "region_anomaly"),
        ("edu990108", "objectivity_risk", "vpr_vs_oge"),
    }
    assert [(i.kind, i.subject, i.grade) for i in report.low_quality] == [("ВПР", "Математика", 8)]

    schools_with_results = {r.code for r in indicators(db, "ВПР", 2026).schools}
    assert len(schools_with_results) == 14  # every active demo school; most carry no flag
    ege = indicators(db, "ЕГЭ", 2026).municipality
    assert {r.subject for r in ege} >= {"Русский язык", "Математика профильная", "Математика базовая"}
    assert all(r.mean_test is not None for r in ege if r.subject != "Математика базовая")

    stored = db.execute("SELECT count(*) FROM student_results").fetchone()[0]
    build_demo_results(db, TODAY)  # the same invented files again: already imported, nothing changes
    assert db.execute("SELECT count(*) FROM student_results").fetchone()[0] == stored
