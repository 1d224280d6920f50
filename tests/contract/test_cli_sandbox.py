"""`fortsync sandbox --json` as a user runs it: a separate process, its first stdout line, real HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fortsync_gui.sandbox.runtime import SandboxInfo


@pytest.fixture(scope="module")
def standalone() -> Iterator[dict[str, Any]]:
    proc = subprocess.Popen([sys.executable, "-m", "fortsync_gui", "sandbox", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "no output"
        yield json.loads(line)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0  # SIGTERM is a clean stop


def test_first_line_is_the_documented_json(standalone: dict[str, Any]) -> None:
    assert set(standalone) >= {"fortnox_url", "fortnox_auth_url", "upsales_url", "fortnox", "upsales"}
    assert standalone["upsales_url"].endswith("/api/v2")
    assert set(standalone["fortnox"]) >= {"client_id", "client_secret", "api_kod"}
    assert standalone["upsales"]["token"]
    assert standalone["fortnox_url"].startswith("http://127.0.0.1:")
    assert SandboxInfo.from_json(standalone).to_json() == standalone  # read back as the benchmarks do


def test_customers_need_a_token(standalone: dict[str, Any]) -> None:
    r = httpx.get(f"{standalone['fortnox_url']}/3/customers")
    assert r.status_code == 401
    assert r.json() == {"message": "unauthorized"}


def test_token_from_the_oauth_flow_gets_the_customers_page(standalone: dict[str, Any]) -> None:
    fx = standalone["fortnox"]
    token = httpx.post(f"{standalone['fortnox_auth_url']}/oauth-v1/token",
                       auth=(fx["client_id"], fx["client_secret"]),
                       data={"grant_type": "authorization_code", "code": fx["api_kod"]})
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    page = httpx.get(f"{standalone['fortnox_url']}/3/customers", headers={"Authorization": f"Bearer {access}"})
    assert page.status_code == 200
    body = page.json()
    assert body["MetaInformation"]["@TotalResources"] >= 40
    assert body["Customers"] and {"CustomerNumber", "Name", "OrganisationNumber"} <= set(body["Customers"][0])


def test_upsales_self_with_the_demo_token(standalone: dict[str, Any]) -> None:
    r = httpx.get(f"{standalone['upsales_url']}/self", headers={"Cookie": f"token={standalone['upsales']['token']}"})
    assert r.status_code == 200
    assert r.json()["data"]["id"]


def test_bad_seed_is_refused_with_a_clear_message() -> None:
    proc = subprocess.run([sys.executable, "-m", "fortsync_gui", "sandbox", "--seed", "nonsense"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "nonsense" in proc.stderr
