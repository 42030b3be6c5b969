"""A mistake in the command line is one Russian line with exit code 2, like every other bad input."""

from __future__ import annotations

import re

import pytest

from desktop.cli.arguments import russian_error
from tests.cli.run import msoko


@pytest.mark.parametrize("args, words", [
    (["schools", "import"], "не указано обязательное: FILE.xlsx"),
    (["results", "import", "--bogus", "x"], "лишнее или неизвестное в командной строке: --bogus"),
    (["roadmap", "export", "abc", "--format", "json", "--out", "x"], "«abc» — не целое число"),
    (["roadmap", "export", "1", "--format", "pdf", "--out", "x"], "--format: нет варианта «pdf»"),
    (["нет-такой"], "нет варианта «нет-такой»"),
    (["order", "roadmap", "1", "--number"], "после --number нужно значение"),
    (["results", "indicators", "--kind", "ВПР", "--year", "x", "--json"], "--year: «x» — не целое число"),
])
def test_argument_mistakes_are_one_russian_line(args, words):
    result = msoko(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Ошибка: ") and words in lines[0], result.stderr
    assert "--help" in lines[0]
    assert not re.search(r"\b(usage|error|argument|invalid|expected|required)\b", result.stderr)


def test_help_speaks_russian():
    result = msoko("schools", "--help")
    assert result.returncode == 0
    assert "Использование: msoko schools" in result.stdout and "показать эту справку" in result.stdout
    assert not re.search(r"\b(usage|options|positional arguments|show this help)\b", result.stdout)


def test_unknown_shapes_pass_as_they_are():
    assert russian_error("something argparse says one day") == "something argparse says one day"
