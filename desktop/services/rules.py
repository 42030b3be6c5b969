"""The rules the offices' orders use, with thresholds kept as settings (defaults from the domain).

- low quality: a kind × subject × grade whose district quality rate is under `low_quality_rate` for
  `low_quality_years` years running, up to the year asked;
- low results (ШНОР): a school whose share of «2» is at or above `share_2_threshold` in at least
  `share_2_min_count` ВПР of the year, or whose quality over all its ВПР of the year is in the lowest
  `quality_decile` of the district's schools (and the region's, when a report listed them) and not
  above `quality_decile_floor`;
- objectivity risk: the share of «повысили» or «понизили» above the region's (without the region: the
  district's other schools') by `journal_margin` or more in at least `objectivity_min_count` ВПР; a rise
  of the quality rate by `jump_rate` or more from the year before, beyond the region's own change, in as many ВПР; ВПР of grade 8 a year
  earlier above the ОГЭ of the year by `vpr_oge_gap` or more in `vpr_oge_min_subjects` subjects;
  results far above the region's not confirmed by the same pupils a year later (`rules_region.py`);
- low results of the сочинение and the собеседование (judged «зачёт» / «незачёт», not marked; no rule of
  marks reads them): a school whose share of «незачёт» in one of them is at or above `failed_share_threshold`;
- medalists' non-confirmation index: medalists whose ЕГЭ score is under `medalist_min_score` in a
  subject (`medalists.py`);
- task_pattern and score_peaks, read from the pupils' own rows: see `rules_tasks`.

A result with fewer than `min_participants` participants is not judged. Every flag explains itself
with the numbers behind it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields

from desktop.errors import UserError
from desktop.figures import KIND_NAMES, KINDS, PASS_FAIL_KINDS, format_figure
from desktop.models.db import Database
from desktop.models.settings import get_setting, set_setting
from desktop.services.indicators import IndicatorRow, combine, district_rows, reference_rows, school_rows
from desktop.services.wording import count_of, plural

SETTINGS_KEY = "rules.settings"
LOW_RESULTS, OBJECTIVITY = "low_results", "objectivity_risk"
# ЕГЭ is judged by test scores, the сочинение and the собеседование by «зачёт» / «незачёт»
MARKED_KINDS = tuple(kind for kind in KINDS if kind != "ЕГЭ" and kind not in PASS_FAIL_KINDS)


@dataclass(frozen=True)
class RuleSettings:
    low_quality_rate: float = 0.40
    low_quality_years: int = 2
    share_2_threshold: float = 0.25
    share_2_min_count: int = 3
    quality_decile: float = 0.10
    journal_margin: float = 0.15
    objectivity_min_count: int = 2
    jump_rate: float = 0.30
    vpr_oge_gap: float = 0.30
    min_participants: int = 5
    quality_decile_floor: float = 0.30
    vpr_oge_min_subjects: int = 2
    region_margin: float = 0.20
    region_mean_margin: float = 0.0
    region_min_participants: int = 10
    region_min_count: int = 1
    region_exempt_lyceums: bool = True
    medalist_min_score: int = 70
    medalist_min_count: int = 1
    task_pattern_gap: float = 0.10
    task_pattern_min_participants: int = 10
    score_peaks_factor: float = 2.0
    score_peaks_share: float = 0.30
    score_peaks_min_participants: int = 10
    failed_share_threshold: float = 0.10

    def to_json(self) -> dict:
        return asdict(self)


# setting → (Russian label, lowest, highest), in the order the dialog and `msoko results rules` show them;
# fractions are shown to the user as percentages
SETTING_LABELS = {
    "low_quality_rate": ("Качество по муниципалитету ниже, доля", 0.0, 1.0),
    "low_quality_years": ("…лет подряд", 1, 10),
    "share_2_threshold": ("ШНОР: доля «2» не ниже, доля", 0.0, 1.0),
    "share_2_min_count": ("ШНОР: в скольких ВПР года", 1, 50),
    "quality_decile": ("ШНОР: нижняя доля школ по качеству (0 — не применять)", 0.0, 0.5),
    "quality_decile_floor": ("ШНОР: …и качество не выше, доля", 0.0, 1.0),
    "journal_margin": ("Объективность: «повысили»/«понизили» выше региона на, доля", 0.0, 1.0),
    "objectivity_min_count": ("Объективность: в скольких ВПР года", 1, 50),
    "jump_rate": ("Объективность: рост качества за год сверх изменения по региону не меньше, доля", 0.0, 1.0),
    "vpr_oge_gap": ("Объективность: качество ВПР 8 кл. выше ОГЭ на, доля", 0.0, 1.0),
    "vpr_oge_min_subjects": ("Объективность: ВПР 8 кл. выше ОГЭ не менее чем по стольким предметам", 1, 20),
    "region_margin": ("Выше региона: качество выше регионального на, доля", 0.0, 1.0),
    "region_mean_margin": ("Выше региона: средняя отметка выше региональной на (0 — не применять)", 0.0, 3.0),
    "region_min_participants": ("Выше региона: участников не меньше", 1, 1000),
    "region_min_count": ("Выше региона: в скольких ВПР года", 1, 50),
    "region_exempt_lyceums": ("Выше региона: не применять к лицеям и гимназиям", False, True),
    "medalist_min_score": ("Медалисты: тестовый балл ЕГЭ ниже", 0, 100),
    "medalist_min_count": ("Медалисты: отмечать школу, если таких медалистов не меньше", 1, 100),
    "min_participants": ("Не оценивать результаты с числом участников меньше", 1, 1000),
    "task_pattern_gap": ("Задания: базовые выполнены хуже повышенных и высоких на, доля", 0.01, 1.0),
    "task_pattern_min_participants": ("Задания: при числе участников не меньше", 1, 1000),
    "score_peaks_factor": ("Пики баллов: доля у границ отметок больше, чем по региону (или порог), раз", 1.0, 20.0),
    "score_peaks_share": ("Пики баллов: порог без данных региона, доля", 0.01, 1.0),
    "score_peaks_min_participants": ("Пики баллов: при числе участников не меньше", 1, 1000),
    "failed_share_threshold": ("ШНОР: доля незачёта (сочинение, собеседование) не ниже, доля", 0.0, 1.0),
}
# float settings that are not fractions: shown and typed as plain numbers («0,5» of a mark, a factor), not as %
PLAIN_SETTINGS = {"region_mean_margin", "score_peaks_factor"}


def load_rule_settings(db: Database) -> RuleSettings:
    """The defaults, overridden by what the office saved."""
    stored = get_setting(db, SETTINGS_KEY, {}) or {}
    known = {f.name for f in fields(RuleSettings)}
    return RuleSettings(**{k: v for k, v in stored.items() if k in known})


def save_rule_settings(db: Database, settings: RuleSettings) -> None:
    for name, (label, low, high) in SETTING_LABELS.items():
        value = getattr(settings, name)
        if not low <= value <= high:
            raise UserError(f"«{label}»: значение {value:g} вне допустимого {low:g}–{high:g}.")
    set_setting(db, SETTINGS_KEY, settings.to_json())


@dataclass(frozen=True)
class Flag:
    school_id: int
    code: str | None
    name: str
    flag: str  # LOW_RESULTS or OBJECTIVITY
    rule: str  # share_2, quality_decile, raised_share, lowered_share, quality_jump, vpr_vs_oge, region_anomaly,
    #           medalists, task_pattern, score_peaks,
    #           share_failed
    explanation: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LowQuality:
    kind: str
    subject: str
    grade: int
    years: list[int]
    quality_rates: list[float]
    explanation: str

    def to_json(self) -> dict:
        return {**asdict(self), "quality_rates": [round(r, 4) for r in self.quality_rates]}


@dataclass
class FlagsReport:
    year: int
    settings: RuleSettings
    flags: list[Flag] = field(default_factory=list)
    low_quality: list[LowQuality] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "flags": [f.to_json() for f in self.flags],
            "low_quality": [item.to_json() for item in self.low_quality],
            "notes": self.notes,
            "settings": self.settings.to_json(),
        }


def pct(value: float) -> str:
    """0.3125 → «31,2%»."""
    return format_figure(value, "percent") + "%"


def pct_setting(value: float) -> str:
    """0.25 → «25%», 0.125 → «12,5%»: a threshold as the user typed it."""
    return f"{value * 100:g}".replace(".", ",") + "%"


def points(value: float) -> str:
    """0.15 → «15 п. п.»: a difference of percentages."""
    return f"{value * 100:g}".replace(".", ",") + " п. п."


def _years(n: int) -> str:
    return plural(n, "год", "года", "лет")


def _label(row: IndicatorRow) -> str:
    return f"{row.subject} {row.grade} кл."


def rule_years(year: int, settings: RuleSettings) -> range:
    """The years whose school results the rules of `year` read."""
    return range(year - max(settings.low_quality_years, 2) + 1, year + 1)


def flags_for_year(db: Database, year: int, settings: RuleSettings | None = None, *,
                   rows: list[IndicatorRow] | None = None) -> FlagsReport:
    """`rows`, when given: the school rows of `MARKED_KINDS` in `rule_years` (as `school_rows` orders them),
    read once for several years (`flags_history`)."""
    settings = settings or load_rule_settings(db)
    report = FlagsReport(year, settings)
    if rows is None:
        rows = school_rows(db, kinds=MARKED_KINDS, years=rule_years(year, settings))
    vpr = [r for r in rows if r.kind == "ВПР" and r.year == year]
    vpr_before = [r for r in rows if r.kind == "ВПР" and r.year == year - 1]
    oge = [r for r in rows if r.kind == "ОГЭ" and r.year == year]

    report.low_quality = _low_quality(rows, year, settings)
    if not vpr:
        report.notes.append(f"Нет результатов ВПР {year} года: правила ШНОР и объективности по ВПР не применялись.")
    regional = reference_rows(db, kinds=["ВПР"], years=[year], levels=("region",))
    regional_before = reference_rows(db, kinds=["ВПР"], years=[year - 1], levels=("region",))
    report.flags += _share_2(vpr, year, settings)
    report.flags += _quality_decile(db, vpr, year, settings)
    report.flags += _journal(vpr, regional, year, settings, report.notes)
    report.flags += _jump(vpr, vpr_before, year, settings, regional, regional_before)
    report.flags += _vpr_vs_oge(vpr_before, oge, year, settings)
    from desktop.services.medalists import medalist_flags
    from desktop.services.rules_region import region_anomaly
    from desktop.services.rules_tasks import task_flags  # it reads Flag and the wording helpers from here

    report.flags += region_anomaly(db, vpr, year, settings, report.notes)
    report.flags += medalist_flags(db, year, settings, report.notes)

    flags, notes = task_flags(db, year, settings, MARKED_KINDS)
    report.flags += flags
    report.notes += notes
    report.flags += _share_failed(school_rows(db, kinds=PASS_FAIL_KINDS, years=[year]), settings)
    report.flags.sort(key=lambda f: (f.flag, f.name, f.rule))
    return report


def _judged(rows: list[IndicatorRow], settings: RuleSettings) -> list[IndicatorRow]:
    return [r for r in rows if r.marked and r.marked >= settings.min_participants]


def _by_school(rows: list[IndicatorRow]) -> dict[int, list[IndicatorRow]]:
    grouped: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        grouped[row.school_id].append(row)
    return grouped


def _flag(row: IndicatorRow, flag: str, rule: str, explanation: str) -> Flag:
    return Flag(row.school_id, row.code, row.name, flag, rule, explanation)


def _low_quality(rows: list[IndicatorRow], year: int, settings: RuleSettings) -> list[LowQuality]:
    district = {(r.kind, r.subject, r.grade, r.year): r for r in district_rows(rows)}
    span = list(range(year - settings.low_quality_years + 1, year + 1))
    found = []
    for kind, subject, grade, y in sorted(district):
        if y != year:
            continue
        series = [district.get((kind, subject, grade, each)) for each in span]
        rates = [r.quality_rate if r else None for r in series]
        if None in rates or any(rate >= settings.low_quality_rate for rate in rates):
            continue
        listed = ", ".join(f"{each} — {pct(rate)}" for each, rate in zip(span, rates, strict=True))
        found.append(LowQuality(
            kind, subject, grade, span, rates,
            f"{kind} {subject} {grade} кл.: качество обучения по муниципалитету ниже "
            f"{pct_setting(settings.low_quality_rate)} {_years(len(span))} подряд ({listed}).",
        ))
    return found


def _share_2(vpr: list[IndicatorRow], year: int, settings: RuleSettings) -> list[Flag]:
    flags = []
    for rows in _by_school(_judged(vpr, settings)).values():
        high = [r for r in rows if r.share_2 >= settings.share_2_threshold]
        if len(high) < settings.share_2_min_count:
            continue
        high.sort(key=lambda r: -r.share_2)
        listed = "; ".join(f"{_label(r)} — {pct(r.share_2)} ({r.n2} из {r.marked})" for r in high)
        flags.append(_flag(rows[0], LOW_RESULTS, "share_2",
                           f"доля «2» ≥ {pct_setting(settings.share_2_threshold)} в {len(high)} из {len(rows)} "
                           f"ВПР {year}: {listed}."))
    return flags


def _quality_decile(db: Database, vpr: list[IndicatorRow], year: int, settings: RuleSettings) -> list[Flag]:
    """Schools whose quality over all their ВПР of the year is in the lowest part of the district's
    schools, ranked together with other districts' schools when a regional report listed them."""
    if settings.quality_decile <= 0:
        return []
    def total(rows: list[IndicatorRow]) -> IndicatorRow:
        return combine(rows, level="school", kind="ВПР", year=year, subject="", grade=0)

    own = {sid: total(rows) for sid, rows in _by_school(vpr).items()}
    own = {sid: total for sid, total in own.items() if total.marked and total.marked >= settings.min_participants}
    others: dict[str, list[IndicatorRow]] = defaultdict(list)
    for row in reference_rows(db, kinds=["ВПР"], years=[year], levels=("school",)):
        others[row.code or row.name].append(row)
    pool = [total.quality_rate for total in own.values()]
    pool += [q for q in (total(rows).quality_rate for rows in others.values()) if q is not None]
    if len(pool) < 2:
        return []
    count = math.ceil(settings.quality_decile * len(pool))
    border = sorted(pool)[count - 1]
    where = "школ муниципалитета и региона" if others else "школ муниципалитета"
    flags = []
    first_rows = {sid: rows[0] for sid, rows in _by_school(vpr).items()}
    for sid, total in own.items():
        if total.quality_rate <= border and total.quality_rate <= settings.quality_decile_floor:
            flags.append(_flag(first_rows[sid], LOW_RESULTS, "quality_decile",
                               f"качество обучения по всем ВПР {year} — {pct(total.quality_rate)} "
                               f"({total.n4 + total.n5} из {total.marked}): в нижних "
                               f"{pct_setting(settings.quality_decile)} {where} ({count} из {len(pool)} школ "
                               f"с качеством не выше {pct(border)}) и не выше "
                               f"{pct_setting(settings.quality_decile_floor)}."))
    return flags


def _journal(vpr: list[IndicatorRow], regional: list[IndicatorRow], year: int, settings: RuleSettings,
             notes: list[str]) -> list[Flag]:
    region = {(r.subject, r.grade): r for r in regional if r.compared}
    district = {(r.subject, r.grade): r for r in district_rows(vpr) if r.compared}
    with_journal = [r for r in vpr if r.compared and r.compared >= settings.min_participants]
    if with_journal and any((r.subject, r.grade) not in region for r in with_journal):
        notes.append(f"Для части ВПР {year} нет данных региона о сравнении с журналом: доли «повысили» и "
                     "«понизили» школы в них сравнивались со средними по другим школам муниципалитета.")
    flags = []
    for what, rule, word in (("raised", "raised_share", "повысили"), ("lowered", "lowered_share", "понизили")):
        for rows in _by_school(with_journal).values():
            high = []
            for row in rows:
                ref = region.get((row.subject, row.grade))
                where = "по региону" if ref else "по другим школам муниципалитета"
                ref = ref or _without(district[(row.subject, row.grade)], row)
                if ref is None:
                    continue
                share, base = row.journal_share(what), ref.journal_share(what)
                if share - base >= settings.journal_margin:
                    high.append((share - base, f"{_label(row)} — {pct(share)} при {pct(base)} {where}"))
            if len(high) >= settings.objectivity_min_count:
                high.sort(reverse=True)
                flags.append(_flag(rows[0], OBJECTIVITY, rule,
                                   f"доля «{word}» выше средней на {points(settings.journal_margin)} и более "
                                   f"в {len(high)} из {len(rows)} ВПР {year}: {'; '.join(t for _, t in high)}."))
    return flags


def _without(total: IndicatorRow, row: IndicatorRow) -> IndicatorRow | None:
    """The district's journal counts without one school's: the mean of the other schools; None when
    no other school was compared with the journal."""
    counts = {name: getattr(total, name) - getattr(row, name) for name in ("lowered", "confirmed", "raised")}
    if not sum(counts.values()):
        return None
    return IndicatorRow(**counts, level="municipality", kind=total.kind, year=total.year, subject=total.subject,
                        grade=total.grade)


def _jump(vpr: list[IndicatorRow], before: list[IndicatorRow], year: int, settings: RuleSettings,
          regional: list[IndicatorRow], regional_before: list[IndicatorRow]) -> list[Flag]:
    """A rise of the school's quality beyond the region's own change in the same ВПР (a region-wide rise
    flags nobody); without both years of the region's row, the rise itself."""
    earlier = {(r.school_id, r.subject, r.grade): r for r in _judged(before, settings)}
    region_change = {}
    region_then = {(r.subject, r.grade): r for r in regional_before if r.quality_rate is not None}
    for r in regional:
        then = region_then.get((r.subject, r.grade))
        if then is not None and r.quality_rate is not None:
            region_change[(r.subject, r.grade)] = r.quality_rate - then.quality_rate
    flags = []
    for rows in _by_school(_judged(vpr, settings)).values():
        jumps = []
        for row in rows:
            old = earlier.get((row.school_id, row.subject, row.grade))
            if not old:
                continue
            rise = row.quality_rate - old.quality_rate
            region = region_change.get((row.subject, row.grade))
            if rise - (region or 0.0) >= settings.jump_rate:
                text = f"{_label(row)}: {pct(old.quality_rate)} → {pct(row.quality_rate)}"
                if region is not None:
                    text += f" (по региону {format_figure(region, 'change')} п. п.)"
                jumps.append((rise - (region or 0.0), text))
        if len(jumps) >= settings.objectivity_min_count:
            jumps.sort(reverse=True)
            flags.append(_flag(rows[0], OBJECTIVITY, "quality_jump",
                               f"качество обучения выросло за год на {points(settings.jump_rate)} и более сверх "
                               f"изменения по региону (где оно известно) в {len(jumps)} ВПР ({year - 1} → {year}): "
                               f"{'; '.join(t for _, t in jumps)}."))
    return flags


def _vpr_vs_oge(vpr_before: list[IndicatorRow], oge: list[IndicatorRow], year: int,
                settings: RuleSettings) -> list[Flag]:
    """The same pupils: ВПР in grade 8 a year before, ОГЭ in grade 9 this year."""
    grade_8 = {(r.school_id, r.subject): r for r in _judged(vpr_before, settings) if r.grade == 8}
    flags = []
    for rows in _by_school(_judged(oge, settings)).values():
        gaps = []
        for row in rows:
            old = grade_8.get((row.school_id, row.subject))
            if old and old.quality_rate - row.quality_rate >= settings.vpr_oge_gap:
                gaps.append(f"{row.subject}: качество ВПР {year - 1} (8 кл.) {pct(old.quality_rate)}, "
                            f"ОГЭ {year} {pct(row.quality_rate)}")
        if gaps and len(gaps) >= settings.vpr_oge_min_subjects:
            flags.append(_flag(rows[0], OBJECTIVITY, "vpr_vs_oge",
                               f"результаты ВПР выше результатов ОГЭ тех же обучающихся на "
                               f"{points(settings.vpr_oge_gap)} и более по {count_of(len(gaps), 'предмет', 'datv')} (порог — "
                               f"{settings.vpr_oge_min_subjects}): {'; '.join(gaps)}."))
    return flags


def _share_failed(rows: list[IndicatorRow], settings: RuleSettings) -> list[Flag]:
    """A school whose share of «незачёт» in the сочинение or the собеседование of the year is high."""
    flags = []
    for row in rows:
        judged = (row.passed or 0) + (row.failed or 0)
        if judged < settings.min_participants or row.share_failed < settings.failed_share_threshold:
            continue
        flags.append(_flag(row, LOW_RESULTS, "share_failed",
                           f"доля незачёта ≥ {pct_setting(settings.failed_share_threshold)}: "
                           f"{KIND_NAMES[row.kind]} {row.year} — {pct(row.share_failed)} ({row.failed} из {judged})."))
    return flags
