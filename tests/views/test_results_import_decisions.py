"""Unknown schools in the window's results import: one list for the whole batch, decisions kept in
the plan, so that «Отмена» at any step leaves the database byte for byte as it was; after saving,
the new schools are in the registry and the Results tab shows what was imported."""

from __future__ import annotations

from desktop.models.schools import SchoolsRepository
from desktop.services.database import open_database
from desktop.views.dialogs.results_import_dialog import ADD_TEXT, MatchSchoolsDialog, ResultsImportDialog
from desktop.views.results_tab import ResultsTab
from tests.builders.result_files import SchoolJournal, SchoolMarks, write_fisoko_journal, write_fisoko_marks
from tests.services.results.results_helpers import dump
from tests.views.helpers import press, when_dialog

NEW = [("МКОУ «ООШ с. Берёзовка»", "edu771003"), ("МБОУ «Гимназия № 2 г. Приреченск»", "edu771002")]


def _files(folder):
    marks = write_fisoko_marks(folder / "статистика.xlsx", subject="Математика", grade=6,
                               schools=[SchoolMarks(n, c, (1, 2, 3, 4)) for n, c in NEW]).path
    journal = write_fisoko_journal(folder / "сравнение.xlsx", subject="Математика", grade=6,
                                   schools=[SchoolJournal(n, c, 1, 8, 1) for n, c in NEW]).path
    return [str(marks), str(journal)]


def _tab(qtbot, path):
    db = open_database(path)
    tab = ResultsTab(db, path)
    qtbot.addWidget(tab)
    tab.show()
    return db, tab


def test_cancel_after_choosing_add_leaves_the_database_as_it_was(qtbot, tmp_path):
    path = tmp_path / "office.sqlite"
    db, tab = _tab(qtbot, path)
    before = dump(path)
    seen = {}

    def decide(dialog):
        seen["rows"] = dialog.table.rowCount()
        for _unmatched, combo in dialog.choices:
            combo.setCurrentIndex(combo.findText(ADD_TEXT))
        press(dialog, "Продолжить")

    def cancel(dialog):
        seen["summary"] = dialog.summary.text()
        press(dialog, "Отмена")

    when_dialog(decide, kind=MatchSchoolsDialog)
    when_dialog(cancel, kind=ResultsImportDialog)
    tab.import_files(_files(tmp_path))
    qtbot.waitUntil(lambda: "summary" in seen, timeout=15_000)
    assert seen["rows"] == 2  # two schools, each asked once though both files name them
    assert "Берёзовка" in seen["summary"]  # the preview says which schools will be added
    qtbot.wait(50)
    assert dump(path) == before
    db.close()


def test_cancel_in_the_list_of_schools_writes_nothing_either(qtbot, tmp_path):
    path = tmp_path / "office.sqlite"
    db, tab = _tab(qtbot, path)
    before = dump(path)
    seen = []
    when_dialog(lambda d: (seen.append(1), press(d, "Отмена")), kind=MatchSchoolsDialog)
    tab.import_files(_files(tmp_path))
    qtbot.waitUntil(lambda: bool(seen), timeout=15_000)
    qtbot.wait(50)
    assert dump(path) == before
    db.close()


def test_add_all_new_then_save_adds_clean_schools_and_shows_the_import(qtbot, tmp_path):
    path = tmp_path / "office.sqlite"
    db, tab = _tab(qtbot, path)
    saved = []

    def decide(dialog):
        for _unmatched, combo in dialog.choices:
            combo.setCurrentIndex(0)  # «не загружать» everywhere, then the button
        press(dialog, "Добавить все новые")
        press(dialog, "Продолжить")

    when_dialog(decide, kind=MatchSchoolsDialog)
    when_dialog(lambda d: (saved.append(1), press(d, "Сохранить")), kind=ResultsImportDialog)
    tab.import_files(_files(tmp_path))
    qtbot.waitUntil(lambda: bool(saved) and tab.kind.count() == 1, timeout=15_000)
    schools = {s.code: s for s in SchoolsRepository(db).list()}
    assert set(schools) == {"edu771003", "edu771002"}
    assert (schools["edu771002"].short_name, schools["edu771002"].kind, schools["edu771002"].settlement) == (
        "МБОУ «Гимназия № 2 г. Приреченск»", "Гимназия", "г. Приреченск")
    assert tab.selection() == ("ВПР", 2026, "Математика", 6)
    db.close()
