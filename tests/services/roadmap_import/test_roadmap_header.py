"""The order header: kind, date, number, place and title from the first paragraphs."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.importers.roadmap.order_header import parse_order_date, parse_order_number, read_order_info
from desktop.services.importers.roadmap.records import DocParagraph


@pytest.mark.parametrize(
    ("lines", "kind", "number", "when", "place"),
    [
        (["ПРИКАЗ", "01.09.2023 № 341"], "ПРИКАЗ", "341", date(2023, 9, 1), None),
        (["П Р И К А З", "от 01.09.2023 г. № 341"], "ПРИКАЗ", "341", date(2023, 9, 1), None),
        (["Приказ", "03.09.2024", "№ 128/1-О"], "ПРИКАЗ", "128/1-О", date(2024, 9, 3), None),
        (["ПРИКАЗ", "30 декабря 2022 года", "№679-од", "с. Левокумское"], "ПРИКАЗ", "679-од", date(2022, 12, 30), "с. Левокумское"),
        (["РАСПОРЯЖЕНИЕ", "«05» сентября 2023 г.\t\t№ 116-26-528"], "РАСПОРЯЖЕНИЕ", "116-26-528", date(2023, 9, 5), None),
        (["Р А С П О Р Я Ж Е Н И Е", "14.02.2024 г. Заречный № 52-р"], "РАСПОРЯЖЕНИЕ", "52-р", date(2024, 2, 14), "г. Заречный"),
        (["ПРИКАЗ № 15 от 02.10.23", "г. Заречный"], "ПРИКАЗ", "15", date(2023, 10, 2), "г. Заречный"),
        (["01.09.2023 с. Левокумское № 341"], None, "341", date(2023, 9, 1), "с. Левокумское"),
    ],
)
def test_kind_date_number_place(lines, kind, number, when, place):
    info = read_order_info(lines + ["О проведении мониторинга"])
    assert (info.kind, info.number, info.date, info.place) == (kind, number, when, place)
    assert info.title == "О проведении мониторинга"


def test_letterhead_numbers_and_preamble_dates_are_not_the_order():
    info = read_order_info(
        [
            "Управление образования",
            "ИНН/КПП 7012001001/701201001 ОГРН 1027002955660",
            "тел. 8(38)245 2-28-83",
            "ПРИКАЗ",
            "Об утверждении плана",
            "В соответствии с приказом министерства образования от 28.08.2023 № 01-21/1380 «О реализации "
            "регионального мониторинга качества образования в 2023-2024 учебном году», в целях …",
        ]
    )
    assert (info.kind, info.date, info.number) == ("ПРИКАЗ", None, None)
    assert info.title == "Об утверждении плана"


def test_title_over_several_lines_stops_at_the_preamble():
    info = read_order_info(
        [
            "ПРИКАЗ",
            "01.09.2023 № 341",
            "О реализации регионального",
            "мониторинга качества образования",
            "в 2023-2024 учебном году",
            "На основании приказа министерства образования от 28.08.2023 № 01-21/1380 в целях формирования "
            "системного подхода к оценке качества образования",
        ]
    )
    assert info.title == "О реализации регионального мониторинга качества образования в 2023-2024 учебном году"


def test_bold_title_does_not_swallow_a_plain_preamble():
    info = read_order_info(
        [
            DocParagraph("Приказ", bold=True),
            DocParagraph("Об утверждении Плана мероприятия (дорожной карты)\nна 2024-2025 учебный год", bold=True),
            DocParagraph("в целях эффективности качества образования", bold=False),
        ]
    )
    assert info.title == "Об утверждении Плана мероприятия (дорожной карты) на 2024-2025 учебный год"


def test_empty_header():
    info = read_order_info([])
    assert info.is_empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.09.2023", date(2023, 9, 1)),
        ("от 1.9.23 г.", date(2023, 9, 1)),
        ("30 декабря 2022 года", date(2022, 12, 30)),
        ("«5» мая 2024 г.", date(2024, 5, 5)),
        ("31.02.2024", None),
        ("без даты", None),
    ],
)
def test_parse_order_date(text, expected):
    assert parse_order_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("№ 128/1-О", "128/1-О"),
        ("№679-од", "679-од"),
        ("№ 116-26-528.", "116-26-528"),
        ("N 12", "12"),
        ("№ б/н", None),
    ],
)
def test_parse_order_number(text, expected):
    assert parse_order_number(text) == expected
