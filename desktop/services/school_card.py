"""A school's card: its figures by year and subject, the flags the results rules gave it year by year
with their reasons, and the measures of the plans addressed to it with their state — gathered once
here for the window's card, its printed page and `msoko schools card`.

    card = school_card(db, find_school(db, "edu990101"))   # find_school: services/school_matching
    card.to_json()               # {"school", "results", "flags": {"2025": […]}, "measures": […]}
    card_document(card, office)  # a ReportDocument: pdf / docx writers of services/documents
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.figures import PASS_FAIL_KINDS
from desktop.models.db import Database
from desktop.models.roadmaps import RoadmapsRepository, status_label
from desktop.models.schools import School
from desktop.services.documents.model import TableRow
from desktop.services.documents.report_model import Heading, Paragraph, ReportDocument, ReportTable
from desktop.services.indicators import IndicatorRow, school_history
from desktop.services.orders import FLAG_SHORT

EGE = "ЕГЭ"
FLAG_MARKS = {"low_results": "low", "objectivity_risk": "risk"}
TABLE_SIZE = 10


@dataclass(frozen=True)
class CardMeasure:
    """A measure of a plan that names the school, as it stands on the card's day."""

    plan_id: int
    plan_title: str
    plan_finished: bool
    measure_id: int
    number: str | None
    text: str
    status: str  # the key of roadmaps.STATUS_LABELS, as the measure stands on the day
    state: str  # in words: «выполнено 20.11.2026», «не начато, просрочено»
    due: date | None
    flag: str | None  # the rules' flag the measure answers, None when the school was named by hand

    def to_json(self) -> dict:
        return {"plan_id": self.plan_id, "number": self.number, "text": self.text, "status": self.status,
                "due": self.due.isoformat() if self.due else None}


@dataclass
class SchoolCard:
    school: School
    today: date
    results: list[IndicatorRow] = field(default_factory=list)
    flags: dict[int, list] = field(default_factory=dict)  # year → rules.Flag of the school, years with results
    measures: list[CardMeasure] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "school": self.school.to_json(),
            "results": [row.to_json() for row in self.results],
            "flags": {str(year): [flag.to_json() for flag in flags] for year, flags in self.flags.items()},
            "measures": [measure.to_json() for measure in self.measures],
        }


def school_card(db: Database, school: School, today: date | None = None) -> SchoolCard:
    from desktop.services.rules import flags_for_year

    today = today or date.today()
    card = SchoolCard(school, today, school_history(db, school.id))
    for year in sorted({row.year for row in card.results}):
        card.flags[year] = [f for f in flags_for_year(db, year).flags if f.school_id == school.id]
    plans = {plan.id: plan for plan in RoadmapsRepository(db).list()}
    for measure, flag in RoadmapsRepository(db).school_measures(school.id):
        plan = plans[measure.roadmap_id]
        state = status_label(measure, today)
        if not plan.archived and measure.is_overdue(today):
            state += ", просрочено"
        card.measures.append(CardMeasure(
            plan.id, plan.title, plan.archived, measure.id, measure.number, measure.text, measure.status_on(today),
            state, measure.next_due(today) or measure.due, flag))
    return card


# --- the printed page ---------------------------------------------------------------------------------
def figures_tables(card: SchoolCard) -> list[ReportTable]:
    """One small table per kind of assessment: a row per subject and grade, two figures per year — quality
    and the share of «2» (ЕГЭ: the mean test score and the share below the minimum; the сочинение and the
    собеседование: participants and the share of «незачёт»)."""
    tables = []
    for kind in dict.fromkeys(row.kind for row in card.results):
        rows = [row for row in card.results if row.kind == kind]
        years = sorted({row.year for row in rows})
        ege, pass_fail = kind == EGE, kind in PASS_FAIL_KINDS
        first, second = ("Ср. балл", "Ниже мин., %") if ege else ("Участн.", "Незачёт, %") if pass_fail else (
            "Кач., %", "«2», %")
        formats = ["text", "int"] + ["score" if ege else "int" if pass_fail else "percent", "percent"] * len(years)
        header = ["Предмет", "Класс"] + [f"{name}\n{year}" for year in years for name in (first, second)]
        by_group: dict[tuple[str, int], dict[int, IndicatorRow]] = {}
        for row in rows:
            by_group.setdefault((row.subject, row.grade), {})[row.year] = row
        body = []
        for (subject, grade), by_year in sorted(by_group.items()):
            cells: list = [subject, grade]
            for year in years:
                row = by_year.get(year)
                if row is None:
                    cells += [None, None]
                elif ege:
                    cells += [row.mean_test, row.share_below]
                elif pass_fail:
                    cells += [row.participants, row.share_failed]
                else:
                    cells += [row.quality_rate, row.share_2]
            body.append(TableRow(cells))
        tables.append(ReportTable(header, body, [3.0, 1.0] + [1.2] * (2 * len(years)), formats,
                                  caption=kind, sheet="Результаты", group=kind, font_size=TABLE_SIZE))
    return tables


def flags_table(card: SchoolCard) -> ReportTable | None:
    from desktop.services.results_report import RULE_NAMES

    rows = [TableRow([year, FLAG_SHORT.get(f.flag, f.flag), RULE_NAMES.get(f.rule, f.rule), f.explanation],
                     marks={1: FLAG_MARKS.get(f.flag, "risk")})
            for year, flags in sorted(card.flags.items(), reverse=True) for f in flags]
    if not rows:
        return None
    legend = [("low", "низкие образовательные результаты"), ("risk", "признаки необъективности результатов")]
    return ReportTable(["Год", "Признак", "Правило", "Основание (числа)"], rows, [0.6, 1.5, 1.8, 5.6],
                       ["int", "text", "text", "text"], legend=legend, sheet="Признаки", font_size=TABLE_SIZE)


def measures_table(card: SchoolCard) -> ReportTable | None:
    if not card.measures:
        return None
    rows = [TableRow([m.plan_title + (" (завершён)" if m.plan_finished else ""), m.number or "", m.text,
                      m.due.strftime("%d.%m.%Y") if m.due else "", m.state]) for m in card.measures]
    return ReportTable(["План", "№", "Мероприятие", "Срок", "Состояние"], rows, [2.2, 0.7, 4.0, 1.2, 1.9],
                       sheet="Мероприятия", font_size=TABLE_SIZE)


def card_document(card: SchoolCard, office: str = "") -> ReportDocument:
    """The card as a report: the school's particulars, its flags, measures and figures."""
    school = card.school
    particulars = [f"Код ФИС ОКО: {school.code}" if school.code else "",
                   f"населённый пункт: {school.settlement}" if school.settlement else "",
                   f"директор: {school.director}" if school.director else "",
                   "" if school.active else "не действует"]
    line = "; ".join(p for p in particulars if p)
    blocks: list = [Paragraph(line if line.endswith(".") else line + ".")] if line else []
    # what calls for work first: the flags and the measures answering them are short; the figures follow
    blocks.append(Heading("Признаки"))
    flags = flags_table(card)
    blocks.append(flags or Paragraph("Правила не выделяли школу ни в одном году с результатами."))
    blocks.append(Heading("Мероприятия планов, адресованные школе"))
    measures = measures_table(card)
    blocks.append(measures or Paragraph("Мероприятий, адресованных школе, в планах нет."))
    blocks.append(Heading("Результаты оценочных процедур"))
    tables = figures_tables(card)
    blocks += tables or [Paragraph("Результатов в базе нет.")]
    return ReportDocument(title=f"Карточка школы: {school.short_name}", office=office,
                          date_line=f"на {card.today:%d.%m.%Y}", blocks=blocks)
