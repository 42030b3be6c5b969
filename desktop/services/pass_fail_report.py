"""The analytic report of a procedure judged «зачёт» / «незачёт» — the итоговое сочинение (изложение)
and the итоговое собеседование (`PASS_FAIL_KINDS`) — made by `results_report.results_report`.

No marks, so no quality, pass rate or share of «2»: the district at a glance (participants, зачёт,
незачёт, the share of незачёт beside the region's, its trend over the years and, for the собеседование,
the mean score out of 20), the schools with the share of незачёт marked from the rule's threshold on,
the distribution of зачёт and незачёт per school, the rule of low results with its numbers, and the
conclusions written from the figures.
"""

from __future__ import annotations

from desktop.figures import INTERVIEW
from desktop.services.documents.model import TableRow, format_value
from desktop.services.documents.report_model import Chart, Heading, Paragraph, Series
from desktop.services.indicators import IndicatorRow, combine, district_rows, reference_rows, school_rows
from desktop.services.orders import KIND_TITLES
from desktop.services.results_report import (
    _LEVEL,
    _PARTICIPANTS,
    _SCHOOL,
    _change,
    _Context,
    _percent100,
    _rules_table,
    _table,
)
from desktop.services.rules import pct, pct_setting
from desktop.services.wording import count_of

_COUNTS = [("Зачёт", 44, "int"), ("Незачёт", 44, "int"), ("Доля незачё-\nта, %", 50, "percent")]
_MEAN = ("Средний балл (из 20)", 50, "score")
_FAILED_CHANGE = ("Измене-\nние доли незачёта, п. п.", 56, "change")
PASS_FAIL_SERIES = [("зачёт", "9BBB59"), ("незачёт", "C0504D")]


def pass_fail_blocks(ctx: _Context) -> list:
    """The report's parts, from the figures `ctx` holds (`results_report` titles and signs them)."""
    blocks: list = [Heading("1. Общие итоги по муниципалитету")]
    blocks += [Paragraph(text) for text in _overview(ctx)]
    blocks.append(_district_table(ctx))
    blocks.append(_trend_chart(ctx))
    blocks.append(Heading("2. Результаты по школам"))
    for key in ctx.groups:
        if len(ctx.groups) > 1:
            blocks.append(Heading(f"{key[0]}, {key[1]} класс", level=2))
        blocks.append(_school_table(ctx, key))
        blocks.append(_distribution_chart(ctx, key))
    blocks += _rules(ctx)
    blocks.append(Heading("4. Выводы"))
    return blocks + [Paragraph(text) for text in _conclusions(ctx)]


def _judged(row: IndicatorRow) -> int:
    return (row.passed or 0) + (row.failed or 0)


def _columns(ctx: _Context, first: tuple) -> list[tuple]:
    return [first, _PARTICIPANTS, *_COUNTS, *([_MEAN] if ctx.kind == INTERVIEW else []), _FAILED_CHANGE]


def _figures(ctx: _Context, row: IndicatorRow) -> list:
    mean = [row.mean_primary] if ctx.kind == INTERVIEW else []
    return [row.participants, row.passed, row.failed, row.share_failed, *mean, _change(row, "share_failed")]


def _high(ctx: _Context, row: IndicatorRow) -> bool:
    s = ctx.settings
    return (_judged(row) >= s.min_participants and row.share_failed is not None
            and row.share_failed >= s.failed_share_threshold)


def _legend(ctx: _Context) -> list[tuple[str, str]]:
    return [("low", f"доля незачёта не ниже {pct_setting(ctx.settings.failed_share_threshold)}; в графе «Школа» — "
                    "школа с низкими образовательными результатами по правилам")]


def _district_table(ctx: _Context):
    columns = _columns(ctx, _LEVEL)
    share = columns.index(_COUNTS[2])
    rows: list[TableRow] = []
    for key in ctx.groups:
        if len(ctx.groups) > 1:
            rows.append(TableRow.section(ctx.label(*key)))
        district = ctx.district[key]
        marks = {share: "low"} if _high(ctx, district) else {}
        rows.append(TableRow([district.name, *_figures(ctx, district)], marks=marks, strong=True))
        rows += [TableRow([r.name, *_figures(ctx, r)]) for r in ctx.references(key)]
    caption = "Показатели муниципалитета" + (", региона и всей выборки" if ctx.region or ctx.whole else "")
    return _table(columns, rows, caption=caption, legend=_legend(ctx), sheet="Муниципалитет")


def _school_table(ctx: _Context, key: tuple):
    columns = _columns(ctx, _SCHOOL)
    share = columns.index(_COUNTS[2])
    rows = []
    for row in sorted(ctx.schools[key], key=lambda r: r.name):
        marks = {share: "low"} if _high(ctx, row) else {}
        if row.school_id in ctx.flagged:
            marks[0] = ctx.flagged[row.school_id]
        rows.append(TableRow([row.name, *_figures(ctx, row)], marks=marks))
    district = ctx.district[key]
    rows.append(TableRow([district.name, *_figures(ctx, district)], strong=True))
    return _table(columns, rows, caption=f"Результаты по школам (изменение — к {ctx.year - 1} году)",
                  legend=_legend(ctx), sheet="Школы", group=ctx.label(*key))


def _distribution_chart(ctx: _Context, key: tuple) -> Chart:
    rows = [ctx.district[key], *ctx.references(key), *sorted(ctx.schools[key], key=lambda r: r.name)]
    rows = [r for r in rows if _judged(r)]
    values = [[_percent100(r.passed / _judged(r)), _percent100(r.failed / _judged(r))] for r in rows]
    return Chart("stacked", "Зачёт и незачёт по школам, %", [r.name for r in rows],
                 [Series(name, [v[i] for v in values], colour) for i, (name, colour) in enumerate(PASS_FAIL_SERIES)],
                 value_title="Доля участников", unit="%", value_max=100)


def _trend_chart(ctx: _Context) -> Chart:
    """The share of незачёт of the district and the region over the last five years."""
    years = range(ctx.year - 4, ctx.year + 1)
    schools = school_rows(ctx.db, kinds=[ctx.kind], years=years)
    region = reference_rows(ctx.db, kinds=[ctx.kind], years=years, levels=("region",))
    by_year = sorted({r.year for r in schools})
    series = []
    for who, rows, colour in (("муниципалитет", district_rows(schools), "C0504D"), ("регион", region, "F4B183")):
        values = []
        for year in by_year:
            found = [r for r in rows if r.year == year]
            total = combine(found, level="total", kind=ctx.kind, year=year, subject="", grade=0) if found else None
            values.append(None if total is None else _percent100(total.share_failed))
        if any(v is not None for v in values):
            series.append(Series(f"Доля незачёта — {who}", values, colour))
    return Chart("lines", "Доля незачёта по годам, %", [str(y) for y in by_year], series,
                 value_title="Доля участников", category_title="Год", unit="%", value_max=None)


def _overview(ctx: _Context) -> list[str]:
    schools = {r.school_id for rows in ctx.schools.values() for r in rows}
    texts = [f"В базе — результаты {KIND_TITLES[ctx.kind]} {ctx.year} года: общеобразовательных организаций "
             f"муниципалитета — {len(schools)}, участников — "
             f"{sum(r.participants or 0 for r in ctx.district.values())}."]
    for key in ctx.groups:
        district = ctx.district[key]
        judged = _judged(district)
        if not judged:
            continue
        where = f"{ctx.label(*key)}: з" if len(ctx.groups) > 1 else "З"
        text = (f"{where}ачёт получили {count_of(district.passed, 'участник')} "
                f"({pct(district.passed / judged)}), незачёт — {district.failed} ({pct(district.share_failed)})")
        region = ctx.region.get(key)
        if region is not None and region.share_failed is not None:
            text += f"; по региону доля незачёта — {pct(region.share_failed)}"
        if ctx.kind == INTERVIEW and district.mean_primary is not None:
            text += f"; средний балл — {format_value(district.mean_primary, 'score')} из 20"
        change = _change(district, "share_failed")
        if change is not None:
            text += f"; к {ctx.year - 1} году доля незачёта изменилась на {format_value(change, 'change')} п. п."
        texts.append(text if text.endswith(".") else text + ".")
    return texts


def _rules(ctx: _Context) -> list:
    s = ctx.settings
    blocks: list = [Heading("3. Сработавшие правила"), Paragraph(
        f"Пороговое значение правила (настройка): школа с низкими образовательными результатами — доля незачёта "
        f"{KIND_TITLES[ctx.kind]} не ниже {pct_setting(s.failed_share_threshold)}. Результаты с числом участников "
        f"меньше {s.min_participants} не оцениваются. Правила, основанные на отметках (доля «2», качество обучения, "
        "объективность), к этим результатам не применяются: отметок в них нет.")]
    if ctx.rule_flags:
        blocks.append(_rules_table(ctx))
    else:
        blocks.append(Paragraph(f"По результатам {KIND_TITLES[ctx.kind]} {ctx.year} года правило не сработало."))
    return blocks


def _conclusions(ctx: _Context) -> list[str]:
    texts = []
    for key in ctx.groups:
        district = ctx.district[key]
        change = _change(district, "share_failed")
        if change is None or district.share_failed is None:
            continue
        if abs(change) < 0.01:
            texts.append(f"Доля незачёта по сравнению с {ctx.year - 1} годом существенно не изменилась "
                         f"({pct(district.share_failed)}).")
        else:
            texts.append(f"Доля незачёта по сравнению с {ctx.year - 1} годом {'выросла' if change > 0 else 'снизилась'} "
                         f"на {format_value(abs(change), 'percent')} п. п. и составила {pct(district.share_failed)}.")
    names = sorted({f.name for f in ctx.rule_flags})
    if names:
        texts.append(f"Доля незачёта не ниже {pct_setting(ctx.settings.failed_share_threshold)} — "
                     f"{count_of(len(names), 'школа')}: {', '.join(names)}; для них рекомендуются адресные меры "
                     "(подготовка к повторному участию в дополнительные сроки).")
    else:
        texts.append("Школ с долей незачёта не ниже порога не выявлено.")
    return texts
