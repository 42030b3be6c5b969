"""The locks (installer/requirements-windows.txt, requirements-dev.txt, installer/runtime.toml), read and
checked offline: `locks.py check` proves them against pyproject.toml without asking any index."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import socket
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
    assert [line for line in locks.WINDOWS_LOCK.read_text(encoding="utf-8").splitlines()
            if line.startswith("#   ")], "the wheels' metadata is recorded"
    assert len(lines) > 10
    for line in lines:
        assert re.match(r"^\S+==\S+ --hash=sha256:[0-9a-f]{64}  # \S+\.whl$", line), line


def test_windows_lock_holds_one_windows_wheel_per_package():
    pins = locks.read_windows_lock()  # raises on a line that is not a hashed Windows wheel
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
    lock.write_text(f"# resolved: 2026-01-01\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lock.txt:2"):
        locks.read_windows_lock(lock)


def test_windows_lock_covers_every_project_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {locks.normalize(re.match(r"[A-Za-z0-9._-]+", req)[0]) for req in project["dependencies"]}
    locked = {locks.normalize(pin.name) for pin in locks.read_windows_lock()}
    assert wanted <= locked


def test_selftest_imports_every_locked_wheel():
    owners = importlib.metadata.packages_distributions()
    imported = {locks.normalize(dist) for name in selftest_cmd.DEPENDENCIES for dist in owners.get(name.split(".")[0], [])}
    assert {locks.normalize(pin.name) for pin in locks.read_windows_lock()} <= imported


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


# --- the offline check -------------------------------------------------------------------------------

WINDOWS = locks._environment("3.11.9", "win_amd64")
LINUX = locks._environment("3.11.9", "linux_x86_64")


def pin(name, version, *requires, requires_python=""):
    return locks.Pin(name, version, "0" * 64, f"{name.replace('-', '_')}-{version}-py3-none-any.whl",
                     requires_python, tuple(requires))


def roots(*lines):
    return [locks.Requirement(line) for line in lines]


def test_check_passes_on_the_repository_without_any_network(monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise AssertionError("locks.py check asked the network or ran a program")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(locks.subprocess, "run", refuse)
    monkeypatch.setattr(locks.subprocess, "Popen", refuse)
    assert locks.check() == 0, capsys.readouterr().out
    assert "both satisfy pyproject.toml" in capsys.readouterr().out


def test_a_sound_lock_has_no_problems():
    pins = [pin("pyqtgraph", "0.14.0", "numpy>=1.25.0", "colorama"), pin("numpy", "2.4.6"), pin("colorama", "0.4.6")]
    assert locks.check_windows_lock(pins, roots("pyqtgraph>=0.13.4"), WINDOWS) == []


def test_a_requirement_of_a_locked_wheel_that_is_not_locked_is_named():
    pins = [pin("pyside6-essentials", "6.11.3", "shiboken6==6.11.3")]
    assert locks.check_windows_lock(pins, roots("PySide6-Essentials>=6.10,<6.12"), WINDOWS) == [
        "pyside6-essentials==6.11.3 requires shiboken6==6.11.3, not in the lock"]


def test_versions_outside_the_specifiers_are_named():
    pins = [pin("pyside6-essentials", "6.12.0", "shiboken6==6.12.0"), pin("shiboken6", "6.11.3")]
    problems = locks.check_windows_lock(pins, roots("PySide6-Essentials>=6.10,<6.12"), WINDOWS)
    assert problems == ["pyproject.toml requires PySide6-Essentials<6.12,>=6.10, locked pyside6-essentials==6.12.0",
                        "pyside6-essentials==6.12.0 requires shiboken6==6.12.0, locked shiboken6==6.11.3"]


def test_markers_are_those_of_windows_and_extras_only_when_asked():
    pins = [pin("reportlab", "5.1.0", "pillow>=9", 'rlbidi; extra == "bidi"', 'uvloop; sys_platform == "linux"'),
            pin("pillow", "13.0.0"), pin("colorama", "0.4.6")]
    assert locks.check_windows_lock(pins, roots("reportlab", 'colorama; os_name == "nt"'), WINDOWS) == []
    assert locks.check_windows_lock(pins, roots("reportlab[bidi]", "colorama"), WINDOWS) == [
        "reportlab==5.1.0 requires rlbidi, not in the lock"]
    assert "pyproject.toml requires colorama" not in " ".join(
        locks.check_windows_lock(pins[:2], roots("reportlab", 'colorama; sys_platform == "linux"'), WINDOWS))


def test_what_nothing_requires_and_what_needs_another_python_are_named():
    pins = [pin("openpyxl", "3.1.5", requires_python=">=3.12"), pin("xlrd", "2.0.1")]
    assert locks.check_windows_lock(pins, roots("openpyxl"), WINDOWS) == [
        "openpyxl==3.1.5 requires Python >=3.12", "xlrd==2.0.1 is locked but nothing requires it"]


def test_the_dev_lock_must_hash_every_pin_and_match_what_ships(tmp_path):
    lock = tmp_path / "requirements-dev.txt"
    lock.write_text(
        "pytest==9.2.0 \\\n    --hash=sha256:" + "1" * 64 + "\n    # via msoko-desktop (pyproject.toml)\n"
        "numpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash=sha256:" + "2" * 64 + "\n"
        "numpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash=sha256:" + "3" * 64 + "\n"
        "ruff==0.17.6\n", encoding="utf-8")
    pins = locks.read_dev_lock(lock)
    assert [(name, version) for name, version, _, _ in pins] == [
        ("pytest", "9.2.0"), ("numpy", "2.4.6"), ("numpy", "2.5.5"), ("ruff", "0.17.6")]
    py313 = locks._environment("3.13.1", "linux_x86_64")
    problems = locks.check_dev_lock(pins, roots("pytest>=8", "numpy", "hypothesis"), [LINUX, py313], {"numpy": "2.4.6"})
    assert problems == [
        "ruff==0.17.6 has no sha256",
        "pyproject.toml requires hypothesis, not in requirements-dev.txt for linux/3.11",
        "numpy==2.5.5 for linux/3.13, the setup ships 2.4.6",
        "pyproject.toml requires hypothesis, not in requirements-dev.txt for linux/3.13",
    ]


def test_the_dev_lock_pins_every_tool_the_tests_and_the_build_need():
    names = {name for name, _, _, _ in locks.read_dev_lock()}
    assert {"pytest", "pytest-qt", "pytest-timeout", "ruff", "packaging", "setuptools", "pyside6-essentials"} <= names
