"""Writers of the region's «Информация о результатах ЕГЭ выпускников школ» (a summary by school), for
tests: both shapes of its header, one sheet per year, a sheet of applications, the region's total
first or last, municipality subtotals as plain numbers or as formulas.

Everything is invented: the region «Энская область», its municipalities and schools. A school's
figures per subject are (приняло участие, не преодолен min порог, высокобалльники 80–99, получили 100,
средний балл); a 0 is written as an empty cell (the files leave zeros empty), the mean of a subject
nobody took too. openpyxl writes formulas without their values (no Excel computed them): calamine
reads such a cell as nothing, which is what `subtotals="formulas"` is for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

REGION = "Энская область"
MEASURES = ("приняло участие", "не преодолен min порог", "высокобалльники (80-99 баллов)", "получили 100 баллов",
            "средний балл")
# the subjects as each shape writes them
SUBJECTS_ABOVE = ("Русский язык", "Математика профильная", "Иностранные языки", "ИКТ")
SUBJECTS_PEOPLE = ("Русский язык, чел.", "Математика (профиль), чел.", "Физика, чел.")

Figures = tuple[int, int, int, int, float]  # participants, below the minimum, 80–99, 100, mean


@dataclass
class SchoolRow:
    name: str
    results: dict[str, Figures]  # subject as written in the header → figures
    profile: str | None = "X"  # «X»: no profile


@dataclass
class Municipality:
    name: str
    schools: list[SchoolRow]


@dataclass
class YearSheet:
    year: int
    municipalities: list[Municipality] = field(default_factory=list)
    applications: bool = False  # a sheet of the applications (заявления) for the year, not results
    subjects: tuple[str, ...] | None = None  # None: the shape's subjects


@dataclass
class WrittenSummary:
    path: Path
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (sheet, school / municipality / "region") → row
    columns: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (sheet, subject, measure) → letter
    header_row: int = 6


def district(year: int = 2024, shift: int = 0) -> list[Municipality]:
    """Two municipalities of the region with their schools; `shift` changes the figures a little, so
    that the years differ. Subjects as `SUBJECTS_ABOVE` writes them."""
    s = shift
    return [
        Municipality("Заречный муниципальный округ", [
            SchoolRow("МБОУ «СОШ № 1 с. Заречное»", {
                "Русский язык": (24 + s, 1, 5, 1, 72.5 + s), "Математика профильная": (12, 2, 1, 0, 58.3),
                "Иностранные языки": (4, 0, 1, 0, 66.0), "ИКТ": (3, 0, 0, 1, 81.0)}, profile="X"),
            SchoolRow("МБОУ «СОШ № 2 с. Заречное»", {
                "Русский язык": (18, 0, 2, 0, 68.0), "Математика профильная": (9 + s, 1, 0, 0, 51.2),
                "Иностранные языки": (0, 0, 0, 0, 0), "ИКТ": (2, 1, 0, 0, 44.5)}, profile="х"),
            SchoolRow("МКОУ «СОШ с. Луговое»", {
                "Русский язык": (6, 1, 0, 0, 55.0), "Математика профильная": (2, 1, 0, 0, 31.0),
                "Иностранные языки": (0, 0, 0, 0, 0), "ИКТ": (0, 0, 0, 0, 0)}, profile=None),
        ]),
        Municipality("Синегорский муниципальный район", [
            SchoolRow("МАОУ «Гимназия № 3 г. Синегорска»", {
                "Русский язык": (40, 0, 14, 2, 79.4), "Математика профильная": (30, 1, 6, 1, 70.1),
                "Иностранные языки": (11, 0, 3, 0, 74.0), "ИКТ": (8, 0, 2, 0, 69.0)},
                profile="социально-экономический"),
            SchoolRow("МБОУ «СОШ № 5 г. Синегорска»", {
                "Русский язык": (21, 2, 1, 0, 61.3), "Математика профильная": (10, 3, 0, 0, 45.0),
                "Иностранные языки": (2, 0, 0, 0, 58.5), "ИКТ": (0, 0, 0, 0, 0)}),
        ]),
    ]


def as_people(municipalities: list[Municipality]) -> list[Municipality]:
    """The same schools with the subjects as the second shape writes them («Русский язык, чел.»)."""
    names = {"Русский язык": "Русский язык, чел.", "Математика профильная": "Математика (профиль), чел.",
             "ИКТ": "Физика, чел."}
    return [Municipality(m.name, [SchoolRow(s.name, {names[k]: v for k, v in s.results.items() if k in names},
                                            s.profile) for s in m.schools]) for m in municipalities]


def _sum(schools: list[SchoolRow], subject: str) -> Figures:
    figures = [s.results.get(subject, (0, 0, 0, 0, 0)) for s in schools]
    n = sum(f[0] for f in figures)
    mean = round(sum(f[0] * f[4] for f in figures) / n, 1) if n else 0
    return n, sum(f[1] for f in figures), sum(f[2] for f in figures), sum(f[3] for f in figures), mean


def write_ege_summary(
    path,
    sheets: list[YearSheet] | None = None,
    *,
    shape: str = "above",  # "above": the subject over its five columns; "people": «из них», «Русский язык, чел.»
    totals: str | None = "first",  # the region's total: "first" («ВСЕГО по региону»), "last" («итого по …»), None
    subtotals: str | None = "numbers",  # municipality subtotals: "numbers", "formulas", None
    subtotal_first: bool = True,  # the subtotal row above its schools (else below, under a merged cell)
    region: str = REGION,
) -> WrittenSummary:
    path = Path(path)
    if sheets is None:
        sheets = [YearSheet(2024, district(2024)), YearSheet(2023, district(2023, shift=2))]
    wb = Workbook()
    wb.remove(wb.active)
    written = WrittenSummary(path)
    for spec in sheets:
        ws = wb.create_sheet(str(spec.year))
        if spec.applications:
            _applications(ws, spec, region, written)
            continue
        subjects = spec.subjects or (SUBJECTS_ABOVE if shape == "above" else SUBJECTS_PEOPLE)
        _results(ws, spec, subjects, shape, totals, subtotals, subtotal_first, region, written)
    wb.save(path)
    return written


def _preamble(ws, title: str, region: str, shape: str) -> None:
    ws.cell(2, 1, title)
    ws.cell(4, 1, f"{region}\n____" if shape == "above" else f"Субъект Российской Федерации\n___{region}___")


def _results(ws, spec: YearSheet, subjects, shape, totals, subtotals, subtotal_first, region, written) -> None:
    sheet = ws.title
    _preamble(ws, f"Информация о результатах ЕГЭ выпускников школ в {spec.year} году", region, shape)
    head = written.header_row
    fixed = ["Муниципальное образование", "Образовательная организация (школа)", "Профиль (при наличии)",
             f"Всего выпускников в {spec.year} году текущего года, принявших участие в ЕГЭ, чел."]
    for c, text in enumerate(fixed, 1):
        ws.cell(head, c, text)
        ws.merge_cells(start_row=head, start_column=c, end_row=head + 1, end_column=c)
    first = len(fixed) + 1
    if shape == "people":
        ws.cell(head, first, "из них")
        ws.merge_cells(start_row=head, start_column=first, end_row=head, end_column=first + 5 * len(subjects) - 1)
    for k, subject in enumerate(subjects):
        start = first + 5 * k
        if shape == "above":
            ws.cell(head, start, subject)
            ws.merge_cells(start_row=head, start_column=start, end_row=head, end_column=start + 4)
        for m, measure in enumerate(MEASURES):
            label = subject if shape == "people" and m == 0 else measure
            ws.cell(head + 1, start + m, label)
            written.columns[(sheet, subject, measure)] = get_column_letter(start + m)
    row = head + 2
    if shape == "people":  # the row of column numbers: 1 … 4, then 5 … 9 for each subject
        numbers = [1, 2, 3, 4] + [5, 6, 7, 8, 9] * len(subjects)
        for c, number in enumerate(numbers, 1):
            ws.cell(row, c, number)
        row += 1

    everyone = [s for m in spec.municipalities for s in m.schools]

    def figures_row(at: int, figures_by_subject, total: int | None) -> None:
        if total:
            ws.cell(at, 4, total)
        for k, subject in enumerate(subjects):
            figures = figures_by_subject(subject)
            for m, value in enumerate(figures):
                if isinstance(value, str) or value:  # a formula, or a figure that is not 0
                    ws.cell(at, first + 5 * k + m, value)

    def total_row(at: int, schools_rows: list[int], schools: list[SchoolRow]) -> None:
        if subtotals == "formulas":
            def formulas(subject):
                k = subjects.index(subject)
                cells = []
                for m in range(5):
                    letter = get_column_letter(first + 5 * k + m)
                    parts = ",".join(f"{letter}{r}" for r in schools_rows)
                    cells.append(f"=AVERAGE({parts})" if m == 4 else f"=SUM({parts})")
                return cells
            figures_row(at, formulas, None)
        else:
            figures_row(at, lambda subject: _sum(schools, subject), None)

    def school_row(at: int, school: SchoolRow, place: str | None) -> None:
        if place:
            ws.cell(at, 1, place)
        ws.cell(at, 2, school.name)
        if school.profile:
            ws.cell(at, 3, school.profile)
        figures_row(at, lambda subject: school.results.get(subject, (0, 0, 0, 0, 0)),
                    school.results.get(subjects[0], (0,))[0])

    plan: list[tuple] = []  # (what, …) in row order, so that formulas can name the rows of their schools
    if totals == "first":
        plan.append(("region",))
    for municipality in spec.municipalities:
        if subtotals and subtotal_first:
            plan.append(("subtotal", municipality))
        plan.extend(("school", municipality, school, i) for i, school in enumerate(municipality.schools))
        if subtotals and not subtotal_first:
            plan.append(("subtotal", municipality))
    if totals == "last":
        plan.append(("region",))
    rows_of: dict[str, list[int]] = {}
    at = row
    for item in plan:
        if item[0] == "school":
            rows_of.setdefault(item[1].name, []).append(at)
        at += 1
    every_school_row = [r for rows in rows_of.values() for r in rows]
    at = row
    for item in plan:
        if item[0] == "region":
            ws.cell(at, 1, "ВСЕГО по региону" if totals == "first" else "итого по Энской области")
            total_row(at, every_school_row, everyone)
            written.rows[(sheet, "region")] = at
        elif item[0] == "subtotal":
            municipality = item[1]
            if subtotal_first:
                ws.cell(at, 1, municipality.name)
            total_row(at, rows_of[municipality.name], municipality.schools)
            written.rows[(sheet, municipality.name)] = at
        else:
            _, municipality, school, i = item
            if subtotal_first:
                place = None  # carried down from the subtotal row above
            else:
                place = municipality.name if i == 0 else None
                if i == 0 and len(municipality.schools) > 1:  # the municipality cell merged over its schools
                    ws.merge_cells(start_row=at, start_column=1, end_row=at + len(municipality.schools) - 1,
                                   end_column=1)
            school_row(at, school, place)
            written.rows[(sheet, school.name)] = at
        at += 1


def _applications(ws, spec: YearSheet, region: str, written: WrittenSummary) -> None:
    """The current year's sheet of applications: how many applied for each subject, no results."""
    _preamble(ws, f"Информация о заявлениях на участие в ЕГЭ выпускников школ в {spec.year} году", region, "above")
    head = written.header_row
    ws.cell(head, 1, "Муниципальное образование")
    ws.cell(head, 2, "Образовательная организация (школа)")
    ws.cell(head, 3, "Всего выпускников, подавших заявление, чел.")
    for k, subject in enumerate(("Русский язык", "Математика профильная", "Математика базовая")):
        ws.cell(head, 4 + k, subject)
        ws.cell(head + 1, 4 + k, "заявлено, чел.")
    at = head + 2
    for municipality in spec.municipalities or district(spec.year):
        for i, school in enumerate(municipality.schools):
            if i == 0:
                ws.cell(at, 1, municipality.name)
            ws.cell(at, 2, school.name)
            n = next(iter(school.results.values()))[0]
            for c, value in enumerate((n, n, n // 2, n - n // 2), 3):
                ws.cell(at, c, value)
            at += 1
