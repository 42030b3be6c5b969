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


def test_the_translations_are_found_in_the_package_when_qt_looks_elsewhere(qtbot, qapp, monkeypatch, tmp_path):
    # The installed program's Qt may not be told where its translations are (no qt.conf beside it):
    # PySide6's own folder is looked in too.
    from PySide6.QtCore import QLibraryInfo

    from desktop.views import russian

    class Elsewhere:
        LibraryPath = QLibraryInfo.LibraryPath

        @staticmethod
        def path(_which):
            return str(tmp_path)  # an empty folder

    monkeypatch.setattr(russian, "QLibraryInfo", Elsewhere)
    assert russian.translation_folders()[0] == str(tmp_path)
    assert install_russian(qapp)
    monkeypatch.setattr(russian, "translation_folders", lambda: [str(tmp_path)])
    assert not install_russian(qapp)  # and a missing translation is said, not hidden
