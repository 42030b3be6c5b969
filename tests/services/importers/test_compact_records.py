"""The compact forms a big file's pupils are held in: the same values as the plain ones."""

import pickle

import pytest

from desktop.services.importers.results.records import (
    Students,
    TaskScores,
    has_student_values,
    set_student_column,
    student_column,
)
from tests.builders.result_files import random_schools, write_fisoko_individual


def test_task_scores_behave_as_the_dict_of_the_same_scores():
    from collections.abc import Mapping

    keys = ("1", "2", "4К1")
    scores = TaskScores.of(keys)((1.0, None, 2.0))
    assert TaskScores.of(keys) is type(scores)  # one class per key list
    assert scores == {"1": 1.0, "2": None, "4К1": 2.0} and {"1": 1.0, "2": None, "4К1": 2.0} == scores
    assert scores != {"1": 1.0, "2": 0.0, "4К1": 2.0} and scores != {"1": 1.0, "2": None}
    assert list(scores) == list(keys) and len(scores) == 3 and scores["4К1"] == 2.0
    assert list(scores.values()) == [1.0, None, 2.0] and dict(scores.items()) == dict(zip(keys, (1.0, None, 2.0)))
    assert isinstance(scores, Mapping) and scores.get("3") is None and scores.get("1") == 1.0
    with pytest.raises(KeyError):
        scores["3"]
    assert "2" in scores and "3" not in scores and 1.0 not in scores  # keys, not scores
    again = pickle.loads(pickle.dumps(scores))
    assert again == scores and again.keys_ == keys and type(again) is type(scores)


def _read(path):
    from desktop.services.importers.results.detect import read_result_file

    return read_result_file(path)


def _pupils(parsed) -> list:
    return [(s.school_code, s.school_name, s.participant_code, s.class_label, s.variant, dict(s.tasks),
             s.primary_score, s.mark, s.journal_mark, s.row, s.municipality_code) for s in parsed.students]


def test_a_sheet_read_a_chunk_at_a_time_gives_what_it_gives_read_at_once(tmp_path, monkeypatch):
    import desktop.services.importers.results.fisoko_individual as reader

    schools = random_schools(300)  # three schools of 100
    schools[0].students[0].mark = 7  # problems in several chunks
    schools[1].students[1].primary = "двадцать"
    schools[-1].students[-1].tasks[1] = "Х"
    schools[2].declared = 1
    path = tmp_path / "individual.xlsx"
    write_fisoko_individual(path, schools=schools)
    whole = _read(path)
    monkeypatch.setattr(reader, "CHUNK", 7)  # many chunks, a short last one, a group row at a chunk's start
    chunked = _read(path)
    assert len(whole.students) == 300 and _pupils(chunked) == _pupils(whole)
    assert chunked.groups == whole.groups and chunked.problems == whole.problems
    assert {p.severity for p in whole.problems} == {"error", "warning"}


def test_students_held_as_columns_read_as_rows_and_pickle():
    columns = {"school_code": ["edu1", "edu2"], "participant_code": ["11", "12"], "mark": [5, None], "row": [4, 5]}
    students = Students(2, ("1", "2"), [(1.0, 0.0), (None, 2.0)], **columns)
    assert len(students) == 2 and students[1].school_code == "edu2" and students[-1].row == 5
    assert students[0].tasks == {"1": 1.0, "2": 0.0} and students[1].full_name is None
    assert [s.mark for s in students] == [5, None] and [s.row for s in students[0:2]] == [4, 5]
    assert student_column(students, "mark") == [5, None] and student_column(students, "variant") == [None, None]
    assert not has_student_values(students, "variant") and has_student_values(students, "mark")
    set_student_column(students, "mark", [3, 4])
    assert [s.mark for s in students] == [3, 4]
    students[0].mark = 2  # a row is made when asked for: the columns do not change
    assert students[0].mark == 3
    again = pickle.loads(pickle.dumps(students))
    assert [s.tasks for s in again] == [s.tasks for s in students] and again.column("school_code") == ["edu1", "edu2"]
    with pytest.raises(ValueError):
        Students(3, **columns)
    with pytest.raises(IndexError):
        students[2]
