"""A faithful local simulator of the Upsales CRM REST API v2 (``/api/v2``), for the demo, tests and benchmarks."""

from .app import DEMO_TOKEN, UpsalesSim

__all__ = ["DEMO_TOKEN", "UpsalesSim"]
