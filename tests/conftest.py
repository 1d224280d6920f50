"""Shared fixtures. No test reaches the internet: everything runs against the sandbox on 127.0.0.1.

The clients for tests (retry policies, scaled rate limits, factories, the operations only tests use) are in
tests/sandbox_clients.py; ``TIME_SCALE`` is imported here too because tests import it from this module."""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from tests.sandbox_clients import TIME_SCALE

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Log files (and a database nobody named) of tests go to a folder of their own, never the user's own data folder;
# subprocesses inherit it. Each pytest-xdist worker (``run.py test`` runs one per core) has its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if WORKER:
    os.environ["FORTSYNC_DATA_DIR"] = tempfile.mkdtemp(prefix=f"fortsync-tests-{WORKER}-")
os.environ.setdefault("FORTSYNC_DATA_DIR", tempfile.mkdtemp(prefix="fortsync-tests-"))

# No per-example deadline (a loaded CI machine must not fail a correct property); CI replays the same examples.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def _start_postgresql() -> object | None:
    """A throw-away PostgreSQL for the store tests when the machine has one installed and none is given
    (``FORTSYNC_TEST_PG_URL``); ``FORTSYNC_TEST_PG=off`` leaves it out. Started when this file is imported, before
    tests/store/conftest.py reads the URL to choose its databases. A pytest-xdist worker uses the main process's
    server with a database of its own (each store test drops and makes its schema)."""
    if WORKER and os.environ.get("FORTSYNC_TEST_PG_URL"):
        os.environ["FORTSYNC_TEST_PG_URL"] = _database_of_own(os.environ["FORTSYNC_TEST_PG_URL"], f"worker_{WORKER}")
        return None
    if os.environ.get("FORTSYNC_TEST_PG_URL") or os.environ.get("FORTSYNC_TEST_PG") == "off":
        return None
    from tests import pg_cluster

    cluster = pg_cluster.start()
    if cluster is not None:
        os.environ["FORTSYNC_TEST_PG_URL"] = cluster.url
        atexit.register(cluster.stop)  # also when pytest stops before unconfiguring (a usage error)
    return cluster


def _database_of_own(url: str, suffix: str) -> str:
    """``url`` with a database of its own on the same server (made when missing)."""
    from sqlalchemy import create_engine, make_url, text

    given = make_url(url)
    own = given.set(database=f"{given.database}_{suffix}")
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}) is None:
                conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        engine.dispose()
    return own.render_as_string(hide_password=False)


_PG_CLUSTER = _start_postgresql()


# --- the model test's statistics (which rules fired, what they led to) in every run's summary, CI's included ---------
# Under pytest-xdist each worker hands its own to the main process (which loads only this conftest), which adds them.

_MODEL_STATS_FROM_WORKERS: Counter[str] = Counter()


def _model_stats() -> Counter[str]:
    return Counter(getattr(sys.modules.get("tests.model.test_sync_model"), "STATS", None) or {})


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker
        workeroutput["model_stats"] = dict(_model_stats())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    _MODEL_STATS_FROM_WORKERS.update(getattr(node, "workeroutput", {}).get("model_stats", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    stats = _model_stats() + _MODEL_STATS_FROM_WORKERS
    if stats:
        terminalreporter.section("model test: rules fired and what they led to")
        for name, n in sorted(stats.items()):
            terminalreporter.write_line(f"{name}: {n}")


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
