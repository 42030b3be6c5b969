"""The итоговое сочинение (изложение) and the итоговое собеседование: «зачёт» / «незачёт» instead of marks,
from the office template filled by schools, with their own rule of low results."""

from __future__ import annotations

from dataclasses import replace

from openpyxl import load_workbook

from desktop.figures import ESSAY, INTERVIEW
from desktop.models.results import parse_kind
from desktop.services.importers.intake.workbook import read_sheets
from desktop.services.importers.results import detect, office_template
from desktop.services.indicators import indicators
from desktop.services.results_import import apply_results_import, plan_results_import
from desktop.services.results_template import write_results_template
from desktop.services.rules import RuleSettings, flags_for_year
from tests.services.results.test_results_template import FIRST, LYCEUM, YEAR, fill

BEREZOVKA = "МКОУ «СОШ с. Берёзовка»"


def test_the_kinds_are_known_by_their_names():
    assert parse_kind("Итоговое собеседование") == INTERVIEW == parse_kind("ис-9")
    assert parse_kind("итоговое сочинение (изложение)") == ESSAY == parse_kind("Итоговое изложение")


def test_the_interview_template_counts_pass_and_fail_and_the_mean_score(demo_db, tmp_path):
    path = write_results_template(demo_db, INTERVIEW, YEAR, tmp_path / "собеседование.xlsx")
    workbook = load_workbook(path)
    assert office_template.STUDENTS_SHEET not in workbook.sheetnames  # the schools send their counts
    header = [c.value for c in workbook[office_template.SCHOOLS_SHEET][office_template.HEADER_ROW]]
    assert header == ["Школа", "Предмет", "Класс", "Участников", "Зачёт", "Незачёт", "Средний балл"]
    assert "«2»" not in header
    guide = " ".join(c.value or "" for c in workbook["Инструкция"]["A"])
    assert "итоговое собеседование по русскому языку" in guide and "«незачёт»" in guide and "из 20" in guide
    assert [c.value for c in workbook[office_template.LISTS_SHEET]["C"][1:] if c.value] == [9]

    filled = fill(path, schools=[(FIRST, "Русский язык", 9, 25, 22, 3, 14.2),
                                 (LYCEUM, "Русский язык", None, 40, 40, None, 17.5),  # the grade defaults to 9
                                 (BEREZOVKA, "Русский язык", 9, 8, 6, 2)])  # no mean score given
    assert detect.layout_of(read_sheets(filled), filled) == "office_template"
    plan = plan_results_import(demo_db, [filled])
    assert not plan.has_errors, plan.files[0].problems
    apply_results_import(demo_db, plan)
    table = indicators(demo_db, INTERVIEW, YEAR)
    rows = {r.code: r for r in table.schools}
    first = rows["edu990101"]
    assert (first.grade, first.participants, first.passed, first.failed, first.mean_primary) == (9, 25, 22, 3, 14.2)
    assert first.share_failed == 3 / 25
    assert (first.n2, first.marked, first.quality_rate, first.pass_rate) == (None, None, None, None)
    assert (rows["edu990104"].failed, rows["edu990104"].share_failed) == (0, 0.0)
    assert rows["edu990106"].mean_primary is None
    [district] = table.municipality
    # by hand: 73 participants, 5 незачёт (3 + 0 + 2); the mean of the schools that gave one, by participants
    assert (district.participants, district.passed, district.failed) == (73, 68, 5)
    assert district.share_failed == 5 / 73
    assert round(district.mean_primary, 4) == round((25 * 14.2 + 40 * 17.5) / 65, 4)
    assert demo_db.execute("SELECT max_score FROM assessments WHERE kind = ?", [INTERVIEW]).fetchone()[0] == 20


def test_the_essay_template_has_no_mean_score(demo_db, tmp_path):
    path = write_results_template(demo_db, ESSAY, YEAR, tmp_path / "сочинение.xlsx")
    header = [c.value for c in load_workbook(path)[office_template.SCHOOLS_SHEET][office_template.HEADER_ROW]]
    assert header == ["Школа", "Предмет", "Класс", "Участников", "Зачёт", "Незачёт"]
    filled = fill(path, schools=[(FIRST, "Русский язык", 11, 18, 17, 1)])
    plan = plan_results_import(demo_db, [filled])
    assert not plan.has_errors, plan.files[0].problems
    apply_results_import(demo_db, plan)
    [row] = indicators(demo_db, ESSAY, YEAR).schools
    assert (row.grade, row.participants, row.passed, row.failed, row.mean_primary) == (11, 18, 17, 1, None)


def test_mistakes_in_pass_and_fail_are_errors_with_their_cells(demo_db, tmp_path):
    path = write_results_template(demo_db, INTERVIEW, YEAR, tmp_path / "собеседование.xlsx")
    filled = fill(path, schools=[(FIRST, "Русский язык", 9, 25, 20, 3),
                                 (LYCEUM, "Русский язык", 9, 10),
                                 (BEREZOVKA, "Русский язык", 9, 8, 6, 2, 21)])
    parsed = detect.read_result_file(filled)
    where = {(p.row, p.column): p.message for p in parsed.problems}
    assert "Зачёт + незачёт (23) не равно числу участников (25)" in where[(4, "D")]
    assert "Не указаны «Зачёт» и «Незачёт»" in where[(5, "E")]
    assert "«Средний балл»: 21 — ожидается число 0–20" in where[(6, "G")]
    assert len(parsed.problems) == 3


def _interview(db, tmp_path, rows):
    path = write_results_template(db, INTERVIEW, YEAR, tmp_path / "собеседование.xlsx")
    plan = plan_results_import(db, [fill(path, schools=rows)])
    assert not plan.has_errors, plan.files[0].problems
    apply_results_import(db, plan)


def test_a_high_share_of_fail_makes_a_low_results_school_and_a_low_one_does_not(demo_db, tmp_path):
    _interview(demo_db, tmp_path, [(FIRST, "Русский язык", 9, 20, 17, 3),  # 15%: at or above 10%
                                   (LYCEUM, "Русский язык", 9, 40, 37, 3),  # 7,5%
                                   (BEREZOVKA, "Русский язык", 9, 4, 2, 2)])  # 50%, but fewer than 5 judged
    flags = {(f.code, f.rule): f for f in flags_for_year(demo_db, YEAR).flags}
    assert set(flags) == {("edu990101", "share_failed")}
    flag = flags[("edu990101", "share_failed")]
    assert flag.flag == "low_results"
    assert flag.explanation == ("доля незачёта ≥ 10%: итоговое собеседование по русскому языку 2019 — 15,0% "
                                "(3 из 20).")
    higher = replace(RuleSettings(), failed_share_threshold=0.2)
    assert not [f for f in flags_for_year(demo_db, YEAR, higher).flags if f.rule == "share_failed"]
    lower = replace(RuleSettings(), failed_share_threshold=0.05)
    assert {f.code for f in flags_for_year(demo_db, YEAR, lower).flags if f.rule == "share_failed"} == {
        "edu990101", "edu990104"}
    # no rule of marks reads them: a share of «2» or a quality rate needs marks
    assert {f.rule for f in flags_for_year(demo_db, YEAR, lower).flags} == {"share_failed"}


def test_figures_entered_by_hand_are_checked_saved_and_replaced_only_when_asked(db):
    import pytest

    from desktop.errors import UserError
    from desktop.services.results_entry import enter_results
    from tests.services.results.results_helpers import add_schools

    ids = add_schools(db, 2)
    first, second = ids["edu800001"], ids["edu800002"]
    entered = enter_results(db, "итоговое собеседование", 2026, None, None, first,
                            {"participants": 25, "passed": 23, "failed": 2, "mean_primary": 15.5})
    assert (entered.title, entered.replaced) == ("ИС-9 2026, Русский язык, 9 кл.", False)
    enter_results(db, INTERVIEW, 2026, "Русский язык", 9, second, {"participants": 10, "passed": 10})
    rows = {r.code: r for r in indicators(db, INTERVIEW, 2026).schools}
    assert (rows["edu800001"].passed, rows["edu800001"].failed, rows["edu800001"].mean_primary) == (23, 2, 15.5)
    assert (rows["edu800002"].failed, rows["edu800002"].mean_primary) == (0, None)  # an empty count is 0

    with pytest.raises(UserError, match="уже есть результаты ИС-9 2026"):
        enter_results(db, INTERVIEW, 2026, None, None, first, {"participants": 25, "passed": 20, "failed": 5})
    assert enter_results(db, INTERVIEW, 2026, None, None, first, {"participants": 25, "passed": 20, "failed": 5},
                         replace=True).replaced
    assert indicators(db, INTERVIEW, 2026).schools[0].share_failed == 5 / 25
    for figures, message in (({"participants": 25, "passed": 20, "failed": 4}, r"Зачёт и незачёт вместе \(24\)"),
                             ({"participants": 25, "passed": 25, "mean_primary": 21}, "от 0 до 20"),
                             ({"participants": 25, "n2": 1, "passed": 24}, "не вводятся: «2»"),
                             ({"participants": -1}, "не меньше 0")):
        with pytest.raises(UserError, match=message):
            enter_results(db, INTERVIEW, 2026, None, None, second, figures, replace=True)
    with pytest.raises(UserError, match="ЕГЭ вручную не вводятся"):
        enter_results(db, "ЕГЭ", 2026, "Химия", 11, first, {"participants": 3})

    enter_results(db, "ВПР", 2026, "математика", 5, first, {"participants": 20, "n2": 2, "n3": 8, "n4": 7, "n5": 3})
    [row] = indicators(db, "ВПР", 2026).schools
    assert (row.subject, row.marked, row.quality_rate) == ("Математика", 20, 0.5)
    with pytest.raises(UserError, match=r"Сумма отметок «2»–«5» \(19\)"):
        enter_results(db, "ВПР", 2026, "Математика", 5, second, {"participants": 20, "n3": 19})


def _entered(db, rows_by_year: dict[int, list[tuple]]):
    """rows: (code, participants, passed, failed, mean) per year, saved by hand."""
    from desktop.services.results_entry import enter_results
    from tests.services.results.results_helpers import add_schools

    ids = add_schools(db, 4)
    for year, rows in rows_by_year.items():
        for code, participants, passed, failed, mean in rows:
            enter_results(db, INTERVIEW, year, None, None, ids[code],
                          {"participants": participants, "passed": passed, "failed": failed, "mean_primary": mean})


REPORT_ROWS = {
    2025: [("edu800001", 20, 19, 1, 15.0), ("edu800002", 30, 29, 1, 16.0), ("edu800003", 12, 12, 0, 14.0),
           ("edu800004", 9, 9, 0, None)],
    2026: [("edu800001", 20, 16, 4, 12.5), ("edu800002", 30, 29, 1, 16.5), ("edu800003", 12, 12, 0, 15.0),
           ("edu800004", 9, 8, 1, None)],
}


def test_the_report_reads_its_own_figures_without_marks(db, tmp_path):
    import shutil
    import subprocess

    import openpyxl
    import pytest

    from desktop.services.documents.report_model import Chart, ReportTable
    from desktop.services.results_report import results_report, save_report

    _entered(db, REPORT_ROWS)
    document = results_report(db, INTERVIEW, 2026)
    assert document.title == "Аналитический отчёт о результатах итогового собеседования по русскому языку 2026 года"
    tables = [b for b in document.blocks if isinstance(b, ReportTable)]
    district, schools = tables[0], tables[1]
    assert [h.replace("\n", "") for h in schools.header] == [
        "Школа", "Участ-ников", "Зачёт", "Незачёт", "Доля незачё-та, %", "Средний балл (из 20)",
        "Измене-ние доли незачёта, п. п."]
    assert not any("«2»" in h or "Качество" in h for t in tables for h in t.header)
    # by hand: 71 participants, 6 незачёт (4 + 1 + 0 + 1); a year before 2 of 71
    total = district.rows[0].cells
    assert total[1:4] == [71, 65, 6] and total[4] == pytest.approx(6 / 71)
    assert total[6] == pytest.approx(round(6 / 71 - 2 / 71, 4))
    first = next(r for r in schools.rows if r.cells[0] == "МБОУ «Школа № 1»")
    assert first.cells[1:6] == [20, 16, 4, 0.2, 12.5] and first.marks == {0: "low", 4: "low"}  # 20% ≥ 10%
    fourth = next(r for r in schools.rows if r.cells[0] == "МБОУ «Школа № 4»")
    assert fourth.marks == {0: "low", 4: "low"} and fourth.cells[5] is None  # 1 of 9: 11,1%; no mean score given
    second = next(r for r in schools.rows if r.cells[0] == "МБОУ «Школа № 2»")
    assert second.marks == {}  # 1 of 30: 3,3%
    texts = " ".join(b.text for b in document.blocks if hasattr(b, "text"))
    assert "Зачёт получили 65 участников (91,5%), незачёт — 6 (8,5%)" in texts
    assert "к 2025 году доля незачёта изменилась на +5,6 п. п." in texts
    assert "; средний балл — 14,9 из 20;" in texts  # (20 · 12,5 + 30 · 16,5 + 12 · 15) / 62: school 4 gave none
    assert "доля незачёта итогового собеседования по русскому языку не ниже 10%" in texts
    assert "Доля незачёта по сравнению с 2025 годом выросла на +5,6 п. п." not in texts
    assert "выросла на 5,6 п. п. и составила 8,5%" in texts
    assert "Доля незачёта не ниже 10% — 2 школы: МБОУ «Школа № 1», МБОУ «Школа № 4»" in texts
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    assert [s.name for s in charts[1].series] == ["зачёт", "незачёт"]

    pdf, xlsx = tmp_path / "собеседование.pdf", tmp_path / "собеседование.xlsx"
    save_report(document, pdf)
    save_report(document, xlsx)
    sheet = openpyxl.load_workbook(xlsx)["Школы"]
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Незачёт" in v for v in values) and not any(v in ("«2»", "Качество, %") for v in values)
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert "итогового собеседования по русскому языку 2026 года" in text and "Незачёт" in text
        assert "Школ с долей незачёта" not in text  # two schools are named instead


def test_the_order_on_the_results_names_the_procedure_and_counts_pass_and_fail(db):
    from datetime import date

    from desktop.services.orders import results_order

    _entered(db, REPORT_ROWS)
    order = results_order(db, INTERVIEW, 2026, "12", date(2026, 3, 20))
    assert order.title == "Об итогах итогового собеседования по русскому языку в 2026 году"
    assert "анализа итогового собеседования по русскому языку, проведённого в 2026 году" in order.preamble
    [table] = order.appendices[0].tables
    assert table.header == ["Предмет", "Класс", "Участ-\nников", "Зачёт", "Незачёт", "Доля незачёта, %"]
    assert table.rows[0].cells[:5] == ["Русский язык", 9, 71, 65, 6]
    assert "(МБОУ «Школа № 1», МБОУ «Школа № 4»)" in order.clauses[1].text
