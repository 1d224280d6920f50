"""How long a run still takes: each planned step weighted by what it is expected to cost, and the time left
estimated from the pace of what was done. Pure: no Qt, no I/O, no clock (the caller passes the time in).

A step's cost is the requests it makes to each service divided by the rate that service's client is limited to
(Fortnox 25 per 5 s, Upsales 200 per 10 s), the slower of the two, plus a little local work (the commit, the audit
line). Counting steps instead would take a plan of slow Fortnox writes and quick Upsales writes for one pace.

    weights = plan_weights(plan.visible())        # the engine, once per plan (part)
    estimate = Estimator()
    seconds_left = estimate(now, weight.done, weight.total, weight.complete)   # None: too early to tell

The estimate is time elapsed × weight left ÷ weight done: the pace is calibrated on this run (the time scale, the
network, the machine) and only the proportions between steps come from the rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT, RateLimit

from .api import Weight
from .plan.model import Op, Step

__all__ = ["DEFAULT_RATES", "REQUESTS", "Estimator", "Rates", "Weight", "plan_weights", "seconds_left", "step_weight"]

LOCAL_S = 0.005  # a step's own work (commit, audit line) besides its requests, in seconds at real rates

# The requests (Fortnox, Upsales) a step of each kind makes when it is carried out (the usual path of its handler in
# apply.py; the reads a handler makes only after a lost answer are not counted).
REQUESTS: dict[Op, tuple[int, int]] = {
    Op.COMPANY_IMPORT: (0, 1),
    Op.COMPANY_EXPORT: (1, 1),  # the customer, then its number on the company
    Op.COMPANY_LINK: (0, 1),  # the customer number written back (when it is missing)
    Op.COMPANY_TO_FORTNOX: (1, 0),
    Op.COMPANY_TO_UPSALES: (0, 1),
    Op.COMPANY_UNLINK: (0, 1),
    Op.COMPANY_FORGET: (0, 0),
    Op.COMPANY_DELETE: (0, 1),
    Op.CONFLICT: (0, 0),
    Op.PRODUCT_CREATE: (0, 1),
    Op.PRODUCT_LINK: (0, 1),
    Op.PRODUCT_UPDATE: (0, 1),
    Op.PRODUCT_DEACTIVATE: (0, 1),
    Op.DEAL_CREATE: (0, 1),
    Op.DEAL_UPDATE: (0, 2),  # read again, then written
    Op.DEAL_LINK: (0, 1),
    Op.DEAL_FROM_OFFER: (0, 1),
    Op.DOCUMENT_CREATE: (1, 1),  # the document, then its number on the deal
    Op.DOCUMENT_LINK: (0, 1),
    Op.DOCUMENT_WRITE_BACK: (0, 1),
}


@dataclass(frozen=True)
class Rates:
    """Requests per second each service's client is limited to (only their proportion matters to the estimate)."""

    fortnox: float
    upsales: float

    @classmethod
    def of(cls, fortnox: RateLimit = FORTNOX_RATE_LIMIT, upsales: RateLimit = UPSALES_RATE_LIMIT) -> Rates:
        return cls(fortnox.requests / fortnox.window, upsales.requests / upsales.window)


DEFAULT_RATES = Rates.of()


def step_weight(step: Step, rates: Rates = DEFAULT_RATES) -> float:
    """The seconds ``step`` is expected to take at the services' configured rates (the slower service counts)."""
    fortnox, upsales = REQUESTS.get(step.op, (0, 0))
    return LOCAL_S + max(fortnox / rates.fortnox, upsales / rates.upsales)


def plan_weights(steps: Iterable[Step], rates: Rates = DEFAULT_RATES) -> list[float]:
    return [step_weight(step, rates) for step in steps]


class Estimator:
    """The time left of a run from its progress weights; ``now`` is a monotonic time in seconds (injected).

    The clock starts at the first call (the first step carried out). While the plan is incomplete (its first part
    is written while the rest is read) the pace is that of the first part; once the whole plan is known the clock
    starts again from there, so the wait for the rest's reading is not taken for the pace of its writing. No
    estimate before ``min_elapsed`` seconds or with nothing done: too early to know the pace."""

    def __init__(self, min_elapsed: float = 2.0) -> None:
        self.min_elapsed = min_elapsed
        self.started: float | None = None
        self.base = 0.0  # the weight done when the clock started
        self.complete = False

    def reset(self) -> None:
        self.started, self.base, self.complete = None, 0.0, False

    def __call__(self, now: float, done: float, total: float, complete: bool = True) -> float | None:
        if self.started is None or (complete and not self.complete):
            self.started, self.base = now, done
        self.complete = complete
        elapsed = now - self.started
        if done <= self.base or total <= done or elapsed < self.min_elapsed:
            return None
        return seconds_left(elapsed, done - self.base, total - self.base)


def seconds_left(elapsed: float, done: float, total: float) -> float:
    """Time elapsed × weight left ÷ weight done."""
    return elapsed * (total - done) / done if done > 0 else 0.0
