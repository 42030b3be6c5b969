"""«Аналитический отчёт о результатах …» of one assessment kind and year, as a report document.

    document = results_report(db, "ВПР", 2026)
    save_report(document, Path("итоги.pdf"))       # .pdf, .docx or .xlsx

The report has these parts: the district at a glance (figures per subject and grade beside the
region and the whole sample, the district against the region, the trend over the years), the
results per subject and grade (a table of schools with coloured marks and the distribution of marks
per school), the completion of the tasks where the works have task data (`report_tasks`: each
school's weakest and strongest tasks as sentences), and every rule that fired with the numbers behind it. Thresholds of the marks are the
office's rule settings, so the marks in the tables and the rules agree. ЕГЭ is reported by its own
figures: mean test score, the share below the minimum, 81–100 and 100.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from desktop.errors import UserError
from desktop.figures import MARKS, PASS_FAIL_KINDS
from desktop.models.db import Database
from desktop.models.office import load_office
from desktop.models.results import parse_kind
from desktop.services.documents.model import TableRow, format_value
from desktop.services.documents.report_files import REPORT_FORMATS, save_report
from desktop.services.documents.report_model import (
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    ReportTable,
    Series,
)
from desktop.services.indicators import IndicatorRow, combine, district_rows, indicators, reference_rows, school_rows
from desktop.services.orders import FLAG_SHORT, KIND_TITLES, low_quality_phrase
from desktop.services.report_tasks import task_blocks
from desktop.services.rules import (
    LOW_RESULTS,
    MARKED_KINDS,
    OBJECTIVITY,
    FlagsReport,
    RuleSettings,
    flags_for_year,
    load_rule_settings,
    pct,
    pct_setting,
    points,
)
from desktop.services.rules_tasks import settings_text as task_settings_text
from desktop.services.wording import count_of

__all__ = ["results_report", "save_report", "REPORT_FORMATS", "RULE_NAMES"]

EGE = "ЕГЭ"
RULE_NAMES = {
    "share_2": "доля «2» не ниже порога в нескольких ВПР",
    "quality_decile": "качество в нижней части школ",
    "raised_share": "доля «повысили» выше средней",
    "lowered_share": "доля «понизили» выше средней",
    "quality_jump": "резкий рост качества за год",
    "vpr_vs_oge": "ВПР выше ОГЭ тех же обучающихся",
    "region_anomaly": "выше региона без подтверждения",
    "medalists": "медалисты не подтвердили медаль",
    "task_pattern": "базовые задания выполнены хуже сложных",
    "score_peaks": "пики первичных баллов у границ отметок",
    "share_failed": "доля незачёта не ниже порога",
}
# the kinds whose results each rule reads
RULE_KINDS = {"share_2": ("ВПР",), "quality_decile": ("ВПР",), "raised_share": ("ВПР",),
              "lowered_share": ("ВПР",), "quality_jump": ("ВПР",), "vpr_vs_oge": ("ВПР", "ОГЭ"),
              "region_anomaly": ("ВПР", "ОГЭ"), "medalists": ("ЕГЭ",), "task_pattern": MARKED_KINDS,
              "score_peaks": MARKED_KINDS, "share_failed": PASS_FAIL_KINDS}
HISTORY_YEARS = 5  # the report's table of flags over the years: the year and the four before it
MARK_SERIES = [("«2»", "C0504D"), ("«3»", "F2B33D"), ("«4»", "9BBB59"), ("«5»", "4F7A28")]
BAND_SERIES = [("ниже минимума", "C0504D"), ("от минимума до 80", "8EA9DB"), ("81–100", "2F5597")]
TABLE_SIZE = 10  # indicator tables are dense: 10 pt, as analytic notes print them

# (header, relative width, format); headers carry their own hyphens so that narrow columns hold them
_LEVEL = ("Уровень", 120, "text")
_SCHOOL = ("Школа", 110, "text")
_PARTICIPANTS = ("Участ-\nников", 44, "int")
_MARKED = [("Успевае-\nмость, %", 48, "percent"), ("Качество, %", 54, "percent"),
           ("Средняя отметка", 48, "decimal")]
_SOU = ("СОУ, %", 36, "percent")
_SHARE_2 = ("Доля «2», %", 36, "percent")
_JOURNAL = [("Пони-\nзили, %", 36, "percent"), ("Повы-\nсили, %", 36, "percent")]
_QUALITY_CHANGE = ("Измене-\nние качества, п. п.", 50, "change")
_EGE = [("Средний тесто-\nвый балл", 48, "score"), ("Ниже мини-\nмума", 44, "int"),
        ("Доля ниже мини-\nмума, %", 48, "percent"), ("81–100 баллов", 44, "int"), ("100 баллов", 40, "int")]
_SCORE_CHANGE = ("Измене-\nние сред-\nнего балла", 48, "score_change")


def _table(columns, rows, **kwargs) -> ReportTable:
    return ReportTable([c[0] for c in columns], rows, [c[1] for c in columns], [c[2] for c in columns],
                       font_size=TABLE_SIZE, **kwargs)


def _change(row: IndicatorRow, name: str) -> float | None:
    change = row.change
    return change[name] if change else None


def _percent100(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _label(subject: str, grade: int, single_grade: bool) -> str:
    return subject if single_grade else f"{subject} {grade} кл."


class _Context:
    """What every part of the report reads: the year's figures, grouped, and the rules' findings."""

    def __init__(self, db: Database, kind: str, year: int):
        self.kind, self.year = kind, year
        self.ege = kind == EGE
        table = indicators(db, kind, year)
        if not table.schools:
            raise UserError(f"Нет результатов {kind} за {year} год.")
        self.settings: RuleSettings = load_rule_settings(db)
        self.flags: FlagsReport = flags_for_year(db, year, self.settings)
        self.groups = sorted({(r.subject, r.grade) for r in table.schools})
        self.single_grade = len({g for _, g in self.groups}) == 1
        self.schools: dict[tuple, list[IndicatorRow]] = defaultdict(list)
        for row in table.schools:
            self.schools[(row.subject, row.grade)].append(row)
        self.district = {(r.subject, r.grade): r for r in table.municipality}
        self.region = {(r.subject, r.grade): r for r in table.reference if r.level == "region"}
        self.whole = {(r.subject, r.grade): r for r in table.reference if r.level == "all"}
        self.rule_flags = [f for f in self.flags.flags if kind in RULE_KINDS.get(f.rule, ())]
        self.flagged: dict[int, str] = {}
        for flag in self.rule_flags:  # objectivity outranks low results in the name cell
            if self.flagged.get(flag.school_id) != "risk":
                self.flagged[flag.school_id] = "risk" if flag.flag == OBJECTIVITY else "low"
        self.db = db

    def label(self, subject: str, grade: int) -> str:
        return _label(subject, grade, self.single_grade)

    def spelled(self, subject: str, grade: int) -> str:
        """In a sentence: «математика, 8 класс», or «математика» when all results are of one grade."""
        return subject.lower() if self.single_grade else f"{subject.lower()}, {grade} класс"

    def judged(self, row: IndicatorRow) -> bool:
        count = row.marked if not self.ege or row.marked else row.participants
        return bool(count) and count >= self.settings.min_participants

    def references(self, key: tuple) -> list[IndicatorRow]:
        return [r for r in (self.region.get(key), self.whole.get(key)) if r is not None]


# --- marks -------------------------------------------------------------------------------------

def _legend(ctx: _Context) -> list[tuple[str, str]]:
    s = ctx.settings
    if ctx.ege:
        return [("low", f"доля не преодолевших минимальный порог не ниже {pct_setting(s.share_2_threshold)}")]
    low = (f"качество обучения ниже {pct_setting(s.low_quality_rate)}, доля «2» не ниже "
           f"{pct_setting(s.share_2_threshold)}; в графе «Школа» — школа с низкими образовательными "
           "результатами по правилам")
    risk = (f"доля «повысили» или «понизили» выше региона на {points(s.journal_margin)} и более, рост качества "
            f"за год на {points(s.jump_rate)} и более; в графе «Школа» — школа с признаками необъективности")
    return [("low", low), ("risk", risk)]


def _school_marks(ctx: _Context, row: IndicatorRow, columns: list[tuple]) -> dict[int, str]:
    marks: dict[int, str] = {}
    if row.school_id in ctx.flagged:
        marks[0] = ctx.flagged[row.school_id]
    if not ctx.judged(row):
        return marks
    index = {c[0]: i for i, c in enumerate(columns)}
    s = ctx.settings
    if ctx.ege:
        if row.share_below is not None and row.share_below >= s.share_2_threshold:
            marks[index[_EGE[2][0]]] = "low"
        return marks
    if row.quality_rate is not None and row.quality_rate < s.low_quality_rate:
        marks[index[_MARKED[1][0]]] = "low"
    if row.share_2 is not None and row.share_2 >= s.share_2_threshold:
        marks[index[_SHARE_2[0]]] = "low"
    jump = _change(row, "quality_rate")
    if jump is not None and jump >= s.jump_rate:
        marks[index[_QUALITY_CHANGE[0]]] = "risk"
    if _JOURNAL[0][0] in index and row.compared:
        key = (row.subject, row.grade)
        region = ctx.region.get(key)
        base = region if region is not None and region.compared else ctx.district[key]
        for what, column in (("lowered", _JOURNAL[0][0]), ("raised", _JOURNAL[1][0])):
            share, reference = row.journal_share(what), base.journal_share(what)
            if share is not None and reference is not None and share - reference >= s.journal_margin:
                marks[index[column]] = "risk"
    return marks


# --- tables ------------------------------------------------------------------------------------

def _figures(ctx: _Context, row: IndicatorRow, journal: bool) -> list:
    if ctx.ege:
        return [row.participants, row.mean_test, row.below_threshold, row.share_below, row.score_81_100,
                row.score_100, _change(row, "mean_test")]
    cells = [row.marked, row.pass_rate, row.quality_rate, row.mean_mark]
    if not journal:
        cells.append(row.sou)
    cells.append(row.share_2)
    if journal:
        cells += [row.journal_share("lowered"), row.journal_share("raised")]
    return cells + [_change(row, "quality_rate")]


def _columns(ctx: _Context, first: tuple, journal: bool) -> list[tuple]:
    if ctx.ege:
        return [first, _PARTICIPANTS, *_EGE, _SCORE_CHANGE]
    return [first, _PARTICIPANTS, *_MARKED, *([] if journal else [_SOU]), _SHARE_2,
            *(_JOURNAL if journal else []), _QUALITY_CHANGE]


def _district_table(ctx: _Context) -> ReportTable:
    columns = _columns(ctx, _LEVEL, journal=False)
    rows: list[TableRow] = []
    low = ctx.settings.low_quality_rate
    for key in ctx.groups:
        rows.append(TableRow.section(ctx.label(*key)))
        district = ctx.district[key]
        marks = {}
        if not ctx.ege and district.quality_rate is not None and district.quality_rate < low:
            marks[columns.index(_MARKED[1])] = "low"
        rows.append(TableRow([district.name, *_figures(ctx, district, False)], marks=marks, strong=True))
        rows += [TableRow([r.name, *_figures(ctx, r, False)]) for r in ctx.references(key)]
    legend = [] if ctx.ege else [("low", f"качество обучения по муниципалитету ниже {pct_setting(low)}")]
    caption = "Показатели муниципалитета" + (", региона и всей выборки" if ctx.region or ctx.whole else "")
    return _table(columns, rows, caption=caption, legend=legend, sheet="Муниципалитет")


def _school_table(ctx: _Context, key: tuple) -> ReportTable:
    rows_in = sorted(ctx.schools[key], key=lambda r: r.name)
    journal = not ctx.ege and any(r.compared for r in rows_in)
    columns = _columns(ctx, _SCHOOL, journal)
    rows = [TableRow([r.name, *_figures(ctx, r, journal)], marks=_school_marks(ctx, r, columns)) for r in rows_in]
    district = ctx.district[key]
    rows.append(TableRow([district.name, *_figures(ctx, district, journal)], strong=True))
    title = "Результаты по школам"
    if not ctx.ege:
        title += " (изменение — к " + str(ctx.year - 1) + " году)"
    return _table(columns, rows, caption=title, legend=_legend(ctx), sheet="Школы", group=ctx.label(*key))


def _rules_table(ctx: _Context) -> ReportTable:
    rows = [TableRow([f.name, FLAG_SHORT.get(f.flag, f.flag), RULE_NAMES.get(f.rule, f.rule), f.explanation],
                     marks={1: "risk" if f.flag == OBJECTIVITY else "low"}) for f in ctx.rule_flags]
    legend = [("low", "низкие образовательные результаты"), ("risk", "признаки необъективности результатов")]
    return ReportTable(["Школа", "Признак", "Правило", "Основание (числа)"], rows, [2.2, 2.2, 1.9, 4.7],
                       caption="Школы, выделенные правилами", legend=legend, sheet="Правила", font_size=TABLE_SIZE)


def _history_cell(history_flags: list, left: list[str]) -> str:
    parts = [f"{FLAG_SHORT.get(f.flag, f.flag)}: {RULE_NAMES.get(f.rule, f.rule)}"
             + (" (второй год подряд)" if f.running == 2 else f" ({f.running}-й год подряд)" if f.running > 2 else "")
             for f in history_flags]
    parts += [f"вышла из списка: {FLAG_SHORT.get(kind, kind)}" for kind in left]
    return "; ".join(parts)


def flags_history_rows(history, rules: set[str] | None = None) -> list[list[str]]:
    """The table of flags over the years as text: a header (Школа, the years) and a row per school;
    `rules` keeps only those rules' flags (None: all)."""
    rows = [["Школа", *map(str, history.years)]]
    for school in history.schools:
        cells = [_history_cell([f for f in school.flags.get(y, []) if rules is None or f.rule in rules],
                               school.left.get(y, [])) for y in history.years]
        if any(cells):
            rows.append([school.name, *cells])
    return rows


def flags_history_table(history, rules: set[str] | None = None) -> ReportTable | None:
    """«Признаки по годам»: school × year, each flag with its rule, «второй год подряд», and the years a
    school left a list; None when no school carries a flag in those years."""
    header, *rows = flags_history_rows(history, rules)
    kept = [0] + [i for i in range(1, len(header)) if any(row[i] for row in rows)]  # years with a flag
    if not rows:
        return None
    header, rows = [header[i] for i in kept], [[row[i] for i in kept] for row in rows]
    table_rows = []
    for row in rows:
        marks = {i: "risk" for i, cell in enumerate(row[1:], 1) if "подряд" in cell}
        table_rows.append(TableRow(row, marks=marks))
    legend = [("risk", "признак второй год подряд и дольше")]
    return ReportTable(header, table_rows, [2.2] + [1.8] * (len(header) - 1),
                       caption=f"Признаки по годам ({header[1]}–{header[-1]})", legend=legend,
                       sheet="Признаки по годам", font_size=TABLE_SIZE)


def _history_blocks(ctx: _Context) -> list:
    from desktop.services.flags_history import flags_history

    history = flags_history(ctx.db, ctx.year - HISTORY_YEARS + 1, ctx.year, ctx.settings)
    table = flags_history_table(history, {rule for rule, kinds in RULE_KINDS.items() if ctx.kind in kinds})
    return [table] if table else []


# --- charts ------------------------------------------------------------------------------------

def _distribution(ctx: _Context, row: IndicatorRow) -> list[float | None]:
    """Shares of «2»…«5» (or, for ЕГЭ test scores, below the minimum / up to 80 / 81–100) in %."""
    if row.marked:
        return [_percent100(getattr(row, n) / row.marked) for n in MARKS]
    if ctx.ege and row.participants and row.below_threshold is not None:
        high = row.score_81_100 or 0
        middle = row.participants - row.below_threshold - high
        return [_percent100(v / row.participants) for v in (row.below_threshold, middle, high)]
    return [None] * (4 if not ctx.ege else 3)


def _distribution_chart(ctx: _Context, key: tuple) -> Chart:
    rows = sorted(ctx.schools[key], key=lambda r: r.name)
    rows = [ctx.district[key], *ctx.references(key), *rows]
    by_marks = any(r.marked for r in rows)
    names = MARK_SERIES if by_marks else BAND_SERIES
    values = [_distribution(ctx, r)[: len(names)] for r in rows]
    what = "отметок" if by_marks else "тестовых баллов"
    return Chart("stacked", f"{ctx.label(*key)}: распределение {what} по школам, %", [r.name for r in rows],
                 [Series(name, [v[i] for v in values], colour) for i, (name, colour) in enumerate(names)],
                 value_title="Доля участников", unit="%", value_max=100)


def _comparison_chart(ctx: _Context, what: str, title: str, value_title: str, unit: str,
                      value_max: float | None = None) -> Chart:
    categories = [ctx.label(*key) for key in ctx.groups]
    levels = [("Муниципалитет", ctx.district), ("Регион", ctx.region), ("Вся выборка", ctx.whole)]
    series = []
    for name, rows in levels:
        values = []
        for key in ctx.groups:
            row = rows.get(key)
            value = getattr(row, what) if row is not None else None
            values.append(value if value is None or unit != "%" else _percent100(value))
        if any(v is not None for v in values):
            series.append(Series(name, values))
    return Chart("grouped", title, categories, series, value_title=value_title, unit=unit, value_max=value_max)


def _trend_chart(ctx: _Context) -> Chart:
    """The district against the region over the years, all results of the kind together."""
    years = range(ctx.year - 4, ctx.year + 1)
    schools = school_rows(ctx.db, kinds=[ctx.kind], years=years)
    region = reference_rows(ctx.db, kinds=[ctx.kind], years=years, levels=("region",))
    by_year = sorted({r.year for r in schools})

    def total(rows: list[IndicatorRow], year: int) -> IndicatorRow | None:
        rows = [r for r in rows if r.year == year]
        return combine(rows, level="total", kind=ctx.kind, year=year, subject="", grade=0) if rows else None

    district = [total(district_rows(schools), y) for y in by_year]
    regional = [total(region, y) for y in by_year]
    if ctx.ege:
        measures = [("Средний тестовый балл", "mean_test", 1.0), ("Доля ниже минимума, %", "share_below", 100)]
    else:
        measures = [("Качество", "quality_rate", 100), ("Доля «2»", "share_2", 100)]
    series = []
    for label, name, scale in measures:
        for who, rows in (("муниципалитет", district), ("регион", regional)):
            values = [None if r is None or getattr(r, name) is None else round(getattr(r, name) * scale, 1)
                      for r in rows]
            if any(v is not None for v in values):
                series.append(Series(f"{label} — {who}", values))
    colours = ["2F5597", "8EA9DB", "C55A11", "F4B183"]
    for s, colour in zip(series, colours, strict=False):
        s.colour = colour
    unit = "" if ctx.ege else "%"
    return Chart("lines", f"Динамика результатов {ctx.kind} по годам (все предметы и классы)",
                 [str(y) for y in by_year], series, value_title="Значение" if ctx.ege else "Доля участников",
                 category_title="Год", unit=unit, value_max=None)


# --- texts -------------------------------------------------------------------------------------

def _names(flags, flag: str) -> list[str]:
    return sorted({f.name for f in flags if f.flag == flag})


def _overview_text(ctx: _Context) -> list[str]:
    schools = {r.school_id for rows in ctx.schools.values() for r in rows}
    works = sum(r.participants or 0 for r in ctx.district.values())
    texts = [f"В базе — результаты {ctx.kind} {ctx.year} года: общеобразовательных организаций муниципалитета — "
             f"{len(schools)}, {'предметов' if ctx.single_grade else 'предметов и классов'} — {len(ctx.groups)}, "
             f"участников (по всем работам) — {works}."]
    districts = [(ctx.district[k], k) for k in ctx.groups]
    if ctx.ege:
        scored = [(r, k) for r, k in districts if r.mean_test is not None]
        if scored:
            low, high = min(scored, key=lambda p: p[0].mean_test), max(scored, key=lambda p: p[0].mean_test)
            texts.append(f"Средний тестовый балл по муниципалитету — от {format_value(low[0].mean_test, 'score')} "
                         f"({ctx.spelled(*low[1])}) до {format_value(high[0].mean_test, 'score')} "
                         f"({ctx.spelled(*high[1])}).")
        below = sum(r.below_threshold or 0 for r, _ in districts)
        texts.append(f"Не преодолели минимальный порог — {count_of(below, 'результат')} "
                     f"({pct(below / works) if works else '—'}); "
                     f"81–100 баллов — {sum(r.score_81_100 or 0 for r, _ in districts)}, "
                     f"100 баллов — {sum(r.score_100 or 0 for r, _ in districts)}.")
        return texts
    rated = [(r, k) for r, k in districts if r.quality_rate is not None]
    if rated:
        low, high = min(rated, key=lambda p: p[0].quality_rate), max(rated, key=lambda p: p[0].quality_rate)
        text = (f"Качество обучения по муниципалитету — от {pct(low[0].quality_rate)} "
                f"({ctx.spelled(*low[1])}) до {pct(high[0].quality_rate)} ({ctx.spelled(*high[1])})")
        compared = [(r, ctx.region[k]) for r, k in rated if k in ctx.region and ctx.region[k].quality_rate is not None]
        if compared:
            above = sum(1 for r, region in compared if r.quality_rate >= region.quality_rate)
            text += f"; не ниже регионального в {count_of(above, 'работа', 'loct')} из {len(compared)}"
        texts.append(text + ".")
    low_phrase = low_quality_phrase(ctx.flags, ctx.kind)
    if low_phrase:
        texts.append(f"Отмечено: {low_phrase}.")
    for flag, words in ((LOW_RESULTS, "с низкими образовательными результатами"),
                        (OBJECTIVITY, "с признаками необъективности результатов")):
        names = _names(ctx.rule_flags, flag)
        if names:
            texts.append(f"По правилам выделены школы {words}: {', '.join(names)}.")
    return texts


def _group_text(ctx: _Context, key: tuple) -> str:
    district = ctx.district[key]
    region, whole = ctx.region.get(key), ctx.whole.get(key)
    text = f"Участников — {district.participants} из {len(ctx.schools[key])} школ."
    if ctx.ege:
        if district.mean_test is not None:
            text += f" Средний тестовый балл — {format_value(district.mean_test, 'score')}"
            change = _change(district, "mean_test")
            if change is not None:
                text += f", к {ctx.year - 1} году: {format_value(change, 'score_change')}"
            text += "."
        if district.share_below is not None:
            text += f" Ниже минимального порога — {district.below_threshold} ({pct(district.share_below)})."
        return text
    if district.quality_rate is None:
        return text

    def beside(name: str) -> str:
        parts = [f"{label} — {pct(getattr(r, name))}" for label, r in (("регион", region), ("вся выборка", whole))
                 if r is not None and getattr(r, name) is not None]
        return f" ({', '.join(parts)})" if parts else ""

    text += f" Качество обучения — {pct(district.quality_rate)}{beside('quality_rate')}"
    change = _change(district, "quality_rate")
    if change is not None:
        text += f", к {ctx.year - 1} году: {format_value(change, 'change')} п. п."
    text += f"; доля «2» — {pct(district.share_2)}{beside('share_2')}."
    return text


def _settings_text(ctx: _Context) -> str:
    s = ctx.settings
    return (f"Пороговые значения правил (настройки): качество обучения по муниципалитету ниже "
            f"{pct_setting(s.low_quality_rate)} {s.low_quality_years} года подряд; низкие образовательные "
            f"результаты — доля «2» не ниже {pct_setting(s.share_2_threshold)} не менее чем в {s.share_2_min_count} "
            f"ВПР года или качество в нижних {pct_setting(s.quality_decile)} школ и не выше "
            f"{pct_setting(s.quality_decile_floor)}; признаки необъективности — доля "
            f"«повысили» или «понизили» выше региона на {points(s.journal_margin)} и более не менее чем в "
            f"{s.objectivity_min_count} ВПР, рост качества за год сверх изменения по региону на {points(s.jump_rate)} и более, "
            f"качество ВПР "
            f"8 класса выше ОГЭ на {points(s.vpr_oge_gap)} и более не менее чем по "
            f"{count_of(s.vpr_oge_min_subjects, 'предмет', 'datv')}, качество выше регионального на {points(s.region_margin)} и более (участников не менее "
            f"{s.region_min_participants}) без подтверждения теми же обучающимися, тестовый балл ЕГЭ медалистов "
            f"ниже {s.medalist_min_score}. Результаты с числом участников меньше {s.min_participants} не оцениваются.")


def _rules_blocks(ctx: _Context, number: int) -> list:
    blocks: list = [Heading(f"{number}. Сработавшие правила")]
    if ctx.ege:
        blocks.append(Paragraph("Правила выявления школ с низкими образовательными результатами и признаками "
                                "необъективности применяются к результатам ВПР и ОГЭ; к результатам ЕГЭ они не "
                                "относятся. Отметки в таблицах ЕГЭ выделяют долю не преодолевших минимальный порог."))
        if ctx.rule_flags:  # the medalists' non-confirmation index reads ЕГЭ scores
            blocks.append(_rules_table(ctx))
        return blocks + _history_blocks(ctx)
    blocks.append(Paragraph(_settings_text(ctx)))
    blocks.append(Paragraph(task_settings_text(ctx.settings)))
    low = [item for item in ctx.flags.low_quality if item.kind == ctx.kind]
    blocks += [Paragraph(f"Качество по муниципалитету: {item.explanation}") for item in low]
    if ctx.rule_flags:
        blocks.append(_rules_table(ctx))
    if not low and not ctx.rule_flags:
        blocks.append(Paragraph(f"По результатам {ctx.kind} {ctx.year} года ни одно правило не сработало."))
    blocks += _history_blocks(ctx)
    blocks += [Paragraph(note) for note in ctx.flags.notes]
    return blocks


# A change smaller than this is not called a rise or a fall in the conclusions: 2 percentage points of
# quality (a few pupils of a small district), 2 test points of a mean ЕГЭ score.
NOTABLE_CHANGE = {"quality_rate": 0.02, "mean_test": 2.0}
# The district is called behind the region from this gap on.
NOTABLE_GAP = {"quality_rate": 0.05, "mean_test": 3.0}


def _conclusions(ctx: _Context) -> list[str]:
    """«4. Выводы», written from the figures: what rose and fell against the year before, where the
    district is behind the region, the highest share of «2», which schools the rules named."""
    name = "mean_test" if ctx.ege else "quality_rate"
    what = "Средний тестовый балл" if ctx.ege else "Качество обучения"
    fmt_change = "score_change" if ctx.ege else "change"
    unit = "" if ctx.ege else " п. п."

    def listed(items: list[tuple[tuple, float]]) -> str:
        return ", ".join(f"{ctx.spelled(*key)} ({format_value(value, fmt_change)}{unit})" for key, value in items)

    changes = [(key, _change(ctx.district[key], name)) for key in ctx.groups]
    rose = [(k, c) for k, c in changes if c is not None and c >= NOTABLE_CHANGE[name]]
    fell = [(k, c) for k, c in changes if c is not None and c <= -NOTABLE_CHANGE[name]]
    texts = []
    if rose or fell:
        parts = []
        if rose:
            parts.append(f"выросло: {listed(rose)}" if not ctx.ege else f"вырос: {listed(rose)}")
        if fell:
            parts.append(f"снизилось: {listed(fell)}" if not ctx.ege else f"снизился: {listed(fell)}")
        texts.append(f"{what} по сравнению с {ctx.year - 1} годом {'; '.join(parts)}.")
    elif any(c is not None for _, c in changes):
        texts.append(f"{what} по сравнению с {ctx.year - 1} годом существенно не изменил"
                     f"{'ся' if ctx.ege else 'ось'} ни по одному предмету.")
    behind = []
    for key in ctx.groups:
        district, region = ctx.district[key], ctx.region.get(key)
        if region is not None and getattr(district, name) is not None and getattr(region, name) is not None:
            gap = getattr(district, name) - getattr(region, name)
            if gap <= -NOTABLE_GAP[name]:
                behind.append((key, gap))
    if behind:
        texts.append(f"Ниже регионального уровня: {listed(behind)}.")
    if ctx.ege:
        below = [(key, ctx.district[key]) for key in ctx.groups if ctx.district[key].below_threshold]
        if below:
            texts.append("Не преодолели минимальный порог: " + ", ".join(
                f"{ctx.spelled(*key)} — {count_of(row.below_threshold, 'участник')}" for key, row in below) + ".")
    else:
        shares = [(key, ctx.district[key].share_2) for key in ctx.groups if ctx.district[key].share_2]
        if shares:
            key, share = max(shares, key=lambda item: item[1])
            texts.append(f"Наибольшая доля отметок «2» — {ctx.spelled(*key)}: {pct(share)}.")
        for flag, words in ((LOW_RESULTS, "с низкими образовательными результатами"),
                            (OBJECTIVITY, "с признаками необъективности результатов")):
            names = _names(ctx.rule_flags, flag)
            if names:
                texts.append(f"По правилам выделено {count_of(len(names), 'школа')} {words}: {', '.join(names)}; "
                             "для них рекомендуются адресные меры (приложение к приказу «Об итогах»).")
        if not ctx.rule_flags:
            texts.append("Школ с низкими результатами или признаками необъективности по правилам не выявлено.")
    return texts


# --- the report --------------------------------------------------------------------------------

def results_report(db: Database, kind: str, year: int, *, today: date | None = None) -> ReportDocument:
    """The analytic report of `kind` (ВПР, ОГЭ, ЕГЭ…; the сочинение and the собеседование by
    `pass_fail_report`) in `year`; UserError when there are no results."""
    kind = parse_kind(kind)
    ctx = _Context(db, kind, year)
    office = load_office(db)
    if kind in PASS_FAIL_KINDS:  # «зачёт» / «незачёт», no marks: a report of its own figures
        from desktop.services.pass_fail_report import pass_fail_blocks

        return _document(office, f"Аналитический отчёт о результатах {KIND_TITLES[kind]} {year} года",
                         pass_fail_blocks(ctx), today)
    blocks: list = [Heading("1. Общие итоги по муниципалитету")]
    blocks += [Paragraph(text) for text in _overview_text(ctx)]
    blocks.append(_district_table(ctx))
    if ctx.ege:
        blocks.append(_comparison_chart(ctx, "mean_test", "Средний тестовый балл по предметам",
                                        "Средний тестовый балл", ""))
        blocks.append(_comparison_chart(ctx, "share_below", "Доля не преодолевших минимальный порог, %",
                                        "Доля участников", "%"))
    else:
        blocks.append(_comparison_chart(ctx, "quality_rate", "Качество обучения: муниципалитет и регион, %",
                                        "Качество обучения", "%", value_max=100))
        blocks.append(_comparison_chart(ctx, "share_2", "Доля отметок «2»: муниципалитет и регион, %",
                                        "Доля «2»", "%"))
    blocks.append(_trend_chart(ctx))
    blocks.append(Heading("2. Результаты по предметам" + ("" if ctx.single_grade else " и классам")))
    for key in ctx.groups:
        subject, grade = key
        blocks.append(Heading(subject if ctx.single_grade else f"{subject}, {grade} класс", level=2))
        blocks.append(Paragraph(_group_text(ctx, key)))
        blocks.append(_school_table(ctx, key))
        blocks.append(_distribution_chart(ctx, key))
    tasks = task_blocks(db, kind, year, ctx.groups, number=3, single_grade=ctx.single_grade)
    blocks += tasks
    number = 4 if tasks else 3
    blocks += _rules_blocks(ctx, number)
    blocks.append(Heading(f"{number + 1}. Выводы"))
    blocks += [Paragraph(text) for text in _conclusions(ctx)]
    return _document(office, f"Аналитический отчёт о результатах {kind} {year} года", blocks, today)


def _document(office, title: str, blocks: list, today: date | None) -> ReportDocument:
    document = ReportDocument(
        title=title,
        office=office.full_name,
        date_line=f"Сформирован {(today or date.today()):%d.%m.%Y}",
        blocks=blocks,
    )
    document.signed(office.head_position, office.head_name, office.executor_name, office.executor_phone)
    return document
