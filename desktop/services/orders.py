"""Ready-made orders built from the office's data, each an editable document model."""

from __future__ import annotations

from datetime import date

from desktop.models.db import Database
from desktop.models.office import Office, load_office
from desktop.services.documents.model import (
    Appendix,
    Clause,
    Executor,
    Letterhead,
    OrderDocument,
    Signature,
    Table,
    TableRow,
)
from desktop.services.roadmap_export import load_roadmap

# The office's name in the genitive, for «Приложение № 1 к приказу управления образования …».
_GENITIVE_STARTS = {
    "управление образования": "управления образования",
    "отдел образования": "отдела образования",
    "комитет по образованию": "комитета по образованию",
    "комитет образования": "комитета образования",
    "департамент образования": "департамента образования",
}
# A plan's title starts with a noun phrase in the nominative; orders need it in the genitive
# («Об утверждении плана мероприятий (дорожной карты) …») and the accusative («Утвердить план …»).
_PLAN_CASES = [  # (nominative, genitive, accusative), longest first
    ("план мероприятий", "плана мероприятий", "план мероприятий"),
    ("дорожная карта", "дорожной карты", "дорожную карту"),
    ("комплекс мер", "комплекса мер", "комплекс мер"),
    ("программа", "программы", "программу"),
    ("план", "плана", "план"),
]
_PARENTHESES = {"(дорожная карта)": ("(дорожной карты)", "(дорожную карту)")}
APPENDIX_HEADER = ["№ п/п", "Мероприятие", "Срок исполнения", "Участники", "Ответственные"]
APPENDIX_WIDTHS = [0.7, 4.8, 2.0, 2.5, 2.6]


def office_genitive(office: Office) -> str | None:
    folded = office.full_name.casefold()
    return next((gen for start, gen in _GENITIVE_STARTS.items() if folded.startswith(start)), None)


def plan_in_case(plan_title: str, case: int) -> str:
    """The plan's title in the genitive (case 1) or the accusative (case 2); a title that does not
    start with a known noun is quoted after «дорожной карты» / «дорожную карту»."""
    folded = plan_title.casefold()
    for forms in _PLAN_CASES:
        if folded.startswith(forms[0]):
            rest = plan_title[len(forms[0]):]
            for nominative, declined in _PARENTHESES.items():
                rest = rest.replace(nominative, declined[case - 1])
            return forms[case] + rest
    return f"{_PLAN_CASES[1][case]} «{plan_title}»"


def approval_title(plan_title: str) -> str:
    return f"Об утверждении {plan_in_case(plan_title, 1)}"


def office_parts(office: Office) -> dict:
    """The parts every order of the office shares: letterhead, place, signature and executor."""
    return {
        "letterhead": Letterhead(office.full_name or "(наименование организации)", office.address_line or None,
                                 office_genitive(office)),
        "place": office.place,
        "signature": Signature(office.head_position or "Руководитель", office.head_name),
        "executor": Executor(office.executor_name, office.executor_phone or None) if office.executor_name else None,
    }


def roadmap_order(db: Database, roadmap_id: int, number: str, day: date) -> OrderDocument:
    """«Об утверждении дорожной карты …»: the roadmap becomes Приложение № 1, its sections merged rows."""
    roadmap, groups = load_roadmap(db, roadmap_id)
    office = load_office(db)
    rows: list[TableRow] = []
    for section, measures in groups:
        if section is not None:
            rows.append(TableRow.section(" ".join(p for p in (section.number, section.title) if p)))
        rows.extend(TableRow([m.number or "", m.text, m.deadline_text, m.participants, m.responsible])
                    for m in measures)
    period = (f" на период с {roadmap.period_start:%d.%m.%Y} по {roadmap.period_end:%d.%m.%Y}"
              if roadmap.period else "")
    clauses = [
        Clause(f"Утвердить {plan_in_case(roadmap.title, 2)} (приложение № 1)."),
        Clause("Руководителям общеобразовательных организаций обеспечить выполнение мероприятий "
               "в установленные сроки и представлять в управление образования сведения об их исполнении.",
               deadline="ежеквартально, до 5 числа месяца, следующего за кварталом"),
    ]
    if office.executor_name:
        clauses.append(Clause(f"Назначить ответственным за координацию и мониторинг исполнения плана "
                              f"{office.executor_name}."))
    return OrderDocument(
        **office_parts(office),
        date=day,
        number=number,
        title=approval_title(roadmap.title),
        preamble=("В целях повышения качества образования и обеспечения объективности оценочных процедур "
                  f"в общеобразовательных организациях{period}"),
        clauses=clauses,
        appendices=[Appendix(1, roadmap.title, [Table(APPENDIX_HEADER, rows, APPENDIX_WIDTHS)])],
    )


SCHEDULE_HEADER = ["№ п/п", "Мероприятие", "Сроки проведения", "Участники", "Ответственные"]


def monitoring_order(db: Database, roadmap_id: int, number: str, day: date) -> OrderDocument:
    """«О реализации мониторинга …»: the plan's dated work as a schedule (график) in date order,
    Приложение № 1."""
    roadmap, groups = load_roadmap(db, roadmap_id)
    office = load_office(db)
    dated = sorted((m for _, ms in groups for m in ms if m.range_dates()),
                   key=lambda m: (m.range_dates()[0][0], m.position))
    rows = [TableRow([f"{i}.", m.text, m.deadline_text, m.participants, m.responsible])
            for i, m in enumerate(dated, start=1)]
    years = f"{roadmap.period_start.year}-{roadmap.period_end.year} учебном году" if roadmap.period else "текущем году"
    return OrderDocument(
        **office_parts(office),
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
                Clause("представлять результаты в управление образования в установленные сроки."),
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
