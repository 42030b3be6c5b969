"""A roadmap as a tree: sections with their measures (measures outside sections at the top level).

The model filters itself: it keeps the whole plan and, when the filter changes, rebuilds the tree of
matching rows in one reset. A QSortFilterProxyModel over a 5,000-row tree spent seconds a keystroke
in its mapping updates (millions of parent() calls), and the tab needs the visible measures for the
timeline anyway."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.folding import fold
from desktop.models.qt.roles import ROW_ROLE
from desktop.models.roadmaps import OCCURRENCE_STATES, Measure, Section, status_label

COLUMNS = ["№", "Мероприятие", "Срок", "Участники", "Ответственные", "Статус"]
COL_NUMBER, COL_TEXT, COL_DEADLINE, COL_PARTICIPANTS, COL_RESPONSIBLE, COL_STATUS = range(len(COLUMNS))
EDITABLE = {COL_NUMBER: "number", COL_TEXT: "text", COL_DEADLINE: "deadline_text",
            COL_PARTICIPANTS: "participants", COL_RESPONSIBLE: "responsible"}

OVERDUE = QBrush(QColor("#fde2e1"))
DUE_SOON = QBrush(QColor("#fff4d6"))
DONE = QBrush(QColor("#e3f4e1"))
MUTED = QBrush(QColor("#8a8a8a"))
WARNING_TEXT = QBrush(QColor("#a15c00"))

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
# Computed once: combining enum flags in Python at every paint is measurable on 5,000 rows.
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsEditable


@dataclass(eq=False)
class Node:
    """A row of the tree: a section (with children) or a measure."""

    section: Section | None = None
    measure: Measure | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        siblings = self.parent.children if self.parent else []
        return siblings.index(self)


class RoadmapTreeModel(QAbstractItemModel):
    # An edit typed into the tree: (the Measure or Section, column, new text). The tab saves it
    # through its undo stack and then calls refresh_measure / load; the model never writes itself.
    edit_requested = Signal(object, int, str)

    def __init__(self, parent=None, today: date | None = None, due_soon_days: int = 14):
        super().__init__(parent)
        self.root = Node()
        self.today = today or date.today()
        self.due_soon_days = due_soon_days
        self.filter = RoadmapFilter()
        self.finished = False  # a finished plan: read-only, and nothing in it is overdue or due any more
        self._groups: list[tuple[Section | None, list[Measure]]] = []
        self._search: dict[int, str] = {}  # measure id → folded text, computed once per load

    def load(self, groups: list[tuple[Section | None, list[Measure]]]) -> None:
        """Groups in plan order, as `roadmap_export.load_roadmap` gives them."""
        self._groups = groups
        self._search = {m.id: _fold(m.number, m.text, m.deadline_text, m.participants, m.responsible)
                        for _, measures in groups for m in measures}
        self._rebuild()

    def set_filter(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.filter, key, value)
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.root = Node()
        active = self.filter.is_active()
        for section, measures in self._groups:
            section_text = _fold(section.number, section.title) if section else ""
            kept = [m for m in measures if not active or self._passes(m, section_text)]
            if active and not kept and not (section and self._section_passes(section_text)):
                continue
            holder = self.root
            if section is not None:
                holder = Node(section=section, parent=self.root)
                self.root.children.append(holder)
            holder.children.extend(Node(measure=m, parent=holder) for m in kept)
        self.endResetModel()

    def _section_passes(self, section_text: str) -> bool:
        f = self.filter
        return bool(f.words) and not f.has_state_filters() and all(w in section_text for w in f.words)

    def _passes(self, measure: Measure, section_text: str) -> bool:
        """A measure passes when each word is in its text or its section's title, and every other
        filter holds."""
        f = self.filter
        text = self._search.get(measure.id, "") + " " + section_text
        if f.words and not all(w in text for w in f.words):
            return False
        if f.status and measure.status_on(self.today) != f.status:
            return False
        if f.responsible and f.responsible not in _fold(measure.responsible):
            return False
        if f.overdue_only and not self._overdue(measure):
            return False
        if f.due_soon_only and not self._due_soon(measure):
            return False
        if f.month:
            year, month = f.month
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1)
            if not any(a < last and b >= first for a, b in measure.range_dates()):
                return False
        return True

    def _overdue(self, measure: Measure) -> bool:
        return not self.finished and measure.is_overdue(self.today)

    def _due_soon(self, measure: Measure) -> bool:
        return not self.finished and measure.is_due_soon(self.today, self.due_soon_days)

    def all_measures(self) -> list[Measure]:
        """The whole plan, whatever the filter shows."""
        return [m for _, measures in self._groups for m in measures]

    def measures(self) -> list[Measure]:
        """The measures shown, in plan order."""
        found = []
        for node in self.root.children:
            if node.measure:
                found.append(node.measure)
            found.extend(child.measure for child in node.children)
        return found

    def refresh_measure(self, measure: Measure) -> None:
        """Show a measure's saved state in place, without rebuilding the tree."""
        index = self.index_of_measure(measure.id)
        if not index.isValid():
            return
        node: Node = index.internalPointer()
        node.measure = measure
        for _, measures in self._groups:
            for i, old in enumerate(measures):
                if old.id == measure.id:
                    measures[i] = measure
        self._search[measure.id] = _fold(measure.number, measure.text, measure.deadline_text,
                                         measure.participants, measure.responsible)
        self.dataChanged.emit(index, index.siblingAtColumn(len(COLUMNS) - 1))

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        node = self._node(index)
        item = node.measure or node.section
        if str(value) != str(self.data(index, Qt.ItemDataRole.EditRole)):
            self.edit_requested.emit(item, index.column(), str(value))
        return False

    def index_of_measure(self, measure_id: int) -> QModelIndex:
        for top in self.root.children:
            for node in [top, *top.children]:
                if node.measure and node.measure.id == measure_id:
                    return self.createIndex(node.row(), 0, node)
        return QModelIndex()

    # --- the tree ------------------------------------------------------------------------------
    def _node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        holder = self._node(parent)
        if 0 <= row < len(holder.children) and 0 <= column < len(COLUMNS) and (not parent.isValid() or parent.column() == 0):
            return self.createIndex(row, column, holder.children[row])
        return QModelIndex()

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        if node.parent is None or node.parent is self.root:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._node(index)
        editable = index.column() in EDITABLE if node.measure else index.column() in (COL_NUMBER, COL_TEXT)
        return _EDITABLE_FLAGS if editable and not self.finished else _FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._node(index)
        if node.section is not None:
            return self._section_data(node.section, index.column(), role)
        return self._measure_data(node.measure, index.column(), role)

    def _section_data(self, section: Section, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {COL_NUMBER: section.number or "", COL_TEXT: section.title}.get(column, "")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == ROW_ROLE:
            return section
        return None

    def _measure_data(self, measure: Measure, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == COL_STATUS:
                return status_label(measure, self.today)
            return getattr(measure, EDITABLE[column]) or ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if measure.status_on(self.today) == "done":
                return DONE
            if self._overdue(measure):
                return OVERDUE
            if self._due_soon(measure):
                return DUE_SOON
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if measure.status_on(self.today) == "cancelled":
                return MUTED
            if column == COL_DEADLINE and measure.deadline.get("warnings"):
                return WARNING_TEXT
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_DEADLINE:
            # the deadline as written (whole, when the column cuts it), then what was read of it
            lines = (measure.deadline_text, _deadline_tooltip(measure, None if self.finished else self.today))
            return "\n".join(line for line in lines if line) or None
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_TEXT, COL_PARTICIPANTS, COL_RESPONSIBLE):
            return getattr(measure, EDITABLE[column]) or None  # the whole text, when the column cuts it
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_STATUS:
            return status_label(measure, self.today)
        if role == ROW_ROLE:
            return measure
        return None


def _deadline_tooltip(measure: Measure, today: date | None) -> str | None:
    """Each range of the deadline; a recurring measure's occurrences with their state (on `today`; of a
    finished plan only done or not)."""
    ranges = measure.range_dates()
    lines = [f"{a:%d.%m.%Y} – {b:%d.%m.%Y}" if a != b else f"{a:%d.%m.%Y}" for a, b in ranges]
    if measure.recurring:
        lines = []
        for occurrence in measure.occurrences():
            state = measure.occurrence_state(occurrence, today or date.min)
            shown = OCCURRENCE_STATES[state] if today or state in ("done", "cancelled") else "не выполнено"
            day = f" {occurrence.status_date:%d.%m.%Y}" if state == "done" and occurrence.status_date else ""
            lines.append(f"{occurrence.label} — {shown}{day}")
    if not ranges and measure.deadline_text:
        lines.append("срок не прочитан как даты")
    lines.extend(f"⚠ {w}" for w in measure.deadline.get("warnings", []))
    return "\n".join(lines) or None


def _fold(*parts: str | None) -> str:
    return fold(" ".join(p for p in parts if p))


@dataclass
class RoadmapFilter:
    words: list[str] = field(default_factory=list)
    status: str | None = None  # a key of STATUS_LABELS
    responsible: str = ""
    overdue_only: bool = False
    due_soon_only: bool = False
    month: tuple[int, int] | None = None  # (year, month): measures with a range touching it

    def has_state_filters(self) -> bool:
        return bool(self.status or self.responsible or self.overdue_only or self.due_soon_only or self.month)

    def is_active(self) -> bool:
        return bool(self.words) or self.has_state_filters()
