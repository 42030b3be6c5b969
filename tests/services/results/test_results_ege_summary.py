"""The region's summary of ЕГЭ by school through the import: the district's schools, named without a
code, get their figures per year and subject; the other municipalities' schools, the subtotals and
the region's total are kept as reference rows, and nothing is counted twice."""

from __future__ import annotations

from desktop.models.results import ResultsRepository
from desktop.models.schools import School, SchoolsRepository
from desktop.services.results_import import apply_results_import, plan_results_import
from tests.builders.ege_summary_files import YearSheet, district, write_ege_summary
from tests.services.results.results_helpers import dump

ZARECHNY = "Заречный муниципальный округ"
SINEGORSK = "Синегорский муниципальный район"
SCHOOL_1 = "МБОУ «СОШ № 1 с. Заречное»"
SCHOOL_2 = "МБОУ «СОШ № 2 с. Заречное»"
LUGOVOE = "МКОУ «СОШ с. Луговое»"  # of the district, not in the registry


def _registry(db) -> dict[str, int]:
    repo = SchoolsRepository(db)
    return {name: repo.add(School(name)).id for name in (SCHOOL_1, SCHOOL_2)}


def _summary(tmp_path):
    return write_ege_summary(tmp_path / "ЕГЭ по школам.xlsx", [
        YearSheet(2025, applications=True), YearSheet(2024, district()), YearSheet(2023, district(shift=2))]).path


def _school_results(db) -> dict[tuple, tuple]:
    return {(year, subject, name): (figures[0], *figures[9:13])
            for kind, year, subject, grade, _, _, name, *figures in ResultsRepository(db).school_figures()
            if kind == "ЕГЭ" and grade == 11}


def _reference_results(db) -> dict[tuple, tuple]:
    return {(year, subject, level, name): (own, figures[0], *figures[9:13])
            for _, year, subject, _, level, _, name, own, *figures in ResultsRepository(db).reference_figures()}


def test_the_districts_schools_get_their_figures_and_the_rest_are_reference_rows(db, db_path, tmp_path):
    _registry(db)
    path = _summary(tmp_path)
    before = dump(db_path)
    refused = plan_results_import(db, [path])
    # the third school of the district is not in the registry: asked about, nothing written
    assert refused.has_errors and [u.name for u in refused.unmatched] == [LUGOVOE]
    assert dump(db_path) == before

    plan = plan_results_import(db, [path], add_schools=True)
    assert not plan.has_errors, [p.message for f in plan.files for p in f.problems if p.is_error]
    assert [s.name for s in plan.new_schools] == [LUGOVOE]  # only the district's: not Синегорский's schools
    warnings = [p.message for p in plan.files[0].problems if not p.is_error]
    assert any("80–99" in w for w in warnings) and any("заявления" in w for w in warnings)
    outcome = apply_results_import(db, plan)
    assert outcome.new_schools == 1
    assert sorted(s.short_name for s in SchoolsRepository(db).list()) == sorted([SCHOOL_1, SCHOOL_2, LUGOVOE])

    stored = _school_results(db)
    # participants, mean, below the minimum, 81–100 (the file's 80–99 and 100 together), 100
    assert stored[(2024, "Русский язык", SCHOOL_1)] == (24, 72.5, 1, 6, 1)
    assert stored[(2023, "Русский язык", SCHOOL_1)] == (26, 74.5, 1, 6, 1)
    assert stored[(2024, "Математика профильная", SCHOOL_2)] == (9, 51.2, 1, 0, 0)
    assert (2024, "Информатика", LUGOVOE) not in stored  # nobody of the school took it
    assert stored[(2024, "Русский язык", LUGOVOE)] == (6, 55.0, 1, 0, 0)
    # only the district's schools, each subject a school took, in both years
    assert {name for _, _, name in stored} == {SCHOOL_1, SCHOOL_2, LUGOVOE}
    assert len(stored) == 2 * (4 + 3 + 2)

    references = _reference_results(db)
    assert references[(2024, "Русский язык", "school", "МАОУ «Гимназия № 3 г. Синегорска»")] == (
        0, 40, 79.4, 0, 16, 2)
    assert references[(2024, "Русский язык", "municipality", ZARECHNY)][:2] == (1, 48)  # the district's own
    assert references[(2024, "Русский язык", "municipality", SINEGORSK)][:2] == (0, 61)
    assert references[(2024, "Русский язык", "region", "Энская область")][1] == 109
    # no school of the district among the reference rows, no school of another one among the schools
    assert not {name for _, _, level, name in references if level == "school"} & {SCHOOL_1, SCHOOL_2, LUGOVOE}
    # nothing counted twice: the district's schools add up to its subtotal, in every year and subject
    for (year, subject, level, name), figures in references.items():
        if level == "municipality" and name == ZARECHNY:
            ours = [f for (y, s, _), f in stored.items() if (y, s) == (year, subject)]
            assert sum(f[0] for f in ours) == figures[1]
            assert sum(f[3] for f in ours) == figures[4] and sum(f[4] for f in ours) == figures[5]


def test_the_same_summary_again_changes_nothing(db, db_path, tmp_path):
    _registry(db)
    path = _summary(tmp_path)
    apply_results_import(db, plan_results_import(db, [path], add_schools=True))
    before = dump(db_path)
    again = plan_results_import(db, [path], add_schools=True)
    assert again.files[0].already_imported is not None and not again.has_errors
    apply_results_import(db, again)
    assert dump(db_path) == before
