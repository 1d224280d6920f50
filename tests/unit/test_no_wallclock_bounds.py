"""No test asserts a wall-clock upper bound: on a busy machine anything can take longer, so "it took less than X"
fails a correct program. Timing figures belong in ``benchmarks/``; tests keep what holds on any machine (order,
counts, lower bounds on time, work kept off the GUI thread, waits on an injected clock).

The check reads every test file's syntax tree, one module at a time:

- *clock readings* are calls of ``time.monotonic/perf_counter/time`` (and their ``_ns`` forms, also imported bare),
  ``….now()``/``….utcnow()`` (datetime, the sandbox clock), and names or lists assigned or appended such readings;
- *elapsed values* are subtractions involving a reading (not a reading minus a fixed amount: that is a reading),
  ``QElapsedTimer.elapsed/restart/nsecsElapsed``, and names, lists and functions (returned or yielded) carrying one.

Rule 1: an assert may not bound an elapsed value from above (``elapsed < x``, ``x > elapsed``, chains included).
Rule 2: a test that measures elapsed time runs in real time, so every count or figure it asserts depends on how fast
the machine is: the only ordering comparisons it may assert are lower bounds on elapsed time (``duration >= floor``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
CLOCKS = {"monotonic", "perf_counter", "time", "monotonic_ns", "perf_counter_ns", "time_ns"}
NOW = {"now", "utcnow"}
TIMER_READS = {"elapsed", "restart", "nsecsElapsed"}
COLLECT = {"append", "appendleft", "extend", "add", "insert"}
UPPER, LOWER = (ast.Lt, ast.LtE), (ast.Gt, ast.GtE)


def _key(node: ast.AST) -> str | None:
    """A name ("x") or an attribute (".x", whatever it belongs to) that can carry a timing."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return "." + node.attr
    if isinstance(node, ast.Subscript | ast.Starred):
        return _key(node.value)
    return None


def _offset(node: ast.AST) -> bool:
    """A fixed amount (``10``, ``timedelta(days=1)``): a reading minus one is still a reading, not an elapsed time."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _offset(node.operand)
    if isinstance(node, ast.BinOp):
        return _offset(node.left) and _offset(node.right)
    return isinstance(node, ast.Call) and _key(node.func) in ("timedelta", ".timedelta")


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Tuple | ast.List):
        return [k for element in node.elts for k in _targets(element)]
    key = _key(node)
    return [key] if key else []


class Module:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.bare = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "time"
                     for a in n.names if a.name in CLOCKS}
        self.timers = {k for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                       and _key(n.value.func) in ("QElapsedTimer", ".QElapsedTimer") for t in n.targets
                       for k in _targets(t)}
        self.readings: set[str] = set()
        self.elapsed: set[str] = set()
        self._propagate()

    # --- what carries a timing --------------------------------------------------------------------------------------

    def is_reading(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "time":
                return f.attr in CLOCKS
            if isinstance(f, ast.Name):
                return f.id in self.bare
            if isinstance(f, ast.Attribute):
                return f.attr in NOW
        return _key(node) in self.readings

    def has_reading(self, node: ast.AST) -> bool:
        return any(self.is_reading(n) for n in ast.walk(node))

    def is_elapsed(self, node: ast.AST) -> bool:
        for n in ast.walk(node):
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and any(
                    self.has_reading(side) and not _offset(other) for side, other in ((n.left, n.right),
                                                                                      (n.right, n.left))):
                return True
            if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in TIMER_READS
                    and _key(n.func.value) in self.timers):
                return True
            if _key(n) in self.elapsed and isinstance(n, ast.Name | ast.Attribute):
                return True
        return False

    def _propagate(self) -> None:
        while True:
            before = (len(self.readings), len(self.elapsed))
            for node in ast.walk(self.tree):
                for targets, value in self._flows(node):
                    if self.is_elapsed(value):
                        self.elapsed.update(targets)
                    elif self.has_reading(value):
                        self.readings.update(targets)
            if (len(self.readings), len(self.elapsed)) == before:
                return

    def _flows(self, node: ast.AST) -> list[tuple[list[str], ast.AST]]:
        """(targets, value) pairs: assignments, loops, ``with … as``, appends, and functions' results."""
        if isinstance(node, ast.Assign):
            return [([k for t in node.targets for k in _targets(t)], node.value)]
        if isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            return [(_targets(node.target), node.value)]
        if isinstance(node, ast.For | ast.comprehension):
            return [(_targets(node.target), node.iter)]
        if isinstance(node, ast.withitem) and node.optional_vars is not None:
            return [(_targets(node.optional_vars), node.context_expr)]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in COLLECT
                and node.args):
            return [(_targets(node.func.value), node.args[-1])]
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            body = [node.body] if isinstance(node, ast.Lambda) else node.body
            results = [r.value for part in body for r in ast.walk(part)
                       if isinstance(r, ast.Return | ast.Yield) and r.value is not None]
            name = [node.name] if isinstance(node, ast.FunctionDef) else []
            return [(name, value) for value in results] if name else []
        return []

    # --- the rules --------------------------------------------------------------------------------------------------

    def violations(self) -> list[tuple[int, str]]:
        found: dict[int, str] = {}
        timed_asserts = {id(a) for f in ast.walk(self.tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                         and any(self.is_elapsed(s) for s in f.body) for a in ast.walk(f) if isinstance(a, ast.Assert)}
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Assert):
                continue
            for compare in (c for c in ast.walk(node.test) if isinstance(c, ast.Compare)):
                operands = [compare.left, *compare.comparators]
                for left, op, right in zip(operands, compare.ops, operands[1:], strict=False):
                    if not isinstance(op, UPPER + LOWER):
                        continue
                    low, high = (left, right) if isinstance(op, UPPER) else (right, left)  # low < high
                    if self.is_elapsed(low):
                        found[node.lineno] = "an upper bound on elapsed time"
                    elif id(node) in timed_asserts and not self.is_elapsed(high):
                        found[node.lineno] = "an ordering in a test that runs against the wall clock"
        return sorted(found.items())


def violations(source: str) -> list[tuple[int, str]]:
    return Module(ast.parse(source)).violations()


def test_no_test_asserts_a_wall_clock_upper_bound() -> None:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        found += [f"{path.relative_to(TESTS.parent)}:{line}: {why}: {lines[line - 1].strip()}"
                  for line, why in violations(source)]
    assert found == [], "move timing figures to benchmarks/:\n" + "\n".join(found)


# --- the check itself: the bounds the suite used to have are caught, what holds on any machine is not --------------

CAUGHT = {
    "ratelimit elapsed": """
def test_burst_runs_close_to_the_floor():
    start = time.monotonic()
    _burst(SlidingWindowLimiter(limit), 40)
    elapsed = time.monotonic() - start
    assert 0.59 <= elapsed < 1.2
""",
    "upsales quota": """
def test_spent_quota(sandbox):
    started = time.monotonic()
    fast.self_()
    assert fast.request_count == 2 and other.request_count == 1
    assert time.monotonic() - started < 10.0 * TIME_SCALE * 10
""",
    "loopback cancel": """
def test_cancel():
    started = time.monotonic()
    with pytest.raises(LoopbackCancelled):
        receiver.wait(timeout=30)
    assert time.monotonic() - started < 5
""",
    "gui stall": """
@contextmanager
def gaps_on_the_gui_thread():
    gaps = []
    clock = QElapsedTimer()
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    yield gaps

def test_sync(qtbot, window):
    with gaps_on_the_gui_thread() as measured:
        sync(qtbot, window)
    assert max(measured[1:]) <= BUDGET_MS, longest(measured)()
""",
    "absorbed 429s": """
def test_burst():
    started = time.monotonic()
    run_burst()
    duration = time.monotonic() - started
    absorbed = sandbox.fortnox.rate_limited - rejected_before
    assert sent == REQUESTS + absorbed
    assert absorbed <= 2
    assert duration >= floor
""",
    "elapsed on the right, clock imported bare": """
from time import perf_counter

def test_x():
    t0 = perf_counter()
    work()
    assert 5 > perf_counter() - t0
""",
    "seed build": "def test_x():\n    s = time.perf_counter()\n    build()\n    assert time.perf_counter() - s < 10\n",
    "mock transport times": """
class Fake:
    def __call__(self, request):
        self.times.append(time.monotonic())

def test_no_pause():
    assert fake.times[1] - fake.times[0] < 0.2
""",
    "token expiry": "def test_x():\n    assert abs(int(jwt['exp']) - (sim.clock.now().timestamp() + 3600)) <= 2\n",
}

HOLDS = {
    "lower bound": """
def test_x():
    started = time.monotonic()
    call()
    assert time.monotonic() - started >= 0.3
""",
    "lower bound, pause": """
def test_pause():
    start = time.monotonic()
    limiter.pause(0.15)
    limiter.release(limiter.acquire())
    assert time.monotonic() - start >= 0.14
""",
    "window lower bound": """
def _burst():
    stamps.append(time.monotonic())
    return sorted(stamps)

def test_window():
    stamps = _burst()
    assert len(stamps) == 40
    for i in range(len(stamps) - 10):
        assert stamps[i + 10] - stamps[i] >= 0.2 * 0.99
""",
    "a deadline loop is not an assert": """
def test_x():
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not done():
        time.sleep(0.05)
    assert done()
""",
    "injected clock": """
def test_x():
    fake = FakeTime()
    use(fake)
    assert fake.waits == [0.25] and fake.now <= 1.25
""",
    "a reading shifted by a fixed amount": """
def tokens(days):
    return json.dumps({"expires_at": (datetime.now(UTC) - timedelta(days=days)).isoformat()})

def test_x():
    secrets.set("acme", tokens(41))
    assert counts["create"] > 0
""",
    "readings bracket a timestamp": """
def test_x():
    before = int(sim.clock.now().timestamp())
    exchange()
    after = sim.clock.now().timestamp()
    assert before + 3600 <= int(jwt["exp"]) <= after + 3600
""",
    "counts in a test that reads no clock": "def test_x():\n    assert 0 < rendered <= RECORDS // 20\n",
}


@pytest.mark.parametrize("source", CAUGHT.values(), ids=CAUGHT.keys())
def test_a_wall_clock_upper_bound_is_caught(source: str) -> None:
    assert violations(source)


@pytest.mark.parametrize("source", HOLDS.values(), ids=HOLDS.keys())
def test_what_holds_on_any_machine_is_not_caught(source: str) -> None:
    assert violations(source) == []
