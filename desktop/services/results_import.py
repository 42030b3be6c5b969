"""Result files into the database in two steps: `plan_results_import` reads, checks and matches the
files and writes nothing; `apply_results_import` saves a plan in one transaction.

    plan = plan_results_import(db, paths)            # worker thread, its own connection
    …show plan.files, plan.unmatched, plan.replacements; ask…
    remember_alias(db, unmatched.written_as, school_id); plan = rematch_results_import(db, plan)
    outcome = apply_results_import(db, plan, replace=True)

A file already imported (same SHA-256) is skipped with a note. Schools are matched by code, name and
alias (`school_matching`); rows of other municipalities become reference figures. A school's figures
derived from per-student rows are never overwritten by a report. Bulk rows go through `executemany`
from iterators over the parsed columns, with no per-row objects of our own.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import compress, islice, repeat
from operator import attrgetter, is_not, itemgetter, methodcaller
from pathlib import Path

from desktop.errors import ImportFormatError, UserError
from desktop.figures import COUNTS, FIGURES, KINDS, LABELS
from desktop.figures import JOURNAL as JOURNAL_FIELDS
from desktop.folding import fold
from desktop.models.db import Database, transaction
from desktop.models.min_scores import MinScoresRepository
from desktop.models.result_imports import ImportLog
from desktop.models.results import STUDENT_COLUMNS, ResultsRepository, normalize_subject
from desktop.models.schools import SchoolsRepository, fold_code
from desktop.models.settings import get_setting, set_setting
from desktop.services.importers.intake.cancel import checkpoint
from desktop.services.importers.intake.limits import MAX_FILE_SIZE
from desktop.services.importers.intake.workbook import gc_paused
from desktop.services.importers.problems import Problem
from desktop.services.importers.results.records import (
    AssessmentKey,
    ParsedFile,
    Students,
    TaskScores,
    has_student_values,
    set_student_column,
    student_column,
)
from desktop.services.importers.results.school_names import extract_code, normalize_school_name, school_from_file
from desktop.services.results_plan import (
    ADD,
    JOURNAL,
    MARKS,
    PASS_FAIL,
    SCORES,
    SKIP,
    STUDENTS,
    CrossCheck,
    FilePlan,
    NewSchool,
    Replacement,
    ResultsImportPlan,
    Unmatched,
    assessment_title,
)
from desktop.services.school_matching import SchoolMatcher, alias_text, code_refusal, describe_school, remember_alias
from desktop.services.task_import import save_task_data
from desktop.services.wording import count_of

log = logging.getLogger("msoko.results_import")

MUNICIPALITY_CODES = "results.municipality_codes"  # settings key: the district's codes in result files
RESULT_SUFFIXES = (".xlsx", ".xls", ".xlsm")
PASS_MARK = 3  # ОГЭ, ГВЭ, базовая математика: a mark under «3» is below the threshold

Progress = Callable[[int, str], None]
_FIGURES_OF = attrgetter(*FIGURES)
FIELD_RU = {**LABELS, "participants": "участников"}


@dataclass(frozen=True)
class FileSource:
    """A file to import: its path (or a name, for data built in memory) and the SHA-256 of its bytes."""

    path: str
    sha256: str


@dataclass
class ImportOutcome:
    files: list[dict] = field(default_factory=list)  # per saved file: name, import id, counts
    new_schools: int = 0

    def to_json(self) -> dict:
        return {"files": self.files, "new_schools": self.new_schools}


# ---------------------------------------------------------------------------------------------------
# reading


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            checkpoint()
            digest.update(chunk)
    return digest.hexdigest()


def result_files_in(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for every .xlsx/.xls in it and its subfolders (a USB stick of
    filled templates), Excel's «~$» lock files left out. Raises UserError for a folder without any."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RESULT_SUFFIXES
                            and not p.name.startswith("~$"))
            if not inside:
                raise UserError(f"В папке «{path}» нет файлов Excel (.xlsx, .xls).")
            found.extend(inside)
        else:
            found.append(path)
    return found


def _unreadable(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "Файл не найден."
    if isinstance(error, IsADirectoryError):
        return "Выбрана папка, а не файл."
    return f"Файл не удаётся открыть: {error.strerror or error}."


def plan_results_import(db: Database, paths: Sequence[str | Path], *, keep_names: bool = False,
                        add_schools: bool = False, progress: Progress | None = None) -> ResultsImportPlan:
    """Read, check and match the files; nothing is written. Names of pupils are read only with
    `keep_names`; with `add_schools` schools missing from the registry are planned as new ones."""
    # every full collection would rescan the millions of values read, alive until the plan is dropped
    with gc_paused():
        return _plan_files(db, result_files_in(paths), keep_names, add_schools, progress)


def _plan_files(db: Database, found: list[Path], keep_names: bool, add_schools: bool,
                progress: Progress | None) -> ResultsImportPlan:
    from desktop.services.importers.intake.child_reader import read_untrusted

    imports = ImportLog(db)
    files: list[FilePlan] = []
    seen: dict[str, str] = {}
    for index, path in enumerate(found):
        checkpoint()  # «Отмена»: desktop/services/importers/intake/cancel.py
        if progress:
            progress(int(100 * index / len(found)), f"Чтение файла «{path.name}»")
        plan = FilePlan(str(path))
        files.append(plan)
        try:
            # only a regular file of a readable size is hashed; the reader refuses anything else in Russian
            if path.is_file() and path.stat().st_size <= MAX_FILE_SIZE:
                plan.sha256 = file_sha256(path)
        except OSError as error:
            plan.read_problems.append(Problem(_unreadable(error)))
            continue
        if plan.sha256 and _skip_known(plan, imports, seen):
            continue
        try:
            parsed = read_untrusted("result_file", path, keep_names=keep_names)
        except ImportFormatError as error:
            where = error.location
            plan.read_problems.append(Problem(error.message, where.sheet, where.row, where.column))
            continue
        _attach(plan, parsed)
    return rematch_results_import(db, ResultsImportPlan(files, add_schools=add_schools))


def plan_parsed_results(db: Database, items: Sequence[tuple[FileSource, ParsedFile]], *,
                        add_schools: bool = False) -> ResultsImportPlan:
    """The same plan for files already read, or built in memory (the demo district)."""
    imports = ImportLog(db)
    files: list[FilePlan] = []
    seen: dict[str, str] = {}
    for source, parsed in items:
        plan = FilePlan(source.path, source.sha256)
        files.append(plan)
        if not _skip_known(plan, imports, seen):
            _attach(plan, parsed)
    return rematch_results_import(db, ResultsImportPlan(files, add_schools=add_schools))


def _skip_known(plan: FilePlan, imports: ImportLog, seen: dict[str, str]) -> bool:
    record = imports.find(plan.sha256)
    if record:
        plan.already_imported = record
        plan.read_problems.append(Problem(
            f"Этот файл уже загружен {record.imported_at:%d.%m.%Y %H:%M} (как «{record.file_name}»): "
            "повторная загрузка ничего не меняет.", severity="warning"))
        return True
    if plan.sha256 in seen:
        plan.duplicate_of = seen[plan.sha256]
        plan.read_problems.append(Problem(
            f"Это тот же файл, что и «{Path(seen[plan.sha256]).name}» в этой загрузке: он учтён один раз.",
            severity="warning"))
        return True
    seen[plan.sha256] = plan.file
    return False


def _attach(plan: FilePlan, parsed: ParsedFile) -> None:
    plan.parsed = parsed
    plan.layout = parsed.layout
    plan.assessments = [_normalized(key) for key in parsed.assessments]
    plan.rows = len(parsed.groups) + len(parsed.students) + len(
        {(r.code, r.name) for r in (*parsed.task_rates, *parsed.score_shares)})
    plan.read_problems.extend(parsed.problems)


def _normalized(key: AssessmentKey) -> AssessmentKey:
    return AssessmentKey(key.kind, key.year, normalize_subject(key.subject), key.grade, key.date, key.max_score)


# ---------------------------------------------------------------------------------------------------
# matching


class _Batch:
    """What matching shares across the files of one plan."""

    def __init__(self, db: Database, plan: ResultsImportPlan):
        self.db = db
        self.plan = plan
        self.matcher = SchoolMatcher(db)
        self.results = ResultsRepository(db)
        self.remembered = set(get_setting(db, MUNICIPALITY_CODES, []))
        self.new_by_key: dict[str, NewSchool] = {}
        self.unmatched: dict[str, Unmatched] = {}
        self.skipped: Counter = Counter()  # file → rows left out by the user's choice
        self.claims: dict[tuple, tuple[str, tuple]] = {}  # (assessment, school, what) → (file, figures)
        self.pupils: dict[tuple, tuple[FilePlan, int]] = {}  # (assessment, school) → (file of pupils, index)
        self.pupil_figures: dict[int, dict] = {}  # id(file plan) → (index, school) → figures of its pupils
        self.own_codes: set[str] = set()
        self.names = {sid: name for sid, name in db.execute("SELECT id, short_name FROM schools")}
        self.codes = {sid: code for sid, code in db.execute("SELECT id, code FROM schools")}

    def school_name(self, ref: int) -> str:
        if ref < 0:
            return next(s.name for s in self.new_by_key.values() if s.temp_id == ref)
        return self.names.get(ref, str(ref))

    def school_code(self, ref: int) -> str | None:
        if ref < 0:
            return next(s.code for s in self.new_by_key.values() if s.temp_id == ref)
        return self.codes.get(ref)

    def resolve(self, plan: FilePlan, sheet: str | None, code: str | None, name: str | None, row: int | None,
                rows: int, column: str | None) -> int | None:
        """A registry id, a new school's temp id, or None (a problem is recorded once per school)."""
        written_code = code or _code_like(name)
        refusal = code_refusal(written_code) if written_code else None
        if refusal:
            plan.match_problems.append(Problem(refusal, sheet, row, column))
            return None
        found = self.matcher.match(code, name)
        if found:
            return found.school_id
        key = school_key(code, name)
        decision = self.plan.decisions.get(key)
        if decision == SKIP:
            self.skipped[plan.file] += rows
            return None
        written = alias_text(code, name)
        if isinstance(decision, int):
            self.plan.aliases[written] = decision
            return decision
        same = self.matcher.same_name(name) if name else None
        if decision == ADD or (self.plan.add_schools and same is None and (code or name)):
            return self._new_school(key, code, name)
        known = self.unmatched.get(key)
        if known is None:
            known = self.unmatched[key] = Unmatched(key, written, code, name, plan.file, sheet, row, 0,
                                                    candidates=[same.school_id] if same else [],
                                                    registry_code=same.registry_code if same else None)
        known.rows += rows
        if plan.file not in known.files:
            known.files.append(plan.file)
        if same is not None and code and same.registry_code:
            message = (f"Школа «{describe_school(code, name)}»: в реестре школа с таким названием имеет код "
                       f"{same.registry_code} — возможно, это школа другого района. Укажите, какая это школа "
                       "реестра, или добавьте её как новую.")
        elif same is not None and code:
            message = (f"Школа «{describe_school(code, name)}»: в реестре есть школа с таким названием, но без "
                       "этого кода. Если это она, впишите код в реестр или сопоставьте её при загрузке.")
        else:
            hint = ("укажите, какой школе реестра соответствует этот код" if not name else
                    "добавьте её в реестр или укажите, какой школе реестра она соответствует")
            message = f"Школа «{describe_school(code, name)}» не найдена в реестре школ ({rows} стр.): {hint}."
        plan.match_problems.append(Problem(message, sheet, row, column, "error"))
        return None

    def _new_school(self, key: str, code: str | None, name: str | None) -> int:
        school = self.new_by_key.get(key)
        if school is None:
            # a РЦОИ protocol names a school only by its code: the user renames it in the registry
            record = school_from_file(code, name or f"Школа (код РЦОИ {code})")
            school = NewSchool(code, record.short_name, -(len(self.new_by_key) + 1), record)
            self.new_by_key[key] = school
        return school.temp_id

    def claim(self, plan: FilePlan, key: AssessmentKey, ref: int, what: str, figures: tuple, sheet, row) -> bool:
        """One source per school × assessment × kind of figures. A second report with the same figures is
        left out with a note; with other figures it is an error. Pupils of two files: an error."""
        owner = self.claims.get((_key(key), ref, what))
        if owner is None:
            self.claims[(_key(key), ref, what)] = (plan.file, figures)
            return True
        if owner[0] == plan.file:
            return True
        if what != STUDENTS and owner[1] == figures:
            plan.match_problems.append(Problem(
                f"Результаты школы «{self.school_name(ref)}» ({assessment_title(key)}) те же, что в файле "
                f"«{Path(owner[0]).name}» этой загрузки: учтены один раз.", sheet, row, severity="warning"))
            return False
        plan.match_problems.append(Problem(
            f"Результаты школы «{self.school_name(ref)}» ({assessment_title(key)}) есть и в файле "
            f"«{Path(owner[0]).name}» этой же загрузки, и они другие: оставьте один из файлов.", sheet, row))
        return False

    def cross_check(self, plan: FilePlan, key: AssessmentKey, ref: int, names: tuple[str, ...], figures: tuple,
                    sheet, row) -> bool:
        """Whether pupils of the batch give this school's figures; a report figure that differs from
        theirs is a warning naming both files and both numbers (the pupils' figures are saved)."""
        source = self.pupils.get((_key(key), ref))
        if source is None:
            return False
        pupils_plan, index = source
        theirs = self._pupil_figures(pupils_plan).get((index, ref), {})
        for name, value in zip(names, figures, strict=True):
            other = theirs.get(name)
            if value is None or other is None or value == other:
                continue
            check = CrossCheck(self.school_code(ref), self.school_name(ref), key, (plan.file, pupils_plan.file),
                               name, (value, other))
            self.plan.cross_checks.append(check)
            plan.match_problems.append(Problem(
                f"«{self.school_name(ref)}», {assessment_title(key)}: {FIELD_RU[name]} — {value} в этом файле и "
                f"{other} по ученикам файла «{Path(pupils_plan.file).name}»; сохраняются данные по ученикам.",
                sheet, row, None, "warning"))
        return True

    def _pupil_figures(self, plan: FilePlan) -> dict:
        """(assessment index, school) → participants, n2…n5, lowered, confirmed, raised of a file's
        pupils; counted once per file, when a report of the batch is first checked against it."""
        cached = self.pupil_figures.get(id(plan))
        if cached is not None:
            return cached
        students = plan.parsed.students
        pairs = list(zip(plan.parsed.student_assessment, plan.student_schools))
        marks = student_column(students, "mark")
        journal = student_column(students, "journal_mark")
        result: dict = defaultdict(dict)
        for pair, count in Counter(pairs).items():
            result[pair]["participants"] = count
        for (index, ref, mark), count in Counter(zip(plan.parsed.student_assessment, plan.student_schools,
                                                     marks)).items():
            if mark in (2, 3, 4, 5):
                result[(index, ref)][f"n{mark}"] = count
        compared = Counter((pair, (m > j) - (m < j)) for pair, m, j in zip(pairs, marks, journal)
                           if m is not None and j is not None)
        for (pair, sign), count in compared.items():
            result[pair][{-1: "lowered", 0: "confirmed", 1: "raised"}[sign]] = count
        for figures in result.values():
            if any(f"n{m}" in figures for m in (2, 3, 4, 5)):
                for m in (2, 3, 4, 5):
                    figures.setdefault(f"n{m}", 0)
            if compared:
                for name in JOURNAL_FIELDS:
                    figures.setdefault(name, 0)
        self.pupil_figures[id(plan)] = result
        return result


# «(еdu900101)» with a Cyrillic «е», or digits of another script: the readers do not take it for a code
_CODE_LIKE = re.compile(r"\((\w{3}\d{6})\)")


def _code_like(name: str | None) -> str | None:
    match = _CODE_LIKE.search(name or "")
    return match.group(1) if match else None


def school_key(code: str | None, name: str | None) -> str:
    """One school across the files of a batch: its folded code, else its normalised name."""
    return fold_code(extract_code(code) or code) or fold_code(extract_code(name)) or normalize_school_name(name or "")


def _key(key: AssessmentKey) -> tuple:
    return key.kind, key.year, key.subject, key.grade


def rematch_results_import(db: Database, plan: ResultsImportPlan) -> ResultsImportPlan:
    """Match (again) the files already read: after the user decided about unknown schools or
    entered a scale. Files of pupils are matched first: a report of the same school and assessment
    is then checked against its pupils instead of competing with them."""
    batch = _Batch(db, plan)
    plan.aliases, plan.cross_checks = {}, []
    order = sorted(plan.files, key=lambda f: not (f.parsed is not None and f.parsed.students))
    for file_plan in order:
        checkpoint()
        _reset(file_plan)
        if file_plan.parsed is None or file_plan.skipped or not _check_assessments(file_plan):
            continue
        if file_plan.parsed.needs_scale and not _apply_scales(db, file_plan, plan.scales):
            continue
        stored = {}
        for index, key in enumerate(file_plan.assessments):
            found = batch.results.find_assessment(key.kind, key.year, key.subject, key.grade)
            if found:
                stored[index] = found.id
        existing = batch.results.existing(stored.values())
        pupils = _StudentSchools(file_plan.parsed)
        if file_plan.parsed.students:
            _match_students(batch, file_plan, stored, existing, pupils)
        _match_groups(batch, file_plan, stored, existing, pupils)
        _note_thresholds(batch, file_plan)
        if batch.skipped[file_plan.file]:
            file_plan.match_problems.append(Problem(
                f"Строки школ, которые вы решили не загружать, пропущены ({batch.skipped[file_plan.file]}).",
                file_plan.parsed.sheet, severity="warning"))
    plan.new_schools = list(batch.new_by_key.values())
    plan.unmatched = list(batch.unmatched.values())
    plan.municipality_codes = sorted(batch.own_codes)
    return plan


def _reset(plan: FilePlan) -> None:
    plan.match_problems = []
    plan.marks_rows, plan.journal_rows, plan.reference_rows, plan.student_schools = [], [], [], []
    plan.score_rows, plan.pass_fail_rows, plan.missing_scales = [], [], []
    plan.added = plan.kept = plan.outside = 0
    plan.replacements = []
    plan.schools_per_assessment = [0] * len(plan.assessments)
    plan.students_per_assessment = [0] * len(plan.assessments)


def _apply_scales(db: Database, plan: FilePlan, batch_scales: list) -> bool:
    """The pupils' marks from the scales of their assessments, for a file that gives primary scores and
    no mark. False (an error naming each missing scale) when a scale is not entered yet."""
    from desktop.models.scales import ScalesRepository, marks_from_scale, score_text

    parsed = plan.parsed
    repository = ScalesRepository(db)
    entered = {(s.kind, s.year, fold(s.subject), s.grade): s for s in batch_scales}
    scales = {index: entered.get((key.kind, key.year, fold(key.subject), key.grade))
              or repository.get(key.kind, key.year, key.subject, key.grade)
              for index, key in enumerate(plan.assessments)}
    for index, scale in scales.items():
        if scale is None:
            key = plan.assessments[index]
            plan.missing_scales.append(key)
            most = f"; максимальный балл по файлу {score_text(key.max_score)}" if key.max_score else ""
            plan.match_problems.append(Problem(
                f"В файле нет столбца «Отметка»: нужна шкала перевода первичных баллов в отметки для "
                f"«{assessment_title(key)}» (наименьший балл на «3», «4» и «5» и максимальный балл{most}). Введите "
                "её в окне загрузки или командой «msoko results scales set». Файл не загружен.", parsed.sheet))
    if plan.missing_scales:
        return False
    students = parsed.students
    owners = parsed.student_assessment
    primary, excel_rows = student_column(students, "primary_score"), student_column(students, "row")
    all_marks = list(student_column(students, "mark"))
    for index, scale in scales.items():
        rows = range(len(students)) if len(scales) == 1 else [i for i, o in enumerate(owners) if o == index]
        marks, above = marks_from_scale([primary[i] for i in rows], scale)
        for i, mark in zip(rows, marks, strict=True):
            all_marks[i] = mark
        for k in above[:20]:
            why = scale.why_no_mark(primary[rows[k]])
            plan.match_problems.append(Problem(f"Отметка не поставлена: {why}.", parsed.sheet, excel_rows[rows[k]],
                                               None, "warning"))
        if len(above) > 20:
            plan.match_problems.append(Problem(
                f"Ещё {len(above) - 20} участников с баллом больше максимального по шкале.", parsed.sheet,
                severity="warning"))
    set_student_column(students, "mark", all_marks)
    return True


def _check_assessments(plan: FilePlan) -> bool:
    sheet = plan.parsed.sheet if plan.parsed else None
    good = True
    for key in plan.assessments:
        if key.kind not in KINDS:
            plan.match_problems.append(Problem(f"Неизвестная процедура «{key.kind}».", sheet))
            good = False
        if not key.grade or not 1 <= key.grade <= 12:
            plan.match_problems.append(Problem(
                f"Не удалось определить класс для «{key.kind} {key.year} {key.subject}»: "
                "проверьте строку вида «ВПР 2026 Математика 5 класс» над таблицей.", sheet))
            good = False
    return good


def _own_municipalities(batch: _Batch, plan: FilePlan, seen: list[tuple[str | None, bool]]) -> set[str] | None:
    """The district's municipality codes among those the file names ((code, a school of it matched) pairs).

    None when the file names no municipality (everything in it is the district's). Remembered codes
    first, then those with a matched school, then the only one; else an error.
    """
    codes = {code for code, _ in seen if code}
    if not codes:
        return None
    own = (codes & batch.remembered) or {code for code, matched in seen if code and matched}
    if not own and len(codes) == 1:
        own = codes
    if not own:
        plan.match_problems.append(Problem(
            f"В файле несколько муниципалитетов ({', '.join(sorted(codes))}), и ни одна их школа не найдена "
            "в реестре: не понять, какой из них ваш. Заполните реестр школ и повторите загрузку.",
            plan.parsed.sheet if plan.parsed else None))
    batch.own_codes |= own
    return own


class _StudentSchools:
    """Each student's school as one key: the code when every row has one (a string, quick to hash and
    count over 300,000 rows), else (code, name); `identity` gives (code, name) of a key."""

    def __init__(self, parsed: ParsedFile):
        students = parsed.students
        codes = student_column(students, "school_code")
        names = student_column(students, "school_name")
        if None not in codes:
            self.keys: list = codes
            self.identity = {code: (code, name) for code, name in dict(zip(codes, names)).items()}
        else:
            self.keys = list(zip(codes, names))
            self.identity = {key: key for key in set(self.keys)}
        owners = parsed.student_assessment
        pairs = {(0, key) for key in self.identity} if len(parsed.assessments) == 1 else set(zip(owners, self.keys))
        # (assessment index, code or name) of every school that has students in the file
        self.named = {(index, part) for index, key in pairs for part in self.identity[key] if part}


def _match_groups(batch: _Batch, plan: FilePlan, stored: dict[int, int], existing: dict,
                  pupils: _StudentSchools) -> None:
    parsed = plan.parsed
    sheet = parsed.sheet
    owners = parsed.group_assessment or [0] * len(parsed.groups)
    # a school's row of a protocol that also lists its pupils is their count: the pupils are saved instead
    kept = [(g, i) for g, i in zip(parsed.groups, owners, strict=True)
            if g.level != "school" or (i, g.code or g.name) not in pupils.named]
    if not kept:
        return
    school_groups = [g for g, _ in kept if g.level == "school"]
    own = _own_municipalities(
        batch, plan, [(g.parent_code, batch.matcher.match(g.code, g.name) is not None) for g in school_groups]
        + [(g.code, False) for g, _ in kept if g.level == "municipality"])
    seen_rows: dict[tuple[int, int], int] = {}
    schools: list[set[int]] = [set() for _ in plan.assessments]
    check_sums = parsed.layout != "office_template"  # the template's reader refuses such rows itself
    for group, index in kept:
        figures = _FIGURES_OF(group)
        outside = own is not None and group.parent_code is not None and group.parent_code not in own
        if group.level != "school" or outside:
            code = group.code or ("" if group.level in ("all", "region") else group.name)
            is_own = group.level == "municipality" and own is not None and group.code in own
            plan.reference_rows.append((index, group.level, code, group.name, int(is_own), *figures))
            continue
        ref = batch.resolve(plan, sheet, group.code, group.name, group.row, 1, "A")
        if ref is None:
            continue
        key = plan.assessments[index]
        if (index, ref) in seen_rows:
            plan.match_problems.append(Problem(
                f"Школа «{batch.school_name(ref)}» уже есть в строке {seen_rows[(index, ref)]} для "
                f"«{assessment_title(key)}»: строка пропущена.", sheet, group.row, "A"))
            continue
        seen_rows[(index, ref)] = group.row
        schools[index].add(ref)
        marks = [group.n2, group.n3, group.n4, group.n5]
        if check_sums and None not in marks and group.participants is not None and sum(marks) != group.participants:
            plan.match_problems.append(Problem(
                f"Сумма отметок «2»–«5» ({sum(marks)}) не равна числу участников ({group.participants}).",
                sheet, group.row, None, "warning"))
        if batch.cross_check(plan, key, ref, COUNTS, figures[:len(COUNTS)], sheet, group.row):
            plan.kept += 1  # the pupils of another file of the batch give this school's figures
            continue
        stored_now = existing.get((stored.get(index), ref))
        if stored_now is None:
            plan.added += 1
        scores = (group.mean_test, group.below_threshold, group.score_81_100, group.score_100)
        for what, present, has, part in (
                (MARKS, any(v is not None for v in marks), "has_marks", (group.participants, *marks)),
                (JOURNAL, group.lowered is not None or group.raised is not None, "has_journal",
                 (group.participants, group.lowered, group.confirmed, group.raised)),
                (SCORES, any(v is not None for v in scores), "has_scores", (group.participants, *scores)),
                (PASS_FAIL, group.passed is not None, "has_pass_fail",
                 (group.participants, group.passed, group.failed, group.mean_primary))):
            if not present or not batch.claim(plan, key, ref, what, part, sheet, group.row):
                continue
            if stored_now is not None and getattr(stored_now, has):
                if stored_now.from_students:
                    plan.kept += 1
                    continue
                plan.replacements.append(Replacement(ref, batch.school_name(ref), key, what, stored_now.file_name))
            {MARKS: plan.marks_rows, JOURNAL: plan.journal_rows, SCORES: plan.score_rows,
             PASS_FAIL: plan.pass_fail_rows}[what].append(
                (index, ref, *part))
    if plan.kept:
        plan.match_problems.append(Problem(
            f"Для {plan.kept} строк(и) школ результаты рассчитываются по результатам учеников (этой загрузки "
            "или загруженным ранее): эти строки отчёта не загружаются.", sheet, severity="warning"))
    plan.schools_per_assessment = [len(s) for s in schools]


def _match_students(batch: _Batch, plan: FilePlan, stored: dict[int, int], existing: dict,
                    pupils: _StudentSchools) -> None:
    parsed = plan.parsed
    sheet = parsed.sheet
    students = parsed.students
    keys = pupils.keys
    counts = Counter(keys)
    rows = student_column(students, "row")
    first_row = dict(zip(reversed(keys), reversed(rows)))  # the earlier row wins
    municipality = dict(zip(keys, student_column(students, "municipality_code")))
    matched = {key: batch.matcher.match(*pupils.identity[key]) is not None for key in counts}
    own = _own_municipalities(batch, plan, [(municipality[key], matched[key]) for key in counts])
    # a whole region's file: the schools the registry does not know are other districts', not asked about
    whole_region = parsed.whole_region and own is None
    ref_of: dict = {}
    for key in sorted(counts, key=first_row.__getitem__):
        code, name = pupils.identity[key]
        if (own is not None and municipality[key] is not None and municipality[key] not in own) or (
                whole_region and not matched[key]):
            ref_of[key] = None
            plan.outside += counts[key]
            continue
        ref_of[key] = batch.resolve(plan, sheet, code, name, first_row[key], counts[key], None)
    if whole_region and not all(matched.values()):
        others = list(matched.values()).count(False)
        plan.match_problems.append(Problem(
            f"В файле школы всего региона: загружены школы реестра ({len(matched) - others}), остальные "
            f"{count_of(others, 'школа')} пропущены — это школы других районов.", sheet, severity="warning"))
    plan.student_schools = list(map(ref_of.__getitem__, keys))
    if len(plan.assessments) == 1:
        pairs = Counter({(0, ref): count for ref, count in Counter(plan.student_schools).items()})
    else:
        pairs = Counter(zip(parsed.student_assessment, plan.student_schools))
    for (index, ref), count in sorted(pairs.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        if ref is None:
            continue
        key = plan.assessments[index]
        plan.schools_per_assessment[index] += 1
        plan.students_per_assessment[index] += count
        if not batch.claim(plan, key, ref, STUDENTS, (), sheet, None):
            continue
        batch.pupils[(_key(key), ref)] = (plan, index)
        stored_now = existing.get((stored.get(index), ref))
        if stored_now is None or not stored_now.has_any:
            plan.added += 1
        else:
            plan.replacements.append(Replacement(ref, batch.school_name(ref), key, STUDENTS, stored_now.file_name))


def threshold(db: Database, key: AssessmentKey) -> tuple[float | None, int | None, str | None]:
    """(minimum test score, minimum mark, a note) defining «below the threshold» for an assessment."""
    if key.kind in ("ОГЭ", "ГВЭ"):
        return None, PASS_MARK, None
    if key.kind != "ЕГЭ":
        return None, None, None
    scores = MinScoresRepository(db)
    year = scores.nearest_year(key.year)  # a year not in the table yet: saving copies the nearest one
    found = scores.get(year, key.subject) if year is not None else None
    if found is None:
        return None, None, f"нет минимального балла ЕГЭ по предмету «{key.subject}»: не преодолевшие порог не считаются"
    if year != key.year:
        return found.min_test_score, found.min_mark, f"минимальный балл {found.describe()} взят из {year} года"
    return found.min_test_score, found.min_mark, None if found.verified else f"минимальный балл {found.describe()}"


def _note_thresholds(batch: _Batch, plan: FilePlan) -> None:
    if not plan.parsed.students:
        return
    for key in plan.assessments:
        _, _, note = threshold(batch.db, key)
        if note:
            plan.match_problems.append(Problem(f"{assessment_title(key)}: {note}.", plan.parsed.sheet,
                                               severity="warning"))


# ---------------------------------------------------------------------------------------------------
# saving


def apply_results_import(db: Database, plan: ResultsImportPlan, *, replace: bool = False,
                         now: datetime | None = None) -> ImportOutcome:
    """Save the plan in one transaction: all of it or, on any error, a crash or «Отмена» (Cancelled,
    raised at the checkpoints between the steps and every `STUDENT_BATCH` pupils), nothing.

    Raises UserError when the plan has errors, or would replace stored results without `replace`.
    """
    if plan.has_errors:
        raise UserError("В файлах есть ошибки: исправьте их и повторите загрузку. Ничего не сохранено.")
    if plan.replacements and not replace:
        raise UserError(
            f"Загрузка заменит уже сохранённые результаты ({len(plan.replacements)}), например "
            f"{plan.replacements[0].describe()}. Подтвердите замену. Ничего не сохранено."
        )
    now = now or datetime.now()
    outcome = ImportOutcome()
    with gc_paused(), transaction(db):
        ids = _add_schools(db, plan.new_schools)
        outcome.new_schools = len(ids)
        for written, school_id in plan.aliases.items():
            remember_alias(db, written, school_id)
        if plan.scales:
            from desktop.models.scales import ScalesRepository

            ScalesRepository(db).set_many(plan.scales)
        for file_plan in plan.files:
            checkpoint()
            if file_plan.saves_anything:
                outcome.files.append(_save_file(db, file_plan, ids, now))
        if plan.municipality_codes:
            remembered = set(get_setting(db, MUNICIPALITY_CODES, []))
            set_setting(db, MUNICIPALITY_CODES, sorted(remembered | set(plan.municipality_codes)))
    log.info("results import: %d files saved, %d new schools", len(outcome.files), outcome.new_schools)
    return outcome


def _add_schools(db: Database, schools: list[NewSchool]) -> dict[int, int]:
    repository = SchoolsRepository(db)
    taken = {s.short_name.casefold() for s in repository.list()}
    ids = {}
    for school in schools:
        record = school.record or school_from_file(school.code, school.name)
        if record.short_name.casefold() in taken:  # another school of the same name: the code tells them apart
            record = replace(record, short_name=f"{record.short_name} ({school.code or 'из файла'})")
        taken.add(record.short_name.casefold())
        ids[school.temp_id] = repository.add(record).id
    return ids


def _save_file(db: Database, plan: FilePlan, new_ids: dict[int, int], now: datetime) -> dict:
    parsed = plan.parsed
    results = ResultsRepository(db)
    imports = ImportLog(db)
    try:
        import_id = imports.add(Path(plan.file).name, plan.sha256, plan.layout, now)
    except sqlite3.IntegrityError as error:  # the UNIQUE sha256: imported meanwhile, after the plan was made
        raise UserError(f"Файл «{Path(plan.file).name}» уже загружен. Ничего не сохранено.") from error
    assessment_ids = [results.ensure_assessment(k.kind, k.year, k.subject, k.grade, k.date, k.max_score)
                      for k in plan.assessments]

    def school(ref: int) -> int:
        return new_ids.get(ref, ref)

    results.upsert_marks(((assessment_ids[i], school(ref), *rest) for i, ref, *rest in plan.marks_rows), import_id)
    results.upsert_journal(((assessment_ids[i], school(ref), *rest) for i, ref, *rest in plan.journal_rows), import_id)
    results.upsert_scores(((assessment_ids[i], school(ref), *rest) for i, ref, *rest in plan.score_rows), import_id)
    results.upsert_pass_fail(((assessment_ids[i], school(ref), *rest) for i, ref, *rest in plan.pass_fail_rows),
                             import_id)
    results.upsert_references(((assessment_ids[i], *rest) for i, *rest in plan.reference_rows), import_id)
    checkpoint()
    students = 0
    if parsed.students:
        students = _save_students(db, results, plan, assessment_ids, new_ids, import_id)
    task_figures = save_task_data(db, parsed, assessment_ids, import_id, set(get_setting(db, MUNICIPALITY_CODES, [])))
    summary = {
        "assessments": [assessment_title(k) for k in plan.assessments],
        "added": plan.added,
        "replaced": len(plan.replacements),
        "school_rows": len(plan.marks_rows) + len(plan.journal_rows) + len(plan.score_rows) + len(plan.pass_fail_rows),
        "students": students,
        "references": len(plan.reference_rows),
        "task_figures": task_figures,  # tasks' rates and shares of primary scores of the task reports
    }
    imports.finish(import_id, summary)
    return {"file": plan.file, "import_id": import_id, **summary}


STUDENT_BATCH = 20_000  # pupils written by one executemany: ~0.1 s
STUDENT_FIELDS = ("participant_code", "class_label", "variant", "primary_score", "mark", "journal_mark",
                  "test_score", "full_name")  # the fields of a StudentRow stored as they are


def _save_students(db: Database, results: ResultsRepository, plan: FilePlan, assessment_ids: list[int],
                   new_ids: dict[int, int], import_id: int) -> int:
    parsed = plan.parsed
    students = parsed.students
    schools = list(map(new_ids.get, plan.student_schools, plan.student_schools)) if new_ids else plan.student_schools
    kept = list(map(is_not, schools, repeat(None))) if None in schools else None  # None: every pupil is saved
    if len(assessment_ids) == 1:  # a file of one assessment (all but the РЦОИ protocols): no column to build
        assessments: Iterable[int] = repeat(assessment_ids[0])
        results.delete_students({(assessment_ids[0], school) for school in set(schools) if school is not None})
    else:
        assessments = list(map(assessment_ids.__getitem__, parsed.student_assessment))
        results.delete_students(set(compress(zip(assessments, schools), kept or repeat(True))))
    set_ids, texts = _encoded_tasks(results, students)
    # a column that is empty for every pupil (test scores of a ВПР, names not kept) is left to its NULL
    # default rather than bound 300,000 times: the rows stored are the same
    columns = {"assessment_id": assessments, "school_id": schools, "task_set_id": set_ids, "tasks": texts}
    for name in STUDENT_FIELDS:
        if has_student_values(students, name):
            columns[name] = student_column(students, name)
    if set_ids is None:
        del columns["task_set_id"], columns["tasks"]
    names = [name for name in STUDENT_COLUMNS if name in columns]
    rows = zip(*map(columns.__getitem__, names))
    if kept is not None:
        rows = compress(rows, kept)
    while batch := list(islice(rows, STUDENT_BATCH)):  # «Отмена» is looked at between the batches
        checkpoint()
        results.insert_students(batch, import_id, names)
    for index, key in enumerate(plan.assessments):
        checkpoint()
        if key.kind == "ЕГЭ":
            MinScoresRepository(db).ensure_year(key.year)
        min_test, min_mark, _ = threshold(db, key)
        results.derive_from_students(assessment_ids[index], import_id, min_test, min_mark)
    return len(schools) if kept is None else sum(kept)


class _TaskText(dict):
    """Score → its JSON text, made once per distinct score: a task column holds few distinct values."""

    def __missing__(self, value):
        text = "null" if value is None else (str(int(value)) if float(value).is_integer() else repr(float(value)))
        self[value] = text
        return text


TASK_TEXTS = 50_000  # distinct score lists remembered by `_TaskTexts`; past it, the memory is started anew


class _TaskTexts(dict):
    """A pupil's scores (a plain tuple) → their JSON array, made once per distinct tuple: pupils' scores
    repeat (12,000 distinct lists among 300,000 pupils of the bench file), and looking a tuple up costs
    a fifth of joining its texts again."""

    def __init__(self) -> None:
        super().__init__()
        self.text_of = _TaskText()

    def __missing__(self, scores: tuple):
        if len(self) >= TASK_TEXTS:
            self.clear()
        text = self[scores] = f"[{','.join(map(self.text_of.__getitem__, scores))}]"
        return text


def _encoded_tasks(results: ResultsRepository, students) -> tuple[Iterable | None, Iterable | None]:
    """(task set id, scores as a JSON array) per student, by C-level maps over the rows; (None, None)
    when no student has any task.

    Every row of a file usually has the same tasks: then one key list serves all and the scores are
    taken by one itemgetter; rows of other shapes (a protocol with a missing answer string) are
    grouped by their own key lists.
    """
    if isinstance(students, Students):  # one key list, the scores as plain tuples already
        if not students.task_keys:
            return None, None
        set_ids, values = repeat(results.task_set_id(students.task_keys)), students.task_values
        # a reader shares equal score lists (fisoko_individual._Scores): a text per distinct tuple, found by
        # its id — hashing 300,000 tuples of scores again costs more than the texts
        distinct = dict(zip(map(id, values), values))
        if len(distinct) <= TASK_TEXTS:
            texts = _TaskTexts()
            text_of = {key: texts[scores] for key, scores in distinct.items()}
            return set_ids, map(text_of.__getitem__, map(id, values))
        return set_ids, map(_TaskTexts().__getitem__, values)
    tasks = list(map(attrgetter("tasks"), students))
    if not any(map(len, tasks)):
        return None, None
    keys = tuple(tasks[0])
    values = None
    if len(set(map(type, tasks))) == 1 and isinstance(tasks[0], TaskScores):
        # a reader's TaskScores of one class: one key list; the scores as plain tuples, by a C-level slice
        values = list(map(tuple.__getitem__, tasks, repeat(slice(None))))
    elif len(set(map(len, tasks))) == 1:
        try:  # the same number of keys and every row has the first row's keys: the same key set
            values = list(map(itemgetter(*keys), tasks)) if len(keys) > 1 else [(t[keys[0]],) for t in tasks]
        except KeyError:
            values = None
    if values is not None:
        set_ids: Iterable = repeat(results.task_set_id(keys))
    else:
        shapes = list(map(tuple, tasks))
        set_of = {shape: results.task_set_id(shape) if shape else None for shape in set(shapes)}
        set_ids = map(set_of.__getitem__, shapes)
        values = list(map(tuple, map(methodcaller("values"), tasks)))
    return set_ids, map(_TaskTexts().__getitem__, values)
