"""The schools registry as a table model, and the proxy behind search-as-you-type."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.folding import fold
from desktop.models.qt.roles import ROW_ROLE, SORT_ROLE
from desktop.models.schools import SCHOOL_LABELS, School, SchoolsRepository

COLUMNS = ["short_name", "code", "rcoi_code", "kind", "settlement", "director", "phone", "active", "flags", "note"]
(COL_NAME, COL_CODE, COL_RCOI_CODE, COL_KIND, COL_SETTLEMENT, COL_DIRECTOR, COL_PHONE, COL_ACTIVE, COL_FLAGS,
 COL_NOTE) = range(len(COLUMNS))
FLAG_NAMES = {"low_results": "низкие результаты", "objectivity_risk": "необъективность"}
_FLAGGED = QBrush(QColor("#fde2e1"))
_INACTIVE = QBrush(QColor("#8a8a8a"))

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root, as the default parent


class SchoolsTableModel(QAbstractTableModel):
    def __init__(self, repository: SchoolsRepository, parent=None):
        super().__init__(parent)
        self._repository = repository
        self._schools: list[School] = []
        self._flags: dict[int, list] = {}  # school id → flags (with .flag and .explanation)
        self.flags_year: int | None = None
        self.reload()

    def set_flags(self, year: int | None, flags: dict[int, list]) -> None:
        """The results rules' flags of each school, computed by the service for the latest year."""
        self.flags_year, self._flags = year, flags
        if self._schools:
            column = self.index(0, COL_FLAGS)
            self.dataChanged.emit(column, self.index(len(self._schools) - 1, COL_FLAGS))

    def reload(self) -> None:
        self.beginResetModel()
        self._schools = self._repository.list()
        self.endResetModel()

    def row_of(self, school_id: int) -> int | None:
        return next((i for i, s in enumerate(self._schools) if s.id == school_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._schools)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if COLUMNS[section] == "flags":
                return f"Признаки ({self.flags_year})" if self.flags_year else "Признаки"
            return SCHOOL_LABELS[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._schools)):
            return None
        school = self._schools[index.row()]
        name = COLUMNS[index.column()]
        if name == "flags":
            return self._flags_data(school, role)
        value = getattr(school, name)
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "active":
                return "да" if value else "нет"
            return value or ""
        if role == Qt.ItemDataRole.ToolTipRole and name == "short_name":
            return school.full_name or None
        if role == Qt.ItemDataRole.ToolTipRole and name == "code" and school.old_codes:
            return "Старые коды ФИС ОКО: " + ", ".join(school.old_codes)
        if role == Qt.ItemDataRole.ForegroundRole and not school.active:
            return _INACTIVE
        if role == SORT_ROLE:
            return int(value) if name == "active" else (value or "").casefold()
        if role == ROW_ROLE:
            return school
        return None


    def _flags_data(self, school: School, role: int):
        flags = self._flags.get(school.id, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return "; ".join(dict.fromkeys(FLAG_NAMES.get(f.flag, f.flag) for f in flags))
        if role == Qt.ItemDataRole.ToolTipRole and flags:
            return "\n".join(f"• {f.explanation}" for f in flags)
        if role == Qt.ItemDataRole.BackgroundRole and flags:
            return _FLAGGED
        if role == SORT_ROLE:
            return len(flags)
        if role == ROW_ROLE:
            return school
        return None


class SchoolsFilterProxy(QSortFilterProxyModel):
    """Text search over every column (and the full name); inactive schools shown on request."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._show_inactive = True
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_inactive(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_inactive = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        school: School = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if not self._show_inactive and not school.active:
            return False
        if not self._words:
            return True
        fields = ("short_name", "full_name", "code", "rcoi_code", "kind", "settlement", "director", "phone", "note")
        haystack = fold(" ".join([*(str(getattr(school, k) or "") for k in fields), *school.old_codes]))
        return all(word in haystack for word in self._words)
