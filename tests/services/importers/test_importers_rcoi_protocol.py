"""РЦОИ «Протокол проверки результатов»: blocks, kinds, codes as text, names only when asked."""

from __future__ import annotations

import datetime

from desktop.services.importers.results.detect import read_result_file
from desktop.services.importers.results.records import AssessmentKey
from tests.builders.result_files import ExamBlock, exam_students, write_rcoi_protocol


def _per_block(parsed):
    result: dict[int, list] = {}
    for student, index in zip(parsed.students, parsed.student_assessment, strict=True):
        result.setdefault(index, []).append(student)
    return result


def test_oge_protocol_with_two_blocks(tmp_path):
    path = tmp_path / "oge.xlsx"
    blocks = [
        ExamBlock(2, "Математика", "2026.06.05", exam_students(5, seed=3)),
        ExamBlock(12, "Обществознание", "2026.07.03", exam_students(3, seed=4)),
    ]
    written = write_rcoi_protocol(path, kind="ОГЭ", blocks=blocks)
    parsed = read_result_file(path)

    assert parsed.layout == "rcoi_protocol"
    assert parsed.sheet == "Page 1"
    assert parsed.assessments == [
        AssessmentKey("ОГЭ", 2026, "Математика", 9, datetime.date(2026, 6, 5), None),
        AssessmentKey("ОГЭ", 2026, "Обществознание", 9, datetime.date(2026, 7, 3), None),
    ]
    per_block = _per_block(parsed)
    assert [len(per_block[0]), len(per_block[1])] == [5, 3]
    for students, block in zip((per_block[0], per_block[1]), blocks, strict=True):
        for got, pupil in zip(students, block.students, strict=True):
            assert got.school_code == pupil.school_code  # «0042»: leading zeros kept
            assert got.class_label == pupil.class_label
            assert got.exam_point == pupil.exam_point
            assert got.municipality_code == "09"
            assert got.primary_score == pupil.primary
            assert got.mark == pupil.result and got.test_score is None
            assert got.full_name is None  # names are dropped by default
    first = per_block[0][0]
    assert first.row == written.rows["2:0"]
    assert first.school_code == "0042"
    # tasks: one per character of the short answers, then the detailed ones numbered on
    short, detailed = blocks[0].students[0].short_answers, blocks[0].students[0].long_answers
    assert len(first.tasks) == len(short) + 3
    assert first.tasks["1"] == (1.0 if short[0] == "+" else 0.0 if short[0] == "-" else float(short[0]))
    assert first.tasks[str(len(short) + 1)] == float(detailed.split("(")[0])
    assert sum(first.tasks.values()) == first.primary_score
    assert parsed.problems == []


def test_names_only_with_keep_names(tmp_path):
    path = tmp_path / "oge.xlsx"
    write_rcoi_protocol(path, kind="ОГЭ")
    assert all(s.full_name is None for s in read_result_file(path).students)
    kept = read_result_file(path, keep_names=True).students
    assert kept[0].full_name == "Заречнова Алина Олеговна"
    assert all(s.full_name and len(s.full_name.split()) == 3 for s in kept)


def test_ege_protocol_test_scores(tmp_path):
    path = tmp_path / "ege.xls.xlsx"
    write_rcoi_protocol(path, kind="ЕГЭ")
    parsed = read_result_file(path)
    assert [(k.kind, k.subject, k.grade, k.year) for k in parsed.assessments] == [
        ("ЕГЭ", "Русский язык", 11, 2026),
        ("ЕГЭ", "Обществознание", 11, 2026),
    ]
    students = _per_block(parsed)
    expected = exam_students(5, kind="ЕГЭ", seed=1)
    assert [s.test_score for s in students[0]] == [float(p.result) for p in expected]
    assert all(s.mark is None for s in parsed.students)
    assert students[0][0].class_label.startswith("11")


def test_ege_score_column_found_by_words(tmp_path):
    """«Итоговый балл»; a bare «Оценка» or «Итоговая оценка» in a protocol whose title names no exam."""
    for header, title in (("Итоговый балл", None), ("Оценка", "Протокол проверки результатов"),
                          ("Итоговая оценка", "Протокол проверки результатов")):
        path = tmp_path / f"{header}.xlsx"
        write_rcoi_protocol(path, kind="ЕГЭ", result_header=header, title=title)
        parsed = read_result_file(path)
        assert {k.kind for k in parsed.assessments} == {"ЕГЭ"}, header
        assert all(s.test_score is not None and s.mark is None for s in parsed.students), header


def test_ege_base_mathematics_is_marked(tmp_path):
    path = tmp_path / "base.xlsx"
    students = exam_students(4, kind="ОГЭ", seed=9)  # marks 2–5
    for pupil in students:
        pupil.class_label = "11А"
    write_rcoi_protocol(path, kind="ЕГЭ", result_header="Оценка", title="Протокол проверки результатов ЕГЭ",
                        blocks=[ExamBlock(22, "Математика базовая", "2026.06.01", students)])
    parsed = read_result_file(path)
    assert parsed.assessments[0].kind == "ЕГЭ"
    assert [s.mark for s in parsed.students] == [p.result for p in students]
    assert all(s.test_score is None for s in parsed.students)


def test_gve_block(tmp_path):
    path = tmp_path / "gve.xlsx"
    blocks = [ExamBlock(51, "Математика (ГВЭ)", "2026.06.05", exam_students(3, seed=5))]
    write_rcoi_protocol(path, kind="ОГЭ", blocks=blocks, title="Протокол проверки результатов ГИА-9")
    parsed = read_result_file(path)
    assert [(k.kind, k.subject, k.grade) for k in parsed.assessments] == [("ГВЭ", "Математика", 9)]
    assert [s.mark for s in parsed.students] == [p.result for p in blocks[0].students]


def test_numeric_codes_are_kept_and_noted(tmp_path):
    path = tmp_path / "numeric.xlsx"
    written = write_rcoi_protocol(path, kind="ОГЭ", numeric_codes=True)
    parsed = read_result_file(path)
    assert parsed.students[0].school_code == "42"  # the zeros are gone in the file itself
    [problem] = parsed.problems
    assert problem.severity == "warning"
    assert "Код ОО" in problem.message and "нули" in problem.message
    assert problem.row == written.rows["2:0"]


def test_mark_outside_2_to_5_and_text_score(tmp_path):
    students = exam_students(3, seed=6)
    students[1].result = 7
    students[2].primary = "двадцать"
    path = tmp_path / "bad.xlsx"
    written = write_rcoi_protocol(path, kind="ОГЭ", blocks=[ExamBlock(2, "Математика", "2026.06.05", students)])
    parsed = read_result_file(path)
    got = {(p.row, p.column, p.severity) for p in parsed.problems}
    assert got == {
        (written.rows["2:1"], written.columns["Оценка"], "error"),
        (written.rows["2:2"], written.columns["Первичный балл"], "error"),
    }
    assert parsed.students[1].mark is None
    assert parsed.students[2].primary_score is None and parsed.students[2].mark == students[2].result


def test_missing_school_code_is_an_error(tmp_path):
    students = exam_students(2, seed=8)
    students[1].school_code = ""
    path = tmp_path / "nocode.xlsx"
    written = write_rcoi_protocol(path, kind="ОГЭ", blocks=[ExamBlock(2, "Математика", "2026.06.05", students)])
    parsed = read_result_file(path)
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.severity) == (written.rows["2:1"], written.columns["Код ОО"], "error")
    assert parsed.students[1].school_code is None


def test_the_score_column_name_alone_decides_between_oge_and_ege(tmp_path):
    """No exam in the title, classes without a grade, results 3 and 5: only the header tells."""
    for header, kind in (("Тестовый балл", "ЕГЭ"), ("Оценка", "ОГЭ")):
        students = exam_students(2, seed=10)
        for pupil, value in zip(students, (3, 5), strict=True):
            pupil.class_label, pupil.result = "А", value
        path = tmp_path / f"{kind}.xlsx"
        write_rcoi_protocol(path, result_header=header, title="Протокол проверки результатов",
                            blocks=[ExamBlock(1, "Русский язык", "2026.06.03", students)])
        parsed = read_result_file(path)
        assert parsed.assessments[0].kind == kind
        if kind == "ЕГЭ":
            assert [s.test_score for s in parsed.students] == [3.0, 5.0]
        else:
            assert [s.mark for s in parsed.students] == [3, 5]
