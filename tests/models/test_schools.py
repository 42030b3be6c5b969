import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop.errors import DatabaseLockedError, UserError
from desktop.models.lock import DatabaseLock
from desktop.models.office import Office, load_office, save_office
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.qt.schools_model import (
    COL_ACTIVE,
    COL_CODE,
    COL_NAME,
    COL_RCOI_CODE,
    SchoolsFilterProxy,
    SchoolsTableModel,
)
from desktop.models.schools import School, SchoolsRepository, normalized, parse_codes, validation_errors


def test_add_normalises_and_reads_back(db):
    repo = SchoolsRepository(db)
    saved = repo.add(School("  МКОУ  «ООШ с. Ключи» ", code=" EDU123456 ", kind="ООШ"))
    assert saved.id is not None
    assert repo.get(saved.id) == School("МКОУ «ООШ с. Ключи»", code="edu123456", kind="ООШ", id=saved.id)


@pytest.mark.parametrize(
    "school, message",
    [
        (School("   "), "краткое наименование"),
        (School("МКОУ «ООШ»", code="123456"), "edu123456"),
        (School("МКОУ «ООШ»", code="edu\u0669\u0669\u0660\u0661\u0660\u0661"), "цифры другого письма"),  # Arabic-Indic
        (School("МКОУ «ООШ»", code="edu\u096f\u096f0101"), "цифры другого письма"),  # Devanagari
        (School("МКОУ «ООШ»", code="\u0435du990101"), "русская «е»"),  # Cyrillic е
    ],
)
def test_invalid_school_is_refused_in_russian(db, school, message):
    with pytest.raises(UserError, match=message):
        SchoolsRepository(db).add(school)
    assert SchoolsRepository(db).count() == 0


def test_a_full_width_code_is_the_same_code_not_a_twin(db):
    repo = SchoolsRepository(db)
    repo.add(School("МБОУ «СОШ № 1»", code="edu990101"))
    with pytest.raises(UserError, match="уже принадлежит"):
        repo.add(School("МБОУ «СОШ № 2»", code="ｅｄｕ９９０１０１"))
    assert repo.find_by_code("edu９９０１０１").short_name == "МБОУ «СОШ № 1»"
    assert repo.count() == 1


def test_duplicates_by_code_or_name_are_refused(db):
    repo = SchoolsRepository(db)
    repo.add(School("МБОУ «Лицей № 3»", code="edu100003"))
    with pytest.raises(UserError, match="уже принадлежит"):
        repo.add(School("МБОУ «Лицей № 4»", code="edu100003"))
    with pytest.raises(UserError, match="уже есть в реестре"):
        repo.add(School("мбоу «лицей № 3»"))
    assert repo.count() == 1


def test_delete_and_put_back_under_the_same_id(db):
    repo = SchoolsRepository(db)
    school = repo.add(School("МКОУ «НОШ д. Ручьи»"))
    repo.delete(school.id)
    assert repo.get(school.id) is None
    repo.add(school)
    assert repo.get(school.id) == school


def test_office_round_trip(db):
    office = Office(full_name="Отдел образования администрации Тестового района", short_name="ОО Тестового района", place="с. Тестовое")
    save_office(db, office)
    assert load_office(db) == office


def test_second_lock_on_the_same_database_is_refused(db_path):
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseLockedError, match="занята: с ней работает окно МСОКО"):
            DatabaseLock(db_path).acquire()
    with DatabaseLock(db_path):  # released when the first holder is done
        pass


def test_schools_model_passes_qtmodeltester(qtmodeltester, demo_db):
    model = SchoolsTableModel(SchoolsRepository(demo_db))
    qtmodeltester.check(model)
    proxy = SchoolsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_proxy_filters_by_words_and_hides_inactive(demo_db):
    model = SchoolsTableModel(SchoolsRepository(demo_db))
    proxy = SchoolsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search_text("ООШ ключи")
    assert [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())] == ["МКОУ «ООШ с. Ключи»"]
    proxy.set_search_text("березовка")  # ё and е are the same for search
    assert proxy.rowCount() == 1
    proxy.set_search_text("")
    total = proxy.rowCount()
    proxy.set_show_inactive(False)
    assert proxy.rowCount() == total - 1
    assert all(proxy.index(r, 0).data(ROW_ROLE).active for r in range(proxy.rowCount()))
    assert {proxy.index(r, COL_ACTIVE).data() for r in range(proxy.rowCount())} == {"да"}


# --- the РЦОИ code and the old ФИС ОКО logins ------------------------------------------------------


def test_both_codes_and_the_old_logins_are_stored_and_read_back(db):
    repo = SchoolsRepository(db)
    saved = repo.add(School("МКОУ «ООШ с. Берёзовка»", code="edu771003", rcoi_code=" 0042 ",
                            old_codes=["SCH771003", "sch770003", "sch771003"]))
    again = repo.get(saved.id)
    assert (again.code, again.rcoi_code, again.old_codes) == ("edu771003", "0042", ["sch770003", "sch771003"])
    assert repo.list() == [again]
    assert db.execute("SELECT code FROM school_old_codes ORDER BY code").fetchall() == [("sch770003",), ("sch771003",)]
    assert {"rcoi_code": "0042", "old_codes": ["sch770003", "sch771003"]}.items() <= again.to_json().items()


def test_old_logins_are_replaced_as_a_whole_and_go_with_the_school(db):
    repo = SchoolsRepository(db)
    school = repo.add(School("МБОУ «СОШ № 1»", code="edu771001", old_codes=["sch771001", "sch700001"]))
    repo.update(replace(school, old_codes=["sch700001", "edu700001"]))
    assert repo.get(school.id).old_codes == ["edu700001", "sch700001"]
    repo.update(replace(school, old_codes=[], rcoi_code=""))
    assert (repo.get(school.id).old_codes, repo.get(school.id).rcoi_code) == ([], None)
    repo.update(replace(school, old_codes=["sch771001"]))
    repo.delete(school.id)
    assert db.execute("SELECT count(*) FROM school_old_codes").fetchone()[0] == 0
    repo.add(replace(school, old_codes=["sch771001"]))  # undo of a delete brings the old codes back
    assert repo.get(school.id).old_codes == ["sch771001"]


def test_leading_zeros_of_a_rcoi_code_matter(db):
    repo = SchoolsRepository(db)
    repo.add(School("МБОУ «СОШ № 1»", rcoi_code="0042"))
    repo.add(School("МБОУ «СОШ № 2»", rcoi_code="42"))
    assert sorted(s.rcoi_code for s in repo.list()) == ["0042", "42"]
    with pytest.raises(UserError, match="Код РЦОИ 0042 уже принадлежит школе «МБОУ «СОШ № 1»»"):
        repo.add(School("МБОУ «СОШ № 3»", rcoi_code="００４２"))  # full-width digits are the same code


@pytest.mark.parametrize(
    "first, second, message",
    [
        (School("МБОУ «СОШ № 1»", code="edu771001", old_codes=["sch771001"]),
         School("МБОУ «СОШ № 2»", code="sch771001"), "Код sch771001 уже записан старым кодом школы «МБОУ «СОШ № 1»»"),
        (School("МБОУ «СОШ № 1»", code="edu771001"),
         School("МБОУ «СОШ № 2»", old_codes=["edu771001"]), "Старый код edu771001 уже принадлежит школе «МБОУ «СОШ № 1»»"),
        (School("МБОУ «СОШ № 1»", old_codes=["sch771001"]),
         School("МБОУ «СОШ № 2»", old_codes=["sch771002", "sch771001"]),
         "Старый код sch771001 уже записан старым кодом школы «МБОУ «СОШ № 1»»"),
        (School("МБОУ «СОШ № 1»", rcoi_code="9306"),
         School("МБОУ «СОШ № 2»", rcoi_code="9306"), "Код РЦОИ 9306 уже принадлежит школе «МБОУ «СОШ № 1»»"),
    ],
    ids=["code-is-an-old-code", "old-code-is-a-code", "old-code-twice", "rcoi-twice"],
)
def test_a_code_current_or_old_belongs_to_one_school(db, first, second, message):
    repo = SchoolsRepository(db)
    kept = repo.add(first)
    with pytest.raises(UserError, match=re.escape(message)):
        repo.add(second)
    other = repo.add(School(second.short_name))
    with pytest.raises(UserError, match=re.escape(message)):  # an edit is checked the same way
        repo.update(replace(second, id=other.id))
    assert repo.get(other.id) == School(second.short_name, id=other.id)
    assert repo.get(kept.id).old_codes == first.old_codes
    assert db.execute("SELECT count(*) FROM school_old_codes").fetchone()[0] == len(first.old_codes)


def test_a_school_keeps_its_own_codes_when_edited(db):
    repo = SchoolsRepository(db)
    school = repo.add(School("МБОУ «СОШ № 1»", code="edu771001", rcoi_code="0042", old_codes=["sch771001"]))
    assert repo.update(replace(school, director="Иванова А. А.")).director == "Иванова А. А."


@pytest.mark.parametrize(
    "school, field_name, message",
    [
        (School("МКОУ «ООШ»", rcoi_code="\u0669\u0663\u0660\u0666"), "rcoi_code", "цифры другого письма"),  # ٩٣٠٦
        (School("МКОУ «ООШ»", rcoi_code="93O6"), "rcoi_code", "только из цифр"),  # a Latin O
        (School("МКОУ «ООШ»", rcoi_code="1234567890123"), "rcoi_code", "от 1 до 12"),
        (School("МКОУ «ООШ»", rcoi_code="00 42"), "rcoi_code", "только из цифр"),
        (School("МКОУ «ООШ»", old_codes=["\u0435du771001"]), "old_codes", "русская «е»"),
        (School("МКОУ «ООШ»", old_codes=["sch77100"]), "old_codes", "sch123456"),
        (School("МКОУ «ООШ»", code="edu771001", old_codes=["edu771001"]), "old_codes", "совпадает с текущим кодом"),
    ],
)
def test_bad_rcoi_and_old_codes_are_refused_in_russian(db, school, field_name, message):
    errors = validation_errors(normalized(school))
    assert list(errors) == [field_name] and message in errors[field_name]
    with pytest.raises(UserError, match=message):
        SchoolsRepository(db).add(school)
    assert SchoolsRepository(db).count() == 0
    assert db.execute("SELECT count(*) FROM school_old_codes").fetchone()[0] == 0


def test_old_codes_are_read_from_a_line_with_any_separator():
    assert parse_codes(" sch771001, EDU700001;sch700002  ｓｃｈ７００００３ ,, ") == [
        "sch771001", "edu700001", "sch700002", "sch700003"]
    assert parse_codes(None) == parse_codes("") == []
    assert normalized(School("x", old_codes="sch2, sch1, sch1")).old_codes == ["sch1", "sch2"]


def test_the_schools_table_shows_the_rcoi_code_and_finds_old_codes(db):
    repo = SchoolsRepository(db)
    repo.add(School("МБОУ «СОШ № 1»", code="edu771001", rcoi_code="0042", old_codes=["sch700001"]))
    repo.add(School("МБОУ «СОШ № 2»", code="edu771002"))
    model = SchoolsTableModel(repo)
    assert model.headerData(COL_RCOI_CODE, Qt.Orientation.Horizontal) == "Код РЦОИ"
    assert model.index(0, COL_RCOI_CODE).data() == "0042"
    assert model.index(0, COL_CODE).data(Qt.ItemDataRole.ToolTipRole) == "Старые коды ФИС ОКО: sch700001"
    proxy = SchoolsFilterProxy()
    proxy.setSourceModel(model)
    for text in ("sch700001", "0042"):
        proxy.set_search_text(text)
        assert [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())] == ["МБОУ «СОШ № 1»"]
