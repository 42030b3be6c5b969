"""The three real orders of tests/data/orders (copied from shared/examples/orders), turned back into .docx, read as roadmaps.

Counts and texts were checked by reading the example texts:

* pervomaisky-2024-128: a table of 14 measures (№, Наименование мероприятия, Срок исполнения,
  Исполнители), no sections; row 6 continues on the next page; the order has 4 clauses (the 4th is
  the control clause).
* levokumskoe-2022-679: a table of 20 measures (five columns), no sections; rows 11 and 17 continue on
  the next page; the order's clauses: 1 (1.1), 2 (2.1, 2.2), 3 (3.1–3.3), 4 = control.
* orenburg-2023-341: no table; clauses 1, 2, 3 (3.1–3.7), 4 (4.1–4.3), 5 (5.1–5.7), 6 and 7 are the
  execution / control clauses; «Срок:» paragraphs after 3.1, 3.2, 3.7, 4.1, 4.2, 4.3, 5.4, 5.6.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from tests.builders.docx_orders import EXAMPLE_ORDERS, docx_from_example_text

EXAMPLES = EXAMPLE_ORDERS


def _example(tmp_path_factory, name: str) -> Path:
    source = EXAMPLES / f"{name}.txt"
    return docx_from_example_text(source, tmp_path_factory.mktemp("examples") / f"{name}.docx")


@pytest.fixture(scope="module")
def pervomaisky(tmp_path_factory) -> Path:
    return _example(tmp_path_factory, "pervomaisky-2024-128-roadmap")


@pytest.fixture(scope="module")
def levokumskoe(tmp_path_factory) -> Path:
    return _example(tmp_path_factory, "levokumskoe-2022-679-objectivity-plan")


@pytest.fixture(scope="module")
def orenburg(tmp_path_factory) -> Path:
    return _example(tmp_path_factory, "orenburg-2023-341-monitoring")


# ---------------------------------------------------------------------------------------------------
# the builder keeps the layout of the examples


def test_builder_makes_real_tables_split_like_the_examples(pervomaisky, levokumskoe, orenburg):
    # a blank line inside a table in the text = the table continues on the next page = a new Word table
    assert len(docx.Document(str(pervomaisky)).tables) == 3
    assert len(docx.Document(str(levokumskoe)).tables) == 4
    assert len(docx.Document(str(orenburg)).tables) == 0
    first = docx.Document(str(pervomaisky)).tables[0]
    assert [cell.text for cell in first.rows[0].cells] == ["№", "Наименование мероприятия", "Срок исполнения", "Исполнители"]
    bold_title = [p for p in docx.Document(str(pervomaisky)).paragraphs if p.text.startswith("Об утверждении")]
    assert bold_title and all(run.bold for run in bold_title[0].runs)


# ---------------------------------------------------------------------------------------------------
# Первомайский район: приказ № 128/1-О


def test_pervomaisky_plan_table(pervomaisky):
    roadmap = read_roadmap_docx(pervomaisky)
    assert roadmap.source == "table"
    assert len(roadmap.sections) == 1
    assert roadmap.sections[0].number is None and roadmap.sections[0].title is None
    assert roadmap.measure_count == 14
    measures = roadmap.measures
    assert [m.number for m in measures] == [str(n) for n in range(1, 15)]
    first, last = measures[0], measures[-1]
    assert first.text == (
        "Подготовка аналитических материалов по итогам проведения мониторинга качества обучения и уровня "
        "образовательной подготовки обучающихся по результатам внешней оценки – НИКО, ВПР, ГИА, и др."
    )
    assert first.deadline_text == "В течение периода"
    assert first.responsible == "МОУО"
    assert first.participants == ""
    assert last.text == (
        "Информационная работа по вопросам организации и проведения оценочных процедур – размещение "
        "информации в местном издании и на официальных сайтах МОУО и ОО."
    )
    assert last.deadline_text == "На постоянной основе в течение планового периода"
    assert last.responsible == "МОУО, ОО"
    assert measures[12].deadline_text == "октябрь-декабрь"
    # the row of dashes at the end of the last table is not a measure, and nothing is left over
    assert roadmap.problems == []


def test_pervomaisky_row_split_across_pages_is_merged(pervomaisky):
    sixth = read_roadmap_docx(pervomaisky).measures[5]
    assert sixth.number == "6"
    assert sixth.text == (
        "Контроль в качестве независимых наблюдателей при проведении в образовательных организациях оценки "
        "качества предметных достижений обучающихся и Всероссийских проверочных работ (присутствие "
        "общественных наблюдателей из числа работников Управления образования)"
    )
    assert sixth.deadline_text == "По графику проведения"
    assert sixth.responsible == "ОО, МОУО"


def test_pervomaisky_header_and_title(pervomaisky):
    roadmap = read_roadmap_docx(pervomaisky)
    order = roadmap.order
    assert order.kind == "ПРИКАЗ"
    assert order.number == "128/1-О"
    assert order.date == date(2024, 9, 3)
    assert order.title == (
        "Об утверждении Плана мероприятия (дорожной карты) по обеспечению объективности проведения "
        "оценочных процедур (ГИА, ВПР) в общеобразовательных организациях Первомайского района на "
        "2024-2025 учебный год"
    )
    # the heading above the table, its line breaks collapsed and «(далее – План)» dropped
    assert roadmap.title == (
        "План мероприятий по обеспечению объективности проведения оценочных процедур в "
        "общеобразовательных организациях Первомайского района на 2024-2025 учебный год"
    )


def test_pervomaisky_clauses(pervomaisky):
    roadmap = read_roadmap_docx(pervomaisky, clauses=True)
    assert roadmap.source == "clauses"
    assert roadmap.measure_count == 3  # clause 4 is the control clause
    assert [m.number for m in roadmap.measures] == ["1", "2", "3"]
    assert roadmap.measures[0].text.startswith("Утвердить «Дорожную карту» по обеспечению объективности")
    assert roadmap.measures[2].text == (
        "Назначить ответственным за выполнение плана мероприятий заместителя начальника Халикову О.В."
    )
    assert roadmap.title == roadmap.order.title


# ---------------------------------------------------------------------------------------------------
# Левокумский муниципальный округ: приказ № 679-од


def test_levokumskoe_plan_table(levokumskoe):
    roadmap = read_roadmap_docx(levokumskoe)
    assert roadmap.source == "table"
    assert len(roadmap.sections) == 1 and roadmap.sections[0].title is None
    assert roadmap.measure_count == 20
    measures = roadmap.measures
    assert [m.number for m in measures] == [str(n) for n in range(1, 21)]
    first = measures[0]
    assert first.text == (
        "Практико-ориентированный семинар для заместителей директора по УВР «Организация ВПК объективности "
        "образовательных результатов»."
    )
    assert first.deadline_text == "Январь 2023 г."
    assert first.participants == "Заместители директора по УВР"
    assert first.responsible == "МКУ «ИМЦСО ЛМО СК»"
    last = measures[-1]
    assert last.text == (
        "Отчет руководителей общеобразовательных организаций, показавших наиболее эффективные результаты "
        "по оценочным процедурам"
    )
    assert last.deadline_text == "Сентябрь 2023 г, апрель 2024 г"
    assert last.responsible == "Отдел образования, МКУ «ИМЦ СО ЛМО СК»"
    assert measures[8].deadline_text == "Август, ноябрь 2023г, март, август, ноябрь 2024 г."
    assert measures[18].deadline_text == "По графику проведения ВПР, ГИА"
    assert roadmap.problems == []


def test_levokumskoe_continuation_rows_are_merged_per_column(levokumskoe):
    measures = read_roadmap_docx(levokumskoe).measures
    eleventh, seventeenth = measures[10], measures[16]
    assert eleventh.text == (
        "Семинар-совещание для заместителей директора по УВР «Внутришкольная оценка качества общего "
        "образования как объект управления. Организация контрольно-оценочной деятельности»."
    )
    assert eleventh.participants == "Заместители директора по УВР"
    assert eleventh.deadline_text == "Сентябрь 2023 г."
    assert seventeenth.text.endswith("недопущением признаков неэффективности при проверке")
    # «информационно-» + «методического центра…» is one word again
    assert seventeenth.participants == (
        "Специалисты отдела образования, информационно-методического центра, руководители "
        "общеобразовательных организаций"
    )
    assert seventeenth.responsible == "Отдел образования"
    assert measures[17].number == "18"
    assert measures[17].text.startswith("Информационная работа с родителями")


def test_levokumskoe_header_and_title(levokumskoe):
    roadmap = read_roadmap_docx(levokumskoe)
    order = roadmap.order
    assert order.kind == "ПРИКАЗ"
    assert order.number == "679-од"
    assert order.date == date(2022, 12, 30)
    assert order.place == "с. Левокумское"
    assert order.title == (
        "Об обеспечении объективности проведения оценочных процедур в 2023, 2024 годах в "
        "общеобразовательных организациях Левокумского муниципального округа"
    )
    # kept as written, with the document's own typo «Левкоумского»
    assert roadmap.title == (
        "План мероприятий, направленный на обеспечение объективности проведения оценочных процедур в "
        "общеобразовательных организациях Левкоумского муниципального округа на 2023-2024 годы"
    )


def test_levokumskoe_clauses(levokumskoe):
    roadmap = read_roadmap_docx(levokumskoe, clauses=True)
    assert roadmap.source == "clauses"
    assert [(s.number, s.title) for s in roadmap.sections] == [
        ("1", "Утвердить:"),
        (
            "2",
            "Начальнику МКУ «Информационно – методический центр системы образования Левокумского "
            "муниципального округа Ставропольского края» (Кирпичёва Н.А.):",
        ),
        ("3", "Руководителям общеобразовательных организаций:"),
    ]
    assert [len(s.measures) for s in roadmap.sections] == [1, 2, 3]
    measures = {m.number: m for m in roadmap.measures}
    assert measures["2.1"].deadline_text == "до 10 января 2023 г"
    assert measures["2.1"].responsible == "Кирпичёва Н.А."
    assert measures["2.1"].text.endswith("в 2023, 2024 годах (далее – План мероприятий)")
    assert measures["2.2"].deadline_text == ""
    assert measures["3.2"].deadline_text == "до 31 января 2023 г"
    assert measures["3.2"].responsible == "Руководителям общеобразовательных организаций"
    assert measures["3.3"].text == "Взять под личный контроль объективность проведения оценочных процедур в 2022-2023 учебном году"
    assert measures["1.1"].responsible == ""  # «Утвердить:» is not an addressee


# ---------------------------------------------------------------------------------------------------
# Оренбургский район: приказ № 341 (no table: the clauses are the plan)

ORENBURG_DEADLINES = {
    "1": "",
    "2": "",
    "3.1": "до 8 сентября 2023 г.",
    "3.2": "до 15 сентября 2023 г.",
    **{f"3.{n}": "в течение 2023-2024 уч. г." for n in range(3, 8)},
    **{f"4.{n}": "в течение 2023-2024 уч. г." for n in range(1, 4)},
    **{f"5.{n}": "до 15 сентября 2023 г." for n in range(1, 5)},
    "5.5": "в течение 2023-2024 уч. г.",
    "5.6": "в течение 2023-2024 уч. г.",
    "5.7": "",
}


def test_orenburg_reads_clauses_without_a_table(orenburg):
    roadmap = read_roadmap_docx(orenburg)
    assert roadmap.source == "clauses"
    assert [(s.number, s.title) for s in roadmap.sections] == [
        (None, None),
        (
            "3",
            "Управлению образования (Попова Л.С., Дружинина Е.А., Еремеева А.С.), МКУ «ИМЦ РУО» (Мифтахудинова Е.А.):",
        ),
        ("4", "МКУ «ИМЦ РУО» (Мифтахудинова Е.А.):"),
        ("5", "Руководителям ОО:"),
    ]
    assert [len(s.measures) for s in roadmap.sections] == [2, 7, 3, 7]
    assert roadmap.measure_count == 19
    first, last = roadmap.measures[0], roadmap.measures[-1]
    assert first.number == "1"
    assert first.text.startswith("Продолжить реализацию регионального и муниципального мониторинга")
    assert last.number == "5.7"
    assert last.text == (
        "Взять на особый контроль аналитическую деятельность педагогов и заместителей руководителей по итогам "
        "выполнения мероприятий Мониторинга и предоставлять в Управление образования отчеты согласно Графику."
    )
    # clauses 6 (execution) and 7 (control) are not measures
    assert not any(m.text.startswith(("Исполнение", "Контроль")) for m in roadmap.measures)


def test_orenburg_deadlines_from_srok_paragraphs(orenburg):
    roadmap = read_roadmap_docx(orenburg)
    assert {m.number: m.deadline_text for m in roadmap.measures} == ORENBURG_DEADLINES
    # the «Срок:» paragraph is not part of any measure text
    assert not any("Срок" in m.text for m in roadmap.measures)
    warnings = [p.message for p in roadmap.problems if p.severity == "warning"]
    assert warnings == [
        "Срок «в течение 2023-2024 уч. г.» отнесён к пунктам 3.3–3.7",
        "Срок «до 15 сентября 2023 г.» отнесён к пунктам 5.1–5.4",
        "Срок «в течение 2023-2024 уч. г.» отнесён к пунктам 5.5–5.6",
    ]
    assert all(p.row is not None for p in roadmap.problems)


def test_orenburg_responsible_from_parentheses_and_addressee(orenburg):
    measures = {m.number: m for m in read_roadmap_docx(orenburg).measures}
    assert measures["3.1"].responsible == "Попова Л.С., Дружинина Е.А., Еремеева А.С., Мифтахудинова Е.А."
    assert measures["3.7"].responsible == measures["3.1"].responsible
    assert measures["4.2"].responsible == "Мифтахудинова Е.А."
    assert measures["5.3"].responsible == "Руководителям ОО"
    assert measures["1"].responsible == ""
    assert measures["3.1"].text.startswith("разработать план мероприятий по реализации Мониторинга")


def test_orenburg_header(orenburg):
    roadmap = read_roadmap_docx(orenburg)
    order = roadmap.order
    assert order.kind == "ПРИКАЗ"  # typed as «П Р И К А З»
    assert order.number == "341"
    assert order.date == date(2023, 9, 1)
    assert order.title == "О реализации регионального мониторинга качества образования в 2023-2024 учебном году"
    assert order.place is None
    assert roadmap.title == order.title
