"""Loading result files from the window: unknown schools are asked about once (and remembered),
then a preview of each file — what it adds and replaces, and every problem — before saving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.schools import School
from desktop.services.results_plan import ADD, SKIP, ResultsImportPlan, Unmatched, assessment_title
from desktop.services.school_matching import describe_school
from desktop.views.cut_cells import tips_for_cut_cells
from desktop.views.dialogs.buttons import dialog_buttons

NAMES_DROPPED = "Фамилии и имена обучающихся не сохраняются: только коды, классы, баллы и отметки."
NAMES_KEPT = "Фамилии и имена обучающихся будут сохранены в базе (в выгрузки они не попадают)."
ADD_TEXT, SKIP_TEXT = "Добавить в реестр как новую школу", "Не загружать строки этой школы"


class MatchSchoolsDialog(QDialog):
    """One decision for the whole batch about each school that is neither in the registry nor among
    the remembered names: which registry school it is (a searchable list, likeliest first), add it,
    or leave its rows out. Nothing is written here: the decisions go into the import plan."""

    def __init__(self, plan: ResultsImportPlan, schools: list[School], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Школы, которых нет в реестре")
        self.resize(960, 460)
        self.skip_files = False
        self.choices: list[tuple[Unmatched, QComboBox]] = []
        by_id = {s.id: s for s in schools}
        self.table = QTableWidget(len(plan.unmatched), 3)
        self.table.setHorizontalHeaderLabels(["Школа в файлах", "Где", "Что сделать"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, unmatched in enumerate(plan.unmatched):
            text = describe_school(unmatched.code, unmatched.name)
            if unmatched.registry_code:
                text += f"\nв реестре с таким названием — код {unmatched.registry_code}"
            self.table.setItem(row, 0, QTableWidgetItem(text))
            files = ", ".join(Path(f).name for f in unmatched.files[:2]) + ("…" if len(unmatched.files) > 2 else "")
            self.table.setItem(row, 1, QTableWidgetItem(f"{files}; строк: {unmatched.rows}"))
            combo = self._combo(unmatched, schools, by_id)
            self.table.setCellWidget(row, 2, combo)
            self.choices.append((unmatched, combo))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        note = QLabel("Для каждой школы выберите, какая это школа реестра (начните вводить название), добавьте её "
                      "или не загружайте её строки. Решение относится ко всем файлам загрузки; в базу оно "
                      "попадёт только вместе с результатами, после «Сохранить».")
        note.setWordWrap(True)
        add_all = QPushButton("Добавить все новые")
        add_all.clicked.connect(self.add_all_new)
        skip = QPushButton("Пропустить эти файлы")
        skip.setToolTip("Не загружать файлы, в которых есть эти школы; остальные файлы загрузить")
        skip.clicked.connect(self._skip_files)
        buttons = dialog_buttons(self, "Продолжить")
        buttons.addButton(add_all, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(skip, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    @staticmethod
    def _combo(unmatched: Unmatched, schools: list[School], by_id: dict) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.addItem(SKIP_TEXT, SKIP)
        combo.addItem(ADD_TEXT, ADD)
        first = [by_id[i] for i in unmatched.candidates if i in by_id]
        rest = sorted((s for s in schools if s.id not in unmatched.candidates), key=lambda s: s.short_name.casefold())
        for school in first + rest:
            combo.addItem(f"это «{school.short_name}»" + (f" ({school.code})" if school.code else ""), school.id)
        # a school with a code and no namesake is most likely new; a namesake is a question
        combo.setCurrentIndex(1 if unmatched.code and not unmatched.candidates else 0)
        return combo

    def add_all_new(self) -> None:
        """Every school not matched to a registry school yet becomes a new one."""
        for _unmatched, combo in self.choices:
            if not isinstance(combo.currentData(), int):
                combo.setCurrentIndex(combo.findData(ADD))

    def _skip_files(self) -> None:
        self.skip_files = True
        self.accept()

    def decisions(self) -> dict[str, int | str]:
        result = {}
        for unmatched, combo in self.choices:
            index = combo.findText(combo.currentText())  # typed text picks the item it names
            result[unmatched.key] = combo.itemData(index) if index >= 0 else SKIP
        return result

    def files_to_skip(self) -> set[str]:
        return {f for unmatched, _ in self.choices for f in unmatched.files}


class ResultsImportDialog(QDialog):
    def __init__(self, plan: ResultsImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Загрузка результатов — проверка перед сохранением")
        self.resize(1000, 560)
        files = QTreeWidget()
        tips_for_cut_cells(files)
        files.setHeaderLabels(["Файл", "Вид", "Процедуры", "Строк", "Добавит", "Заменит", "Замечания"])
        for f in plan.files:
            titles = "; ".join(assessment_title(a) for a in f.assessments[:3]) + ("…" if len(f.assessments) > 3 else "")
            state = "уже загружен" if f.already_imported else ("повтор файла " + f.duplicate_of if f.duplicate_of else "")
            kind = (f.parsed.kind_of_file if f.parsed else "") or f.layout or ""
            if f.excluded:
                state = "пропущен по вашему выбору"
            QTreeWidgetItem(files, [Path(f.file).name, kind, titles,
                                    str(f.rows), str(f.added), str(len(f.replacements)),
                                    state or str(len(f.problems))])
        for column in range(1, files.columnCount()):
            files.resizeColumnToContents(column)
        files.setColumnWidth(0, 240)
        self.problems = QTreeWidget()
        tips_for_cut_cells(self.problems)
        self.problems.setHeaderLabels(["Вид", "Файл", "Лист", "Строка", "Столбец", "Что не так"])
        self.problems.setRootIsDecorated(False)
        self.replace = QCheckBox(f"Заменить ранее загруженные результаты ({len(plan.replacements)})")
        self.replace.setVisible(bool(plan.replacements))
        self.replace.toggled.connect(self._update)
        tabs = QTabWidget()
        tabs.addTab(files, f"Файлы ({len(plan.files)})")
        tabs.addTab(self.problems, "Замечания")
        replaced = QTreeWidget()
        tips_for_cut_cells(replaced)
        replaced.setHeaderLabels(["Будет заменено"])
        for r in plan.replacements:
            QTreeWidgetItem(replaced, [r.describe()])
        if plan.replacements:
            tabs.addTab(replaced, f"Замена ({len(plan.replacements)})")
        new = ", ".join(s.name for s in plan.new_schools)
        self.summary = QLabel(
            f"Файлов: {len(plan.files)}; добавится результатов школ: {sum(f.added for f in plan.files)}."
            + (f"<br>В реестр будут добавлены: {new}." if new else "")
            + "<br>" + NAMES_DROPPED)
        self.summary.setWordWrap(True)
        names = plan.names_read
        self.keep_names = QCheckBox(
            f"Сохранить фамилии и имена обучающихся ({names}) — они останутся только в базе и не попадут "
            "ни в одну выгрузку")
        self.keep_names.setVisible(bool(names))
        self.keep_names.toggled.connect(self._update_summary_names)
        self.buttons = dialog_buttons(self, "Сохранить")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(tabs)
        layout.addWidget(self.replace)
        layout.addWidget(self.keep_names)
        layout.addWidget(self.buttons)
        self._update()

    def _update_summary_names(self, keep: bool) -> None:
        old, new = (NAMES_DROPPED, NAMES_KEPT) if keep else (NAMES_KEPT, NAMES_DROPPED)
        self.summary.setText(self.summary.text().replace(old, new))

    def _update(self) -> None:
        replace = self.replace.isChecked()
        self.problems.clear()
        for f in self.plan.files:
            for p in f.problems_for(replace):
                QTreeWidgetItem(self.problems, ["ошибка" if p.is_error else "предупреждение", Path(f.file).name,
                                                p.sheet or "", str(p.row or ""), p.column or "", p.message])
        saves = any(f.saves_anything for f in self.plan.files)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(saves and not self.plan.blocked(replace))
