"""What a results import will do, before it does it: the plan the user previews and confirms.

Built by `desktop.services.results_import`; plain data with `to_json()`, no database access, so the
window can build it in a worker thread and show it on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.models.result_imports import ImportRecord
from desktop.models.schools import School
from desktop.services.importers.problems import Problem
from desktop.services.importers.results.records import (
    AssessmentKey,
    ParsedFile,
    has_student_values,
    set_student_column,
    student_column,
)

# what a report or a protocol writes into a school's figures
MARKS, JOURNAL, SCORES, STUDENTS, PASS_FAIL = "marks", "journal", "scores", "students", "pass_fail"
WHAT_RU = {MARKS: "отметки", JOURNAL: "сравнение с журналом", SCORES: "баллы ЕГЭ", STUDENTS: "результаты по ученикам",
           PASS_FAIL: "зачёт и незачёт"}


def assessment_title(key: AssessmentKey) -> str:
    grade = f", {key.grade} кл." if key.grade else ""
    return f"{key.kind} {key.year}, {key.subject}{grade}"


def assessment_json(key: AssessmentKey) -> dict:
    return {
        "kind": key.kind,
        "year": key.year,
        "subject": key.subject,
        "grade": key.grade,
        "date": key.date.isoformat() if key.date else None,
        "max_score": key.max_score,
    }


def problem_json(problem: Problem) -> dict:
    return {**problem.to_json(), "severity": problem.severity}


@dataclass(frozen=True)
class Replacement:
    """Stored figures of one school × assessment that the import would overwrite."""

    school_id: int
    school: str
    assessment: AssessmentKey
    what: str  # MARKS, JOURNAL or STUDENTS
    previous_file: str | None

    def describe(self) -> str:
        source = f" (из файла «{self.previous_file}»)" if self.previous_file else ""
        return f"{self.school} — {assessment_title(self.assessment)}: {WHAT_RU[self.what]}{source}"

    def to_json(self) -> dict:
        return {"school_id": self.school_id, "school": self.school, **assessment_json(self.assessment),
                "what": self.what, "previous_file": self.previous_file}


@dataclass(frozen=True)
class NewSchool:
    """A school not yet in the registry, to be added in the import's transaction: by its ФИС ОКО code
    or РЦОИ code, or by name where the file gives no code. Until saved it is referred to by
    `temp_id` (negative) in place of a school id. `record` is the registry entry to add: the name
    without the code, the kind and the settlement read from the name."""

    code: str | None
    name: str
    temp_id: int
    record: School | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name}


# what the user decided about a school that is not in the registry (`ResultsImportPlan.decisions`):
# a registry school's id (it is that school: remembered as an alias), or one of these
ADD, SKIP = "add", "skip"


@dataclass
class Unmatched:
    """A school named in the files that is in neither the registry nor the aliases: the user decides
    once for the whole batch (`ResultsImportPlan.decisions[key]`) and the plan is made again.

    `key` is the school across files: its code when the files give one, else its normalised name.
    `candidates` are registry school ids, the likeliest first; `registry_code` the code of the
    registry school of the same name when the file's code differs from it (a question, never a remap).
    """

    key: str
    written_as: str  # the text to remember as an alias
    code: str | None
    name: str | None
    file: str
    sheet: str | None
    row: int | None
    rows: int  # how many rows of the batch name this school
    files: list[str] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    registry_code: str | None = None

    def to_json(self) -> dict:
        return {"written_as": self.written_as, "code": self.code, "name": self.name, "file": self.file,
                "sheet": self.sheet, "row": self.row, "rows": self.rows}


@dataclass(frozen=True)
class CrossCheck:
    """A figure of a report that differs from what the pupils of another file of the batch give."""

    school_code: str | None
    school: str
    assessment: AssessmentKey
    files: tuple[str, str]  # the report, the file of pupils
    field: str
    values: tuple  # the report's, the pupils'

    def to_json(self) -> dict:
        return {"school_code": self.school_code, "assessment": assessment_title(self.assessment),
                "files": [Path(f).name for f in self.files], "field": self.field, "values": list(self.values)}


@dataclass
class FilePlan:
    """One file: what was read, how it was matched, and what saving it would add and replace.

    School references in the row lists are registry ids, or a `NewSchool.temp_id` (negative).
    """

    file: str
    sha256: str | None = None
    layout: str | None = None
    assessments: list[AssessmentKey] = field(default_factory=list)
    rows: int = 0
    parsed: ParsedFile | None = field(default=None, repr=False)
    read_problems: list[Problem] = field(default_factory=list)
    already_imported: ImportRecord | None = None
    duplicate_of: str | None = None
    # filled by matching
    match_problems: list[Problem] = field(default_factory=list)
    marks_rows: list[tuple] = field(default_factory=list, repr=False)  # (assessment index, school, participants, n2…n5)
    journal_rows: list[tuple] = field(default_factory=list, repr=False)  # (assessment index, school, participants, l, c, r)
    score_rows: list[tuple] = field(default_factory=list, repr=False)  # (index, school, participants, mean, below, 81–100, 100)
    pass_fail_rows: list[tuple] = field(default_factory=list, repr=False)  # (index, school, participants, зачёт, незачёт, mean)
    reference_rows: list[tuple] = field(default_factory=list, repr=False)  # (assessment index, level, code, name, own, …)
    student_schools: list[int | None] = field(default_factory=list, repr=False)  # per student; None: not saved
    added: int = 0
    replacements: list[Replacement] = field(default_factory=list)
    kept: int = 0  # report rows not stored: the figures are derived from students already
    outside: int = 0  # student rows of other municipalities, not stored
    schools_per_assessment: list[int] = field(default_factory=list)
    students_per_assessment: list[int] = field(default_factory=list)

    excluded: bool = False  # the user chose to leave this file out of the batch
    missing_scales: list[AssessmentKey] = field(default_factory=list)  # a file without marks: scales to enter

    @property
    def skipped(self) -> bool:
        return self.already_imported is not None or self.duplicate_of is not None or self.excluded

    @property
    def problems(self) -> list[Problem]:
        return self.read_problems + self.match_problems

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def saves_anything(self) -> bool:
        return not self.skipped and self.parsed is not None and not self.has_errors

    def problems_for(self, replace: bool) -> list[Problem]:
        """The problems, plus an error for replacing stored results when that is not confirmed."""
        if replace or not self.replacements:
            return self.problems
        first = self.replacements[0]
        more = f" и ещё {len(self.replacements) - 1}" if len(self.replacements) > 1 else ""
        return self.problems + [Problem(
            f"Эти результаты уже загружены и будут заменены: {first.describe()}{more}. "
            "Подтвердите замену, чтобы загрузить файл.",
            None, None, None, "error",
        )]

    def to_json(self, replace: bool = False) -> dict:
        assessments = []
        for index, key in enumerate(self.assessments):
            item = assessment_json(key)
            if index < len(self.schools_per_assessment):
                item["schools"] = self.schools_per_assessment[index]
                item["students"] = self.students_per_assessment[index]
            assessments.append(item)
        return {
            "file": self.file,
            "layout": self.layout,
            "kind_of_file": self.parsed.kind_of_file if self.parsed else None,
            "assessments": assessments,
            "rows": self.rows,
            "problems": [problem_json(p) for p in self.problems_for(replace)],
            "added": self.added,
            "replaced": [r.to_json() for r in self.replacements],
            "kept": self.kept,
            "references": len(self.reference_rows),
            "outside": self.outside,
            "already_imported": self.already_imported.to_json() if self.already_imported else None,
        }


@dataclass
class ResultsImportPlan:
    files: list[FilePlan]
    new_schools: list[NewSchool] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    municipality_codes: list[str] = field(default_factory=list)  # the district's, to remember
    add_schools: bool = False
    decisions: dict[str, int | str] = field(default_factory=dict)  # Unmatched.key → school id, ADD or SKIP
    aliases: dict[str, int] = field(default_factory=dict)  # written text → school id, remembered on saving
    cross_checks: list[CrossCheck] = field(default_factory=list)
    scales: list = field(default_factory=list)  # scales the user entered for this batch (models.scales.Scale), saved with it

    @property
    def has_errors(self) -> bool:
        return any(f.has_errors for f in self.files)

    @property
    def replacements(self) -> list[Replacement]:
        return [r for f in self.files for r in f.replacements]

    @property
    def names_read(self) -> int:
        """Participants whose names were read (only a plan made with `keep_names` has any)."""
        return sum(sum(map(bool, student_column(f.parsed.students, "full_name"))) for f in self.files if f.parsed)

    def drop_names(self) -> None:
        """Forget every participant's name before saving: the window reads them so that the user can
        choose in the preview, and the default is to keep none."""
        for f in self.files:
            if f.parsed and has_student_values(f.parsed.students, "full_name"):
                set_student_column(f.parsed.students, "full_name", [None] * len(f.parsed.students))

    def blocked(self, replace: bool) -> bool:
        """True when nothing may be saved: an error, or replacements not confirmed."""
        return any(any(p.is_error for p in f.problems_for(replace)) for f in self.files)

    def to_json(self, saved: bool, replace: bool = False) -> dict:
        return {
            "files": [f.to_json(replace) for f in self.files],
            "new_schools": [s.to_json() for s in self.new_schools],
            "cross_checks": [c.to_json() for c in self.cross_checks],
            "saved": saved,
        }
