from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.demo import build_demo
from desktop.models.qt.results_model import COLUMNS, PinnedLastProxy, ResultsTableModel
from desktop.models.qt.roles import ROW_ROLE
from desktop.services.database import open_database
from desktop.services.indicators import indicators
from desktop.views.dialogs.school_card import SchoolCardDialog
from desktop.views.results_tab import ResultsTab
from tests.views.helpers import when_dialog

TODAY = date(2026, 11, 23)
QUALITY = next(i for i, (_, attribute, _) in enumerate(COLUMNS) if attribute == "quality_rate")


@pytest.fixture
def tab(results_tab):
    return results_tab


def choose(tab, subject="Математика", grade="6 класс"):
    tab.subject.setCurrentIndex(tab.subject.findText(subject))
    tab.grade.setCurrentIndex(tab.grade.findText(grade))


def levels(tab):
    return [tab.proxy.index(r, 0).data(ROW_ROLE).level for r in range(tab.proxy.rowCount())]


def test_filters_offer_what_was_loaded_and_the_table_pins_reference_rows(tab):
    assert [tab.kind.itemText(i) for i in range(tab.kind.count())][:3] == ["ВПР", "ОГЭ", "ЕГЭ"]
    assert tab.year.currentText() == "2026"
    choose(tab)
    assert levels(tab)[-4:] == ["municipality", "reported_municipality", "region", "all"]
    assert levels(tab).count("school") >= 10
    tab.table.sortByColumn(QUALITY, Qt.SortOrder.DescendingOrder)
    assert levels(tab)[-4:] == ["municipality", "reported_municipality", "region", "all"]
    qualities = [tab.proxy.index(r, 0).data(ROW_ROLE).quality_rate for r in range(tab.proxy.rowCount())
                 if tab.proxy.index(r, 0).data(ROW_ROLE).level == "school"]
    assert qualities == sorted(qualities, reverse=True)
    tab.table.sortByColumn(QUALITY, Qt.SortOrder.AscendingOrder)
    assert levels(tab)[-1] == "all" and levels(tab)[0] == "school"


def test_district_figure_is_weighted_by_participants(tab):
    choose(tab)
    rows = [tab.model.rows[r] for r in range(tab.model.rowCount())]
    schools = [r for r in rows if r.level == "school"]
    district = next(r for r in rows if r.level == "municipality")
    good = sum(r.n4 + r.n5 for r in schools)
    assert district.quality_rate == pytest.approx(good / sum(r.marked for r in schools))
    shown = tab.proxy.index(levels(tab).index("municipality"), QUALITY).data()
    assert shown == f"{100 * good / sum(r.marked for r in schools):.1f}".replace(".", ",")


def test_flags_are_listed_with_their_numbers(tab):
    text = tab.flags.toPlainText()
    assert "Признаки за 2026 год" in text
    assert "низкие результаты" in text and "необъективность" in text
    assert "%" in text and "ВПР" in text
    assert tab.charts.tabText(3).startswith("Признаки (")  # the word used everywhere else


def test_charts_show_every_school_and_the_district(tab):
    choose(tab)
    bars = [item for item in tab.marks_chart.getPlotItem().items if type(item).__name__ == "BarGraphItem"]
    assert len(bars) == 4  # «2», «3», «4», «5»
    ticks = tab.marks_chart.getAxis("left")._tickLevels[0]
    assert len(ticks) == levels(tab).count("school") + 1


def test_school_card_lists_its_results_over_the_years(qtbot, tab):
    choose(tab)
    school = tab.proxy.index(0, 0).data(ROW_ROLE)
    seen = []

    def read(dialog):
        seen.append((dialog.windowTitle(), dialog.page.toPlainText()))
        dialog.reject()

    when_dialog(read, kind=SchoolCardDialog)
    tab.open_school_card(school)
    title, page = seen[0]
    assert school.name in title and all(f"Кач., %\n{year}" in page for year in (2024, 2025, 2026))


def test_copy_and_save_the_table(tab, tmp_path):
    choose(tab)
    tab.copy_table()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].startswith("Школа / группа\tПредмет\tКласс") and len(lines) == tab.proxy.rowCount() + 1
    pasted = "\n".join(lines)
    assert "\u2212" not in pasted and "-" in pasted  # negative changes paste into Excel as numbers
    out = tmp_path / "показатели.xlsx"
    tab.save_table(str(out))
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header_row = next(i for i, row in enumerate(values) if row[0] == "Школа / группа")
    first = values[header_row + 1]
    assert isinstance(first[QUALITY], float) and 0 <= first[QUALITY] <= 1  # a number, not text
    cells = list(sheet.iter_rows())[header_row + 1]
    change = next(i for i, (_, attribute, _) in enumerate(COLUMNS) if attribute == "quality_change")
    # as the report's Excel writes them: a percent a fraction shown «37,2%», a change in points «+3,1»
    assert cells[QUALITY].number_format == "0.0%" and cells[change].number_format == "+0.0;-0.0;0.0"


def test_results_model_passes_qtmodeltester(qtmodeltester, results_db_path):
    db = open_database(results_db_path)
    table = indicators(db, "ВПР", 2026, "Математика", 6)
    model = ResultsTableModel()
    model.load(table.schools, table.municipality + table.reference)
    qtmodeltester.check(model)
    proxy = PinnedLastProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    db.close()


def test_import_asks_about_an_unknown_school_once_then_saves(qtbot, tmp_path):
    from desktop.models.schools import SchoolsRepository
    from desktop.views.dialogs.results_import_dialog import MatchSchoolsDialog, ResultsImportDialog
    from tests.builders.result_files import SchoolMarks, write_fisoko_marks
    from tests.views.helpers import press

    path = tmp_path / "office.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY, with_results=False)
    tab = ResultsTab(db, path)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.empty.isVisible() and tab.kind.count() == 0
    report = tmp_path / "МА 5 2027.xlsx"
    write_fisoko_marks(report, year=2027, schools=[
        SchoolMarks("МБОУ «СОШ № 1 с. Заречное»", "edu990101", (3, 10, 12, 5)),
        SchoolMarks("МБОУ «Лицей № 3»", "edu990104", (1, 7, 9, 8)),
        SchoolMarks("МКОУ «Осиновская основная школа»", "edu990199", (2, 5, 3, 1)),
    ])
    osinovka = SchoolsRepository(db).find_by_code("edu990109")
    seen = []

    def match(dialog):
        (unmatched, combo), = dialog.choices
        seen.append(unmatched.written_as)
        combo.setCurrentIndex(combo.findData(osinovka.id))
        press(dialog, "Продолжить")

    def confirm(dialog):
        seen.append(dialog.summary.text())
        press(dialog, "Сохранить")

    when_dialog(match, kind=MatchSchoolsDialog)
    when_dialog(confirm, kind=ResultsImportDialog)
    tab.import_files([str(report)])
    qtbot.waitUntil(lambda: tab.kind.count() == 1, timeout=10_000)
    assert "Осиновская" in seen[0] and "Фамилии и имена обучающихся не сохраняются" in seen[1]
    choose(tab, "Математика", "5 класс")
    names = {r.name for r in tab.model.rows if r.level == "school"}
    assert osinovka.short_name in names
    assert len(names) == 3
    # The spelling is remembered: the same school in another file is matched without asking.
    write_fisoko_marks(tmp_path / "МА 6 2027.xlsx", year=2027, grade=6, schools=[
        SchoolMarks("МКОУ «Осиновская основная школа»", "edu990199", (1, 2, 3, 4))])
    from desktop.services.results_import import plan_results_import

    assert plan_results_import(db, [tmp_path / "МА 6 2027.xlsx"]).unmatched == []
    db.close()


def test_hidden_charts_are_drawn_when_their_tab_opens(tab):
    choose(tab)
    bars = lambda chart: [i for i in chart.getPlotItem().items if type(i).__name__ == "BarGraphItem"]  # noqa: E731
    assert bars(tab.journal_chart) == []  # not drawn while hidden
    tab.charts.setCurrentWidget(tab.journal_chart)
    assert len(bars(tab.journal_chart)) == 3  # lowered, confirmed, raised
    tab.charts.setCurrentWidget(tab.trend_chart)
    lines = [i for i in tab.trend_chart.getPlotItem().items if type(i).__name__ == "PlotDataItem"]
    assert len(lines) == 2 and list(lines[0].xData) == [2024, 2025, 2026]


def test_the_analytic_report_is_previewed_then_saved(qtbot, tab, tmp_path):
    from tests.views.test_order_editor import page_is_printed_on

    tab.kind.setCurrentIndex(tab.kind.findText("ВПР"))
    kind, year, _, _ = tab.selection()
    preview = tab.write_report()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=30_000)
    assert preview.windowTitle() == f"Просмотр: аналитический отчёт ВПР {year}"
    assert preview.page_count >= 3 and page_is_printed_on(preview.page_picture(0))
    out = tmp_path / "отчёт.xlsx"
    with qtbot.waitSignal(preview.saved, timeout=30_000):
        preview.save(".xlsx", str(out))
    workbook = load_workbook(out)
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value}
    table = indicators(tab.db, "ВПР", year)
    assert {r.name for r in table.schools} <= cells  # every school of the year is in the workbook
    assert all(any(r.subject in c for c in cells) for r in table.municipality)  # and every subject
    preview.reject()


def test_ege_minimums_are_checked_in_the_window_and_recount_the_results(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from desktop.models.min_scores import MinScoresRepository
    from desktop.models.results import ResultsRepository
    from desktop.views.dialogs.min_scores_dialog import COL_NOTE, COL_SUBJECT, COL_VALUE, MinScoresDialog

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    year = max(a.year for a in ResultsRepository(db).assessments(kind="ЕГЭ"))
    russian = next(r for r in indicators(db, "ЕГЭ", year).municipality if r.subject == "Русский язык")
    dialog = MinScoresDialog(db, year)
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, COL_SUBJECT).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.item(rows["Русский язык"], COL_VALUE).setText("100")
    dialog.table.item(rows["Химия"], COL_VALUE).setText("много")
    messages = []
    when_dialog(lambda box: (messages.append(box.text()), box.accept()), kind=QMessageBox)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["«Химия»: «много» — не число."]
    assert MinScoresRepository(db).get(year, "Русский язык").min_test_score != 100  # nothing saved
    dialog.table.item(rows["Химия"], COL_VALUE).setText("36")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = MinScoresRepository(db).get(year, "Русский язык")
    assert saved.min_test_score == 100 and saved.verified
    after = next(r for r in indicators(db, "ЕГЭ", year).municipality if r.subject == "Русский язык")
    # only the hundred-pointers are not below 100 now
    assert after.below_threshold == after.participants - after.score_100 > russian.below_threshold
    dialog.year.setValue(year + 1)  # a year not stored yet: the nearest year's list, marked to check
    assert "будут сохранены как" in dialog.source.text()
    assert dialog.table.item(rows["Химия"], COL_NOTE).text() == "уточнить"
    db.close()


def test_the_table_on_screen_prints_the_figures_as_the_report_does(qapp, results_db_path):
    """Every school of every subject and grade: the report's cells and the screen's are the same text."""
    from desktop.figures import MINUS
    from desktop.services.results_report import results_report

    db = open_database(results_db_path)
    report = results_report(db, "ВПР", 2026)
    attribute_of = {"Успевае-\nмость, %": "pass_rate", "Качество, %": "quality_rate", "Средняя отметка": "mean_mark",
                    "Доля «2», %": "share_2", "Пони-\nзили, %": "share_lowered", "Повы-\nсили, %": "share_raised",
                    "Измене-\nние качества, п. п.": "quality_change"}
    column_of = {attribute: c for c, (_, attribute, _) in enumerate(COLUMNS)}
    compared, signs = 0, set()
    for paper in report.tables():
        if paper.sheet != "Школы":
            continue
        subject, grade = paper.group.removesuffix(" кл.").rsplit(" ", 1)
        table = indicators(db, "ВПР", 2026, subject, int(grade))
        model = ResultsTableModel()
        model.load(table.schools, [])
        screen = {model.index(r, 0).data(): r for r in range(model.rowCount())}
        for row in paper.rows:
            texts = paper.row_texts(row)
            if texts[0] not in screen:  # the district's row: the screen names it otherwise
                continue
            for header, text in zip(paper.header, texts, strict=True):
                if header in attribute_of:
                    assert model.index(screen[texts[0]], column_of[attribute_of[header]]).data() == text, \
                        (paper.group, texts[0], header)
                    compared += 1
                    signs.add(text[:1])
    db.close()
    assert compared > 500 and {"+", MINUS} <= signs


def test_the_table_prints_as_shown_by_ctrl_p(qtbot, tab, tmp_path):
    import subprocess

    from docx import Document

    choose(tab)
    shown = [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    qtbot.keyClick(tab.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = tab.print_dialog
    assert preview is not None, "Ctrl+P did not open the printed table"
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=30_000)
    out = tmp_path / "показатели.docx"
    preview.save(".docx", str(out))
    qtbot.waitUntil(out.exists, timeout=30_000)
    rows = [[c.text for c in row.cells] for row in Document(out).tables[0].rows]
    assert rows[0][0] == "Школа / группа"
    assert [" ".join(r[0].split()) for r in rows[1:]] == [" ".join(s.split()) for s in shown]  # same rows, same order
    pdf = tmp_path / "показатели.pdf"
    preview.save(".pdf", str(pdf))
    qtbot.waitUntil(pdf.exists, timeout=30_000)
    assert subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).returncode == 0
    preview.reject()
