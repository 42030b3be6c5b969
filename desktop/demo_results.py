"""Three years of invented results for the demo district, saved through the results import.

ВПР (grades 4–8) as ФИС ОКО reports them: per school the marks and the comparison with the journal,
with the region and the whole sample beside them. ОГЭ and ЕГЭ as protocols: a row per pupil, without
names. The numbers are drawn from a fixed seed around each school's profile, so the rules always fire
the same way in the last year:

- low results (ШНОР): «СОШ с. Каменка» and «ООШ п. Лесной» (many «2», the lowest quality);
- objectivity risk: «СОШ № 4 г. Приреченска» (many «повысили», a jump of quality, far above the region)
  and «СОШ с. Луговое» (ВПР in grade 8 far above the ОГЭ of the same pupils in two subjects);
- ВПР «Математика», 8th grade: the district's quality under 40% the last two years.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date

from desktop.models.db import Database, transaction
from desktop.services.importers.results.records import AssessmentKey, GroupRow, ParsedFile, StudentRow
from desktop.services.results_import import FileSource, apply_results_import, plan_parsed_results

REGION = "Энская область"
MUNICIPALITY = ("Заречный муниципальный округ", "reg99_m014")
SEED = 2024


@dataclass(frozen=True)
class Profile:
    code: str
    size: int  # pupils in a grade
    quality: float  # share of «4» and «5»
    share_2: float
    grades: tuple[int, ...]


ALL_GRADES = tuple(range(4, 12))
BASIC = tuple(range(4, 10))
PROFILES = [
    Profile("edu990101", 48, 0.52, 0.07, ALL_GRADES),
    Profile("edu990102", 42, 0.50, 0.08, ALL_GRADES),
    Profile("edu990103", 75, 0.68, 0.03, ALL_GRADES),
    Profile("edu990104", 70, 0.64, 0.04, ALL_GRADES),
    Profile("edu990105", 60, 0.48, 0.08, ALL_GRADES),  # objectivity: «повысили», a jump
    Profile("edu990106", 22, 0.47, 0.09, ALL_GRADES),
    Profile("edu990107", 18, 0.21, 0.31, ALL_GRADES),  # low results
    Profile("edu990108", 20, 0.47, 0.08, ALL_GRADES),  # objectivity: ВПР 8 above ОГЭ
    Profile("edu990109", 10, 0.46, 0.08, BASIC),
    Profile("edu990110", 12, 0.45, 0.08, BASIC),
    Profile("edu990111", 11, 0.19, 0.33, BASIC),  # low results
    Profile("edu990112", 6, 0.50, 0.05, (4,)),
    Profile("edu990113", 5, 0.48, 0.05, (4,)),
    Profile("edu990114", 25, 0.44, 0.10, ALL_GRADES),
]
RAISING, LUGOVOE = "edu990105", "edu990108"
LUGOVOE_SUBJECTS = ("Математика", "Русский язык")  # its ВПР 8 far above the ОГЭ a year on

VPR = {
    4: [("Русский язык", 38), ("Математика", 20), ("Окружающий мир", 32)],
    5: [("Русский язык", 45), ("Математика", 20), ("История", 15), ("Биология", 24)],
    6: [("Русский язык", 51), ("Математика", 20), ("География", 37)],
    7: [("Русский язык", 47), ("Математика", 19), ("Обществознание", 23)],
    8: [("Русский язык", 51), ("Математика", 25), ("Физика", 18)],
}
OGE_ELECTIVES = ["Обществознание", "Биология", "География", "Информатика"]
EGE = [  # subject, share of graduates taking it, mean test score of an average school
    ("Русский язык", 1.0, 68), ("Математика профильная", 0.5, 54), ("Обществознание", 0.45, 55),
    ("Биология", 0.2, 50), ("История", 0.15, 56), ("Физика", 0.2, 53), ("Химия", 0.12, 52),
    ("Информатика", 0.15, 58), ("Английский язык", 0.1, 66),
]
REGION_JOURNAL = (0.19, 0.73, 0.08)  # lowered, confirmed, raised


def last_year(today: date) -> int:
    """The latest year whose ВПР, ОГЭ and ЕГЭ are all known by `today` (results of ЕГЭ come in July)."""
    return today.year if today.month >= 7 else today.year - 1


def _split(total: int, shares: list[float]) -> list[int]:
    """`total` split by `shares` (largest remainders), so that the parts add up exactly."""
    raw = [max(0.0, s) * total for s in shares]
    scale = total / sum(raw) if sum(raw) else 0
    raw = [r * scale for r in raw]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _marks(n: int, quality: float, share_2: float) -> list[int]:
    quality = min(max(quality, 0.02), 0.95)
    share_2 = min(max(share_2, 0.0), 0.6)
    return _split(n, [share_2, 1 - quality - share_2, quality * 0.68, quality * 0.32])


def _vpr_file(rng: random.Random, names: dict[str, str], year: int, grade: int, subject: str, max_score: int,
              last: int) -> ParsedFile:
    groups: list[GroupRow] = []
    municipal = [0, 0, 0, 0, 0, 0, 0]
    for profile in PROFILES:
        if grade not in profile.grades:
            continue
        n = max(3, round(profile.size * rng.uniform(0.85, 1.1)))
        quality = profile.quality + rng.uniform(-0.05, 0.05)
        share_2 = profile.share_2 + rng.uniform(-0.02, 0.02)
        journal = [REGION_JOURNAL[0] + rng.uniform(-0.04, 0.04), 0.0, REGION_JOURNAL[2] + rng.uniform(-0.03, 0.03)]
        if subject == "Математика" and grade == 8 and year >= last - 1:
            quality *= 0.62  # the district's weak spot of the last two years
        if profile.code == RAISING and year == last:
            quality, share_2, journal = quality + 0.33, 0.02, [0.05, 0.0, 0.36]
        if profile.code == LUGOVOE and subject in LUGOVOE_SUBJECTS and grade == 8 and year == last - 1:
            quality = 0.75
        journal[1] = 1 - journal[0] - journal[2]
        marks = _marks(n, quality, share_2)
        compared = _split(n, journal)
        groups.append(GroupRow(n, *marks, *compared,
                               level="school", code=profile.code, name=names[profile.code],
                               parent_code=MUNICIPALITY[1]))
        municipal = [a + b for a, b in zip(municipal, [*marks, *compared], strict=True)]
    region_n = 9000 + rng.randint(0, 800)
    region_marks = _marks(region_n, 0.52, 0.07)
    region_journal = _split(region_n, list(REGION_JOURNAL))
    whole_n = 1_200_000 + rng.randint(0, 90_000)
    references = [
        GroupRow(whole_n, *_marks(whole_n, 0.50, 0.08), level="all", code=None, name="Вся выборка"),
        GroupRow(region_n + sum(municipal[:4]),
                 *[a + b for a, b in zip(region_marks, municipal[:4], strict=True)],
                 *[a + b for a, b in zip(region_journal, municipal[4:], strict=True)],
                 level="region", code=None, name=REGION),
        GroupRow(sum(municipal[:4]), *municipal, level="municipality", code=MUNICIPALITY[1], name=MUNICIPALITY[0]),
    ]
    key = AssessmentKey("ВПР", year, subject, grade, date(year, 4, 8 + grade), float(max_score))
    return ParsedFile(f"Демо: ВПР {year} {subject} {grade} класс", "demo", "Демо", [key], groups=references + groups)


def _oge_file(rng: random.Random, names: dict[str, str], year: int, last: int) -> ParsedFile:
    subjects = ["Русский язык", "Математика", *OGE_ELECTIVES]
    keys = [AssessmentKey("ОГЭ", year, s, 9, date(year, 6, 2 + 3 * i), None) for i, s in enumerate(subjects)]
    students: list[StudentRow] = []
    owners: list[int] = []
    for profile in PROFILES:
        if 9 not in profile.grades:
            continue
        pupils = max(4, round(profile.size * rng.uniform(0.85, 1.05)))
        for pupil in range(pupils):
            taken = [0, 1, *rng.sample(range(2, len(subjects)), 2)]
            for index in taken:
                quality = profile.quality + 0.08
                if profile.code == LUGOVOE and subjects[index] in LUGOVOE_SUBJECTS and year == last:
                    quality = 0.22
                mark = _draw_mark(rng, quality, profile.share_2 * 0.6)
                primary = float(rng.randint(*{2: (2, 7), 3: (8, 14), 4: (15, 21), 5: (22, 31)}[mark]))
                students.append(StudentRow(profile.code, names[profile.code], None,
                                           f"9{'АБ'[pupil % 2]}", None, {}, primary, mark, None, None, None, None, 0))
                owners.append(index)
    return ParsedFile(f"Демо: протокол ОГЭ {year}", "demo", "Демо", keys, students=students, student_assessment=owners)


def _ege_file(rng: random.Random, names: dict[str, str], year: int) -> ParsedFile:
    keys = [AssessmentKey("ЕГЭ", year, s, 11, date(year, 6, 1 + 2 * i), None) for i, (s, _, _) in enumerate(EGE)]
    keys.append(AssessmentKey("ЕГЭ", year, "Математика базовая", 11, date(year, 6, 4), None))
    students: list[StudentRow] = []
    owners: list[int] = []
    for profile in PROFILES:
        if 11 not in profile.grades:
            continue
        strength = (profile.quality - 0.47) * 40  # test points above an average school
        for pupil in range(max(3, round(profile.size * rng.uniform(0.4, 0.55)))):
            label = f"11{'АБ'[pupil % 2]}"
            for index, (_subject, share, mean) in enumerate(EGE):
                if rng.random() >= share:
                    continue
                score = round(min(100.0, max(5.0, rng.gauss(mean + strength, 14))))
                students.append(StudentRow(profile.code, names[profile.code], None, label, None, {},
                                           float(round(score * 0.55)), None, None, float(score), None, None, 0))
                owners.append(index)
            if rng.random() < 0.5:  # the other half took профильная
                mark = _draw_mark(rng, profile.quality + 0.1, profile.share_2 * 0.3)
                students.append(StudentRow(profile.code, names[profile.code], None, label, None, {},
                                           float(rng.randint(5, 21)), mark, None, None, None, None, 0))
                owners.append(len(EGE))
    return ParsedFile(f"Демо: протокол ЕГЭ {year}", "demo", "Демо", keys, students=students, student_assessment=owners)


def _draw_mark(rng: random.Random, quality: float, share_2: float) -> int:
    roll = rng.random()
    if roll < share_2:
        return 2
    if roll < 1 - quality:
        return 3
    return 4 if roll < 1 - quality * 0.32 else 5


def build_demo_results(db: Database, today: date | None = None) -> None:
    """Save three years of results for the demo schools (they must be in the registry)."""
    names = dict(db.execute("SELECT code, short_name FROM schools WHERE code IS NOT NULL"))
    last = last_year(today or date.today())
    rng = random.Random(SEED)
    files: list[ParsedFile] = []
    for year in range(last - 2, last + 1):
        for grade, subjects in VPR.items():
            for subject, max_score in subjects:
                files.append(_vpr_file(rng, names, year, grade, subject, max_score, last))
        files.append(_oge_file(rng, names, year, last))
        files.append(_ege_file(rng, names, year))
    items = [(FileSource(parsed.path, hashlib.sha256(f"msoko-demo:{parsed.path}".encode()).hexdigest()), parsed)
             for parsed in files]
    with transaction(db):
        plan = plan_parsed_results(db, items)
        apply_results_import(db, plan)
