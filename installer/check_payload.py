"""Check what a built setup.exe would install, as 7z lists and unpacks it (Debian `p7zip-full`).

    python installer/check_payload.py DIR/MSOKO-<version>-setup.exe

Holds: the runtime (python311.dll …), Qt's core, GUI and widgets DLLs, the `windows` platform plugin and Qt's Russian translations,
every module of the program and every file of resources/ (fonts, icons, templates) under
desktop/_resources; pkgs\\ holds the locked wheels and the program, nothing else. Every module in pkgs\\
comes with the bytecode build.py compiled for it (PEP 3147 name for the runtime's version in __pycache__
beside it, hash-based per PEP 552, and the hash is of the shipped source). Holds nothing from the build
machine: no .venv, caches, test suites, build folders, no other bytecode (timestamped, stale, for
another Python, without its source, outside pkgs\\), and no file mentions the repository's path or the
build's temporary folder. The setup is at most 120 MB. Run it with the runtime's Python minor version
(3.11): the source hash of a .pyc is keyed by the interpreter's magic number.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from locks import ROOT, normalize, read_runtime_lock, read_windows_lock

MAX_SIZE = 120 * 1024 * 1024
FORBIDDEN = {".venv", "venv", "__pycache__", "tests", ".git", ".cache", ".pytest_cache", ".hypothesis",
             ".ruff_cache", ".benchmarks", ".dev", "build", "dist"}
LOCAL_MARKERS = (str(ROOT).encode(), b"msoko-setup-")  # the repository, build.py's temporary folder
# The flags word of a .pyc header (PEP 552): bit 0 hash-based, bit 1 check the source. build.py writes
# unchecked-hash ones (0b01); checked-hash (0b11) would be as reproducible. 0 (a timestamp) is what a
# build machine's own imports leave behind.
HASH_BASED_FLAGS = (0b01, 0b11)


def cache_tag() -> str:
    """`cpython-311` for the runtime of runtime.toml."""
    major, minor = read_runtime_lock()["python"].split(".")[:2]
    return f"cpython-{major}{minor}"


def bytecode_source(path: str) -> str | None:
    """The module a shipped .pyc belongs to, `pkgs/a/b.py` for `pkgs/a/__pycache__/b.cpython-311.pyc`;
    None for any other .pyc or __pycache__ entry (stray: not build.py's)."""
    match = re.fullmatch(rf"(pkgs/(?:[^/]+/)*)__pycache__/([^/]+)\.{cache_tag()}\.pyc", path)
    return f"{match[1]}{match[2]}.py" if match else None


def bytecode_problems(root: Path, paths: list[str]) -> list[str]:
    """The .pyc of the unpacked payload `root` against their sources: every module in pkgs\\ has one,
    hash-based, for this Python (the runtime's minor version), of exactly the shipped source."""
    runtime = tuple(int(part) for part in read_runtime_lock()["python"].split(".")[:2])
    if sys.version_info[:2] != runtime:
        return [f"the bytecode is checked with Python {'.'.join(map(str, runtime))}, not {sys.version.split()[0]}"]
    found = []
    compiled = {source: path for source, path in ((bytecode_source(p), p) for p in paths if p.endswith(".pyc"))
                if source}
    found += [f"not compiled: {path}" for path in paths
              if path.startswith("pkgs/") and path.endswith(".py") and path not in compiled]
    for source, path in compiled.items():
        data = (root / path).read_bytes()
        flags = int.from_bytes(data[4:8], "little")
        if data[:4] != importlib.util.MAGIC_NUMBER:
            found.append(f"bytecode of another Python: {path}")
        elif flags not in HASH_BASED_FLAGS:
            found.append(f"bytecode not hash-based (flags {flags:#04b}, a timestamp?): {path}")
        elif not (root / source).is_file():
            found.append(f"bytecode without its source: {path}")
        elif data[8:16] != importlib.util.source_hash((root / source).read_bytes()):
            found.append(f"bytecode of another source (stale): {path}")
    return found


def listed(setup: Path) -> list[str]:
    out = subprocess.run(["7z", "l", "-ba", "-slt", str(setup)], check=True, capture_output=True, text=True).stdout
    return [line[len("Path = "):].replace("\\", "/") for line in out.splitlines() if line.startswith("Path = ")]


def required() -> list[str]:
    runtime = read_runtime_lock()
    qt = "pkgs/PySide6/"
    return [
        *(f"Python/{name}" for name in runtime["files"] if not name.endswith("._pth")),
        f"{qt}Qt6Core.dll", f"{qt}Qt6Gui.dll", f"{qt}Qt6Widgets.dll", f"{qt}plugins/platforms/qwindows.dll",
        f"{qt}translations/qtbase_ru.qm",  # Qt's own words in Russian (views/russian.py)
        "msoko.ico", "msoko.cmd",
        *(f"pkgs/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "desktop").rglob("*.py")),
        *(f"pkgs/desktop/_resources/{p.relative_to(ROOT / 'resources').as_posix()}"
          for p in (ROOT / "resources").rglob("*") if p.is_file()),
    ]


def problems(setup: Path) -> list[str]:
    found = []
    if setup.stat().st_size > MAX_SIZE:
        found.append(f"setup is {setup.stat().st_size / 2**20:.1f} MB, more than {MAX_SIZE // 2**20} MB")
    paths = listed(setup)
    names = set(paths)
    found += [f"missing: {path}" for path in required() if path not in names]
    found += [f"should not ship: {path}" for path in paths
              if (FORBIDDEN & set(path.split("/")) or path.endswith((".pyc", ".egg-info")))
              and not bytecode_source(path) and not (path.endswith("/__pycache__") and path.startswith("pkgs/"))]
    shipped = {normalize(path.split("/")[1].split("-")[0]) for path in paths
               if path.startswith("pkgs/") and path.split("/")[1].endswith(".dist-info")}
    expected = {normalize(pin.name) for pin in read_windows_lock()} | {"msoko-desktop"}
    found += [f"pkgs holds {name}, not a locked wheel" for name in sorted(shipped - expected)]
    found += [f"pkgs lacks locked {name}" for name in sorted(expected - shipped)]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["7z", "x", "-y", "-bd", f"-o{tmp}", str(setup)], check=True, capture_output=True)
        found += bytecode_problems(Path(tmp), paths)
        for path in Path(tmp).rglob("*"):
            if path.is_file() and any(marker in path.read_bytes() for marker in LOCAL_MARKERS):
                found.append(f"mentions a local path: {path.relative_to(tmp)}")
    return found


def main(argv: list[str]) -> int:
    setup = Path(argv[0])
    found = problems(setup)
    for problem in found:
        print(problem)
    files = len(listed(setup))
    print(f"{setup.name}: {setup.stat().st_size / 2**20:.1f} MB, {files} files, "
          + (f"{len(found)} problems" if found else "payload OK"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
