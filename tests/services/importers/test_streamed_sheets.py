"""A big sheet read by its head, the rest a piece at a time (workbook.sheet_heads, Sheet.pieces): the
individual results take the pieces as they come, the other readers get whole sheets; either way a file
reads as it reads whole."""

from __future__ import annotations

import zipfile

import pytest

from desktop.errors import ImportFormatError
from desktop.services.importers.intake import workbook
from desktop.services.importers.results.detect import read_result_file
from tests.builders import hostile_files as hostile
from tests.builders.result_files import random_schools, write_fisoko_individual, write_rcoi_protocol


def _in_pieces(monkeypatch) -> None:
    monkeypatch.setattr(workbook, "PIECES_FROM", 1)  # every sheet is «big»
    monkeypatch.setattr(workbook, "PIECE_BYTES", 4096)  # and cut into many pieces
    monkeypatch.setattr(workbook, "PIECE_PER_SHARED", 0)
    monkeypatch.setattr(workbook, "HEAD_ROWS", 20)


def _pupils(parsed) -> list:
    return [(s.school_code, s.school_name, s.participant_code, s.class_label, s.variant, dict(s.tasks),
             s.primary_score, s.mark, s.journal_mark, s.test_score, s.full_name, s.row, s.municipality_code)
            for s in parsed.students]


def _same(one, other) -> None:
    assert _pupils(one) == _pupils(other) and one.groups == other.groups and one.problems == other.problems
    assert (one.layout, one.sheet, one.assessments, one.task_info) == (
        other.layout, other.sheet, other.assessments, other.task_info)


@pytest.fixture
def individual(tmp_path):
    """Three schools, empty cells and wrong values spread over the pieces."""
    schools = random_schools(300)
    pupils = [p for school in schools for p in school.students]
    pupils[3].mark = 7
    pupils[150].primary = "двадцать"
    pupils[151].class_no = None  # empty cells: '' in a piece as calamine gives it
    pupils[152].journal_mark = None
    pupils[153].tasks[2] = None
    pupils[-1].tasks[1] = "Х"
    pupils[-2].tasks[0] = 5  # above the task's maximum
    schools[1].declared = 1
    return write_fisoko_individual(tmp_path / "индивидуальные.xlsx", schools=schools).path


def test_the_individual_results_read_in_pieces_are_those_read_whole(individual, monkeypatch):
    whole = read_result_file(individual)
    _in_pieces(monkeypatch)
    fed = []
    feed = workbook.Sheet.pieces
    monkeypatch.setattr(workbook.Sheet, "pieces", lambda self: (fed.append(piece) or piece for piece in feed(self)))
    streamed = read_result_file(individual)
    assert len(fed) > 10  # taken a piece at a time
    assert "" in {v for rows, _ in fed for row in rows for v in row}  # empty cells as calamine gives them
    _same(streamed, whole)
    assert {p.severity for p in whole.problems} == {"error", "warning"} and len(whole.students) == 300


def test_other_readers_get_the_whole_sheet(tmp_path, monkeypatch):
    path = write_rcoi_protocol(tmp_path / "protocol.xlsx").path
    whole = read_result_file(path, keep_names=True)
    _in_pieces(monkeypatch)
    monkeypatch.setattr(workbook, "HEAD_ROWS", 3)  # the protocol's blocks lie below the head
    _same(read_result_file(path, keep_names=True), whole)


def test_a_sheet_not_cut_as_expected_after_its_head_is_read_again_whole(individual, monkeypatch):
    whole = read_result_file(individual)
    _in_pieces(monkeypatch)
    cut = workbook._Pieces._checked
    seen = []

    def checked(xml, rows):
        seen.append(xml)
        if len(seen) == 8:  # a piece after the head: its first row has no reference
            raise workbook._NotInPieces("a row without its reference")
        return cut(xml, rows)

    monkeypatch.setattr(workbook._Pieces, "_checked", staticmethod(checked))
    _same(read_result_file(individual), whole)
    assert len(seen) > 8


def test_damage_found_below_the_head_is_refused_in_the_same_words(individual, tmp_path, monkeypatch):
    path = tmp_path / "bad crc.xlsx"
    with zipfile.ZipFile(individual) as archive:  # the CRC is looked at once the sheet is unpacked to its end
        member = next(i for i, info in enumerate(archive.infolist()) if info.filename.startswith("xl/worksheets/"))
    path.write_bytes(hostile._bad_crc(individual.read_bytes(), member))
    with pytest.raises(ImportFormatError) as whole:
        read_result_file(path)
    _in_pieces(monkeypatch)
    with pytest.raises(ImportFormatError) as streamed:
        read_result_file(path)
    assert streamed.value.message == whole.value.message and "повреждён" in whole.value.message


def test_rows_beyond_the_limit_are_counted_when_read_in_pieces(individual, monkeypatch):
    whole = read_result_file(individual, max_rows=150)
    _in_pieces(monkeypatch)
    streamed = read_result_file(individual, max_rows=150)
    _same(streamed, whole)
    assert "Лист длиннее 150 строк" in streamed.problems[0].message


def test_a_reader_that_stops_in_the_middle_leaves_no_piece_being_parsed(individual, monkeypatch):
    import threading

    from desktop.services.importers.results import fisoko_individual

    _in_pieces(monkeypatch)
    fed = []
    feed = fisoko_individual._Body.feed

    def failing(self, rows, first, shared=True):
        fed.append(first)
        if len(fed) == 5:
            raise ImportFormatError("stop here", file=individual)
        return feed(self, rows, first, shared)

    monkeypatch.setattr(fisoko_individual._Body, "feed", failing)
    with pytest.raises(ImportFormatError, match="stop here"):
        read_result_file(individual)
    assert len(fed) == 5
    assert not [t for t in threading.enumerate() if t.name.startswith("msoko-sheet-pieces")]
