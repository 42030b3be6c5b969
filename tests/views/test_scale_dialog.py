"""The scale dialogs as a user drives them: bounds typed and OK pressed, a wrong bound keeping the dialog
open with its message beside the field, the list adding, deleting (asked first) and loading a sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.models.scales import Scale, ScalesRepository
from desktop.views.dialogs.scale_dialog import ScaleDialog, ScalesDialog, ask_scale
from tests.builders.scales_files import ROWS, write_scales_xlsx
from tests.views.helpers import press, type_text, when_dialog


def type_score(qtbot, box, text: str) -> None:
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    box.interpretText()


def fill_bounds(qtbot, dialog: ScaleDialog, min3: str, min4: str, min5: str) -> None:
    for box, text in ((dialog.min3, min3), (dialog.min4, min4), (dialog.min5, min5)):
        type_score(qtbot, box, text)


def test_a_missing_scale_is_entered_with_its_assessment_locked_and_the_maximum_filled_in(qtbot, db):
    repository = ScalesRepository(db)
    dialog = ScaleDialog(kind="ВПР", year=2025, subject="Математика", grade=5, max_score=20, locked=True,
                         save=repository.set)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not any(w.isEnabled() for w in (dialog.kind, dialog.year, dialog.subject, dialog.grade))
    assert dialog.max.value() == 20 and dialog.max.text() == "20"
    fill_bounds(qtbot, dialog, "7", "5", "17")  # «4» below «3»
    press(dialog, "Сохранить")
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors["min4"].isVisible()
    assert dialog.errors["min4"].text() == "Мин. балл на «4» (5) должен быть больше, чем на «3» (7)."
    assert not dialog.errors["min3"].isVisible() and not dialog.errors["max"].isVisible()
    assert repository.list() == []  # nothing saved while the dialog is open with a wrong bound

    type_score(qtbot, dialog.min4, "12")
    type_score(qtbot, dialog.max, "16")  # now the maximum is below «5»
    press(dialog, "Сохранить")
    assert dialog.isVisible() and dialog.errors["max"].isVisible() and not dialog.errors["min4"].isVisible()
    type_score(qtbot, dialog.max, "20")
    type_text(dialog.source, "письмо РЦОИ (пример)")
    press(dialog, "Сохранить")
    assert dialog.result() == dialog.DialogCode.Accepted
    expected = Scale("ВПР", 2025, "Математика", 5, 7, 12, 17, 20, "письмо РЦОИ (пример)")
    assert dialog.saved == expected
    assert repository.get("ВПР", 2025, "математика", 5) == expected


def test_ask_scale_opens_the_dialog_and_returns_the_saved_scale_or_none(qtbot, db):
    def enter(dialog):
        fill_bounds(qtbot, dialog, "4", "8", "12")
        press(dialog, "Сохранить")

    when_dialog(enter, kind=ScaleDialog)
    saved = ask_scale(None, db, "ВПР", 2024, "история", 5, max_score=15)
    assert saved == Scale("ВПР", 2024, "История", 5, 4, 8, 12, 15)
    assert ScalesRepository(db).list() == [saved]
    when_dialog(lambda dialog: press(dialog, "Отмена"), kind=ScaleDialog)
    assert ask_scale(None, db, "ВПР", 2024, "Физика", 7) is None
    assert ScalesRepository(db).list() == [saved]


def test_the_list_adds_edits_and_deletes_after_asking(qtbot, db):
    repository = ScalesRepository(db)
    dialog = ScalesDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 0 and not dialog.delete_button.isEnabled()

    def add(scale_dialog):
        type_text(scale_dialog.subject, "русский язык")
        scale_dialog.grade.setValue(4)
        scale_dialog.year.setValue(2025)
        fill_bounds(qtbot, scale_dialog, "14", "24", "33")
        type_score(qtbot, scale_dialog.max, "38")
        press(scale_dialog, "Сохранить")

    when_dialog(add, kind=ScaleDialog)
    dialog.add_button.click()
    assert repository.list() == [Scale("ВПР", 2025, "Русский язык", 4, 14, 24, 33, 38)]
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(8)] == ["ВПР", "2025", "Русский язык", "4", "14", "24",
                                                                   "33", "38"]
    assert dialog.delete_button.isEnabled()  # the new scale is selected

    def edit(scale_dialog):
        assert not scale_dialog.subject.isEnabled() and scale_dialog.min3.value() == 14
        type_score(qtbot, scale_dialog.min3, "13")
        press(scale_dialog, "Сохранить")

    when_dialog(edit, kind=ScaleDialog)
    dialog.edit_button.click()
    assert repository.get("ВПР", 2025, "Русский язык", 4).min3 == 13 and len(repository.list()) == 1

    dialog.table.selectRow(0)
    asked = when_dialog(lambda box: press(box, "Не удалять"), kind=QMessageBox)
    dialog.delete_button.click()
    assert asked == ["Удаление шкалы"] and len(repository.list()) == 1
    when_dialog(lambda box: press(box, "Удалить"), kind=QMessageBox)
    dialog.delete_button.click()
    assert repository.list() == [] and dialog.table.rowCount() == 0


def test_the_list_loads_a_sheet_and_a_bad_sheet_saves_nothing(qtbot, db, tmp_path):
    repository = ScalesRepository(db)
    dialog = ScalesDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    bad = write_scales_xlsx(tmp_path / "плохие.xlsx", [ROWS[0], ["ВПР", 2025, "История", 5, 4, 3, 10, 15, ""]])
    messages = []
    when_dialog(lambda box: (messages.append(box.text()), box.accept()), kind=QMessageBox)
    dialog.load_file(str(bad))
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert "строка 4, столбец F: Мин. балл на «4» (3) должен быть больше, чем на «3» (4)" in messages[0]
    assert "Ничего не сохранено" in messages[0]
    assert repository.list() == [] and dialog.table.rowCount() == 0

    dialog.load_file(str(write_scales_xlsx(tmp_path / "шкалы.xlsx")))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    assert len(repository.list()) == 3
    assert dialog.status.text() == "Загружено шкал из «шкалы.xlsx»: 3."

    asked = when_dialog(lambda box: press(box, "Не загружать"), kind=QMessageBox)
    repository.set(Scale("ВПР", 2025, "Математика", 5, 1, 2, 3, 4))
    dialog.fill()
    dialog.load_file(str(tmp_path / "шкалы.xlsx"))  # it would replace the stored three: asked, refused
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert repository.get("ВПР", 2025, "Математика", 5).min3 == 1


def test_the_results_tab_opens_the_list_from_the_rules_menu(qtbot, db, db_path):
    from desktop.views.results_tab import ResultsTab

    tab = ResultsTab(db, db_path)
    qtbot.addWidget(tab)
    entries = [a.text() for a in tab.rules_menu.actions()]  # the menu of the toolbar's «Правила»
    assert entries.index("Шкалы перевода баллов…") == entries.index("Минимальные баллы ЕГЭ…") + 1
    seen = when_dialog(lambda dialog: dialog.reject(), kind=ScalesDialog)
    tab.scales_action.trigger()
    assert seen == ["Шкалы перевода баллов"]
