"""The compact forms a big file's pupils are held in: the same values as the plain ones."""

import pickle

import pytest

from desktop.services.importers.results.fisoko_individual import _column, _columns_freeing
from desktop.services.importers.results.records import TaskScores


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


def test_columns_taken_a_chunk_at_a_time_are_those_of_the_rows(monkeypatch):
    import desktop.services.importers.results.fisoko_individual as reader

    monkeypatch.setattr(reader, "COLUMNS_CHUNK", 7)  # several chunks and a short last one
    rows = [[f"r{r}c{c}" if (r + c) % 5 else None for c in range(6)] for r in range(30)]
    expected = {c: _column(rows, c) for c in (4, 0, 2)}
    taken = _columns_freeing(list(rows), [4, 0, 2])
    assert taken == expected and list(taken) == [4, 0, 2]
    given = list(rows)
    _columns_freeing(given, [1])
    assert given == []  # the rows are let go on the way
