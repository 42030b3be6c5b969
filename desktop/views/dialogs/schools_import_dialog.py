"""The preview of a schools import: what will be added and changed, and every problem with its
sheet, row and column. Saving is possible only when there are no errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.schools import EDITABLE_FIELDS, SCHOOL_LABELS
from desktop.services.schools_io import SchoolsImportPlan
from desktop.views.cut_cells import tips_for_cut_cells
from desktop.views.dialogs.buttons import dialog_buttons


class SchoolsImportDialog(QDialog):
    def __init__(self, plan: SchoolsImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Загрузка списка школ — {Path(plan.file).name}")
        self.resize(900, 520)
        errors = [p for p in plan.problems if p.is_error]
        summary = (
            f"Файл «{Path(plan.file).name}», лист «{plan.sheet}»: будет добавлено школ — {len(plan.added)}, "
            f"изменено — {len(plan.changed)}, без изменений — {plan.unchanged}."
        )
        if errors:
            summary += f"\nНайдено ошибок: {len(errors)}. Исправьте файл и загрузите его снова; ничего не будет сохранено."
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)

        self.tabs = QTabWidget()
        self.added = self._tree(["Краткое наименование", "Код", "Тип", "Населённый пункт"])
        for s in plan.added:
            QTreeWidgetItem(self.added, [s.short_name, s.code or "", s.kind, s.settlement])
        self.changed = self._tree(["Школа", "Поле", "Было", "Станет"])
        for old, new in plan.changed:
            parent_item = QTreeWidgetItem(self.changed, [old.short_name])
            for name in EDITABLE_FIELDS:
                before, after = getattr(old, name), getattr(new, name)
                if before != after:
                    QTreeWidgetItem(parent_item, ["", SCHOOL_LABELS[name], _text(before), _text(after)])
            parent_item.setExpanded(True)
        self.problems = self._tree(["Вид", "Лист", "Строка", "Столбец", "Что не так"])
        for p in plan.problems:
            QTreeWidgetItem(self.problems, [
                "ошибка" if p.is_error else "предупреждение", p.sheet or "", str(p.row or ""), p.column or "", p.message,
            ])
        self.tabs.addTab(self.added, f"Добавить ({len(plan.added)})")
        self.tabs.addTab(self.changed, f"Изменить ({len(plan.changed)})")
        self.tabs.addTab(self.problems, f"Замечания ({len(plan.problems)})")
        if plan.problems:
            self.tabs.setCurrentWidget(self.problems)

        buttons = dialog_buttons(self, "Сохранить в реестр")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setEnabled(not errors and bool(plan.added or plan.changed))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    @staticmethod
    def _tree(headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tips_for_cut_cells(tree)
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        return tree


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)
