"""«Результаты»: filters (kind, year, subject, grade), the table of schools × indicators with the
district, region and Russia pinned at the bottom, charts, the flags with their reasons, and a school
card with its results over the years."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.figures import KIND_NAMES, KINDS, PASS_FAIL_KINDS
from desktop.models.qt.results_model import (
    COL_GRADE,
    COL_SUBJECT,
    COLUMNS,
    PinnedLastProxy,
    ResultsTableModel,
    columns_for,
    value_of,
)
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.qt.schools_model import FLAG_NAMES
from desktop.models.results import ResultsRepository
from desktop.services.indicators import indicators, school_history
from desktop.services.rules import flags_for_year
from desktop.views.actions import enter_action, tab_action, tool_bar
from desktop.views.errors import show_user_error
from desktop.views.frozen_table import FrozenColumnTable
from desktop.views.recent_files import remember_file
from desktop.views.settings import last_folder, remember_folder


def _short_name(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class ResultsTab(QWidget):
    status_message = Signal(str)
    results_changed = Signal()  # new results or thresholds: the Schools tab refreshes its flags
    plans_changed = Signal(int)  # measures added to a plan («Добавить в план…»): its id, for the roadmap tab

    def __init__(self, db, db_path: Path, parent: QWidget | None = None):
        from desktop.views.charts.results_charts import JournalChart, MarksChart, TrendChart
        from desktop.views.charts.task_charts import ScoreChart, TaskPanel

        super().__init__(parent)
        self.db = db
        self.db_path = Path(db_path)
        self.repository = ResultsRepository(db)
        self.table_data = None

        self.kind = QComboBox()
        self.year = QComboBox()
        self.subject = QComboBox()
        self.grade = QComboBox()
        for combo in (self.kind, self.year, self.subject, self.grade):
            combo.currentIndexChanged.connect(lambda _, c=combo: self._filter_changed(c))
        filters = QHBoxLayout()
        for label, combo in (("Процедура:", self.kind), ("Год:", self.year), ("Предмет:", self.subject),
                             ("Класс:", self.grade)):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
        filters.addStretch(1)
        # One row of buttons; what does not fit the window goes to its «»» menu.
        button = self._button_action
        import_action = button("Загрузить файлы…", lambda: self.import_files())
        folder_action = button("Из папки…", self.import_folder, "Все книги Excel из папки или с флешки")
        template_action = button("Шаблон для школ…", lambda: self.write_template())
        entry_action = button("Ввести вручную…", lambda: self.enter_results(),
                              "Результаты одной школы: отметки или зачёт и незачёт")
        order_action = button("Приказ «Об итогах»…", self.write_order)
        report_action = button("Аналитический отчёт…", self.write_report,
                               "Отчёт по процедуре и году: показатели, школы, графики, сработавшие правила")
        self.rules_menu = rules_menu = QMenu(self)
        self.rules_action = rules_menu.addAction("Пороги правил…", self.edit_rules)
        self.minimums_action = rules_menu.addAction("Минимальные баллы ЕГЭ…", self.edit_minimums)
        self.scales_action = rules_menu.addAction("Шкалы перевода баллов…", self.edit_scales)
        self.medalists_action = rules_menu.addAction("Загрузить список медалистов…", self.load_medalists)
        rules = button("Правила", lambda: self.rules_button.showMenu(),
                       "Правила: пороги, минимальные баллы ЕГЭ, шкалы перевода баллов, медалисты")
        rules.setMenu(rules_menu)
        print_action = button("Печать…", lambda: self.print_table(),
                              "Таблица, как она будет напечатана: печать, PDF, DOCX, Excel (Ctrl+P)")
        save_action = button("Сохранить таблицу…", lambda: self.save_table())
        copy_action = button("Копировать", self.copy_table, "Копировать таблицу в буфер обмена")
        self.print_dialog = None
        tab_action(self, "Печать таблицы…", QKeySequence.StandardKey.Print, self.print_table)
        tab_action(self, "Сохранить таблицу…", QKeySequence.StandardKey.Save, self.save_table)
        tab_action(self, "Найти", QKeySequence.StandardKey.Find, self.subject.setFocus)  # the filters are lists
        self.toolbar = tool_bar((import_action, folder_action, template_action, entry_action, None, order_action,
                                 report_action, rules, None, print_action, save_action, copy_action))
        (self.import_button, self.folder_button, self.template_button, self.entry_button, self.order_button,
         self.report_button, self.rules_button, self.print_button, self.save_button, self.copy_button) = (
            self.toolbar.widgetForAction(a) for a in (import_action, folder_action, template_action, entry_action,
                                                     order_action, report_action, rules, print_action, save_action,
                                                     copy_action))
        # The arrow beside the word, not over it (as Qt draws it on an instant popup)
        self.rules_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)

        self.model = ResultsTableModel(self)
        self.proxy = PinnedLastProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = FrozenColumnTable()  # the school stays in sight while the figures scroll sideways
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Widths fixed once: sizing columns to their contents reads every cell and cost 0.6 s a refilter
        # on «все предметы».
        header = self.table.horizontalHeader()
        header.setDefaultSectionSize(84)
        for column, width in ((0, 250), (COL_SUBJECT, 130), (COL_GRADE, 50)):
            self.table.setColumnWidth(column, width)
        self._fit_titles(COLUMNS)
        self.table.doubleClicked.connect(lambda index: self.open_school_card(index.data(ROW_ROLE)))
        enter_action(self.table, lambda: self.open_school_card(self.table.currentIndex().data(ROW_ROLE)))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._trend_changed())

        self.marks_chart = MarksChart()
        self.trend_chart = TrendChart()
        self.journal_chart = JournalChart()
        self.flags = QTextBrowser()
        self.add_to_plan_button = QPushButton("Добавить в план…")
        self.add_to_plan_button.setToolTip("Мероприятия плана для школ с признаками года: по одному на школу и признак")
        self.add_to_plan_button.clicked.connect(lambda: self.add_to_plan())
        flags_page = QWidget()
        flags_layout = QVBoxLayout(flags_page)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        flags_layout.addWidget(self.flags, 1)
        flags_layout.addWidget(self.add_to_plan_button, 0, Qt.AlignmentFlag.AlignRight)
        self.charts = QTabWidget()
        self.task_panel = TaskPanel()
        self.score_chart = ScoreChart()
        from desktop.views.flags_history_view import FlagsHistoryView

        self.flags_history = FlagsHistoryView()
        # Short names, cut (never scrolled out of sight) when the panel is narrow; whole on hover.
        for page, name, about in ((self.marks_chart, "Отметки", "доли «2», «3», «4», «5» по школам или предметам"),
                                  (self.trend_chart, "Динамика", "качество и успеваемость по годам"),
                                  (self.journal_chart, "Объективность", "отметки работы против отметок журнала"),
                                  (flags_page, "Признаки", "сработавшие правила за год с их причинами"),
                                  (self.flags_history, "По годам",
                                   "признаки каждой школы по годам, «второй год подряд», вышедшие из списка"),
                                  (self.task_panel, "Задания", "выполнение каждого задания школой, муниципалитетом и регионом"),
                                  (self.score_chart, "Баллы", "распределение первичных баллов с границами отметок")):
            self.charts.setTabToolTip(self.charts.addTab(page, name), f"{name}: {about}")
        # Seven names never fit a narrow panel: they stay whole, and arrows bring the rest into sight
        # (as the sheet tabs of a workbook); cut to «О…», «Д…» they told nothing.
        self.charts.setElideMode(Qt.TextElideMode.ElideNone)
        self.charts.setUsesScrollButtons(True)
        self._stale_charts: set = set()
        self._flags_year: int | None = None
        self._history_year: int | None = None  # the year the table of flags over the years was made for
        self.charts.currentChanged.connect(lambda _: self._draw_visible_chart())
        copy_chart = QPushButton("Копировать график")
        copy_chart.clicked.connect(lambda: self.current_chart().copy_to_clipboard())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.charts)
        right_layout.addWidget(copy_chart, 0, Qt.AlignmentFlag.AlignRight)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([700, 500])  # at 1024 px the charts keep their four tab names whole
        self.empty = QLabel("Результатов пока нет. Загрузите файлы ФИС ОКО, протоколы РЦОИ или заполненные "
                            "школами шаблоны («Загрузить файлы…»).")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.reload_filters()

    def _button_action(self, text: str, slot, tooltip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda *_: slot())
        if tooltip:
            action.setToolTip(tooltip)
        return action

    # --- filters ---------------------------------------------------------------------------------
    def reload_filters(self) -> None:
        assessments = self.repository.assessments()
        self.empty.setVisible(not assessments)
        kinds = sorted({a.kind for a in assessments}, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))
        self._fill(self.kind, [(k, k) for k in kinds], keep=True)
        for index in range(self.kind.count()):  # «ИС-9»: the name in words on hover
            self.kind.setItemData(index, KIND_NAMES.get(self.kind.itemData(index)), Qt.ItemDataRole.ToolTipRole)
        self._refill_dependent()

    def _refill_dependent(self) -> None:
        kind = self.kind.currentData()
        assessments = self.repository.assessments(kind=kind) if kind else []
        years = sorted({a.year for a in assessments}, reverse=True)
        self._fill(self.year, [(str(y), y) for y in years], keep=True)
        year = self.year.currentData()
        chosen = [a for a in assessments if a.year == year]
        self._fill(self.subject, [("Все предметы", None)] + [(s, s) for s in sorted({a.subject for a in chosen})],
                   keep=True)
        self._fill(self.grade, [("Все классы", None)] + [(f"{g} класс", g) for g in sorted({a.grade for a in chosen})],
                   keep=True)
        self.refresh()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]], keep: bool) -> None:
        current = combo.currentData() if keep else None
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else -1
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def _filter_changed(self, combo: QComboBox) -> None:
        if combo in (self.kind, self.year):
            self._refill_dependent()
        else:
            self.refresh()

    def selection(self) -> tuple[str | None, int | None, str | None, int | None]:
        return self.kind.currentData(), self.year.currentData(), self.subject.currentData(), self.grade.currentData()

    # --- content -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        kind, year, subject, grade = self.selection()
        if kind is None or year is None:
            self.table_data = None
            self.model.load([], [])
            return
        self.table_data = indicators(self.db, kind, year, subject, grade)
        data = self.table_data
        self.model.load(data.schools, data.municipality + data.reference, columns_for(kind))
        self._fit_titles(self.model.columns)
        self.charts.setTabText(0, "Зачёт" if kind in PASS_FAIL_KINDS else "Отметки")  # short: see the tab bar
        self.table.setColumnHidden(COL_SUBJECT, subject is not None)  # a fixed filter needs no column
        self.table.setColumnHidden(COL_GRADE, grade is not None)
        self._stale_charts = {self.marks_chart, self.journal_chart, self.trend_chart, self.task_panel,
                              self.score_chart}
        self._draw_visible_chart()
        if year != self._flags_year:  # the flags depend on the year only
            self._show_flags(year)

    def _draw_visible_chart(self) -> None:
        """Only the chart on screen is drawn; the others when their tab is opened."""
        chart = self.charts.currentWidget()
        if chart is self.flags_history:
            self._show_flags_history()
            return
        if chart not in self._stale_charts or self.table_data is None:
            return
        self._stale_charts.discard(chart)
        kind, year, subject, grade = self.selection()
        data = self.table_data
        # Chart titles hold only the scope: the tab names the chart, and a long title widens
        # pyqtgraph's layout beyond the panel.
        scope = " · ".join(str(x) for x in (kind, year, subject, f"{grade} кл." if grade else None) if x)
        single = subject is not None and grade is not None
        # One subject and grade: a bar per school; otherwise a bar per subject and grade of the district.
        chart_rows = (data.schools + data.municipality if single else
                      [replace(r, name=f"{r.subject} {r.grade} кл.") for r in data.municipality])
        if chart is self.marks_chart:
            self.marks_chart.show_rows(chart_rows, scope)
        elif chart is self.journal_chart:
            region = next((r for r in data.reference if r.level == "region"), None) if single else None
            self.journal_chart.show_rows(data.schools if single else chart_rows, region, scope)
        elif chart is self.trend_chart:
            self._show_trend()
        elif chart in (self.task_panel, self.score_chart):
            self._show_pupils_chart(chart, scope if single else None)

    def _trend_changed(self) -> None:
        self._stale_charts |= {self.trend_chart, self.task_panel, self.score_chart}  # they follow the chosen school
        self._draw_visible_chart()

    def _show_pupils_chart(self, chart, scope: str | None) -> None:
        """The tasks or the primary scores of one work: of the chosen school against the district."""
        from desktop.services.task_analysis import score_distribution, task_analysis
        from desktop.views.charts.task_charts import PICK_ONE

        draw = chart.show_analysis if chart is self.task_panel else chart.show_distribution
        if scope is None:
            draw(None, None, PICK_ONE)
            return
        kind, year, subject, grade = self.selection()
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        school = row.school_id if row is not None and row.level == "school" else None
        title = f"{_short_name(row.name)} · {scope}" if school is not None else f"Муниципалитет · {scope}"
        if chart is self.task_panel:
            draw(task_analysis(self.db, kind, year, subject, grade), school, title)
        else:
            draw(score_distribution(self.db, kind, year, subject, grade), school, title)

    def _show_trend(self) -> None:
        """The selected school's trend, or the district's, for the chosen kind, subject and grade."""
        kind, _, subject, grade = self.selection()
        if kind is None:
            return
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is not None and row.level == "school":
            history = [r for r in school_history(self.db, row.school_id) if r.kind == kind
                       and (subject is None or r.subject == subject) and (grade is None or r.grade == grade)]
            title = row.name
        else:
            history = self._district_history(kind, subject, grade)
            title = "Муниципалитет"
        by_year: dict[int, list] = {}
        for r in history:
            by_year.setdefault(r.year, []).append(r)
        from desktop.services.indicators import combine

        points = []
        for year in sorted(by_year):
            total = combine(by_year[year], level="x", kind=kind, year=year, subject="", grade=0)
            points.append((year, total.share_failed, None) if kind in PASS_FAIL_KINDS else
                          (year, total.quality_rate, total.pass_rate))
        what = " · ".join(str(x) for x in (kind, subject, f"{grade} класс" if grade else None) if x)
        if kind in PASS_FAIL_KINDS:
            self.trend_chart.show_history(points, f"{_short_name(title)} · {what}", (("доля незачёта", "#d9534f"),))
        else:
            self.trend_chart.show_history(points, f"{_short_name(title)} · {what}")

    def _district_history(self, kind: str, subject: str | None, grade: int | None) -> list:
        from desktop.services.indicators import district_rows, school_rows

        return district_rows(school_rows(self.db, kinds=[kind], subject=subject, grade=grade))

    def _show_flags_history(self) -> None:
        """Made when its tab is opened (five years of rules), again after a change of year or thresholds."""
        year = self.selection()[1]
        if year is not None and year != self._history_year:
            self._history_year = year
            self.flags_history.show_years(self.db, year)

    def _show_flags(self, year: int) -> None:
        self._flags_year = year
        self._history_year = None
        if self.charts.currentWidget() is self.flags_history:
            self._show_flags_history()
        report = flags_for_year(self.db, year)
        items = [f"<p><b>{html.escape(f.name)}</b> — {FLAG_NAMES.get(f.flag, f.flag)}<br>{html.escape(f.explanation)}</p>"
                 for f in report.flags]
        items += [f"<p><b>Муниципалитет</b> — качество ниже порога несколько лет<br>{html.escape(low.explanation)}</p>"
                  for low in report.low_quality]
        items += [f"<p><i>{html.escape(note)}</i></p>" for note in report.notes]
        self.flags.setHtml(f"<h4>Признаки за {year} год</h4>" + ("".join(items) or "<p>Признаков нет.</p>"))
        self.add_to_plan_button.setEnabled(bool(report.flags))
        name = f"Признаки ({len(report.flags) + len(report.low_quality)})"
        self.charts.setTabText(3, name)
        self.charts.setTabToolTip(3, f"{name}: сработавшие правила за {year} год с их причинами")

    def _fit_titles(self, columns) -> None:
        """Every title of the kind's columns whole, with the sort arrow beside it."""
        metrics = self.table.horizontalHeader().fontMetrics()
        for column, (title, _, _) in enumerate(columns):
            room = metrics.horizontalAdvance(title) + 28
            if self.table.columnWidth(column) < room:
                self.table.setColumnWidth(column, room)

    def write_order(self) -> None:
        """«Об итогах …» of the chosen kind and year, opened in the editor before it is printed."""
        from desktop.services.orders import results_order
        from desktop.views.dialogs.order_editor import OrderEditorDialog

        kind, year, _, _ = self.selection()
        if kind is None:
            return
        try:
            document = results_order(self.db, kind, year, "", date.today())
        except UserError as error:
            show_user_error(self, error, "Приказ об итогах")
            return
        OrderEditorDialog(document, self.db, self).exec()

    def write_report(self):
        """The analytic report of the chosen kind and year, previewed, then saved as PDF, DOCX or Excel."""
        from desktop.services.documents.report_pdf import render_report_pdf
        from desktop.views.dialogs.document_preview import DocumentPreviewDialog, report_formats

        kind, year, _, _ = self.selection()
        if kind is None or year is None:
            show_user_error(self, "Выберите процедуру и год.", "Аналитический отчёт")
            return None
        db_path = self.db_path

        def build():
            from desktop.services.database import open_database
            from desktop.services.results_report import results_report

            db = open_database(db_path, create=False)  # a worker thread needs its own connection
            try:
                return results_report(db, kind, year)
            finally:
                db.close()

        dialog = DocumentPreviewDialog(f"аналитический отчёт {kind} {year}", build, render_report_pdf, report_formats(),
                                       f"Аналитический отчёт {kind} {year}", "reports", self)
        dialog.open()
        return dialog

    def edit_rules(self) -> None:
        from desktop.services.rules import load_rule_settings, save_rule_settings
        from desktop.views.dialogs.rules_dialog import RulesDialog

        dialog = RulesDialog(load_rule_settings(self.db), self)
        if not dialog.exec():
            return
        try:
            save_rule_settings(self.db, dialog.chosen())
        except UserError as error:
            show_user_error(self, error, "Пороги правил")
            return
        self._rules_changed()

    def edit_minimums(self) -> None:
        from desktop.views.dialogs.min_scores_dialog import MinScoresDialog

        _, year, _, _ = self.selection()
        if MinScoresDialog(self.db, year or date.today().year, self).exec():
            self._rules_changed()

    def edit_scales(self) -> None:
        from desktop.views.dialogs.scale_dialog import ScalesDialog

        ScalesDialog(self.db, self).exec()

    def load_medalists(self, path: str | None = None) -> None:
        """A list of medalists with their ЕГЭ scores (for the medalists' index): read off the UI thread,
        matched with the registry, saved in one transaction when no row is wrong."""
        from PySide6.QtWidgets import QFileDialog

        from desktop.services.medalists import read_medalists
        from desktop.views.jobs import run_with_progress

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Список медалистов", last_folder("medalists"),
                                                  "Книги Excel (*.xlsx *.xls *.xlsm);;Все файлы (*)")
            if not path:
                return
            remember_folder("medalists", path)
        run_with_progress(self, "Загрузка медалистов", lambda: read_medalists(Path(path)), self._save_medalists)

    def _save_medalists(self, read) -> bool:
        from desktop.services.medalists import apply_medalists_import, match_medalists

        plan = match_medalists(self.db, read)
        name = Path(plan.file).name
        if plan.has_errors:
            lines = [m for m, p in zip(plan.messages(), plan.problems, strict=True) if p.is_error]
            more = f"\n… и ещё {len(lines) - 10}" if len(lines) > 10 else ""
            show_user_error(self, f"В файле «{name}» ошибок: {len(lines)}. Ничего не сохранено; исправьте файл и "
                                  "загрузите его снова.\n\n" + "\n".join(lines[:10]) + more, "Загрузка медалистов")
            return False
        try:
            apply_medalists_import(self.db, plan)
        except UserError as error:
            show_user_error(self, error, "Загрузка медалистов")
            return False
        self.status_message.emit(f"Загружено медалистов из «{name}»: {len(plan.medalists)}"
                                 + (f" (заменено прежних: {plan.replaced})" if plan.replaced else ""))
        self._rules_changed()
        return True

    def _rules_changed(self) -> None:
        """Flags are recomputed for the new thresholds; the table and other tabs follow."""
        self._flags_year = None
        self.refresh()
        self.results_changed.emit()

    def current_chart(self):
        widget = self.charts.currentWidget()
        return widget if hasattr(widget, "copy_to_clipboard") else self.marks_chart

    # --- import ----------------------------------------------------------------------------------------
    def import_files(self, paths: list[str] | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Файлы результатов", last_folder("results"),
                                                    "Книги Excel (*.xlsx *.xls *.xlsm);;Все файлы (*)")
            if not paths:
                return
            remember_folder("results", paths[0])
        for path in reversed(paths):
            remember_file(path)  # «Файл → Недавние файлы», the first on top
        self._plan([Path(p) for p in paths])

    def import_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Папка с файлами результатов", last_folder("results"))
        if folder:
            remember_folder("results", str(Path(folder) / "x"))
            self._plan([Path(folder)])

    def _plan(self, paths: list[Path]) -> None:
        from desktop.services.database import open_database
        from desktop.services.results_import import plan_results_import
        from desktop.views.jobs import run_with_progress

        db_path = self.db_path

        def work(progress):
            db = open_database(db_path, create=False)  # the worker thread needs its own connection
            try:
                # names are read so that the preview can offer to keep them; it drops them by default
                return plan_results_import(db, paths, keep_names=True, progress=progress)
            finally:
                db.close()

        run_with_progress(self, "Загрузка результатов", work, self.review_import)

    def review_import(self, plan) -> bool:
        """Decide about unknown schools and missing scales, preview, save on confirmation; True when the
        saving is started. Every decision goes into the plan and is written with the results in one
        transaction: «Отмена» at any step, the saving's included, leaves the database as it was."""
        from desktop.models.schools import SchoolsRepository
        from desktop.services.results_import import rematch_results_import
        from desktop.views.dialogs.results_import_dialog import MatchSchoolsDialog, ResultsImportDialog

        if plan.unmatched:
            dialog = MatchSchoolsDialog(plan, SchoolsRepository(self.db).list(include_inactive=False), self)
            if not dialog.exec():
                return False
            if dialog.skip_files:
                for file_plan in plan.files:
                    file_plan.excluded = file_plan.excluded or file_plan.file in dialog.files_to_skip()
            else:
                plan.decisions.update(dialog.decisions())
            plan = rematch_results_import(self.db, plan)
        if any(f.missing_scales for f in plan.files):
            if not self._enter_scales(plan):
                return False
            plan = rematch_results_import(self.db, plan)
        preview = ResultsImportDialog(plan, self)
        if not preview.exec():
            return False
        if not preview.keep_names.isChecked():
            plan.drop_names()
        self._save_import(plan, preview.replace.isChecked())
        return True

    def _save_import(self, plan, replace: bool) -> None:
        """The plan saved off the UI thread (a region's file is a few seconds of writing) behind a busy
        dialog whose «Отмена» rolls the whole import back; then the tab shows what was imported."""
        from desktop.services.database import open_database
        from desktop.services.results_import import apply_results_import
        from desktop.views.jobs import run_with_progress

        db_path = self.db_path

        def work():
            db = open_database(db_path, create=False)  # the worker thread needs its own connection
            try:
                return apply_results_import(db, plan, replace=replace)
            finally:
                db.close()

        run_with_progress(self, "Загрузка результатов", work, lambda outcome: self._imported(plan, outcome),
                          label="Сохранение результатов в базу…", keep_result=True,
                          on_cancelled=lambda: self.status_message.emit("Загрузка отменена: ничего не сохранено."))

    def _imported(self, plan, outcome) -> None:
        self._flags_year = None
        self.reload_filters()
        saved = [f for f in plan.files if f.saves_anything]
        if saved and saved[0].assessments:
            self.show_assessment(saved[0].assessments[0])
        self.results_changed.emit()
        self.status_message.emit(f"Загружено файлов: {len(outcome.files)}"
                                 + (f"; новых школ в реестре: {outcome.new_schools}" if outcome.new_schools else ""))

    def _enter_scales(self, plan) -> bool:
        """A scale for each assessment of the batch that has primary scores and no marks; False on «Отмена»."""
        from desktop.views.dialogs.scale_dialog import ScaleDialog

        asked = set()
        for file_plan in plan.files:
            for key in file_plan.missing_scales:
                if (key.kind, key.year, key.subject, key.grade) in asked:
                    continue
                asked.add((key.kind, key.year, key.subject, key.grade))
                dialog = ScaleDialog(self, kind=key.kind, year=key.year, subject=key.subject, grade=key.grade,
                                     max_score=key.max_score, locked=True)
                if not dialog.exec():
                    return False
                plan.scales.append(dialog.scale())
        return True

    def show_assessment(self, key) -> None:
        """The filters set on one assessment (after an import: what was imported)."""
        # in this order: a change of kind or year refills the combos after it
        for combo, value in ((self.kind, key.kind), (self.year, key.year), (self.subject, key.subject),
                             (self.grade, key.grade)):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

    def enter_results(self):
        """«Ввести вручную…»: one school's figures; the table then shows their assessment."""
        from desktop.services.importers.results.records import AssessmentKey
        from desktop.views.dialogs.results_entry_dialog import ResultsEntryDialog

        dialog = ResultsEntryDialog(self.db, self, kind=self.kind.currentData(), year=self.year.currentData())
        if not dialog.exec():
            return dialog
        self._flags_year = None
        self.reload_filters()
        self.show_assessment(AssessmentKey(dialog.kind.currentData(), dialog.year.value(),
                                           dialog.subject.currentText(), dialog.grade.value(), None, None))
        self.results_changed.emit()
        self.status_message.emit(f"Сохранено: {dialog.entered.school}, {dialog.entered.title}")
        return dialog

    def write_template(self, path: str | None = None, kind: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        from desktop.services.results_template import write_results_template

        kind = kind or self.kind.currentData() or "ВПР"
        year = self.year.currentData() or date.today().year
        if path is None:  # any kind, those without results yet too
            names = [f"{k} — {KIND_NAMES[k]}" if k in KIND_NAMES else k for k in KINDS]
            name, chosen = QInputDialog.getItem(self, "Шаблон для школ", "Процедура:", names, KINDS.index(kind),
                                                False)
            if not chosen:
                return
            kind = KINDS[names.index(name)]
            start = str(Path(last_folder("results")) / f"Шаблон {kind} {year}.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "Шаблон для школ", start, "Книга Excel (*.xlsx)")
            if not path:
                return
            remember_folder("results", path)
        try:
            write_results_template(self.db, kind, year, Path(path))
        except UserError as error:
            show_user_error(self, error, "Шаблон для школ")
            return
        self.status_message.emit(f"Шаблон сохранён: {path}")

    # --- school card -------------------------------------------------------------------------------
    def open_school_card(self, row) -> None:
        if row is None or row.level != "school":
            return
        from desktop.views.dialogs.school_card import SchoolCardDialog

        dialog = SchoolCardDialog(self.db, row.school_id, self)
        dialog.plans_changed.connect(self.plans_changed)
        dialog.exec()

    def add_to_plan(self) -> None:
        """«Добавить в план…» of the flags panel: the year's flagged schools as measures of a chosen plan."""
        from desktop.views.dialogs.targeted_dialog import TargetedDialog

        year = self.year.currentData()
        if year is None:
            return
        dialog = TargetedDialog(self.db, year, parent=self)
        if dialog.exec() and dialog.result is not None:
            added = len(dialog.result.measures)
            self.status_message.emit(f"В план добавлено мероприятий: {added} (раздел «Адресная работа со школами»).")
            self.plans_changed.emit(dialog.plan.currentData())

    # --- copy and save ----------------------------------------------------------------------------
    def table_rows(self) -> tuple[list[str], list[list[str]]]:
        header = [title for title, _, _ in self.model.columns]
        rows = []
        for r in range(self.proxy.rowCount()):
            rows.append([self.proxy.index(r, c).data() or "" for c in range(len(header))])
        return header, rows

    def copy_table(self) -> None:
        from PySide6.QtWidgets import QApplication

        header, rows = self.table_rows()
        # «−» is the typographic minus of the screen; Excel reads a pasted number only with a hyphen
        text = "\n".join("\t".join(line) for line in [header, *rows]).replace("\u2212", "-")
        QApplication.clipboard().setText(text)
        self.status_message.emit(f"Таблица скопирована: строк {len(rows)}")

    def shown_table(self):
        """(title, Table) of the rows as the table shows them, filtered and sorted: the figures as numbers
        in the report's column formats (a percent a fraction shown «37,2%», a change in percentage points
        «+3,1»); the first cell is the name as the table shows it."""
        from desktop.services.documents.model import Table, TableRow

        kind, year, subject, grade = self.selection()
        columns = self.model.columns
        header = [title for title, _, _ in columns]
        formats = [fmt for _, _, fmt in columns]
        rows = []
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            rows.append(TableRow([self.proxy.index(r, 0).data(),
                                  *(value_of(row, attribute) for _, attribute, _ in columns[1:])]))
        title = " · ".join(str(x) for x in (kind, year, subject, f"{grade} класс" if grade else None) if x)
        widths = [1.0] * len(header)
        widths[0], widths[COL_SUBJECT] = 4.0, 2.2  # names and subjects are words, the rest short numbers
        return title, Table(header, rows, widths, formats)

    def print_table(self):
        """The table as it prints (Ctrl+P): the preview prints it and saves it as PDF, DOCX or Excel."""
        from desktop.models.office import load_office
        from desktop.services.documents.report_model import ReportDocument, ReportTable
        from desktop.services.documents.report_pdf import render_report_pdf
        from desktop.views.dialogs.document_preview import DocumentPreviewDialog, report_formats

        if self.table_data is None:
            return None
        title, table = self.shown_table()
        printed = ReportTable(table.header, table.rows, table.column_widths, table.formats, sheet="Показатели",
                              font_size=7)
        document = ReportDocument(title=f"Показатели: {title}", office=load_office(self.db).full_name,
                                  date_line=f"Сформирован {date.today():%d.%m.%Y}", blocks=[printed])
        dialog = DocumentPreviewDialog(f"показатели {title}", lambda: document, render_report_pdf, report_formats(),
                                       f"Показатели {title}", "results", self)
        dialog.open()
        self.print_dialog = dialog
        return dialog

    def save_table(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services.documents.xlsx_writer import write_table_xlsx

        if self.table_data is None:
            return
        kind, year, subject, grade = self.selection()
        if path is None:
            name = f"{kind} {year} показатели.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "Сохранить таблицу", str(Path(last_folder("results")) / name),
                                                  "Книга Excel (*.xlsx)")
            if not path:
                return
            remember_folder("results", path)
        title, table = self.shown_table()
        try:
            write_table_xlsx(Path(path), [("Показатели", table)], title=f"Показатели: {title} (проценты)")
        except UserError as error:
            show_user_error(self, error, "Сохранение таблицы")
            return
        self.status_message.emit(f"Таблица сохранена: {path}")
