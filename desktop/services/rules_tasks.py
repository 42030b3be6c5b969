"""The rules read from the pupils' own rows (`student_results`), registered in `rules.flags_for_year`:

- task_pattern: a school whose pupils did the basic tasks (level Б) worse than the hard ones (П, В) by
  `task_pattern_gap` or more, with at least `task_pattern_min_participants` participants — basic
  tasks are the easier ones, so the reverse order is a sign the work was not written alone;
- score_peaks: a school where the share of pupils whose primary score is exactly at, or one above, the
  lowest score of a mark («3», «4», «5») is `score_peaks_factor` times the region's or more (the
  region's from ФИС ОКО «Распределение первичных баллов»; without it, the threshold `score_peaks_share`:
  the district's own schools are too few to be the measure), with at least
  `score_peaks_min_participants` participants — a spike at the boundaries is the trace of scores
  pulled up to a mark. The boundaries are the stored scale's, or read from the pupils' marks. Where
  the «5» starts a point or two below the maximum, a strong school's pupils crowd there honestly: the
  region's distribution, when loaded, is a fairer measure than the threshold.

Every flag lists the works behind it with their numbers. Both rules are one pass over the year's
pupils: task sums and score counts are added up in SQL per school (`models/tasks.py`).
"""

from __future__ import annotations

from collections import defaultdict

from desktop.figures import format_figure
from desktop.models.db import Database
from desktop.models.results import Assessment, ResultsRepository
from desktop.models.scales import score_text
from desktop.models.tasks import TasksRepository
from desktop.services.rules import OBJECTIVITY, Flag, pct, pct_setting, points
from desktop.services.task_analysis import BASIC, HARD, level_rates, score_distributions

TASK_PATTERN, SCORE_PEAKS = "task_pattern", "score_peaks"


def _gap(value: float) -> str:
    """0.195 → «19,5 п. п.»: a computed difference of shares."""
    return format_figure(value, "percent") + " п. п."


def _times(value: float) -> str:
    return format_figure(value, "score")


def _title(a: Assessment) -> str:
    return f"{a.kind} {a.subject} {a.grade} кл."


def task_flags(db: Database, year: int, settings, kinds) -> tuple[list, list[str]]:
    """The flags of both rules for `year` (assessments of `kinds`), and notes on what could not be judged."""
    assessments = [a for a in ResultsRepository(db).assessments(year=year) if a.kind in kinds]
    if not assessments:
        return [], []
    schools = {sid: (code, name) for sid, code, name in db.execute("SELECT id, code, short_name FROM schools")}
    found: dict[tuple[str, int], list[tuple[float, str]]] = defaultdict(list)
    notes: list[str] = []
    _task_pattern(db, assessments, settings, found)
    _score_peaks(db, assessments, settings, found, notes)
    flags = []
    for (rule, sid), items in sorted(found.items()):
        items.sort(key=lambda item: -item[0])
        code, name = schools.get(sid, (None, str(sid)))
        listed = "; ".join(text for _, text in items)
        if rule == TASK_PATTERN:
            text = (f"задания базового уровня выполнены хуже заданий повышенного и высокого уровня на "
                    f"{points(settings.task_pattern_gap)} и более в {len(items)} работ{_ending(len(items))} "
                    f"{year}: {listed}.")
        else:
            text = (f"доля участников с первичным баллом на нижней границе отметки или на 1 балл выше превышает "
                    f"долю по региону (или порог) в {_times(settings.score_peaks_factor)} раза и более "
                    f"в {len(items)} работ{_ending(len(items))} {year}: {listed}.")
        flags.append(Flag(sid, code, name, OBJECTIVITY, rule, text))
    return flags, notes


def settings_text(settings) -> str:
    """The thresholds of both rules in a sentence, as the report lists the settings of the others."""
    return (f"По результатам учеников: задания базового уровня выполнены хуже заданий повышенного и высокого "
            f"уровня на {points(settings.task_pattern_gap)} и более (при числе участников не меньше "
            f"{settings.task_pattern_min_participants}); доля участников с первичным баллом на нижней границе "
            f"отметки или на 1 балл выше превышает долю по региону (без его данных — "
            f"{pct_setting(settings.score_peaks_share)}) в "
            f"{_times(settings.score_peaks_factor)} раза и более (при числе участников не меньше "
            f"{settings.score_peaks_min_participants}).")


def _ending(count: int) -> str:
    """«в 1 работе», «в 2 работах»."""
    return "е" if count % 10 == 1 and count % 100 != 11 else "ах"


def _task_pattern(db: Database, assessments: list[Assessment], settings, found: dict) -> None:
    tasks = TasksRepository(db)
    described = tasks.tasks_of([a.id for a in assessments])
    levelled = [a for a in assessments
                if {t[2] for t in described.get(a.id, [])} & set(BASIC)
                and {t[2] for t in described.get(a.id, [])} & set(HARD)]
    if not levelled:
        return
    by_id = {a.id: a for a in levelled}
    least = max(settings.task_pattern_min_participants, settings.min_participants)
    for (aid, sid), sums in tasks.school_sums(list(by_id)).items():
        pupils = max((n for _, n in sums.values()), default=0)
        if pupils < least:
            continue
        rates = level_rates(described[aid], sums)
        (basic_points, basic_top), (hard_points, hard_top) = rates[BASIC], rates[HARD]
        if not basic_top or not hard_top:
            continue
        basic, hard = basic_points / basic_top, hard_points / hard_top
        if hard - basic >= settings.task_pattern_gap:
            found[(TASK_PATTERN, sid)].append((hard - basic, (
                f"{_title(by_id[aid])} — базовый уровень {pct(basic)}, повышенный и высокий {pct(hard)} "
                f"(разница {_gap(hard - basic)}, участников {pupils})")))


def _score_peaks(db: Database, assessments: list[Assessment], settings, found: dict, notes: list[str]) -> None:
    least = max(settings.score_peaks_min_participants, settings.min_participants)
    without = []
    for dist in score_distributions(db, assessments):
        if not dist.boundaries:
            without.append(_title(dist.assessment))
            continue
        peaks = dist.peak_scores()
        where = ", ".join(f"«{mark}» от {score_text(low)}" for mark, low in sorted(dist.boundaries.items()))
        source = "по шкале" if dist.source == "шкала" else "по отметкам участников"
        region = dist.region_at_peaks()
        if region is not None:
            base, base_text = region, f"{pct(region)} по региону"
        else:
            base, base_text = settings.score_peaks_share, f"пороге {pct_setting(settings.score_peaks_share)}"
        for sid, counts in dist.counts.items():
            n = sum(counts.values())
            if n < least:
                continue
            at_peak = sum(counts.get(s, 0) for s in peaks)
            share = at_peak / n
            if share >= settings.score_peaks_factor * base and share > base:
                times = f"в {_times(share / base)} раза" if base else "при нуле"
                found[(SCORE_PEAKS, sid)].append((share / base if base else float("inf"), (
                    f"{_title(dist.assessment)} — {at_peak} из {n} ({pct(share)}) при {base_text}, "
                    f"{times}; границы {source}: {where}")))
    if without:
        notes.append("Пики первичных баллов у границ отметок не проверялись (нет шкалы перевода баллов и отметок "
                     f"участников): {', '.join(without)}.")
