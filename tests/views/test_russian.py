"""Qt's own words in the window are Russian: message boxes, a text field's right-click menu."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QMessageBox

from desktop.views.russian import install_russian


def test_message_boxes_and_text_menus_speak_russian(qtbot, qapp):
    assert install_russian(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "Удаление", "Удалить?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert [box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Yes,
                                                             QMessageBox.StandardButton.No)] == ["Да", "Нет"]
    field = QLineEdit("текст")
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    words = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
    assert {"Отменить действие", "Вырезать", "Копировать", "Вставить", "Выделить всё"} <= set(words), words
    menu.deleteLater()
