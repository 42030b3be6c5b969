"""The region's «Информация о результатах ЕГЭ выпускников школ в 2023 году»: a summary by school.

One sheet per year (`2024`, `2023`, …). Row 2 the title with the year, row 4 the region. Header:
`Муниципальное образование | Образовательная организация (школа) | Профиль (при наличии) | Всего
выпускников …, принявших участие в ЕГЭ, чел.`, then per subject five columns `приняло участие | не
преодолен min порог | высокобалльники (80-99 баллов) | получили 100 баллов | средний балл`. Two shapes:
the subject written above its five columns (`Русский язык`, `Математика профильная`), or an `из них`
row with the subject in its first column (`Русский язык, чел.`) and a row of column numbers
(1, 2, 3 … 9, 5, 6 … 9) under the header.

A school row names the school (no code: the office matches it by name) and stands under the
municipality of the first column, carried down over empty and merged cells. A row with an empty
school cell is the municipality's subtotal; `ВСЕГО по региону` (first) or `итого по …` (last) is the
region's total. Both are reference rows and never counted as schools. An empty cell is 0, `X` in the
profile column is no profile. A sheet of the current year may hold the applications (заявления),
not results: it is skipped, a file of nothing else refused.

The file's high band is 80–99 and the program's 81–100: «score_81_100» keeps 80–99 and 100 together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.errors import ImportFormatError, column_letter
from desktop.folding import fold
from desktop.models.min_scores import table_subject
from desktop.services.importers.intake.workbook import Sheet, cell_number, cell_text, find_row, header_text
from desktop.services.importers.problems import Problem
from desktop.services.importers.results.records import AssessmentKey, GroupRow, ParsedFile, ProblemLog

LAYOUT = "ege_summary"
DESCRIPTION = "региональная сводка результатов ЕГЭ по школам"  # what the user is told the file was read as
KIND = "ЕГЭ"
GRADE = 11
BASIC_MATHEMATICS = "Математика базовая"  # its figures are marks, not test scores: only counts are kept
MAX_SCORE = 100.0
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
BAND = re.compile(r"(\d{2,3})\s*[-–—]\s*(\d{2,3})")
FILE_BAND = (80, 99)  # the band of the layout when the header does not say it
PEOPLE = re.compile(r"[\s,;:]*\(?\s*чел\.?\s*\)?\s*$", re.IGNORECASE)
# the abbreviation of the summaries for the subject the program calls «Информатика»
SUBJECT_ABBREVIATIONS = {"икт": "Информатика", "информатика и икт": "Информатика"}
MEASURES = ("participants", "below", "high", "score_100", "mean")
MEASURE_RU = {
    "participants": "приняло участие",
    "below": "не преодолен min порог",
    "high": "высокобалльники",
    "score_100": "получили 100 баллов",
    "mean": "средний балл",
}
# words of a total row that name a municipality, and those that name the region
MUNICIPALITY_WORDS = ("муниципальн", "район", "городск", "округ", " мо ", " мр ", "г.о.", " го ", " г.")
REGION_WORDS = ("регион", "субъект", "край", "краю", "област", "республик", "автономн", "федерац")
HEADER_LOOKAHEAD = 6  # rows from the header's first row to the row of «средний балл»


@dataclass
class _Subject:
    name: str
    columns: dict[str, int] = field(default_factory=dict)  # measure → 0-based column
    band: tuple[int, int] = FILE_BAND


@dataclass
class _Layout:
    """Where a results sheet keeps what: header rows, the fixed columns, the subjects' columns."""

    header_row: int  # 1-based, the first header row
    measure_row: int  # 1-based, the row of «приняло участие … средний балл»
    columns: dict[str, int]  # "municipality", "school", "profile", "total" → 0-based column
    subjects: list[_Subject]


@dataclass
class _Entry:
    """One data row: what it is, for which municipality, and its figures per subject (None: unusable)."""

    row: int
    level: str  # "school", "municipality", "region"
    name: str
    municipality: str | None
    profile: str | None
    figures: list[tuple[int, int, int, int, float | None] | None]
    empty: bool  # no figure at all in the row
    heading: bool = False  # the municipality's name written across the row, over its schools


def _words(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _sheet_year(sheet: Sheet) -> int | None:
    years = YEAR.findall(sheet.name)
    rest = YEAR.sub("", sheet.name)
    if len(years) != 1 or re.search(r"\d", rest):
        return None
    return int(years[0])


def _title(sheet: Sheet) -> str | None:
    """The first text of the sheet's first rows naming ЕГЭ, folded."""
    for values in sheet.rows[:5]:
        for value in values:
            text = header_text(value)
            if "егэ" in text:
                return text
    return None


def _classify(text: str) -> str | None:
    """The measure a header cell (folded) names, if any."""
    if not text:
        return None
    if "средн" in text and "балл" in text:
        return "mean"
    if "преодол" in text or "порог" in text:
        return "below"
    if "высокобалл" in text or BAND.search(text):
        return "high"
    if "100" in text and "балл" in text:
        return "score_100"
    if "участ" in text or PEOPLE.search(text):
        return "participants"
    return None


def _is_applications(sheet: Sheet) -> bool:
    texts = [header_text(v) for values in sheet.rows[:15] for v in values if v is not None]
    return (any("заявлен" in t for t in texts) and not any("средн" in t and "балл" in t for t in texts)
            and _title(sheet) is not None)


def _header_row(sheet: Sheet) -> int | None:
    def is_header(texts: list[str]) -> bool:
        return any(t.startswith("муниципальн") for t in texts) or any("образовательная организация" in t
                                                                       for t in texts)

    return find_row(sheet, is_header, limit=20)


def _merged_value(sheet: Sheet, row: int, column: int) -> object:
    """The value Excel shows at (row, 0-based column): a merged range's top-left value."""
    for r1, c1, r2, c2 in sheet.merged:
        if r1 <= row <= r2 and c1 <= column + 1 <= c2:
            return sheet.cell(r1, c1)
    return sheet.cell(row, column + 1)


def _subject_name(text: str) -> str:
    """«Математика (профиль), чел.» → «Математика профильная», «ИКТ» → «Информатика»."""
    name = _words(PEOPLE.sub("", text)).strip(" ,.;:")
    folded = fold(name)
    if folded in SUBJECT_ABBREVIATIONS:
        return SUBJECT_ABBREVIATIONS[folded]
    return table_subject(name)


def _layout(sheet: Sheet) -> _Layout | None:
    """The header of a results sheet, or None when the sheet is not one."""
    header_row = _header_row(sheet)
    if header_row is None:
        return None
    measure_row = None
    for row in range(header_row, min(len(sheet.rows), header_row + HEADER_LOOKAHEAD) + 1):
        if any(_classify(header_text(v)) == "mean" for v in sheet.rows[row - 1]):
            measure_row = row
            break
    if measure_row is None:
        return None
    width = max(len(sheet.rows[r - 1]) for r in range(header_row, measure_row + 1))
    texts = {c: [header_text(sheet.cell(r, c + 1)) for r in range(header_row, measure_row + 1)] for c in range(width)}
    fixed: dict[str, int] = {}
    for c in range(width):
        label = next((t for t in reversed(texts[c]) if t), "")
        if _classify(label) is not None and not ("всего" in label and "выпускник" in label):
            break  # the first subject's columns
        for text in texts[c]:
            if not text:
                continue
            if text.startswith("муниципальн"):
                fixed.setdefault("municipality", c)
            elif "образовательная организация" in text or text.startswith(("школа", "наименование оо")):
                fixed.setdefault("school", c)
            elif text.startswith("профиль"):
                fixed.setdefault("profile", c)
            elif "всего" in text and "выпускник" in text:
                fixed.setdefault("total", c)
    if "school" not in fixed:
        return None
    first = max(fixed.values()) + 1
    layout = _Layout(header_row, measure_row, fixed, [])
    current: _Subject | None = None
    starts: list[int] = []
    for c in range(first, width):
        label = next((t for t in reversed(texts[c]) if t), "")
        measure = _classify(label)
        if measure == "participants":
            current = _Subject("", {"participants": c})
            layout.subjects.append(current)
            starts.append(c)
        elif measure is not None and current is not None and measure not in current.columns:
            current.columns[measure] = c
            if measure == "high":
                band = BAND.search(label)
                if band:
                    current.band = (int(band.group(1)), int(band.group(2)))
    for index, subject in enumerate(layout.subjects):
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else width
        subject.name = _find_subject(sheet, layout, start, end)
    return layout if layout.subjects else None


def _find_subject(sheet: Sheet, layout: _Layout, start: int, end: int) -> str:
    """The subject of the columns start…end-1: written in its first column («Русский язык, чел.») or
    above its columns (a merged cell); '' when the header does not say."""
    label = next((t for r in range(layout.measure_row, layout.header_row - 1, -1)
                  if (t := cell_text(sheet.cell(r, start + 1)))), "")
    if label and "участ" not in header_text(label) and _subject_name(label):
        return _subject_name(label)
    for row in range(layout.measure_row - 1, layout.header_row - 1, -1):
        for c in range(start, end):
            text = cell_text(sheet.cell(row, c + 1) if c != start else _merged_value(sheet, row, c))
            folded = header_text(text)
            if (not text or folded in ("из них", "в том числе", "в т.ч.") or "участ" in folded
                    or _classify(folded) in ("mean", "below", "high", "score_100")):
                continue
            return _subject_name(text)
    return ""


def _inspect(sheet: Sheet) -> str | None:
    """«results», «applications» or None for a sheet that is neither."""
    if _sheet_year(sheet) is None or _title(sheet) is None:
        return None
    if _is_applications(sheet):
        return "applications"
    return "results" if _layout(sheet) is not None else None


def matches(sheets: list[Sheet]) -> bool:
    return any(_inspect(sheet) is not None for sheet in sheets)


def _region_name(sheet: Sheet, header_row: int) -> str | None:
    """Row 4: «Энская область\\n____» or «Субъект Российской Федерации\\n___Энская область___»."""
    for row in range(3, header_row):
        for value in sheet.rows[row - 1]:
            if not isinstance(value, str):
                continue
            lines = [_words(line.replace("_", " ")) for line in value.splitlines()]
            lines = [line for line in lines if line and fold(line) != "субъект российской федерации"]
            text = _words(" ".join(lines))
            if text and "егэ" not in fold(text) and not text.startswith("("):
                return text
    return None


class _SheetReader:
    def __init__(self, sheet: Sheet, layout: _Layout, log: ProblemLog):
        self.sheet = sheet
        self.layout = layout
        self.log = log
        self.region = _region_name(sheet, layout.header_row) or "Регион"
        self.region_stem = fold(self.region.split()[0])[:4] if self.region != "Регион" else None

    def _get(self, values: list, c: int | None) -> object:
        return values[c] if c is not None and c < len(values) else None

    def _text(self, values: list, name: str) -> str | None:
        text = cell_text(self._get(values, self.layout.columns.get(name)))
        return _words(text) if text else None

    def _number(self, values: list, c: int | None, row: int, subject: _Subject, measure: str) -> tuple[float | None, bool]:
        """(value, good): an empty cell is None, text that is not a number an error."""
        try:
            return cell_number(self._get(values, c)), True
        except ValueError as error:
            self.log.error(f"«{subject.name}», «{MEASURE_RU[measure]}»: {error}.", row, column_letter(c + 1),
                           kind=f"text:{measure}")
            return None, False

    def _figures(self, values: list, row: int, subject: _Subject):
        """(participants, below, high, 100, mean) of one subject in one row; None when unusable. Empty = 0."""
        read = {}
        good = True
        for measure in MEASURES:
            c = subject.columns.get(measure)
            if c is None:
                read[measure] = None
                continue
            value, ok = self._number(values, c, row, subject, measure)
            good = good and ok
            if ok and value is not None and measure != "mean" and (value < 0 or not value.is_integer()):
                self.log.error(f"«{subject.name}», «{MEASURE_RU[measure]}»: {value:g} — ожидается целое число "
                               "не меньше 0.", row, column_letter(c + 1), kind=f"range:{measure}")
                good = False
            if ok and value is not None and measure == "mean" and not 0 <= value <= 100:
                self.log.error(f"«{subject.name}», средний балл {value:g} вне 0–100.", row, column_letter(c + 1),
                               kind="range:mean")
                good = False
            read[measure] = value
        if not good:
            return None
        n, below, high, top = (int(read[m] or 0) for m in ("participants", "below", "high", "score_100"))
        columns = subject.columns
        if below > n:
            self.log.error(f"«{subject.name}»: не преодолели порог {below} — больше, чем приняло участие ({n}).",
                           row, column_letter(columns["below"] + 1), kind="below>n")
            return None
        if high + top > n:
            c = columns.get("high", columns.get("score_100"))
            self.log.error(f"«{subject.name}»: высокобалльников и стобалльников {high + top} — больше, чем "
                           f"приняло участие ({n}).", row, column_letter(c + 1), kind="high>n")
            return None
        mean = read["mean"]
        if n > 0 and mean is None and "mean" in columns:
            self.log.warning(f"«{subject.name}»: не указан средний балл.", row, column_letter(columns["mean"] + 1),
                             kind="no_mean")
        return n, below, high, top, mean

    def _across(self, row: int) -> bool:
        """Whether the municipality cell of the row is merged over the school cell."""
        c = self.layout.columns.get("municipality")
        school = self.layout.columns["school"]
        return c is not None and any(r1 == row and c1 == c + 1 and c2 > school for r1, c1, _, c2 in self.sheet.merged)

    def _total_level(self, text: str, seen_school: bool, row: int, last_school_row: int) -> str:
        folded = " " + fold(text) + " "
        if any(w in folded for w in ("регион", "субъект", "автономн")):
            return "region"
        if any(w in folded for w in MUNICIPALITY_WORDS):
            return "municipality"
        if any(w in folded for w in REGION_WORDS) or (self.region_stem and self.region_stem in folded):
            return "region"
        return "region" if not seen_school or row > last_school_row else "municipality"

    def entries(self) -> list[_Entry]:
        layout = self.layout
        sheet = self.sheet
        first = layout.measure_row + 1
        school_header = header_text(sheet.cell(layout.header_row, layout.columns["school"] + 1))
        rows = []
        for index in range(first - 1, len(sheet.rows)):
            values = sheet.rows[index]
            if all(v is None for v in values):
                continue
            if all(v is None or (type(v) is float and v.is_integer()) for v in values):
                continue  # the row of column numbers under the header
            rows.append((index + 1, values))
        school_rows = [row for row, values in rows if self._text(values, "school")
                       and not fold(self._text(values, "school")).startswith(("всего", "итого"))]
        last_school_row = max(school_rows, default=0)

        entries: list[_Entry] = []
        municipality: str | None = None
        seen_school = False
        for row, values in rows:
            place = self._text(values, "municipality")
            school = self._text(values, "school")
            if school and header_text(school) == school_header:
                continue  # the header repeated on a new page
            figures = [self._figures(values, row, subject) for subject in layout.subjects]
            empty = all(self._get(values, c) is None for s in layout.subjects for c in s.columns.values())
            total = next((t for t in (place, school) if t and fold(t).startswith(("всего", "итого"))), None)
            if total is not None:
                level = self._total_level(total, seen_school, row, last_school_row)
                if level == "region":
                    entries.append(_Entry(row, "region", self.region, None, None, figures, empty))
                    continue
                name = place if place and place != total else municipality or _words(total)
                entries.append(_Entry(row, "municipality", name, None, None, figures, empty))
                continue
            if school:
                if place:
                    municipality = place
                seen_school = True
                entries.append(_Entry(row, "school", school, municipality, self._text(values, "profile"), figures,
                                      empty))
                continue
            if place:
                municipality = place
                entries.append(_Entry(row, "municipality", place, None, None, figures, empty,
                                      heading=self._across(row)))
                continue
            if municipality and not empty:  # under a merged municipality cell, the school cell empty
                entries.append(_Entry(row, "municipality", municipality, None, None, figures, empty))
        return entries


def _combine(first, second):
    if first is None or second is None:
        return None
    n = first[0] + second[0]
    means = [(f[0], f[4]) for f in (first, second) if f[0]]
    mean = None
    if means and all(m is not None for _, m in means):
        mean = round(sum(k * m for k, m in means) / sum(k for k, _ in means), 2)
    return n, first[1] + second[1], first[2] + second[2], first[3] + second[3], mean


def _merge_duplicates(entries: list[_Entry], log: ProblemLog) -> list[_Entry]:
    """A school written twice under one municipality: its profiles' rows are added up; the same row
    twice is an error."""
    kept: list[_Entry] = []
    seen: dict[tuple, _Entry] = {}
    for entry in entries:
        if entry.level != "school":
            kept.append(entry)
            continue
        key = (entry.municipality and fold(entry.municipality), fold(entry.name))
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = entry
            kept.append(entry)
            continue
        if entry.profile and earlier.profile and fold(entry.profile) != fold(earlier.profile):
            earlier.figures = [_combine(a, b) for a, b in zip(earlier.figures, entry.figures, strict=True)]
            log.warning(f"Школа «{entry.name}» записана и в строке {earlier.row} (другой профиль): результаты "
                        "строк сложены.", entry.row, kind="profiles")
            earlier.profile = entry.profile
            continue
        log.error(f"Школа «{entry.name}» уже есть в строке {earlier.row}.", entry.row, kind="duplicate")
    return kept


SUM_FIELDS = (("приняло участие", 0), ("не преодолели порог", 1), ("высокобалльников", 2), ("стобалльников", 3))


def _check_sums(entries: list[_Entry], subjects: list[_Subject], log: ProblemLog) -> None:
    """The schools of a municipality add up to its subtotal (where both are given): a warning if not."""
    totals = [e for e in entries if e.level == "municipality" and not e.empty]
    for total in totals:
        schools = [e for e in entries if e.level == "school" and e.municipality == total.name]
        if not schools:
            continue
        for index, subject in enumerate(subjects):
            theirs = total.figures[index]
            parts = [s.figures[index] for s in schools]
            if theirs is None or any(p is None for p in parts):
                continue
            differ = []
            for what, at in SUM_FIELDS:
                summed = sum(p[at] for p in parts)
                if summed != theirs[at]:
                    differ.append(f"{what} {summed} по школам и {theirs[at]} в итоге")
            if differ:
                log.warning(f"«{total.name}», «{subject.name}»: {'; '.join(differ)}.", total.row, kind="sum")


def _note_empty_totals(entries: list[_Entry], log: ProblemLog) -> None:
    """A total row without a single number while its schools have them: formulas saved without their
    values (a file written by a program, not by Excel). Warned; the total is left out."""
    has_numbers = any(not e.empty for e in entries if e.level == "school")
    for entry in entries:
        if entry.level != "school" and entry.empty and has_numbers and not entry.heading:
            if entry.level == "municipality" and (
                    not any(e.level == "school" and e.municipality == entry.name for e in entries)
                    or any(e.level == "municipality" and e.name == entry.name and not e.empty for e in entries)):
                continue  # a heading row of the municipality, or its total is given in another row
            log.warning(f"В строке итогов «{entry.name}» нет чисел — возможно, это формулы без сохранённых "
                        "значений. Итоги не загружены; откройте файл в Excel и сохраните его, чтобы загрузить и их.",
                        entry.row, kind="empty_total")


def parse(path, sheets: list[Sheet], keep_names: bool = False) -> ParsedFile:
    keys: list[AssessmentKey] = []
    groups: list[GroupRow] = []
    owners: list[int] = []
    problems: list[Problem] = []
    main_sheet: str | None = None
    applications: list[str] = []
    years: dict[int, str] = {}
    band_warning: Problem | None = None
    for sheet in sheets:
        what = _inspect(sheet)
        if what is None:
            continue
        if what == "applications":
            applications.append(sheet.name)
            problems.append(Problem(f"Лист «{sheet.name}»: это заявления на ЕГЭ, а не результаты — пропущен.",
                                    sheet.name, None, None, "warning"))
            continue
        layout = _layout(sheet)
        assert layout is not None
        year = _sheet_year(sheet)
        title_year = YEAR.search(_title(sheet) or "")
        log = ProblemLog(sheet.name)
        if title_year and int(title_year.group(1)) != year:
            log.warning(f"Лист назван «{sheet.name}», а в заголовке {title_year.group(1)} год: взят год из "
                        "заголовка.", 2, kind="year")
            year = int(title_year.group(1))
        if year in years:
            problems.append(Problem(f"Лист «{sheet.name}»: результаты {year} года уже прочитаны с листа "
                                    f"«{years[year]}» — лист пропущен.", sheet.name, None, None, "warning"))
            continue
        years[year] = sheet.name
        main_sheet = main_sheet or sheet.name
        subjects = []
        for subject in layout.subjects:
            c = subject.columns["participants"]
            if not subject.name:
                log.error("Над столбцом «приняло участие» не указан предмет: столбцы предмета не прочитаны.",
                          layout.header_row, column_letter(c + 1), kind="no_subject")
            elif any(s.name == subject.name for s in subjects):
                log.error(f"Предмет «{subject.name}» записан в заголовке дважды: второй раз не прочитан.",
                          layout.header_row, column_letter(c + 1), kind="same_subject")
            else:
                subjects.append(subject)
        layout.subjects = subjects
        reader = _SheetReader(sheet, layout, log)
        entries = _merge_duplicates(reader.entries(), log)
        _check_sums(entries, subjects, log)
        _note_empty_totals(entries, log)
        for entry in entries:
            for index, subject in enumerate(subjects):
                figures = entry.figures[index]
                if figures is None or figures[0] <= 0:
                    continue
                n, below, high, top, mean = figures
                low_band, high_band = subject.band
                together = high + top if high_band < 100 else high
                if low_band != 81 and band_warning is None and "high" in subject.columns:
                    band_warning = Problem(
                        f"Высокобалльники в файле — {low_band}–{high_band} баллов; в программе — 81–100: "
                        f"сохранено {low_band}–{high_band} и 100 вместе.", sheet.name, layout.measure_row,
                        column_letter(subject.columns["high"] + 1), "warning")
                max_score = MAX_SCORE
                if subject.name == BASIC_MATHEMATICS:  # marked 2–5: its «средний балл» is a mean mark
                    mean = high = top = together = max_score = None
                key = AssessmentKey(KIND, year, subject.name, GRADE, None, max_score)
                if key not in keys:
                    keys.append(key)
                code = entry.name if entry.level == "municipality" else None
                groups.append(GroupRow(n, mean_test=mean, below_threshold=below, score_81_100=together,
                                       score_100=top, level=entry.level, code=code, name=entry.name,
                                       row=entry.row, parent_code=entry.municipality))
                owners.append(keys.index(key))
        if not any(e.level == "school" for e in entries):
            log.error("Под заголовком нет ни одной строки школы.", layout.measure_row + 1, kind="no_rows")
        problems += log.finish()
    if main_sheet is None:
        if applications:
            raise ImportFormatError(
                f"Это заявления на ЕГЭ, а не результаты (лист «{applications[0]}»): в файле нет средних баллов и "
                "числа участников по предметам. Загрузите сводку результатов ЕГЭ по школам.",
                file=path, sheet=applications[0])
        raise ImportFormatError("Не найден лист с результатами ЕГЭ по школам (лист, названный годом, с заголовком "
                                "«Муниципальное образование | Образовательная организация (школа) | …»).", file=path)
    if band_warning is not None:
        problems.insert(0, band_warning)
    return ParsedFile(str(path), LAYOUT, main_sheet, keys, groups=groups, problems=problems,
                      group_assessment=owners)
