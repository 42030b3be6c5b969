"""Issue #18: recurring deadlines, «в течение года», deadlines counted from the order's date, and the
occurrences of every deadline inside the plan's period. Expected dates are written out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.deadlines import Deadline, Recurrence, parse_deadline

SCHOOL_YEAR = (date(2025, 9, 1), date(2026, 8, 31))
ISSUED = date(2025, 9, 3)
TWO_YEARS = (date(2023, 1, 1), date(2024, 12, 31))


def read(text, period=None, issued=None) -> Deadline:
    deadline = parse_deadline(text, period, issued)
    assert deadline.text == text
    return deadline


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def pairs(*spans: str) -> tuple[tuple[date, date], ...]:
    """«2025-09-01/2025-09-30» or a single day «2025-09-25»."""
    out = []
    for span in spans:
        start, _, end = span.partition("/")
        out.append((d(start), d(end or start)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# «в течение года»


def test_during_the_year_is_the_whole_period():
    deadline = read("в течение года", SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.warnings, deadline.recurrence) == ("continuous", (), None)
    assert deadline.ranges == deadline.occurrences == (SCHOOL_YEAR,)
    assert read("В течение года", (d("2026-01-01"), d("2026-12-31"))).occurrences == pairs("2026-01-01/2026-12-31")


def test_during_the_year_without_a_period_has_no_dates():
    deadline = read("в течение года")
    assert (deadline.kind, deadline.ranges, deadline.occurrences, deadline.warnings) == ("continuous", (), (), ())


def test_during_a_written_year_is_that_year():
    assert read("в течение 2026 года", SCHOOL_YEAR).ranges == pairs("2026-01-01/2026-12-31")
    # the occurrence is what of it falls inside the plan
    assert read("в течение 2026 года", SCHOOL_YEAR).occurrences == pairs("2026-01-01/2026-08-31")


# ---------------------------------------------------------------------------------------------
# Weekly, monthly, quarterly


def test_monthly_is_every_month_of_the_period():
    deadline = read("ежемесячно", SCHOOL_YEAR, ISSUED)
    assert deadline.kind == "recurring"
    assert deadline.recurrence == Recurrence("month", None, None)
    assert deadline.occurrences == pairs(
        "2025-09-01/2025-09-30", "2025-10-01/2025-10-31", "2025-11-01/2025-11-30", "2025-12-01/2025-12-31",
        "2026-01-01/2026-01-31", "2026-02-01/2026-02-28", "2026-03-01/2026-03-31", "2026-04-01/2026-04-30",
        "2026-05-01/2026-05-31", "2026-06-01/2026-06-30", "2026-07-01/2026-07-31", "2026-08-01/2026-08-31",
    )  # fmt: skip
    assert deadline.ranges == deadline.occurrences
    assert deadline.warnings == ()


def test_monthly_in_a_period_that_starts_and_ends_mid_month():
    # September from the 10th; May ends after the period, so it belongs to the next plan
    deadline = read("Ежемесячно", (d("2025-09-10"), d("2026-05-20")))
    assert deadline.occurrences == pairs(
        "2025-09-10/2025-09-30", "2025-10-01/2025-10-31", "2025-11-01/2025-11-30", "2025-12-01/2025-12-31",
        "2026-01-01/2026-01-31", "2026-02-01/2026-02-28", "2026-03-01/2026-03-31", "2026-04-01/2026-04-30",
    )  # fmt: skip


def test_quarterly_ends_at_quarter_ends():
    deadline = read("ежеквартально", SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.recurrence) == ("recurring", Recurrence("quarter", None, None))
    # the July-September quarter of 2026 ends after the plan
    assert deadline.occurrences == pairs(
        "2025-09-01/2025-09-30", "2025-10-01/2025-12-31", "2026-01-01/2026-03-31", "2026-04-01/2026-06-30"
    )
    assert read("ежеквартально", (d("2026-01-01"), d("2026-12-31"))).occurrences == pairs(
        "2026-01-01/2026-03-31", "2026-04-01/2026-06-30", "2026-07-01/2026-09-30", "2026-10-01/2026-12-31"
    )


def test_quarterly_on_a_day_of_the_month_after_the_quarter():
    # what the program itself writes in an order approving a roadmap (services/orders.py)
    deadline = read("ежеквартально, до 5 числа месяца, следующего за кварталом", SCHOOL_YEAR, ISSUED)
    assert deadline.recurrence == Recurrence("quarter", 5, None)
    assert deadline.occurrences == pairs("2025-10-05", "2026-01-05", "2026-04-05", "2026-07-05")
    # on the day in the quarter's last month when nothing says «следующего»
    assert read("ежеквартально до 20 числа", SCHOOL_YEAR).occurrences == pairs(
        "2025-09-20", "2025-12-20", "2026-03-20", "2026-06-20"
    )


def test_weekly_is_every_calendar_week():
    deadline = read("еженедельно", SCHOOL_YEAR)
    assert (deadline.kind, deadline.recurrence) == ("recurring", Recurrence("week", None, None))
    assert len(deadline.occurrences) == 52
    assert deadline.occurrences[0] == pairs("2025-09-01/2025-09-07")[0]  # 1 September 2025 is a Monday
    assert deadline.occurrences[1] == pairs("2025-09-08/2025-09-14")[0]
    assert deadline.occurrences[-1] == pairs("2026-08-24/2026-08-30")[0]  # the week to 6 September is left out
    # a period from a Wednesday: the first week is cut at its start
    assert read("Еженедельно", (d("2025-09-03"), d("2025-09-30"))).occurrences == pairs(
        "2025-09-03/2025-09-07", "2025-09-08/2025-09-14", "2025-09-15/2025-09-21", "2025-09-22/2025-09-28"
    )


def test_by_the_25th_of_every_month():
    deadline = read("до 25 числа каждого месяца", SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.recurrence) == ("recurring", Recurrence("month", 25, None))
    assert deadline.occurrences == pairs(
        "2025-09-25", "2025-10-25", "2025-11-25", "2025-12-25", "2026-01-25", "2026-02-25",
        "2026-03-25", "2026-04-25", "2026-05-25", "2026-06-25", "2026-07-25", "2026-08-25",
    )  # fmt: skip
    assert deadline.due == d("2026-08-25")
    assert deadline.next_due(d("2025-10-26")) == d("2025-11-25")
    # a day outside the period is left out at either end
    assert read("до 25 числа каждого месяца", (d("2025-09-26"), d("2025-12-24"))).occurrences == pairs(
        "2025-10-25", "2025-11-25"
    )


def test_a_day_past_the_end_of_a_short_month_is_its_last_day():
    assert read("ежемесячно до 31 числа", (d("2026-01-01"), d("2026-04-30"))).occurrences == pairs(
        "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"
    )


def test_monthly_by_the_15th_of_the_month_after_the_reporting_one():
    text = "Ежемесячно до 15 числа месяца, следующего за отчетным периодом"
    deadline = read(text, SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.recurrence, deadline.warnings) == ("recurring", Recurrence("month", 15, None), ())
    # September's report is due on 15 October; August 2026's on 15 September, after the plan
    assert deadline.occurrences == pairs(
        "2025-10-15", "2025-11-15", "2025-12-15", "2026-01-15", "2026-02-15", "2026-03-15",
        "2026-04-15", "2026-05-15", "2026-06-15", "2026-07-15", "2026-08-15",
    )  # fmt: skip
    assert read("ежемесячно до 15 числа месяца, следующего за отчётным", SCHOOL_YEAR).occurrences == deadline.occurrences


def test_monthly_within_written_months():
    deadline = read("ежемесячно, сентябрь - май", SCHOOL_YEAR)
    assert deadline.recurrence == Recurrence("month", None, (1, 2, 3, 4, 5, 9, 10, 11, 12))
    assert [start.month for start, _ in deadline.occurrences] == [9, 10, 11, 12, 1, 2, 3, 4, 5]
    assert deadline.occurrences[-1] == pairs("2026-05-01/2026-05-31")[0]
    # written dates hold it without a period
    assert read("ежемесячно до 10 числа с 01.10.2025 по 31.12.2025").occurrences == pairs(
        "2025-10-10", "2025-11-10", "2025-12-10"
    )


@pytest.mark.parametrize(
    "text", ["ежемесячно", "ежеквартально", "еженедельно", "до 25 числа каждого месяца", "раз в месяц"]
)
def test_recurring_without_a_period_has_its_recurrence_but_no_dates(text):
    deadline = read(text, issued=ISSUED)
    assert deadline.kind == "recurring"
    assert deadline.recurrence is not None
    assert (deadline.ranges, deadline.occurrences, deadline.warnings) == ((), (), ())


def test_twice_a_month_is_not_monthly():
    assert read("2 раза в месяц", SCHOOL_YEAR).kind == "text"


def test_an_impossible_day_of_the_month_is_warned():
    deadline = read("до 32 числа каждого месяца", SCHOOL_YEAR)
    assert deadline.recurrence == Recurrence("month", None, None)
    assert deadline.warnings == ("В сроке «32 числа» число 32: такого дня в месяце нет.",)


# ---------------------------------------------------------------------------------------------
# Yearly


def test_yearly_by_the_first_of_june():
    deadline = read("ежегодно до 1 июня", SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.recurrence) == ("yearly", Recurrence("year", 1, (6,)))
    assert deadline.occurrences == pairs("2026-06-01")
    assert read("ежегодно до 1 июня", TWO_YEARS).occurrences == pairs("2023-06-01", "2024-06-01")
    without = read("ежегодно до 1 июня")
    assert (without.recurrence, without.occurrences, without.warnings) == (Recurrence("year", 1, (6,)), (), ())


def test_twice_a_year_in_january_and_june():
    deadline = read("два раза в год: январь, июнь", SCHOOL_YEAR)
    assert (deadline.kind, deadline.recurrence, deadline.warnings) == ("yearly", Recurrence("year", None, (1, 6)), ())
    assert deadline.occurrences == pairs("2026-01-01/2026-01-31", "2026-06-01/2026-06-30")
    assert read("два раза в год: январь, июнь", TWO_YEARS).occurrences == pairs(
        "2023-01-01/2023-01-31", "2023-06-01/2023-06-30", "2024-01-01/2024-01-31", "2024-06-01/2024-06-30"
    )


def test_august_september_every_year_stays_inside_the_period():
    deadline = read("август - сентябрь, ежегодно", SCHOOL_YEAR)
    assert (deadline.kind, deadline.recurrence) == ("yearly", Recurrence("year", None, (8, 9)))
    # September 2025 of the first season, August 2026 of the second
    assert deadline.ranges == deadline.occurrences == pairs("2025-09-01/2025-09-30", "2026-08-01/2026-08-31")
    assert read("август - сентябрь, ежегодно", TWO_YEARS).occurrences == pairs(
        "2023-08-01/2023-09-30", "2024-08-01/2024-09-30"
    )


def test_bare_yearly_keeps_its_reading():
    deadline = read("ежегодно", SCHOOL_YEAR)
    assert deadline.recurrence == Recurrence("year", None, None)
    assert deadline.ranges == deadline.occurrences == pairs("2025-09-01/2025-12-31", "2026-01-01/2026-08-31")


# ---------------------------------------------------------------------------------------------
# After the end of a school year, «этого года»


def test_after_the_end_of_the_school_year_is_its_last_day():
    text = "по завершению учебного процесса 2011/2012 учебного года"
    deadline = read(text)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", pairs("2012-08-31"), ())
    assert deadline.occurrences == pairs("2012-08-31")  # not the whole school year 2011-09-01..2012-08-31
    assert read(text, (d("2011-09-01"), d("2012-08-31")), d("2011-09-01")).occurrences == pairs("2012-08-31")
    assert read("по окончании 2025-2026 учебного года").ranges == pairs("2026-08-31")
    # without a year it is the end of the school year of the period
    assert read("по завершении учебного года", SCHOOL_YEAR).occurrences == pairs("2026-08-31")


def test_by_5_september_of_this_year_is_the_orders_year():
    text = "до 5 сентября этого года"
    assert read(text, issued=d("2025-08-20")).occurrences == pairs("2025-09-05")
    assert read(text, issued=d("2024-12-28")).ranges == pairs("2024-09-05")  # the order's year, not the next
    assert read("до 5 сентября текущего года", SCHOOL_YEAR, d("2025-08-20")).occurrences == pairs("2025-09-05")
    # without the order's date the period places it, as any day without a year
    assert read(text, SCHOOL_YEAR).occurrences == pairs("2025-09-05")
    unread = read(text)
    assert (unread.kind, unread.occurrences) == ("text", ())
    assert unread.warnings == ("В сроке «5 сентября» не указан год, а период плана не задан: год не определён.",)


# ---------------------------------------------------------------------------------------------
# Counted from the order's date


@pytest.mark.parametrize("text", ["в 3-месячный срок", "в трехмесячный срок", "В 3-х месячный срок", "в течение трех месяцев"])
def test_three_months_from_the_order(text):
    deadline = read(text, SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.warnings, deadline.recurrence) == ("dates", (), None)
    assert deadline.ranges == deadline.occurrences == pairs("2025-09-03/2025-12-03")
    # the same day number three months on, or the last day of a shorter month
    assert read(text, issued=d("2025-11-30")).occurrences == pairs("2025-11-30/2026-02-28")


def test_ten_days_from_signing():
    text = "в течение 10 дней со дня подписания"
    deadline = read(text, issued=ISSUED)
    assert (deadline.kind, deadline.ranges, deadline.warnings) == ("dates", pairs("2025-09-03/2025-09-13"), ())
    assert deadline.occurrences == deadline.ranges
    assert read(text, SCHOOL_YEAR, ISSUED).occurrences == pairs("2025-09-03/2025-09-13")
    assert read("в течение двух недель со дня издания приказа", issued=ISSUED).ranges == pairs("2025-09-03/2025-09-17")
    assert read("в 10-дневный срок", issued=ISSUED).ranges == pairs("2025-09-03/2025-09-13")


def test_counted_from_the_order_without_its_date_is_unread_with_a_warning():
    deadline = read("в течение 10 дней со дня подписания", SCHOOL_YEAR)
    assert (deadline.kind, deadline.ranges, deadline.occurrences) == ("text", (), ())
    assert deadline.warnings == (
        "Срок «в течение 10 дней со дня подписания» отсчитывается от даты приказа, а она не задана: "
        "дата не определена.",
    )
    assert read("в 3-месячный срок").warnings == (
        "Срок «в 3-месячный срок» отсчитывается от даты приказа, а она не задана: дата не определена.",
    )


def test_working_days_are_not_counted():
    deadline = read("в течение 5 рабочих дней", SCHOOL_YEAR, ISSUED)
    assert (deadline.kind, deadline.ranges) == ("text", ())
    assert deadline.warnings == (
        "Срок «в течение 5 рабочих дней» задан в рабочих днях: без календаря праздников дата не определена.",
    )


@pytest.mark.parametrize(
    "text",
    [
        "за две недели до проведения",
        "по графику ФЦТ",
        "в течение 10 дней после проведения ВПР",
        "в течение месяца со дня получения результатов",
        "по итогам ВПР в течение 5 дней",
        "в течение года после проведения мониторинга",
    ],
)
def test_deadlines_of_an_event_stay_unread(text):
    for period, issued in ((None, None), (SCHOOL_YEAR, ISSUED)):
        deadline = read(text, period, issued)
        assert (deadline.kind, deadline.ranges, deadline.occurrences, deadline.warnings) == ("text", (), (), ())
        assert deadline.recurrence is None


# ---------------------------------------------------------------------------------------------
# Occurrences of a deadline that does not recur


def test_a_dated_deadline_occurs_once():
    deadline = read("до 8 сентября 2025 г.", SCHOOL_YEAR, ISSUED)
    assert (deadline.recurrence, deadline.occurrences) == (None, pairs("2025-09-08"))
    assert read("до 8 сентября 2025 г.").occurrences == pairs("2025-09-08")
    assert read("По плану УО", SCHOOL_YEAR).occurrences == ()
    assert read("", SCHOOL_YEAR).occurrences == ()


def test_occurrences_are_cut_to_the_period_and_joined():
    # the example order of Левокумское: a two-year plan and a school year that starts before it
    assert read("в течение 2022-2023 учебного года", TWO_YEARS).occurrences == pairs("2023-01-01/2023-08-31")
    assert read("2023-2024 гг., март 2024 г.").occurrences == pairs("2023-01-01/2024-12-31")
    assert read("Сентябрь 2023 г, июнь 2023 г", TWO_YEARS).occurrences == pairs(
        "2023-06-01/2023-06-30", "2023-09-01/2023-09-30"
    )
    # a date outside the plan keeps its range and warning, and has no occurrence in the plan
    outside = read("01.03.2004", TWO_YEARS)
    assert (outside.ranges, outside.occurrences) == (pairs("2004-03-01"), ())
    assert outside.warnings


def test_to_json_has_recurrence_and_occurrences():
    assert read("до 25 числа каждого месяца", (d("2025-09-01"), d("2025-10-31"))).to_json() == {
        "text": "до 25 числа каждого месяца",
        "kind": "recurring",
        "ranges": [["2025-09-25", "2025-09-25"], ["2025-10-25", "2025-10-25"]],
        "warnings": [],
        "recurrence": {"every": "month", "day": 25, "months": None},
        "occurrences": [["2025-09-25", "2025-09-25"], ["2025-10-25", "2025-10-25"]],
    }
    assert read("август - сентябрь, ежегодно").to_json()["recurrence"] == {
        "every": "year", "day": None, "months": [8, 9],
    }


# ---------------------------------------------------------------------------------------------
# Properties: every occurrence inside the period, sorted, not overlapping

PHRASES = [
    "в течение года", "ежемесячно", "ежеквартально", "еженедельно", "до 25 числа каждого месяца",
    "Ежемесячно до 15 числа месяца, следующего за отчетным периодом", "ежегодно до 1 июня",
    "два раза в год: январь, июнь", "август - сентябрь, ежегодно",
    "по завершению учебного процесса 2011/2012 учебного года", "до 5 сентября этого года", "в 3-месячный срок",
    "в течение 10 дней со дня подписания", "ежеквартально, до 5 числа месяца, следующего за кварталом",
    "ежемесячно до 31 числа", "ежегодно", "Август ежегодно", "октябрь-декабрь", "декабрь-январь",
    "ежемесячно, сентябрь - май", "ежемесячно до 10 числа с 01.10.2025 по 31.12.2025", "до 8 сентября 2023 г.",
    "в течение учебного года", "постоянно", "по завершении учебного года", "29 февраля ежегодно",
]  # fmt: skip
_PIECES = st.sampled_from([*PHRASES, ", ", " ", "2024", "31.12.9999", "01.01.0001"])
_TEXTS = st.one_of(st.sampled_from(PHRASES), st.lists(_PIECES, min_size=1, max_size=4).map("".join))


@st.composite
def _periods(draw):
    start = draw(st.dates())
    length = draw(st.integers(min_value=0, max_value=4 * 366))
    return start, date.fromordinal(min(start.toordinal() + length, date.max.toordinal()))


def _check(deadline: Deadline, period: tuple[date, date] | None) -> None:
    occurrences = list(deadline.occurrences)
    assert all(start <= end for start, end in occurrences)
    assert occurrences == sorted(occurrences)
    assert all(earlier[1] < later[0] for earlier, later in zip(occurrences, occurrences[1:]))
    if period is not None:
        assert all(period[0] <= start and end <= period[1] for start, end in occurrences)
    if deadline.kind == "recurring" and period is not None:
        assert deadline.ranges == deadline.occurrences  # generated inside the period
    if deadline.kind in {"text", "empty"}:
        assert occurrences == []
    deadline.to_json()


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.one_of(st.none(), _periods()), st.one_of(st.none(), st.dates()))
def test_occurrences_lie_inside_the_period_sorted_and_apart(text, period, issued):
    _check(parse_deadline(text, period, issued), period)


@pytest.mark.parametrize("text", PHRASES)
def test_every_phrase_in_many_periods(text):
    # a seeded sweep beside the property: every start day of two years, lengths up to three years
    for index in range(0, 730, 7):
        start = date(2024, 1, 1) + timedelta(days=index)
        for length in (0, 1, 27, 92, 364, 365, 1095):
            period = (start, start + timedelta(days=length))
            _check(parse_deadline(text, period, start), period)


# ---------------------------------------------------------------------------------------------
# Every «Срок» of the three example orders (../shared/examples/orders) lies inside its plan

LEVOKUMSKOE = ((date(2023, 1, 1), date(2024, 12, 31)), date(2022, 12, 30))
ORENBURG = ((date(2023, 9, 1), date(2024, 8, 31)), date(2023, 9, 1))
PERVOMAISKY = ((date(2024, 9, 1), date(2025, 8, 31)), date(2024, 9, 3))


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        *[(text, LEVOKUMSKOE) for text in [
            "срок до 10 января 2023 г", "срок до 31 января 2023 г", "Январь 2023 г.", "Февраль 2023г.",
            "Февраль 2023, 2024 гг.", "Март 2023г.", "Март 2023, 2024 гг.", "Апрель-июнь 2023, 2024 гг.",
            "Май 2023, 2024 гг.", "Август 2023, 2024 гг.", "Август, ноябрь 2023г, март, август, ноябрь 2024 г.",
            "в течение 2023, 2024 гг.", "Сентябрь 2023 г.", "Сентябрь 2023 г, июнь 2023 г",
            "Октябрь 2023г. Февраль 2024г.", "Декабрь 2023 г.", "Декабрь 2023 года, февраль, май 2024 года",
            "2023, 2024 гг.", "Сентябрь 2023 г, апрель 2024 г",
        ]],
        *[(text, ORENBURG) for text in ["до 8 сентября 2023 г.", "до 15 сентября 2023 г.", "в течение 2023-2024 уч. г."]],
        *[(text, PERVOMAISKY) for text in [
            "В течение периода", "Плановый период", "Регулярно в течение планового периода",
            "На постоянной основе по графику проведения", "В течение планового периода", "октябрь-декабрь",
            "На постоянной основе в течение планового периода",
        ]],
    ],
)  # fmt: skip
def test_example_order_deadlines_occur_as_read(text, plan):
    period, issued = plan
    deadline = read(text, period, issued)
    assert deadline.recurrence is None
    assert deadline.occurrences == deadline.ranges != ()
    assert all(period[0] <= start <= end <= period[1] for start, end in deadline.occurrences)


@pytest.mark.parametrize(
    ("text", "plan"),
    [("По графику проведения ВПР, ГИА", LEVOKUMSKOE), ("По плану УО", PERVOMAISKY), ("По плану", PERVOMAISKY),
     ("По графику проведения", PERVOMAISKY), ("в течение учебного года", LEVOKUMSKOE)],
)  # fmt: skip
def test_example_order_deadlines_left_unread(text, plan):
    deadline = read(text, *plan)
    assert (deadline.kind, deadline.occurrences, deadline.recurrence) == ("text", (), None)
