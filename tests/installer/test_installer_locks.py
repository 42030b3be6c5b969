"""The Windows setup's locks (installer/requirements-windows.txt, installer/runtime.toml), read offline.
Whether the lock still resolves to the same set needs the network: installer/ci_check.sh checks it."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

from desktop.cli import selftest_cmd

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("installer_locks", ROOT / "installer" / "locks.py")
locks = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = locks  # dataclasses look their module up there
_spec.loader.exec_module(locks)

SHA256 = re.compile(r"[0-9a-f]{64}")


def test_every_requirement_line_pins_one_file_by_hash():
    lines = [line for line in locks.WINDOWS_LOCK.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert len(lines) > 10
    for line in lines:
        assert re.match(r"^\S+==\S+ --hash=sha256:[0-9a-f]{64}  # \S+\.whl$", line), line


def test_windows_lock_holds_one_windows_wheel_per_package():
    exclude_newer, pins = locks.read_windows_lock()  # raises on a line that is not a hashed Windows wheel
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", exclude_newer)
    names = [locks.normalize(pin.name) for pin in pins]
    assert len(names) == len(set(names))
    for pin in pins:
        file_name, file_version = pin.file.split("-")[:2]
        assert (locks.normalize(file_name), file_version) == (locks.normalize(pin.name), pin.version)
        assert locks.windows_wheel_ok(pin.file)


@pytest.mark.parametrize("file, ok", [
    ("numpy-2.4.6-cp311-cp311-win_amd64.whl", True),
    ("pyside6_essentials-6.12.0-cp310-abi3-win_amd64.whl", True),
    ("colorama-0.4.6-py2.py3-none-any.whl", True),
    ("pypdfium2-5.15.2-py3-none-win_amd64.whl", True),  # Python code and a DLL loaded through ctypes
    ("pypdfium2-5.15.2-py3-none-manylinux_2_17_x86_64.whl", False),
    ("numpy-2.4.6-cp311-cp311-manylinux_2_17_x86_64.whl", False),
    ("numpy-2.4.6-cp311-cp311-win32.whl", False),
    ("numpy-2.4.6-cp312-cp312-win_amd64.whl", False),
    ("numpy-2.4.6-cp311-cp311-macosx_14_0_arm64.whl", False),
    ("numpy-2.4.6.tar.gz", False),
])
def test_only_win_amd64_abi3_or_pure_wheels_pass(file, ok):
    assert locks.windows_wheel_ok(file) is ok


@pytest.mark.parametrize("line", [
    "numpy==2.4.6",
    "numpy==2.4.6 --hash=sha256:" + "0" * 64 + "  # numpy-2.4.6-cp311-cp311-manylinux_2_17_x86_64.whl",
])
def test_reading_the_lock_refuses_unhashed_or_foreign_wheels(tmp_path, line):
    lock = tmp_path / "lock.txt"
    lock.write_text(f"# exclude-newer: 2026-01-01T00:00:00Z\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lock.txt:2"):
        locks.read_windows_lock(lock)


def test_windows_lock_covers_every_project_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {locks.normalize(re.match(r"[A-Za-z0-9._-]+", req)[0]) for req in project["dependencies"]}
    locked = {locks.normalize(pin.name) for pin in locks.read_windows_lock()[1]}
    assert wanted <= locked


def test_selftest_imports_every_locked_wheel():
    owners = importlib.metadata.packages_distributions()
    imported = {locks.normalize(dist) for name in selftest_cmd.DEPENDENCIES for dist in owners.get(name.split(".")[0], [])}
    assert {locks.normalize(pin.name) for pin in locks.read_windows_lock()[1]} <= imported


def test_runtime_lock_pins_the_sdist_and_every_file():
    runtime = locks.read_runtime_lock()
    major_minor = "".join(runtime["python"].split(".")[:2])
    assert runtime["dll"] == f"python{major_minor}.dll"
    assert runtime["sdist"]["folder"] == f"cp{major_minor}/"
    assert SHA256.fullmatch(runtime["sdist"]["sha256"])
    assert runtime["official"]["url"].endswith(f"/python-{runtime['python']}-embed-amd64.zip")
    files = runtime["files"]
    assert {"python.exe", "pythonw.exe", runtime["dll"], f"python{major_minor}.zip", f"python{major_minor}._pth"} <= set(files)
    assert all(SHA256.fullmatch(digest) for digest in files.values())
