"""Shows the model test's statistics (which rules fired, what they led to) in every run's summary, CI's included."""

from __future__ import annotations

import sys
from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    model = sys.modules.get("tests.model.test_sync_model")
    stats = getattr(model, "STATS", None)
    if stats:
        terminalreporter.section("model test: rules fired and what they led to")
        for name, n in sorted(stats.items()):
            terminalreporter.write_line(f"{name}: {n}")
