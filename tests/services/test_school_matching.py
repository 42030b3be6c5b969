"""Matching a file's school to the registry: by code first, by name only when the file has no code."""

from __future__ import annotations

import pytest

from desktop.models.schools import School, SchoolsRepository
from desktop.services.school_matching import Match, SchoolMatcher, code_refusal, remember_alias

BEREZOVKA = "МКОУ «ООШ с. Берёзовка»"
FIRST = "МБОУ «СОШ № 1»"


@pytest.fixture
def ids(db) -> dict[str, int]:
    repo = SchoolsRepository(db)
    return {
        "berezovka": repo.add(School(BEREZOVKA, code="edu771003", rcoi_code="9306", old_codes=["sch771003"])).id,
        "first": repo.add(School(FIRST, full_name="Средняя школа № 1", code="edu771001", rcoi_code="0042")).id,
        "no_code": repo.add(School("МКОУ «НОШ д. Ручьи»")).id,
    }


@pytest.mark.parametrize(
    "code, name, school, how",
    [
        ("edu771003", None, "berezovka", "code"),
        ("EDU771003 ", "какое-то другое название", "berezovka", "code"),
        (None, f"{BEREZOVKA}(edu771003)", "berezovka", "code"),  # the login in the name
        (None, 'edu771003 | МКОУ "ООШ с. Берёзовка"', "berezovka", "code"),  # the regional export of 2022
        ("sch771003", None, "berezovka", "old_code"),
        (None, "МКОУ ООШ (sch771003)", "berezovka", "old_code"),
        ("9306", None, "berezovka", "rcoi_code"),
        ("9306", "Школа с другим названием", "berezovka", "rcoi_code"),
        ("0042", None, "first", "rcoi_code"),
        ("ｅｄｕ７７１００１", None, "first", "code"),  # full-width: NFKC gives edu771001
        ("００４２", None, "first", "rcoi_code"),
        (None, "МБОУ \"СОШ №1\"", "first", "name"),  # no code at all: the name
        (None, "средняя школа №1", "first", "name"),
    ],
)
def test_a_school_is_found_by_its_codes(db, ids, code, name, school, how):
    found = SchoolMatcher(db).match(code, name)
    assert (found.school_id, found.how) == (ids[school], how)
    assert found.registry_code == {"berezovka": "edu771003", "first": "edu771001"}[school]


@pytest.mark.parametrize(
    "code, name",
    [
        ("edu999999", FIRST),  # a same-named school with another code: a question, never a remap
        (None, f"{FIRST}(edu999999)"),
        ("sch771001", FIRST),  # an old login the registry does not know
        ("42", None),  # «0042» is not «42»
        ("42", FIRST),
        ("\u0435du771001", FIRST),  # a Cyrillic «е»: refused, not folded
        ("\u0669\u0663\u0660\u0666", None),  # Arabic-Indic ٩٣٠٦ is not 9306
        ("reg99_m001", FIRST),
    ],
)
def test_a_name_is_not_used_when_the_file_gives_a_code(db, ids, code, name):
    assert SchoolMatcher(db).match(code, name) is None


def test_same_name_points_at_the_registry_school_for_the_question(db, ids):
    matcher = SchoolMatcher(db)
    assert matcher.same_name(f"{FIRST}(edu999999)") == Match(ids["first"], "name", "edu771001")
    assert matcher.same_name("edu999999 | МБОУ \"СОШ № 1\"") == Match(ids["first"], "name", "edu771001")
    assert matcher.same_name("МКОУ «НОШ д. Ручьи»") == Match(ids["no_code"], "name", None)
    assert matcher.same_name("МБОУ «СОШ № 11»") is None
    assert matcher.same_name("") is None and matcher.same_name(None) is None


def test_same_name_is_none_when_two_schools_share_it(db):
    repo = SchoolsRepository(db)
    repo.add(School("МБОУ «СОШ № 1»", code="edu771001"))
    repo.add(School("МБОУ «СОШ № 1» (старое здание)", full_name="МБОУ «СОШ № 1»", code="edu771011"))
    assert SchoolMatcher(db).same_name("МБОУ «СОШ № 1»") is None
    assert SchoolMatcher(db).match(None, "МБОУ «СОШ № 1»") is None


def test_remembered_aliases_still_match(db, ids):
    remember_alias(db, "Код ОО 0077", ids["first"])  # matched by hand before the registry kept РЦОИ codes
    remember_alias(db, "Первая школа", ids["first"])
    matcher = SchoolMatcher(db)
    assert matcher.match("0077", None) == Match(ids["first"], "alias", "edu771001")
    assert matcher.match("0077", "Неизвестная школа") == Match(ids["first"], "alias", "edu771001")
    assert matcher.match(None, "ПЕРВАЯ школа") == Match(ids["first"], "alias", "edu771001")
    assert matcher.match("edu999999", "Первая школа") == Match(ids["first"], "alias", "edu771001")
    assert matcher.match("0042", "Первая школа").how == "rcoi_code"  # a code the registry knows comes first


@pytest.mark.parametrize(
    "code, words",
    [
        ("\u0435du771001", ["«еdu771001»", "русские буквы", "«е»"]),
        ("edu\u0669\u0669\u0660\u0661\u0660\u0661", ["другого письма", "«٩»"]),
        ("\u0669\u0663\u0660\u0666", ["«٩٣٠٦»", "другого письма"]),
    ],
)
def test_a_code_with_letters_or_digits_of_another_script_is_refused(code, words):
    message = code_refusal(code)
    assert message and all(w in message for w in words), message


@pytest.mark.parametrize("code", ["edu771001", "ｅｄｕ７７１００１", "0042", "００４２", " sch771003 ", "—", "", None])
def test_codes_that_can_be_compared_are_not_refused(code):
    assert code_refusal(code) is None


def test_a_code_of_other_digits_written_in_the_name_is_no_reason_to_match_by_name(db, ids):
    name = f"{FIRST}(edu\u0669\u0669\u0660\u0661\u0660\u0661)"
    assert SchoolMatcher(db).match(None, name) is None
    assert SchoolMatcher(db).match(None, f"{FIRST}(ｅｄｕ７７１００１)").how == "code"


def test_a_school_named_by_the_user_is_found_by_code_old_code_or_number(tmp_path):
    # One lookup for every command: a full-width code folds, an old login still finds the school.
    from desktop.errors import UserError
    from desktop.services.database import open_database
    from desktop.services.school_matching import find_school

    db = open_database(tmp_path / "office.sqlite")
    school = SchoolsRepository(db).add(School("МКОУ «СОШ с. Луговое»", code="edu990108", old_codes=["sch990108"]))
    assert find_school(db, "ｅｄｕ990108").id == school.id
    assert find_school(db, "sch990108").id == school.id
    assert find_school(db, str(school.id)).id == school.id
    with pytest.raises(UserError, match="Школа «edu000001» не найдена в реестре"):
        find_school(db, "edu000001")
    db.close()
