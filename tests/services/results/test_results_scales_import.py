"""The regional per-student exports of ВПР through the import service: they carry primary scores and no
mark, so the marks come from the scale of the assessment (stored, or entered for the batch); a file of
several municipalities keeps the district's pupils, a whole region's file the registry's schools."""

from __future__ import annotations

import pytest

from desktop.errors import UserError
from desktop.models.scales import Scale, ScalesRepository
from desktop.models.schools import School, SchoolsRepository
from desktop.services.results_import import apply_results_import, plan_results_import, rematch_results_import
from tests.builders.regional_files import (
    LESNOY,
    Pupil,
    RegionalSchool,
    pupils_with_totals,
    write_regional_2020,
    write_regional_2021,
    write_regional_2022,
)
from tests.services.results.results_helpers import dump

NAME = "Проведение работы по математике, 4 класс. ВПР 2022.xlsx"
TOPS = [5, 5, 5, 5, 2]  # the work's maximum by its tasks: 22
TASKS = [(str(k), top) for k, top in enumerate(TOPS, start=1)]
SCALE = Scale("ВПР", 2022, "Математика", 4, min3=7, min4=12, min5=17, max=20, source="письмо ФИС ОКО (пример)")
# each bound, one below and one above it, the maximum, and one above the maximum
TOTALS = [0, 6, 7, 8, 11, 12, 13, 16, 17, 18, 20, 21]
MARKS = [2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, None]


def _registry(db) -> dict[str, int]:
    repo = SchoolsRepository(db)
    return {
        "edu771001": repo.add(School('МБОУ "СОШ № 1 с. Заречное"', code="edu771001")).id,
        "edu771002": repo.add(School('МКОУ "ООШ с. Берёзовка"', code="edu771002", old_codes=["sch771002"])).id,
    }


def _file(tmp_path, totals=TOTALS, **options):
    school = RegionalSchool("edu771001", 'МБОУ "СОШ № 1 с. Заречное"', pupils_with_totals(totals, TOPS))
    return write_regional_2022(tmp_path / NAME, [school], tasks=TASKS, **options).path


def _students(db) -> list[tuple]:
    return db.execute(
        "SELECT s.code, r.participant_code, r.primary_score, r.mark, r.journal_mark FROM student_results r "
        "JOIN schools s ON s.id = r.school_id ORDER BY r.participant_code").fetchall()


def _errors(plan) -> list[str]:
    return [p.message for f in plan.files for p in f.problems if p.is_error]


def _warnings(plan) -> list[str]:
    return [p.message for f in plan.files for p in f.problems if not p.is_error]


def test_marks_come_from_the_stored_scale_at_each_bound(db, tmp_path):
    _registry(db)
    ScalesRepository(db).set(SCALE)
    plan = plan_results_import(db, [_file(tmp_path)])
    assert _errors(plan) == []
    [above] = [w for w in _warnings(plan) if "Отметка не поставлена" in w]
    assert "21" in above and "больше максимального 20" in above
    apply_results_import(db, plan)
    stored = _students(db)
    assert [row[2] for row in stored] == TOTALS
    assert [row[3] for row in stored] == MARKS
    assert {row[0] for row in stored} == {"edu771001"}
    participants, n2, n3, n4, n5 = db.execute(
        "SELECT participants, n2, n3, n4, n5 FROM school_results").fetchone()
    assert (participants, n2, n3, n4, n5) == (12, 2, 3, 3, 3)  # the pupil above the maximum has no mark


def test_without_a_scale_nothing_is_saved_and_the_error_names_the_scale(db, db_path, tmp_path):
    _registry(db)
    before = dump(db_path)
    plan = plan_results_import(db, [_file(tmp_path)])
    [error] = _errors(plan)
    assert "шкала перевода" in error and "«ВПР 2022, Математика, 4 кл.»" in error
    assert "максимальный балл по файлу 22" in error
    [file_plan] = plan.files
    assert not file_plan.saves_anything
    assert [(k.kind, k.year, k.subject, k.grade) for k in file_plan.missing_scales] == [("ВПР", 2022, "Математика", 4)]
    with pytest.raises(UserError):
        apply_results_import(db, plan)
    assert dump(db_path) == before


def test_a_scale_entered_for_the_batch_is_used_and_saved_with_it(db, db_path, tmp_path):
    _registry(db)
    plan = plan_results_import(db, [_file(tmp_path)])
    assert plan.has_errors
    plan.scales = [SCALE]
    before = dump(db_path)
    plan = rematch_results_import(db, plan)
    assert _errors(plan) == [] and dump(db_path) == before  # entering a scale writes nothing yet
    apply_results_import(db, plan)
    assert [row[3] for row in _students(db)] == MARKS
    assert ScalesRepository(db).get("ВПР", 2022, "математика", 4) == SCALE


def test_of_two_municipalities_only_the_districts_pupils_are_saved(db, tmp_path):
    _registry(db)
    ScalesRepository(db).set(SCALE)
    ours = RegionalSchool("edu771001", 'МБОУ "СОШ № 1 с. Заречное"', pupils_with_totals([7, 12, 17], TOPS))
    theirs = RegionalSchool("edu772001", 'МБОУ "Лесная СОШ"', pupils_with_totals([5, 9, 15, 19], TOPS, first_code=60001),
                            municipality=LESNOY)
    path = write_regional_2022(tmp_path / NAME, [theirs, ours], tasks=TASKS).path
    plan = plan_results_import(db, [path])
    assert _errors(plan) == [] and plan.unmatched == []
    assert plan.files[0].outside == 4
    assert plan.municipality_codes == ["reg77_m001"]
    apply_results_import(db, plan)
    assert [(row[0], row[3]) for row in _students(db)] == [("edu771001", 3), ("edu771001", 4), ("edu771001", 5)]
    assert db.execute("SELECT COUNT(*) FROM schools").fetchone() == (2,)


def test_a_whole_regions_file_saves_the_registrys_schools_and_says_the_rest_were_left_out(db, tmp_path):
    registry = _registry(db)
    ScalesRepository(db).set(Scale("ВПР", 2021, "Математика", 4, min3=3, min4=5, min5=7, max=8))
    schools = [
        RegionalSchool("edu779001", "МБОУ «СОШ № 3 г. Дальний»", [Pupil(70001, [1, 1, 1, 1], journal=3)]),
        RegionalSchool("edu771001", "", [Pupil(50001, [2, 2, 2, 2], journal=5), Pupil(50002, [1, 0, 1, 0])]),
        RegionalSchool("sch779002", "", [Pupil(70002, [0, 0, 0, 0])]),
        RegionalSchool("sch771002", "", [Pupil(50003, [1, 1, 1, 1], journal=4)]),  # the registry's old code
    ]
    path = write_regional_2021(tmp_path / "Проведение работы по математике, 4 класс. ВПР 2021.xlsx", schools).path
    plan = plan_results_import(db, [path])
    assert _errors(plan) == [] and plan.unmatched == []
    assert ("В файле школы всего региона: загружены школы реестра (2), остальные 2 школы пропущены — это школы "
            "других районов.") in _warnings(plan)
    assert plan.files[0].outside == 2
    apply_results_import(db, plan)
    rows = db.execute("SELECT school_id, participant_code, mark FROM student_results ORDER BY participant_code").fetchall()
    assert rows == [(registry["edu771001"], "50001", 5), (registry["edu771001"], "50002", 2),
                    (registry["edu771002"], "50003", 3)]
    assert db.execute("SELECT COUNT(*) FROM schools").fetchone() == (2,)  # no school of other districts added


def test_a_2020_file_keeps_the_municipality_of_its_registry_schools(db, tmp_path):
    _registry(db)
    ScalesRepository(db).set(Scale("ВПР", 2020, "Математика", 4, min3=3, min4=5, min5=7, max=8))
    schools = [RegionalSchool("edu771001", "", [Pupil(50001, [2, 2, 1, 1])]),
               RegionalSchool("edu772009", "", [Pupil(60001, [0, 1, 0, 0])], municipality=LESNOY)]
    path = write_regional_2020(tmp_path / "ВПР 2020 математика 4 класс.xlsx", schools).path
    plan = plan_results_import(db, [path])
    assert _errors(plan) == [] and plan.files[0].outside == 1
    apply_results_import(db, plan)
    assert [(row[0], row[3]) for row in _students(db)] == [("edu771001", 4)]
