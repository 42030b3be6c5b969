"""Every OS error of an output is one Russian line naming the file: a missing folder, a path through a
file, a name too long, a folder as the name; nothing is left behind. Names up to 240 bytes work."""

from __future__ import annotations

import pytest

from tests.cli.run import msoko

WRITERS = [
    lambda out: ("schools", "export", out),
    lambda out: ("roadmap", "export", "1", "--format", "json", "--out", out),
    lambda out: ("report", "results", "--kind", "ВПР", "--year", "2026", "--out", out),
    lambda out: ("template", "results", "--kind", "ВПР", "--year", "2026", "--out", out),
    lambda out: ("order", "roadmap", "1", "--number", "5", "--date", "2026-09-01", "--out", out),
]
SUFFIX = [".xlsx", ".json", ".pdf", ".xlsx", ".docx"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("база") / "база.sqlite"
    assert msoko("demo", "--db", db).returncode == 0
    return db


@pytest.mark.parametrize("case, words", [
    ("missing", "папки «"),
    ("through-file", "в пути есть файл, а не папка"),
    ("too-long", "имя или путь слишком длинные"),
])
@pytest.mark.parametrize("writer", range(len(WRITERS)))
def test_output_errors_are_one_russian_line(demo, tmp_path, case, words, writer):
    name = {"missing": tmp_path / "нет такой папки" / "файл",
            "through-file": demo / "файл",
            "too-long": tmp_path / ("я" * 140)}[case]
    out = name.with_name(name.name + SUFFIX[writer])
    result = msoko(*WRITERS[writer](out), "--db", demo)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Ошибка: "), lines
    assert words in lines[0] or (case != "too-long" and f"Папки «{out.parent}» нет" in lines[0]), lines
    assert out.name in lines[0] or str(out.parent) in lines[0]
    assert _left(tmp_path) == []


@pytest.mark.parametrize("writer", range(len(WRITERS)))
def test_a_name_of_240_bytes_is_written(demo, tmp_path, writer):
    stem = "отчёт " * 20  # 240 bytes of UTF-8 with the suffix
    out = tmp_path / (stem[: 240 // 2 - len(SUFFIX[writer])] + SUFFIX[writer])
    assert len(out.name.encode()) <= 240
    result = msoko(*WRITERS[writer](out), "--db", demo)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and _left(tmp_path) == [out.name]


def _left(folder):
    return [p.name for p in folder.iterdir() if p.name != "data"]  # data: the tests' own data folder
