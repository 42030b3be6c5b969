"""Orders without a plan table: their clauses read into sections and measures (issue 9 §1)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.importers.roadmap.order_clauses import (
    addressee_of,
    executors_of,
    parse_clause_number,
    read_order_clauses,
    split_deadline,
)
from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from tests.builders.docx_orders import (
    Para,
    build_order_docx,
    zarechny_auto_numbered_items,
    zarechny_clause_order_items,
)


def _plan(sections):
    return [(s.number, s.title, [m.number for m in s.measures]) for s in sections]


# ---------------------------------------------------------------------------------------------------
# invented orders as real .docx


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    path = build_order_docx(tmp_path_factory.mktemp("clauses") / "приказ.docx", zarechny_clause_order_items())
    return read_roadmap_docx(path)


def test_typed_numbers_bullets_and_missing_dots(typed):
    assert typed.source == "clauses"
    assert _plan(typed.sections) == [
        (None, None, ["1"]),
        ("2", "Рекомендовать руководителям ОО:", ["2.1", "2.2", "2.3", "2.4"]),  # «- 2.1.», «2.3 …»
        ("3", "Управлению образования (Кравцова И.П., Белов С.Н.):", ["3.1", "3.2", "3.3"]),
        ("4", "МКУ «Центр развития образования» (Лаптева О.В.):", ["4.1", "4.2"]),
    ]
    assert typed.measure_count == 10


def test_deadlines_labelled_srok_taken_out_of_the_text_others_kept(typed):
    measures = {m.number: m for m in typed.measures}
    expected = {
        "1": ("Утвердить план подготовки к ГИА-2024 (приложение 1).", ""),
        "2.1": ("провести анализ результатов ГИА-2023", "до 20.09.2023"),
        "2.2": ("организовать консультации для выпускников", "в срок до 01.05.2024г."),
        # a deadline in brackets is read and stays in the text: the clause is never shortened
        "2.3": ("обеспечить участие педагогов в региональных семинарах (апрель 2024)", "апрель 2024"),
        "2.4": ("представить в управление образования отчёт о выполнении плана", "в срок до 25.12.2023 г."),
        "3.1": ("провести мониторинг подготовки выпускников", "в течение 2023-2024 учебного года"),
        "3.2": ("организовать выездные проверки в ОО с низкими результатами", "до 8 июня 2024 г."),
        "3.3": ("подготовить аналитическую справку по итогам проверок.", "до 8 июня 2024 г."),
        "4.2": ("Провести семинар для заместителей директоров по УВР (Сидоренко А.А.).", ""),
    }
    assert {n: (measures[n].text, measures[n].deadline_text) for n in expected} == expected


def test_srok_paragraph_skips_clauses_with_their_own_deadline(typed):
    assert [(p.message, p.severity) for p in typed.problems] == [
        ("Срок «до 8 июня 2024 г.» отнесён к пунктам 3.2–3.3", "warning")
    ]


def test_nested_numbered_list_and_bullets_stay_in_their_clause(typed):
    measure = next(m for m in typed.measures if m.number == "4.1")
    assert measure.text == (
        "Организовать методическое сопровождение школ с низкими результатами, в том числе:\n"
        "1. Анализ результатов ВПР;\n"
        "2. Диссеминацию лучших практик;\n"
        "- адресные консультации учителей."
    )
    assert measure.deadline_text == "постоянно"  # «Срок – постоянно.»


def test_responsible_from_parentheses_override_the_addressee(typed):
    measures = {m.number: m for m in typed.measures}
    assert measures["2.1"].responsible == "Руководителям ОО"
    assert measures["3.2"].responsible == "Кравцова И.П., Белов С.Н."
    assert measures["4.1"].responsible == "Лаптева О.В."
    assert measures["4.2"].responsible == "Сидоренко А.А."
    assert measures["1"].responsible == ""


def test_control_clause_signature_and_executor_are_not_measures(typed):
    texts = " ".join(m.text for m in typed.measures)
    assert "Контроль" not in texts
    assert "Голубев" not in texts
    assert "Исп." not in texts


def test_typed_order_header(typed):
    order = typed.order
    assert (order.kind, order.number, order.date, order.place) == (
        "ПРИКАЗ",
        "116-26-528",
        date(2023, 9, 5),
        "п. Заречный",
    )
    assert order.title == "О мерах по подготовке к государственной итоговой аттестации в 2024 году"
    assert typed.title == order.title


def test_word_automatic_numbering(tmp_path):
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "auto.docx", zarechny_auto_numbered_items()))
    assert _plan(roadmap.sections) == [(None, None, ["1"]), ("2", "Руководителям ОО:", ["2.1", "2.2", "2.3"])]
    measures = {m.number: m for m in roadmap.measures}
    assert measures["1"].text == "Провести муниципальные контрольные работы по математике в 5-х классах (октябрь 2023)."
    assert measures["1"].deadline_text == "октябрь 2023"
    # the second automatic list (1., 2.) inside clause 2.2 cannot continue 2.2 → it is its text
    assert measures["2.2"].text == (
        "провести анализ результатов, включающий:\n1. анализ типичных ошибок;\n2. план коррекционной работы."
    )
    assert measures["2.3"].text == "представить отчёты в управление образования."
    assert {n: m.deadline_text for n, m in measures.items() if n.startswith("2.")} == dict.fromkeys(
        ["2.1", "2.2", "2.3"], "до 10.11.2023"
    )
    assert [p.message for p in roadmap.problems] == ["Срок «до 10.11.2023» отнесён к пунктам 2.1–2.3"]
    # clause 3 (automatic number, control clause) ends the plan
    assert roadmap.measure_count == 4
    assert (roadmap.order.number, roadmap.order.date) == ("77-од", date(2023, 10, 2))


def test_automatic_numbering_from_the_paragraph_style(tmp_path):
    items = [
        "ПРИКАЗЫВАЮ:",
        Para("Провести семинар, срок – до 01.10.2023.", style="List Number"),
        Para("Подготовить отчёт.", style="List Number"),
        "Контроль за исполнением приказа оставляю за собой.",
    ]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "style.docx", items))
    assert [(m.number, m.text) for m in roadmap.measures] == [("1", "Провести семинар"), ("2", "Подготовить отчёт.")]


# ---------------------------------------------------------------------------------------------------
# the clause reader on plain paragraphs


def test_clauses_start_after_the_marker_and_end_at_the_signature():
    sections, problems = read_order_clauses(
        [
            "О мерах",
            "1. Это часть преамбулы со ссылкой на пункт 1.",
            "ОБЯЗЫВАЮ:",
            "1. Провести совещание.",
            "2. Подготовить справку.",
            "Начальник управления\t\tВ.В. Голубев",
            "3. Это уже не пункт приказа.",
        ]
    )
    assert [m.text for s in sections for m in s.measures] == ["Провести совещание.", "Подготовить справку."]
    assert problems == []


def test_appendix_ends_the_clauses():
    sections, _ = read_order_clauses(
        ["ПРИКАЗЫВАЮ:", "1. Утвердить план.", "Приложение № 1 к приказу", "1. Пункт плана в приложении."]
    )
    assert [m.text for s in sections for m in s.measures] == ["Утвердить план."]


def test_sub_clauses_without_final_dot_and_with_bullets():
    sections, _ = read_order_clauses(
        [
            "ПРИКАЗЫВАЮ:",
            "7. Руководителям ОО:",
            "7.1 Обеспечить участие.",
            "- 7.2. Провести анализ;",
            "• 7.3. Представить отчёт.",
            "7.10. Ошибочный номер, часть текста 7.3.",
        ]
    )
    assert _plan(sections) == [("7", "Руководителям ОО:", ["7.1", "7.2", "7.3"])]
    assert sections[0].measures[-1].text == "Представить отчёт.\n7.10. Ошибочный номер, часть текста 7.3."


def test_skipped_clause_number_is_a_warning():
    sections, problems = read_order_clauses(["ПРИКАЗЫВАЮ:", "1. Первое.", "3. Третье."])
    assert [m.number for s in sections for m in s.measures] == ["1", "3"]
    assert [(p.message, p.severity) for p in problems] == [("Пункт 3 идёт после пункта 1: номер пропущен?", "warning")]


def test_standalone_clauses_keep_their_order_between_sections():
    sections, _ = read_order_clauses(
        ["ПРИКАЗЫВАЮ:", "1. Первое.", "2. Руководителям ОО:", "2.1. Сделать.", "3. Третье.", "4. Четвёртое."]
    )
    assert _plan(sections) == [(None, None, ["1"]), ("2", "Руководителям ОО:", ["2.1"]), (None, None, ["3", "4"])]


def test_deadline_of_a_parent_clause_applies_to_its_sub_clauses():
    sections, _ = read_order_clauses(
        ["ПРИКАЗЫВАЮ:", "1. Руководителям ОО:", "Срок: до 01.10.2023", "1.1. Сделать.", "1.2. Доделать, срок – постоянно."]
    )
    assert [(m.number, m.deadline_text) for m in sections[0].measures] == [("1.1", "до 01.10.2023"), ("1.2", "постоянно")]


def test_deeper_sub_clauses_are_measures_of_the_top_section():
    sections, _ = read_order_clauses(
        [
            "ПРИКАЗЫВАЮ:",
            "5. Управлению образования:",
            "5.1. Отделу общего образования (Белов С.Н.):",
            "5.1.1. Провести проверку.",
            "5.1.2. Подготовить справку.",
            "5.2. Провести совещание.",
        ]
    )
    assert _plan(sections) == [("5", "Управлению образования:", ["5.1.1", "5.1.2", "5.2"])]
    responsible = [m.responsible for m in sections[0].measures]
    assert responsible == ["Белов С.Н.", "Белов С.Н.", "Управлению образования"]


def test_order_with_unnumbered_clauses():
    sections, _ = read_order_clauses(
        ["ПРИКАЗЫВАЮ:", "Утвердить план мероприятий.", "Провести совещание в срок до 01.10.2023.", "Контроль оставляю за собой."]
    )
    assert [(m.number, m.text, m.deadline_text) for s in sections for m in s.measures] == [
        (None, "Утвердить план мероприятий.", ""),
        (None, "Провести совещание", "в срок до 01.10.2023"),
    ]


def test_no_clauses():
    assert read_order_clauses(["Просто текст", "без пунктов"]) == ([], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Утвердить", ((1,), "Утвердить")),
        ("5.10. Провести", ((5, 10), "Провести")),
        ("7.4 Обеспечить", ((7, 4), "Обеспечить")),
        ("- 5.1. провести", ((5, 1), "провести")),
        (" – 2.2. организовать", ((2, 2), "организовать")),
        ("5 классов участвуют", None),  # a single number without a dot is not a clause
        ("01.09.2023 № 341", None),
        ("2023 год", None),
        ("1) пункт списка", None),
    ],
)
def test_parse_clause_number(text, expected):
    assert parse_clause_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Обеспечить контроль, срок – постоянно.", ("Обеспечить контроль", "постоянно")),
        ("Организовать консультации – в срок до 01.05.2024г.", ("Организовать консультации", "в срок до 01.05.2024г.")),
        ("Представить отчёт *в срок до 25.12.2023 г.*", ("Представить отчёт", "в срок до 25.12.2023 г.")),
        ("Провести мониторинг, срок - в течение 2023-2024 учебного года.", ("Провести мониторинг", "в течение 2023-2024 учебного года")),
        ("Провести семинар (апрель 2024) для учителей", ("Провести семинар (апрель 2024) для учителей", "апрель 2024")),
        ("Разработать план. Срок: до 8 сентября 2023 г.", ("Разработать план", "до 8 сентября 2023 г.")),
        ("Довести план (далее – План) (срок до 10 января 2023 г);", ("Довести план (далее – План)", "до 10 января 2023 г")),
        ("Провести работу – в течение 2023-2024 уч. г.", ("Провести работу – в течение 2023-2024 уч. г.", "в течение 2023-2024 уч. г.")),
        # a year followed by its months in brackets: the brackets stay, the year goes with the months
        ("Провести пробный ОГЭ в 2024 году (февраль, апрель).", ("Провести пробный ОГЭ в 2024 году (февраль, апрель).", "в 2024 году (февраль, апрель)")),
        # every deadline of the clause is read, in the order written
        ("Провести пробные работы (декабрь 2023), (март 2024)", ("Провести пробные работы (декабрь 2023), (март 2024)", "декабрь 2023; март 2024")),
        ("Провести пробные работы (декабрь), срок – до 15.03.2024", ("Провести пробные работы (декабрь)", "декабрь; до 15.03.2024")),
        # names after a labelled deadline stay, the deadline goes
        ("Провести семинар, срок – до 01.10.2023 (Белов С.Н.).", ("Провести семинар (Белов С.Н.).", "до 01.10.2023")),
        ("Довести до сведения руководителей ОО", ("Довести до сведения руководителей ОО", "")),
        ("Обеспечить соблюдение сроков проведения ВПР.", ("Обеспечить соблюдение сроков проведения ВПР.", "")),
        ("Провести работу (далее – ОО) в 2023 году", ("Провести работу (далее – ОО) в 2023 году", "")),
    ],
)
def test_split_deadline(text, expected):
    assert split_deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "executors"),
    [
        ("Провести семинар (Сидоренко А.А., И.П. Кравцова).", "Сидоренко А.А., И.П. Кравцова"),
        ("Утвердить план (приложение 1).", ""),
        ("Провести семинар; ответственный – Белов С.Н.", "Белов С.Н."),
        ("Провести семинар (ответственные: Белов С.Н., Лаптева О.В.)", "Белов С.Н., Лаптева О.В."),
        ("Провести семинар (Белов С.Н.) (апрель 2024).", "Белов С.Н."),
        # names in the middle of the text are not executors «named as such»
        ("Провести совещание с руководителями (Белов С.Н.) по итогам ВПР.", ""),
        # to whom a report goes is not who does the work
        ("Представить отчёт в управление образования (Кравцовой И.П.).", ""),
        ("Направить информацию в управление образования (Кравцова И.П.).", ""),
        ("Подготовить и представить справку (Кравцова И.П.).", "Кравцова И.П."),
    ],
)
def test_executors_are_the_people_named_as_such(text, executors):
    assert executors_of(text) == executors


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        ("Рекомендовать руководителям ОО:", "Руководителям ОО"),
        ("МКУ «ИМЦ РУО» (Мифтахудинова Е.А.):", "МКУ «ИМЦ РУО» (Мифтахудинова Е.А.)"),
        ("Руководителям ОО: обеспечить участие обучающихся в ВПР", "Руководителям ОО"),
        ("Руководителям ОО обеспечить участие обучающихся в ВПР.", "Руководителям ОО"),
        ("Управлению образования (Кравцова И.П., Белов С.Н.), МКУ «ЦРО» (Лаптева О.В.):",
         "Управлению образования (Кравцова И.П., Белов С.Н.), МКУ «ЦРО» (Лаптева О.В.)"),
        ("Рекомендовать руководителям образовательных организаций разработать план.", "Руководителям образовательных организаций"),
        ("Заместителю начальника Белову С.Н. обеспечить контроль.", "Заместителю начальника Белову С.Н."),
        ("Утвердить:", ""),
        ("Провести совещание.", ""),
        ("Создать рабочую группу в составе:", ""),
        ("Информацию направить в управление образования.", ""),
        ("Назначить ответственным за выполнение плана заместителя начальника Белова С.Н.", ""),
    ],
)
def test_addressee_in_the_dative_as_written(text, addressee):
    assert addressee_of(text) == addressee
