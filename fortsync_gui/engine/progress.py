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

A real run writes the first part of its plan (the companies) while it reads what the rest needs (articles and
documents: Fortnox detail reads, usually the longer of the two), then plans and writes the rest. While that is so,
:class:`Forecast` makes the total a forecast of the whole run: the first part's weights and the reading, which run
at once (the longer of the two counts, or the sum of what they ask of one service), plus the expected writes of what
was read. The reading sizes itself from its own listings (each listed document is one detail read) before its detail
reads start, so no request is added; every detail read done is progress. Once the rest is planned its real weights
replace the forecast writes, with the weight done carried over (the estimate does not start again).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT, RateLimit

from .api import Weight
from .plan.model import Op, Step

__all__ = ["DEFAULT_RATES", "NO_LOAD", "REQUESTS", "Estimator", "Forecast", "Load", "NoReading", "Rates", "Reading",
           "Weight", "op_weight", "overlapped", "plan_weights", "seconds_left", "step_weight"]

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
FORTNOX_WINDOW = FORTNOX_RATE_LIMIT.requests / DEFAULT_RATES.fortnox  # the weight of one window's requests (5 s)


def step_weight(step: Step, rates: Rates = DEFAULT_RATES) -> float:
    """The seconds ``step`` is expected to take at the services' configured rates (the slower service counts)."""
    return op_weight(step.op, rates)


def op_weight(op: Op, rates: Rates = DEFAULT_RATES) -> float:
    fortnox, upsales = REQUESTS.get(op, (0, 0))
    return LOCAL_S + max(fortnox / rates.fortnox, upsales / rates.upsales)


def plan_weights(steps: Iterable[Step], rates: Rates = DEFAULT_RATES) -> list[float]:
    return [step_weight(step, rates) for step in steps]


@dataclass(frozen=True)
class Load:
    """Work on one thread: its expected seconds (the sum of its steps' weights) and the requests it makes of each
    service (two threads at once share each service's rate limit)."""

    seconds: float = 0.0
    fortnox: float = 0.0
    upsales: float = 0.0

    def __add__(self, other: Load) -> Load:
        return Load(self.seconds + other.seconds, self.fortnox + other.fortnox, self.upsales + other.upsales)

    def __sub__(self, other: Load) -> Load:
        return Load(max(0.0, self.seconds - other.seconds), max(0.0, self.fortnox - other.fortnox),
                    max(0.0, self.upsales - other.upsales))

    @classmethod
    def of_step(cls, op: Op, rates: Rates = DEFAULT_RATES) -> Load:
        fortnox, upsales = REQUESTS.get(op, (0, 0))
        return cls(op_weight(op, rates), fortnox, upsales)

    @classmethod
    def of_reads(cls, fortnox: int = 0, upsales: int = 0, rates: Rates = DEFAULT_RATES) -> Load:
        """Detail reads, several in flight at once (facts.READERS): the slower service's share of them counts."""
        return cls(max(fortnox / rates.fortnox, upsales / rates.upsales), fortnox, upsales)


NO_LOAD = Load()


def overlapped(a: Load, b: Load, rates: Rates = DEFAULT_RATES) -> float:
    """The expected seconds of two threads working at once: the longer of the two, unless what both ask of one
    service takes longer at its rate."""
    return max(a.seconds, b.seconds, (a.fortnox + b.fortnox) / rates.fortnox, (a.upsales + b.upsales) / rates.upsales)


class Reading(Protocol):
    """What the reading of the rest tells the progress while the first part is written (facts.Reader)."""

    def expect(self, reads: Load = NO_LOAD, writes: Mapping[Op, int] | None = None) -> None:
        """More to read (detail reads, once a listing named them) and the writes they are expected to bring."""

    def read(self, done: Load) -> None:
        """Detail reads done."""

    def sized(self) -> None:
        """Every listing that sizes the rest was read: the forecast covers the whole run."""


class NoReading:
    def expect(self, reads: Load = NO_LOAD, writes: Mapping[Op, int] | None = None) -> None:
        pass

    def read(self, done: Load) -> None:
        pass

    def sized(self) -> None:
        pass


class Forecast:
    """The weight of a whole run while the plan is carried out and the rest is still read (pure; the caller
    serialises the calls): the writer's steps planned so far (``first``: the first part, then each part of the rest
    as it is planned, :meth:`planned`), the reading of the rest at the same time on another thread, and the rest's
    writes not planned yet, forecast from what was listed (each listed document a deal written, each changed article
    a product). The runner plans and writes the rest as it is read, so those run beside the reading as well; the
    executor replaces the forecast with the plan's own weights once the plan is complete.

    ``weight().done`` is the part of that total behind the run: the overlap's expected length minus what is left of
    it, so writes done quicker than the reading are no progress of the run's end."""

    def __init__(self, first: Iterable[Step] = (), rates: Rates = DEFAULT_RATES) -> None:
        self.rates = rates
        self.first = Load()
        self.first_done = Load()
        self.reads = Load()  # expected (done included)
        self.reads_done = Load()
        self.writes = Load()  # the rest's forecast writes not planned yet
        self.unplanned: dict[Op, int] = {}  # ... by kind of step
        self.sized = False
        self.planned(first)

    def planned(self, steps: Iterable[Step]) -> None:
        """Steps planned while the reading goes on (the first part, then the rest part by part as it is read): they
        are carried out beside the reading, and a forecast write they turn out to be is no longer unplanned."""
        for step in steps:
            load = Load.of_step(step.op, self.rates)
            self.first += load
            if self.unplanned.get(step.op, 0) > 0:
                self.unplanned[step.op] -= 1
                self.writes -= load

    def step_done(self, step: Step) -> None:
        self.first_done += Load.of_step(step.op, self.rates)

    def expect(self, reads: Load = NO_LOAD, writes: Mapping[Op, int] | None = None) -> None:
        self.reads += reads
        for op, n in (writes or {}).items():
            self.unplanned[op] = self.unplanned.get(op, 0) + n
            one = Load.of_step(op, self.rates)
            self.writes += Load(one.seconds * n, one.fortnox * n, one.upsales * n)

    def read(self, done: Load) -> None:
        self.reads_done += done
        self.reads = Load(max(self.reads.seconds, self.reads_done.seconds), max(self.reads.fortnox,
                          self.reads_done.fortnox), max(self.reads.upsales, self.reads_done.upsales))

    def size(self) -> None:
        self.sized = True

    def overlap_done(self) -> float:
        """How much of the run (the writer's steps and the reading at once) is behind it, in expected seconds."""
        writer = self.first + self.writes
        whole = overlapped(writer, self.reads, self.rates)
        return whole - overlapped(writer - self.first_done, self.reads - self.reads_done, self.rates)

    def weight(self) -> Weight:
        """``forecast`` once the reading sized itself (before that the total lacks the rest: no estimate). The rest
        is planned and written as it is read (the runner's pipeline), so its forecast writes run beside the reading
        too: nothing is the writer's alone (``ahead`` 0)."""
        return Weight(self.overlap_done(), overlapped(self.first + self.writes, self.reads, self.rates),
                      complete=False, forecast=self.sized, written=self.first_done.seconds, ahead=0.0)


class Estimator:
    """The time left of a run from its progress weights; ``now`` is a monotonic time in seconds (injected).

    The clock starts at the first call (the first step carried out). A total that is not the whole run's (the first
    part of the plan, before the reading of the rest has sized itself: ``whole`` False) gives no estimate; once it
    is (the whole plan, or a :class:`Forecast` of it) the clock starts again from there, because the weight done
    before counted the first part alone. It does not start again when the real plan replaces the forecast: the
    weight done carries over. No estimate before ``min_elapsed`` seconds or with nothing done: too early to know
    the pace.

    Two paces: what the writer alone does after what runs now (``Weight.ahead``: the rest's writes, or all that is
    left once the whole plan is being written) goes at the writes' own pace, the time the writer was busy ÷ the
    weight it wrote (the first part's until the whole plan has been written for ``min_elapsed``); the rest of what is
    left (the reading, and the first part beside it) at the run's pace since the clock started. Their weights are
    right in proportion between writes and between reads, but a write's local work (commits) against a read's wait
    for its rate limit varies with the machine and the services' pace, so one pace for both would be off.

    The services' limits are sliding windows: the reads come in bursts (a window's 25 at once, then a wait), so the
    pace looks quicker than it is right after a burst and slower just before the next. The estimate is therefore
    the mean over the time the last ``lookback`` weight (one Fortnox window's requests) takes at the present pace,
    of the estimates made then (each for as long as it was the latest, less the time since): a whole window's.
    Those made before the whole plan was known are dropped then (the plan is news, not noise). For the same reason
    the pace of a forecast is taken from half a window's weight after its clock starts: a reading begins with a
    window the limit lets through at once (all of it when nothing was read just before)."""

    def __init__(self, min_elapsed: float = 2.0, lookback: float = FORTNOX_WINDOW) -> None:
        self.min_elapsed = min_elapsed
        self.lookback = lookback
        self.reset()

    def reset(self) -> None:
        self.first: float | None = None  # the first call
        self.started: float | None = None  # when the total became the whole run's
        self.base = 0.0  # the weight done then
        self.whole = False
        self.written = 0.0  # the weight the writer carried out, and when that last changed
        self.written_at: float | None = None
        self.planned_at: float | None = None  # when the whole plan was known (the writer busy again from then)
        self.busy_before = 0.0  # the writer's busy time before that (the first part), and what it wrote
        self.written_before = 0.0
        self.recent: deque[tuple[float, float]] = deque()  # (now, estimate) over the last lookback

    def __call__(self, now: float, done: float, total: float, whole: bool = True) -> float | None:
        return self.of(now, Weight(done, total, complete=whole))

    def of(self, now: float, weight: Weight) -> float | None:
        """The estimate from an engine's :class:`Weight`."""
        done, total, whole = weight.done, weight.total, weight.whole
        if self.first is None:
            self.first = now
        if self.started is None or (whole and not self.whole):
            # a forecast's reading starts with a window the limit lets through at once: half of it on average
            self.started, self.base = now, done + (self.lookback / 2 if weight.forecast else 0.0)
            self.recent.clear()
        self.whole = whole
        if weight.complete and self.planned_at is None:  # the real plan: what was estimated before is out of date
            self.busy_before = 0.0 if self.written_at is None else self.written_at - self.first
            self.written_before, self.planned_at = self.written, now
            self.recent.clear()
        if weight.written is not None and weight.written != self.written:
            self.written, self.written_at = weight.written, now
        elapsed = now - self.started
        if not whole or done <= self.base or total <= done or elapsed < self.min_elapsed:
            return None
        pace = elapsed / (done - self.base)
        ahead = min(max(weight.ahead or 0.0, 0.0), total - done)
        left = (total - done - ahead) * pace + ahead * (self._write_pace(now) or pace)
        self.recent.append((now, left))
        since = now - self.lookback * pace  # one window's weight ago, at this pace
        while len(self.recent) > 1 and self.recent[1][0] <= since:
            self.recent.popleft()
        mean = held = 0.0
        for (at, before), (until, _) in zip(self.recent, [*list(self.recent)[1:], (now, 0.0)], strict=True):
            span = until - max(at, since)
            if span > 0:
                mean, held = mean + span * (before - (now - at)), held + span
        return mean / held if held > 0 else left

    def _write_pace(self, now: float) -> float | None:
        """Seconds per weight of the steps carried out: those of the whole plan on their own, once they have gone
        ``min_elapsed`` (the first part's were written beside the reading, which may slow them); before that the
        first part's. None before the writer was busy ``min_elapsed``."""
        if self.planned_at is not None:
            alone = now - self.planned_at
            if alone >= self.min_elapsed and self.written > self.written_before:
                return alone / (self.written - self.written_before)
            busy, written = self.busy_before, self.written_before
        else:
            busy, written = (0.0 if self.written_at is None else self.written_at - self.first), self.written
        return busy / written if written > 0 and busy >= self.min_elapsed else None


def seconds_left(elapsed: float, done: float, total: float) -> float:
    """Time elapsed × weight left ÷ weight done."""
    return elapsed * (total - done) / done if done > 0 else 0.0
