"""dev.py, the developers' two commands: the Linux desktop check names Debian's packages."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("dev_bootstrap", ROOT / "dev.py")
dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev)


@pytest.mark.parametrize("library, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
])
def test_missing_libraries_are_named_by_their_debian_package(library, package):
    assert dev.debian_package(library) == package


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")
def test_the_check_reads_what_the_xcb_plugin_lacks_from_ldd(monkeypatch):
    outputs = {"-c": "/venv/PySide6\n", "ldd": "\tlibxcb-icccm.so.4 => not found\n\tlibc.so.6 => /lib/libc.so.6\n"}
    monkeypatch.setattr(dev.subprocess, "run", lambda args, **kw: type("Done", (), {
        "stdout": outputs["ldd" if args[0] == "ldd" else "-c"]})())
    monkeypatch.setattr(dev.Path, "is_file", lambda self: True)
    assert dev.missing_qt_libraries(Path("python")) == ["libxcb-icccm.so.4"]
