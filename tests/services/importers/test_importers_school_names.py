from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.models.schools import SCHOOL_KINDS, School, validation_errors
from desktop.services.importers.results.school_names import (
    code_level,
    extract_code,
    normalize_school_name,
    school_from_file,
    school_kind,
    school_settlement,
    split_code,
    strip_code,
    tidy_school_name,
)


@pytest.mark.parametrize(
    "spelling",
    [
        'МБОУ "СОШ №1"',
        "МБОУ «СОШ № 1»",
        "мбоу „СОШ  №1“",
        "МБОУ 'СОШ № 1'(edu900101)",
        "  МБОУ\xa0«СОШ №\xa01» ",
        "МБОУ “СОШ №1” (edu900101)",
    ],
)
def test_spellings_of_one_school_share_a_key(spelling):
    assert normalize_school_name(spelling) == normalize_school_name("МБОУ «СОШ № 1»") == "мбоу сош № 1"


def test_yo_and_case():
    assert normalize_school_name("МКОУ «ООШ им. Алёшина»") == normalize_school_name("мкоу ООШ ИМ. АЛЕШИНА")


def test_different_schools_stay_different():
    assert normalize_school_name("МБОУ «СОШ № 1»") != normalize_school_name("МБОУ «СОШ № 11»")
    assert normalize_school_name("МБОУ «СОШ № 1»") != normalize_school_name("МКОУ «СОШ № 1»")


def test_empty():
    assert normalize_school_name(None) == ""
    assert normalize_school_name("") == ""


@pytest.mark.parametrize(
    "text, code",
    [
        ("МБОУ «СОШ №1 с. Заречное»(edu900101)", "edu900101"),
        ("Заречный муниципальный район(reg99_m001)", "reg99_m001"),
        ("МБОУ СОШ №3(sch991234)", "sch991234"),
        ("edu900101", "edu900101"),
        ("МБОУ (EDU900101) ", "edu900101"),
        ("МБОУ «СОШ № 1»", None),
        ("edu90010", None),  # five digits: not a code
        # read as written, to be refused by the matching (school_matching.code_refusal), not folded
        ("МБОУ (edu\u0669\u0669\u0660\u0661\u0660\u0661)", "edu\u0669\u0669\u0660\u0661\u0660\u0661"),
        ('edu223017 | МБОУ "Вавилонская СОШ"', "edu223017"),
        (None, None),
        (12.0, None),
        # folded once for every reader: NFKC, lower case
        ("ｅｄｕ７７１００１", "edu771001"),
        ("МБОУ «СОШ № 1»(ｅｄｕ７７１００１)", "edu771001"),
        ("МБОУ «СОШ № 1»（ＥＤＵ７７１００１）", "edu771001"),  # full-width parentheses too
        ("edu７７１００１ | МБОУ СОШ", "edu771001"),
        ("Заречный район(ｒｅｇ９９＿ｍ００１)", "reg99_m001"),
        # look-alike letters are found and kept as written, for the matching to refuse
        ("МБОУ «СОШ № 1»(\u0435du771001)", "\u0435du771001"),
        ("\u0415DU771001", "\u0435du771001"),
        ("\u0435du223017 | МБОУ СОШ", "\u0435du223017"),
        ("МБОУ (s\u0441h771003)", "s\u0441h771003"),
        # words that are no code stay so
        ("МБОУ «СОШ № 1» (филиал)", None),
        ("МБОУ (\u0435да123456)", None),
        ("МБОУ (edu771001) (\u0435du771002)", "edu771001"),  # the first code in parentheses
    ],
)
def test_extract_code(text, code):
    assert extract_code(text) == code


def test_split_code():
    assert split_code("МБОУ «СОШ №1»(edu900101)") == ("МБОУ «СОШ №1»", "edu900101")
    assert split_code("Энская область") == ("Энская область", None)
    assert split_code("МБОУ «СОШ №1»(ｅｄｕ９００１０１)") == ("МБОУ «СОШ №1»", "edu900101")
    assert split_code("МБОУ «СОШ №1» （ＳＣＨ９００１０１）") == ("МБОУ «СОШ №1»", "sch900101")
    assert split_code("МБОУ «СОШ №1»(\u0435du900101)") == ("МБОУ «СОШ №1»", "\u0435du900101")
    assert split_code("МБОУ «СОШ №1» (корпус 2)") == ("МБОУ «СОШ №1» (корпус 2)", None)
    assert split_code("Район(r\u0435g99_m001)") == ("Район", "r\u0435g99_m001")


def test_code_level_reads_look_alike_codes_by_their_shape():
    assert code_level("reg99_m001") == code_level("r\u0435g99_m001") == "municipality"
    assert code_level("\u0435du771001") == code_level("sch771001") == "school"
    assert code_level(None) is None


# --- every reader folds the codes it reads in one place ---------------------------------------------


def _read_codes(tmp_path, kind: str, code: str):
    """(codes the reader read, problems) for a file of one school with this code as written."""
    from desktop.services.importers.results.detect import read_result_file
    from tests.builders.result_files import (
        SchoolJournal,
        SchoolMarks,
        SchoolStudents,
        Student,
        write_fisoko_individual,
        write_fisoko_journal,
        write_fisoko_marks,
    )

    name = "МБОУ «СОШ № 1 с. Заречное»"
    if kind == "marks":
        written = write_fisoko_marks(tmp_path / "m.xlsx", schools=[SchoolMarks(name, code, (1, 2, 3, 4))])
    elif kind == "journal":
        written = write_fisoko_journal(tmp_path / "j.xlsx", schools=[SchoolJournal(name, code, 1, 5, 2)])
    else:
        pupils = [Student(10001 + k, 1, 1, [1, 1, 1], 3, 3, 3) for k in range(3)]
        written = write_fisoko_individual(tmp_path / "i.xlsx", tasks=[("1", 1), ("2", 1), ("3", 1)],
                                          schools=[SchoolStudents(name, code, pupils)])
    parsed = read_result_file(written.path)
    schools = [(g.code, g.name) for g in parsed.groups if g.level == "school"]
    schools += sorted({(s.school_code, s.school_name) for s in parsed.students})
    return schools, parsed.problems


@pytest.mark.parametrize("kind", ["marks", "journal", "individual"])
@pytest.mark.parametrize(
    "code, read",
    [
        ("ｅｄｕ９００１０１", "edu900101"),  # full-width: NFKC
        ("ＥＤＵ900101", "edu900101"),
        ("edu\u0669\u0660\u0660\u0661\u0660\u0661", "edu\u0669\u0660\u0660\u0661\u0660\u0661"),  # Arabic-Indic: kept
        ("\u0435du900101", "\u0435du900101"),  # a Cyrillic «е»: kept, for the matching to refuse
    ],
)
def test_every_reader_folds_the_codes_it_reads(tmp_path, kind, code, read):
    schools, problems = _read_codes(tmp_path, kind, code)
    assert schools and {c for c, _ in schools} == {read}
    assert {n for _, n in schools} == {"МБОУ «СОШ № 1 с. Заречное»"}  # the code is not left in the name
    assert not [p for p in problems if p.severity == "error"], problems  # no «код ОО не найден»


names = st.text(alphabet="МБОУСОШабвгдеёжз №1234-.«»\"' ", min_size=1, max_size=40)


@given(names)
def test_normalize_is_idempotent(name):
    once = normalize_school_name(name)
    assert normalize_school_name(once) == once


@given(names, st.sampled_from(['"', "«", "»", "“", "”", "„", "'"]))
def test_quotes_never_matter(name, quote):
    assert normalize_school_name(name.replace(" ", f" {quote}", 1)) == normalize_school_name(name)


# --- a new school from a result file ---------------------------------------------------------------


@pytest.mark.parametrize(
    "code, name, expected",
    [
        (None, "МКОУ «ООШ с. Берёзовка»(edu771003)",
         School("МКОУ «ООШ с. Берёзовка»", code="edu771003", kind="ООШ", settlement="с. Берёзовка")),
        (None, 'edu223017 | МБОУ "Вавилонская СОШ"', School('МБОУ "Вавилонская СОШ"', code="edu223017", kind="СОШ")),
        ("edu771002", "МБОУ «Гимназия № 2 г. Приреченск»(edu771002)",
         School("МБОУ «Гимназия № 2 г. Приреченск»", code="edu771002", kind="Гимназия", settlement="г. Приреченск")),
        (None, "МКОУ «СОШ №1 им. А. С. Пушкина»", School("МКОУ «СОШ №1 им. А. С. Пушкина»", kind="СОШ")),
        ("9306", "МКОУ «НОШ д. Ручьи»", School("МКОУ «НОШ д. Ручьи»", rcoi_code="9306", kind="НОШ", settlement="д. Ручьи")),
        ("0042", "", School("Школа с кодом РЦОИ 0042", rcoi_code="0042")),
        ("ＥＤＵ７７１００５", "Лицей № 5", School("Лицей № 5", code="edu771005", kind="Лицей")),
        ("0105", "МКОУ «СОШ п. Лесной»(sch771005)",
         School("МКОУ «СОШ п. Лесной»", code="sch771005", rcoi_code="0105", kind="СОШ", settlement="п. Лесной")),
        (None, "МБОУ «Школа № 3»", School("МБОУ «Школа № 3»")),  # the kind is not stated: nothing is guessed
    ],
)
def test_a_school_from_a_file_is_clean(code, name, expected):
    school = school_from_file(code, name)
    assert school == replace(expected, note="Добавлена при загрузке результатов")
    assert validation_errors(school) == {}
    assert school.kind in ["", *SCHOOL_KINDS]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("МБОУ «СОШ № 1 с УИОП»", "СОШ"),
        ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 4»", "СОШ"),
        ("МКОУ «Основная общеобразовательная школа с. Ключи»", "ООШ"),
        ("МКОУ «Начальная школа — детский сад д. Ручьи»", "НОШ"),
        ("МАОУ «Лицей-интернат № 1»", "Лицей"),
        ("ГКОУ «Школа-интернат № 2»", "Школа-интернат"),
        ("МБОУ «Центр образования № 7»", "ЦО"),
        ("МБОУ ЦО № 7", "ЦО"),
        ("МБОУ «В(С)ОШ № 1»", "Вечерняя (сменная)"),
        ("МБОУ «Гимназия им. Н. В. Гоголя»", "Гимназия"),
        ("МБОУ «Школа № 3»", None),
        ("МБОУ «Центр дополнительного образования»", None),
    ],
)
def test_the_kind_is_read_where_the_name_states_it(name, kind):
    assert school_kind(name) == kind


@pytest.mark.parametrize(
    "name, settlement",
    [
        ("МКОУ «ООШ с. Берёзовка»", "с. Берёзовка"),
        ("МБОУ «СОШ № 1 г. Приреченск»", "г. Приреченск"),
        ("МКОУ «СОШ пос. Красный Яр»", "пос. Красный Яр"),
        ("МКОУ «ООШ с. Новая Деревня»", "с. Новая Деревня"),
        ("МБОУ «СОШ с.Заречное Тестового района»", "с. Заречное"),
        ("МКОУ «СОШ ст. Вёшенская»", "ст. Вёшенская"),
        ("МБОУ СОШ рп Светлый", "рп Светлый"),
        ("МКОУ «СОШ №1 им. А. С. Пушкина»", None),
        ("МБОУ «СОШ № 2», д. 5", None),  # a house number is no village
        ("МБОУ «Гимназия № 2»", None),
    ],
)
def test_the_settlement_is_read_as_written(name, settlement):
    assert school_settlement(name) == settlement


@pytest.mark.parametrize(
    "text, tidy",
    [
        ('"МБОУ ""СОШ № 1"""', 'МБОУ "СОШ № 1"'),  # a spreadsheet's doubled quotes
        ('МБОУ "СОШ № 1', 'МБОУ "СОШ № 1"'),
        ('МБОУ СОШ № 1"', "МБОУ СОШ № 1"),
        ("МКОУ «ООШ с. Ключи", "МКОУ «ООШ с. Ключи»"),
        ("МКОУ «ООШ с. Ключи»»", "МКОУ «ООШ с. Ключи»"),
        ("МКОУ «ООШ «Радуга»»", "МКОУ «ООШ «Радуга»»"),
        ("  МБОУ  « СОШ № 1 » | ", "МБОУ «СОШ № 1»"),
        ('МБОУ "Вавилонская СОШ"', 'МБОУ "Вавилонская СОШ"'),
    ],
)
def test_names_are_tidied_sensibly(text, tidy):
    assert tidy_school_name(text) == tidy


def test_strip_code():
    assert strip_code("МБОУ «СОШ №1»(edu900101)") == "МБОУ «СОШ №1»"
    assert strip_code("edu223017 | МБОУ СОШ") == "МБОУ СОШ"
    assert strip_code("МБОУ СОШ № 5 sch771009") == "МБОУ СОШ № 5"
    assert strip_code("МБОУ «СОШ № 1»") == "МБОУ «СОШ № 1»"


def test_every_kind_read_from_a_name_is_a_kind_of_the_registry():
    from desktop.services.importers.results import school_names

    assert {kind for kind, _ in school_names._KINDS} <= set(SCHOOL_KINDS)
