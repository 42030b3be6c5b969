"""Developer bootstrap, the same on Linux and Windows with only Python ≥ 3.11 installed.

    python dev.py run     set up .venv, create the demo district (.dev/demo.sqlite) and open the window
    python dev.py test    set up .venv and run the whole test suite (extra arguments go to pytest)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DB = ROOT / ".dev" / "demo.sqlite"
STAMP = VENV / ".installed-from"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    """Create .venv and (re)install the package whenever pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit(f"Нужен Python 3.11 или новее, а запущен {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print("Создаю .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Устанавливаю зависимости …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(wanted)
    return python


def run(python: Path, *args: str, env: dict | None = None) -> int:
    return subprocess.run([str(python), *args], cwd=ROOT, env={**os.environ, **(env or {})}).returncode


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command not in ("run", "test"):
        print(__doc__)
        return 2
    python = ensure_environment()
    if command == "run":
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
