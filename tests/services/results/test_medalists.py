"""Medalists: a sheet read through the intake and saved in one transaction, and the rule `medalists`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.errors import ImportFormatError
from desktop.models.medalists import MedalistsRepository
from desktop.services.medalists import apply_medalists_import, medal_of, plan_medalists_import
from desktop.services.rules import RuleSettings, flags_for_year
from tests.builders.medalists_files import MedalistLine, write_medalists
from tests.services.results.results_helpers import add_schools, dump

SETTINGS = RuleSettings(quality_decile=0)


def imported(db, written):
    plan = plan_medalists_import(db, written.path)
    assert not plan.has_errors, plan.messages()
    apply_medalists_import(db, plan)
    return plan


def medalist_flags(db, year, settings=SETTINGS):
    report = flags_for_year(db, year, settings)
    return {f.code: f for f in report.flags if f.rule == "medalists"}, report.notes


def test_a_school_whose_medalists_score_low_is_flagged_with_the_index_and_the_scores(db, tmp_path):
    add_schools(db, 2)
    written = write_medalists(tmp_path / "m.xlsx", [
        MedalistLine("edu800001", "I", (92, 56, 81), "Андреева Анна Сергеевна"),
        MedalistLine("edu800001", "золотая", (88, 74, None)),
        MedalistLine("МБОУ «Школа № 2»", "II степени", (91, 78, 80), "Борисов Борис Ильич"),  # by name
    ])
    plan = imported(db, written)
    assert len(plan.medalists) == 3 and plan.replaced == 0
    found, _ = medalist_flags(db, 2026)
    assert set(found) == {"edu800001"}
    flag = found["edu800001"]
    assert flag.flag == "objectivity_risk"
    assert flag.explanation == ("индекс неподтверждения результатов медалистов 2026 — 50,0% (1 из 2): тестовый балл "
                                "ЕГЭ ниже 70 — медалист 1 (I степени): Математика профильная — 56.")
    assert "Андреева" not in flag.explanation  # the explanation goes into documents: no names
    assert medalist_flags(db, 2026, replace(SETTINGS, medalist_min_score=50))[0] == {}
    found, _ = medalist_flags(db, 2026, replace(SETTINGS, medalist_min_score=80))
    assert set(found) == {"edu800001", "edu800002"}
    assert "медалист 2 (I степени): Математика профильная — 74" in found["edu800001"].explanation
    assert medalist_flags(db, 2026, replace(SETTINGS, medalist_min_score=80, medalist_min_count=2))[0].keys() == {
        "edu800001"}


def test_a_list_without_low_scores_flags_nothing_and_no_list_is_noted(db, tmp_path):
    add_schools(db, 1)
    assert any("медалистов" in n for n in medalist_flags(db, 2026)[1])
    imported(db, write_medalists(tmp_path / "m.xlsx", [MedalistLine("edu800001", "I", (90, 80, 85))]))
    found, notes = medalist_flags(db, 2026)
    assert found == {} and not any("медалистов" in n for n in notes)


def test_importing_a_list_again_replaces_that_school_and_year(db, tmp_path):
    add_schools(db, 2)
    imported(db, write_medalists(tmp_path / "a.xlsx", [MedalistLine("edu800001"), MedalistLine("edu800001"),
                                                        MedalistLine("edu800002")]))
    plan = imported(db, write_medalists(tmp_path / "b.xlsx", [MedalistLine("edu800001", "II", (70, 71, 72), "В. В.")]))
    assert plan.replaced == 2
    listed = MedalistsRepository(db).list(year=2026)
    assert [(m.school_code, m.medal, m.full_name) for m in listed] == [
        ("edu800001", "II", "В. В."), ("edu800002", "I", None)]
    assert listed[0].scores == {"Русский язык": 70, "Математика профильная": 71, "Обществознание": 72}


def test_problems_name_the_sheet_row_and_column_and_nothing_is_saved(db, db_path, tmp_path):
    add_schools(db, 1)
    written = write_medalists(tmp_path / "bad.xlsx", [
        MedalistLine("edu800001", "бронзовая"),
        MedalistLine("edu800001", "I", (90, "сто", 80)),
        MedalistLine("edu800001", "I", (90, 80, 120)),
        MedalistLine("edu899999", "I"),
        MedalistLine("edu800001", "I", year="прошлый"),
    ], extra_header="Учитель")
    before = dump(db_path)
    plan = plan_medalists_import(db, written.path)
    rows, cols = written.rows, written.columns
    assert [(p.row, p.column) for p in plan.problems if p.is_error] == [
        (rows[0], cols["Медаль"]), (rows[1], cols["Математика профильная"]), (rows[2], cols["Обществознание"]),
        (rows[4], cols["Год"]), (rows[3], cols["Код ОО"])]
    messages = plan.messages()
    assert messages[1].startswith(f"файл «bad.xlsx», лист «Медалисты», строка {rows[0]}, столбец {cols['Медаль']}")
    assert "«бронзовая» — не медаль" in messages[1]
    assert any("«сто» — не тестовый балл" in m for m in messages)
    assert any("вне 0–100" in m for m in messages)
    assert any("не найдена в реестре" in m for m in messages)
    assert "столбец «Учитель» не прочитан" in messages[0] and plan.problems[0].severity == "warning"
    with pytest.raises(ValueError):
        apply_medalists_import(db, plan)
    assert dump(db_path) == before


def test_the_year_may_stand_above_the_header_and_a_sheet_of_something_else_is_refused(db, tmp_path):
    add_schools(db, 1)
    written = write_medalists(tmp_path / "m.xlsx", [MedalistLine("edu800001", 2, (90, 80, 85))], year_column=False,
                              title="Медалисты 2025 года")
    imported(db, written)
    assert [(m.year, m.medal) for m in MedalistsRepository(db).list()] == [(2025, "II")]
    other = write_medalists(tmp_path / "other.xlsx", [], school_header="Учитель")
    with pytest.raises(ImportFormatError, match="не найдена строка заголовков списка медалистов"):
        plan_medalists_import(db, other.path)


@pytest.mark.parametrize(("text", "medal"), [("I", "I"), ("1", "I"), ("I степени", "I"), ("Золотая", "I"),
                                             ("II", "II"), ("2", "II"), ("II степени", "II"), ("серебряная", "II"),
                                             ("бронза", None), ("", None)])
def test_medals_as_lists_write_them(text, medal):
    assert medal_of(text) == medal
