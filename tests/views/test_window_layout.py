"""A layout that keeps still (issue 20, point 2): the window fits 1024×600, every tab and main dialog
shows its texts whole (or cut with a tooltip) at 1024×600, 1366×768 and 1920×1080, and no action
changes the window's size. The screenshots are kept under the test's tmp folder (`shots/`)."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDoubleSpinBox

from desktop.demo import build_demo
from desktop.services.backup import list_backups
from desktop.services.database import open_database
from desktop.views.app import DesktopApp
from desktop.views.russian import install_russian
from tests.views.helpers import press, press_keys, type_text, when_dialog
from tests.views.layout_check import SCREENS, cut_texts, shoot

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """The demo district with its results, built once; each test works on a copy."""
    path = tmp_path_factory.mktemp("district") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, today=TODAY)
    db.close()
    return path


@pytest.fixture
def window(qtbot, district, tmp_path):
    install_russian(QApplication.instance())
    db_path = tmp_path / "office" / "Управление образования Заречного муниципального округа" / "demo.sqlite"
    db_path.parent.mkdir(parents=True)
    shutil.copy(district, db_path)  # a long path, as a network folder's is
    desktop = DesktopApp(db_path)
    main = desktop.open(db_path)
    main.resize(*SCREENS[0])
    main.show()
    for tab in (main.roadmap_tab, main.results_tab):
        tab.ensure_built()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.schools_tab.model.flags_year is not None, timeout=10_000)  # the flags column
    yield main
    desktop.close()


def test_the_window_fits_the_smallest_screen(window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 560, hint  # 600 less the taskbar
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= 1024, window.tabs.tabText(tab)
        assert window.size().toTuple() == SCREENS[0]


def test_the_results_buttons_go_to_the_overflow_menu_rather_than_being_cut(window, tmp_path):
    """At 800 px the row of the Results tab keeps whole buttons and puts the rest behind «»»."""
    from PySide6.QtWidgets import QToolButton

    window.show_tab("results")
    window.resize(800, 600)
    QApplication.processEvents()
    tab = window.results_tab.content
    assert tab.minimumSizeHint().width() <= 800
    shoot(window, tmp_path / "shots", "results-800")
    extension = tab.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is not None and extension.isVisible()
    problems = cut_texts(tab)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_tab_shows_its_texts_whole(window, screen, tmp_path):
    window.resize(*screen)
    problems = []
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        shoot(window, tmp_path / "shots", f"{window.tabs.tabText(tab)}-{screen[0]}x{screen[1]}")
        assert window.size().toTuple() == screen
        problems += cut_texts(window)
    results = window.results_tab.content
    for chart in range(results.charts.count()):
        window.tabs.setCurrentWidget(window.results_tab)
        results.charts.setCurrentIndex(chart)
        shoot(window, tmp_path / "shots", f"Результаты-{chart}-{screen[0]}x{screen[1]}")
        problems += cut_texts(results.charts)
    assert problems == [], "\n".join(problems)


def test_the_timeline_writes_today_and_the_months_apart(window, tmp_path):
    """«сегодня» never covers a month's name («дек» on the 3rd of December), at any width."""
    timeline = window.roadmap_tab.content.timeline
    window.show_tab("roadmap")
    for screen in SCREENS:
        window.resize(*screen)
        QApplication.processEvents()
        shoot(timeline, tmp_path / "shots", f"timeline-{screen[0]}x{screen[1]}")
        today = timeline.today_label()
        months = timeline.month_labels()
        assert today is not None and len(months) >= 6
        labels = [rect for rect, _ in months] + [today[0]]
        assert all(rect.right() <= timeline.width() for rect in labels)
        assert not any(a.intersects(b) for n, a in enumerate(labels) for b in labels[n + 1:]), (screen, months, today)


def test_the_number_column_holds_the_longest_numbers(window):
    from desktop.models.qt.roadmap_model import COL_NUMBER

    tree = window.roadmap_tab.content.tree
    indent = tree.indentation() * 2  # a measure stands under its section
    assert tree.columnWidth(COL_NUMBER) >= tree.fontMetrics().horizontalAdvance("12.12.") + indent + 6


# --- dialogs ------------------------------------------------------------------------------------
def _rules(window):
    from desktop.services.rules import load_rule_settings
    from desktop.views.dialogs.rules_dialog import RulesDialog

    return RulesDialog(load_rule_settings(window.db), window)


def _restore(window):
    from desktop.services import backup
    from desktop.views.dialogs.restore_dialog import RestoreDialog

    backup.create_backup(window.db_path, "manual")
    return RestoreDialog(backup.list_backups(window.db_path), window)


def _progress(window):
    from desktop.models.office import load_office
    from desktop.views.dialogs.progress_dialog import ProgressDialog

    tab = window.roadmap_tab.content
    measure = tab.model.all_measures()[0]
    return ProgressDialog(measure, tab.repository.history(measure.id), load_office(window.db).executor_name, window)


def _roadmap_import(window):
    from desktop.services.roadmap_import import plan_roadmap_import
    from desktop.views.dialogs.roadmap_import_dialog import RoadmapImportDialog
    from tests.builders.docx_orders import EXAMPLE_ORDERS, build_order_docx, example_items

    text = (EXAMPLE_ORDERS / "pervomaisky-2024-128-roadmap.txt").read_text(encoding="utf-8")
    path = build_order_docx(window.db_path.parent / "приказ.docx", example_items(text))
    return RoadmapImportDialog(plan_roadmap_import(path), window)


def _journal(window):
    from desktop.views.dialogs.orders_journal_dialog import OrdersJournalDialog

    return OrdersJournalDialog(window.db, TODAY, None, window)


def _overdue(window):
    from desktop.views.dialogs.overdue_dialog import OverdueDialog

    return OverdueDialog(window.db, TODAY, window)


def _school(window):
    from desktop.views.dialogs.school_dialog import SchoolDialog

    tab = window.schools_tab
    return SchoolDialog(tab.repository.check, tab.repository.list()[0], window)


def _office(window):
    from desktop.models.office import load_office
    from desktop.views.dialogs.office_dialog import OfficeDialog

    return OfficeDialog(load_office(window.db), window)


def _scales(window):
    from desktop.views.dialogs.scale_dialog import ScalesDialog

    return ScalesDialog(window.db, window)


def _report(window):
    return window.results_tab.content.write_report()


def _results_import(window):
    from desktop.services.results_import import plan_results_import
    from desktop.views.dialogs.results_import_dialog import ResultsImportDialog
    from tests.builders.result_files import SchoolMarks, write_fisoko_marks

    path = write_fisoko_marks(window.db_path.parent / "Математика 5 класс 2027 статистика по отметкам.xlsx",
                              year=2027, schools=[
        SchoolMarks("МБОУ «СОШ № 1 с. Заречное»", "edu990101", (3, 10, 12, 5)),
        SchoolMarks("МБОУ «Лицей № 3»", "edu990104", (1, 7, 9, 8))])
    return ResultsImportDialog(plan_results_import(window.db, [path.path]), window)


def _school_card(window):
    from desktop.views.dialogs.school_card import SchoolCardDialog

    school = window.schools_tab.repository.list()[0]
    return SchoolCardDialog(window.db, school.id, window, today=TODAY)


def _order(window):
    from desktop.services.orders import blank_order
    from desktop.views.dialogs.order_editor import OrderEditorDialog

    return OrderEditorDialog(blank_order(window.db, TODAY), window.db, window)


def _minimums(window):
    from desktop.views.dialogs.min_scores_dialog import MinScoresDialog

    return MinScoresDialog(window.db, 2026, window)


def _usb(window):
    from desktop.views.dialogs.usb_dialog import UsbExportDialog

    return UsbExportDialog([window.db_path.parent / "Отчёт об исполнении плана мероприятий на 03.12.2026.pdf"], window)


def _help(window):
    from desktop.views.dialogs.help_dialog import HelpDialog

    return HelpDialog("results", window)


DIALOGS = {"rules": _rules, "restore": _restore, "progress": _progress, "roadmap_import": _roadmap_import,
           "journal": _journal, "overdue": _overdue, "school": _school, "office": _office, "scales": _scales,
           "report": _report, "results_import": _results_import, "school_card": _school_card, "order": _order,
           "minimums": _minimums, "usb": _usb, "help": _help}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_main_dialog_shows_its_texts_whole(qtbot, window, name, tmp_path):
    for screen in SCREENS:
        window.resize(*screen)
        dialog = DIALOGS[name](window)
        if name == "report":
            qtbot.waitUntil(lambda d=dialog: d.page_count > 0, timeout=30_000)
        else:
            dialog.show()
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 560, (name, hint)
        dialog.resize(min(dialog.width(), screen[0]), min(dialog.height(), screen[1] - 40))
        qtbot.waitExposed(dialog)
        shoot(dialog, tmp_path / "shots", f"{name}-{screen[0]}x{screen[1]}")
        problems = cut_texts(dialog)
        assert problems == [], "\n".join(problems)
        dialog.reject()


def test_rule_thresholds_are_printed_with_a_decimal_comma_whatever_the_locale(qtbot):
    """«40,0 %» as every figure of the program (format_figure), on an English Windows too."""
    from PySide6.QtCore import QLocale

    from desktop.services.rules import RuleSettings
    from desktop.views.dialogs.rules_dialog import RulesDialog

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        dialog = RulesDialog(RuleSettings())
        qtbot.addWidget(dialog)
    finally:
        QLocale.setDefault(before)
    numbers = [e for e in dialog.editors.values() if isinstance(e, QDoubleSpinBox)]
    percents = {name: e for name, e in dialog.editors.items() if e in numbers and e.suffix()}
    assert all("." not in e.text() for e in numbers), [e.text() for e in numbers]
    assert percents and all(re.fullmatch(r"\d+,\d %", e.text()) for e in percents.values()), \
        [e.text() for e in percents.values()]
    name, editor = next(iter(percents.items()))
    editor.lineEdit().selectAll()
    type_text(editor.lineEdit(), "45,5")
    editor.interpretText()
    assert editor.text() == "45,5 %" and getattr(dialog.chosen(), name) == 0.455


# --- a session that changes nothing of the window's size ------------------------------------------
def test_no_action_changes_the_window_size(qtbot, window, tmp_path):
    size = window.size()
    steps = []

    def still(step: str) -> None:
        QApplication.processEvents()
        steps.append((step, window.size().toTuple(), window.minimumSizeHint().width()))
        assert window.size() == size, steps
        assert window.minimumSizeHint().width() <= 1024, steps

    roadmap = window.roadmap_tab.content
    window.show_tab("roadmap")
    roadmap.tree.setCurrentIndex(roadmap.model.index_of_measure(roadmap.model.all_measures()[3].id))
    when_dialog(lambda dialog: press(dialog, "Отметить"), kind=QDialog)
    press_keys(qtbot, roadmap.tree, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert roadmap.undo_stack.undoText()
    still("mark a measure")
    assert roadmap.undo_action.toolTip().startswith("Отменить ")  # the whole step, on hover
    roadmap.undo_stack.undo()
    still("undo")
    roadmap.undo_stack.redo()
    still("redo")
    roadmap.chooser.setCurrentIndex(0)
    still("choose a plan")

    preview = roadmap.export_report()
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=30_000)
    still("open the preview")
    buttons = {b.text(): b.geometry() for b in preview.save_buttons.values()}
    preview_size = preview.size()
    target = tmp_path / ("очень длинная папка с отчётами управления образования " * 2).strip() / "Отчёт.xlsx"
    target.parent.mkdir()
    with qtbot.waitSignal(preview.saved, timeout=30_000):
        preview.save(".xlsx", str(target))
    QApplication.processEvents()
    assert preview.size() == preview_size
    assert {b.text(): b.geometry() for b in preview.save_buttons.values()} == buttons  # nothing shifted
    assert cut_texts(preview) == []
    preview.reject()
    still("save and close the preview")

    window.make_backup()
    still("make a backup (the status bar names the file)")
    bar = window.statusBar()
    shown = bar.shown_message()
    assert shown.startswith("Резервная копия") and "…" in shown and shown.endswith("-manual.sqlite")  # cut in the middle
    made = next(b for b in list_backups(window.db_path) if b.reason == "manual")
    assert bar.currentMessage() == f"Резервная копия сохранена: {made.path}" != shown  # whole on hover
    assert bar.fontMetrics().horizontalAdvance(shown) < bar.width() - window.db_label.width()
    for name in ("schools", "results", "roadmap"):
        window.show_tab(name)
        still(f"show {name}")
    results = window.results_tab.content
    for combo in (results.kind, results.subject, results.grade):
        combo.setCurrentIndex(combo.count() - 1)
        still(f"filter {combo.currentText()}")
    shoot(window, tmp_path / "shots", "session-end")


def test_the_results_table_keeps_the_school_in_sight_while_scrolling_right(qtbot, window, tmp_path):
    window.show_tab("results")
    tab = window.results_tab.content
    table = tab.table
    QApplication.processEvents()
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0  # at 1024×600 the figures do not fit: the table scrolls sideways
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    shoot(window, tmp_path / "shots", "results-scrolled-right")
    frozen = table.frozen
    assert frozen.isVisible() and frozen.x() <= table.frameWidth() + table.verticalHeader().width()
    assert frozen.width() >= table.columnWidth(0)
    first = frozen.indexAt(frozen.viewport().rect().topLeft() + frozen.viewport().rect().center() * 0)
    assert first.column() == 0 and first.data() == tab.proxy.index(0, 0).data()  # the school's name, in view
    # one selection and one vertical position for both views
    table.selectRow(5)
    assert frozen.selectionModel() is table.selectionModel()
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    assert frozen.verticalScrollBar().value() == table.verticalScrollBar().value()
    # the frozen column's header sorts the table
    frozen.horizontalHeader().sectionClicked.emit(0)
    assert table.horizontalHeader().sortIndicatorSection() == 0
    cells = cut_texts(window)
    assert cells == [], "\n".join(cells)


def test_charts_label_every_bar_and_keep_their_legend_whole(qtbot, window, tmp_path):
    """Every row of a chart has its name (cut to the band, whole on hover), the legend stands under the
    chart inside its width («повы…» no more), and the table says what its colours mean."""
    window.show_tab("results")
    tab = window.results_tab.content
    tab.subject.setCurrentIndex(tab.subject.findText("Математика"))
    tab.grade.setCurrentIndex(tab.grade.findText("6 класс"))
    for page in (tab.marks_chart, tab.journal_chart, tab.trend_chart):
        tab.charts.setCurrentWidget(page)
        QApplication.processEvents()
        shoot(page, tmp_path / "shots", f"chart-{type(page).__name__}")
        legend = page.legend
        assert legend.items, type(page).__name__
        right = legend.mapRectToScene(legend.boundingRect()).right()
        assert right <= page.width(), (type(page).__name__, right, page.width())
        if page is tab.trend_chart:
            continue
        axis = page.getAxis("left")
        labels = [text for _, text in axis._tickLevels[0]]
        assert len(labels) == len(page.names) and len(labels) >= 10
        assert all(page.metrics.horizontalAdvance(text) <= axis.width() - 12 for text in labels)  # none left out
        cut = next(n for n, text in zip(page.names, labels, strict=True) if text != n)  # a long name, shortened
        top = page.getPlotItem().vb.mapViewToScene(QPointF(0, len(page.names) - 1 - page.names.index(cut)))
        assert page.name_at(top.y()) == cut  # whole on hover
    model = tab.proxy
    quality = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Качество")
    assert "от красного (хуже) к зелёному (лучше)" in model.headerData(quality, Qt.Orientation.Horizontal,
                                                                        Qt.ItemDataRole.ToolTipRole)

