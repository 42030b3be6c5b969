"""A РЦОИ protocol whose «Код ОО» is a number (9306): the school is found by the registry's РЦОИ
code, and `--add-schools` adds one by that code, kept in its own field (not as a ФИС ОКО code)."""

from desktop.models.schools import School, SchoolsRepository
from desktop.services.results_import import apply_results_import, plan_results_import
from tests.builders.result_files import ExamBlock, exam_students, write_rcoi_protocol
from tests.cli.run import msoko, msoko_json


def _protocol(path, codes):
    return write_rcoi_protocol(path, kind="ОГЭ", numeric_codes=True, blocks=[
        ExamBlock(2, "Математика", "2026.06.05", exam_students(6, seed=5, schools=codes))]).path


def test_a_numeric_code_finds_the_school_by_its_rcoi_code(db, tmp_path):
    school = SchoolsRepository(db).add(School("МКОУ «СОШ с. Каменка»", code="edu990107", rcoi_code="9306"))
    plan = plan_results_import(db, [_protocol(tmp_path / "протокол.xlsx", ("9306",))])
    assert not plan.has_errors, [p.message for f in plan.files for p in f.problems if p.is_error]
    apply_results_import(db, plan)
    assert db.execute("SELECT DISTINCT school_id FROM student_results").fetchall() == [(school.id,)]


def test_an_unknown_numeric_code_is_asked_about_and_added_under_its_rcoi_code(db, tmp_path):
    path = _protocol(tmp_path / "протокол.xlsx", ("9306", "9311"))
    asked = plan_results_import(db, [path])
    assert asked.has_errors and {u.code for u in asked.unmatched} == {"9306", "9311"}
    plan = plan_results_import(db, [path], add_schools=True)
    assert not plan.has_errors
    apply_results_import(db, plan)
    added = {s.rcoi_code: s for s in SchoolsRepository(db).list()}
    assert set(added) == {"9306", "9311"}
    assert all(s.code is None and "9306" not in s.short_name.replace("код РЦОИ 9306", "") for s in added.values())
    assert db.execute("SELECT count(DISTINCT school_id) FROM student_results").fetchone()[0] == 2


def test_the_command_line_adds_by_rcoi_code_and_lists_it(tmp_path):
    db = tmp_path / "база.sqlite"
    path = _protocol(tmp_path / "протокол.xlsx", ("9306",))
    refused = msoko("results", "import", path, "--json", "--db", db)
    assert refused.returncode != 0 and "9306" in refused.stderr and "Traceback" not in refused.stderr
    outcome = msoko_json("results", "import", path, "--add-schools", "--json", "--db", db)
    assert outcome["saved"] and outcome["files"][0]["kind_of_file"] == "РЦОИ: протокол проверки"
    [school] = msoko_json("schools", "list", "--json", "--db", db)
    assert school["rcoi_code"] == "9306" and school["code"] is None and school["old_codes"] == []
