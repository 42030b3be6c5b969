"""A roadmap as a tree: sections with their measures (measures outside sections at the top level),
and the proxy behind the tab's filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.models.qt.roles import ROW_ROLE, SORT_ROLE
from desktop.models.roadmaps import STATUS_LABELS, Measure, Section

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


@dataclass(eq=False)
class Node:
    """A row of the tree: a section (with children) or a measure."""

    section: Section | None = None
    measure: Measure | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    search_text: str = ""  # folded once, so filtering as you type stays cheap

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
        self._row_of: dict[int, int] = {}

    def load(self, groups: list[tuple[Section | None, list[Measure]]]) -> None:
        """Groups in plan order, as `roadmap_export.load_roadmap` gives them."""
        self.beginResetModel()
        self.root = Node()
        for section, measures in groups:
            holder = self.root
            if section is not None:
                holder = Node(section=section, parent=self.root, search_text=_fold(section.number, section.title))
                self.root.children.append(holder)
            for measure in measures:
                holder.children.append(Node(measure=measure, parent=holder, search_text=_fold(
                    measure.number, measure.text, measure.deadline_text, measure.participants, measure.responsible)))
        self.endResetModel()

    def measures(self) -> list[Measure]:
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
        node.search_text = _fold(measure.number, measure.text, measure.deadline_text, measure.participants,
                                 measure.responsible)
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
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, holder.children[row])

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
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self._node(index)
        if node.measure and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        if node.section and index.column() in (COL_NUMBER, COL_TEXT):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

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
        if role == SORT_ROLE:
            return section.position
        return None

    def _measure_data(self, measure: Measure, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == COL_STATUS:
                label = STATUS_LABELS[measure.status]
                return f"{label} {measure.status_date:%d.%m.%Y}" if measure.status_date else label
            return getattr(measure, EDITABLE[column]) or ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if measure.status == "done":
                return DONE
            if measure.is_overdue(self.today):
                return OVERDUE
            if measure.is_due_soon(self.today, self.due_soon_days):
                return DUE_SOON
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if measure.status == "cancelled":
                return MUTED
            if column == COL_DEADLINE and measure.deadline.get("warnings"):
                return WARNING_TEXT
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_DEADLINE:
            return _deadline_tooltip(measure)
        if role == ROW_ROLE:
            return measure
        if role == SORT_ROLE:
            if column == COL_DEADLINE:
                return measure.due.toordinal() if measure.due else 10**7
            return measure.position
        return None


def _deadline_tooltip(measure: Measure) -> str | None:
    ranges = measure.range_dates()
    lines = [f"{a:%d.%m.%Y} – {b:%d.%m.%Y}" if a != b else f"{a:%d.%m.%Y}" for a, b in ranges]
    if not ranges and measure.deadline_text:
        lines.append("срок не прочитан как даты")
    lines.extend(f"⚠ {w}" for w in measure.deadline.get("warnings", []))
    return "\n".join(lines) or None


def _fold(*parts: str | None) -> str:
    return " ".join(p for p in parts if p).casefold().replace("ё", "е")


@dataclass
class RoadmapFilter:
    words: list[str] = field(default_factory=list)
    status: str | None = None  # a key of STATUS_LABELS
    responsible: str = ""
    overdue_only: bool = False
    due_soon_only: bool = False
    month: tuple[int, int] | None = None  # (year, month): measures with a range touching it


class RoadmapFilterProxy(QSortFilterProxyModel):
    """Sections stay visible while any of their measures passes the filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = RoadmapFilter()
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SORT_ROLE)

    def set_filter(self, **changes) -> None:
        self.beginFilterChange()
        for key, value in changes.items():
            setattr(self.filter, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model: RoadmapTreeModel = self.sourceModel()
        holder = source_parent.internalPointer() if source_parent.isValid() else model.root
        node: Node = holder.children[source_row]
        if node.measure is None:
            return self._section_matches(node)  # children are tried on their own (recursive filtering)
        return self._measure_matches(node, model)

    def _section_matches(self, node: Node) -> bool:
        f = self.filter
        plain_text_filter = not (f.status or f.responsible or f.overdue_only or f.due_soon_only or f.month)
        return bool(f.words) and plain_text_filter and all(w in node.search_text for w in f.words)

    def _measure_matches(self, node: Node, model: RoadmapTreeModel) -> bool:
        f = self.filter
        measure = node.measure
        if f.words and not all(w in node.search_text for w in f.words):
            return False
        if f.status and measure.status != f.status:
            return False
        if f.responsible and f.responsible not in _fold(measure.responsible):
            return False
        if f.overdue_only and not measure.is_overdue(model.today):
            return False
        if f.due_soon_only and not measure.is_due_soon(model.today, model.due_soon_days):
            return False
        if f.month:
            year, month = f.month
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1)
            if not any(a < last and b >= first for a, b in measure.range_dates()):
                return False
        return True
