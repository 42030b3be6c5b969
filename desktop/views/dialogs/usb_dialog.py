"""«Экспорт на флешку…»: the documents to take, the drive (with its free space), then a verified copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.export_usb import export_files, removable_drives
from desktop.views.dialogs.buttons import dialog_buttons
from desktop.views.errors import show_user_error
from desktop.views.settings import last_folder, remember_folder

OFFERED = Qt.ItemDataRole.UserRole  # an item the dialog offered itself (a document saved lately): ticked or not


class UsbExportDialog(QDialog):
    def __init__(self, files: list[Path] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Экспорт на флешку")
        self.resize(640, 380)
        self.result_text = ""
        self.files = QListWidget()
        for f in files or []:
            self.files.addItem(str(f))
        if files is None:  # from the menu: the documents saved lately, today's ticked
            self._offer_saved()
        add = QPushButton("Добавить файлы…")
        add.clicked.connect(self._add_files)
        self.drive = QComboBox()
        refresh = QPushButton("Обновить")
        refresh.clicked.connect(self.refresh_drives)
        other = QPushButton("Другая папка…")
        other.clicked.connect(self._choose_folder)
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive, 1)
        drive_row.addWidget(refresh)
        drive_row.addWidget(other)
        form = QFormLayout()
        form.addRow("Документы:", self.files)
        form.addRow("", add)
        form.addRow("Куда:", drive_row)
        note = QLabel("Файлы будут записаны в папку «МСОКО <дата время>» и проверены чтением после записи.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(dialog_buttons(self, "Записать"))
        self.refresh_drives()

    def _offer_saved(self) -> None:
        from datetime import date, datetime

        from desktop.views.recent_files import SAVED, recent_files

        for path in recent_files(SAVED):
            if not path.is_file():
                continue
            item = QListWidgetItem(str(path))
            item.setData(OFFERED, True)
            today = datetime.fromtimestamp(path.stat().st_mtime).date() == date.today()
            item.setCheckState(Qt.CheckState.Checked if today else Qt.CheckState.Unchecked)
            self.files.addItem(item)

    def chosen_files(self) -> list[Path]:
        """The files listed, but those offered and unticked."""
        items = [self.files.item(i) for i in range(self.files.count())]
        return [Path(item.text()) for item in items
                if not item.data(OFFERED) or item.checkState() == Qt.CheckState.Checked]

    def refresh_drives(self) -> None:
        self.drive.clear()
        for drive in removable_drives():
            self.drive.addItem(drive.describe(), str(drive.path))
        if not self.drive.count():
            self.drive.addItem("Флешка не найдена — вставьте её и нажмите «Обновить»", None)

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Документы для выгрузки", last_folder("export"),
                                                "Документы (*.pdf *.docx *.xlsx);;Все файлы (*)")
        for path in paths:
            self.files.addItem(path)
        if paths:
            remember_folder("export", paths[0])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Папка для выгрузки", last_folder("export"))
        if folder:
            self.set_target(folder)

    def set_target(self, folder: str) -> None:
        self.drive.insertItem(0, folder, folder)
        self.drive.setCurrentIndex(0)

    def accept(self) -> None:
        files = self.chosen_files()
        target = self.drive.currentData()
        if not files:
            show_user_error(self, "Добавьте документы для выгрузки.", "Экспорт на флешку")
            return
        if target is None:
            show_user_error(self, "Флешка не найдена: вставьте её и нажмите «Обновить».", "Экспорт на флешку")
            return
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            copied = export_files(files, Path(target))
        except UserError as error:
            show_user_error(self, error, "Экспорт на флешку")
            return
        finally:
            self.unsetCursor()
        folder = copied[0].target.parent
        self.result_text = f"Записано и проверено файлов: {len(copied)} в папку «{folder}»."
        super().accept()
