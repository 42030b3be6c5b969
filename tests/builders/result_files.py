"""Writers of assessment result files in the layouts of docs `file-layouts.md`, for tests and benches.

Everything here is invented: the region «Энская область», the district «Заречный муниципальный
район», schools, codes (edu9xxxxx, reg99_m0xx), pupils and their names. The numbers are parameters,
so a test can assert that what a reader parsed equals what was written. Each writer returns a
`Written` telling the Excel row of every group (by code or level) and the letter of every column
(by header), so tests can point at cells without counting rows by hand.

Small files are written with openpyxl. `write_fisoko_individual` writes big files (hundreds of
thousands of rows) with a minimal direct .xlsx writer that uses a shared-strings table as Excel does;
openpyxl's write-only mode takes about a minute for 300,000 rows.
"""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

SUBJECT_ABBR = {
    "Русский язык": "РУ",
    "Математика": "МА",
    "Окружающий мир": "ОМ",
    "История": "ИС",
    "Биология": "БИ",
    "География": "ГГ",
    "Обществознание": "ОБ",
    "Физика": "ФИ",
    "Химия": "ХИ",
}

REGION = "Энская область"
MUNICIPALITY = ("Заречный муниципальный район", "reg99_m001")

LOWERED = "Понизили (Отметка < Отметка по журналу)"
CONFIRMED = "Подтвердили (Отметка = Отметке по журналу)"
RAISED = "Повысили (Отметка > Отметка по журналу)"


@dataclass
class Written:
    path: Path
    sheet: str
    rows: dict[str, int] = field(default_factory=dict)  # group code / "all" / "region" → Excel row
    columns: dict[str, str] = field(default_factory=dict)  # header → column letter
    header_row: int = 8


# ---------------------------------------------------------------------------------------------------
# ФИС ОКО: shared preamble


def _sheet_name(subject: str, grade: int, title: str) -> str:
    return f"{SUBJECT_ABBR.get(subject, subject[:2].upper())} {grade} {title}"[:31]


def _preamble(ws, title, kind, year, subject, grade, max_score, date_text) -> None:
    ws.cell(1, 1, title)
    ws.cell(3, 1, f"{kind} {year} {subject} {grade} класс")
    ws.cell(4, 1, "Предмет:")
    ws.cell(4, 2, subject)
    ws.cell(5, 1, "Максимальный первичный балл:")
    ws.cell(5, 2, max_score)
    ws.cell(6, 1, "Дата:")
    ws.cell(6, 2, date_text)


def _pct(n: int, total: int) -> float:
    return round(100.0 * n / total, 2) if total else 0.0


def _pct_cell(value: float, comma: bool):
    return f"{value:.2f}".replace(".", ",") if comma else value


# ---------------------------------------------------------------------------------------------------
# «Статистика по отметкам»


@dataclass
class SchoolMarks:
    name: str
    code: str
    counts: tuple[int, int, int, int]  # n2, n3, n4, n5
    percents: tuple[object, object, object, object] | None = None  # written instead of computed ones
    participants: object = None  # written instead of sum(counts)


DEFAULT_MARK_SCHOOLS = [
    SchoolMarks("МБОУ «СОШ № 1 с. Заречное»", "edu900101", (3, 10, 12, 5)),
    SchoolMarks("МБОУ «СОШ № 2 с. Заречное»", "edu900102", (1, 7, 9, 8)),
    SchoolMarks("МКОУ «ООШ № 14 х. Лесной»", "edu900114", (2, 5, 3, 1)),
    SchoolMarks("МБОУ «Гимназия им. А. П. Вербина»", "edu900120", (0, 6, 20, 14)),
]


def under_demo_codes(schools: list) -> list:
    """Builder schools under the demo registry's codes where the demo has a school of that name: a
    namesake under another code is a question for the user, not a match, so files meant to load into
    the demo district must use its codes."""
    import dataclasses

    from desktop.demo import DEMO_SCHOOLS

    codes = {row[0]: row[2] for row in DEMO_SCHOOLS}
    return [dataclasses.replace(school, code=codes.get(school.name, school.code)) for school in schools]


def _sum_counts(items) -> tuple[int, int, int, int]:
    total = [0, 0, 0, 0]
    for counts in items:
        for i in range(4):
            total[i] += counts[i]
    return tuple(total)


def write_fisoko_marks(
    path,
    *,
    year: int = 2026,
    subject: str = "Математика",
    grade: int = 5,
    schools: list[SchoolMarks] | None = None,
    region: str = REGION,
    municipality: tuple[str, str] = MUNICIPALITY,
    region_extra: tuple[int, int, int, int] = (400, 1500, 1300, 500),
    all_extra: tuple[int, int, int, int] = (40000, 150000, 130000, 52000),
    max_score: int = 20,
    date_text: str = "20.04.2026",
    comma_decimal: bool = False,
    kind: str = "ВПР",
) -> Written:
    """«Статистика по отметкам»: Вся выборка → region → municipality → schools.

    The region has the municipality's counts plus `region_extra`, the whole sample the region's plus
    `all_extra`. Percentages are written with two decimals, or as comma-decimal text.
    """
    schools = DEFAULT_MARK_SCHOOLS if schools is None else schools
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(subject, grade, "Статистика по отметкам")
    _preamble(ws, "Статистика по отметкам", kind, year, subject, grade, max_score, date_text)
    headers = ["Группы участников", "Кол-во ОО", "Кол-во участников", 2, 3, 4, 5]
    for col, text in enumerate(headers, 1):
        ws.cell(8, col, text)
    written = Written(path, ws.title, columns={str(h): get_column_letter(i) for i, h in enumerate(headers, 1)})

    municipal = _sum_counts(s.counts for s in schools)
    regional = _sum_counts([municipal, region_extra])
    whole = _sum_counts([regional, all_extra])

    def put(row, name, n_schools, counts, percents=None, participants=None):
        total = sum(counts)
        ws.cell(row, 1, name)
        if n_schools is not None:
            ws.cell(row, 2, n_schools)
        ws.cell(row, 3, total if participants is None else participants)
        values = percents or [_pct(n, total) for n in counts]
        for i, value in enumerate(values):
            ws.cell(row, 4 + i, _pct_cell(value, comma_decimal) if isinstance(value, float) else value)

    row = 9
    put(row, "Вся выборка", 40000, whole)
    written.rows["all"] = row
    row += 1
    put(row, region, 900, regional)
    written.rows["region"] = row
    row += 1
    put(row, f"{municipality[0]}({municipality[1]})", len(schools), municipal)
    written.rows[municipality[1]] = row
    for school in schools:
        row += 1
        label = f"{school.name}({school.code})" if school.code else school.name
        put(row, label, None, school.counts, school.percents, school.participants)
        written.rows[school.code] = row
    wb.save(path)
    return written


# ---------------------------------------------------------------------------------------------------
# «Сравнение отметок с отметками по журналу»


@dataclass
class SchoolJournal:
    name: str
    code: str
    lowered: int
    confirmed: int
    raised: int


DEFAULT_JOURNAL_SCHOOLS = [
    SchoolJournal("МБОУ «СОШ № 1 с. Заречное»", "edu900101", 4, 22, 4),
    SchoolJournal("МБОУ «СОШ № 2 с. Заречное»", "edu900102", 2, 18, 5),
    SchoolJournal("МКОУ «ООШ № 14 х. Лесной»", "edu900114", 0, 9, 2),
    SchoolJournal("МБОУ «Гимназия им. А. П. Вербина»", "edu900120", 7, 30, 3),
]


def write_fisoko_journal(
    path,
    *,
    shape: str = "wide",
    two_row_header: bool = True,
    year: int = 2026,
    subject: str = "Русский язык",
    grade: int = 4,
    schools: list[SchoolJournal] | None = None,
    region: str = REGION,
    municipality: tuple[str, str] = MUNICIPALITY,
    region_extra: tuple[int, int, int] = (600, 3000, 400),
    max_score: int = 38,
    date_text: str = "22.04.2026",
) -> Written:
    """Both shapes of the journal comparison with the same numbers.

    wide: region → municipality → schools, a `%` and a count column per outcome; the header on two
    rows with merged cells (`two_row_header`) or flattened into one row («Понизили (…) %»).
    long: the same groups, each followed by Понизили / Подтвердили / Повысили / Всего rows.
    """
    schools = DEFAULT_JOURNAL_SCHOOLS if schools is None else schools
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(subject, grade, "Сравнение отметок с отметками по журналу")
    _preamble(ws, "Сравнение отметок с отметками по журналу", "ВПР", year, subject, grade, max_score, date_text)
    municipal = tuple(sum(getattr(s, f) for s in schools) for f in ("lowered", "confirmed", "raised"))
    regional = tuple(a + b for a, b in zip(municipal, region_extra, strict=True))
    groups = [("region", region, regional), (municipality[1], f"{municipality[0]}({municipality[1]})", municipal)]
    groups += [(s.code, f"{s.name}({s.code})", (s.lowered, s.confirmed, s.raised)) for s in schools]
    written = Written(path, ws.title)

    if shape == "wide":
        outcomes = [LOWERED, CONFIRMED, RAISED]
        if two_row_header:
            ws.cell(8, 1, "Группы участников")
            ws.cell(8, 2, "Кол-во участников(всего)")
            ws.merge_cells("A8:A9")
            ws.merge_cells("B8:B9")
            for i, outcome in enumerate(outcomes):
                col = 3 + 2 * i
                ws.cell(8, col, outcome)
                ws.merge_cells(start_row=8, start_column=col, end_row=8, end_column=col + 1)
                ws.cell(9, col, "%")
                ws.cell(9, col + 1, "Кол-во участников")
            first = 10
        else:
            ws.cell(8, 1, "Группы участников")
            ws.cell(8, 2, "Кол-во участников(всего)")
            for i, outcome in enumerate(outcomes):
                ws.cell(8, 3 + 2 * i, f"{outcome} %")
                ws.cell(8, 4 + 2 * i, f"{outcome} Кол-во участников")
            first = 9
        written.columns = {"Группы участников": "A", "Кол-во участников(всего)": "B"}
        for i, key in enumerate(("lowered", "confirmed", "raised")):
            written.columns[f"{key} %"] = get_column_letter(3 + 2 * i)
            written.columns[f"{key} count"] = get_column_letter(4 + 2 * i)
        for offset, (key, name, counts) in enumerate(groups):
            row = first + offset
            total = sum(counts)
            ws.cell(row, 1, name)
            ws.cell(row, 2, total)
            for i, n in enumerate(counts):
                ws.cell(row, 3 + 2 * i, _pct(n, total))
                ws.cell(row, 4 + 2 * i, n)
            written.rows[key] = row
    elif shape == "long":
        for col, text in enumerate(["Группы участников", "Кол-во участников", "%"], 1):
            ws.cell(8, col, text)
        written.columns = {"Группы участников": "A", "Кол-во участников": "B", "%": "C"}
        row = 9
        for key, name, counts in groups:
            total = sum(counts)
            ws.cell(row, 1, name)
            written.rows[key] = row
            for label, n in zip((LOWERED, CONFIRMED, RAISED), counts, strict=True):
                row += 1
                ws.cell(row, 1, label)
                ws.cell(row, 2, n)
                ws.cell(row, 3, _pct(n, total))
            row += 1
            ws.cell(row, 1, "Всего")
            ws.cell(row, 2, total)
            ws.cell(row, 3, 100)
            row += 1
    else:
        raise ValueError(shape)
    wb.save(path)
    return written


# ---------------------------------------------------------------------------------------------------
# «Индивидуальные результаты»

DEFAULT_TASKS = [("1", 1), ("2", 1), ("3", 2), ("4К1", 1), ("4К2", 2), ("5", 1), ("6.1", 1), ("6.2", 2), ("7", 3)]


@dataclass
class Student:
    participant_code: object  # 5-digit number, as ФИС ОКО writes it
    class_no: object
    variant: object
    tasks: list[object]  # one value per task column; "X" etc. for missing
    primary: object
    mark: object
    journal_mark: object  # "нет отметки" is common


@dataclass
class SchoolStudents:
    name: str
    code: str
    students: list[Student]
    declared: int | None = None  # «Кол-во участников: N» of the group row; len(students) by default


def _student_rows(school: SchoolStudents, municipality: str, tasks: list[tuple[str, int]]):
    n_tasks = len(tasks)
    for s in school.students:
        values = list(s.tasks) + [None] * (n_tasks - len(s.tasks))
        yield [school.code, municipality, school.name, s.participant_code, s.class_no, s.variant,
               *values[:n_tasks], s.primary, s.mark, s.journal_mark]


def random_schools(
    n_rows: int,
    *,
    tasks: list[tuple[str, int]] = DEFAULT_TASKS,
    n_schools: int | None = None,
    seed: int = 2026,
) -> list[SchoolStudents]:
    """`n_rows` invented pupils across invented schools, marks from the primary score."""
    rng = random.Random(seed)
    n_schools = n_schools or max(1, min(3000, n_rows // 90))
    maxima = [m for _, m in tasks]
    total_max = sum(maxima)
    per_school, rest = divmod(n_rows, n_schools)
    schools = []
    code = 10000
    for i in range(n_schools):
        count = per_school + (1 if i < rest else 0)
        students = []
        for _ in range(count):
            code += 1
            scores = [rng.randint(0, m) for m in maxima]
            if rng.random() < 0.05:
                scores[rng.randrange(len(scores))] = "X"
            primary = sum(v for v in scores if v != "X")
            share = primary / total_max
            mark = 2 if share < 0.3 else 3 if share < 0.55 else 4 if share < 0.8 else 5
            journal = "нет отметки" if rng.random() < 0.03 else max(2, min(5, mark + rng.choice((-1, 0, 0, 0, 1))))
            students.append(Student(code, rng.randint(1, 3), rng.randint(1, 30), scores, primary, mark, journal))
        schools.append(SchoolStudents(f"МБОУ «СОШ № {i + 1} с. Заречное-{i // 40 + 1}»", f"edu9{i + 1:05d}", students))
    return schools


def write_fisoko_individual(
    path,
    *,
    schools: list[SchoolStudents] | None = None,
    n_rows: int | None = None,
    tasks: list[tuple[str, int]] = DEFAULT_TASKS,
    year: int = 2026,
    subject: str = "Математика",
    grade: int = 5,
    max_score: int | None = None,
    date_text: str = "17.04.2026",
    municipality: str = "Заречный муниципальный район",
    levels: str | None = "ББПБППБПВ",
    engine: str = "auto",
) -> Written:
    """«Индивидуальные результаты»: a group row per school, then its pupils.

    Give `schools` (exact contents) or `n_rows` (invented, reproducible). `engine` «openpyxl» or «fast»;
    «auto» picks the fast writer above 20,000 rows.
    """
    if schools is None:
        schools = random_schools(n_rows or 100, tasks=tasks)
    path = Path(path)
    max_score = sum(m for _, m in tasks) if max_score is None else max_score
    headers = ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
    headers += [f"{name} ({points}б)" for name, points in tasks]
    headers += ["Первичный балл", "Отметка", "Отметка по журналу"]
    title = "Индивидуальные результаты"
    sheet = _sheet_name(subject, grade, title)
    written = Written(path, sheet, columns={h: get_column_letter(i) for i, h in enumerate(headers, 1)})

    def all_rows():
        yield [title]
        yield []
        yield [f"ВПР {year} {subject} {grade} класс"]
        yield ["Предмет:", subject]
        yield ["Максимальный первичный балл:", max_score]
        yield ["Дата:", date_text]
        if levels:
            yield ["Уровень сложности задания", None, None, None, None, None, *levels[: len(tasks)]]
        else:
            yield []
        yield headers
        row = 8
        for school in schools:
            row += 1
            declared = len(school.students) if school.declared is None else school.declared
            yield [f"{school.name}({school.code}) | Кол-во участников: {declared}"]
            written.rows[school.code] = row
            for values in _student_rows(school, municipality, tasks):
                row += 1
                yield values

    total = sum(len(s.students) for s in schools)
    if engine == "fast" or (engine == "auto" and total > 20_000):
        write_xlsx_fast(path, sheet, all_rows())
    else:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet)
        for values in all_rows():
            ws.append(values)
        wb.save(path)
    return written


def write_xlsx_fast(path, sheet_name: str, rows) -> None:
    """A one-sheet .xlsx with a shared-strings table, streamed: numbers as numbers, text shared."""
    strings: dict[str, int] = {}
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            letters = [get_column_letter(i) for i in range(1, 200)]
            chunk = []
            for r, values in enumerate(rows, 1):
                cells = []
                for c, value in enumerate(values):
                    if value is None or value == "":
                        continue
                    ref = f"{letters[c]}{r}"
                    if isinstance(value, str):
                        index = strings.get(value)
                        if index is None:
                            index = strings[value] = len(strings)
                        cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                chunk.append(f'<row r="{r}">{"".join(cells)}</row>')
                if len(chunk) >= 5000:
                    out.write("".join(chunk).encode())
                    chunk = []
            out.write("".join(chunk).encode())
            out.write(b"</sheetData></worksheet>")
        shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )


# ---------------------------------------------------------------------------------------------------
# РЦОИ «Протокол проверки результатов»


@dataclass
class ExamStudent:
    school_code: str  # text with leading zeros, e.g. "0042"
    class_label: str  # «9А», «11Б»
    exam_point: str
    room: str
    msu_code: str
    last_name: str
    first_name: str
    patronymic: str
    short_answers: str  # «++-+2+…»
    long_answers: str  # «1(2)2(3)0(3)»
    primary: object
    result: object  # ОГЭ mark 2–5, ЕГЭ test score 0–100 (or a mark for базовая математика)


@dataclass
class ExamBlock:
    code: int
    subject: str
    date: str  # «2026.06.03»
    students: list[ExamStudent]


FIRST_NAMES = ["Алина", "Богдан", "Вера", "Глеб", "Дарина", "Егор", "Злата", "Кирилл", "Лада", "Мирон"]
LAST_NAMES = ["Заречнова", "Полевой", "Озерцова", "Лесков", "Ручейкова", "Холмов", "Степнова", "Ключарёв"]
PATRONYMICS = ["Олеговна", "Ильич", "Петровна", "Савельевич", "Артёмовна", "Фомич"]


RCOI_SCHOOL_CODES = ("0042", "0107", "0315")  # the schools of a protocol, as РЦОИ codes them


def exam_students(n: int, *, kind: str = "ОГЭ", seed: int = 7, schools=RCOI_SCHOOL_CODES) -> list[ExamStudent]:
    rng = random.Random(seed)
    result = []
    for i in range(n):
        short = "".join(rng.choice("++-+2") for _ in range(8))
        long = "".join(f"{rng.randint(0, m)}({m})" for m in (2, 3, 3))
        primary = sum(1 if ch == "+" else int(ch) if ch.isdigit() else 0 for ch in short) + sum(
            int(part.split("(")[0]) for part in long.split(")")[:-1]
        )
        if kind == "ЕГЭ":
            value = min(100, 20 + primary * 4)
        else:
            value = 2 if primary < 6 else 3 if primary < 11 else 4 if primary < 15 else 5
        result.append(
            ExamStudent(
                school_code=schools[i % len(schools)],
                class_label=("9" if kind != "ЕГЭ" else "11") + "АБВ"[i % 3],
                exam_point="0042" if i % 2 else "0107",
                room="000" + str(1 + i % 4),
                msu_code="09",
                last_name=LAST_NAMES[i % len(LAST_NAMES)],
                first_name=FIRST_NAMES[(i * 3) % len(FIRST_NAMES)],
                patronymic=PATRONYMICS[i % len(PATRONYMICS)],
                short_answers=short,
                long_answers=long,
                primary=primary,
                result=value,
            )
        )
    return result


def write_rcoi_protocol(
    path,
    *,
    kind: str = "ОГЭ",
    blocks: list[ExamBlock] | None = None,
    region: str = "99 - Энская область",
    result_header: str | None = None,
    numeric_codes: bool = False,
    sheet: str = "Page 1",
    title: str | None = None,
) -> Written:
    """A protocol with exam blocks, spacer columns left by merged cells and a «Средние» row per block.

    `result_header` names the last column («Оценка» for ОГЭ; «Тестовый балл» by default for ЕГЭ).
    `numeric_codes` writes school codes as numbers (losing leading zeros, as some exports do).
    `Written.rows` maps "<block code>:<i>" to the Excel row of the i-th student of a block.
    """
    if blocks is None:
        if kind == "ЕГЭ":
            blocks = [
                ExamBlock(1, "Русский язык", "2026.06.03", exam_students(5, kind=kind, seed=1)),
                ExamBlock(12, "Обществознание", "2026.06.11", exam_students(4, kind=kind, seed=2)),
            ]
        else:
            blocks = [
                ExamBlock(2, "Математика", "2026.06.05", exam_students(5, kind=kind, seed=3)),
                ExamBlock(12, "Обществознание", "2026.07.03", exam_students(3, kind=kind, seed=4)),
            ]
    if result_header is None:
        result_header = "Тестовый балл" if kind == "ЕГЭ" else "Оценка"
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.cell(1, 1, title or f"Протокол проверки результатов {kind} 2026 года")
    ws.cell(2, 1, region)
    # (header, column); the gaps are spacer columns left by merged cells
    layout = [
        ("№", 1), ("Код ОО", 2), ("Класс", 4), ("Код ППЭ", 5), ("Аудитория", 6), ("Код МСУ", 7),
        ("Фамилия", 8), ("Имя", 10), ("Отчество", 11), ("Задания с кратким ответом", 12),
        ("Задания с развёрнутым ответом", 14), ("Первичный балл", 15), (result_header, 17),
    ]
    written = Written(path, sheet, columns={h: get_column_letter(c) for h, c in layout})
    row = 3
    for block in blocks:
        row += 1
        ws.cell(row, 1, f"{block.code} - {block.subject} {block.date}")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=17)
        written.rows[f"{block.code}:header"] = row
        row += 1
        for header, col in layout:
            ws.cell(row, col, header)
            if col in (2, 8, 12, 15):
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
        for i, s in enumerate(block.students):
            row += 1
            school = int(s.school_code) if numeric_codes else s.school_code
            values = [i + 1, school, s.class_label, s.exam_point, s.room, s.msu_code, s.last_name,
                      s.first_name, s.patronymic, s.short_answers, s.long_answers, s.primary, s.result]
            for (_, col), value in zip(layout, values, strict=True):
                ws.cell(row, col, value)
            written.rows[f"{block.code}:{i}"] = row
        row += 1
        ws.cell(row, 1, "Средние")
        if block.students:
            ws.cell(row, 15, round(sum(float(s.primary) for s in block.students if isinstance(s.primary, (int, float)))
                                   / len(block.students), 2))
        row += 1
    wb.save(path)
    return written


# ---------------------------------------------------------------------------------------------------
# the blank «Форма сбора результатов»


def write_blank_form(path) -> Path:
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Протокол"
    ws.append(["Форма сбора результатов ВПР 2026"])
    ws.append(["Код участника", "Класс", "Вариант", "1", "2", "3", "Отметка по журналу"])
    service = wb.create_sheet("Служебный")
    service.append(["Код ОО", "edu900101"])
    service.sheet_state = "hidden"
    classes = wb.create_sheet("Порядковый номер класса")
    classes.append(["Порядковый номер класса", "Буква/литер класса"])
    classes.append([1, "А"])
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------------------
# small helpers for odd files


def write_rows(path, rows: list[list[object]], *, sheet: str = "Лист1") -> Path:
    """Any rows on one sheet: for files that fit no layout, or a layout written by hand."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for values in rows:
        ws.append(values)
    wb.save(path)
    return path


def set_cells(path, changes: dict[str, object], *, sheet: str | None = None) -> Path:
    """Overwrite cells («D12» → value) of a written file: a way to plant one bad value in a good file."""
    from openpyxl import load_workbook

    path = Path(path)
    wb = load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    for ref, value in changes.items():
        ws[ref] = value
    wb.save(path)
    return path
