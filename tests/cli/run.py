"""Running `msoko` as a user would: a separate process, its exit code, stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def msoko(*args: str | Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli.main", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=environment, encoding="utf-8",
    )


def msoko_json(*args: str | Path) -> object:
    result = msoko(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
