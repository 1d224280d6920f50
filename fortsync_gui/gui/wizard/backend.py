"""The blocking calls the wizard makes through the API clients. They run in worker threads (``gui/workers.py``),
never on the GUI thread; nothing here imports Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fortsync_gui import preflight
from fortsync_gui.clients.fortnox import FortnoxClient
from fortsync_gui.clients.fortnox_auth import FortnoxOAuth, OAuthSession, TokenSet
from fortsync_gui.clients.http import RetryPolicy
from fortsync_gui.clients.upsales import UpsalesClient
from fortsync_gui.domain.fortnox import PriceList
from fortsync_gui.domain.upsales import OrderStage, User

CodeSource = Callable[[], str]

# The wizard is interactive: a dead network or a down service is reported after one retry, not after the
# patient back-off a background sync uses.
INTERACTIVE_RETRY = RetryPolicy(attempts=2, base_delay=0.25, max_delay=1.0, rate_limited_attempts=3)
INTERACTIVE_TIMEOUT = 20.0


@dataclass(frozen=True)
class Endpoints:
    """Where a profile's APIs are, and which Fortnox app registration it uses (its secret is not in here)."""

    upsales_url: str
    fortnox_url: str
    fortnox_auth_url: str
    fortnox_client_id: str


@dataclass(frozen=True)
class DataCounts:
    """What the Upsales account already holds (R1)."""

    companies: int
    products: int
    orders: int

    @property
    def total(self) -> int:
        return self.companies + self.products + self.orders


@dataclass
class UpsalesConnection:
    client: UpsalesClient
    user_name: str
    account_name: str


@dataclass
class FortnoxConnection:
    client: FortnoxClient
    company_name: str
    organisation_number: str


@dataclass(frozen=True)
class Choices:
    """What the settings page offers, fetched from both APIs. ``users`` are people (API keys left out), the
    inactive ones included so that a saved choice that became inactive can be explained."""

    stages: list[OrderStage]
    users: list[User]
    price_lists: list[PriceList]


def connect_upsales(url: str, token: str) -> UpsalesConnection:
    """Test the key with ``GET /self``; raises the client's typed errors (``AuthError`` for a wrong key, ...)."""
    client = UpsalesClient(url, token=token, retry=INTERACTIVE_RETRY, timeout=INTERACTIVE_TIMEOUT)
    me = client.self_()
    return UpsalesConnection(client, me.name or "", me.client_name or "")


def count_upsales_data(client: UpsalesClient) -> DataCounts:
    """Companies (ids only, 2000 per request), products, and orders with opportunities (all of them count: a
    Fortnox document imported next to its Upsales copy is a duplicate either way)."""
    return DataCounts(len(client.account_ids()), sum(1 for _ in client.iter_products()),
                      sum(1 for _ in client.iter_orders()))


def fortnox_oauth(endpoints: Endpoints, client_secret: str) -> FortnoxOAuth:
    return FortnoxOAuth(endpoints.fortnox_auth_url, endpoints.fortnox_client_id, client_secret,
                        retry=INTERACTIVE_RETRY, timeout=INTERACTIVE_TIMEOUT)


class TokenKeeper:
    """The ``persist`` callback of an :class:`OAuthSession`: keeps the newest token set in memory until
    :meth:`confirm` (the test call succeeded), then saves it, and every rotated set after it, with ``save``.
    ``confirmed`` starts true for a token set that is already saved (re-entering the wizard)."""

    def __init__(self, save: Callable[[str], None], tokens: TokenSet, *, confirmed: bool = False) -> None:
        self._save = save
        self._lock = threading.Lock()
        self.tokens = tokens
        self.confirmed = confirmed

    def __call__(self, tokens: TokenSet) -> None:
        with self._lock:
            self.tokens = tokens
            if self.confirmed:
                self._save(tokens.to_json())

    def confirm(self) -> None:
        with self._lock:
            self.confirmed = True
            self._save(self.tokens.to_json())


def _fortnox_connection(endpoints: Endpoints, oauth: FortnoxOAuth, keeper: TokenKeeper) -> FortnoxConnection:
    client = FortnoxClient(endpoints.fortnox_url, tokens=OAuthSession(oauth, keeper.tokens, keeper),
                           retry=INTERACTIVE_RETRY, timeout=INTERACTIVE_TIMEOUT)
    info = client.company_information()
    return FortnoxConnection(client, info.company_name, info.organisation_number or "")


def connect_fortnox(endpoints: Endpoints, oauth: FortnoxOAuth, code: str, redirect_uri: str | None,
                    save: Callable[[str], None]) -> tuple[FortnoxConnection, TokenKeeper]:
    """Exchange the API-kod for a token set and test it with ``company_information()``; nothing is saved until the
    caller confirms the returned keeper."""
    keeper = TokenKeeper(save, oauth.exchange_code(code, redirect_uri=redirect_uri))
    return _fortnox_connection(endpoints, oauth, keeper), keeper


def reconnect_fortnox(endpoints: Endpoints, oauth: FortnoxOAuth, tokens_json: str,
                      save: Callable[[str], None]) -> FortnoxConnection:
    """Test the token set saved for a profile (re-entering the wizard); rotations are saved at once."""
    return _fortnox_connection(endpoints, oauth, TokenKeeper(save, TokenSet.from_json(tokens_json), confirmed=True))


def _stages(client: UpsalesClient) -> list[OrderStage]:
    return client.list_order_stages()


def _users(client: UpsalesClient) -> list[User]:
    return [u for u in client.list_users() if not u.is_api_key]


def _price_lists(client: FortnoxClient) -> list[PriceList]:
    return client.list_price_lists()


def load_choices(upsales: UpsalesConnection, fortnox: FortnoxConnection) -> Choices:
    return Choices(_stages(upsales.client), _users(upsales.client), _price_lists(fortnox.client))


def _custom_fields(client: UpsalesClient, entity: str) -> Iterable[tuple[str, str]]:
    """(alias, name) of the entity's custom fields that have an alias."""
    return [(f.alias, f.name) for f in client.list_custom_fields(entity) if f.alias]


def preflight_sources(upsales: UpsalesConnection, fortnox: FortnoxConnection) -> preflight.Sources:
    return preflight.Sources(
        stages=lambda: _stages(upsales.client),
        users=lambda: _users(upsales.client),
        price_lists=lambda: _price_lists(fortnox.client),
        custom_fields=lambda entity: _custom_fields(upsales.client, entity),
        probe_fortnox=fortnox.client.probe,
    )
