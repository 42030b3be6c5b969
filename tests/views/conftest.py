"""The main window over the demo district, as the views' tests open it."""

import pytest

from desktop.views.app import DesktopApp


@pytest.fixture
def app_window(qtbot, demo_db_path):
    desktop = DesktopApp(demo_db_path)
    window = desktop.open(demo_db_path)  # the app owns its windows; desktop.close() disposes of them
    window.show()
    yield desktop, window
    desktop.close()
