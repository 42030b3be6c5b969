"""installer/check_payload.py on bytecode: build.py's unchecked-hash .pyc in pkgs\\ pass; a build machine's
timestamped, stale, sourceless or misplaced ones fail, and so does a module shipped without bytecode."""

from __future__ import annotations

import py_compile
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT / "installer"))  # check_payload imports its neighbour `locks`
import check_payload  # noqa: E402

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="bytecode of the 3.11 runtime")
TAG = check_payload.cache_tag()
MODE = py_compile.PycInvalidationMode


def payload(root: Path, modules: dict[str, str], mode=MODE.UNCHECKED_HASH) -> list[str]:
    """`pkgs/<module>` sources and their bytecode as build.py stages them; the listing as 7z gives it."""
    for name, text in modules.items():
        source = root / "pkgs" / name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(text, encoding="utf-8")
        py_compile.compile(str(source), cfile=str(pyc_of(root, name)), invalidation_mode=mode, doraise=True)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def pyc_of(root: Path, name: str) -> Path:
    source = root / "pkgs" / name
    return source.parent / "__pycache__" / f"{source.stem}.{TAG}.pyc"


def test_the_builds_own_bytecode_passes(tmp_path):
    paths = payload(tmp_path, {"desktop/__init__.py": "", "desktop/cli/main.py": "X = {'a', 'b'}\n"})
    assert check_payload.bytecode_problems(tmp_path, paths) == []
    assert check_payload.bytecode_source(f"pkgs/desktop/cli/__pycache__/main.{TAG}.pyc") == "pkgs/desktop/cli/main.py"
    header = pyc_of(tmp_path, "desktop/cli/main.py").read_bytes()[4:8]
    assert int.from_bytes(header, "little") == 0b01  # unchecked-hash, PEP 552


def test_a_timestamped_pyc_fails(tmp_path):
    paths = payload(tmp_path, {"a.py": "A = 1\n"}, mode=MODE.TIMESTAMP)
    assert check_payload.bytecode_problems(tmp_path, paths) == [
        f"bytecode not hash-based (flags 0b00, a timestamp?): pkgs/__pycache__/a.{TAG}.pyc"]


def test_stale_sourceless_and_missing_bytecode_fail(tmp_path):
    paths = payload(tmp_path, {"a.py": "A = 1\n", "b.py": "B = 1\n"})
    (tmp_path / "pkgs" / "a.py").write_text("A = 2\n", encoding="utf-8")  # changed after compiling
    (tmp_path / "pkgs" / "b.py").unlink()
    (tmp_path / "pkgs" / "c.py").write_text("C = 1\n", encoding="utf-8")
    paths = [p for p in paths if p != "pkgs/b.py"] + ["pkgs/c.py"]
    assert sorted(check_payload.bytecode_problems(tmp_path, paths)) == sorted([
        f"bytecode of another source (stale): pkgs/__pycache__/a.{TAG}.pyc",
        f"bytecode without its source: pkgs/__pycache__/b.{TAG}.pyc",
        "not compiled: pkgs/c.py",
    ])


@pytest.mark.parametrize("path", [
    f"Python/__pycache__/site.{TAG}.pyc",  # outside pkgs\
    "pkgs/desktop/main.pyc",  # legacy bytecode beside the source
    "pkgs/desktop/__pycache__/main.cpython-312.pyc",  # another Python
    "pkgs/desktop/__pycache__/main.pyc",
])
def test_bytecode_elsewhere_is_not_the_builds(path):
    assert check_payload.bytecode_source(path) is None
