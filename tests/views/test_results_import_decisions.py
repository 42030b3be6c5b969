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


def test_saving_runs_behind_a_busy_window_whose_cancel_rolls_everything_back(qtbot, tmp_path, monkeypatch):
    # A region's file takes seconds to write: the window stays alive meanwhile, and «Отмена» in the
    # middle of the writing leaves the database byte for byte as it was, new schools included.
    import threading
    import time

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop.services import results_import
    from desktop.services.importers.intake.cancel import checkpoint

    path = tmp_path / "office.sqlite"
    db, tab = _tab(qtbot, path)
    before = dump(path)
    real = results_import.apply_results_import
    writing = threading.Event()

    def slow_apply(database, plan, **kwargs):
        writing.set()
        for _ in range(1000):  # ten seconds at most, looking at «Отмена» as the real saving does
            checkpoint()
            time.sleep(0.01)
        return real(database, plan, **kwargs)

    monkeypatch.setattr(results_import, "apply_results_import", slow_apply)
    messages = []
    tab.status_message.connect(messages.append)

    def decide(dialog):
        press(dialog, "Добавить все новые")
        press(dialog, "Продолжить")

    when_dialog(decide, kind=MatchSchoolsDialog)
    when_dialog(lambda d: press(d, "Сохранить"), kind=ResultsImportDialog)
    tab.import_files(_files(tmp_path))
    qtbot.waitUntil(writing.is_set, timeout=15_000)

    def busy():
        found = [d for d in tab.findChildren(QProgressDialog) if d.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: busy() is not None, timeout=5_000)  # shown while the UI thread is free
    assert busy().labelText() == "Сохранение результатов в базу…"
    (button,) = [b for b in busy().findChildren(QPushButton) if b.text() == "Отмена"]
    button.click()  # as the user does
    qtbot.waitUntil(lambda: messages == ["Загрузка отменена: ничего не сохранено."], timeout=5_000)
    assert dump(path) == before
    assert tab.kind.count() == 0
    db.close()
