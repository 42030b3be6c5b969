"""The deadline reader: every form of /work/shared/domain.md, every deadline of the three example
orders, and each rule of the reader (kinds, year lists, periods, warnings)."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.deadlines import Deadline, parse_deadline


def day(year: int, month: int, number: int) -> tuple[date, date]:
    return (date(year, month, number), date(year, month, number))


def month(year: int, number: int) -> tuple[date, date]:
    return (date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1]))


def months(year: int, first: int, last: int) -> tuple[date, date]:
    return (month(year, first)[0], month(year, last)[1])


def whole_year(year: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 12, 31))


def school_year(first: int) -> tuple[date, date]:
    return (date(first, 9, 1), date(first + 1, 8, 31))


# The periods the example orders imply.
LEVOKUMSKOE = (date(2023, 1, 1), date(2024, 12, 31))  # «План мероприятий … на 2023-2024 годы»
LEVOKUMSKOE_ISSUED = date(2022, 12, 30)  # «30 декабря 2022 года №679-од»
ORENBURG = school_year(2023)  # «в 2023-2024 учебном году»
ORENBURG_ISSUED = date(2023, 9, 1)  # «01.09.2023 № 341»
PERVOMAISKY = school_year(2024)  # «на 2024-2025 учебный год»
PERVOMAISKY_ISSUED = date(2024, 9, 3)  # «03.09.2024 № 128/1-О»


def read(text, period=None, issued=None) -> Deadline:
    deadline = parse_deadline(text, period, issued)
    assert deadline.text == (text or "")
    return deadline


# ---------------------------------------------------------------------------------------------
# The example orders, cell by cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Январь 2023 г.", [month(2023, 1)]),
        ("Февраль 2023г.", [month(2023, 2)]),
        ("Февраль 2023, 2024 гг.", [month(2023, 2), month(2024, 2)]),
        ("Март 2023г.", [month(2023, 3)]),
        ("Март 2023, 2024 гг.", [month(2023, 3), month(2024, 3)]),
        ("Апрель-июнь 2023, 2024 гг.", [months(2023, 4, 6), months(2024, 4, 6)]),
        ("Май 2023, 2024 гг.", [month(2023, 5), month(2024, 5)]),
        ("Август 2023, 2024 гг.", [month(2023, 8), month(2024, 8)]),
        (
            "Август, ноябрь 2023г, март, август, ноябрь 2024 г.",
            [month(2023, 8), month(2023, 11), month(2024, 3), month(2024, 8), month(2024, 11)],
        ),
        ("в течение 2023, 2024 гг.", [whole_year(2023), whole_year(2024)]),
        ("Сентябрь 2023 г.", [month(2023, 9)]),
        ("Сентябрь 2023 г, июнь 2023 г", [month(2023, 6), month(2023, 9)]),
        ("в течение 2022-2023 учебного года", [school_year(2022)]),
        ("Октябрь 2023г. Февраль 2024г.", [month(2023, 10), month(2024, 2)]),
        ("Декабрь 2023 г.", [month(2023, 12)]),
        ("Декабрь 2023 года, февраль, май 2024 года", [month(2023, 12), month(2024, 2), month(2024, 5)]),
        ("2023, 2024 гг.", [whole_year(2023), whole_year(2024)]),
        ("Сентябрь 2023 г, апрель 2024 г", [month(2023, 9), month(2024, 4)]),
        # clauses 2.1 and 3.2 of the order, and clause 3.3
        ("(срок до 10 января 2023 г)", [day(2023, 1, 10)]),
        ("(срок до 31 января 2023 г)", [day(2023, 1, 31)]),
        ("в 2022-2023 учебном году", [school_year(2022)]),
    ],
)
def test_levokumskoe_plan_deadlines_are_read(text, expected):
    deadline = read(text, LEVOKUMSKOE, LEVOKUMSKOE_ISSUED)
    assert deadline.kind == "dates"
    assert list(deadline.ranges) == expected
    assert deadline.warnings == ()


def test_levokumskoe_during_the_school_year_is_not_guessed_in_a_two_year_plan():
    # Row 16: the plan covers 2023 and 2024, which touch three school years.
    deadline = read("в течение учебного года", LEVOKUMSKOE, LEVOKUMSKOE_ISSUED)
    assert deadline.kind == "text"
    assert deadline.ranges == ()
    assert deadline.warnings == (
        "Срок «в течение учебного года» без года встречается в периоде плана 01.01.2023–31.12.2024 "
        "несколько раз: год не определён.",
    )


def test_levokumskoe_schedule_row_stays_text():
    deadline = read("По графику проведения ВПР, ГИА", LEVOKUMSKOE, LEVOKUMSKOE_ISSUED)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("text", (), ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Срок: до 8 сентября 2023 г.", [day(2023, 9, 8)]),
        ("Срок: до 15 сентября 2023 г.", [day(2023, 9, 15)]),
        ("Срок: в течение 2023-2024 уч. г.", [school_year(2023)]),
        # the title and preamble
        ("в 2023-2024 учебном году", [school_year(2023)]),
    ],
)
def test_orenburg_clause_deadlines_are_read(text, expected):
    deadline = read(text, ORENBURG, ORENBURG_ISSUED)
    assert (deadline.kind, list(deadline.ranges), deadline.warnings) == ("dates", expected, ())


def test_orenburg_relative_deadline_stays_text():
    # Clause 5.3: «2 недели» is not a day of a month, and «учебного года» has no «в течение».
    deadline = read("не позднее чем за 2 недели после начала учебного года", ORENBURG, ORENBURG_ISSUED)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("text", (), ())


@pytest.mark.parametrize(
    "text",
    [
        "В течение периода",
        "Плановый период",
        "Регулярно в течение планового периода",
        "На постоянной основе по графику проведения",
        "В течение планового периода",
        "На постоянной основе в течение планового периода",
    ],
)
def test_pervomaisky_continuous_rows_cover_the_period(text):
    deadline = read(text, PERVOMAISKY, PERVOMAISKY_ISSUED)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("continuous", (PERVOMAISKY,), ())


@pytest.mark.parametrize("text", ["По плану УО", "По плану", "По графику проведения"])
def test_pervomaisky_plan_and_schedule_rows_stay_text(text):
    deadline = read(text, PERVOMAISKY, PERVOMAISKY_ISSUED)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("text", (), ())


def test_pervomaisky_months_without_year_fall_in_the_school_year():
    deadline = read("октябрь-декабрь", PERVOMAISKY, PERVOMAISKY_ISSUED)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", (months(2024, 10, 12),), ())


def test_pervomaisky_order_title_short_school_year():
    assert read("на 2024-2025 у. г.").ranges == (school_year(2024),)


# ---------------------------------------------------------------------------------------------
# The forms listed in domain.md that the orders above do not contain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до 8 сентября 2023 г.", [day(2023, 9, 8)]),
        ("01.04.2020", [day(2020, 4, 1)]),
        ("в срок до 01.02.2024г.", [day(2024, 2, 1)]),
        ("в течение 2023-2024 уч. г.", [school_year(2023)]),
    ],
)
def test_domain_dated_forms(text, expected):
    deadline = read(text)
    assert (deadline.kind, list(deadline.ranges), deadline.warnings) == ("dates", expected, ())


def test_typo_year_of_a_real_order_is_kept_and_warned():
    deadline = read("01.03.2004", ORENBURG, ORENBURG_ISSUED)
    assert deadline.kind == "dates"
    assert deadline.ranges == (day(2004, 3, 1),)
    assert deadline.warnings == (
        "Срок «01.03.2004» больше чем на год выходит за период плана 01.09.2023–31.08.2024: "
        "возможно, опечатка в годе.",
    )


def test_typo_year_is_warned_against_the_order_date_without_a_period():
    deadline = read("01.03.2004", issued=date(2023, 3, 1))
    assert deadline.ranges == (day(2004, 3, 1),)
    assert deadline.warnings == (
        "Срок «01.03.2004» больше чем на год раньше даты приказа 01.03.2023: возможно, опечатка в годе.",
    )


# ---------------------------------------------------------------------------------------------
# Months and noise


@pytest.mark.parametrize(
    "text",
    ["январь 2024", "Январь 2024", "ЯНВАРЬ 2024", "января 2024 года", "в январе 2024 г.", "январём 2024 г"],
)
def test_month_names_in_any_case_and_form(text):
    assert read(text).ranges == (month(2024, 1),)


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("январь", 1), ("февраля", 2), ("марте", 3), ("апрель", 4), ("мая", 5), ("мае", 5), ("май", 5),
        ("июнь", 6), ("июля", 7), ("августе", 8), ("сентябрь", 9), ("октября", 10), ("ноябре", 11),
        ("декабря", 12),
    ],
)  # fmt: skip
def test_every_month(word, number):
    assert read(f"{word} 2024").ranges == (month(2024, number),)


@pytest.mark.parametrize(
    "text",
    [
        "Срок: до 01.02.2024",
        "срок – до 01.02.2024 г.",
        "срок- 01.02.2024",
        "срок-01.02.2024",
        "в срок до 01.02.2024 г.",
        "**до 01.02.2024г.**",
        "до «01.02.2024»*;",
        "Срок:\u00a0до 1 февраля 2024\u00a0г.",
        "до 1 февраля 2024 гг.",
        "до 1 февраля 2024 года.",
    ],
)
def test_prefixes_suffixes_and_stray_punctuation_are_tolerated(text):
    deadline = read(text)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", (day(2024, 2, 1),), ())


def test_derived_words_are_not_months():
    # «Августовское совещание» is an event, not the month; the year alone still reads.
    assert read("Августовское совещание").kind == "text"
    assert read("материалы по мере готовности").kind == "text"


def test_text_is_kept_exactly_as_written():
    text = "  Срок:\u00a0до 1 ФЕВРАЛЯ 2024 г. — ёлки\t"
    deadline = read(text)
    assert deadline.text == text
    assert deadline.ranges == (day(2024, 2, 1),)


# ---------------------------------------------------------------------------------------------
# Days


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.04.2020", day(2020, 4, 1)),
        ("1.09.2024", day(2024, 9, 1)),
        ("01/09/2024", day(2024, 9, 1)),
        ("8 сентября 2023 г.", day(2023, 9, 8)),
        ("до 8 сентября 2023 г.", day(2023, 9, 8)),
        ("в срок до 8 сентября 2023 г.", day(2023, 9, 8)),
        ("не позднее 8 сентября 2023 г.", day(2023, 9, 8)),
        ("не позднее 08.09.2023", day(2023, 9, 8)),
        ("01.09.24", day(2024, 9, 1)),
        ("до 1.9.24 г.", day(2024, 9, 1)),
    ],
)
def test_a_day_is_a_one_day_range(text, expected):
    deadline = read(text)
    assert (deadline.kind, deadline.ranges, deadline.due) == ("dates", (expected,), expected[1])


def test_several_dates_in_one_text():
    deadline = read("до 1 февраля 2024 г. (11 класс), 1 марта 2024 г. (9 класс)")
    assert deadline.ranges == (day(2024, 2, 1), day(2024, 3, 1))
    assert deadline.warnings == ()


def test_a_list_of_days_of_one_month():
    assert read("15, 20 и 25 марта 2024").ranges == (day(2024, 3, 15), day(2024, 3, 20), day(2024, 3, 25))


def test_numbers_that_are_not_days_are_ignored():
    assert read("5 (9 класс) марта 2024").ranges == (month(2024, 3),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15-20 сентября 2024 г.", (date(2024, 9, 15), date(2024, 9, 20))),
        ("15 – 20 сентября 2024 г.", (date(2024, 9, 15), date(2024, 9, 20))),
        ("с 1 по 10 сентября 2024", (date(2024, 9, 1), date(2024, 9, 10))),
        ("1 сентября - 15 октября 2024", (date(2024, 9, 1), date(2024, 10, 15))),
        ("с 1 сентября до 15 октября 2024 г.", (date(2024, 9, 1), date(2024, 10, 15))),
        ("01.09.2024-15.09.2024", (date(2024, 9, 1), date(2024, 9, 15))),
        ("с 01.09.2024 по 15.10.2024", (date(2024, 9, 1), date(2024, 10, 15))),
        ("01.09.2024 - октябрь 2024", (date(2024, 9, 1), date(2024, 10, 31))),
    ],
)
def test_day_ranges_are_one_range(text, expected):
    assert read(text).ranges == (expected,)


def test_a_comma_separates_a_month_from_a_day():
    assert read("Август, до 1 сентября 2024").ranges == (month(2024, 8), day(2024, 9, 1))


# ---------------------------------------------------------------------------------------------
# Months, quarters, years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("февраль-март 2024 г", months(2024, 2, 3)),
        ("Февраль – март 2024 года", months(2024, 2, 3)),
        ("с февраля по март 2024", months(2024, 2, 3)),
        ("декабрь 2024 - январь 2025", (date(2024, 12, 1), date(2025, 1, 31))),
        ("декабрь 2024 г. – январь 2025 г.", (date(2024, 12, 1), date(2025, 1, 31))),
        # a year after the range belongs to its end; December then is of the year before
        ("декабрь-январь 2025", (date(2024, 12, 1), date(2025, 1, 31))),
        # a year at the start only: January comes after December
        ("декабрь 2024 - январь", (date(2024, 12, 1), date(2025, 1, 31))),
        ("Сентябрь 2023 – май 2024", (date(2023, 9, 1), date(2024, 5, 31))),
    ],
)
def test_month_ranges_are_one_range(text, expected):
    deadline = read(text)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", (expected,), ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IV квартал 2023 г.", months(2023, 10, 12)),
        ("I квартал 2025 года", months(2025, 1, 3)),
        ("II квартал 2024", months(2024, 4, 6)),
        ("iii квартал 2024", months(2024, 7, 9)),
        ("4 квартал 2024", months(2024, 10, 12)),
        ("1-й квартал 2024 г.", months(2024, 1, 3)),
        ("в IV квартале 2023 года", months(2023, 10, 12)),
    ],
)
def test_quarters_are_three_months(text, expected):
    assert read(text).ranges == (expected,)


def test_a_year_list_goes_to_the_months_before_it():
    assert read("Август, ноябрь 2023г, март, август, ноябрь 2024 г.").ranges == (
        month(2023, 8),
        month(2023, 11),
        month(2024, 3),
        month(2024, 8),
        month(2024, 11),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Февраль 2023, 2024 гг.", (month(2023, 2), month(2024, 2))),
        ("Февраль 2023 и 2024 гг.", (month(2023, 2), month(2024, 2))),
        ("Апрель-июнь 2023, 2024 гг.", (months(2023, 4, 6), months(2024, 4, 6))),
        ("1 марта 2023, 2024, 2025 гг.", (day(2023, 3, 1), day(2024, 3, 1), day(2025, 3, 1))),
        ("IV квартал 2023, 2024 гг.", (months(2023, 10, 12), months(2024, 10, 12))),
    ],
)
def test_a_year_list_repeats_for_each_year(text, expected):
    assert read(text).ranges == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в 2024 году (февраль, апрель)", (month(2024, 2), month(2024, 4))),
        ("2024 г. (I квартал), 2025 г. (март)", (months(2024, 1, 3), month(2025, 3))),
        ("2023 (15 мая)", (day(2023, 5, 15),)),
        # brackets without months keep the year a year; a year already taken by the month before it stays there
        ("2024 г. (11 класс)", (whole_year(2024),)),
        ("март 2024 (апрель 2024)", (month(2024, 3), month(2024, 4))),
    ],
)
def test_a_year_before_months_in_brackets_is_their_year(text, expected):
    assert read(text).ranges == expected


def test_a_month_in_brackets_after_a_dated_month_is_not_given_its_year():
    # «март 2024 (апрель)»: the year went to «март»; «апрель» is placed by the period as written
    assert read("март 2024 (апрель)", school_year(2023)).ranges == (month(2024, 3), month(2024, 4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-2024 уч. г.", school_year(2023)),
        ("в течение 2023-2024 уч. г.", school_year(2023)),
        ("в течение 2023-2024 учебного года", school_year(2023)),
        ("2023/2024 учебный год", school_year(2023)),
        ("2023/2024", school_year(2023)),
        ("2023/24 уч. г.", school_year(2023)),
        ("2023 – 2024 уч.г.", school_year(2023)),
        ("2021-2024", (date(2021, 1, 1), date(2024, 12, 31))),
        ("2021 – 2024 гг.", (date(2021, 1, 1), date(2024, 12, 31))),
        ("2021 г. - 2024 г.", (date(2021, 1, 1), date(2024, 12, 31))),
        ("2024 год", whole_year(2024)),
        ("в течение 2024 года", whole_year(2024)),
        ("2024", whole_year(2024)),
    ],
)
def test_school_years_and_calendar_years(text, expected):
    deadline = read(text)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", (expected,), ())


@pytest.mark.parametrize(
    "text", ["В течение учебного года", "в течение всего учебного года", "весь учебный год", "в течение уч. г."]
)
def test_during_the_school_year_is_the_school_year_of_the_period(text):
    assert read(text, PERVOMAISKY).ranges == (PERVOMAISKY,)
    # a period that starts after 1 September still lies in one school year
    assert read(text, (date(2024, 9, 3), date(2025, 5, 31))).ranges == (PERVOMAISKY,)


def test_during_the_school_year_needs_a_period():
    deadline = read("В течение учебного года")
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == (
        "В сроке «В течение учебного года» не указан год, а период плана не задан: год не определён.",
    )


# ---------------------------------------------------------------------------------------------
# Months and days without a year


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        ("октябрь-декабрь", PERVOMAISKY, months(2024, 10, 12)),
        ("до 15 сентября", PERVOMAISKY, day(2024, 9, 15)),
        ("до 15 сентября", (date(2024, 9, 3), date(2025, 8, 31)), day(2024, 9, 15)),
        ("Август", PERVOMAISKY, month(2025, 8)),
        # a range across New Year
        ("декабрь-январь", PERVOMAISKY, (date(2024, 12, 1), date(2025, 1, 31))),
        ("март", (date(2023, 1, 1), date(2023, 12, 31)), month(2023, 3)),
        ("IV квартал", ORENBURG, months(2023, 10, 12)),
    ],
)
def test_no_year_is_placed_in_the_period_when_exactly_one_fits(text, period, expected):
    deadline = read(text, period)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", (expected,), ())


def test_no_year_with_two_fits_stays_text():
    deadline = read("октябрь-декабрь", LEVOKUMSKOE)
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == (
        "Срок «октябрь-декабрь» без года встречается в периоде плана 01.01.2023–31.12.2024 "
        "несколько раз: год не определён.",
    )


def test_no_year_with_no_fit_stays_text():
    deadline = read("29 февраля", PERVOMAISKY)  # 2025 is a common year
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == ("Срок «29 февраля» без года не попадает в период плана 01.09.2024–31.08.2025.",)


def test_no_year_without_a_period_stays_text():
    deadline = read("до 15 сентября")
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == (
        "В сроке «15 сентября» не указан год, а период плана не задан: год не определён.",
    )


def test_a_later_year_is_not_given_to_a_month_after_it():
    # «март» comes after the only year, so it is placed by the period, not given 2024.
    deadline = read("январь 2024, март", PERVOMAISKY)
    assert deadline.ranges == (month(2024, 1), month(2025, 3))


# ---------------------------------------------------------------------------------------------
# Continuous, yearly, text, empty


@pytest.mark.parametrize(
    "text",
    [
        "постоянно",
        "Постоянно",
        "на постоянной основе",
        "в течение периода",
        "регулярно в течение планового периода",
        "плановый период",
        "весь период",
        "в течение всего периода",
        # «в течение года» without a year: the plan's whole period (issue #18)
        "в течение года",
        "В течение года",
    ],
)
def test_continuous_phrases(text):
    with_period = read(text, PERVOMAISKY)
    assert (with_period.kind, with_period.ranges, with_period.warnings) == ("continuous", (PERVOMAISKY,), ())
    without = read(text)
    assert (without.kind, without.ranges, without.warnings) == ("continuous", (), ())


def test_yearly_is_each_calendar_year_of_the_period():
    deadline = read("ежегодно", PERVOMAISKY)
    assert deadline.kind == "yearly"
    assert deadline.ranges == (
        (date(2024, 9, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 8, 31)),
    )
    assert read("Ежегодно", LEVOKUMSKOE).ranges == (whole_year(2023), whole_year(2024))


def test_yearly_without_a_period_has_no_ranges():
    deadline = read("ежегодно")
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("yearly", (), ())


def test_a_month_every_year():
    deadline = read("Август ежегодно", LEVOKUMSKOE)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("yearly", (month(2023, 8), month(2024, 8)), ())
    assert read("ежегодно до 1 июня", PERVOMAISKY).ranges == (day(2025, 6, 1),)
    assert read("Август ежегодно").kind == "yearly"
    assert read("Август ежегодно").ranges == ()


@pytest.mark.parametrize(
    "text",
    [
        "По графику проведения ВПР, ГИА",
        "По плану УО",
        "по потребности",
        "По итогам года",
        "По мере поступления информации",
        "По графику",
        "По плану",
        "за две недели до проведения",
        "по графику ФЦТ",
    ],
)
def test_unreadable_text_stays_text_without_warning(text):
    for period in (None, PERVOMAISKY):
        deadline = read(text, period)
        assert (deadline.kind, deadline.ranges, deadline.warnings) == ("text", (), ())


@pytest.mark.parametrize("text", [None, "", " ", "\t\n", "\u00a0"])
def test_empty_cell(text):
    deadline = read(text, PERVOMAISKY)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("empty", (), ())
    assert deadline.due is None


def test_mixed_text_keeps_the_dates():
    deadline = read("По итогам проверки, но не позднее 1 марта 2024 г. (отчёт в УО)")
    assert (deadline.kind, deadline.ranges) == ("dates", (day(2024, 3, 1),))
    # dates win over a continuous phrase as well
    assert read("постоянно, отчёт до 01.06.2025", PERVOMAISKY).ranges == (day(2025, 6, 1),)
    assert read("постоянно, отчёт до 01.06.2025", PERVOMAISKY).kind == "dates"


# ---------------------------------------------------------------------------------------------
# Warnings


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("31.06.2024", "31.06.2024"),
        ("30 февраля 2024 г.", "30.02.2024"),
        ("29.02.2023", "29.02.2023"),
        ("01.13.2024", "01.13.2024"),
        ("00.05.2024", "00.05.2024"),
        ("32 мая 2024", "32.05.2024"),
    ],
)
def test_an_impossible_date_gives_a_warning_and_no_range(text, shown):
    deadline = read(text)
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == (f"Дата «{shown}» не существует.",)


def test_an_impossible_date_next_to_a_good_one():
    deadline = read("31.06.2024, 01.07.2024")
    assert deadline.kind == "dates"
    assert deadline.ranges == (day(2024, 7, 1),)
    assert deadline.warnings == ("Дата «31.06.2024» не существует.",)


def test_29_february_of_a_leap_year_exists():
    assert read("29.02.2024").ranges == (day(2024, 2, 29),)


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("01.03.2025", False),  # inside the period
        ("01.08.2024", False),  # a month before the start
        ("01.09.2023", False),  # exactly a year before the start
        ("31.08.2023", True),  # a year and a day
        ("31.08.2026", False),
        ("01.09.2026", True),
        ("март 2035", True),
    ],
)
def test_a_year_far_from_the_period_is_warned(text, warned):
    deadline = read(text, PERVOMAISKY)
    assert deadline.kind == "dates" and len(deadline.ranges) == 1  # the range is kept either way
    assert bool(deadline.warnings) == warned
    if warned:
        assert "возможно, опечатка в годе" in deadline.warnings[0]


def test_a_year_long_before_the_order_is_warned():
    issued = date(2023, 9, 1)
    assert read("01.09.2022", issued=issued).warnings == ()
    deadline = read("31.08.2022", issued=issued)
    assert deadline.ranges == (day(2022, 8, 31),)
    assert deadline.warnings == (
        "Срок «31.08.2022» больше чем на год раньше даты приказа 01.09.2023: возможно, опечатка в годе.",
    )
    # a date after the order is never a typo by this rule
    assert read("01.09.2030", issued=issued).warnings == ()


def test_a_backward_range_is_warned_not_swapped():
    deadline = read("20-15 сентября 2024")
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == ("В сроке «20-15 сентября 2024» начало (20.09.2024) позже окончания (15.09.2024).",)
    assert read("ноябрь 2024 - январь 2024").warnings == (
        "В сроке «ноябрь 2024 - январь 2024» начало (01.11.2024) позже окончания (31.01.2024).",
    )


def test_a_backward_period_is_ignored_with_a_warning():
    deadline = read("постоянно", (date(2025, 8, 31), date(2024, 9, 1)))
    assert (deadline.kind, deadline.ranges) == ("continuous", ())
    assert deadline.warnings == (
        "Период плана 31.08.2025–01.09.2024 задан неверно: начало позже окончания; он не учтён.",
    )


# ---------------------------------------------------------------------------------------------
# Ranges, due dates, JSON


def test_ranges_are_sorted_and_without_duplicates():
    deadline = read("Май 2024, март 2024, май 2024 г., 01.03.2024")
    assert deadline.ranges == (day(2024, 3, 1), month(2024, 3), month(2024, 5))


def test_due_and_next_due():
    deadline = read("Август, ноябрь 2023г, март 2024 г.")
    assert deadline.due == date(2024, 3, 31)
    assert deadline.next_due(date(2023, 1, 1)) == date(2023, 8, 31)
    assert deadline.next_due(date(2023, 8, 31)) == date(2023, 8, 31)
    assert deadline.next_due(date(2023, 9, 1)) == date(2023, 11, 30)
    assert deadline.next_due(date(2024, 4, 1)) is None
    assert read("По плану").due is None
    assert read("По плану").next_due(date(2024, 1, 1)) is None


def test_due_is_the_latest_end_when_ranges_overlap():
    assert read("2023-2024 гг., март 2024 г.").due == date(2024, 12, 31)


def test_to_json():
    deadline = read("Апрель-июнь 2023, 2024 гг.", LEVOKUMSKOE)
    assert deadline.to_json() == {
        "text": "Апрель-июнь 2023, 2024 гг.",
        "kind": "dates",
        "ranges": [["2023-04-01", "2023-06-30"], ["2024-04-01", "2024-06-30"]],
        "warnings": [],
        "recurrence": None,
        "occurrences": [["2023-04-01", "2023-06-30"], ["2024-04-01", "2024-06-30"]],
    }
    assert read("31.06.2024").to_json() == {
        "text": "31.06.2024",
        "kind": "text",
        "ranges": [],
        "warnings": ["Дата «31.06.2024» не существует."],
        "recurrence": None,
        "occurrences": [],
    }


def test_deadline_is_immutable():
    deadline = read("2024 год")
    with pytest.raises(AttributeError):
        deadline.kind = "text"  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Properties

_PIECES = st.sampled_from(
    [
        *"0123456789.-–/,;() ", "г", "гг.", "уч. г.", "года", "январь", "мая", "марта", "декабрь",
        "2023", "2024", "IV", "квартал", "по", "до", "с", "и", "ежегодно", "постоянно", "период",
        "учебного года", "в течение", "31.06.", "29 февраля", "ё", "\u00a0",
    ]
)  # fmt: skip
_TEXTS = st.one_of(st.none(), st.text(), st.lists(_PIECES, max_size=14).map("".join))
_PERIODS = st.one_of(st.none(), st.tuples(st.dates(), st.dates()))


@settings(max_examples=500, deadline=None)
@given(_TEXTS, _PERIODS, st.one_of(st.none(), st.dates()))
def test_never_raises_and_keeps_the_text(text, period, issued):
    deadline = parse_deadline(text, period, issued)
    assert deadline.text == (text or "")
    assert deadline.kind in {"dates", "yearly", "recurring", "continuous", "text", "empty"}
    assert list(deadline.ranges) == sorted(set(deadline.ranges))
    assert all(start <= end for start, end in deadline.ranges)
    assert (deadline.kind == "dates") <= bool(deadline.ranges)
    assert deadline.kind not in {"text", "empty"} or deadline.ranges == ()
    assert all(isinstance(warning, str) and warning for warning in deadline.warnings)
    deadline.to_json()
