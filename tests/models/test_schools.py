import pytest

from desktop.errors import DatabaseLockedError, UserError
from desktop.models.lock import DatabaseLock
from desktop.models.office import Office, load_office, save_office
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.qt.schools_model import COL_ACTIVE, COL_NAME, SchoolsFilterProxy, SchoolsTableModel
from desktop.models.schools import School, SchoolsRepository


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
