"""The job-object structures match Windows' x64 layout; the child limits its memory by the platform's means.

The Windows calls themselves run in the installer's wine check (installer/wine_check.sh).
"""

from __future__ import annotations

import ctypes
import sys

import pytest

from desktop.services.importers.intake import child_reader
from desktop.services.importers.intake.windows_job import (
    JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    ExtendedLimits,
    memory_limits,
)


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the layout checked is the 64-bit one")
def test_extended_limit_information_has_the_windows_x64_layout():
    # JOBOBJECT_EXTENDED_LIMIT_INFORMATION on x64: 64 bytes of basic limits, 48 of I/O counters, 4 sizes
    assert ctypes.sizeof(ExtendedLimits) == 144
    assert ExtendedLimits.IoInfo.offset == 64
    assert ExtendedLimits.ProcessMemoryLimit.offset == 112
    assert ExtendedLimits.PeakJobMemoryUsed.offset == 136


def test_limits_name_the_process_memory():
    limits = memory_limits(512 << 20)
    assert limits.ProcessMemoryLimit == 512 << 20
    assert limits.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_PROCESS_MEMORY


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX address-space limit")
def test_posix_child_limits_its_address_space(monkeypatch):
    import resource

    calls = []
    monkeypatch.setattr(resource, "setrlimit", lambda what, limits: calls.append((what, limits)))
    child_reader._limit_memory(300 << 20)
    assert calls == [(resource.RLIMIT_AS, (300 << 20, 300 << 20))]
