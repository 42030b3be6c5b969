"""The command line's own parser in Russian: a mistake in the arguments is one Russian line with exit
code 2 (like every other bad input), and the help's headings are Russian.

argparse words its errors in English; they are put into Russian here by their fixed shapes, and the
few words of its help by the names it looks them up by (argparse's gettext hook `_`).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Iterator

_TYPES = {"int": "целое число", "float": "число"}
# compiled when an error is worded (re keeps them): every start of the window would pay for them
_ERRORS: list[tuple[str, str]] = [
    (r"the following arguments are required: (.+)", "не указано обязательное: {0}"),
    (r"unrecognized arguments: (.+)", "лишнее или неизвестное в командной строке: {0}"),
    (r"argument (.+?): invalid choice: '(.*)' \(choose from (.+)\)",
     "{0}: нет варианта «{1}», есть: {2}"),
    (r"invalid choice: '(.*)' \(choose from (.+)\)", "нет команды «{0}», есть: {1}"),
    (r"argument (.+?): invalid (\w+) value: '(.*)'", "{0}: «{2}» — не {type}"),
    (r"argument (.+?): expected one argument", "после {0} нужно значение"),
    (r"argument (.+?): expected at least one argument", "после {0} нужно хотя бы одно значение"),
    (r"argument (.+?): expected (\d+) arguments?", "после {0} нужно значений: {1}"),
    (r"argument (.+?): not allowed with argument (.+)", "{0} нельзя указывать вместе с {1}"),
    (r"argument (.+?): ignored explicit argument '(.*)'", "{0} не принимает значения («{1}»)"),
    (r"ambiguous option: (\S+) could match (.+)", "{0} — неоднозначно, подходит: {1}"),
    (r"one of the arguments (.+) is required", "нужно указать одно из: {0}"),
]
_HELP_WORDS = {
    "usage: ": "Использование: ",
    "positional arguments": "параметры",
    "options": "ключи",
    "optional arguments": "ключи",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
}


def russian_error(message: str) -> str:
    """argparse's English error as a Russian phrase (unknown shapes pass as they are)."""
    for pattern, russian in _ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            groups = match.groups()
            kind = _TYPES.get(groups[1], "подходящее значение") if len(groups) > 1 else ""
            return russian.format(*groups, type=kind)
    return message


class Parser(argparse.ArgumentParser):
    """Subcommands' parsers are of the same class (argparse makes them with the parent's)."""

    def error(self, message: str):
        self.exit(2, f"Ошибка: {russian_error(message)}. Справка: {self.prog} --help\n")

    def exit(self, status: int = 0, message: str | None = None):
        if message:
            print(message.rstrip("\n"), file=sys.stderr)
        raise SystemExit(status)

    def format_help(self) -> str:
        with russian_help():
            return super().format_help()

    def format_usage(self) -> str:
        with russian_help():
            return super().format_usage()


@contextlib.contextmanager
def russian_help() -> Iterator[None]:
    """argparse's help headings in Russian while a help text is formatted (then as they were)."""
    english = argparse._
    argparse._ = lambda text: _HELP_WORDS.get(text, english(text))
    try:
        yield
    finally:
        argparse._ = english
