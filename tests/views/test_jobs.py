"""Work off the UI thread runs in the application's own pool, which is drained when it quits."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from desktop.views import jobs


def test_work_runs_in_the_applications_pool_not_qts_global_one(qtbot):
    results = []
    jobs.run_task(lambda: threading.current_thread().name, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert jobs.pool() is not QThreadPool.globalInstance()
    assert jobs.pool().parent() == QApplication.instance()


def test_quitting_stops_reporting_work_and_waits_for_the_rest(qtbot):
    steps, finished = [], threading.Event()

    def reporting(progress):
        for step in range(200):
            progress(step // 2, "")
            steps.append(step)
            time.sleep(0.01)

    def silent():
        time.sleep(0.3)
        finished.set()

    jobs.run_task(reporting, lambda result: None, lambda error: None)
    jobs.run_task(silent, lambda result: None, lambda error: None)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    assert jobs.shutdown(5000)
    assert finished.is_set()  # waited for, not left running behind the exit
    assert len(steps) < 200  # asked to stop at its next report
    assert jobs.pool().activeThreadCount() == 0


def test_an_error_in_a_worker_thread_is_logged_without_making_a_window(caplog, monkeypatch):
    # A widget made off the GUI thread aborts the whole program; the crash dialog is for the UI thread.
    from desktop.views import errors
    from desktop.views.dialogs.crash_dialog import CrashDialog

    made = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: made.append(self))
    caught = []

    def worker():
        try:
            raise ValueError("сбой в фоне")
        except ValueError as error:
            errors.handle_exception(type(error), error, error.__traceback__)
            caught.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
    assert caught and not made
    assert "сбой в фоне" in caplog.text


def test_the_screenshot_mode_waits_for_work_started_by_the_window(tmp_path):
    # app.exit() ends the loop without aboutToQuit: the flags of the Schools tab, still being computed,
    # used to finish after the application was gone and abort the process.
    import os
    import subprocess
    import sys

    db = tmp_path / "demo.sqlite"
    run = [sys.executable, "-m", "desktop.cli.main"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([*run, "demo", "--db", str(db)], check=True, capture_output=True, env=env)
    for attempt in range(3):
        picture = tmp_path / f"window{attempt}.png"
        result = subprocess.run([*run, "gui", "--db", str(db), "--tab", "schools", "--screenshot", str(picture)],
                                capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "Signal source has been deleted" not in result.stderr
