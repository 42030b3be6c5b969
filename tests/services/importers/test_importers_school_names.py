from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.importers.results.school_names import extract_code, normalize_school_name, split_code


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
        (None, None),
        (12.0, None),
    ],
)
def test_extract_code(text, code):
    assert extract_code(text) == code


def test_split_code():
    assert split_code("МБОУ «СОШ №1»(edu900101)") == ("МБОУ «СОШ №1»", "edu900101")
    assert split_code("Энская область") == ("Энская область", None)


names = st.text(alphabet="МБОУСОШабвгдеёжз №1234-.«»\"' ", min_size=1, max_size=40)


@given(names)
def test_normalize_is_idempotent(name):
    once = normalize_school_name(name)
    assert normalize_school_name(once) == once


@given(names, st.sampled_from(['"', "«", "»", "“", "”", "„", "'"]))
def test_quotes_never_matter(name, quote):
    assert normalize_school_name(name.replace(" ", f" {quote}", 1)) == normalize_school_name(name)
