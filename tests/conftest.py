"""Shared fixtures. No test reaches the internet: everything runs against the sandbox on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Rate-limit windows in tests run at 1 % of real time: Fortnox 25 per 50 ms, Upsales 200 per 100 ms.
TIME_SCALE = 0.01


@pytest.fixture
def sandbox() -> Iterator[object]:
    """A fresh sandbox (both simulators, demo seed) on a free loopback port, time-scaled for fast tests."""
    from fortsync_gui.sandbox import Sandbox

    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sb:
        yield sb
