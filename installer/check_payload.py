"""Check what a built setup.exe would install, as 7z lists and unpacks it (Debian `p7zip-full`).

    python installer/check_payload.py DIR/MSOKO-<version>-setup.exe

Holds: the runtime (python311.dll …), Qt's core, GUI and widgets DLLs and the `windows` platform plugin,
every module of the program and every file of resources/ (fonts, icons, templates) under
desktop/_resources; pkgs\\ holds the locked wheels and the program, nothing else. Holds nothing from the
build machine: no .venv, caches, bytecode, test suites, build folders, and no file mentions the
repository's path or the build's temporary folder. The setup is at most 120 MB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from locks import ROOT, normalize, read_runtime_lock, read_windows_lock

MAX_SIZE = 120 * 1024 * 1024
FORBIDDEN = {".venv", "venv", "__pycache__", "tests", ".git", ".cache", ".pytest_cache", ".hypothesis",
             ".ruff_cache", ".benchmarks", ".dev", "build", "dist"}
LOCAL_MARKERS = (str(ROOT).encode(), b"msoko-setup-")  # the repository, build.py's temporary folder


def listed(setup: Path) -> list[str]:
    out = subprocess.run(["7z", "l", "-ba", "-slt", str(setup)], check=True, capture_output=True, text=True).stdout
    return [line[len("Path = "):].replace("\\", "/") for line in out.splitlines() if line.startswith("Path = ")]


def required() -> list[str]:
    runtime = read_runtime_lock()
    qt = "pkgs/PySide6/"
    return [
        *(f"Python/{name}" for name in runtime["files"] if not name.endswith("._pth")),
        f"{qt}Qt6Core.dll", f"{qt}Qt6Gui.dll", f"{qt}Qt6Widgets.dll", f"{qt}plugins/platforms/qwindows.dll",
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
              if FORBIDDEN & set(path.split("/")) or path.endswith((".pyc", ".egg-info"))]
    shipped = {normalize(path.split("/")[1].split("-")[0]) for path in paths
               if path.startswith("pkgs/") and path.split("/")[1].endswith(".dist-info")}
    expected = {normalize(pin.name) for pin in read_windows_lock()} | {"msoko-desktop"}
    found += [f"pkgs holds {name}, not a locked wheel" for name in sorted(shipped - expected)]
    found += [f"pkgs lacks locked {name}" for name in sorted(expected - shipped)]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["7z", "x", "-y", "-bd", f"-o{tmp}", str(setup)], check=True, capture_output=True)
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
