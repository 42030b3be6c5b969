"""Ready-made orders built from the office's data, each an editable document model."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from desktop.figures import ESSAY, INTERVIEW, PASS_FAIL_KINDS
from desktop.models.db import Database
from desktop.models.office import Office, load_office
from desktop.services.documents.model import (
    KINDS,
    ORDER,
    Appendix,
    Clause,
    Executor,
    Letterhead,
    OrderDocument,
    Signature,
    Table,
    TableRow,
    deadline_cell,
    section_heading,
)
from desktop.services.roadmap_export import load_roadmap
from desktop.services.wording import Declined, decline, lower_first, person

APPENDIX_HEADER = ["№ п/п", "Мероприятие", "Срок исполнения", "Участники", "Ответственные"]
APPENDIX_WIDTHS = [0.7, 4.8, 2.0, 2.5, 2.6]


def office_in_case(office: Office, case: str) -> str | None:
    """The office in the genitive («к приказу управления образования …») or the dative («представлять
    управлению образования …»): as the office wrote it in «Организация…», else suggested from its short
    name, then its full name, where the morphology is sure; None when neither gives one (the documents
    then name no office rather than a kind of office it is not)."""
    written = office.genitive_name if case == "gent" else office.dative_name
    if written:
        return written
    for name in (office.short_name, office.full_name):
        if name.strip():
            declined = decline(" ".join(name.split()), case)
            if declined.sure:
                return lower_first(declined.text)
    return None


# An imported order's own title is already «Об утверждении плана …» (the plan's name in the genitive).
_APPROVAL = re.compile(r"^\s*об\s+утверждении\s+", re.IGNORECASE)


def plan_in_case(plan_title: str, case: str) -> str:
    """The plan's title in the genitive or the accusative, ready for the middle of a sentence:
    «План мероприятий, направленный на …» → «плана мероприятий, направленного на …». A title that is
    not a noun phrase the library can decline is quoted after «плана» / «план»."""
    return _plan_in_case(plan_title, case).text


def _plan_in_case(plan_title: str, case: str) -> Declined:
    title = " ".join(plan_title.split())
    source = "nomn"
    approval = _APPROVAL.match(title)
    if approval:
        title, source = title[approval.end():], "gent"
    declined = decline(title, case, source=source)
    if declined.sure:
        return Declined(lower_first(declined.text), True)
    return Declined(f"{'плана' if case == 'gent' else 'план'} «{title}»", False)


def _checked(to_check: list[str], declined: Declined, what: str) -> str:
    """`declined.text`; when the library was unsure, what to look at is noted in `to_check` (the editor
    shows it, the CLI says it)."""
    if not declined.sure and declined.text:
        to_check.append(f"{what}: «{declined.text}» оставлено как написано — проверьте падеж.")
    return declined.text


def approval_title(plan_title: str) -> str:
    """«Об утверждении плана …»; a title that already says so is kept as it is."""
    if _APPROVAL.match(plan_title):
        return " ".join(plan_title.split())
    return f"Об утверждении {plan_in_case(plan_title, 'gent')}"


def office_parts(office: Office) -> dict:
    """The parts every order of the office shares: letterhead, place, signature and executor."""
    return {
        "letterhead": Letterhead(office.full_name or "(наименование организации)", office.address_line or None,
                                 office_in_case(office, "gent")),
        "place": office.place,
        "signature": Signature(office.head_position or "Руководитель", office.head_name),
        "executor": Executor(office.executor_name, office.executor_phone or None) if office.executor_name else None,
    }


def _to_office(office: Office) -> str:
    """«управлению образования » before «сведения …», or nothing when the office's dative is unknown."""
    dative = office_in_case(office, "datv")
    return f"{dative} " if dative else ""


def plan_kind(roadmap, kind: str | None) -> str:
    """The kind of a document built from a plan: the one asked for, else the kind of the order the plan
    was imported from (an office that issues распоряжения keeps doing so), else a приказ."""
    return kind or (roadmap.order.kind if roadmap.order and roadmap.order.kind in KINDS else ORDER)


def clauses_of(wording: dict, measures: dict | None = None) -> list[Clause]:
    """The clauses of an imported order's stored wording, sub-clauses and all. A clause that became a
    measure of the plan (its item names it: "measure": number) is printed as written while the measure
    is as it was read ("read_as"), as the measure is now once edited — its text, deadline and
    responsible — and left out if the measure was deleted."""
    measures = measures or {}

    def clause(item: dict) -> Clause | None:
        children = [c for c in map(clause, (i for i in item.get("children") or [] if isinstance(i, dict))) if c]
        number = item.get("measure")
        if number is not None:
            measure = measures.get(str(number).rstrip("."))
            if measure is None:
                return None
            if item.get("read_as") != [measure.text, measure.deadline_text, measure.responsible]:
                return Clause(measure.text, measure.deadline_text or None, measure.responsible or None, children)
        return Clause(str(item.get("text") or ""), item.get("deadline") or None, item.get("responsible") or None,
                      children)

    return [c for c in map(clause, (i for i in wording.get("clauses") or [] if isinstance(i, dict))) if c]


def _in_own_words(document: OrderDocument, order, kind: str | None, groups: list) -> OrderDocument:
    """The order a plan was imported from, printed again in its own words: its title, preamble,
    operative word and clauses (a clause of control among them stands instead of the template's).
    A plan read from a table is its appendix as the plan is now; a plan read from the clauses is in
    them, so there is no appendix."""
    wording = order.wording
    by_number = {m.number.rstrip("."): m for _, ms in groups for m in ms if m.number}
    clauses = clauses_of(wording, by_number)
    if not clauses:
        return document
    document.title = order.title or document.title
    document.preamble = str(wording.get("preamble") or "")
    if kind is None or kind == order.kind:  # another kind asked for: that kind's own word
        document.operative_word = str(wording.get("operative_word") or "")
    document.clauses = clauses
    if any(c.text.lstrip().lower().startswith("контроль") for c in clauses):
        document.control_clause = ""
    if any(_names_measure(item) for item in wording.get("clauses") or []):
        document.appendices = []
    return document


def _names_measure(item) -> bool:
    return isinstance(item, dict) and (item.get("measure") is not None
                                       or any(map(_names_measure, item.get("children") or [])))


def roadmap_order(db: Database, roadmap_id: int, number: str, day: date, kind: str | None = None) -> OrderDocument:
    """«Об утверждении дорожной карты …»: the roadmap becomes Приложение № 1, its sections merged rows.
    A plan imported from an order is printed in that order's own words (`_in_own_words`)."""
    roadmap, groups = load_roadmap(db, roadmap_id)
    office = load_office(db)
    rows: list[TableRow] = []
    for section, measures in groups:
        if section is not None:
            rows.append(TableRow.section(section_heading(section.number, section.title)))
        rows.extend(TableRow([m.number or "", m.text, deadline_cell(m.deadline_text), m.participants, m.responsible])
                    for m in measures)
    period = (f" на период с {roadmap.period_start:%d.%m.%Y} по {roadmap.period_end:%d.%m.%Y}"
              if roadmap.period else "")
    unsure: list[str] = []
    clauses = [
        Clause(f"Утвердить {_checked(unsure, _plan_in_case(roadmap.title, 'accs'), 'Название плана')} "
               "(приложение № 1)."),
        Clause("Руководителям общеобразовательных организаций обеспечить выполнение мероприятий "
               f"в установленные сроки и представлять {_to_office(office)}сведения об их исполнении.",
               deadline="ежеквартально, до 5 числа месяца, следующего за кварталом"),
    ]
    if office.executor_name:
        name = _checked(unsure, person(office.executor_name, "accs"), "Ответственный")
        clauses.append(Clause(f"Назначить ответственным за координацию и мониторинг исполнения плана "
                              f"{name}{'' if name.endswith('.') else '.'}"))  # «Ким Е. В.»: one period
    document = OrderDocument(
        **office_parts(office),
        kind=plan_kind(roadmap, kind),
        date=day,
        number=number,
        title=approval_title(roadmap.title),
        preamble=("В целях повышения качества образования и обеспечения объективности оценочных процедур "
                  f"в общеобразовательных организациях{period}"),
        clauses=clauses,
        appendices=[Appendix(1, roadmap.title, [Table(APPENDIX_HEADER, rows, APPENDIX_WIDTHS)])],
    )
    if roadmap.order and roadmap.order.wording:
        return _in_own_words(document, roadmap.order, kind, groups)
    document.to_check = unsure
    return document


# Breaks typed where a word is wider than its column, as in the analytic report's tables; the widths
# give «Обществознание» its line.
RESULTS_HEADER = ["Предмет", "Класс", "Участ-\nников", "Успевае-\nмость, %", "Качество, %", "Ср. отметка",
                  "Доля «2», %"]
RESULTS_WIDTHS = [100, 40, 55, 62, 62, 58, 58]
RESULTS_FORMATS = ["text", "int", "int", "percent", "percent", "decimal", "percent"]
FLAGS_HEADER = ["Школа", "Признак", "Основание"]
KIND_TITLES = {
    "ВПР": "всероссийских проверочных работ",
    "ОГЭ": "государственной итоговой аттестации по образовательным программам основного общего образования",
    "ЕГЭ": "государственной итоговой аттестации по образовательным программам среднего общего образования",
    "ГВЭ": "государственного выпускного экзамена",
    ESSAY: "итогового сочинения (изложения)",
    INTERVIEW: "итогового собеседования по русскому языку",
}
# the сочинение and the собеседование: «зачёт» / «незачёт» instead of marks
PASS_FAIL_HEADER = ["Предмет", "Класс", "Участ-\nников", "Зачёт", "Незачёт", "Доля незачёта, %"]
PASS_FAIL_WIDTHS = [100, 40, 55, 62, 62, 70]
PASS_FAIL_FORMATS = ["text", "int", "int", "int", "int", "percent"]
FLAG_NAMES = {"low_results": "низкие образовательные результаты", "objectivity_risk": "признаки необъективности"}
FLAG_SHORT = {"low_results": "низкие результаты", "objectivity_risk": "необъективность"}


def running_years(years: int) -> str:
    ordinals = {2: "второй", 3: "третий", 4: "четвёртый", 5: "пятый"}
    return f"{ordinals[years]} год подряд" if years in ordinals else f"{years} лет подряд"


def grades_phrase(items: list[tuple[str, int]]) -> str:
    """[(математика, 6), (математика, 8), (география, 7)] → «математика (6 и 8 классы), география (7 класс)»."""
    by_subject: dict[str, list[int]] = {}
    for subject, grade in items:
        by_subject.setdefault(subject.lower(), []).append(grade)
    parts = []
    for subject, grades in by_subject.items():
        grades = sorted(set(grades))
        numbers = ", ".join(map(str, grades[:-1])) + f" и {grades[-1]}" if len(grades) > 1 else str(grades[0])
        parts.append(f"{subject} ({numbers} {'классы' if len(grades) > 1 else 'класс'})")
    return ", ".join(parts)


def low_quality_phrase(report, kind: str) -> str | None:
    """«качество обучения по муниципалитету второй год подряд менее 40%: математика (8 класс)», or None
    when the rule found nothing in `kind` (`report` is a rules.FlagsReport)."""
    low = [(item.subject, item.grade) for item in report.low_quality if item.kind == kind]
    if not low:
        return None
    return (f"качество обучения по муниципалитету {running_years(report.settings.low_quality_years)} "
            f"менее {report.settings.low_quality_rate:.0%}: {grades_phrase(low)}")


def _programs_deadline(year: int, day: date) -> str:
    """By 1 October of the results' year for an order issued well before it; an order issued later
    (results of a past year) gives a month rather than a date already over."""
    if day <= date(year, 9, 15):
        return f"до 1 октября {year} г."
    return "в течение месяца со дня подписания"


def results_order(db: Database, kind: str, year: int, number: str, day: date,
                  document_kind: str = ORDER) -> OrderDocument:
    """«Об итогах …» of an assessment kind and year: the district's indicators as Приложение № 1, the
    schools flagged by the rules with the numbers behind each flag as Приложение № 2, and clauses
    written from what the rules found."""
    from desktop.services.indicators import indicators
    from desktop.services.rules import flags_for_year

    office = load_office(db)
    table = indicators(db, kind, year)
    if not table.schools:
        from desktop.errors import UserError

        raise UserError(f"В базе нет результатов {kind} {year} года: загрузите их на вкладке «Результаты».")
    report = flags_for_year(db, year)
    pass_fail = kind in PASS_FAIL_KINDS
    rows = [TableRow([r.subject, r.grade, r.participants, r.passed, r.failed, r.share_failed] if pass_fail else
                     [r.subject, r.grade, r.participants, r.pass_rate, r.quality_rate, r.mean_mark, r.share_2])
            for r in sorted(table.municipality, key=lambda r: (r.subject, r.grade))]
    low = low_quality_phrase(report, kind)
    flagged = {flag: sorted({f.name for f in report.flags if f.flag == flag}) for flag in FLAG_NAMES}
    clauses = [Clause(f"Принять к сведению результаты {KIND_TITLES.get(kind, kind)} {year} года "
                      "(приложение № 1).")]
    if low:
        clauses.append(Clause(f"Отметить, что {low}."))
    if flagged["low_results"]:
        clauses.append(Clause(
            "Руководителям общеобразовательных организаций с низкими образовательными результатами ("
            + ", ".join(flagged["low_results"]) + ") разработать и утвердить программы повышения качества "
            "образования (приложение № 2).", deadline=_programs_deadline(year, day)))
    if flagged["objectivity_risk"]:
        clauses.append(Clause(
            "Руководителям общеобразовательных организаций с признаками необъективности результатов ("
            + ", ".join(flagged["objectivity_risk"]) + ") обеспечить присутствие независимых наблюдателей "
            "и перепроверку работ при проведении оценочных процедур (приложение № 2).",
            deadline="в течение учебного года"))
    clauses.append(Clause("Организовать методическое сопровождение учителей по предметам с низкими результатами.",
                          responsible=office.executor_name or None))
    appendices = [Appendix(1, f"Результаты {kind} {year} года по муниципалитету",
                           [Table(PASS_FAIL_HEADER, rows, PASS_FAIL_WIDTHS, PASS_FAIL_FORMATS) if pass_fail else
                            Table(RESULTS_HEADER, rows, RESULTS_WIDTHS, RESULTS_FORMATS)])]
    if report.flags:
        appendices.append(Appendix(2, "Общеобразовательные организации, выделенные по итогам анализа", [Table(
            FLAGS_HEADER, [TableRow([f.name, FLAG_SHORT.get(f.flag, f.flag), f.explanation]) for f in report.flags],
            [2.4, 2.4, 5.6])]))
    return OrderDocument(
        **office_parts(office), kind=document_kind, date=day, number=number,
        title=f"Об итогах {KIND_TITLES.get(kind, kind)} в {year} году",
        preamble=(f"По результатам анализа {KIND_TITLES.get(kind, kind)}, "
                  f"{'проведённого' if pass_fail else 'проведённых'} в {year} году в "
                  "общеобразовательных организациях, в целях повышения качества образования и "
                  "объективности оценочных процедур"),
        clauses=clauses, appendices=appendices,
    )


SCHEDULE_HEADER = ["№ п/п", "Мероприятие", "Сроки проведения", "Участники", "Ответственные"]


def _schedule_key(measure) -> tuple:
    """The schedule's order: by the first day a measure is due («до 8 сентября» before «в течение
    учебного года», which is due at its end), undated measures last, each group in the plan's order."""
    ends = [end for _, end in measure.range_dates()]
    return (not ends, min(ends) if ends else date.min, measure.position)


def monitoring_order(db: Database, roadmap_id: int, number: str, day: date,
                     kind: str | None = None) -> OrderDocument:
    """«О реализации мониторинга …»: the plan's work as a schedule (график) in the order it falls due,
    undated work last, Приложение № 1."""
    roadmap, groups = load_roadmap(db, roadmap_id)
    office = load_office(db)
    measures = [m for _, ms in groups for m in ms]
    rows = [TableRow([f"{i}.", m.text, deadline_cell(m.deadline_text), m.participants, m.responsible])
            for i, m in enumerate(sorted(measures, key=_schedule_key), start=1)]
    years = f"{roadmap.period_start.year}-{roadmap.period_end.year} учебном году" if roadmap.period else "текущем году"
    return OrderDocument(
        **office_parts(office),
        kind=plan_kind(roadmap, kind),
        date=day,
        number=number,
        title=f"О реализации мониторинга качества образования в {years}",
        preamble=("В целях организованного проведения оценочных процедур и мониторинга качества образования "
                  f"в общеобразовательных организациях в {years}"),
        clauses=[
            Clause("Утвердить график проведения мероприятий мониторинга (приложение № 1)."),
            Clause("Руководителям общеобразовательных организаций:", children=[
                Clause("обеспечить участие обучающихся и педагогов в мероприятиях по графику;"),
                Clause("обеспечить объективность проведения и проверки работ;"),
                Clause(f"представлять результаты {_to_office(office)}в установленные сроки."),
            ]),
            Clause("Обеспечить анализ результатов мониторинга и подготовку аналитических справок.",
                   responsible=office.executor_name or None),
        ],
        appendices=[Appendix(1, "График проведения мероприятий мониторинга",
                             [Table(SCHEDULE_HEADER, rows, APPENDIX_WIDTHS)])],
    )


def blank_order(db: Database, day: date) -> OrderDocument:
    """An order written from scratch: the office's letterhead and signature, the rest to fill in."""
    return OrderDocument(**office_parts(load_office(db)), date=day, number="", title="О ",
                         clauses=[Clause("")])


# The ready-made orders built from a plan, by the name `msoko order NAME` and the window use.
PLAN_ORDERS: dict[str, Callable[..., OrderDocument]] = {  # (db, roadmap id, number, day, kind=None)
    "roadmap": roadmap_order,
    "monitoring": monitoring_order,
}
