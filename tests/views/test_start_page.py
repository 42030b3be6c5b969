"""«Сегодня», the first tab: overdue measures that open in the roadmap, the first steps of a new office
that disappear once done, the schools whose flags the last import brought."""

from datetime import date

from desktop.services import attention
from desktop.views.start_page import StartPage


def links(label) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', label.text())


def test_the_window_opens_on_the_start_page_and_an_overdue_measure_opens_in_the_roadmap(qtbot, app_window):
    _, window = app_window
    assert window.tabs.currentWidget() is window.start_page
    assert window.tabs.tabText(0) == "Сегодня"
    page = window.start_page
    overdue = page.view.overdue
    assert overdue, "the demo plan has overdue measures"
    entry = overdue[0]
    assert f"measure:{entry.roadmap_id}:{entry.measure_id}" in links(page.overdue)
    assert entry.text[:40] in page.overdue.text()

    page.overdue.linkActivated.emit(f"measure:{entry.roadmap_id}:{entry.measure_id}")  # the user's click
    assert window.tabs.currentWidget() is window.roadmap_tab
    tab = window.roadmap_tab.content
    assert tab.roadmap.id == entry.roadmap_id
    assert tab.selected_item().id == entry.measure_id
    assert tab.tree.hasFocus() or not window.isActiveWindow()


def test_next_steps_open_their_dialog_and_disappear_when_done(qtbot, db, db_path):
    from desktop.models.office import Office, save_office
    from desktop.models.schools import School, SchoolsRepository

    page = StartPage(db, db_path)
    qtbot.addWidget(page)
    assert [link for link in links(page.steps)] == ["step:office", "step:schools", "step:plan", "step:results"]
    asked = []
    page.step_requested.connect(asked.append)
    page.steps.linkActivated.emit("step:office")
    assert asked == ["office"]

    save_office(db, Office(full_name="Управление образования администрации Заречного МО", head_name="И. И. Иванов"))
    SchoolsRepository(db).add(School(short_name="СОШ № 1", full_name="МБОУ «СОШ № 1»"))
    page.refresh()
    assert links(page.steps) == ["step:plan", "step:results"]
    assert "Заполните реквизиты" not in page.steps.text()


def test_a_step_from_the_start_page_opens_the_right_dialog(qtbot, app_window):
    from desktop.views.dialogs.office_dialog import OfficeDialog
    from tests.views.helpers import when_dialog

    _, window = app_window
    seen = when_dialog(lambda dialog: dialog.reject(), kind=OfficeDialog)
    window.start_page.step_requested.emit("office")
    assert seen == ["Организация — реквизиты для документов"]


def test_flags_the_last_import_brought_are_new_and_noted_flags_are_not(demo_db, demo_db_path):
    from desktop.services.rules import Flag

    one = Flag(1, "1", "Школа 1", "LOW_RESULTS", "share_2", "доля «2» высока.")
    two = Flag(2, "2", "Школа 2", "OBJECTIVITY", "quality_jump", "качество выросло.")
    demo_db.execute("INSERT INTO result_imports (file_name, sha256, layout, imported_at) "
                    "VALUES ('a.xlsx', 'a', 'x', '2026-01-01T10:00:00')")
    first = attention.new_flags(demo_db, (2026, [one]))
    assert first.known and [name for _, name, _ in first.schools] == ["Школа 1"]  # the first results: all new
    attention.note_flags(demo_db, (2026, [one]))
    # noted: still what the last import brought, until the next import
    assert [s for s, _, _ in attention.new_flags(demo_db, (2026, [one])).schools] == [1]

    demo_db.execute("INSERT INTO result_imports (file_name, sha256, layout, imported_at) "
                    "VALUES ('b.xlsx', 'b', 'x', '2026-02-01T10:00:00')")
    after = attention.new_flags(demo_db, (2026, [one, two]))
    assert [(school, reasons) for school, _, reasons in after.schools] == [(2, ["качество выросло."])]
    attention.note_flags(demo_db, (2026, [one, two]))
    assert [s for s, _, _ in attention.new_flags(demo_db, (2026, [one, two])).schools] == [2]
    demo_db.execute("INSERT INTO result_imports (file_name, sha256, layout, imported_at) "
                    "VALUES ('c.xlsx', 'c', 'x', '2026-03-01T10:00:00')")
    assert attention.new_flags(demo_db, (2026, [one, two])).schools == []  # the next import brought none


def test_msoko_today_shows_the_same(tmp_path, demo_db_path):
    import json

    from tests.cli.run import msoko

    result = msoko("today", "--db", demo_db_path, "--json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["on"] == date.today().isoformat()
    assert view["overdue"] and {"roadmap_id", "measure_id", "plan", "due"} <= set(view["overdue"][0])
    assert [step["key"] for step in view["steps"]] == ["results"]  # the demo without its results
    text = msoko("today", "--db", demo_db_path)
    assert text.returncode == 0 and "Просрочено:" in text.stdout
