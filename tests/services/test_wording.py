"""Russian grammar by the morphology libraries, on phrases of real orders (tests/data/orders): each
expected form written here by hand."""

import pytest

from desktop.services.wording import count_of, decline, lower_first, person


@pytest.mark.parametrize(("title", "genitive", "accusative"), [
    # levokumskoe-2022-679: the participle after the comma agrees with «План»
    ("План мероприятий, направленный на обеспечение объективности проведения оценочных процедур",
     "плана мероприятий, направленного на обеспечение объективности проведения оценочных процедур",
     "план мероприятий, направленный на обеспечение объективности проведения оценочных процедур"),
    # the apposition in brackets follows the head
    ("План мероприятий (дорожная карта) по обеспечению объективности",
     "плана мероприятий (дорожной карты) по обеспечению объективности",
     "план мероприятий (дорожную карту) по обеспечению объективности"),
    ("Дорожная карта по повышению качества образования", "дорожной карты по повышению качества образования",
     "дорожную карту по повышению качества образования"),
    # orenburg-2023-341: a complement in the genitive stays
    ("План мероприятий по реализации Мониторинга в 2023-2024 учебном году",
     "плана мероприятий по реализации Мониторинга в 2023-2024 учебном году",
     "план мероприятий по реализации Мониторинга в 2023-2024 учебном году"),
    ("Комплекс мер по повышению качества", "комплекса мер по повышению качества", "комплекс мер по повышению качества"),
    ("Муниципальная программа «Развитие образования»", "муниципальной программы «Развитие образования»",
     "муниципальную программу «Развитие образования»"),
    ("«Дорожная карта» по обеспечению объективности", "«дорожной карты» по обеспечению объективности",
     "«дорожную карту» по обеспечению объективности"),
])
def test_a_plan_title_in_the_genitive_and_the_accusative(title, genitive, accusative):
    for case, expected in (("gent", genitive), ("accs", accusative)):
        declined = decline(title, case)
        assert declined.sure
        assert lower_first(declined.text) == expected


def test_a_phrase_already_in_the_genitive_goes_to_the_accusative():
    # pervomaisky-2024-128: «Об утверждении Плана мероприятия (дорожной карты) по обеспечению …»
    declined = decline("Плана мероприятия (дорожной карты) по обеспечению объективности", "accs", source="gent")
    # the apposition is in the head's case, so it follows the head into the accusative
    assert declined.sure and declined.text == "План мероприятия (дорожную карту) по обеспечению объективности"


@pytest.mark.parametrize("phrase", ["Об утверждении плана", "МКУ «ИМЦ РУО»", "в течение года", ""])
def test_what_is_not_a_noun_phrase_stays_as_written_and_unsure(phrase):
    declined = decline(phrase, "gent")
    assert not declined.sure and declined.text == phrase


@pytest.mark.parametrize(("office", "genitive", "dative"), [
    ("Управление образования администрации Заречного муниципального округа",
     "управления образования администрации Заречного муниципального округа",
     "управлению образования администрации Заречного муниципального округа"),
    ("Отдел образования администрации Левокумского муниципального округа Ставропольского края",
     "отдела образования администрации Левокумского муниципального округа Ставропольского края",
     "отделу образования администрации Левокумского муниципального округа Ставропольского края"),
    ("Комитет по образованию", "комитета по образованию", "комитету по образованию"),
])
def test_an_office_in_the_genitive_and_the_dative(office, genitive, dative):
    assert lower_first(decline(office, "gent").text) == genitive
    assert lower_first(decline(office, "datv").text) == dative


@pytest.mark.parametrize(("name", "accusative", "dative"), [
    ("Курбанова Любовь Константиновна", "Курбанову Любовь Константиновну", "Курбановой Любови Константиновне"),
    ("Колесникова Е. В.", "Колесникову Е. В.", "Колесниковой Е. В."),
    ("Халикова О.В.", "Халикову О. В.", "Халиковой О. В."),  # pervomaisky-2024-128, clause 3
    ("А.В. Тимков", "А. В. Тимкова", "А. В. Тимкову"),
    ("Тимков Андрей Васильевич", "Тимкова Андрея Васильевича", "Тимкову Андрею Васильевичу"),
    ("Шевченко И. И.", "Шевченко И. И.", "Шевченко И. И."),  # the same in every case
])
def test_names_in_the_cases_clauses_need(name, accusative, dative):
    assert person(name, "accs").text == accusative and person(name, "accs").sure
    assert person(name, "datv").text == dative


@pytest.mark.parametrize("name", ["Кох А. А.", "заместитель начальника", "Иванов", "ИМЦ"])
def test_a_name_whose_form_cannot_be_told_stays_as_written(name):
    declined = person(name, "accs")
    assert not declined.sure and declined.text == name


@pytest.mark.parametrize(("n", "rows", "schools"), [
    (1, "1 строка", "1 общеобразовательная организация"),
    (4, "4 строки", "4 общеобразовательные организации"),
    (5, "5 строк", "5 общеобразовательных организаций"),
    (11, "11 строк", "11 общеобразовательных организаций"),
    (21, "21 строка", "21 общеобразовательная организация"),
    (22, "22 строки", "22 общеобразовательные организации"),
    (112, "112 строк", "112 общеобразовательных организаций"),
])
def test_numbers_agree_with_nouns(n, rows, schools):
    assert count_of(n, "строка") == rows
    assert count_of(n, "общеобразовательная организация") == schools


def test_lower_first_keeps_abbreviations():
    assert lower_first("Дорожная карта") == "дорожная карта"
    assert lower_first("ВПР в 2024 году") == "ВПР в 2024 году"
