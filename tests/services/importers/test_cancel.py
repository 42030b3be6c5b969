"""«Отмена» during a results import: the readers, the intake and the save stop at their next checkpoint
with Cancelled and leave the database as it was; a big sheet read in pieces (to keep memory down and
to stop between pieces) gives exactly what calamine gives reading it whole."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.errors import Cancelled
from desktop.services.importers.intake import workbook
from desktop.services.importers.intake.cancel import cancellable, checkpoint
from desktop.services.importers.results.detect import read_result_file
from desktop.services.results_import import apply_results_import, plan_results_import
from tests.builders.hostile_files import xls_copy
from tests.builders.result_files import write_fisoko_individual, write_fisoko_journal
from tests.services.results.results_helpers import dump


def _set() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


def test_a_checkpoint_does_nothing_unless_a_set_event_is_bound():
    checkpoint()  # the command line and the tests bind none
    with cancellable(threading.Event()):
        checkpoint()
    with cancellable(_set()), pytest.raises(Cancelled):
        checkpoint()
    checkpoint()  # unbound again after the block


def test_reading_a_file_stops_when_cancelled(tmp_path):
    path = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=5000).path
    with cancellable(_set()), pytest.raises(Cancelled):
        read_result_file(path)
    assert read_result_file(path).students  # and reads whole when not


def test_a_cancelled_save_leaves_the_database_as_it_was(db, db_path, tmp_path):
    path = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=3000).path
    plan = plan_results_import(db, [path], add_schools=True)
    assert not plan.has_errors
    before = dump(db_path)
    with cancellable(_set()), pytest.raises(Cancelled):
        apply_results_import(db, plan)
    assert dump(db_path) == before
    assert apply_results_import(db, plan).files  # the same plan saves once not cancelled


def test_a_xls_read_in_the_child_process_is_killed_on_cancel(tmp_path):
    from desktop.services.importers.intake.child_reader import read_untrusted

    xlsx = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=20000).path
    xls = xls_copy(xlsx, tmp_path / "индивидуальные.xls")
    started = time.monotonic()
    read_untrusted("result_file", xls)
    whole = time.monotonic() - started
    event = threading.Event()
    timer = threading.Timer(min(0.2, whole / 4), event.set)
    started = time.monotonic()
    timer.start()
    try:
        with cancellable(event), pytest.raises(Cancelled):
            read_untrusted("result_file", xls)
    finally:
        timer.cancel()
    assert time.monotonic() - started < whole  # the child was stopped, not waited for


@pytest.mark.parametrize("max_rows", [None, 700])
def test_a_sheet_read_in_pieces_equals_the_sheet_read_whole(tmp_path, monkeypatch, max_rows):
    # a report with merged header cells, shared strings, numbers as text, empty cells and many rows
    journal = write_fisoko_journal(tmp_path / "журнал.xlsx").path
    individual = write_fisoko_individual(tmp_path / "индивидуальные.xlsx", n_rows=2500).path
    for path in (journal, individual):
        whole = workbook.read_sheets(path, max_rows=max_rows)
        monkeypatch.setattr(workbook, "PIECES_FROM", 1)  # every sheet is «big»
        monkeypatch.setattr(workbook, "PIECE_BYTES", 4096)  # and cut into many pieces
        monkeypatch.setattr(workbook, "PIECE_PER_SHARED", 0)
        pieces = workbook.read_sheets(path, max_rows=max_rows)
        monkeypatch.undo()
        assert [(s.name, s.hidden, s.dropped_rows, sorted(s.merged)) for s in pieces] == [
            (s.name, s.hidden, s.dropped_rows, sorted(s.merged)) for s in whole]
        for a, b in zip(pieces, whole, strict=True):
            assert len(a.rows) == len(b.rows)
            for row_a, row_b in zip(a.rows, b.rows, strict=True):
                assert [(type(v), v) for v in row_a] == [(type(v), v) for v in row_b]
