"""One batch, every report of a ВПР: the pupils of «Индивидуальные результаты» are the source of a
school's figures, «Статистика по отметкам» and «Сравнение с журналом» of the same schools are
checked against them (a mismatch is a warning naming both files), and unknown schools are decided
once for the whole batch, written only with the results."""

from __future__ import annotations

import pytest

from desktop.models.schools import School, SchoolsRepository
from desktop.services.importers.results.records import AssessmentKey, GroupRow, ParsedFile
from desktop.services.results_import import (
    FileSource,
    apply_results_import,
    plan_parsed_results,
    plan_results_import,
    rematch_results_import,
)
from desktop.services.results_plan import ADD, SKIP
from tests.builders.result_files import (
    SchoolJournal,
    SchoolMarks,
    SchoolStudents,
    Student,
    write_fisoko_individual,
    write_fisoko_journal,
    write_fisoko_marks,
)
from tests.services.results.results_helpers import dump

TASKS = [("1", 2), ("2", 2), ("3", 4)]
# name, code, marks n2…n5, journal lowered / confirmed / raised (they add up to the pupils)
SCHOOLS = [
    ("МБОУ «СОШ № 1 с. Заречное»", "edu900101", (3, 10, 12, 5), (4, 22, 4)),
    ("МБОУ «СОШ № 2 с. Заречное»", "edu900102", (1, 7, 9, 8), (2, 18, 5)),
    ("МКОУ «ООШ № 14 х. Лесной»", "edu900114", (2, 5, 3, 1), (0, 9, 2)),
]


def _pupils(counts, journal) -> list[Student]:
    """Pupils with these marks whose journal marks give these lowered / confirmed / raised counts."""
    marks = sorted(m for m, n in zip((2, 3, 4, 5), counts, strict=True) for _ in range(n))
    lowered, _, raised = journal
    shifts = [0] * len(marks)
    low = [i for i, m in enumerate(marks) if m <= 4][:lowered]
    high = [i for i, m in reversed(list(enumerate(marks))) if m >= 3 and i not in low][:raised]
    for i in low:
        shifts[i] = 1  # the journal says more: the ВПР mark lowered it
    for i in high:
        shifts[i] = -1
    pupils = []
    for k, (mark, shift) in enumerate(zip(marks, shifts, strict=True)):
        primary = {2: 1, 3: 3, 4: 5, 5: 7}[mark]
        pupils.append(Student(10001 + k, 1, 1, [min(2, primary), min(2, max(0, primary - 2)),
                                                max(0, primary - 4)], primary, mark, mark + shift))
    return pupils


def _three_reports(folder, *, marks_change: dict[str, tuple] | None = None):
    marks_change = marks_change or {}
    common = dict(year=2026, subject="Математика", grade=5)
    individual = write_fisoko_individual(
        folder / "МА 5 индивидуальные.xlsx", tasks=TASKS, max_score=8,
        schools=[SchoolStudents(name, code, _pupils(counts, journal)) for name, code, counts, journal in SCHOOLS],
        **common).path
    marks = write_fisoko_marks(
        folder / "МА 5 статистика.xlsx", max_score=8,
        schools=[SchoolMarks(name, code, marks_change.get(code, counts)) for name, code, counts, _ in SCHOOLS],
        **common).path
    journal = write_fisoko_journal(
        folder / "МА 5 сравнение.xlsx", max_score=8,
        schools=[SchoolJournal(name, code, *j) for name, code, _, j in SCHOOLS], **common).path
    return [individual, marks, journal]


def _registry(db):
    repo = SchoolsRepository(db)
    return {code: repo.add(School(name, code=code)).id for name, code, _, _ in SCHOOLS}


def _stored(db):
    return {row[0]: row[1:] for row in db.execute(
        "SELECT s.code, r.participants, r.n2, r.n3, r.n4, r.n5, r.lowered, r.confirmed, r.raised, r.from_students "
        "FROM school_results r JOIN schools s ON s.id = r.school_id")}


def test_the_three_reports_of_one_vpr_load_together(db, tmp_path):
    _registry(db)
    plan = plan_results_import(db, _three_reports(tmp_path))
    assert not plan.has_errors, [p.message for f in plan.files for p in f.problems if p.is_error]
    assert plan.cross_checks == []
    assert [f.to_json()["kind_of_file"] for f in plan.files] == [
        "ФИС ОКО: индивидуальные результаты", "ФИС ОКО: статистика по отметкам",
        "ФИС ОКО: сравнение отметок с отметками по журналу"]
    apply_results_import(db, plan)
    stored = _stored(db)
    for _, code, counts, journal in SCHOOLS:
        assert stored[code] == (sum(counts), *counts, *journal, 1)
    levels = {row[0] for row in db.execute("SELECT level FROM reference_results")}
    assert {"region", "municipality", "all"} <= levels  # the reports' reference rows are kept
    region = db.execute("SELECT n2, lowered FROM reference_results WHERE level = 'region'").fetchone()
    assert None not in region  # marks from «Статистика», the journal from «Сравнение»: one row


def test_a_report_figure_that_differs_from_the_pupils_is_a_warning_naming_both(db, tmp_path):
    _registry(db)
    files = _three_reports(tmp_path, marks_change={"edu900102": (1, 7, 10, 8)})
    plan = plan_results_import(db, files)
    assert not plan.has_errors
    checks = {c.field: c for c in plan.cross_checks}
    assert set(checks) == {"participants", "n4"} and checks["participants"].values == (26, 25)
    assert checks["n4"].to_json() == {"school_code": "edu900102", "assessment": "ВПР 2026, Математика, 5 кл.",
                               "files": ["МА 5 статистика.xlsx", "МА 5 индивидуальные.xlsx"], "field": "n4",
                               "values": [10, 9]}
    warnings = [p.message for f in plan.files for p in f.problems if not p.is_error and "по ученикам" in p.message]
    assert any("10" in w and "9" in w and "МА 5 индивидуальные.xlsx" in w for w in warnings)
    apply_results_import(db, plan)
    assert _stored(db)["edu900102"][3] == 9  # the pupils' figure is saved


def test_the_order_of_the_files_does_not_matter(db, tmp_path):
    _registry(db)
    files = _three_reports(tmp_path, marks_change={"edu900101": (3, 10, 13, 4)})
    plan = plan_results_import(db, list(reversed(files)))
    assert not plan.has_errors and {c.field for c in plan.cross_checks} == {"n4", "n5"}


def test_a_second_report_with_other_figures_for_the_same_school_is_refused(db, tmp_path):
    _registry(db)
    first = write_fisoko_marks(tmp_path / "a.xlsx", subject="Математика", grade=5,
                               schools=[SchoolMarks(SCHOOLS[0][0], "edu900101", (3, 10, 12, 5))]).path
    same = write_fisoko_marks(tmp_path / "b.xlsx", subject="Математика", grade=5, date_text="21.04.2026",
                              schools=[SchoolMarks(SCHOOLS[0][0], "edu900101", (3, 10, 12, 5))]).path
    other = write_fisoko_marks(tmp_path / "c.xlsx", subject="Математика", grade=5, date_text="22.04.2026",
                               schools=[SchoolMarks(SCHOOLS[0][0], "edu900101", (4, 10, 12, 4))]).path
    assert not plan_results_import(db, [first, same]).has_errors
    refused = plan_results_import(db, [first, other])
    assert any("и они другие" in p.message for p in refused.files[1].problems if p.is_error)


def test_a_code_that_differs_is_never_remapped_by_name(db, db_path, tmp_path):
    repo = SchoolsRepository(db)
    repo.add(School("МКОУ «СОШ с. Луговое»", code="edu990108"))
    path = write_fisoko_marks(tmp_path / "other.xlsx",
                              schools=[SchoolMarks("МКОУ «СОШ с. Луговое»", "edu771005", (1, 2, 3, 4))]).path
    before = dump(db_path)
    for add_schools in (False, True):
        plan = plan_results_import(db, [path], add_schools=add_schools)
        assert plan.has_errors and not plan.new_schools
        [unmatched] = plan.unmatched
        assert unmatched.registry_code == "edu990108" and unmatched.candidates
        message = next(p.message for p in plan.files[0].problems if p.is_error)
        assert "edu771005" in message and "edu990108" in message
    assert dump(db_path) == before


def test_one_decision_per_school_for_the_whole_batch(db, db_path, tmp_path):
    name, code = "МКОУ «ООШ с. Берёзовка»", "edu771003"
    marks = write_fisoko_marks(tmp_path / "m.xlsx", subject="Математика", grade=5,
                               schools=[SchoolMarks(name, code, (1, 2, 3, 4))]).path
    journal = write_fisoko_journal(tmp_path / "j.xlsx", subject="Математика", grade=5,
                                   schools=[SchoolJournal(name, code, 1, 8, 1)]).path
    plan = plan_results_import(db, [marks, journal])
    [unmatched] = plan.unmatched  # one school, asked once, though two files name it
    assert unmatched.rows == 2 and len(unmatched.files) == 2
    before = dump(db_path)
    plan.decisions[unmatched.key] = ADD
    plan = rematch_results_import(db, plan)
    assert not plan.has_errors and len(plan.new_schools) == 1
    assert dump(db_path) == before  # deciding writes nothing: the window may still be cancelled
    outcome = apply_results_import(db, plan)
    assert outcome.new_schools == 1
    [school] = SchoolsRepository(db).list()
    assert (school.short_name, school.code, school.kind, school.settlement) == (
        "МКОУ «ООШ с. Берёзовка»", code, "ООШ", "с. Берёзовка")
    assert _stored(db)[code][:8] == (10, 1, 2, 3, 4, 1, 8, 1)


def test_a_school_matched_by_hand_is_remembered_only_with_the_results(db, db_path):
    registry = _registry(db)
    key = AssessmentKey("ЕГЭ", 2026, "Русский язык", 11, None, None)
    summary = ParsedFile("сводка.xlsx", "test", "2026", [key], groups=[  # a summary by school names no codes
        GroupRow(12, mean_test=71.5, below_threshold=0, score_81_100=3, score_100=1, level="school", code=None,
                 name="Школа № 1 (Заречное)")])
    plan = plan_parsed_results(db, [(FileSource("сводка.xlsx", "0" * 64), summary)])
    [unmatched] = plan.unmatched
    plan.decisions[unmatched.key] = registry["edu900101"]
    before = dump(db_path)
    plan = rematch_results_import(db, plan)
    assert not plan.has_errors and dump(db_path) == before
    apply_results_import(db, plan)
    assert db.execute("SELECT school_id FROM school_aliases").fetchall() == [(registry["edu900101"],)]
    assert db.execute("SELECT participants, mean_test, below_threshold, score_81_100, score_100 FROM "
                      "school_results").fetchall() == [(12, 71.5, 0, 3, 1)]


def test_skipped_schools_leave_their_rows_out(db, tmp_path):
    _registry(db)
    path = write_fisoko_marks(tmp_path / "m.xlsx", schools=[
        SchoolMarks(SCHOOLS[0][0], "edu900101", (1, 2, 3, 4)), SchoolMarks("МБОУ «Чужая СОШ»", "edu771009", (1, 1, 1, 1))]).path
    plan = plan_results_import(db, [path])
    plan.decisions[plan.unmatched[0].key] = SKIP
    plan = rematch_results_import(db, plan)
    assert not plan.has_errors
    assert any("решили не загружать" in p.message for p in plan.files[0].problems)
    apply_results_import(db, plan)
    assert set(_stored(db)) == {"edu900101"}


@pytest.mark.parametrize(
    "code, refusal",
    [
        ("edu９００１０１", None),  # full-width digits fold to ASCII under NFKC
        ("ｅｄｕ９００１０１", None),  # full-width letters and digits
        ("ＥＤＵ９００１０１", None),
        ("\u0435du900101", ["«еdu900101»", "русские буквы", "«е»"]),  # a Cyrillic «е»
        ("\u0415DU900101", ["«Еdu900101»".lower(), "русские буквы"]),  # a Cyrillic «Е», upper case
        ("s\u0441h900101", ["русские буквы", "«с»"]),  # a Cyrillic «с» in an old login
        ("edu\u0669\u0660\u0660\u0661\u0660\u0661", ["другого письма", "«٩»"]),  # Arabic-Indic digits
    ],
)
def test_codes_are_folded_and_look_alike_letters_refused(db, tmp_path, code, refusal):
    _registry(db)
    written = write_fisoko_marks(tmp_path / "m.xlsx", schools=[SchoolMarks(SCHOOLS[0][0], code, (1, 2, 3, 4))])
    plan = plan_results_import(db, [written.path])
    if refusal is None:
        assert not plan.has_errors and not plan.unmatched
        assert plan.files[0].marks_rows and plan.files[0].marks_rows[0][1] == _registry_id(db, "edu900101")
        return
    # refused, once, at the cell it was read from; never matched by the school's name
    assert plan.has_errors and not plan.unmatched and not plan.files[0].marks_rows
    [problem] = [p for p in plan.files[0].problems if p.severity == "error"]
    assert all(word in problem.message for word in refusal), problem.message
    assert (problem.sheet, problem.row, problem.column) == (written.sheet, written.rows[code], "A")


@pytest.mark.parametrize("code, refused", [("ｅｄｕ９００１０１", False), ("\u0435du900101", True)])
def test_pupils_codes_are_folded_and_look_alike_letters_refused(db, tmp_path, code, refused):
    _registry(db)
    name, _, counts, journal = SCHOOLS[0]
    written = write_fisoko_individual(tmp_path / "i.xlsx", tasks=TASKS, max_score=8,
                                      schools=[SchoolStudents(name, code, _pupils(counts, journal))])
    plan = plan_results_import(db, [written.path])
    assert not plan.unmatched
    errors = [p for p in plan.files[0].problems if p.severity == "error"]
    if not refused:
        assert not errors and plan.files[0].student_schools
        return
    [problem] = errors
    assert "«еdu900101»" in problem.message and "русские буквы" in problem.message
    assert (problem.sheet, problem.row) == (written.sheet, written.rows[code] + 1)  # the first pupil's row


def _registry_id(db, code: str) -> int:
    return db.execute("SELECT id FROM schools WHERE code = ?", [code]).fetchone()[0]
