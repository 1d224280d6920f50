"""Shared fixtures. No test reaches the internet: everything runs against the sandbox on 127.0.0.1.

The clients for tests (retry policies, scaled rate limits, factories, the operations only tests use) are in
tests/sandbox_clients.py; ``TIME_SCALE`` is imported here too because tests import it from this module."""

from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests.sandbox_clients import TIME_SCALE

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Log files (and a database nobody named) of tests go to a folder of their own, never the user's own data folder;
# subprocesses inherit it.
os.environ.setdefault("FORTSYNC_DATA_DIR", tempfile.mkdtemp(prefix="fortsync-tests-"))

# No per-example deadline (a loaded CI machine must not fail a correct property); CI replays the same examples.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def _start_postgresql() -> object | None:
    """A throw-away PostgreSQL for the store tests when the machine has one installed and none is given
    (``FORTSYNC_TEST_PG_URL``); ``FORTSYNC_TEST_PG=off`` leaves it out. Started when this file is imported, before
    tests/store/conftest.py reads the URL to choose its databases."""
    if os.environ.get("FORTSYNC_TEST_PG_URL") or os.environ.get("FORTSYNC_TEST_PG") == "off":
        return None
    from tests import pg_cluster

    cluster = pg_cluster.start()
    if cluster is not None:
        os.environ["FORTSYNC_TEST_PG_URL"] = cluster.url
        atexit.register(cluster.stop)  # also when pytest stops before unconfiguring (a usage error)
    return cluster


_PG_CLUSTER = _start_postgresql()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _PG_CLUSTER is not None:
        _PG_CLUSTER.stop()  # type: ignore[attr-defined]
        os.environ.pop("FORTSYNC_TEST_PG_URL", None)


@pytest.fixture
def sandbox() -> Iterator[object]:
    """A fresh sandbox (both simulators, demo seed) on a free loopback port, time-scaled for fast tests."""
    from fortsync_gui.sandbox import Sandbox

    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sb:
        yield sb
