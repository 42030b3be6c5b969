"""The program's wheel ships resources/ as the package data folder desktop/_resources, and every package."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def test_pyproject_lists_every_package_and_maps_resources_into_the_package():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "desktop").rglob("__init__.py")}
    assert set(setuptools["packages"]) == on_disk | {"desktop._resources"}, (
        "a package under desktop/ is missing from [tool.setuptools] packages in pyproject.toml: "
        "the wheel and the Windows setup would leave it out"
    )
    assert setuptools["package-dir"] == {"desktop._resources": "resources"}
    assert setuptools["package-data"] == {"desktop._resources": ["**/*"]}
    assert list((ROOT / "resources" / "fonts").glob("*.ttf"))


def test_icon_holds_the_sizes_windows_uses():
    icon = Image.open(ROOT / "resources" / "icons" / "msoko.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= icon.info["sizes"]
