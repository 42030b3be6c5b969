"""The preview of a roadmap import: the plan as read — sections, measures, deadlines and how they were
understood, who answers for each and (for an order's clauses) whom its clause addresses — and every
warning: the period taken against the title's, deadlines before the order or long after the plan,
measures without a responsible. Nothing is saved until the user confirms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.roadmap_import import RoadmapImportPlan
from desktop.views.cut_cells import CutCombo, fit_columns, tips_for_cut_cells
from desktop.views.dialogs.buttons import dialog_buttons


def describe_ranges(ranges: list[list[str]]) -> str:
    def day(iso: str) -> str:
        y, m, d = iso.split("-")
        return f"{d}.{m}.{y}"

    return "; ".join(day(a) if a == b else f"{day(a)}–{day(b)}" for a, b in ranges)


class RoadmapImportDialog(QDialog):
    """The preview; `plan` is what «Сохранить план» saves — planned again when the user picks another
    period (the order's date and the title disagreeing)."""

    def __init__(self, plan: RoadmapImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Загрузка плана — {Path(plan.file).name}")
        self.resize(1000, 600)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.period = QComboBox()
        for label, period in plan.period_choices:
            self.period.addItem(label, period)
        self.period.currentIndexChanged.connect(self._choose_period)
        self.title = CutCombo(30)  # the plan's title: the heading above the plan, or the order's own
        self.title.setEditable(True)
        self.title.addItems(plan.title_choices)
        self.title.setCurrentText(plan.roadmap.title)
        self.title.lineEdit().setCursorPosition(0)  # a long title shown from its start
        self.title.currentTextChanged.connect(self._choose_title)
        self.plan_tree = QTreeWidget()
        self.warnings = QTreeWidget()
        tips_for_cut_cells(self.plan_tree, self.warnings)
        self.warnings.setHeaderLabels(["Где", "Замечание"])
        self.warnings.setRootIsDecorated(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plan_tree, "")
        self.tabs.addTab(self.warnings, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        if plan.title_choices:
            row = QHBoxLayout()
            row.addWidget(QLabel("Название плана:"))
            row.addWidget(self.title, 1)
            layout.addLayout(row)
        if plan.period_choices:
            row = QHBoxLayout()
            row.addWidget(QLabel("Период плана:"))
            row.addWidget(self.period)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.tabs)
        layout.addWidget(dialog_buttons(self, "Сохранить план"))
        self._fill()

    def _choose_period(self, index: int) -> None:
        from desktop.services.roadmap_import import with_period

        chosen = self.period.itemData(index)
        if chosen and chosen != self.plan.roadmap.period:
            self.plan = with_period(self.plan, chosen)
            self._fill()

    def _choose_title(self, text: str) -> None:
        if text.strip():
            self.plan.roadmap.title = " ".join(text.split())
            self._fill()

    def _fill(self) -> None:
        plan = self.plan
        roadmap = plan.roadmap
        order = roadmap.order
        lines = [f"<b>{roadmap.title}</b>"]
        if order:
            lines.append(f"{order.kind.capitalize()} от {order.date:%d.%m.%Y} № {order.number}" if order.date
                         else f"{order.kind.capitalize()} № {order.number}")
        if roadmap.period:
            lines.append(f"Период плана: {roadmap.period_start:%d.%m.%Y} – {roadmap.period_end:%d.%m.%Y}")
        lines.append(f"Разделов: {plan.section_count}, мероприятий: {plan.measure_count}, замечаний: {len(plan.problems)}")
        self.summary.setText("<br>".join(lines))

        self.plan_tree.clear()
        with_addressees = plan.has_addressees
        headers = ["№", "Мероприятие", "Срок (как написано)", "Срок (как понят)", "Ответственные"]
        self.plan_tree.setHeaderLabels(headers + (["Кому адресован пункт"] if with_addressees else []))
        for section_index, section in enumerate(plan.sections):
            holder = self.plan_tree.invisibleRootItem()
            if section.number is not None or section.title is not None:
                holder = QTreeWidgetItem(self.plan_tree, [section.number or "", section.title or ""])
                holder.setFirstColumnSpanned(False)
                font = holder.font(1)
                font.setBold(True)
                holder.setFont(1, font)
                holder.setExpanded(True)
            for measure_index, m in enumerate(section.measures):
                understood = describe_ranges(m.deadline["ranges"]) or {
                    "continuous": "весь период", "yearly": "ежегодно", "recurring": "периодически",
                    "text": "не прочитан", "empty": "",
                }.get(m.deadline["kind"], "")
                row = [m.number or "", m.text, m.deadline_text, understood, m.responsible or "— не указан —"]
                if with_addressees:
                    row.append(plan.addressee(section_index, measure_index))
                QTreeWidgetItem(holder, row)
        self.plan_tree.expandAll()
        self.plan_tree.setColumnWidth(1, 420)
        fit_columns(self.plan_tree, skip=(1,))  # «Срок (как написано)» and the others' titles whole
        self.warnings.clear()
        for problem in plan.problems:
            where = ", ".join(x for x in (problem.sheet, f"строка {problem.row}" if problem.row else None) if x)
            QTreeWidgetItem(self.warnings, [where, problem.message])
        self.tabs.setTabText(0, f"План ({plan.measure_count})")
        self.tabs.setTabText(1, f"Замечания ({len(plan.problems)})")
