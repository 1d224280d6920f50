"""Faithful local simulators of the Fortnox and Upsales APIs, for the demo, the tests and the benchmarks.

Nothing outside this package and the tests imports it (the GUI's ``--demo`` starts it through ``cli``/``gui`` entry
points only).
"""

from .runtime import Sandbox, SandboxInfo, Tenants

__all__ = ["Sandbox", "SandboxInfo", "Tenants"]
