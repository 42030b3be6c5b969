"""`region_anomaly`, the main sign of non-objective results in the methodology: a school's result far
above the region's in the same assessment, not confirmed by the same pupils a year later.

A school's ВПР of the year with at least `region_min_participants` marked participants is compared
with the region's row of the same assessment (kept from the ФИС ОКО reports «Статистика по отметкам»
and «Сравнение…», level «region»): its quality rate above the region's by `region_margin` or more,
or (when `region_mean_margin` is above 0) its mean mark above the region's by that much. The pupils
are then followed a year on — the next grade's ВПР of the same subject, or the ОГЭ for ВПР of grade
8 — and compared with that assessment's region (or, when no region row was kept, with the district's
other schools): a result still far above there is confirmed and not flagged; one that fell back, or
whose follow-up is not loaded yet, counts. A school with `region_min_count` such results is flagged.
Лицеи and гимназии (by kind in the schools registry) are skipped when `region_exempt_lyceums` is set.

Unlike «рост качества за год», which compares different pupils of the same grade and ignores how the
region moved, every figure here is measured against the region of its own assessment.
"""

from __future__ import annotations

from collections import defaultdict

from desktop.figures import format_figure
from desktop.folding import fold
from desktop.models.db import Database
from desktop.services.indicators import IndicatorRow, combine, reference_rows, school_rows
from desktop.services.rules import OBJECTIVITY, Flag, RuleSettings, _by_school, _flag, _label, pct, points

EXEMPT_KINDS = ("лице", "гимназ")  # folded stems of «лицей», «гимназия» in a school's kind


def exempt_school_ids(db: Database) -> dict[int, str]:
    """Schools whose kind in the registry is a лицей or a гимназия: id → short name."""
    found = {}
    for school_id, kind, name in db.execute("SELECT id, kind, short_name FROM schools"):
        if any(stem in fold(kind or "") for stem in EXEMPT_KINDS):
            found[school_id] = name
    return found


def _gaps(row: IndicatorRow, ref: IndicatorRow, settings: RuleSettings) -> list[tuple[str, float]]:
    """The measures on which `row` is above `ref` by the setting's margin: [(measure, difference)]."""
    gaps = []
    if row.quality_rate is not None and ref.quality_rate is not None:
        if row.quality_rate - ref.quality_rate >= settings.region_margin:
            gaps.append(("quality_rate", row.quality_rate - ref.quality_rate))
    if settings.region_mean_margin > 0 and row.mean_mark is not None and ref.mean_mark is not None:
        if row.mean_mark - ref.mean_mark >= settings.region_mean_margin:
            gaps.append(("mean_mark", row.mean_mark - ref.mean_mark))
    return gaps


def _compared(measure: str, row: IndicatorRow, ref: IndicatorRow, where: str) -> str:
    """«80,0% при 45,0% по региону (+35,0 п. п.)» or «4,30 при 3,60 по региону (+0,70)»."""
    if measure == "quality_rate":
        gap = row.quality_rate - ref.quality_rate
        return f"качество {pct(row.quality_rate)} при {pct(ref.quality_rate)} {where} ({format_figure(gap, 'change')} п. п.)"
    gap = row.mean_mark - ref.mean_mark
    sign = "+" if gap > 0 else ""
    return (f"средняя отметка {format_figure(row.mean_mark, 'decimal')} при {format_figure(ref.mean_mark, 'decimal')} "
            f"{where} ({sign}{format_figure(gap, 'decimal')})")


class _Later:
    """The assessments of the year after, to follow a cohort: school rows, region rows, other schools."""

    def __init__(self, db: Database, year: int, settings: RuleSettings):
        self.year = year + 1
        self.settings = settings
        rows = school_rows(db, kinds=["ВПР", "ОГЭ"], years=[self.year])
        self.rows = {(r.kind, r.subject, r.grade, r.school_id): r for r in rows}
        self.groups: dict[tuple, list[IndicatorRow]] = defaultdict(list)
        for r in rows:
            self.groups[(r.kind, r.subject, r.grade)].append(r)
        self.region = {(r.kind, r.subject, r.grade): r
                       for r in reference_rows(db, kinds=["ВПР", "ОГЭ"], years=[self.year], levels=("region",))
                       if r.marked}

    def follow(self, row: IndicatorRow) -> tuple[str, IndicatorRow | None, IndicatorRow | None, str]:
        """(title of the follow-up, its school row, its reference, where the reference is from)."""
        candidates = [("ВПР", row.grade + 1)] + ([("ОГЭ", 9)] if row.grade == 8 else [])
        for kind, grade in candidates:
            later = self.rows.get((kind, row.subject, grade, row.school_id))
            if later is None or not later.marked or later.marked < self.settings.min_participants:
                continue
            ref = self.region.get((kind, row.subject, grade))
            if ref is not None:
                return f"{kind} {self.year} {grade} кл.", later, ref, "по региону"
            others = [r for r in self.groups[(kind, row.subject, grade)] if r.school_id != row.school_id and r.marked]
            if others:
                ref = combine(others, level="municipality", kind=kind, year=self.year, subject=row.subject, grade=grade)
                return f"{kind} {self.year} {grade} кл.", later, ref, "по другим школам муниципалитета"
            return f"{kind} {self.year} {grade} кл.", later, None, ""
        kind, grade = candidates[-1]
        return f"{kind} {self.year} {grade} кл.", None, None, ""


def region_anomaly(db: Database, vpr: list[IndicatorRow], year: int, settings: RuleSettings,
                   notes: list[str]) -> list[Flag]:
    """Schools with `region_min_count` ВПР of `year` far above the region, not confirmed a year later."""
    region = {(r.subject, r.grade): r for r in reference_rows(db, kinds=["ВПР"], years=[year], levels=("region",))
              if r.marked}
    judged = [r for r in vpr if r.marked and r.marked >= settings.region_min_participants]
    if not judged:
        return []
    if not region:
        notes.append(f"Нет данных региона по ВПР {year}: правило «результаты выше региональных» не применялось.")
        return []
    above = {id(row): gaps for row in judged if (row.subject, row.grade) in region
             for gaps in [_gaps(row, region[(row.subject, row.grade)], settings)] if gaps}
    if not above:
        return []
    # only when some result is far above: the registry's kinds and the year after (a query each)
    exempt = exempt_school_ids(db) if settings.region_exempt_lyceums else {}
    later = _Later(db, year, settings)
    flags, skipped = [], set()
    for rows in _by_school(judged).values():
        found = []
        for row in rows:
            gaps = above.get(id(row))
            if not gaps:
                continue
            ref = region[(row.subject, row.grade)]
            if row.school_id in exempt:
                skipped.add(exempt[row.school_id])
                continue
            title, then, then_ref, where = later.follow(row)
            text = f"{_label(row)} — " + ", ".join(_compared(m, row, ref, "по региону") for m, _ in gaps)
            if then is None and not later.rows:  # the next year not loaded at all: said once, after the list
                found.append((gaps[0][1], text))
                continue
            if then is None:
                found.append((gaps[0][1], f"{text}; в {later.year} году результатов тех же обучающихся по предмету нет"))
                continue
            if then_ref is None:
                found.append((gaps[0][1], text + f"; в {title} не с чем сравнить"))
                continue
            kept = [m for m, _ in gaps if m in {g for g, _ in _gaps(then, then_ref, settings)}]
            if kept:
                continue  # the same pupils are still far above: the result is confirmed
            shown = ", ".join(_compared(m, then, then_ref, where) for m, _ in gaps)
            found.append((gaps[0][1], text + f"; в {title} — {shown}: не подтвердилось"))
        if len(found) >= settings.region_min_count:
            found.sort(key=lambda item: -item[0])
            margin = [f"качество на {points(settings.region_margin)}"]
            if settings.region_mean_margin > 0:
                margin.append(f"средняя отметка на {format_figure(settings.region_mean_margin, 'decimal')}")
            flags.append(_flag(rows[0], OBJECTIVITY, "region_anomaly",
                               f"результаты выше региональных ({' или '.join(margin)} и более, участников не "
                               f"менее {settings.region_min_participants}) без подтверждения теми же обучающимися "
                               f"в {len(found)} из {len(rows)} ВПР {year}: {'; '.join(t for _, t in found)}."
                               + ("" if later.rows else f" Результаты тех же обучающихся за {later.year} год ещё не "
                                  "загружены: подтверждение будет видно по ним.")))
    if skipped:
        notes.append("Правило «результаты выше региональных» не применялось к лицеям и гимназиям (настройка): "
                     + ", ".join(sorted(skipped)) + ".")
    return flags

