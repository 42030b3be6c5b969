"""What real orders taught the reader (issue 18): the period from the order's date, the plan's own
heading as its title, who answers for a clause and whom it addresses, documents that are no plan,
stage rows, and the warnings the preview and `msoko roadmap import --json` show.

The orders are invented («Заречный муниципальный округ»: names, numbers and dates are made up) and
built as real .docx; the Первомайский example of tests/data/orders is read as published and as Word
files lay it out without empty paragraphs.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.roadmap.pasted_text import read_roadmap_text
from desktop.services.importers.roadmap.word_order import read_roadmap_docx
from desktop.services.roadmap_import import plan_roadmap_import, read_period
from tests.builders.docx_orders import EXAMPLE_ORDERS, Para, Table, build_order_docx, example_items
from tests.builders.not_results_files import write_work_description
from tests.cli.run import msoko, msoko_json

LETTERHEAD = [Para("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nАДМИНИСТРАЦИИ ЗАРЕЧНОГО МУНИЦИПАЛЬНОГО ОКРУГА", bold=True), ""]
SIGNATURE = ["", "Начальник управления образования\t\t\tВ.В. Голубев"]


def _measures(plan):
    return {m.number: m for s in plan.sections for m in s.measures}


def _period_warnings(plan):
    return [w for w in plan.warnings if w.startswith("Период плана")]


# ---------------------------------------------------------------------------------------------------
# 1. the period: the school year of the order's date, the title's years only when they agree with it


def december_summing_up_items():
    """A распоряжение of December 2023 whose title names the school year it sums up (2022-2023)."""
    return [
        *LETTERHEAD,
        Para("РАСПОРЯЖЕНИЕ", bold=True),
        "14.12.2023 № 310-р",
        Para("Об итогах мониторинга качества образования в 2022-2023 учебном году", bold=True),
        "По итогам мониторинга качества образования:",
        "1. Руководителям ОО:",
        "1.1. обеспечить объективность проведения оценочных процедур, срок – постоянно;",
        "1.2. проводить анализ результатов ВПР, срок – ежегодно;",
        "1.3. провести пробные экзамены в 9-х классах, срок – до 1 апреля 2024 г.;",
        "1.4. представить отчёт о работе с ШНОР, срок – май;",
        "1.5. обновить программы перехода школ в эффективный режим, срок – до 1 октября 2024 г.",
        "2. Контроль за исполнением настоящего распоряжения оставляю за собой.",
        *SIGNATURE,
    ]


def test_period_is_the_school_year_of_the_order_not_the_year_its_title_sums_up(tmp_path):
    path = build_order_docx(tmp_path / "итоги.docx", december_summing_up_items())
    plan = plan_roadmap_import(path)
    assert plan.roadmap.period == (date(2023, 9, 1), date(2024, 8, 31))
    measures = _measures(plan)
    # «постоянно» and «ежегодно» run over the school year the order opens, not the one already over
    assert measures["1.1"].deadline["ranges"] == [["2023-09-01", "2024-08-31"]]
    assert measures["1.2"].deadline["ranges"] == [["2023-09-01", "2023-12-31"], ["2024-01-01", "2024-08-31"]]
    assert measures["1.4"].deadline["ranges"] == [["2024-05-01", "2024-05-31"]]  # May 2024, not May 2023
    # next autumn's real deadline is no typo
    assert measures["1.5"].deadline["ranges"] == [["2024-10-01", "2024-10-01"]]
    assert not any("опечатка" in w for w in plan.warnings)
    assert not any("раньше даты приказа" in w for w in plan.warnings)
    # one warning naming both periods
    [warning] = _period_warnings(plan)
    assert "2023-2024 учебный год (01.09.2023–31.08.2024)" in warning
    assert "14.12.2023" in warning
    assert "2022-2023 учебный год (01.09.2022–31.08.2023)" in warning


def test_an_october_order_about_next_years_exams_reads_october_in_its_own_school_year(tmp_path):
    items = [
        *LETTERHEAD,
        Para("ПРИКАЗ", bold=True),
        "05.10.2022 № 188-од",
        Para("О подготовке к государственной итоговой аттестации в 2023 году", bold=True),
        "ПРИКАЗЫВАЮ:",
        "1. Руководителям ОО провести пробное тестирование выпускников, срок – октябрь.",
        "2. Контроль за исполнением приказа оставляю за собой.",
        *SIGNATURE,
    ]
    plan = plan_roadmap_import(build_order_docx(tmp_path / "гиа.docx", items))
    assert plan.roadmap.period == (date(2022, 9, 1), date(2023, 8, 31))
    assert _measures(plan)["1"].deadline["ranges"] == [["2022-10-01", "2022-10-31"]]
    [warning] = _period_warnings(plan)
    assert "2022-2023 учебный год" in warning and "05.10.2022" in warning
    assert "2023 год (01.01.2023–31.12.2023)" in warning


@pytest.mark.parametrize(
    ("titles", "issued", "period", "warned"),
    [
        # a calendar plan approved in its year or at the end of the year before
        (["План мероприятий на 2024 год"], date(2023, 12, 28), (date(2024, 1, 1), date(2024, 12, 31)), False),
        (["План мероприятий на 2024 год"], date(2024, 2, 5), (date(2024, 1, 1), date(2024, 12, 31)), False),
        (["Об обеспечении объективности в 2023, 2024 годах"], date(2022, 12, 30), (date(2023, 1, 1), date(2024, 12, 31)), False),
        # a school-year plan approved in the summer before
        (["План на 2024-2025 учебный год"], date(2024, 8, 25), (date(2024, 9, 1), date(2025, 8, 31)), False),
        # October is too early for next year's calendar plan
        (["Об организации работы в 2023 году"], date(2022, 10, 5), (date(2022, 9, 1), date(2023, 8, 31)), True),
        # the plan's heading agrees though the order's title does not
        (["План на 2023-2024 учебный год", "Об итогах 2022-2023 учебного года"], date(2023, 9, 4),
         (date(2023, 9, 1), date(2024, 8, 31)), False),
        # no years in the titles: the school year of the date, nothing to warn about
        (["О мерах по повышению качества образования"], date(2024, 3, 5), (date(2023, 9, 1), date(2024, 8, 31)), False),
        # no date: the title's years
        (["План на 2024-2025 учебный год"], None, (date(2024, 9, 1), date(2025, 8, 31)), False),
        ([""], None, None, False),
    ],
)
def test_read_period(titles, issued, period, warned):
    reading = read_period(titles, issued)
    assert reading.period == period
    assert bool(reading.warning) == warned


def test_the_period_given_overrides_the_order_and_says_nothing_about_it(tmp_path):
    path = build_order_docx(tmp_path / "итоги.docx", december_summing_up_items())
    plan = plan_roadmap_import(path, period=(date(2022, 9, 1), date(2023, 8, 31)))
    assert plan.roadmap.period == (date(2022, 9, 1), date(2023, 8, 31))
    assert _period_warnings(plan) == []


# ---------------------------------------------------------------------------------------------------
# 2. the title: the plan's own heading, never a clause or the signature

PERVOMAISKY_TITLE = (
    "План мероприятий по обеспечению объективности проведения оценочных процедур в общеобразовательных "
    "организациях Первомайского района на 2024-2025 учебный год"
)


def _pervomaisky_items():
    return example_items((EXAMPLE_ORDERS / "pervomaisky-2024-128-roadmap.txt").read_text(encoding="utf-8"))


def _no_empty_paragraphs(items):
    return [item for item in items if not (isinstance(item, Para) and not item.text.strip())]


def test_pervomaisky_title_is_the_heading_above_its_table(tmp_path):
    assert read_roadmap_docx(build_order_docx(tmp_path / "a.docx", _pervomaisky_items())).title == PERVOMAISKY_TITLE


def test_pervomaisky_title_without_empty_paragraphs_is_not_its_clauses_and_signature(tmp_path):
    # Word spaces paragraphs by their formatting: clause 3 («… плана мероприятий …»), the signature and
    # the heading follow one another with no empty paragraph between
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "b.docx", _no_empty_paragraphs(_pervomaisky_items())))
    assert roadmap.title == PERVOMAISKY_TITLE
    assert roadmap.measure_count == 14


def test_pervomaisky_title_under_an_appendix_heading_in_separate_paragraphs(tmp_path):
    items = []
    for item in _no_empty_paragraphs(_pervomaisky_items()):
        if isinstance(item, Para) and "План мероприятий" in item.text:
            items.append(Para("Приложение 1 к приказу от 03.09.2024 № 128/1-О"))
            items.append(Para("УТВЕРЖДЁН"))
            items.extend(Para(line, bold=item.bold) for line in item.text.split("\n"))
        else:
            items.append(item)
    assert read_roadmap_docx(build_order_docx(tmp_path / "c.docx", items)).title == PERVOMAISKY_TITLE


def test_pasted_plan_title_is_not_the_order_above_it():
    text = "\n".join(
        [
            "3. Назначить ответственным за выполнение плана мероприятий заместителя начальника Белова С.Н.",
            "Начальник управления образования\tВ.В. Голубев",
            "План мероприятий по подготовке к ГИА на 2024-2025 учебный год",
            "№\tМероприятие\tСрок\tОтветственные",
            "1\tСовещание с руководителями ОО\tСентябрь 2024 г.\tБелов С.Н.",
        ]
    )
    assert read_roadmap_text(text).title == "План мероприятий по подготовке к ГИА на 2024-2025 учебный год"


# ---------------------------------------------------------------------------------------------------
# 3. who answers for a clause and whom it addresses; the clause's text is never shortened


def people_order_items():
    return [
        *LETTERHEAD,
        Para("ПРИКАЗ", bold=True),
        "02.09.2024 № 201-од",
        Para("О проведении мониторинга качества образования в 2024-2025 учебном году", bold=True),
        "ПРИКАЗЫВАЮ:",
        "1. Управлению образования (Кравцова И.П., Белов С.Н.):",
        "1.1. провести мониторинг качества подготовки обучающихся, срок – до 1 октября 2024 г.;",
        "1.2. представить аналитическую справку в министерство образования (Гордеевой Т.А.), срок – до 1 декабря 2024 г.",
        "2. Руководителям ОО: обеспечить участие обучающихся в мониторинге:",
        "2.1. организовать пробные работы в 2025 году (февраль, апрель);",
        "2.2. провести тренировочные работы (декабрь 2024), (март 2025);",
        "2.3. представить отчёт в управление образования (Кравцовой И.П.) в срок до 15.05.2025.",
        "3. Руководителям ОО обеспечить участие педагогов в семинарах, срок – в течение учебного года.",
        "4. МКУ «Центр развития образования»:",
        "4.1. Провести семинар для заместителей директоров по УВР.",
        "Ответственный: Лаптева О.В.",
        "Срок: ноябрь 2024 г.",
        "5. Контроль за исполнением настоящего приказа оставляю за собой.",
        *SIGNATURE,
    ]


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    return read_roadmap_docx(build_order_docx(tmp_path_factory.mktemp("people") / "приказ.docx", people_order_items()))


def test_executors_in_brackets_after_the_addressee_and_the_addressee_kept(people):
    measures = {m.number: m for m in people.measures}
    assert measures["1.1"].responsible == "Кравцова И.П., Белов С.Н."
    assert measures["1.1"].addressee == "Управлению образования (Кравцова И.П., Белов С.Н.)"


def test_the_person_a_report_goes_to_is_not_the_responsible_and_stays_in_the_text(people):
    measures = {m.number: m for m in people.measures}
    assert measures["1.2"].responsible == "Кравцова И.П., Белов С.Н."
    assert measures["1.2"].text == "представить аналитическую справку в министерство образования (Гордеевой Т.А.)"
    assert measures["2.3"].responsible == "Руководителям ОО"
    assert measures["2.3"].text == "представить отчёт в управление образования (Кравцовой И.П.)"
    assert measures["2.3"].deadline_text == "в срок до 15.05.2025"


def test_a_head_clause_with_text_after_its_colon_gives_its_sub_clauses_their_responsible(people):
    section = next(s for s in people.sections if s.number == "2")
    assert section.title == "Руководителям ОО: обеспечить участие обучающихся в мониторинге:"
    assert [(m.number, m.responsible, m.addressee) for m in section.measures] == [
        (n, "Руководителям ОО", "Руководителям ОО") for n in ("2.1", "2.2", "2.3")
    ]


def test_an_addressee_in_the_dative_is_the_responsible_when_no_executor_is_named(people):
    measure = next(m for m in people.measures if m.number == "3")
    assert (measure.addressee, measure.responsible) == ("Руководителям ОО", "Руководителям ОО")
    assert measure.text == "Руководителям ОО обеспечить участие педагогов в семинарах"
    assert measure.deadline_text == "в течение учебного года"


def test_responsible_paragraph_names_the_executor(people):
    measure = next(m for m in people.measures if m.number == "4.1")
    assert measure.responsible == "Лаптева О.В."
    assert measure.addressee == "МКУ «Центр развития образования»"
    assert measure.deadline_text == "ноябрь 2024 г."
    assert "Лаптева" not in measure.text


def test_brackets_are_kept_and_every_deadline_is_read(tmp_path):
    plan = plan_roadmap_import(build_order_docx(tmp_path / "приказ.docx", people_order_items()))
    measures = _measures(plan)
    # a year followed by its months in brackets: the text keeps them, the deadline is both months of that year
    assert measures["2.1"].text == "организовать пробные работы в 2025 году (февраль, апрель)"
    assert measures["2.1"].deadline_text == "в 2025 году (февраль, апрель)"
    assert measures["2.1"].deadline["ranges"] == [["2025-02-01", "2025-02-28"], ["2025-04-01", "2025-04-30"]]
    # a second month in brackets is a second deadline
    assert measures["2.2"].text == "провести тренировочные работы (декабрь 2024), (март 2025)"
    assert measures["2.2"].deadline_text == "декабрь 2024; март 2025"
    assert measures["2.2"].deadline["ranges"] == [["2024-12-01", "2024-12-31"], ["2025-03-01", "2025-03-31"]]


def test_addressees_reach_the_preview_plan(tmp_path):
    plan = plan_roadmap_import(build_order_docx(tmp_path / "приказ.docx", people_order_items()))
    numbers = [[m.number for m in s.measures] for s in plan.sections]
    where = {n: (i, j) for i, row in enumerate(numbers) for j, n in enumerate(row)}
    assert plan.addressee(*where["1.1"]) == "Управлению образования (Кравцова И.П., Белов С.Н.)"
    assert plan.addressee(*where["3"]) == "Руководителям ОО"


# ---------------------------------------------------------------------------------------------------
# 5. a document that is no plan is refused; a stage row is a section with its period


def test_a_document_with_numbered_headings_and_no_plan_table_is_refused(tmp_path):
    path = write_work_description(tmp_path / "описание.docx")
    with pytest.raises(ImportFormatError) as raised:
        read_roadmap_docx(path)
    message = str(raised.value)
    assert "в документе нет таблицы плана и нет пунктов со сроками" in message
    assert "«Описание проверочной работы»" in message and "описание.docx" in message
    assert "\n" not in message


def test_the_command_line_refuses_it_with_one_line_and_a_non_zero_exit(tmp_path):
    path = write_work_description(tmp_path / "описание.docx")
    result = msoko("roadmap", "import", path, "--db", tmp_path / "office.sqlite", "--json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "нет таблицы плана и нет пунктов со сроками" in line
    assert result.stdout == ""


def test_pasted_numbered_text_without_deadlines_is_refused():
    with pytest.raises(ImportFormatError, match="нет таблицы плана и нет пунктов со сроками"):
        read_roadmap_text("1. Назначение работы\nТекст.\n2. Структура работы\nЕщё текст.")


STAGE_HEADER = ["№", "Мероприятие", "Срок", "Ответственные"]


def stage_order_items(stage_in_text: bool = False):
    def stage(number: str, title: str, period: str) -> list[str]:
        return ["", f"{number} {title}", period, ""] if stage_in_text else [number, title, period, ""]

    rows = [
        STAGE_HEADER,
        stage("I.", "Этап подготовки", "ноябрь 2012 – май 2013г."),
        ["1.", "Разработка муниципального плана", "ноябрь 2012 г.", "Белов С.Н."],
        ["2.", "Совещание с руководителями ОО", "декабрь 2012 г.", "Кравцова И.П."],
        stage("II.", "Этап реализации", "июнь 2013 – май 2014 г."),
        ["3.", "Мониторинг выполнения плана", "ежеквартально", "Белов С.Н."],
    ]
    return [
        *LETTERHEAD,
        Para("ПРИКАЗ", bold=True),
        "01.11.2012 № 95",
        Para("Об утверждении плана мероприятий на 2012-2014 годы", bold=True),
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план мероприятий (приложение).",
        *SIGNATURE,
        "",
        Para("План мероприятий на 2012-2014 годы", bold=True),
        Table(rows, bold_rows={0}),
    ]


@pytest.mark.parametrize("stage_in_text", [False, True])
def test_a_stage_row_is_a_section_with_its_period(tmp_path, stage_in_text):
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "этапы.docx", stage_order_items(stage_in_text)))
    assert [(s.number, s.title, s.period_text, [m.number for m in s.measures]) for s in roadmap.sections] == [
        ("I", "Этап подготовки", "ноябрь 2012 – май 2013г.", ["1", "2"]),
        ("II", "Этап реализации", "июнь 2013 – май 2014 г.", ["3"]),
    ]
    assert roadmap.problems == []


def test_a_stage_keeps_its_period_in_the_saved_section_title(tmp_path):
    plan = plan_roadmap_import(build_order_docx(tmp_path / "этапы.docx", stage_order_items()))
    assert [(s.number, s.title) for s in plan.sections] == [
        ("I", "Этап подготовки (ноябрь 2012 – май 2013г.)"),
        ("II", "Этап реализации (июнь 2013 – май 2014 г.)"),
    ]
    assert plan.measure_count == 3


def test_a_numbered_measure_without_a_responsible_is_not_a_stage(tmp_path):
    rows = [STAGE_HEADER, ["1.", "Этап подготовки", "ноябрь 2012 – май 2013г.", ""], ["2.", "Совещание", "декабрь 2012 г.", "Белов С.Н."]]
    items = [Para("ПРИКАЗ", bold=True), "01.11.2012 № 95", Para("План мероприятий на 2012-2013 годы", bold=True), Table(rows)]
    roadmap = read_roadmap_docx(build_order_docx(tmp_path / "план.docx", items))
    assert roadmap.measure_count == 2  # «1.» is a measure number: a stage row has a Roman one or none


# ---------------------------------------------------------------------------------------------------
# 7. warnings: a deadline before the order, one long after the plan, a measure without a responsible


def warned_order_items():
    rows = [
        STAGE_HEADER,
        ["1.", "Совещание с руководителями ОО по итогам ГИА", "до 25.08.2024", "Белов С.Н."],
        ["2.", "Мониторинг качества подготовки обучающихся", "2024-2027 гг.", "Кравцова И.П."],
        ["3.", "Публичный доклад о состоянии системы образования", "Май 2025 г.", ""],
        ["4.", "Семинар для учителей математики", "Октябрь 2024 г.", "Лаптева О.В."],
    ]
    return [
        *LETTERHEAD,
        Para("ПРИКАЗ", bold=True),
        "02.09.2024 № 202-од",
        Para("Об утверждении плана мероприятий на 2024-2025 учебный год", bold=True),
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план мероприятий (приложение).",
        *SIGNATURE,
        "",
        Para("План мероприятий на 2024-2025 учебный год", bold=True),
        Table(rows, bold_rows={0}),
    ]


EXPECTED_WARNINGS = [
    "строка 2: мероприятие 1: срок «25.08.2024» раньше даты приказа 02.09.2024",
    "строка 3: мероприятие 2: срок «01.01.2024–31.12.2027» заканчивается больше чем через год после окончания "
    "плана 31.08.2025",
    "строка 4: мероприятие 3: не указан ответственный",
]


def test_warnings_in_the_plan(tmp_path):
    plan = plan_roadmap_import(build_order_docx(tmp_path / "план.docx", warned_order_items()))
    assert plan.roadmap.period == (date(2024, 9, 1), date(2025, 8, 31))
    assert plan.warnings == EXPECTED_WARNINGS


def test_warnings_in_the_command_lines_json(tmp_path):
    path = build_order_docx(tmp_path / "план.docx", warned_order_items())
    answer = msoko_json("roadmap", "import", path, "--db", tmp_path / "office.sqlite", "--json")
    assert answer["warnings"] == EXPECTED_WARNINGS
    # without --json they go to stderr, the id to stdout
    plain = msoko("roadmap", "import", path, "--db", tmp_path / "office2.sqlite")
    assert plain.returncode == 0 and plain.stdout.strip() == "1"
    assert plain.stderr.splitlines() == [f"Замечание: {w}" for w in EXPECTED_WARNINGS]


def test_warnings_in_the_preview(qtbot, tmp_path):
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog

    plan = plan_roadmap_import(build_order_docx(tmp_path / "план.docx", warned_order_items()))
    dialog = RoadmapImportDialog(plan)
    qtbot.addWidget(dialog)
    shown = [
        (dialog.warnings.topLevelItem(i).text(0), dialog.warnings.topLevelItem(i).text(1))
        for i in range(dialog.warnings.topLevelItemCount())
    ]
    assert [f"{where}: {message}" for where, message in shown] == EXPECTED_WARNINGS


def test_the_preview_shows_whom_each_clause_addresses(qtbot, tmp_path):
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog

    plan = plan_roadmap_import(build_order_docx(tmp_path / "приказ.docx", people_order_items()))
    dialog = RoadmapImportDialog(plan)
    qtbot.addWidget(dialog)
    tree = dialog.plan_tree
    assert tree.headerItem().text(5) == "Кому адресован пункт"
    section = tree.topLevelItem(0)
    assert section.child(0).text(0) == "1.1"
    assert section.child(0).text(5) == "Управлению образования (Кравцова И.П., Белов С.Н.)"


def test_every_measure_without_a_responsible_is_one_warning(tmp_path):
    rows = [["№", "Мероприятие", "Срок"], ["1", "Совещание", "Сентябрь 2024 г."], ["2", "Семинар", "Октябрь 2024 г."]]
    items = [Para("ПРИКАЗ", bold=True), "02.09.2024 № 203", Para("План мероприятий на 2024-2025 учебный год", bold=True), Table(rows)]
    plan = plan_roadmap_import(build_order_docx(tmp_path / "план.docx", items))
    assert plan.warnings == ["Ни у одного мероприятия не указан ответственный"]


def test_the_preview_lets_the_user_pick_the_titles_period_and_saves_it(qtbot, tmp_path):
    from desktop.services.database import open_database
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog

    plan = plan_roadmap_import(build_order_docx(tmp_path / "итоги.docx", december_summing_up_items()))
    dialog = RoadmapImportDialog(plan)
    qtbot.addWidget(dialog)
    labels = [dialog.period.itemText(i) for i in range(dialog.period.count())]
    assert labels == ["2023-2024 учебный год (01.09.2023–31.08.2024) — по дате приказа",
                      "2022-2023 учебный год (01.09.2022–31.08.2023) — как в заголовке"]
    assert dialog.period.isVisibleTo(dialog)
    dialog.period.setCurrentIndex(1)  # the user takes the title's school year
    assert dialog.plan.roadmap.period == (date(2022, 9, 1), date(2023, 8, 31))
    assert _measures(dialog.plan)["1.1"].deadline["ranges"] == [["2022-09-01", "2023-08-31"]]  # read again in it
    assert "01.09.2022 – 31.08.2023" in dialog.summary.text()
    db = open_database(tmp_path / "office.sqlite")
    from desktop.services.roadmap_import import apply_roadmap_import

    roadmap_id = apply_roadmap_import(db, dialog.plan)
    assert db.execute("SELECT period_start, period_end FROM roadmaps WHERE id = ?", [roadmap_id]).fetchone() == (
        "2022-09-01", "2023-08-31")
    db.close()


def test_no_choice_is_offered_when_the_title_agrees(qtbot, tmp_path):
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog

    plan = plan_roadmap_import(build_order_docx(tmp_path / "план.docx", warned_order_items()))
    dialog = RoadmapImportDialog(plan)
    qtbot.addWidget(dialog)
    assert plan.period_choices == [] and not dialog.period.isVisibleTo(dialog)


def test_the_preview_offers_the_orders_title_beside_the_plans_heading(qtbot, tmp_path):
    from desktop.services.roadmap_import import with_period
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog
    from tests.builders.docx_orders import zarechny_table_order_items

    plan = plan_roadmap_import(build_order_docx(tmp_path / "распоряжение.docx", zarechny_table_order_items()))
    heading, order_title = plan.title_choices
    assert plan.roadmap.title == heading and order_title.startswith("Об утверждении дорожной карты")
    dialog = RoadmapImportDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.title.isVisibleTo(dialog)
    dialog.title.setCurrentIndex(1)
    assert dialog.plan.roadmap.title == order_title and order_title in dialog.summary.text()
    again = with_period(dialog.plan, (date(2024, 1, 1), date(2025, 12, 31)))  # planned again: the title stays
    assert again.roadmap.title == order_title
