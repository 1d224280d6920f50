"""``fortsync demo``: a complete sync, headless, against simulators started in this process.

Nothing outlives it and nothing outside it is touched: the database is a throw-away SQLite file in a temporary
directory (``FORTSYNC_DB_URL`` is neither read nor changed), the credentials stay in memory, and the connections are
built by the same :func:`~fortsync_gui.engine.connect.connect` as ``fortsync sync`` from an explicit environment
(a Fortnox service account: client credentials + tenant id).

The simulators run their rate-limit windows at :data:`TIME_SCALE` of real time and the clients' own limits are scaled
the same way (``FORTSYNC_RATE_SCALE``), so the demo runs 5 times faster than the real services would allow.

Steps: a dry run (the plan, counted per kind), the real sync, and a second sync that must create and update nothing.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fortsync_gui.cli_output import Progress, counts_table, human_summary, safe
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.messages import format_seconds, requests_text
from fortsync_gui.secrets import MemoryKeyring, SecretStore
from fortsync_gui.store import Module, ProfileSettings, open_store, profiles

TIME_SCALE = 0.2
PROFILE = "demo"
# The demo company set Fortsync up to send the deals won in the month before the demo day (the seed's won deal).
DEMO_CUTOFF = date(2026, 10, 1)


def indented(text: str, prefix: str = "   ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def sandbox_env(info: Any, time_scale: float = TIME_SCALE) -> dict[str, str]:
    """The ``FORTSYNC_*`` overrides that point a profile at a sandbox with a service account."""
    return {
        "FORTSYNC_UPSALES_URL": info.upsales_url,
        "FORTSYNC_UPSALES_TOKEN": info.upsales_token,
        "FORTSYNC_FORTNOX_URL": info.fortnox_url,
        "FORTSYNC_FORTNOX_AUTH_URL": info.fortnox_auth_url,
        "FORTSYNC_FORTNOX_CLIENT_ID": info.fortnox_client_id,
        "FORTSYNC_FORTNOX_CLIENT_SECRET": info.fortnox_client_secret,
        "FORTSYNC_FORTNOX_TENANT_ID": str(info.fortnox_tenant_id),
        "FORTSYNC_RATE_SCALE": str(time_scale),
    }


def run_demo(as_json: bool) -> int:
    """0 when the dry run, the sync and the second sync all went well and the second one wrote nothing; else 1."""
    from fortsync_gui.engine import session
    from fortsync_gui.sandbox import Sandbox  # only the demo entry points start the simulators

    def say(text: str = "") -> None:
        if not as_json:
            print(safe(text), flush=True)

    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sandbox, \
            tempfile.TemporaryDirectory(prefix="fortsync-demo-") as tmp:
        info = sandbox.info
        say(f"Fortsync-demo mot en lokal sandlåda: Fortnox och Upsales simuleras på {sandbox.url}.")
        say(f"Hastighetsgränserna är nedskalade till {str(TIME_SCALE).replace('.', ',')} × tiden: demot går "
            f"{round(1 / TIME_SCALE)} gånger snabbare än Fortnox och Upsales riktiga gränser tillåter.")
        store = open_store(f"sqlite:///{(Path(tmp) / 'demo.db').as_posix()}")
        secrets, env = SecretStore(MemoryKeyring()), sandbox_env(info)
        try:
            with store.session() as db:
                profiles.create_profile(db, PROFILE, ProfileSettings(module=Module.INVOICE, send_won_since=DEMO_CUTOFF),
                                        display_name="Demo AB")

            def sync(dry_run: bool) -> RunSummary:
                progress = Progress(enabled=None if not as_json else False)
                try:  # the first call fills the choices the demo leaves open from the sandbox (stages, user, list)
                    return session.run(store, PROFILE, dry_run=dry_run, observer=progress, secrets=secrets, env=env,
                                       configure=(lambda s: s) if dry_run else None)
                finally:
                    progress.close()

            say()
            say("1. Provkörning (inget skrivs):")
            dry = sync(True)
            with store.session() as db:
                settings = profiles.require_profile(db, PROFILE).settings
            say(f"   Profil {PROFILE!r} (tillfällig databas): modul bara faktura, prislista {settings.price_list}, "
                f"vunnen fas {settings.won_stage_id}, förlorad fas {settings.lost_stage_id}, "
                f"uppsamlingsanvändare {settings.fallback_user_id}, vunna affärer från {settings.send_won_since}.")
            say("\n".join(counts_table(dry, indent="   ")))
            say(f"   ({requests_text(dry.requests)}, {format_seconds(dry.duration_s)})")
            say()
            say("2. Synkronisering:")
            first = sync(False)
            say(indented(human_summary(first)))
            say()
            second = sync(False)
            nothing = second.writes == 0
            if nothing:
                say(f"3. Andra synkroniseringen: inget att göra ({requests_text(second.requests)}, "
                    f"{format_seconds(second.duration_s)}).")
            else:
                say(f"3. Andra synkroniseringen skrev {second.writes} poster; den skulle inte ha haft något att "
                    "göra:")
                say(indented(human_summary(second)))
        finally:
            store.close()
    ok = all(s.status == "ok" for s in (dry, first, second)) and nothing
    if as_json:
        print(json.dumps({"dry_run": dry.to_json(), "first": first.to_json(), "second": second.to_json()},
                         ensure_ascii=False, default=str), flush=True)
    else:
        say()
        say("Demot gick igenom." if ok else "Demot gick inte igenom: se ovan.")
    return 0 if ok else 1
