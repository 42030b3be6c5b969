"""Developer bootstrap, the same on Linux and Windows with only Python ≥ 3.11 installed.

    python dev.py run     set up .venv, create the demo district (.dev/demo.sqlite) and open the window
    python dev.py test    set up .venv and run the whole test suite (extra arguments go to pytest)

.venv is made from requirements-dev.txt (every file hashed, so a release upstream changes nothing
here), then the project itself is installed without dependencies; it is made anew whenever the lock
or pyproject.toml changes. Refresh the lock with `python installer/locks.py update-dev`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DB = ROOT / ".dev" / "demo.sqlite"
STAMP = VENV / ".installed-from"
LOCK = ROOT / "requirements-dev.txt"
# Debian package names that do not follow from the library's file name (libfoo.so.1 → libfoo1)
PACKAGE_OF = {"libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0"}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    """.venv exactly as the lock says; made anew whenever the lock or pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit(f"Нужен Python 3.11 или новее, а запущен {sys.version.split()[0]}.")
    python = venv_python()
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    print("Создаю .venv и устанавливаю зависимости из requirements-dev.txt …", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, "--require-hashes", "--only-binary=:all:", "-r", str(LOCK)], check=True)
    # The build system (setuptools) is in the lock: nothing unpinned is fetched to build the project.
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    STAMP.write_text(wanted)
    return python


def missing_qt_libraries(python: Path) -> list[str]:
    """System libraries that Qt's xcb plugin (the window on a Linux desktop) cannot find."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return []
    qt = subprocess.run([str(python), "-c", "import PySide6, os; print(os.path.dirname(PySide6.__file__))"],
                        capture_output=True, text=True).stdout.strip()
    plugin = Path(qt) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        return []
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    return sorted(set(re.findall(r"^\s*(\S+) => not found", out, re.M)))


def debian_package(library: str) -> str:
    if library in PACKAGE_OF:
        return PACKAGE_OF[library]
    name, number = re.match(r"(.+)\.so\.(\d+)", library).groups()
    return (name + ("-" if name[-1].isdigit() else "") + number).lower()


def run(python: Path, *args: str, env: dict | None = None) -> int:
    return subprocess.run([str(python), *args], cwd=ROOT, env={**os.environ, **(env or {})}).returncode


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command not in ("run", "test"):
        print(__doc__)
        return 2
    python = ensure_environment()
    if command == "run":
        if os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb" and (missing := missing_qt_libraries(python)):
            print(f"Окну не хватает системных библиотек Qt ({', '.join(missing)}); установите их: "
                  f"sudo apt install {' '.join(sorted({debian_package(m) for m in missing}))}", file=sys.stderr)
            return 1
        if not DEMO_DB.exists():
            DEMO_DB.parent.mkdir(exist_ok=True)
            code = run(python, "-m", "desktop.cli.main", "demo", "--db", str(DEMO_DB))
            if code:
                return code
        return run(python, "-m", "desktop.cli.main", "gui", "--db", str(DEMO_DB), *argv[1:])
    env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    return run(python, "-m", "pytest", *argv[1:], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
