"""«Восстановить из копии…»: choose one of the database's backups (or another file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backup import Backup
from desktop.views.cut_cells import tips_for_cut_cells
from desktop.views.dialogs.buttons import dialog_buttons

REASONS = {
    "daily": "ежедневная",
    "manual": "вручную",
    "before-restore": "перед восстановлением",
}


def describe_reason(reason: str) -> str:
    if reason.startswith("before-v"):
        return "перед обновлением базы"
    return REASONS.get(reason, reason)


class RestoreDialog(QDialog):
    def __init__(self, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Восстановление базы из резервной копии")
        self.resize(720, 420)
        self.chosen: Path | None = None
        note = QLabel(
            "Выберите копию. Текущее состояние базы будет сохранено отдельной копией перед восстановлением, "
            "так что восстановление можно отменить."
        )
        note.setWordWrap(True)
        self.list = QTreeWidget()
        tips_for_cut_cells(self.list)
        self.list.setHeaderLabels(["Дата и время", "Вид", "Размер", "Файл"])
        self.list.setRootIsDecorated(False)
        for backup in backups:
            item = QTreeWidgetItem([
                f"{backup.created:%d.%m.%Y %H:%M:%S}", describe_reason(backup.reason),
                f"{backup.path.stat().st_size / 1024:.0f} КБ", backup.path.name,
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addTopLevelItem(item)
        for column in range(3):  # the date with its seconds, the kind and the size whole; the file name takes the rest
            self.list.resizeColumnToContents(column)
        if backups:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        buttons = dialog_buttons(self, "Восстановить")
        other = buttons.addButton("Другой файл…", QDialogButtonBox.ButtonRole.ActionRole)
        other.clicked.connect(self._choose_file)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Файл резервной копии", "", "База МСОКО (*.sqlite *.db);;Все файлы (*)")
        if path:
            self.chosen = Path(path)
            super().accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = Path(item.data(0, Qt.ItemDataRole.UserRole))
        super().accept()
