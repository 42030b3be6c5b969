"""The tasks of assessments and their completion: `assessment_tasks`, `task_rates` (schema step 13), and
the per-school sums of the pupils' task scores read from `student_results.tasks`.

    repo = TasksRepository(db)
    repo.save_tasks(assessment_id, [TaskInfo("1", 1, "Б"), …])     # inside the caller's transaction
    repo.tasks(assessment_id)                                     # [(task, max, level, planned_result)]
    repo.school_sums([assessment_id, …])                          # {(assessment, school): {task: [points, pupils]}}

A school's sums are counted in one pass: the pupils' JSON arrays of one school and one key list are
joined by SQLite (`group_concat`) and read by one `json.loads`, then added up a column at a time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from desktop.models.db import Database

LEVELS = ("Б", "П", "В")


def _rows_of(db: Database, ids: Iterable[int], sql: str):
    """The rows of `sql` for the assessments `ids`, 500 at a time; `{ids}` in `sql` stands for their marks."""
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start: start + 500]
        yield from db.execute(sql.format(ids=", ".join("?" * len(chunk))), chunk)


class TasksRepository:
    def __init__(self, db: Database):
        self.db = db

    # -- writing (inside the caller's transaction) -------------------------------------------------

    def save_tasks(self, assessment_id: int, tasks: Iterable) -> None:
        """Tasks (`TaskInfo`: key, max, level, planned_result) in their order; what another file said and
        this one does not stays."""
        self.db.executemany(
            "INSERT INTO assessment_tasks (assessment_id, task, position, max, level, planned_result) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, task) DO UPDATE SET "
            "max = coalesce(excluded.max, assessment_tasks.max), "
            "level = coalesce(excluded.level, assessment_tasks.level), "
            "planned_result = coalesce(excluded.planned_result, assessment_tasks.planned_result)",
            [(assessment_id, t.key, position, t.max, t.level if t.level in LEVELS else None, t.planned_result)
             for position, t in enumerate(tasks)],
        )

    def save_rates(self, rows: Iterable[tuple], import_id: int) -> None:
        """rows: (assessment id, level, code, name, own, school id, task, rate, participants)."""
        self.db.executemany(
            "INSERT INTO task_rates (assessment_id, level, code, name, own, school_id, task, rate, participants, "
            f"import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {int(import_id)}) "
            "ON CONFLICT (assessment_id, level, code, task) DO UPDATE SET name = excluded.name, own = excluded.own, "
            "school_id = excluded.school_id, rate = coalesce(excluded.rate, task_rates.rate), "
            "participants = coalesce(excluded.participants, task_rates.participants), import_id = excluded.import_id",
            rows,
        )

    def save_score_shares(self, rows: Iterable[tuple], import_id: int) -> None:
        """rows: (assessment id, level, code, name, score, share, participants)."""
        self.db.executemany(
            "INSERT INTO score_shares (assessment_id, level, code, name, score, share, participants, import_id) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?, {int(import_id)}) ON CONFLICT (assessment_id, level, code, score) DO UPDATE "
            "SET name = excluded.name, share = excluded.share, participants = excluded.participants, "
            "import_id = excluded.import_id",
            rows,
        )

    # -- reading -----------------------------------------------------------------------------------

    def tasks(self, assessment_id: int) -> list[tuple[str, float | None, str | None, str | None]]:
        """(task, max, level, planned result) in the file's order; the key lists of the stored pupils
        when no file described the tasks."""
        rows = self.db.execute(
            "SELECT task, max, level, planned_result FROM assessment_tasks WHERE assessment_id = ? ORDER BY position",
            [assessment_id],
        ).fetchall()
        if rows:
            return [tuple(r) for r in rows]
        keys: list[str] = []
        for (text,) in self.db.execute(
                "SELECT DISTINCT k.keys FROM student_results s JOIN task_sets k ON k.id = s.task_set_id "
                "WHERE s.assessment_id = ?", [assessment_id]):
            keys += [key for key in json.loads(text) if key not in keys]
        return [(key, None, None, None) for key in keys]

    def tasks_of(self, assessment_ids: Iterable[int]) -> dict[int, list[tuple]]:
        """assessment id → its described tasks (task, max, level, planned result), in order."""
        found: dict[int, list[tuple]] = {}
        for aid, *task in _rows_of(self.db, assessment_ids,
                                   "SELECT assessment_id, task, max, level, planned_result FROM assessment_tasks "
                                   "WHERE assessment_id IN ({ids}) ORDER BY assessment_id, position"):
            found.setdefault(aid, []).append(tuple(task))
        return found

    def rates(self, assessment_id: int) -> list[tuple]:
        """(level, code, name, own, school id, task, rate, participants) as reports gave them."""
        return [tuple(r) for r in self.db.execute(
            "SELECT level, code, name, own, school_id, task, rate, participants FROM task_rates "
            "WHERE assessment_id = ? ORDER BY id", [assessment_id])]

    def region_score_shares(self, assessment_ids: Iterable[int]) -> dict[int, dict[float, float]]:
        """assessment id → primary score → the region's share of participants with it, as reported."""
        found: dict[int, dict[float, float]] = {}
        for aid, score, share in _rows_of(
                self.db, assessment_ids,
                "SELECT assessment_id, score, share FROM score_shares "
                "WHERE assessment_id IN ({ids}) AND level = 'region' AND share IS NOT NULL ORDER BY id"):
            found.setdefault(aid, {}).setdefault(score, share)
        return found

    def school_sums(self, assessment_ids: Iterable[int]) -> dict[tuple[int, int], dict[str, list[float]]]:
        """(assessment id, school id) → task → [points, pupils]: the points of the school's pupils in the
        task (a task not done counts 0) and how many pupils had it in their work."""
        sums: dict[tuple[int, int], dict[str, list[float]]] = {}
        keys_of = {sid: tuple(json.loads(text)) for sid, text in self.db.execute("SELECT id, keys FROM task_sets")}
        for aid, sid, set_id, joined in _rows_of(
                self.db, assessment_ids,
                "SELECT assessment_id, school_id, task_set_id, group_concat(tasks) FROM student_results "
                "WHERE assessment_id IN ({ids}) AND task_set_id IS NOT NULL "
                "GROUP BY assessment_id, school_id, task_set_id"):
            keys = keys_of.get(set_id, ())
            if not keys or not joined:
                continue
            arrays = json.loads(f"[{joined}]".replace("null", "0"))  # a task not done counts 0
            pupils = len(arrays)
            found = sums.setdefault((aid, sid), {})
            for key, points in zip(keys, map(sum, zip(*arrays, strict=True)), strict=False):
                total = found.setdefault(key, [0.0, 0])
                total[0] += points
                total[1] += pupils
        return sums

    def score_counts(self, assessment_ids: Iterable[int]) -> dict[tuple[int, int], dict[float, int]]:
        """(assessment id, school id) → primary score → pupils."""
        counts: dict[tuple[int, int], dict[float, int]] = {}
        for aid, sid, joined in _rows_of(
                self.db, assessment_ids,
                "SELECT assessment_id, school_id, group_concat(primary_score) FROM student_results "
                "WHERE assessment_id IN ({ids}) AND primary_score IS NOT NULL GROUP BY assessment_id, school_id"):
            counts[(aid, sid)] = Counter(json.loads(f"[{joined}]"))
        return counts

    def mark_bounds(self, assessment_ids: Iterable[int]) -> dict[int, dict[int, tuple[float, float]]]:
        """assessment id → mark → (lowest, highest) primary score of the pupils who got it."""
        bounds: dict[int, dict[int, tuple[float, float]]] = {}
        for aid, mark, low, high in _rows_of(
                self.db, assessment_ids,
                "SELECT assessment_id, mark, min(primary_score), max(primary_score) FROM student_results "
                "WHERE assessment_id IN ({ids}) AND mark IS NOT NULL AND primary_score IS NOT NULL "
                "GROUP BY assessment_id, mark"):
            bounds.setdefault(aid, {})[mark] = (low, high)
        return bounds
