import errno
import hashlib
import os
from collections import namedtuple
from datetime import datetime

import pytest

from desktop.errors import UserError
from desktop.services import export_usb
from tests.cli.run import msoko, msoko_json


@pytest.fixture
def documents(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = folder / "Приказ № 57.pdf"
    pdf.write_bytes(b"%PDF-1.4 " + os.urandom(200_000))
    xlsx = folder / "Отчёт.xlsx"
    xlsx.write_bytes(os.urandom(50_000))
    return [pdf, xlsx]


def test_files_land_in_a_dated_folder_and_are_verified(tmp_path, documents):
    stick = tmp_path / "stick"
    stick.mkdir()
    copied = export_usb.export_files(documents, stick, now=datetime(2026, 11, 23, 14, 5))
    folder = stick / "МСОКО 2026-11-23 14-05"
    assert sorted(p.name for p in folder.iterdir()) == ["Отчёт.xlsx", "Приказ № 57.pdf"]
    for c in copied:
        assert c.sha256 == hashlib.sha256(c.source.read_bytes()).hexdigest() == hashlib.sha256(c.target.read_bytes()).hexdigest()


def test_cli_with_a_folder(tmp_path, documents):
    stick = tmp_path / "stick"
    stick.mkdir()
    result = msoko_json("export", "usb", *documents, "--to", stick, "--json")
    assert [r["size"] for r in result] == [200_009, 50_000]
    missing = msoko("export", "usb", *documents, "--to", tmp_path / "нет-флешки")
    assert missing.returncode == 2 and "недоступна" in missing.stderr


def test_a_stick_pulled_out_mid_copy_leaves_no_half_file(tmp_path, documents, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    real_copy = export_usb.shutil.copyfile
    calls = []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 2:
            with open(target, "wb") as f:
                f.write(b"half")
            raise OSError(errno.EIO, "Input/output error")
        return real_copy(source, target)

    monkeypatch.setattr(export_usb.shutil, "copyfile", failing)
    with pytest.raises(UserError, match="отключена или неисправна"):
        export_usb.export_files(documents, stick, now=datetime(2026, 11, 23, 14, 5))
    left = sorted(p.name for p in (stick / "МСОКО 2026-11-23 14-05").iterdir())
    assert left == ["Приказ № 57.pdf"]  # the first file is whole; no temporary or half file remains


def test_a_full_stick_is_refused_before_writing(tmp_path, documents, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(export_usb.shutil, "disk_usage", lambda path: usage(8 * 2**30, 8 * 2**30 - 1000, 1000))
    with pytest.raises(UserError, match="недостаточно места"):
        export_usb.export_files(documents, stick)
    assert list(stick.iterdir()) == []


def test_two_files_of_one_name_from_two_folders_both_land_on_the_stick(tmp_path):
    first, second = tmp_path / "а" / "отчёт.pdf", tmp_path / "б" / "Отчёт.pdf"
    for path, body in ((first, b"%PDF-1.4 first"), (second, b"%PDF-1.4 second")):
        path.parent.mkdir()
        path.write_bytes(body)
    stick = tmp_path / "stick"
    stick.mkdir()
    copied = export_usb.export_files([first, second], stick, now=datetime(2026, 12, 2, 9, 0))
    assert [c.target.name for c in copied] == ["отчёт.pdf", "Отчёт (2).pdf"]
    assert [c.target.read_bytes() for c in copied] == [b"%PDF-1.4 first", b"%PDF-1.4 second"]
