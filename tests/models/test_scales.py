"""Scales of primary scores: the mark at each bound and beside it, scores the scale cannot mark, and the
table that keeps one scale per kind, year, subject and grade, checked, all or none."""

from __future__ import annotations

import random
import time

import pytest

from desktop.errors import UserError
from desktop.models.scales import Scale, ScalesRepository, marks_from_scale, validation_errors

MATHS = Scale("ВПР", 2025, "Математика", 5, 7, 12, 17, 20, "пример")


@pytest.mark.parametrize(("score", "mark"), [
    (0, 2), (6, 2), (6.5, 2),  # below «3»
    (7, 3), (7.5, 3), (11, 3),  # from «3» to one below «4»
    (12, 4), (11.5, 3), (16, 4),
    (17, 5), (16.5, 4), (19, 5),
    (20, 5),  # the maximum itself
    (20.5, None), (21, None), (-1, None), (-0.5, None), (None, None), (float("nan"), None),
])
def test_the_mark_of_a_score_at_each_bound_and_beside_it(score, mark):
    assert MATHS.mark(score) == mark


def test_why_a_score_gets_no_mark_is_said_in_russian():
    assert MATHS.why_no_mark(21) == "первичный балл 21 больше максимального 20 по шкале ВПР 2025, Математика, 5 кл."
    assert MATHS.why_no_mark(20.5) == "первичный балл 20,5 больше максимального 20 по шкале ВПР 2025, Математика, 5 кл."
    assert MATHS.why_no_mark(-1) == "первичный балл \u22121 отрицательный"
    assert [MATHS.why_no_mark(s) for s in (None, 0, 20)] == [None, None, None]


def test_marks_of_many_scores_agree_with_the_mark_of_each_and_name_those_above_the_maximum():
    scores = [None, 0, 6, 7, 12, 17, 20, 21, -2, 16.5, None, 20.01]
    marks, above = marks_from_scale(scores, MATHS)
    assert marks == [None, 2, 2, 3, 4, 5, 5, None, None, 4, None, None]
    assert above == [7, 11]  # the negative score gets no mark and is not «above the maximum»
    assert marks_from_scale([-1, 5], MATHS) == ([None, 2], [])
    assert marks_from_scale([None, 3, 20], MATHS) == ([None, 2, 5], [])
    assert marks_from_scale([], MATHS) == ([], [])


def test_three_hundred_thousand_scores_are_marked_quickly():
    generator = random.Random(7)
    scores = [None if generator.random() < 0.05 else float(generator.randint(0, 21)) for _ in range(300_000)]
    started = time.perf_counter()
    marks, above = marks_from_scale(scores, MATHS)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.5, elapsed  # ~0.1 s on a developer's machine; two shared cores here
    assert marks[:2000] == [MATHS.mark(s) for s in scores[:2000]]
    assert above == [i for i, s in enumerate(scores) if s == 21]
    assert {type(m) for m in marks} == {int, type(None)}


def test_json_gives_whole_scores_as_integers():
    assert Scale("ВПР", 2025, "Математика", 5, 7.0, 12.5, 17.0, 20.0).to_json() == {
        "kind": "ВПР", "year": 2025, "subject": "Математика", "grade": 5, "min3": 7, "min4": 12.5, "min5": 17,
        "max": 20, "source": ""}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"min4": 7}, "min4", "Мин. балл на «4» (7) должен быть больше, чем на «3» (7)."),
    ({"min5": 11}, "min5", "Мин. балл на «5» (11) должен быть больше, чем на «4» (12)."),
    ({"min3": 0}, "min3", "«Мин. балл на «3»» должен быть больше нуля, а не 0."),
    ({"min3": -3}, "min3", "«Мин. балл на «3»» должен быть больше нуля, а не \u22123."),
    ({"max": 16}, "max", "Максимальный балл (16) не может быть меньше мин. балла на «5» (17)."),
    ({"max": float("inf")}, "max", "«Максимальный балл»: «inf» — не число."),
    ({"kind": "ЕГЭХ"}, "kind", "Неизвестная оценочная процедура «ЕГЭХ». Допустимо: ВПР, ОГЭ, ЕГЭ, ГВЭ, НИКО, РМ, МКР."),
    ({"grade": 0}, "grade", "Класс должен быть от 1 до 12, а не 0."),
    ({"grade": 13}, "grade", "Класс должен быть от 1 до 12, а не 13."),
    ({"year": 1999}, "year", "Год 1999 вне допустимого 2000–2100."),
    ({"year": 2101}, "year", "Год 2101 вне допустимого 2000–2100."),
    ({"subject": "  "}, "subject", "Укажите предмет."),
])
def test_a_wrong_scale_is_refused_in_russian_and_not_stored(db, changes, field, message):
    from dataclasses import replace

    wrong = replace(MATHS, **changes)
    assert validation_errors(wrong) == {field: message}
    repository = ScalesRepository(db)
    with pytest.raises(UserError) as raised:
        repository.set(wrong)
    assert message in str(raised.value)
    assert repository.list() == []


def test_the_edges_that_pass():
    assert validation_errors(Scale("МКР", 2000, "История", 1, 0.5, 1, 1.5, 1.5)) == {}  # «5» at the maximum
    assert validation_errors(Scale("НИКО", 2100, "История", 12, 1, 2, 3, 1000)) == {}


def test_one_scale_per_assessment_whatever_the_case_of_its_subject(db):
    repository = ScalesRepository(db)
    saved = repository.set(Scale("впр", 2025, "  математика ", 5, 7, 12, 17, 20, " письмо   РЦОИ "))
    assert saved == Scale("ВПР", 2025, "Математика", 5, 7, 12, 17, 20, "письмо РЦОИ")
    assert repository.get("ВПР", 2025, "математика", 5) == saved
    assert repository.get("ВПР", 2025, "МАТЕМАТИКА", 5) == saved
    assert repository.get("ВПР", 2025, "Математика", 6) is None
    assert repository.get("ВПР", 2024, "Математика", 5) is None
    changed = repository.set(Scale("ВПР", 2025, "МАТЕМАТИКА", 5, 6, 11, 16, 19))  # upsert, not a second row
    assert repository.list() == [changed]
    assert repository.get("ВПР", 2025, "Математика", 5).min3 == 6


def test_many_scales_are_saved_together_or_not_at_all(db):
    repository = ScalesRepository(db)
    repository.set(MATHS)
    good = Scale("ВПР", 2025, "Русский язык", 4, 14, 24, 33, 38)
    bad = Scale("ВПР", 2025, "История", 5, 4, 3, 10, 15)
    with pytest.raises(UserError, match="История"):
        repository.set_many([good, bad])
    assert repository.list() == [MATHS]
    with pytest.raises(UserError, match="указана дважды"):
        repository.set_many([good, Scale("ВПР", 2025, "русский язык", 4, 13, 24, 33, 38)])
    assert repository.list() == [MATHS]
    repository.set_many([good, Scale("ОГЭ", 2024, "Химия", 9, 10, 20, 30, 40)])
    assert [(s.kind, s.year, s.subject) for s in repository.list()] == [
        ("ВПР", 2025, "Математика"), ("ВПР", 2025, "Русский язык"), ("ОГЭ", 2024, "Химия")]


def test_a_scale_is_deleted_by_its_assessment(db):
    repository = ScalesRepository(db)
    repository.set(MATHS)
    assert repository.delete("ВПР", 2025, "математика", 4) is False
    assert repository.delete("ВПР", 2025, "математика", 5) is True
    assert repository.list() == []
    assert repository.delete("ВПР", 2025, "Математика", 5) is False


def test_the_schema_refuses_what_the_repository_would(db):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO scales (kind, year, subject, grade, min3, min4, min5, max) "
                   "VALUES ('ВПР', 2025, 'Математика', 5, 7, 7, 17, 20)")
