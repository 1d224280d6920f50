"""A faithful local simulator of the Fortnox REST API v3 (``/3/``) and its OAuth2 endpoints (``/oauth-v1/``), for
the demo, the tests and the benchmarks (reference/fortnox-api.md; §14 is its checklist)."""

from .app import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID, FortnoxSim

__all__ = ["DEMO_CLIENT_ID", "DEMO_CLIENT_SECRET", "DEMO_TENANT_ID", "FortnoxSim"]
