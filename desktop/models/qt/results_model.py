"""Schools × indicators for one assessment kind and year, with the district, region and whole-sample
rows pinned at the bottom whatever the sort."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.figures import (
    INDICATOR_LABELS,
    INTERVIEW,
    JOURNAL,
    LABELS,
    MARKS,
    PASS_FAIL,
    PASS_FAIL_KINDS,
    format_figure,
)
from desktop.models.qt.roles import ROW_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

# (header, attribute, format of `desktop.figures.format_figure`: the formats of the report's tables)
COLUMNS = [
    ("Школа / группа", "name", "text"),
    ("Предмет", "subject", "text"),
    ("Класс", "grade", "int"),
    *((LABELS[name], name, "int") for name in ("participants", *MARKS)),
    *((INDICATOR_LABELS[name], name, fmt) for name, fmt in (
        ("pass_rate", "percent"),
        ("quality_rate", "percent"),
        ("quality_change", "change"),
        ("mean_mark", "decimal"),
        ("sou", "percent"),
        ("share_2", "percent"),
        *((f"share_{what}", "percent") for what in JOURNAL),
    )),
]
# the сочинение and the собеседование: «зачёт» / «незачёт» instead of marks, the собеседование's mean score
PASS_FAIL_COLUMNS = [
    *COLUMNS[:4],
    *((LABELS[name], name, "int") for name in PASS_FAIL),
    ("Незачёт, %", "share_failed", "percent"),  # «Доля незачёта» is wider than the column
    ("Δ незачёта", "failed_change", "change"),
]
INTERVIEW_COLUMNS = [*PASS_FAIL_COLUMNS, (INDICATOR_LABELS["mean_primary"], "mean_primary", "score")]
COL_NAME, COL_SUBJECT, COL_GRADE = 0, 1, 2


def columns_for(kind: str | None) -> list[tuple[str, str, str]]:
    """The columns of a kind's table: marks and their indicators, or «зачёт» / «незачёт»."""
    if kind == INTERVIEW:
        return INTERVIEW_COLUMNS
    return PASS_FAIL_COLUMNS if kind in PASS_FAIL_KINDS else COLUMNS


PIN_ORDER = {"school": 0, "municipality": 1, "reported_municipality": 2, "region": 3, "all": 4}
LEVEL_LABELS = {"municipality": "Муниципалитет (по школам)", "reported_municipality": "Муниципалитет (ФИС ОКО)",
                "region": "Регион", "all": "Россия (вся выборка)"}
_PINNED_BACKGROUND = QBrush(QColor("#eef2f7"))
# columns with a red → green background: True when a higher share is better
_SCALED = {"pass_rate": True, "quality_rate": True, "share_2": False, "share_failed": False}


def value_of(row, attribute: str):
    if attribute == "quality_change":
        return (row.change or {}).get("quality_rate")
    if attribute == "failed_change":
        return (row.change or {}).get("share_failed")
    if attribute.removeprefix("share_") in JOURNAL:
        return row.journal_share(attribute.removeprefix("share_"))
    return getattr(row, attribute)


_LOW, _MID, _HIGH = (248, 205, 205), (251, 238, 196), (210, 240, 210)


def _scale(value: float, good_high: bool) -> QBrush:
    """A soft red → yellow → green background for a share from 0 to 1 (reversed for «bad» shares)."""
    t = min(max(value if good_high else 1 - value, 0.0), 1.0)
    start, end, u = (_LOW, _MID, t * 2) if t < 0.5 else (_MID, _HIGH, (t - 0.5) * 2)
    return QBrush(QColor(*(round(a + (b - a) * u) for a, b in zip(start, end, strict=True))))


class ResultsTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []
        self.columns = COLUMNS

    def load(self, schools: list, pinned: list, columns: list | None = None) -> None:
        self.beginResetModel()
        self.columns = columns or COLUMNS
        self.rows = list(schools) + sorted(pinned, key=lambda r: (PIN_ORDER.get(r.level, 9), r.subject, r.grade))
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            title, attribute, _ = self.columns[section]
            if self.columns is not COLUMNS:
                return (f"{title}\n«Незачёт, %» — доля незачёта от получивших зачёт или незачёт; «Δ незачёта» — её "
                        "изменение к прошлому году, п. п.")
            lines = [title, "Проценты от участников с отметкой; «Понизили/Подтвердили/Повысили» — от сравнённых с журналом"]
            if attribute in _SCALED:  # the colour scale of the column's cells explained
                better = "выше" if _SCALED[attribute] else "ниже"
                lines.append(f"Фон ячейки: от красного (хуже) к зелёному (лучше); лучше — чем {better}")
            return "\n".join(lines)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        _, attribute, fmt = self.columns[index.column()]
        pinned = row.level != "school"
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_NAME and pinned:
                return LEVEL_LABELS.get(row.level, row.name)
            return format_figure(value_of(row, attribute), fmt)
        if role == Qt.ItemDataRole.TextAlignmentRole and fmt != "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            value = value_of(row, attribute)
            if attribute in _SCALED and value is not None:
                return _scale(value, good_high=_SCALED[attribute])
            return _PINNED_BACKGROUND if pinned else None
        if role == Qt.ItemDataRole.FontRole and pinned:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NAME:
            return row.name
        if role == SORT_ROLE:
            return self.sort_key(index.row(), index.column())
        if role == ROW_ROLE:
            return row
        return None


    def sort_key(self, row: int, column: int):
        _, attribute, fmt = self.columns[column]
        value = value_of(self.rows[row], attribute)
        if fmt == "text":
            return (value or "").casefold()
        return float("-inf") if value is None else float(value)


class PinnedLastProxy(QSortFilterProxyModel):
    """Sorts schools by the clicked column and keeps the reference rows at the bottom in both orders."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        # The source rows are read directly: index.data() through PySide cost ~70 ms a sort of 260 rows.
        model: ResultsTableModel = self.sourceModel()
        a, b = left.row(), right.row()
        left_pin, right_pin = PIN_ORDER.get(model.rows[a].level, 9), PIN_ORDER.get(model.rows[b].level, 9)
        if left_pin or right_pin:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            if left_pin == right_pin:
                return (a < b) == ascending
            return (left_pin < right_pin) == ascending
        column = left.column()
        return model.sort_key(a, column) < model.sort_key(b, column)
