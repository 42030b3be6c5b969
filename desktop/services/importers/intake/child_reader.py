"""Excel 97–2003 (.xls) files are read in a child process: a damaged one can crash only the child.

    parsed = read_untrusted("result_file", path, keep_names=False)   # → what the reader returns

calamine (Rust) does the reading. A damaged .xls can make it ask for gigabytes and abort the whole
process (exit 134), or print a panic on stderr; nothing can check an OLE2 file cheaply beforehand. So
`python -m desktop.services.importers.intake.child_reader` runs the reader (`READERS`) with a time limit that
grows with the file's size and a memory limit: of its address space on POSIX (RLIMIT_AS), of its
committed memory on Windows (a job object, windows_job.py). A crash, a timeout
or a refusal of memory in the child becomes an ImportFormatError naming the file; the child's stderr
(its log lines, a panic) goes to the log only. This is a fault boundary, not a security one: the
child runs as the same user.

Zip workbooks (.xlsx) are read in this process: the intake (zips.py) measures their members and sheets
before calamine sees them, and a child would cost a 300,000-row file ~3 s of passing its students back
(+25 %); a .xls of ordinary size pays ~0.15–0.17 s for the child's start-up (docs/reliability.md).

Request and answer are pickles on the child's stdin and stdout. A ParsedFile travels with its
students as columns: pickling slotted rows one by one is four times slower.
"""

from __future__ import annotations

import copyreg
import importlib
import logging
import os
import pickle
import subprocess
import sys
import time
import traceback
from dataclasses import fields
from operator import attrgetter, methodcaller
from pathlib import Path

from desktop.errors import ImportFormatError, UserError
from desktop.services.importers.intake.cancel import cancel_event, checkpoint
from desktop.services.importers.intake.files import NOT_A_WORKBOOK, is_ole
from desktop.services.importers.results.records import ROW_FIELDS, ParsedFile, StudentRow, Students, _task_scores

log = logging.getLogger("msoko.importers")

# name → (module, function); the function takes the path first and returns something picklable
READERS = {
    "result_file": ("desktop.services.importers.results.detect", "read_result_file"),
    "schools": ("desktop.services.schools_io", "read_schools_file"),
    "scales": ("desktop.services.scales_io", "read_scales_file"),
    "medalists": ("desktop.services.medalists", "read_medalists_file"),
    "roadmap_table": ("desktop.services.importers.roadmap.plan_table", "read_roadmap_xlsx"),
}
TIME_BASE_S = 8.0  # a hostile small file is given up in time for the 10 s promise (tests/reliability)
TIME_PER_MB_S = 2.0  # a 300,000-row ВПР file (24 MB) reads in ~6 s on a slow machine
# Address space of the child (Python and calamine take ~25 MB before reading): a whole .xls of 65,536
# rows reads in ~150 MB; a damaged one asks for gigabytes. Also keeps the child within the 500 MB promise.
MEMORY_LIMIT = 512 * 1024 * 1024
OUT_OF_MEMORY = ("Файл повреждён или слишком велик: при его чтении не хватило памяти. Проверьте, что выбран "
                 "нужный файл, или разделите его на части.")
PACKAGE_ROOT = Path(__file__).resolve().parents[4]  # the folder holding `desktop`
CANCEL_POLL_S = 0.05  # how often a child is checked on while a cancel event is bound («Отмена» kills it)


def read_untrusted(reader: str, path: str | os.PathLike, **kwargs):
    """`READERS[reader](path, **kwargs)`: in a child process for an OLE2 file (.xls), here for the rest."""
    module, name = READERS[reader]
    if is_ole(Path(path)):
        return read_in_child(reader, path, **kwargs)
    return getattr(importlib.import_module(module), name)(path, **kwargs)


def time_limit(path: Path) -> float:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return TIME_BASE_S + TIME_PER_MB_S * size / (1024 * 1024)


def read_in_child(reader: str, path: str | os.PathLike, **kwargs):
    """`READERS[reader](path, **kwargs)` run in a child process; its result, or its ImportFormatError
    (UserError) raised here. A bug of the reader is raised as RuntimeError with the child's traceback."""
    path = Path(path)
    request = pickle.dumps((reader, str(path), kwargs, logging.getLogger("msoko").getEffectiveLevel(), MEMORY_LIMIT))
    limit = time_limit(path)
    search_path = os.pathsep.join(filter(None, (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "RUST_BACKTRACE": "0", "PYTHONPATH": search_path}
    try:
        done = _run_child([sys.executable, "-X", "utf8", "-m", __name__], request, limit, env)
    except subprocess.TimeoutExpired as expired:
        _log_output(path, f"killed after {limit:.0f} s", expired.stderr, logging.WARNING)
        raise ImportFormatError(
            f"Файл читается дольше {limit:.0f} с: он повреждён или слишком велик. Проверьте, что выбран "
            "нужный файл, или разделите его на части.", file=path) from None
    stderr = done.stderr.decode("utf-8", "replace")
    try:
        answer = pickle.loads(done.stdout) if done.returncode == 0 else None
    except Exception as error:  # a child that died while writing
        stderr += f"\nits answer does not unpickle: {error!r}"
        answer = None
    if answer is None:
        _log_output(path, f"exit code {done.returncode}", stderr, logging.WARNING)
        if "memory allocation of" in stderr:  # Rust's words when an allocation is refused
            raise ImportFormatError(OUT_OF_MEMORY, file=path)
        raise ImportFormatError(NOT_A_WORKBOOK + " (его чтение завершилось аварийно).", file=path)
    _log_output(path, "done", stderr, logging.INFO)
    return _result(answer, path)


def _run_child(command: list[str], request: bytes, limit: float, env: dict) -> subprocess.CompletedProcess:
    """`subprocess.run(command, input=request, timeout=limit)`; when a cancel event is bound (the window's
    «Отмена»), the child is looked at every `CANCEL_POLL_S` and killed as soon as the event is set, and
    Cancelled is raised."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    if cancel_event() is None:
        return subprocess.run(command, input=request, capture_output=True, timeout=limit, env=env,
                              creationflags=flags)
    pipe = subprocess.PIPE
    with subprocess.Popen(command, stdin=pipe, stdout=pipe, stderr=pipe, env=env, creationflags=flags) as child:
        deadline = time.monotonic() + limit
        given: bytes | None = request
        try:
            while True:
                try:  # the input is given once: communicate() goes on writing it across the calls
                    stdout, stderr = child.communicate(given, timeout=CANCEL_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    given = None
                    checkpoint()
                    if time.monotonic() >= deadline:
                        raise
        except BaseException as error:
            child.kill()
            stdout, stderr = child.communicate()
            if isinstance(error, subprocess.TimeoutExpired):
                error.timeout, error.stdout, error.stderr = limit, stdout, stderr
            else:
                log.info("reader process stopped: %r", error)
            raise
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


def _log_output(path: Path, how: str, stderr, level: int) -> None:
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    if stderr and stderr.strip():
        log.log(level, "reader process for %s: %s; its output:\n%s", path, how, stderr.strip()[:4000])
    elif level > logging.INFO:
        log.log(level, "reader process for %s: %s", path, how)


def _result(answer: tuple, path: Path):
    kind, *rest = answer
    if kind == "ok":
        return rest[0]
    if kind == "refused":
        message, location = rest
        if location is None:
            raise UserError(message)
        raise ImportFormatError(message, file=location[0], sheet=location[1], row=location[2], column=location[3])
    raise RuntimeError(f"the reader failed in its child process reading {path}:\n{rest[0]}")


# ---------------------------------------------------------------------------------------------------
# ParsedFile as columns


def _rebuild_parsed(state: dict, columns: list[list] | Students, task_keys: list[tuple],
                    task_values: list[tuple]) -> ParsedFile:
    parsed = ParsedFile(**state)
    if isinstance(columns, Students):
        parsed.students = columns
        return parsed
    tasks = list(map(_task_scores, task_keys, task_values))
    at = ROW_FIELDS.index("tasks")
    parsed.students = list(map(StudentRow, *columns[:at], tasks, *columns[at:]))
    return parsed


def _reduce_parsed(parsed: ParsedFile):
    state = {f.name: getattr(parsed, f.name) for f in fields(ParsedFile) if f.name != "students"}
    students = parsed.students
    if isinstance(students, Students):  # columns already
        return _rebuild_parsed, (state, students, [], [])
    columns = [list(map(attrgetter(name), students)) for name in ROW_FIELDS if name != "tasks"]
    tasks = list(map(attrgetter("tasks"), students))
    keys = list(map(tuple, tasks))
    shared: dict[tuple, tuple] = {}
    keys = list(map(shared.setdefault, keys, keys))  # one tuple per shape: pickled once
    values = list(map(tuple, map(methodcaller("values"), tasks)))
    return _rebuild_parsed, (state, columns, keys, values)


# ---------------------------------------------------------------------------------------------------
# the child


def _limit_memory(limit: int) -> None:
    if sys.platform == "win32":
        from desktop.services.importers.intake.windows_job import limit_this_process

        limit_this_process(limit)
        return
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _answer(reader: str, path: str, kwargs: dict) -> tuple:
    module, name = READERS[reader]
    try:
        return ("ok", getattr(importlib.import_module(module), name)(path, **kwargs))
    except MemoryError:
        error: UserError = ImportFormatError(OUT_OF_MEMORY, file=path)
    except UserError as refusal:
        error = refusal
    except Exception:
        return ("bug", traceback.format_exc())
    where = getattr(error, "location", None)
    return ("refused", error.message, where and (where.file, where.sheet, where.row, where.column))


def main() -> None:
    reader, path, kwargs, level, memory_limit = pickle.load(sys.stdin.buffer)
    _limit_memory(memory_limit)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("msoko")
    root.addHandler(handler)
    root.setLevel(level)
    answer = _answer(reader, path, kwargs)
    pickler = pickle.Pickler(sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, ParsedFile: _reduce_parsed}
    pickler.dump(answer)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    # run as the imported module, so that pickles name its functions by their importable name
    from desktop.services.importers.intake.child_reader import main as imported_main

    imported_main()
