"""The Upsales simulator against the saved example responses of the official Postman collection.

Each case replays the collection's own request (method, path, query and body, with ids that exist in the demo
tenant) against the simulator and checks that
- the top-level envelope keys are exactly the example's, and
- every key of the example's record is in ours, recursively, with a compatible JSON type (``null`` on either side is
  compatible; flags must be numbers where the example has 0/1 and booleans where it has true/false).

Example keys deliberately left out are listed in ``NOT_SIMULATED`` with the reason.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from fortsync_gui.sandbox.upsales import UpsalesSim
from tests.sandbox.test_upsales_sim import SimHost, client_for

COLLECTION = Path(__file__).resolve().parent / "data" / "upsales-postman-collection.json.gz"


def _collection_text() -> str:
    return gzip.decompress(COLLECTION.read_bytes()).decode("utf-8")

# Example keys the sandbox leaves out, by path ("[]" marks array elements; a trailing "." skips only the members).
NOT_SIMULATED = {
    "prospecting": "Bisnode prospecting data on one prospected company; not something Fortsync reads",
    "custom[].orgNumber": "a stray key on one 2018 date value; recorded 2025 traffic never carries it",
    "bundleRows[]": "product bundles need the Advanced Order Logic add-on; the demo has none",
    "bundle[]": "product bundles need the Advanced Order Logic add-on; the demo has none",
    "accountManager.custom[]": "custom values of Upsales' own support user; nothing a client reads",
    "features.": "per-tenant feature flags; the sandbox answers the set Fortsync may look at",
    "unreleasedFeatures.": "per-tenant feature flags (the sandbox answers {})",
    **dict.fromkeys(("clientId", "language", "turbineUserId", "lastOnline", "lastOnlinePower", "clientdbUserId",
                     "browserVersion", "activityListLimit", "defTopmenu", "localeId", "unlimited", "startpage",
                     "userParams"),
                    "only on the admin endpoint /master/users/{id}; the /users list Fortsync reads (recorded traffic) "
                    "does not have it"),
}

# (collection folder, request name, id for {{id}}, path override)
CASES: list[tuple[str, str, str | None, str | None]] = [
    ("Users", "Self", None, None),
    ("Users", "Get user", None, "/users/1"),
    ("Company", "Get company list", None, None),
    ("Company", "Get company", "1", None),
    ("Company", "Create company", None, None),
    ("Company", "Update company", "1", None),
    ("Company", "Delete company", "6", None),
    ("Custom fields", "Create company with custom field", None, None),
    ("Products", "Get product list", None, None),
    ("Products", "Get product", "1", None),
    ("Products", "Create product", None, None),
    ("Products", "Update product", "2", None),
    ("Products", "Disable product", "2", None),
    ("Products/With price lists", "Get product list", None, None),
    ("Products/With price lists", "Get product", "1", None),
    ("Products/With price lists", "Create product", None, None),
    ("Products/With price lists", "Update prices", "1", None),
    ("Products/With price lists", "Update tiered prices", "2", None),
    ("Price Lists", "Find price lists", None, None),
    ("Price Lists", "Get price list", None, None),
    ("Price Lists", "Create price list", None, None),
    ("Price Lists", "Update price list", "2", None),
    ("Price Lists", "Disable price list", "3", None),
    ("Opportunity & Order stages", "Get stage list", None, None),
    ("Opportunity & Order stages", "Get stage", "9", None),
    ("Opportunity & Order stages", "Create stage", None, None),
    ("Opportunity & Order stages", "Update stage", "11", None),
    ("Opportunity & Order stages", "Delete stage", "11", None),
    ("Opportunity", "Get Opportunity list", None, None),
    ("Opportunity", "Get Opportunity", "2", None),
    ("Opportunity", "Create Opportunity", None, None),
    ("Opportunity", "Update Opportunity", "2", None),
    ("Opportunity", "Delete Opportunity", "3", None),
    ("Order", "Get Order list", None, None),
    ("Order", "Get Order", "1", None),
    ("Order", "Create Order", None, None),
    ("Order", "Update Order", "1", None),
    ("Order", "Delete Order", "4", None),
    *[(f"Custom fields/{folder}", f"{verb} {what}", ident, None)
      for folder, what in (("Company", "company custom field"), ("Contact", "contact custom field"),
                           ("Order & opportunity", "order/opportunity custom field"),
                           ("Order row", "order row custom fields"), ("Product", "product custom fields"))
      for verb, ident in (("Create", None), ("Update", "1"), ("Delete", "1"))],
    ("Custom fields/Company", "Get company custom fields", None, None),
    ("Custom fields/Contact", "Get contact custom fields", None, None),
    ("Custom fields/Order & opportunity", "Get order/opportunity custom fields", None, None),
    ("Custom fields/Order row", "Get order row custom fields", None, None),
    ("Custom fields/Product", "Get product custom fields", None, None),
]


def _requests() -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]], folder: str) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"], f"{folder}/{item['name']}".lstrip("/"))
            else:
                found[(folder, item["name"])] = item

    walk(json.loads(_collection_text())["item"], "")
    return found


REQUESTS = _requests()


@pytest.fixture(scope="module")
def host() -> Iterator[SimHost]:
    h = SimHost()
    yield h
    h.stop()


@pytest.fixture
def sim(host: SimHost) -> UpsalesSim:
    """The demo tenant plus what the examples refer to: price list 3, custom fields of the examples' types on every
    entity, a Date value on orders 1 and 2, and a multi-currency price list on product 1."""
    sim = host.plug()
    fields = {"contact": {"datatype": "Email"}, "order": {"datatype": "Date"}, "product": {"datatype": "String"},
              "orderrow": {"datatype": "Select", "default": ["Månad", "Kvartal", "År"]}}
    with client_for(sim) as api:
        writes = [api.post("/priceLists", json={"name": "Partner", "code": "B", "active": True})]
        writes += [api.post(f"/customfields/{entity}", json={"name": "Fält", **body})
                   for entity, body in fields.items()]
        writes += [api.put(f"/orders/{n}", json={"custom": [{"fieldId": 1, "value": "2026-10-19"}]}) for n in (1, 2)]
        writes.append(api.put("/products/1", json={"isMultiCurrency": 1, "currencies": [
            {"currency": "EUR", "price": 270, "purchaseCost": 130}, {"currency": "SEK", "price": 2995}]}))
        assert all(w.status_code == 200 for w in writes), [w.text for w in writes]
    return sim


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "null")


def _skipped(path: str) -> bool:
    return any(path.startswith(key) if key.endswith(".") else path == key or path.endswith(f".{key}")
               for key in NOT_SIMULATED)


def shape_problems(example: Any, ours: Any, path: str = "") -> list[str]:
    if _skipped(path) or example is None or ours is None:
        return []
    if _kind(example) != _kind(ours):
        return [f"{path}: {_kind(example)} expected, got {_kind(ours)} {ours!r}"]
    problems: list[str] = []
    if isinstance(example, dict):
        for key, value in example.items():
            sub = f"{path}.{key}" if path else key
            if key not in ours and not _skipped(sub):
                problems.append(f"{sub}: missing")
            elif key in ours:
                problems += shape_problems(value, ours[key], sub)
    elif isinstance(example, list) and example and not _skipped(f"{path}[]"):
        if not ours:
            return [f"{path}: example has elements, ours is empty (add data to the fixture)"]
        for item in example:
            problems += shape_problems(item, ours[0], f"{path}[]")
    return problems


def _counterpart(example: dict[str, Any], ours: list[dict[str, Any]]) -> dict[str, Any]:
    """Our record to hold an example record against: one of the same custom-field datatype, else the first."""
    return next((r for r in ours if "datatype" in example and r.get("datatype") == example["datatype"]), ours[0])


def _replay(api: httpx.Client, item: dict[str, Any], ident: str | None, override: str | None) -> httpx.Response:
    request = item["request"]
    raw = request["url"]["raw"] if isinstance(request["url"], dict) else request["url"]
    url = urlsplit(raw.replace("{{id}}", ident or "").replace("{{baseurl}}", "https://integration.upsales.com/"))
    path = override or "/" + url.path.split("/api/v2/", 1)[1].rstrip("/")
    params = [(k, v) for k, v in parse_qsl(url.query) if k != "token"]
    body = (request.get("body") or {}).get("raw")
    payload = json.loads(body) if body and request["method"] in ("POST", "PUT") else None
    return api.request(request["method"], path, params=params, json=payload)


@pytest.mark.parametrize("folder, name, ident, override", CASES, ids=[f"{c[0]}/{c[1]}" for c in CASES])
def test_response_shape_matches_the_saved_example(sim: UpsalesSim, folder: str, name: str, ident: str | None,
                                                  override: str | None) -> None:
    item = REQUESTS[(folder, name)]
    examples = [json.loads(ex["body"]) for ex in item.get("response", []) if ex.get("code") in (200, None)]
    assert examples, f"no saved example for {folder}/{name}"
    with client_for(sim) as api:
        response = _replay(api, item, ident, override)
    assert response.status_code == 200, response.text
    ours = response.json()
    for example in examples:
        assert set(ours) == set(example), f"envelope keys {sorted(ours)} != example {sorted(example)}"
        example_data, our_data = example.get("data"), ours.get("data")
        if isinstance(example_data, list):
            assert our_data, "our list is empty"
            problems = [p for record in example_data for p in shape_problems(record, _counterpart(record, our_data))]
        else:
            problems = shape_problems(example_data, our_data)
        assert not problems, "\n".join(sorted(set(problems)))


def test_every_excluded_key_is_really_in_some_example() -> None:
    """Keeps NOT_SIMULATED honest: each entry names a key some saved example has."""
    text = _collection_text()
    for key in NOT_SIMULATED:
        leaf = key.rstrip(".").rsplit(".", 1)[-1].removesuffix("[]")
        assert f'\\"{leaf}\\"' in text, key
