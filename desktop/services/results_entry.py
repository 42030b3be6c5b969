"""A school's figures typed by hand: the Results tab's «Ввести вручную…» and `msoko results enter`.

    enter_results(db, "ИС-9", 2026, "Русский язык", 9, school_id,
                  {"participants": 25, "passed": 22, "failed": 3, "mean_primary": 14.2})

For the kinds marked «2»…«5» the figures are the participants and the count of each mark; for the
сочинение and the собеседование (`PASS_FAIL_KINDS`) the participants, «зачёт», «незачёт» and, for the
собеседование, the mean score out of 20 (optional). ЕГЭ is scored per graduate: it is not entered here.
What a school's pupils give (a protocol, the template's pupils sheet) is never overwritten by hand.
The figures are checked as the office template checks them and written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.errors import UserError
from desktop.figures import LABELS, MARKS, PASS_FAIL, PASS_FAIL_KINDS
from desktop.models.db import Database, transaction
from desktop.models.results import ResultsRepository, normalize_subject, parse_kind
from desktop.models.schools import SchoolsRepository
from desktop.services.importers.results.office_template import DEFAULT_GRADE, MAX_SCORE
from desktop.services.results_template import SUBJECTS

MEAN = "mean_primary"


def entry_fields(kind: str) -> tuple[str, ...]:
    """The figures typed for `kind`, in the order the window and the command ask for them."""
    if kind in PASS_FAIL_KINDS:
        return ("participants", *PASS_FAIL, *((MEAN,) if kind in MAX_SCORE else ()))
    return ("participants", *MARKS)


def default_subject(kind: str) -> str | None:
    """The subject of a kind with only one (the сочинение, the собеседование: «Русский язык»)."""
    subjects = SUBJECTS.get(kind, [])
    return subjects[0] if len(subjects) == 1 else None


def default_grade(kind: str) -> int | None:
    return DEFAULT_GRADE.get(kind)


class AlreadyStored(UserError):
    """The school has figures of this assessment already: `replace=True` replaces them."""


@dataclass(frozen=True)
class Entered:
    title: str  # «ИС-9 2026, Русский язык, 9 кл.»
    school: str
    replaced: bool

    def to_json(self) -> dict:
        return {"assessment": self.title, "school": self.school, "replaced": self.replaced}


def enter_results(db: Database, kind: str, year: int, subject: str | None, grade: int | None, school_id: int,
                  figures: dict[str, float | None], *, replace: bool = False) -> Entered:
    """Save one school's figures of one assessment; UserError (Russian) naming what is wrong. Stored
    figures of the school are replaced only with `replace`."""
    kind = parse_kind(kind)
    if kind == "ЕГЭ":
        raise UserError("Результаты ЕГЭ вручную не вводятся: загрузите протокол РЦОИ или шаблон с баллами "
                        "выпускников.")
    if not 2000 <= year <= 2100:
        raise UserError(f"Год {year} вне допустимого 2000–2100.")
    subject = normalize_subject(subject or default_subject(kind) or "")
    if not subject:
        raise UserError("Укажите предмет.")
    grade = grade or default_grade(kind)
    if grade is None or not 1 <= grade <= 11:
        raise UserError("Укажите класс от 1 до 11." if grade else "Укажите класс.")
    school = SchoolsRepository(db).get(school_id)
    if school is None:
        raise UserError(f"Школы с номером {school_id} нет в реестре.")
    values = _checked(kind, figures)
    results = ResultsRepository(db)
    with transaction(db):
        assessment_id = results.ensure_assessment(kind, year, subject, grade, None, MAX_SCORE.get(kind))
        stored = results.existing([assessment_id]).get((assessment_id, school_id))
        title = f"{kind} {year}, {subject}, {grade} кл."
        if stored is not None and stored.from_students:
            raise UserError(f"Результаты «{school.short_name}» ({title}) рассчитаны по ученикам: вручную они не "
                            "меняются. Загрузите исправленный файл учеников.")
        replaced = stored is not None and (stored.has_marks or stored.has_pass_fail)
        if replaced and not replace:
            raise AlreadyStored(f"У «{school.short_name}» уже есть результаты {title}: подтвердите замену.")
        row = (assessment_id, school_id, *values)
        if kind in PASS_FAIL_KINDS:
            results.upsert_pass_fail([row if len(values) == 4 else (*row, None)], None)
        else:
            results.upsert_marks([row], None)
    return Entered(title, school.short_name, replaced)


def _checked(kind: str, figures: dict[str, float | None]) -> tuple:
    """The figures of `entry_fields(kind)` in that order, checked: whole counts adding up to the participants."""
    names = entry_fields(kind)
    unknown = sorted(set(figures) - set(names) - {name for name, value in figures.items() if value is None})
    if unknown:
        raise UserError(f"Для {kind} не вводятся: {', '.join(LABELS.get(n, n) for n in unknown)}. "
                        f"Вводятся: {', '.join(_label(n) for n in names)}.")
    values = []
    for name in names:
        value = figures.get(name)
        if name == MEAN:
            if value is not None and not 0 <= value <= MAX_SCORE[kind]:
                raise UserError(f"Средний балл — число от 0 до {MAX_SCORE[kind]}, а не {value:g}.")
            values.append(None if value is None else float(value))
            continue
        if value is None and name == "participants":
            raise UserError("Укажите число участников.")
        value = 0 if value is None else value  # an empty count is 0, as in the template
        if value < 0 or not float(value).is_integer():
            raise UserError(f"«{_label(name)}» — целое число не меньше 0, а не {value:g}.")
        values.append(int(value))
    participants, counts = values[0], values[1:3] if kind in PASS_FAIL_KINDS else values[1:]
    if sum(counts) != participants:
        what = "Зачёт и незачёт вместе" if kind in PASS_FAIL_KINDS else "Сумма отметок «2»–«5»"
        raise UserError(f"{what} ({sum(counts)}) не равно числу участников ({participants}).")
    return tuple(values)


def _label(name: str) -> str:
    return "Средний балл" if name == MEAN else LABELS[name]
