"""The main window over the demo district, as the views' tests open it; the demo district with its three
years of results, built once per module, and the Results tab over it."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.views.app import DesktopApp

TODAY = date(2026, 11, 23)


@pytest.fixture
def app_window(qtbot, demo_db_path):
    desktop = DesktopApp(demo_db_path)
    window = desktop.open(demo_db_path)  # the app owns its windows; desktop.close() disposes of them
    window.show()
    yield desktop, window
    desktop.close()


@pytest.fixture(scope="module")
def results_db_path(tmp_path_factory):
    from tests.builders.demo_office import demo_with_results

    return demo_with_results(tmp_path_factory.mktemp("results") / "demo.sqlite", TODAY)


@pytest.fixture
def results_tab(qtbot, results_db_path):
    from desktop.services.database import open_database
    from desktop.views.results_tab import ResultsTab

    db = open_database(results_db_path)
    widget = ResultsTab(db, results_db_path)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.show()
    yield widget
    db.close()
