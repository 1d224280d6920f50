"""The time-left estimate (engine/progress.py): actions weighted by their cost at the services' rates, the pace
calibrated on what was done, on an injected clock."""

from __future__ import annotations

import random

import pytest

from fortsync_gui.clients.ratelimit import RateLimit
from fortsync_gui.engine.api import Weight
from fortsync_gui.engine.plan.model import Op, Plan, Step
from fortsync_gui.engine.progress import (
    DEFAULT_RATES,
    LOCAL_S,
    REQUESTS,
    Estimator,
    Forecast,
    Load,
    Rates,
    op_weight,
    plan_weights,
    step_weight,
)
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


def test_a_partial_total_gives_no_estimate_and_the_pace_is_measured_from_when_it_is_whole() -> None:
    """The first part is written while the rest is read: its total alone is no estimate of the run; once the total
    is the whole run's the clock starts again (the weight done before counted the first part alone)."""
    estimate = Estimator(min_elapsed=2.0)
    assert estimate(0.0, 0.0, 5.0, whole=False) is None
    assert estimate(4.0, 4.0, 5.0, whole=False) is None  # the first part's own pace is no pace of the run
    assert estimate(20.0, 5.0, 25.0) is None  # the whole plan: the clock starts again here
    assert estimate(22.0, 9.0, 25.0) == pytest.approx(8.0)  # 2 s for 4 of the 20 left: 8 s
    assert estimate.of(24.0, Weight(13.0, 25.0, complete=False, forecast=True)) == pytest.approx(6.0)  # no restart
    estimate.reset()
    assert estimate.of(0.0, Weight(0.0, 40.0, complete=False)) is None
    # a forecast: its reading's first window comes at once (the limit's sliding window is empty), half on average
    assert estimate.of(1.0, Weight(1.0, 40.0, complete=False, forecast=True)) is None
    assert estimate.of(5.0, Weight(7.5, 40.0, complete=False, forecast=True)) == pytest.approx(4 * 32.5 / 4)


# --- the forecast of a pipelined run ---------------------------------------------------------------------------------

SCALE = 0.2  # the sandbox's time scale: every request takes its rate-limited time × SCALE
CPU = 0.001  # a step's local work, whatever the scale


def _pipelined(first_ops: list[Op], reads: int, rest_ops: list[Op], *, pages: int = 10,
               forecast_writes: dict[Op, int] | None = None, scale: float = SCALE,
               cpu: float = CPU) -> list[tuple[float, float | None, Weight]]:
    """A real run on a fake clock, pipelined as the runner does it: ``first_ops`` planned at once and carried out by
    the writer while the reader lists the rest (``pages`` Fortnox pages, not counted) and reads ``reads`` documents
    in full (Fortnox); the rest is planned as it is read (its steps other than deals once the reading has sized
    itself, the k-th deal when the k-th document is read) and the writer carries each out as soon as it is planned
    and the steps before it are done. Every request takes its rate-limited time × ``scale``, every step ``cpu`` more.
    The events are fed to a Forecast and an Estimator as the executor feeds them; (time, estimate, weight) of each,
    the run's end last."""
    rates = DEFAULT_RATES
    forecast: Forecast | None = Forecast()
    estimate = Estimator()
    sized_at = pages * scale / rates.fortnox
    # the limit is a sliding window: 25 reads at once (four in flight), then the next window
    read_at = [sized_at + (n // 25) * 25 * scale / rates.fortnox + (n % 25 + 1) * 0.002 for n in range(reads)]
    deals = [op for op in rest_ops if op is Op.DEAL_CREATE]
    planned = [(0.0, op) for op in first_ops] + [(sized_at, op) for op in rest_ops if op is not Op.DEAL_CREATE] \
        + [(read_at[min(k, reads - 1)], op) for k, op in enumerate(deals)]
    happenings: list[tuple[float, int, int, str, Step | None]] = []  # (time, priority, order, what, step)
    clock = 0.0
    for n, (at, op) in enumerate(planned):  # the writer: a progress event before each step, its load after it
        step = _step(op)
        happenings.append((at, 0, n, "plan", step))
        clock = max(clock, at)
        happenings.append((clock, 1, n, "before", step))
        clock += cpu + scale * (op_weight(op, rates) - LOCAL_S)
        happenings.append((clock, 1, n, "after", step))
    happenings.append((sized_at, 1, -1, "sized", None))
    happenings += [(at, 1, -1, "read", None) for at in read_at]
    happenings.append((read_at[-1], 2, -1, "complete", None))
    events: list[tuple[float, float | None, Weight]] = []
    done = wrote = total = 0.0
    left_steps = {n for n in range(len(planned))}

    def weight() -> Weight:
        if forecast is not None:
            return forecast.weight()
        return Weight(done, total, written=wrote, ahead=total - done)

    for at, _, n, what, step in sorted(happenings, key=lambda h: h[:3]):
        if what == "plan":
            assert step is not None
            if forecast is not None:
                forecast.planned([step])
        elif what == "before":
            events.append((at, estimate.of(at, weight()), weight()))
        elif what == "after":
            assert step is not None
            left_steps.discard(n)
            if forecast is not None:
                forecast.step_done(step)
            else:
                done, wrote = done + op_weight(step.op, rates), wrote + op_weight(step.op, rates)
        elif what == "sized" and forecast is not None:
            forecast.expect(Load.of_reads(fortnox=reads), forecast_writes or {Op.DEAL_CREATE: reads})
            forecast.size()
            events.append((at, estimate.of(at, forecast.weight()), forecast.weight()))
        elif what == "read" and forecast is not None:
            forecast.read(Load.of_reads(fortnox=1))
            events.append((at, estimate.of(at, forecast.weight()), forecast.weight()))
        elif what == "complete" and forecast is not None:
            # the whole plan is known: its weights replace the forecast, the weight done and written carry over
            done, wrote = forecast.overlap_done(), forecast.first_done.seconds
            total = done + sum(op_weight(planned[k][1], rates) for k in left_steps)
            forecast = None
    events.append((clock, None, Weight(done, total)))
    return events


def _error_at(events: list[tuple[float, float | None, Weight]], share: float) -> float:
    end = events[-1][0]
    at, left, _ = next(e for e in events if e[1] is not None and e[2].whole and e[2].done >= share * e[2].total)
    assert left is not None
    return abs(left - (end - at)) / (end - at)


FIRST_IMPORT = ([Op.COMPANY_IMPORT] * 500, 300, [Op.PRODUCT_CREATE] * 125 + [Op.DEAL_CREATE] * 300)
WRITES = {Op.DEAL_CREATE: 300, Op.PRODUCT_CREATE: 125}
SHARES = [n / 40 for n in range(10, 35)]  # 25 % to 85 % of the run


@pytest.mark.parametrize(("scale", "cpu", "bound"), [(0.2, 0.001, 0.15), (1.0, 0.005, 0.15), (0.05, 0.004, 0.25)])
def test_a_first_import_is_estimated_within_15_percent_from_25_percent_of_the_forecast(scale: float, cpu: float,
                                                                                       bound: float) -> None:
    """Upsales companies written while Fortnox documents are read (the longer part), the products and each
    document's deal written as they are read: the forecast counts the reading and the writes beside it, so a
    quarter of it is a quarter of the run. Where the writer's local work binds instead (a sandbox at time scale
    0.05, where a write's commits are most of its time and far more than its weight says against a read's) the
    forecast is up to 21 % off until the whole plan is known; from then the writes' own pace counts."""
    first, reads, rest = FIRST_IMPORT
    events = _pipelined(first, reads, rest, forecast_writes=WRITES, scale=scale, cpu=cpu)
    for share in SHARES:
        assert _error_at(events, share) <= bound, share
    # the estimate is there from the start of the reading on (2 s in, the Estimator's minimum), before the plan
    shown = next(at for at, left, _ in events if left is not None)
    assert shown < next(at for at, _, weight in events if weight.complete)


def test_the_bursts_of_a_sliding_window_are_evened_out() -> None:
    """The reads come 25 at once, then a wait: the pace of the latest burst alone would swing 0-16 % off."""
    first, reads, rest = FIRST_IMPORT
    events = _pipelined(first, reads, rest, forecast_writes=WRITES)
    estimate = Estimator(lookback=0.0)
    swinging = [*[(at, estimate.of(at, weight), weight) for at, _, weight in events[:-1]], events[-1]]
    assert max(_error_at(swinging, share) for share in SHARES) > 0.15
    assert max(_error_at(events, share) for share in SHARES) <= 0.15


def test_the_first_parts_total_alone_would_be_far_off() -> None:
    """What the estimate was at 25 % of the planned actions before the forecast: the companies' pace × what was
    left of the companies, while the run then still read the documents and wrote the rest."""
    first, reads, rest = FIRST_IMPORT
    end = _pipelined(first, reads, rest)[-1][0]
    at = 125 * (CPU + SCALE * (op_weight(Op.COMPANY_IMPORT, DEFAULT_RATES) - LOCAL_S))  # 125 of 500 companies
    first_part_estimate = at * 375 / 125
    assert abs(first_part_estimate - (end - at)) / (end - at) > 0.5


def test_no_estimate_until_the_reading_has_sized_itself() -> None:
    forecast = Forecast([_step(Op.COMPANY_IMPORT)] * 10)
    assert not forecast.weight().whole  # the rest's size unknown: its total is the first part's
    forecast.expect(Load.of_reads(fortnox=20), {Op.DEAL_CREATE: 20})
    forecast.size()
    weight = forecast.weight()
    assert weight.whole and not weight.complete
    # the reading (20 Fortnox reads, 4 s) is longer than the 10 Upsales writes and the 20 forecast deals written as
    # their documents are read (1.65 s): it sets the overlap
    assert weight.total == pytest.approx(20 / 5)
    forecast.planned([_step(Op.DEAL_CREATE)] * 20)  # the forecast deals planned: the same total
    assert forecast.weight().total == pytest.approx(20 / 5)
    assert weight.done == 0.0


def test_work_on_one_service_from_both_threads_adds_up() -> None:
    """An incremental run writing Fortnox customers while Fortnox documents are read: both share one limit."""
    forecast = Forecast([_step(Op.COMPANY_TO_FORTNOX)] * 50)  # 50 Fortnox writes: 10 s at 5 per second
    forecast.expect(Load.of_reads(fortnox=50))
    forecast.size()
    assert forecast.weight().total == pytest.approx(20.0)  # not max(10.25, 10): 100 Fortnox requests at 5/s
    for _ in range(50):
        forecast.step_done(_step(Op.COMPANY_TO_FORTNOX))
    assert forecast.weight().done == pytest.approx(10.0)  # what is left: the 50 reads, 10 s
    assert Load.of_step(Op.COMPANY_TO_FORTNOX) - Load.of_step(Op.DOCUMENT_CREATE) == Load()  # never below zero


def test_a_first_part_quicker_than_the_reading_is_no_progress_of_the_run() -> None:
    forecast = Forecast([_step(Op.COMPANY_IMPORT)] * 100)  # 5.5 s of Upsales writes
    forecast.expect(Load.of_reads(fortnox=100))  # 20 s of Fortnox reads
    forecast.size()
    for _ in range(100):
        forecast.step_done(_step(Op.COMPANY_IMPORT))
    assert forecast.weight().done == 0.0  # the reading is what the run waits for
    for _ in range(25):
        forecast.read(Load.of_reads(fortnox=1))
    assert forecast.weight().done == pytest.approx(5.0)
