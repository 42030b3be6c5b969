"""The dialog of an unexpected error: what happened in words, the log's path, the details on request."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.logs import log_file_path


class CrashDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Внутренняя ошибка — МСОКО")  # Qt adds «МСОКО» to a title not ending with it
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "В программе произошла внутренняя ошибка. Уже сохранённые данные не пострадали.\n"
            "Сохраните работу и перезапустите программу. Если ошибка повторяется, передайте\n"
            f"разработчикам файл журнала:\n{log_file_path()}"
        ))
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Скопировать сведения", QDialogButtonBox.ButtonRole.ActionRole)
        more = buttons.addButton("Подробнее", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        more.clicked.connect(lambda: self.details.setVisible(not self.details.isVisible()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
