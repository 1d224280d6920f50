"""The simulated tenant's data and the rules Upsales applies when it is written.

Every public method takes the store's lock, validates like the API (400 ``FailedValidation`` for a missing
mandatory field or an unknown related id, 404 for a missing record) and returns records already rendered in wire
shape. Tests may read ``store.tenant`` directly.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from ..clock import SimClock
from ..seed_types import UpsalesSeed, seeded_at
from . import custom, query, records
from .records import ADDRESS_KEYS, ADDRESS_TYPES, MASTER_CURRENCY, Tenant
from .wire import Json, flag, invalid, iso_date, not_found, number, ref_id, text, timestamp

JOURNEY_STEPS = frozenset({"lead", "mql", "assigned", "sql", "pipeline", "lost_opportunity", "customer",
                           "disqualified", "lost_customer"})
_ACCOUNT_TEXT = ("name", "phone", "fax", "webpage", "notes", "about", "orgNo", "dunsNo", "currency")


class UpsalesStore:
    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.tenant = Tenant(client={"id": 1, "name": "Sandbox"}, self_user_id=1)
        self._next_ids: dict[str, int] = {}
        self._revisions = itertools.count(1)
        self._generation = 0  # bumped when something many records render (a user's name, a stage) changes
        self._cache: dict[tuple[str, int, bool], tuple[tuple[Any, ...], Json]] = {}

    # --- plumbing -------------------------------------------------------------------------------------------------

    def _now(self) -> str:
        return timestamp(self.clock.now())

    def _today(self) -> str:
        return self.clock.now_stockholm().date().isoformat()

    def _new_id(self, kind: str) -> int:
        """The id a new record gets; it is taken (:meth:`_claim`) only once the write passed validation, and never
        handed out again, even after a delete."""
        return self._next_ids.get(kind, 1)

    def _claim(self, kind: str, ident: int) -> None:
        self._next_ids[kind] = max(self._next_ids.get(kind, 1), ident + 1)

    def _shared_changed(self) -> None:
        """Users, stages, price lists and field definitions show inside many records: every rendering goes stale."""
        self._generation += 1

    def _revise(self, record: Json) -> Json:
        """A new version of an account, product or order; renderings of the old one (and of orders naming it) go
        stale. Lists render every record, so a big tenant needs this cache to answer keyset pages quickly."""
        record["_rev"] = next(self._revisions)
        return record

    def _render(self, kind: str, record: Json, price_lists: bool = False) -> Json:
        t = self.tenant
        if kind == "order":
            client = t.accounts.get(record["client"])
            deps: tuple[Any, ...] = (client["_rev"] if client else 0,
                                     *(t.products[r["productId"]]["_rev"] for r in record["rows"]))
        elif kind == "account":
            parent = t.accounts.get(record["parent"]) if record["parent"] is not None else None
            deps = (parent["_rev"] if parent else 0,)
        else:
            deps = ()
        stamp = (record["_rev"], self._generation, deps)
        key = (kind, record["id"], price_lists)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if kind == "account":
            rendered = records.render_account(t, record)
        elif kind == "product":
            rendered = records.render_product(t, record, price_lists=price_lists)
        else:
            rendered = records.render_order(t, record)
        self._cache[key] = (stamp, rendered)
        return rendered

    def _get(self, table: dict[int, Json], entity: str, ident: str | int) -> Json:
        try:
            record = table.get(int(ident))
        except ValueError:
            record = None
        if record is None:
            raise not_found(entity, ident)
        return record

    def _exists(self, table: Mapping[int, Any], value: Any, field: str) -> int | None:
        ident = ref_id(value, field)
        if ident is not None and ident not in table:
            raise invalid(f"No such {field}: {ident}")
        return ident

    # --- listing --------------------------------------------------------------------------------------------------

    def list(self, kind: str, q: Mapping[str, list[str]], *, entity: str = "",
             price_lists: bool = False) -> tuple[list[Json], int, int, int]:
        """(page, total, limit, offset) for a list endpoint."""
        with self.lock:
            rendered, attributes, aliases = self._listable(kind, entity, price_lists)
            listing = query.parse_listing(q, aliases)
            page, total = query.run(rendered, listing, attributes)
            return page, total, listing.limit, listing.offset

    def _listable(self, kind: str, entity: str, price_lists: bool) -> tuple[list[Json], Iterable[str], dict[str, str]]:
        t = self.tenant
        if kind == "accounts":
            return [self._render("account", a) for a in t.accounts.values()], records.ACCOUNT_DEFAULTS, {
                "user": "users"}
        if kind == "products":
            return ([self._render("product", p, price_lists) for p in t.products.values()],
                    records.PRODUCT_DEFAULTS, {})
        if kind == "orders":
            return [self._render("order", o) for o in t.orders.values()], records.ORDER_DEFAULTS, {}
        if kind == "users":
            return list(t.users.values()), records.USER_DEFAULTS, {}
        if kind == "stages":
            return list(t.stages.values()), records.STAGE_DEFAULTS, {}
        if kind == "price_lists":
            return list(t.price_lists.values()), records.PRICE_LIST_DEFAULTS, {}
        if entity not in custom.ENTITIES:
            raise invalid(f"Invalid entity: {entity}")
        template = custom.new_definition(entity, 0, {"name": "x", "datatype": "String"}, set())
        return list(t.definitions(entity).values()), template, {}

    # --- seed -----------------------------------------------------------------------------------------------------

    def load_seed(self, seed: UpsalesSeed) -> None:
        """Replace the tenant with the seed. Seed records are written through the API's own rules, with their ids
        kept and custom values given by alias."""
        with self.lock:
            self.tenant = t = Tenant(client=dict(seed.client), self_user_id=seed.self_user_id)
            self._next_ids.clear()
            self._cache.clear()
            now = self._now()
            for user in seed.users:
                t.users[user["id"]] = {**records.USER_DEFAULTS, "regDate": now, **user}
            for stage in seed.stages:
                t.stages[stage["id"]] = self._apply_stage(dict(records.STAGE_DEFAULTS, id=stage["id"]), stage, True)
                self._claim("stage", stage["id"])
            for price_list in seed.price_lists:
                self._save_price_list(price_list["id"], price_list, creating=True)
            for entity, definitions in seed.custom_fields.items():
                for definition in definitions:
                    self._save_field(entity, definition["id"], definition, creating=True)
            for account in seed.accounts:
                self._save_account(account["id"], self._by_alias("account", account), creating=True)
            for product in seed.products:
                self._save_product(product["id"], self._by_alias("product", product), price_lists=True,
                                   creating=True)
            for order in seed.orders:
                self._save_order(order["id"], self._by_alias("order", order), creating=True)
            self._age(seed.age_days)

    def _age(self, age_days: tuple[float, float]) -> None:
        """Date every record back as the seed says it was last made and modified (``modDate`` filters skip them)."""
        t, now = self.tenant, self.clock.now()
        index = 0
        for table in (t.users, t.price_lists, *t.fields.values(), t.accounts, t.products, t.orders):
            for record in table.values():
                when = timestamp(seeded_at(now, index, age_days))
                index += 1
                for key in ("regDate", "modDate"):
                    if key in record:
                        record[key] = when
                if "_rev" in record:
                    self._revise(record)  # its cached renderings show the old dates
        self._cache.clear()

    def _by_alias(self, entity: str, record: Json) -> Json:
        by_alias = {d["alias"]: fid for fid, d in self.tenant.definitions(entity).items() if d["alias"]}
        unknown = set(record.get("custom", {})) - set(by_alias)
        if unknown:
            raise ValueError(f"seed {entity} {record['id']}: no custom field with alias {sorted(unknown)}")
        written = [{"fieldId": by_alias[alias], "value": value} for alias, value in record.get("custom", {}).items()]
        return {**record, "custom": written}

    # --- /self, users ---------------------------------------------------------------------------------------------

    def self_info(self) -> Json:
        with self.lock:
            return records.render_self(self.tenant)

    def get_user(self, ident: str) -> Json:
        with self.lock:
            return self._get(self.tenant.users, "User", ident)

    # --- order stages ---------------------------------------------------------------------------------------------

    def get_stage(self, ident: str) -> Json:
        with self.lock:
            return self._get(self.tenant.stages, "Orderstage", ident)

    def save_stage(self, ident: str | None, body: Json) -> Json:
        with self.lock:
            stages = self.tenant.stages
            if ident is None:
                stage = dict(records.STAGE_DEFAULTS, id=self._new_id("stage"))
            else:
                stage = dict(self._get(stages, "Orderstage", ident))
            stages[stage["id"]] = self._apply_stage(stage, body, ident is None)
            self._claim("stage", stage["id"])
            self._shared_changed()
            return stages[stage["id"]]

    def _apply_stage(self, stage: Json, body: Json, creating: bool) -> Json:
        if creating or "name" in body:
            if not isinstance(body.get("name"), str) or not body["name"]:
                raise invalid("Missing required field: name")
            stage["name"] = body["name"]
        if creating or "probability" in body:
            probability = body.get("probability")
            if isinstance(probability, bool) or not isinstance(probability, int) or not 0 <= probability <= 100:
                raise invalid(f"Invalid probability: {probability!r}")
            stage["probability"] = probability
        if "exclude" in body:
            stage["exclude"] = flag(body["exclude"], "exclude")
        if "roles" in body:
            stage["roles"] = list(body["roles"] or [])
        return stage

    def delete_stage(self, ident: str) -> None:
        with self.lock:
            stage = self._get(self.tenant.stages, "Orderstage", ident)
            if any(o["stage"] == stage["id"] for o in self.tenant.orders.values()):
                raise invalid(f"Orderstage {stage['id']} is used by orders")
            del self.tenant.stages[stage["id"]]
            self._shared_changed()

    # --- price lists ----------------------------------------------------------------------------------------------

    def get_price_list(self, ident: str) -> Json:
        with self.lock:
            return self._get(self.tenant.price_lists, "Pricelist", ident)

    def save_price_list(self, ident: str | None, body: Json) -> Json:
        with self.lock:
            lists = self.tenant.price_lists
            list_id = self._new_id("pricelist") if ident is None else self._get(lists, "Pricelist", ident)["id"]
            return self._save_price_list(list_id, body, creating=ident is None)

    def _save_price_list(self, list_id: int, body: Json, *, creating: bool) -> Json:
        lists, now = self.tenant.price_lists, self._now()
        price_list = dict(records.PRICE_LIST_DEFAULTS, id=list_id, regDate=now, regBy=self.tenant.self_user_id) \
            if creating else dict(lists[list_id])
        if creating or "name" in body:
            if not isinstance(body.get("name"), str) or not body["name"]:
                raise invalid("Missing required field: name")
            price_list["name"] = body["name"]
        if "code" in body:
            code = text(body["code"], "code") or None
            if code is not None and any(p["code"] == code for p in lists.values() if p["id"] != list_id):
                raise invalid(f"Price list code already in use: {code}")
            price_list["code"] = code
        for key in ("active", "showDiscount"):
            if key in body:
                price_list[key] = bool(flag(body[key], key))
        # isDefault cannot be switched off directly; making another list the default switches the old one off.
        make_default = "isDefault" in body and flag(body["isDefault"], "isDefault") == 1
        if make_default or (creating and not any(p["isDefault"] for p in lists.values())):
            for other in lists.values():
                other["isDefault"] = False
            price_list["isDefault"] = True
        price_list.update(modDate=now, modBy=self.tenant.self_user_id)
        lists[list_id] = price_list
        self._claim("pricelist", list_id)
        self._shared_changed()
        return price_list

    # --- custom field definitions ---------------------------------------------------------------------------------

    def save_field(self, entity: str, ident: str | None, body: Json) -> Json:
        with self.lock:
            if entity not in custom.ENTITIES:
                raise invalid(f"Invalid entity: {entity}")
            fields = self.tenant.definitions(entity)
            field_id = self._new_id(f"field:{entity}") if ident is None else \
                self._get(fields, "Customfield", ident)["id"]
            return self._save_field(entity, field_id, body, creating=ident is None)

    def _save_field(self, entity: str, field_id: int, body: Json, *, creating: bool) -> Json:
        fields = self.tenant.definitions(entity)
        taken = {d["alias"] for fid, d in fields.items() if d["alias"] and fid != field_id}
        if creating:
            definition = custom.new_definition(entity, field_id, body, taken)
        else:
            definition = dict(fields[field_id])
            custom.update_definition(definition, body, taken)
        fields[field_id] = definition
        self._claim(f"field:{entity}", field_id)
        self._shared_changed()
        return definition

    def delete_field(self, entity: str, ident: str) -> None:
        """Deleting a custom field deletes every value stored in it."""
        with self.lock:
            if entity not in custom.ENTITIES:
                raise invalid(f"Invalid entity: {entity}")
            field_id = self._get(self.tenant.definitions(entity), "Customfield", ident)["id"]
            del self.tenant.definitions(entity)[field_id]
            for values in self._values_of(entity):
                values.pop(field_id, None)
            self._shared_changed()

    def _values_of(self, entity: str) -> Iterable[dict[int, str]]:
        t = self.tenant
        if entity == "account":
            return (a["custom"] for a in t.accounts.values())
        if entity == "product":
            return (p["custom"] for p in t.products.values())
        if entity == "order":
            return (o["custom"] for o in t.orders.values())
        if entity == "orderrow":
            return (r["custom"] for o in t.orders.values() for r in o["rows"])
        return ()

    # --- accounts -------------------------------------------------------------------------------------------------

    def get_account(self, ident: str) -> Json:
        with self.lock:
            return self._render("account", self._get(self.tenant.accounts, "Account", ident))

    def save_account(self, ident: str | None, body: Json) -> Json:
        with self.lock:
            accounts = self.tenant.accounts
            account_id = self._new_id("account") if ident is None else \
                self._get(accounts, "Account", ident)["id"]
            return self._render("account", self._save_account(account_id, body, creating=ident is None))

    def _save_account(self, account_id: int, body: Json, *, creating: bool) -> Json:
        t, now = self.tenant, self._now()
        if creating:
            account: Json = {key: records.ACCOUNT_DEFAULTS[key] for key in records.ACCOUNT_PLAIN}
            account.update(id=account_id, regDate=now, regBy=t.self_user_id, parent=None, users=[], addresses=[],
                           custom={})
        else:
            account = dict(t.accounts[account_id], users=list(t.accounts[account_id]["users"]),
                           custom=dict(t.accounts[account_id]["custom"]))
        if creating and not body.get("name"):
            raise invalid("Missing required field: name")
        for key in _ACCOUNT_TEXT:
            if key in body:
                account[key] = text(body[key], key)
        if "name" in body and not account["name"]:
            raise invalid("Missing required field: name")
        for key in ("active", "headquarters"):
            if key in body:
                account[key] = flag(body[key], key)
        if "journeyStep" in body:
            if body["journeyStep"] not in JOURNEY_STEPS:
                raise invalid(f"Invalid journeyStep: {body['journeyStep']!r}")
            account["journeyStep"] = body["journeyStep"]
        if "users" in body:
            if not isinstance(body["users"], list):
                raise invalid("users must be an array")
            ids = (self._exists(t.users, u, "user") for u in body["users"])
            account["users"] = [uid for uid in ids if uid is not None]
        if "parent" in body:
            account["parent"] = self._exists(t.accounts, body["parent"], "parent")
            if account["parent"] == account_id:
                raise invalid("An account cannot be its own parent")
        for key in ("priceList", "priceListId"):
            if key in body:
                account["priceListId"] = self._exists(t.price_lists, body[key], "priceList")
        for key in ("categories", "projects"):  # neither register is simulated, so no id can be valid
            if body.get(key):
                raise invalid(f"No such {key}: {body[key]!r}")
        if "addresses" in body:
            account["addresses"] = _addresses(body["addresses"])
        if "custom" in body:
            custom.apply_values(account["custom"], body["custom"], t.definitions("account"))
        account["modDate"] = now
        t.accounts[account_id] = self._revise(account)
        self._claim("account", account_id)
        return account

    def delete_account(self, ident: str) -> None:
        """Deleting a company deletes its orders and opportunities too, and detaches its subsidiaries."""
        with self.lock:
            t = self.tenant
            account_id = self._get(t.accounts, "Account", ident)["id"]
            del t.accounts[account_id]
            t.orders = {oid: o for oid, o in t.orders.items() if o["client"] != account_id}
            for other in list(t.accounts.values()):
                if other["parent"] == account_id:
                    t.accounts[other["id"]] = self._revise(dict(other, parent=None))

    # --- products -------------------------------------------------------------------------------------------------

    def get_product(self, ident: str, *, price_lists: bool) -> Json:
        with self.lock:
            return self._render("product", self._get(self.tenant.products, "Product", ident), price_lists)

    def save_product(self, ident: str | None, body: Json, *, price_lists: bool) -> Json:
        with self.lock:
            products = self.tenant.products
            product_id = self._new_id("product") if ident is None else \
                self._get(products, "Product", ident)["id"]
            product = self._save_product(product_id, body, price_lists=price_lists, creating=ident is None)
            return self._render("product", product, price_lists)

    def _save_product(self, product_id: int, body: Json, *, price_lists: bool, creating: bool) -> Json:
        t = self.tenant
        if creating:
            for key in ("name", "listPrice", "active"):
                if body.get(key) is None or body.get(key) == "":
                    raise invalid(f"Missing required field: {key}")
            product: Json = {key: records.PRODUCT_DEFAULTS[key] for key in records.PRODUCT_PLAIN}
            product.update(id=product_id, custom={}, bundle=[], prices=[], currencies=[], tiers=[])
        else:
            product = dict(t.products[product_id], custom=dict(t.products[product_id]["custom"]))
        if "name" in body:
            if not body["name"]:
                raise invalid("Missing required field: name")
            product["name"] = text(body["name"], "name")
        for key in ("listPrice", "purchaseCost"):
            if key in body:
                product[key] = number(body[key], key)
        for key in ("active", "isRecurring", "isMultiCurrency"):
            if key in body:
                product[key] = flag(body[key], key)
        for key in ("description", "articleNo"):
            if key in body:
                product[key] = text(body[key], key) or None
        if product["articleNo"] is not None and any(
                p["articleNo"] == product["articleNo"] for p in t.products.values() if p["id"] != product_id):
            raise invalid(f"articleNo must be unique: {product['articleNo']}")
        for key in ("sortId", "recurringInterval"):
            if key in body:
                product[key] = None if body[key] is None else int(number(body[key], key))
        if ref_id(body.get("category"), "category") is not None:
            raise invalid(f"No such category: {body['category']!r}")
        if "bundle" in body:
            product["bundle"] = [dict(b) for b in body["bundle"] or []]
        if "custom" in body:
            custom.apply_values(product["custom"], body["custom"], t.definitions("product"))
        self._apply_prices(product, body, price_lists, creating)
        t.products[product_id] = self._revise(product)
        self._claim("product", product_id)
        return product

    def _apply_prices(self, product: Json, body: Json, price_lists: bool, creating: bool) -> None:
        """Price-list prices are replaced wholesale when sent; ``listPrice`` mirrors the default list's SEK price."""
        default = self.tenant.default_price_list_id()
        if "currencies" in body and price_lists:
            product["prices"] = [self._price(c, default) for c in _array(body["currencies"], "currencies")]
            base = next((p for p in product["prices"] if p["priceListId"] == default
                         and p["currency"] == MASTER_CURRENCY), None)
            if base is not None and "listPrice" not in body:
                product["listPrice"] = base["price"]
        elif "currencies" in body:
            product["currencies"] = [{
                "currency": c.get("currency"), "price": number(c.get("price", 0), "price"),
                "purchaseCost": number(c.get("purchaseCost") or 0, "purchaseCost"), "maxDiscount": c.get("maxDiscount"),
            } for c in _array(body["currencies"], "currencies")]
        if default is not None and (creating or "listPrice" in body or "purchaseCost" in body) \
                and not (price_lists and "currencies" in body):
            others = [p for p in product["prices"] if not (p["priceListId"] == default
                                                            and p["currency"] == MASTER_CURRENCY)]
            product["prices"] = [{"currency": MASTER_CURRENCY, "price": product["listPrice"],
                                  "purchaseCost": product["purchaseCost"], "priceListId": default}, *others]
        if "tiers" in body:
            tiers = [self._tier(tier, default) for tier in _array(body["tiers"], "tiers")]
            if not price_lists:  # without price lists only the default list's tiers are visible and replaced
                tiers += [tier for tier in product["tiers"] if tier["priceListId"] != default]
            product["tiers"] = tiers

    def _price(self, entry: Any, default: int | None) -> Json:
        if not isinstance(entry, dict):
            raise invalid("Invalid currencies entry")
        list_id = self._exists(self.tenant.price_lists, entry.get("priceListId", default), "priceList")
        return {"currency": entry.get("currency") or MASTER_CURRENCY, "price": number(entry.get("price", 0), "price"),
                "purchaseCost": number(entry.get("purchaseCost") or 0, "purchaseCost"), "priceListId": list_id}

    def _tier(self, tier: Any, default: int | None) -> Json:
        if not isinstance(tier, dict):
            raise invalid("Invalid tiers entry")
        list_id = self._exists(self.tenant.price_lists, tier.get("priceListId", default), "priceList")
        return {"start": int(number(tier.get("start", 0), "start")), "end": int(number(tier.get("end", 0), "end")),
                "currencies": [{"currency": c.get("currency"), "value": number(c.get("value", 0), "value")}
                               for c in _array(tier.get("currencies", []), "currencies")],
                "isTotalPrice": bool(tier.get("isTotalPrice", False)), "priceListId": list_id}

    # --- orders and opportunities ---------------------------------------------------------------------------------

    def get_order(self, ident: str) -> Json:
        with self.lock:
            return self._render("order", self._get(self.tenant.orders, "Order", ident))

    def save_order(self, ident: str | None, body: Json) -> Json:
        with self.lock:
            orders = self.tenant.orders
            order_id = self._new_id("order") if ident is None else self._get(orders, "Order", ident)["id"]
            return self._render("order", self._save_order(order_id, body, creating=ident is None))

    def delete_order(self, ident: str) -> None:
        with self.lock:
            del self.tenant.orders[self._get(self.tenant.orders, "Order", ident)["id"]]

    def _save_order(self, order_id: int, body: Json, *, creating: bool) -> Json:
        t, now = self.tenant, self._now()
        if creating:
            for key in ("date", "user", "client", "stage"):
                if body.get(key) in (None, ""):
                    raise invalid(f"Missing required field: {key}")
            if not body.get("orderRow"):
                raise invalid("Missing required field: orderRow")
            order: Json = {key: records.ORDER_DEFAULTS[key] for key in records.ORDER_PLAIN}
            order.update(id=order_id, description="", regDate=now, regBy=t.self_user_id, custom={}, rows=[],
                         probability=None)
        else:
            order = dict(t.orders[order_id], custom=dict(t.orders[order_id]["custom"]))
        was_closed = not creating and order["probability"] in (0, 100)
        for key in ("description", "notes"):
            if key in body:
                order[key] = text(body[key], key)
        if "date" in body:
            order["date"] = iso_date(body["date"], "date")
            if order["date"] is None:
                raise invalid("Missing required field: date")
        relations = (("user", t.users, "user"), ("client", t.accounts, "client"), ("stage", t.stages, "stage"))
        for key, table, name in relations:
            if key in body:
                order[key] = self._exists(table, body[key], name)
                if order[key] is None:
                    raise invalid(f"Missing required field: {key}")
        for key in ("contact", "project"):  # neither register is simulated, so no id can be valid
            if ref_id(body.get(key), key) is not None:
                raise invalid(f"No such {key}: {body[key]!r}")
        if "probability" in body:
            probability = body["probability"]
            if isinstance(probability, bool) or not isinstance(probability, int | float) or not 0 <= probability <= 100:
                raise invalid(f"Invalid probability: {probability!r}")
            order["probability"] = int(probability)
        elif "stage" in body or order["probability"] is None:
            order["probability"] = t.stages[order["stage"]]["probability"]  # the stage's default probability
        if "currency" in body:
            order["currency"] = text(body["currency"], "currency") or MASTER_CURRENCY
        if "currencyRate" in body:
            order["currencyRate"] = number(body["currencyRate"], "currencyRate")
        for key in ("priceList", "priceListId"):
            if key in body:
                order["priceListId"] = self._exists(t.price_lists, body[key], "priceList")
        for key in ("lostReason", "competitorId"):
            if key in body:
                order[key] = ref_id(body[key], key)
        if "locked" in body:
            order["locked"] = flag(body["locked"], "locked")
        if "custom" in body:
            custom.apply_values(order["custom"], body["custom"], t.definitions("order"))
        if "orderRow" in body:
            order["rows"] = self._rows(order["rows"], body["orderRow"])
        # closeDate: "Date when Order became 100% or 0%"; a client may also set it explicitly.
        if "closeDate" in body:
            order["closeDate"] = iso_date(body["closeDate"], "closeDate")
        elif order["probability"] in (0, 100) and not was_closed:
            order["closeDate"] = self._today()
        elif order["probability"] not in (0, 100):
            order["closeDate"] = None
        order["modDate"] = now
        t.orders[order_id] = self._revise(order)
        self._claim("order", order_id)
        return order

    def _rows(self, existing: list[Json], written: Any) -> list[Json]:
        """The written rows replace the order's rows; a row sent with its ``id`` keeps it (and unsent values)."""
        t = self.tenant
        by_id = {r["id"]: r for r in existing}
        rows: list[Json] = []
        for item in _array(written, "orderRow"):
            if not isinstance(item, dict):
                raise invalid("Invalid orderRow entry")
            old = by_id.get(ref_id(item.get("id"), "orderRow.id") or 0)
            row = dict(old, custom=dict(old["custom"])) if old else {
                "id": self._new_id("orderrow"), "quantity": 1, "discount": 0, "sortId": 0,
                "tierQuantity": 0, "custom": {}, "productId": None, "price": None, "listPrice": None,
                "purchaseCost": None}
            self._claim("orderrow", row["id"])
            product_ref = item.get("product", item.get("productId"))
            if product_ref is not None or old is None:
                row["productId"] = self._exists(t.products, product_ref, "product")
                if row["productId"] is None:
                    raise invalid("Missing required field: orderRow.product")
            product = t.products[row["productId"]]
            for key in ("quantity", "price", "listPrice", "purchaseCost", "discount"):
                if key in item:
                    row[key] = number(item[key], f"orderRow.{key}")
            for key in ("sortId", "tierQuantity"):
                if key in item:
                    row[key] = int(number(item[key], f"orderRow.{key}"))
            row["listPrice"] = product["listPrice"] if row["listPrice"] is None else row["listPrice"]
            row["price"] = row["listPrice"] if row["price"] is None else row["price"]
            row["purchaseCost"] = product["purchaseCost"] if row["purchaseCost"] is None else row["purchaseCost"]
            if "custom" in item:
                custom.apply_values(row["custom"], item["custom"], t.definitions("orderrow"))
            rows.append(row)
            by_id.pop(row["id"], None)
        return rows


def _array(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise invalid(f"{field} must be an array")
    return value


def _addresses(value: Any) -> list[Json]:
    out = []
    for item in _array(value, "addresses"):
        if not isinstance(item, dict) or item.get("type") not in ADDRESS_TYPES:
            raise invalid(f"Invalid address type: {item.get('type') if isinstance(item, dict) else item!r}")
        out.append({key: item.get(key) for key in ADDRESS_KEYS})
    return out

