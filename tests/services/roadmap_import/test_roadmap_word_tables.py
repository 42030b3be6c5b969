"""Plan tables in .docx orders of our own invention: every awkward layout the issue lists."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from tests.builders.docx_orders import Para, Table, build_order_docx, zarechny_table_order_items

HEADER = ["№", "Мероприятие", "Срок", "Ответственные"]


@pytest.fixture(scope="module")
def zarechny(tmp_path_factory):
    path = build_order_docx(tmp_path_factory.mktemp("zarechny") / "распоряжение 52-р.docx", zarechny_table_order_items())
    return read_roadmap_docx(path)


def _sections(roadmap):
    return [(s.number, s.title, [m.number for m in s.measures]) for s in roadmap.sections]


def test_zarechny_sections_of_every_kind(zarechny):
    assert zarechny.source == "table"
    assert _sections(zarechny) == [
        ("1", "Нормативно-правовое обеспечение", ["1.1", "1.2"]),  # merged row in the 1st column
        ("2", "Методическое сопровождение", ["2.1", "2.2"]),  # bold row «Раздел 2. …», no number
        ("3", "Работа со школами с низкими результатами", ["3.1", "3.2"]),  # «3 | title», rest empty
        ("IV", "Информационное сопровождение", ["1", "2"]),  # Roman number, measures from 1 again
    ]
    assert zarechny.measure_count == 8


def test_zarechny_columns_in_another_order(zarechny):
    first = zarechny.measures[0]
    assert first.text == "Разработка муниципальной программы повышения качества образования"
    assert first.deadline_text == "до 15.09.2024"
    assert first.responsible == "Кравцова И.П."
    assert first.participants == "Специалисты УО"
    assert first.source_row == 4  # header, column numbers, section row come first in «Таблица 1»


def test_zarechny_table_split_with_repeated_header(zarechny):
    second = zarechny.measures[1]
    # the row continued in the second table, after the repeated header
    assert second.text == "Утверждение перечня школ с низкими образовательными результатами по итогам ВПР и ОГЭ 2024 года"
    assert second.deadline_text == "Сентябрь 2024 г."
    assert second.participants == "Руководители ОО"


def test_zarechny_vertical_merge_repeats_the_responsible(zarechny):
    measures = {m.number: m for m in zarechny.measures}
    assert measures["2.1"].responsible == "МКУ «ЦРО» (Лаптева О.В.)"
    assert measures["2.2"].responsible == "МКУ «ЦРО» (Лаптева О.В.)"
    assert measures["2.2"].text == "Стажировка учителей математики"


def test_zarechny_problems_are_warnings_with_rows(zarechny):
    problems = [(p.message, p.sheet, p.row, p.severity) for p in zarechny.problems]
    assert problems == [
        ("Столбец «Бюджет» не распознан и не импортирован", "Таблица 1", 1, "warning"),
        ("Мероприятие № 2.3 без текста пропущено", "Таблица 2", 6, "warning"),
    ]


def test_zarechny_header_and_title(zarechny):
    order = zarechny.order
    assert (order.kind, order.number, order.date, order.place) == (
        "РАСПОРЯЖЕНИЕ",
        "52-р",
        date(2024, 2, 14),
        "г. Заречный",
    )
    # a bold title typed on two lines
    assert order.title == (
        "Об утверждении дорожной карты по повышению качества образования в Заречном муниципальном округе "
        "на 2024-2025 годы"
    )
    assert zarechny.title == "ДОРОЖНАЯ КАРТА по повышению качества образования в Заречном муниципальном округе на 2024-2025 годы"


def test_zarechny_clauses_on_request(tmp_path):
    path = build_order_docx(tmp_path / "z.docx", zarechny_table_order_items())
    roadmap = read_roadmap_docx(path, clauses=True)
    assert roadmap.source == "clauses"
    assert [m.text for m in roadmap.measures] == ["Утвердить дорожную карту по повышению качества образования (приложение)."]


def test_header_words_variants_case_and_line_breaks(tmp_path):
    rows = [
        ["№\nп/п", "НАИМЕНОВАНИЕ\nмероприятия", "Сроки\nисполнения", "Категория\nучастников", "Ответственный"],
        ["1.", "Совещание руководителей", "Август", "Директора ОО", "Голубев В.В."],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "a.docx", [Table(rows)]))
    measure = roadmap.measures[0]
    assert (measure.number, measure.text, measure.deadline_text, measure.participants, measure.responsible) == (
        "1",
        "Совещание руководителей",
        "Август",
        "Директора ОО",
        "Голубев В.В.",
    )


@pytest.mark.parametrize(
    "header",
    [
        ["№", "Мероприятия", "Срок проведения", "Исполнители"],
        ["№", "Содержание", "Срок", "Ответственные исполнители"],
        ["Ответственные", "Срок исполнения", "Наименование мероприятия", "№"],
    ],
)
def test_header_variants(tmp_path, header):
    values = {"№": "1", "Мероприятия": "Текст", "Содержание": "Текст", "Наименование мероприятия": "Текст"}
    row = []
    for cell in header:
        if cell in values:
            row.append(values[cell])
        elif cell.startswith("Срок"):
            row.append("Май")
        else:
            row.append("Белов С.Н.")
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "h.docx", [Table([header, row])]))
    measure = roadmap.measures[0]
    assert (measure.number, measure.text, measure.deadline_text, measure.responsible) == ("1", "Текст", "Май", "Белов С.Н.")


def test_second_table_with_its_own_header_in_another_order_is_joined(tmp_path):
    first = Table([HEADER, ["1", "Первое", "Январь", "Белов С.Н."]])
    second = Table([["Ответственные", "Срок", "Мероприятие", "№"], ["Кравцова И.П.", "Февраль", "Второе", "2"]])
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "two.docx", [first, "", second]))
    assert [(m.number, m.text, m.deadline_text, m.responsible) for m in roadmap.measures] == [
        ("1", "Первое", "Январь", "Белов С.Н."),
        ("2", "Второе", "Февраль", "Кравцова И.П."),
    ]


def test_table_after_text_is_not_a_continuation(tmp_path):
    plan = Table([HEADER, ["1", "Первое", "Январь", "Белов С.Н."]])
    other = Table([["Согласовано", "Подпись", "Дата", "Расшифровка"], ["", "", "", "Белов С.Н."]])
    items = [plan, "", "Лист согласования", other]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "t.docx", items))
    assert roadmap.measure_count == 1


def test_bold_section_rows_with_and_without_number(tmp_path):
    rows = [
        HEADER,
        ["1.", "Организационная работа", "", ""],  # bold, numbered
        ["1.1.", "Совещание", "Август", "УО"],
        ["", "Аналитическая работа", "", ""],  # bold, no number
        ["2.1.", "Анализ ВПР", "Май", "ЦРО"],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "b.docx", [Table(rows, bold_rows={0, 1, 3})]))
    assert _sections(roadmap) == [("1", "Организационная работа", ["1.1"]), (None, "Аналитическая работа", ["2.1"])]


def test_numbered_row_without_deadline_followed_by_its_sibling_is_a_measure(tmp_path):
    rows = [
        HEADER,
        ["1", "Совещание руководителей", "Август", "УО"],
        ["2", "Работа с родителями", "", ""],  # no deadline, no responsible: still a measure
        ["3", "Анализ ВПР", "Май", "ЦРО"],
        ["4", "Итоговый отчёт", "", ""],  # the last row: a measure too
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "c.docx", [Table(rows)]))
    assert _sections(roadmap) == [(None, None, ["1", "2", "3", "4"])]


def test_numbered_section_rows_with_global_numbering(tmp_path):
    rows = [
        HEADER,
        ["I", "Организационные мероприятия", "", ""],
        ["1", "Совещание", "Август", "УО"],
        ["2", "Семинар", "Сентябрь", "ЦРО"],
        ["Раздел 2", "Контрольные мероприятия", "", ""],
        ["3", "Проверка", "Октябрь", "УО"],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "g.docx", [Table(rows)]))
    assert _sections(roadmap) == [
        ("I", "Организационные мероприятия", ["1", "2"]),
        ("2", "Контрольные мероприятия", ["3"]),
    ]


def test_merged_section_row_spanning_the_whole_table(tmp_path):
    rows = [HEADER, ["Раздел 1. Нормативное обеспечение"], ["1", "Приказ", "Август", "УО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "m.docx", [Table(rows, merged_rows={1})]))
    assert _sections(roadmap) == [("1", "Нормативное обеспечение", ["1"])]


def test_measures_before_the_first_section_are_in_a_section_without_title(tmp_path):
    rows = [HEADER, ["1", "Приказ", "Август", "УО"], ["2. Контроль"], ["2.1", "Проверка", "Май", "УО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "n.docx", [Table(rows, merged_rows={2})]))
    assert _sections(roadmap) == [(None, None, ["1"]), ("2", "Контроль", ["2.1"])]


def test_continuation_rows_join_per_column(tmp_path):
    rows = [
        HEADER,
        ["1", "Семинар для учителей", "Октябрь", "МКУ «ЦРО»,"],
        ["", "- по математике;", "", "Лаптева О.В."],
        ["", "- по русскому языку", "Ноябрь", ""],
        ["2", "Отчёт", "Декабрь", "УО"],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "k.docx", [Table(rows)]))
    first = roadmap.measures[0]
    assert first.text == "Семинар для учителей\n- по математике;\n- по русскому языку"
    assert first.deadline_text == "Октябрь Ноябрь"  # a cell split across pages: joined as text
    assert first.responsible == "МКУ «ЦРО», Лаптева О.В."
    assert roadmap.measure_count == 2


def test_row_without_number_before_any_measure_is_reported(tmp_path):
    rows = [HEADER, ["", "Совещание без номера", "Август", "УО"], ["1", "Семинар", "Май", "ЦРО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "w.docx", [Table(rows)]))
    assert [m.text for m in roadmap.measures] == ["Совещание без номера", "Семинар"]
    assert roadmap.measures[0].number is None
    assert [(p.row, p.severity) for p in roadmap.problems] == [(2, "warning")]
    assert "не продолжает" in roadmap.problems[0].message


def test_empty_measure_and_unreadable_rows_are_reported(tmp_path):
    rows = [
        HEADER + ["Примечание", "Прочее"],
        ["1", "Семинар", "Май", "ЦРО", "", ""],
        ["2", "", "Июнь", "УО", "", ""],  # no text
        ["", "", "", "", "", "что-то вне плана"],  # text only in an unknown column
        ["3", "Отчёт", "Июль", "УО", "в срок", ""],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "e.docx", [Table(rows)]))
    assert [m.number for m in roadmap.measures] == ["1", "3"]
    assert roadmap.measures[1].note == "в срок"
    messages = {p.row: p.message for p in roadmap.problems}
    assert messages[3] == "Мероприятие № 2 без текста пропущено"
    assert "вне столбцов плана" in messages[4]
    assert messages[1] == "Столбец «Прочее» не распознан и не импортирован"
    assert all(p.severity == "warning" and p.sheet == "Таблица 1" for p in roadmap.problems)


def test_column_numbers_row_and_table_without_number_column(tmp_path):
    rows = [["Мероприятие", "Срок", "Ответственный"], ["1", "2", "3"], ["Совещание", "Август", "УО"], ["Семинар", "Май", "ЦРО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "nn.docx", [Table(rows)]))
    assert [(m.number, m.text) for m in roadmap.measures] == [(None, "Совещание"), (None, "Семинар")]


def test_title_row_inside_the_table_and_header_in_a_layout_table(tmp_path):
    layout = Table([["Заречный муниципальный округ", ""], ["01.09.2024", "№ 300-од"]])
    plan = Table(
        [["План мероприятий по подготовке к ГИА-2025"], HEADER, ["1", "Совещание", "Август", "УО"]],
        merged_rows={0},
        bold_rows={0},
    )
    items = [layout, Para("ПРИКАЗ", bold=True), Para("О подготовке к ГИА-2025", bold=True), "", plan]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "l.docx", items))
    assert roadmap.title == "План мероприятий по подготовке к ГИА-2025"
    assert (roadmap.order.date, roadmap.order.number, roadmap.order.title) == (
        date(2024, 9, 1),
        "300-од",
        "О подготовке к ГИА-2025",
    )
    assert roadmap.measure_count == 1


def test_plan_without_heading_takes_the_order_title_or_the_file_name(tmp_path):
    plan = Table([HEADER, ["1", "Совещание", "Август", "УО"]])
    items = ["ПРИКАЗ", "01.09.2024 № 5", "Об утверждении плана работы", "", "Приложение", "к приказу от 01.09.2024 № 5", plan]
    assert read_roadmap_docx(build_order_docx(tmp_path / "o.docx", items)).title == "Об утверждении плана работы"
    bare = read_roadmap_docx(build_order_docx(tmp_path / "План УО.docx", [plan]))
    assert bare.title == "План УО"
    assert bare.order.is_empty


def test_appendix_heading_gives_the_order_when_the_order_is_not_in_the_file(tmp_path):
    plan = Table([HEADER, ["1", "Совещание", "Август", "УО"]])
    items = ["Приложение № 1", "к приказу управления образования от 01.09.2023 № 341", "", "План мероприятий", plan]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "app.docx", items))
    assert (roadmap.order.kind, roadmap.order.date, roadmap.order.number) == ("ПРИКАЗ", date(2023, 9, 1), "341")
    assert roadmap.title == "План мероприятий"


def test_measure_with_header_like_words_is_not_taken_for_a_repeated_header(tmp_path):
    rows = [HEADER, ["1", "Организация мероприятий по профориентации", "Сроки по графику", "УО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "hw.docx", [Table(rows)]))
    assert [(m.text, m.deadline_text) for m in roadmap.measures] == [
        ("Организация мероприятий по профориентации", "Сроки по графику")
    ]


def test_continuation_with_the_same_text_in_two_columns_is_not_a_section(tmp_path):
    rows = [HEADER + ["Участники"], ["1", "Совещание", "Август", "Руководители", "Руководители"], ["", "", "", "ОО", "ОО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "same.docx", [Table(rows)]))
    assert _sections(roadmap) == [(None, None, ["1"])]
    assert (roadmap.measures[0].responsible, roadmap.measures[0].participants) == ("Руководители ОО", "Руководители ОО")


def test_section_without_measures_is_kept_and_reported(tmp_path):
    rows = [HEADER, ["1. Пустой раздел"], ["2. Раздел"], ["2.1", "Совещание", "Май", "УО"]]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "empty.docx", [Table(rows, merged_rows={1, 2})]))
    assert _sections(roadmap) == [("1", "Пустой раздел", []), ("2", "Раздел", ["2.1"])]
    assert [(p.message, p.sheet, p.row) for p in roadmap.problems] == [
        ("Раздел «Пустой раздел» без мероприятий", "Таблица 1", 2)
    ]


def test_section_title_split_across_pages_is_joined(tmp_path):
    first = Table([HEADER, ["1", "Совещание", "Май", "УО"], ["2. Работа со школами с низкими"]], merged_rows={2})
    second = Table([["результатами обучения"], ["2.1", "Выезд в школы", "Июнь", "УО"]], merged_rows={0})
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "split.docx", [first, "", second]))
    assert _sections(roadmap) == [(None, None, ["1"]), ("2", "Работа со школами с низкими результатами обучения", ["2.1"])]


def test_number_column_with_word_automatic_numbering(tmp_path):
    rows = [
        HEADER,
        ["Организационные мероприятия"],
        ["#", "Совещание", "Август", "УО"],
        ["", "руководителей ОО", "", ""],  # a continuation: no number of its own
        ["#", "Семинар", "Сентябрь", "ЦРО"],
        ["#", "Отчёт", "Май", "УО"],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "auto.docx", [Table(rows, merged_rows={1}, bold_rows={1})]))
    assert _sections(roadmap) == [(None, "Организационные мероприятия", ["1", "2", "3"])]
    assert roadmap.measures[0].text == "Совещание руководителей ОО"


def test_continuation_row_next_to_an_empty_merged_cell_is_not_a_section(tmp_path):
    rows = [HEADER, ["1", "Совещание", "Август", "УО"], ["", "руководителей ОО", "", ""]]
    path = build_order_docx(tmp_path / "span.docx", [Table(rows)])
    import docx  # merge the two empty cells of the continuation row: Word does this on page breaks

    document = docx.Document(str(path))
    cells = document.tables[0].rows[2].cells
    cells[2].merge(cells[3])
    document.save(str(path))
    roadmap = read_roadmap_docx(path)
    assert _sections(roadmap) == [(None, None, ["1"])]
    assert roadmap.measures[0].text == "Совещание руководителей ОО"


def test_numbered_list_continuing_a_measure_is_not_a_section(tmp_path):
    rows = [
        HEADER,
        ["1", "Анализ результатов ВПР, включающий:", "Май", "УО"],
        ["", "1. Типичные ошибки;", "", ""],
        ["", "2. План коррекции.", "", ""],
        ["", "2. Методическая работа", "", ""],  # after a full stop: a section
        ["2.1", "Семинар", "Июнь", "ЦРО"],
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "list.docx", [Table(rows)]))
    assert _sections(roadmap) == [(None, None, ["1"]), ("2", "Методическая работа", ["2.1"])]
    assert roadmap.measures[0].text == "Анализ результатов ВПР, включающий:\n1. Типичные ошибки;\n2. План коррекции."
