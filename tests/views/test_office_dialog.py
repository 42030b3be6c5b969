"""«Организация…» suggests the office's name in the cases orders need while the user types it."""

from PySide6.QtCore import Qt

from desktop.models.office import Office
from desktop.views.dialogs.office_dialog import OfficeDialog
from tests.views.helpers import type_text


def test_the_cases_are_suggested_from_the_name_and_what_the_user_writes_is_kept(qtbot):
    dialog = OfficeDialog(Office(full_name="Отдел образования администрации Тестового района"))
    qtbot.addWidget(dialog)
    genitive, dative = dialog.editors["genitive_name"], dialog.editors["dative_name"]
    assert "«отдела образования администрации Тестового района»" in genitive.placeholderText()
    assert "«отделу образования администрации Тестового района»" in dative.placeholderText()
    short = dialog.editors["short_name"]
    short.setFocus()
    type_text(short, "Комитет по образованию")
    assert "«комитета по образованию»" in genitive.placeholderText()  # the short name is used first
    type_text(genitive, "Комитета по образованию МО «Тестовый район»")
    qtbot.keyClick(genitive, Qt.Key.Key_End)
    office = dialog.office()
    assert office.genitive_name == "Комитета по образованию МО «Тестовый район»" and office.dative_name == ""
