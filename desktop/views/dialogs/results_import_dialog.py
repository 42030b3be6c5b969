"""Loading result files from the window: unknown schools are asked about once (and remembered),
then a preview of each file — what it adds and replaces, and every problem — before saving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.schools import School
from desktop.services.results_plan import ResultsImportPlan, assessment_title
from desktop.views.dialogs.buttons import dialog_buttons

ADD_NEW, SKIP = "add", "skip"
LAYOUT_NAMES = {
    "fisoko_marks": "ФИС ОКО: статистика по отметкам",
    "fisoko_journal": "ФИС ОКО: сравнение с журналом",
    "fisoko_individual": "ФИС ОКО: индивидуальные результаты",
    "rcoi_protocol": "РЦОИ: протокол проверки",
    "office_template": "шаблон управления образования",
}
NAMES_DROPPED = "Фамилии и имена обучающихся не сохраняются: только коды, классы, баллы и отметки."
NAMES_KEPT = "Фамилии и имена обучающихся будут сохранены в базе (в выгрузки они не попадают)."


class MatchSchoolsDialog(QDialog):
    """Each school a file names that is neither in the registry nor among the remembered names."""

    def __init__(self, plan: ResultsImportPlan, schools: list[School], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Школы, которых нет в реестре")
        self.resize(900, 420)
        self.choices: list[tuple[object, QComboBox]] = []
        form = QFormLayout()
        for unmatched in plan.unmatched:
            combo = QComboBox()
            combo.addItem("— не загружать эти строки —", SKIP)
            combo.addItem("Добавить в реестр как новую школу", ADD_NEW)
            for school in schools:
                combo.addItem(school.short_name + (f" ({school.code})" if school.code else ""), school.id)
            where = f"{Path(unmatched.file).name}, строка {unmatched.row}" if unmatched.row else Path(unmatched.file).name
            label = QLabel(f"<b>{unmatched.written_as}</b><br><small>{where}; строк: {unmatched.rows}</small>")
            label.setWordWrap(True)
            form.addRow(label, combo)
            self.choices.append((unmatched, combo))
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        note = QLabel("Выберите, какая это школа реестра. Выбор запоминается: в следующий раз такое написание "
                      "будет сопоставлено автоматически.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll)
        layout.addWidget(dialog_buttons(self, "Продолжить"))

    def decisions(self) -> list[tuple[object, object]]:
        return [(unmatched, combo.currentData()) for unmatched, combo in self.choices]


class ResultsImportDialog(QDialog):
    def __init__(self, plan: ResultsImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Загрузка результатов — проверка перед сохранением")
        self.resize(1000, 560)
        files = QTreeWidget()
        files.setHeaderLabels(["Файл", "Вид", "Процедуры", "Строк", "Добавит", "Заменит", "Замечания"])
        for f in plan.files:
            titles = "; ".join(assessment_title(a) for a in f.assessments[:3]) + ("…" if len(f.assessments) > 3 else "")
            state = "уже загружен" if f.already_imported else ("повтор файла " + f.duplicate_of if f.duplicate_of else "")
            QTreeWidgetItem(files, [Path(f.file).name, LAYOUT_NAMES.get(f.layout or "", f.layout or ""), titles,
                                    str(f.rows), str(f.added), str(len(f.replacements)),
                                    state or str(len(f.problems))])
        for column in range(1, files.columnCount()):
            files.resizeColumnToContents(column)
        files.setColumnWidth(0, 240)
        self.problems = QTreeWidget()
        self.problems.setHeaderLabels(["Вид", "Файл", "Лист", "Строка", "Столбец", "Что не так"])
        self.problems.setRootIsDecorated(False)
        self.replace = QCheckBox(f"Заменить ранее загруженные результаты ({len(plan.replacements)})")
        self.replace.setVisible(bool(plan.replacements))
        self.replace.toggled.connect(self._update)
        tabs = QTabWidget()
        tabs.addTab(files, f"Файлы ({len(plan.files)})")
        tabs.addTab(self.problems, "Замечания")
        replaced = QTreeWidget()
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
