"""The time-left estimate (engine/progress.py): actions weighted by their cost at the services' rates, the pace
calibrated on what was done, on an injected clock."""

from __future__ import annotations

import random

import pytest

from fortsync_gui.clients.ratelimit import RateLimit
from fortsync_gui.engine.plan.model import Op, Plan, Step
from fortsync_gui.engine.progress import DEFAULT_RATES, REQUESTS, Estimator, Rates, plan_weights, step_weight
from fortsync_gui.store import EntityKind


def _step(op: Op) -> Step:
    return Step(op, EntityKind.INVOICE if op is Op.DOCUMENT_CREATE else EntityKind.PRODUCT)


def _old_formula(elapsed: float, done: int, total: int) -> float:
    """What the sync view estimated before: every action at the same pace."""
    return elapsed / done * (total - done)


SLOW = Op.DOCUMENT_CREATE  # a Fortnox write (and the number on the deal): 25 requests per 5 s
FAST = Op.PRODUCT_CREATE  # an Upsales write: 200 per 10 s
ORDERS = {
    "slow first": [SLOW] * 100 + [FAST] * 900,
    "slow last": [FAST] * 900 + [SLOW] * 100,
    "interleaved": ([SLOW] + [FAST] * 9) * 100,
    "shuffled": random.Random(11).sample([SLOW] * 100 + [FAST] * 900, 1000),
}


def _simulate(ops: list[Op], scale: float = 0.2, local: float = 0.003) -> tuple[float, float, int]:
    """Run ``ops`` on a fake clock, each taking its requests at the rate-limited pace (``scale``: a sandbox's
    time scale) plus some local work; (estimate at 25 % of the actions, the time really left then, done)."""
    plan = Plan()
    for op in ops:
        plan.add(_step(op))
    weights = plan_weights(plan.steps)
    total_weight = sum(weights)
    estimate, clock, done_weight = Estimator(), 100.0, 0.0
    at: tuple[float, float, int] | None = None
    for step in plan.steps:
        done = step.index  # finished before this one starts (the engine reports before each step)
        left = estimate(clock, done_weight, total_weight)
        if at is None and done >= len(ops) / 4:
            assert left is not None
            at = (clock, left, done)
        fortnox, upsales = REQUESTS[step.op]
        clock += local + scale * max(fortnox / DEFAULT_RATES.fortnox, upsales / DEFAULT_RATES.upsales)
        done_weight += weights[step.index]
    assert at is not None
    started_at, left, done = at
    return left, clock - started_at, done


@pytest.mark.parametrize("order", ORDERS)
def test_a_mixed_plan_is_estimated_within_15_percent_at_25_percent_whatever_the_order(order: str) -> None:
    estimate, actual, done = _simulate(ORDERS[order])
    assert done == 250
    assert abs(estimate - actual) / actual <= 0.15


@pytest.mark.parametrize("order", ["slow first", "slow last"])
def test_counting_actions_alone_would_be_far_off(order: str) -> None:
    """The old formula (time ÷ actions done × actions left) on the same runs."""
    ops = ORDERS[order]
    plan_time = sum(0.003 + 0.2 * max(f / 5.0, u / 20.0) for f, u in (REQUESTS[op] for op in ops))
    at_quarter = sum(0.003 + 0.2 * max(f / 5.0, u / 20.0) for f, u in (REQUESTS[op] for op in ops[:250]))
    actual = plan_time - at_quarter
    assert abs(_old_formula(at_quarter, 250, 1000) - actual) / actual > 0.15  # slow last 24 %, slow first 6×


def test_the_weights_come_from_the_clients_rate_limits() -> None:
    assert Rates(fortnox=5.0, upsales=20.0) == DEFAULT_RATES  # 25 per 5 s, 200 per 10 s
    assert Rates.of(RateLimit(25, 1.0), RateLimit(200, 2.0)) == Rates(25.0, 100.0)  # a scaled sandbox
    # the slower service counts: a Fortnox write and an Upsales write at once cost the Fortnox one
    assert step_weight(_step(SLOW)) == pytest.approx(0.005 + 1 / 5)
    assert step_weight(_step(FAST)) == pytest.approx(0.005 + 1 / 20)
    assert step_weight(_step(Op.SAVE_STATE)) == pytest.approx(0.005)  # no request: its local work only


def test_every_op_that_calls_a_service_has_its_requests() -> None:
    local = {Op.SKIP, Op.SUGGEST_MATCH, Op.SAVE_STATE, Op.QUEUE, Op.UNQUEUE, Op.CURSOR}
    assert set(REQUESTS) == set(Op) - local


def test_no_estimate_before_the_pace_is_known() -> None:
    estimate = Estimator(min_elapsed=2.0)
    assert estimate(50.0, 0.0, 10.0) is None  # the clock starts at the first step
    assert estimate(51.0, 1.0, 10.0) is None  # too early
    assert estimate(54.0, 2.0, 10.0) == pytest.approx(16.0)  # 4 s for 2 of 10: 16 s left
    assert estimate(55.0, 10.0, 10.0) is None  # nothing left
    estimate.reset()
    assert estimate(90.0, 2.0, 10.0) is None  # a new run starts its own clock


def test_the_pace_is_measured_again_once_the_whole_plan_is_known() -> None:
    """The first part is written while the rest is read; the wait for that reading is no pace of the writing."""
    estimate = Estimator(min_elapsed=2.0)
    assert estimate(0.0, 0.0, 5.0, complete=False) is None
    assert estimate(4.0, 4.0, 5.0, complete=False) == pytest.approx(1.0)  # the first part's own pace
    assert estimate(20.0, 5.0, 25.0) is None  # 16 s spent reading the rest: the clock starts again here
    assert estimate(22.0, 9.0, 25.0) == pytest.approx(8.0)  # 2 s for 4 of the 20 left: 8 s
