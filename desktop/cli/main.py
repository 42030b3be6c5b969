"""Entry point of the `msoko` command.

Each command lives in its own module under `desktop.cli` exposing `register(subparsers)`; modules are
imported lazily by name so that `msoko schools list` never pays for Qt, reportlab or openpyxl.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys

from desktop import __version__
from desktop.cli.arguments import Parser, russian_help
from desktop.cli.output import use_utf8_streams
from desktop.errors import UserError

# command name → module under desktop.cli that registers it
COMMANDS = {
    "demo": "demo_cmd",
    "gui": "gui_cmd",
    "schools": "schools_cmd",
    "office": "office_cmd",
    "backup": "backup_cmd",
    "db": "db_cmd",
    "deadline": "deadline_cmd",
    "roadmap": "roadmap_cmd",
    "order": "order_cmd",
    "export": "export_cmd",
    "selftest": "selftest_cmd",
    "results": "results_cmd",
    "template": "template_cmd",
    "report": "report_cmd",
    "today": "today_cmd",
    "kind": "kind_cmd",
}

log = logging.getLogger("msoko.cli")


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = Parser(prog="msoko", description="МСОКО Desktop — муниципальная система оценки качества образования")
    parser.add_argument("--version", action="version", version=f"msoko {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА")
    # Only the module of the command asked for is imported; help and unknown commands need all.
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in COMMANDS:
        wanted = [first]
    elif first is None and argv and not {"-h", "--help"} & set(argv):
        wanted = []  # --version
    else:
        wanted = list(COMMANDS)
    for name in wanted:
        importlib.import_module(f"desktop.cli.{COMMANDS[name]}").register(sub)
    return parser


def run(argv: list[str]) -> int:
    if argv[:1] == ["gui"]:
        # Starting the window allocates much and frees almost nothing: collections would only cost time
        # (a tenth of the start). The window turns them back on once it has painted itself.
        gc.disable()
    from desktop.logs import setup_logging

    with russian_help():  # argparse words its headings when a parser is made, not when it prints
        parser = build_parser(argv)
        args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if not argv else 2
    setup_logging()
    try:
        return int(args.func(args) or 0)
    except UserError as error:
        log.info("user error: %s", error)
        from desktop.cli.output import one_line

        print(f"Ошибка: {one_line(error)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`msoko … | head`): not an error of ours. Point stdout
        # at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception:
        log.exception("unexpected error in %s", argv)
        from desktop.logs import log_file_path

        print(
            f"Внутренняя ошибка программы. Подробности записаны в журнал: {log_file_path()}",
            file=sys.stderr,
        )
        return 1
    finally:
        from desktop.cli.common import release_locks

        release_locks()


def main() -> None:
    """The `msoko` command (also `python -m desktop.cli.main`, which the Start-menu shortcut runs under
    pythonw.exe, where there are no streams): whatever the locale, everything printed is UTF-8."""
    use_utf8_streams()
    sys.exit(run(sys.argv[1:]))


def gui_main() -> None:
    """The `msoko-gui` entry: the window on the user's database, no console (stdout and stderr may be
    None)."""
    use_utf8_streams()
    sys.exit(run(["gui", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
