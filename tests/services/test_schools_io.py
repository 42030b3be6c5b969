"""The registry ⇄ .xlsx with both codes: «Код РЦОИ» and «Старые коды ФИС ОКО» are read, checked (by
sheet, row and column) and written so that an export imports back unchanged."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.models.schools import School, SchoolsRepository
from desktop.services.schools_io import apply_schools_import, export_schools, plan_schools_import
from tests.builders.schools_files import write_schools_xlsx

HEADER = ["Краткое наименование", "Код ФИС ОКО", "Код РЦОИ", "Старые коды ФИС ОКО", "Тип"]


def _registry(db) -> SchoolsRepository:
    repo = SchoolsRepository(db)
    repo.add(School("МКОУ «ООШ с. Берёзовка»", code="edu771003", rcoi_code="0042",
                    old_codes=["sch771003", "sch700003"], kind="ООШ", settlement="с. Берёзовка"))
    repo.add(School("МБОУ «Гимназия № 2 г. Приреченск»", code="edu771002", rcoi_code="9306", kind="Гимназия"))
    repo.add(School("МКОУ «НОШ д. Ручьи»", kind="НОШ", active=False, note="нет кода"))
    return repo


def test_an_export_with_both_codes_imports_back_unchanged(db, tmp_path):
    repo = _registry(db)
    path = tmp_path / "реестр.xlsx"
    assert export_schools(db, path) == 3
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Краткое наименование", "Полное наименование", "Код ФИС ОКО", "Код РЦОИ",
                          "Старые коды ФИС ОКО"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["МКОУ «ООШ с. Берёзовка»"][3:5] == ("0042", "sch700003, sch771003")  # text: the zeros stay
    before = repo.list()
    plan = plan_schools_import(db, path)
    assert (plan.added, plan.changed, plan.unchanged, plan.problems) == ([], [], 3, [])
    apply_schools_import(db, plan)
    assert repo.list() == before


def test_new_columns_add_and_change_schools(db, tmp_path):
    repo = _registry(db)
    rows = [
        ["МКОУ «ООШ с. Берёзовка»", "edu771003", "", "sch771003; edu700003 sch700003", "ООШ"],  # empty РЦОИ: kept
        ["МБОУ «Гимназия № 2 г. Приреченск»", "", "9306", "", ""],  # matched by its РЦОИ code
        ["МКОУ «СОШ с. Луговое»", "edu771005", "0105", "sch771005", "СОШ"],
    ]
    plan = plan_schools_import(db, write_schools_xlsx(tmp_path / "s.xlsx", rows, header=HEADER))
    assert plan.problems == []
    assert [s.short_name for s in plan.added] == ["МКОУ «СОШ с. Луговое»"]
    assert [(new.short_name, new.old_codes, new.rcoi_code) for _, new in plan.changed] == [
        ("МКОУ «ООШ с. Берёзовка»", ["edu700003", "sch700003", "sch771003"], "0042")]
    assert plan.unchanged == 1
    apply_schools_import(db, plan)
    added = repo.find_by_code("edu771005")
    assert (added.rcoi_code, added.old_codes) == ("0105", ["sch771005"])
    assert repo.find_by_code("edu771003").old_codes == ["edu700003", "sch700003", "sch771003"]
    assert db.execute("SELECT count(*) FROM school_old_codes").fetchone()[0] == 4


def test_bad_and_repeated_codes_are_named_by_sheet_row_and_column(db, tmp_path):
    _registry(db)
    rows = [
        ["МБОУ «СОШ № 7»", "edu771007", "\u0669\u0663\u0660\u0666", "", ""],  # row 3: Arabic-Indic digits
        ["МБОУ «СОШ № 8»", "edu771008", "", "sch77100", ""],  # row 4: an old code that is no login
        ["МБОУ «СОШ № 9»", "edu771009", "0900", "sch771009", ""],  # row 5
        ["МБОУ «СОШ № 10»", "sch771009", "", "", ""],  # row 6: the old code of row 5
        ["МБОУ «СОШ № 11»", "edu771011", "0900", "", ""],  # row 7: the РЦОИ code of row 5
    ]
    plan = plan_schools_import(db, write_schools_xlsx(tmp_path / "s.xlsx", rows, header=HEADER))
    found = {(p.sheet, p.row, p.column): p.message for p in plan.problems}
    assert "цифры другого письма" in found[("Школы", 3, "C")]
    assert "sch123456" in found[("Школы", 4, "D")]
    assert found[("Школы", 6, "B")] == "код sch771009 повторяет строку 5"
    assert found[("Школы", 7, "C")] == "код 0900 повторяет строку 5"
    assert plan.has_errors


def test_a_code_of_another_registry_school_is_refused(db, tmp_path):
    _registry(db)
    rows = [["МБОУ «СОШ № 7»", "sch771003", "", "", ""],  # an old login of МКОУ «ООШ с. Берёзовка»
            ["МБОУ «Гимназия № 2 г. Приреченск»", "edu771002", "", "edu771003", ""]]
    plan = plan_schools_import(db, write_schools_xlsx(tmp_path / "s.xlsx", rows, header=HEADER))
    messages = [p.message for p in plan.problems]
    assert any("sch771003 уже записан старым кодом школы «МКОУ «ООШ с. Берёзовка»»" in m for m in messages)
    assert any("Старый код edu771003 уже принадлежит школе «МКОУ «ООШ с. Берёзовка»»" in m for m in messages)
    assert plan.has_errors
