"""Item-data roles shared by the project's item models."""

from PySide6.QtCore import Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row object (a dataclass)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value to sort on (numbers, dates), not its text
