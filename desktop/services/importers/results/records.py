"""Plain records that the readers of result files produce: no database, no Qt.

One `ParsedFile` per file read. Its `assessments` say which procedure the numbers belong to, `groups`
hold the aggregated rows of the ФИС ОКО reports (one per participant group: the whole sample, the
region, a municipality, a school), `students` the per-student rows of the individual results and of
the regional protocols, and `problems` what could not be used or looks wrong, by sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from itertools import repeat
from operator import attrgetter, is_not
from typing import Literal

from desktop.figures import Figures
from desktop.services.importers.problems import Problem

Level = Literal["all", "region", "municipality", "school"]


@dataclass(frozen=True)
class AssessmentKey:
    """Which assessment a file (or a block of a protocol) reports on."""

    kind: str  # one of desktop.figures.KINDS
    year: int
    subject: str
    grade: int | None
    date: date | None
    max_score: float | None


@dataclass(slots=True, kw_only=True)
class GroupRow(Figures):
    """One participant group of an aggregated report: its figures (`Figures`, by position; the
    counts are numbers of participants), then by keyword where it stands in the file.

    `parent_code` is the code of the municipality a school row stands under (by row order), if any.
    """

    level: Level
    code: str | None
    name: str
    row: int = 0
    parent_code: str | None = None


@dataclass(frozen=True)
class TaskInfo:
    """One task of an assessment as a file describes it: its key («4К1»), its maximum points, its level
    («Б», «П», «В») and the planned result it checks; None where the file does not say."""

    key: str
    max: float | None = None
    level: str | None = None
    planned_result: str | None = None


@dataclass(frozen=True)
class TaskRate:
    """A group's completion of one task as a ФИС ОКО report gives it: a share 0–1 of the task's maximum."""

    level: Level
    code: str | None
    name: str
    task: str
    rate: float | None
    participants: int | None
    row: int = 0
    parent_code: str | None = None


@dataclass(frozen=True)
class ScoreShare:
    """A group's share (0–1) of participants with one primary score («Распределение первичных баллов»)."""

    level: Level
    code: str | None
    name: str
    score: float
    share: float | None
    participants: int | None
    row: int = 0
    parent_code: str | None = None


class TaskScores(tuple):
    """A pupil's task scores as a read-only mapping {task key: points or None}, held as a tuple of the
    scores whose class knows the keys (one class per key list, `TaskScores.of(keys)`): made by a C-level
    call per pupil, 112 bytes for 9 tasks where a dict took 360 — 75 MB less for a 300,000-row file.
    It iterates, compares and looks up as a mapping; `values_` is the plain tuple of scores."""

    __slots__ = ()
    keys_: tuple[str, ...] = ()

    @staticmethod
    @cache
    def of(keys: tuple[str, ...]) -> type[TaskScores]:
        return type("TaskScores", (TaskScores,), {"__slots__": (), "keys_": tuple(keys)})

    @property
    def values_(self) -> tuple[float | None, ...]:
        return tuple.__getitem__(self, slice(None))

    def __getitem__(self, key: str) -> float | None:
        try:
            return tuple.__getitem__(self, self.keys_.index(key))
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_)

    def __contains__(self, key: object) -> bool:
        return key in self.keys_

    def keys(self):
        return dict.fromkeys(self.keys_).keys()

    def values(self):
        return self.values_

    def items(self):
        return zip(self.keys_, self.values_, strict=True)

    def get(self, key: str, default=None):
        return self[key] if key in self.keys_ else default

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping | TaskScores):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # a mapping

    def __repr__(self) -> str:
        return f"TaskScores({dict(self.items())!r})"

    def __reduce__(self):  # pickled by the child reader of .xls files: the class is made again by its keys
        return _task_scores, (self.keys_, self.values_)


def _task_scores(keys: tuple[str, ...], values: tuple) -> TaskScores:
    return TaskScores.of(keys)(values)


Mapping.register(TaskScores)


@dataclass(slots=True)
class StudentRow:
    """One participant's result. Not frozen: files hold hundreds of thousands of them.

    `full_name` stays None unless the reader was asked to keep names; `municipality_code` is the
    municipality the row names (ФИС ОКО «Муниципалитет», РЦОИ «Код МСУ»), when there is one.
    """

    school_code: str | None
    school_name: str | None
    participant_code: str | None
    class_label: str | None
    variant: str | None
    tasks: Mapping[str, float | None]  # a TaskScores or a dict
    primary_score: float | None
    mark: int | None
    journal_mark: int | None
    test_score: float | None
    exam_point: str | None
    full_name: str | None
    row: int
    municipality_code: str | None = None


ROW_FIELDS = tuple(f.name for f in fields(StudentRow))  # a StudentRow's fields, in order


class Students(Sequence):
    """The per-student rows of a big file held as columns: a list per field of `StudentRow` (None for a
    field no student has), the tasks as one key list and a plain tuple of scores per student.

    The readers of files of hundreds of thousands of rows build their columns anyway, and the import
    stores columns: objects per student cost ~0.3 s per 300,000 rows to build and as much to take apart.
    It is a read-only sequence of `StudentRow` (each made when asked for, so changing one changes
    nothing); `column` and `set_column` are the way to read and change a field."""

    __slots__ = ("_columns", "task_keys", "task_values", "_n")

    def __init__(self, n: int, task_keys: tuple[str, ...] = (), task_values: list[tuple] | None = None,
                 **columns: list | None) -> None:
        unknown = set(columns) - set(ROW_FIELDS) | ({"tasks"} & set(columns))
        if unknown:
            raise TypeError(f"not columns of Students: {sorted(unknown)}")
        self._n = n
        self._columns = {name: columns.get(name) for name in ROW_FIELDS if name != "tasks"}
        self.task_keys = tuple(task_keys)
        self.task_values = task_values if task_keys else None
        for name, values in (*self._columns.items(), ("tasks", self.task_values)):
            if values is not None and len(values) != n:
                raise ValueError(f"column {name}: {len(values)} values for {n} students")

    def __len__(self) -> int:
        return self._n

    def has(self, name: str) -> bool:
        """Whether some student may have a value of the field (a column is held for it)."""
        return self.task_values is not None if name == "tasks" else self._columns[name] is not None

    def column(self, name: str) -> list:
        """The field's values, one per student, in order (the list held: not to be changed)."""
        if name == "tasks":
            scores = TaskScores.of(self.task_keys)
            return list(map(scores, self.task_values)) if self.task_values is not None else [{}] * self._n
        values = self._columns[name]
        return values if values is not None else [None] * self._n

    def set_column(self, name: str, values: list | None) -> None:
        if name == "tasks" or name not in self._columns:
            raise KeyError(name)
        if values is not None and len(values) != self._n:
            raise ValueError(f"column {name}: {len(values)} values for {self._n} students")
        self._columns[name] = values

    def _row(self, i: int) -> StudentRow:
        values = {name: (column[i] if column is not None else None) for name, column in self._columns.items()}
        tasks = (TaskScores.of(self.task_keys)(self.task_values[i]) if self.task_values is not None else {})
        return StudentRow(tasks=tasks, **values)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(index)
        return self._row(index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Students):
            return (self._n, self._columns, self.task_keys, self.task_values) == (
                other._n, other._columns, other.task_keys, other.task_values)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # a mutable sequence of its columns

    def __repr__(self) -> str:
        return f"Students({self._n} rows, tasks {list(self.task_keys)})"


def student_column(students: Sequence[StudentRow], name: str) -> list:
    """A field of every student: the column of `Students`, or gathered from a list of rows."""
    if isinstance(students, Students):
        return students.column(name)
    return list(map(attrgetter(name), students))


def has_student_values(students: Sequence[StudentRow], name: str) -> bool:
    """Whether any student has a value of the field (a score, a name…)."""
    if isinstance(students, Students) and not students.has(name):
        return False
    return any(map(is_not, student_column(students, name), repeat(None)))


def set_student_column(students: Sequence[StudentRow], name: str, values: Iterable) -> None:
    """Give every student its value of the field, in order."""
    if isinstance(students, Students):
        students.set_column(name, list(values))
        return
    for student, value in zip(students, values, strict=True):
        setattr(student, name, value)


@dataclass
class ParsedFile:
    path: str
    layout: str  # "fisoko_marks", "fisoko_journal", "fisoko_individual", "rcoi_protocol"
    sheet: str
    assessments: list[AssessmentKey]
    groups: list[GroupRow] = field(default_factory=list)
    students: list[StudentRow] | Students = field(default_factory=list)  # Students: the big files' readers
    # index into `assessments` for each student, in the order of `students`
    student_assessment: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # index into `assessments` for each group row, when a file holds several (empty: all the first)
    group_assessment: list[int] = field(default_factory=list)
    # what the file was recognised as, in Russian («Индивидуальные результаты ФИС ОКО», …)
    kind_of_file: str | None = None
    # primary scores and no mark: the marks come from the scales of its assessments (models/scales.py)
    needs_scale: bool = False
    # the file lists the schools of a whole region or several municipalities without saying which are
    # the district's (the regional export of 2021): schools missing from the registry are other districts'
    whole_region: bool = False
    # assessment index → its tasks (maximum, level, planned result) as the file gives them
    task_info: dict[int, list[TaskInfo]] = field(default_factory=dict)
    # groups' completion of the tasks (the reports «Выполнение заданий», «Достижение планируемых
    # результатов»), all of the first assessment
    task_rates: list[TaskRate] = field(default_factory=list)
    # groups' distribution of primary scores («Распределение первичных баллов»), of the first assessment
    score_shares: list[ScoreShare] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class ProblemLog:
    """Collects the problems of one sheet, keeping at most `limit` of each kind.

    A file of 300,000 rows with a wrong column would otherwise bury the list; the rest of a kind is
    counted and reported as one line by `finish()`.
    """

    def __init__(self, sheet: str | None, limit: int = 200):
        self.sheet = sheet
        self.limit = limit
        self.items: list[Problem] = []
        self._counts: dict[tuple, int] = {}
        self._first: dict[tuple, Problem] = {}

    def add(
        self,
        message: str,
        row: int | None = None,
        column: str | None = None,
        severity: str = "error",
        kind: str | None = None,
    ) -> None:
        key = (kind or message, column, severity)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        problem = Problem(message, self.sheet, row, column, severity)  # type: ignore[arg-type]
        if count == 1:
            self._first[key] = problem
        if count <= self.limit:
            self.items.append(problem)

    def error(self, message: str, row: int | None = None, column: str | None = None, kind: str | None = None):
        self.add(message, row, column, "error", kind)

    def warning(self, message: str, row: int | None = None, column: str | None = None, kind: str | None = None):
        self.add(message, row, column, "warning", kind)

    def finish(self) -> list[Problem]:
        """The problems kept in row order, plus one line per kind that went over the limit."""
        result = sorted(self.items, key=lambda p: (p.row is None, p.row or 0))
        for key, count in self._counts.items():
            if count > self.limit:
                first = self._first[key]
                result.append(
                    Problem(
                        f"Ещё {count - self.limit} похожих проблем не показаны (всего {count}; первая — "
                        f"строка {first.row}: {first.message})",
                        self.sheet,
                        None,
                        first.column,
                        first.severity,
                    )
                )
        return result
