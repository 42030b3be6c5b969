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
