"""``fortsync-gui --demo``: the real app and wizard against the sandbox, started in this process.

The simulators run their rate limits 5 times faster than the real services (as ``fortsync demo`` does). The wizard
shows the sandbox's Upsales key and a fresh Fortnox API-kod beside the fields they belong in, so the
user can paste them; "Logga in i Fortnox" opens the sandbox's own consent page. Nothing outlives the demo: the
profile goes to a temporary database and the credentials to an in-memory keyring (still through ``SecretStore``).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from fortsync_gui.secrets import MemoryKeyring, SecretStore

from .controller import AppController, Environment
from .preview import make_preview
from .profiles import StoreProfiles
from .wizard import DemoHints, Endpoints

DELETED_CUSTOMER = "1040"  # the tour deletes it in Fortnox to show the deletion review (R8)
MISTYPED_COMPANY = "Åkerlunds Elektriska AB"  # the tour gives it a postal code Fortnox refuses, for the Fel tab


def delete_customer(info: Any, number: str) -> None:
    """Delete a customer in the sandbox's Fortnox, as a user of Fortnox would."""
    from fortsync_gui.clients.fortnox import FortnoxClient
    from fortsync_gui.clients.fortnox_auth import ClientCredentialsSession, FortnoxOAuth

    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
    client = FortnoxClient(info.fortnox_url, tokens=ClientCredentialsSession(oauth, info.fortnox_tenant_id))
    try:
        client.delete_customer(number)
    finally:
        client.close()
        oauth.close()


def mistype_postal_code(info: Any, company: str) -> None:
    """Type the city into a linked company's postal code in the sandbox's Upsales, as a user might: Fortnox refuses
    postal codes longer than 10 characters, so the next sync fails for that company."""
    from fortsync_gui.clients import upsales_wire
    from fortsync_gui.clients.upsales import UpsalesClient

    with UpsalesClient(info.upsales_url, token=info.upsales_token) as client:
        account = next(a for a in client.iter_accounts() if a.name == company)
        addresses = [replace(a, zipcode=f"{a.zipcode} {a.city}") if a.type == "Mail" else a for a in account.addresses]
        client.update_account(account.id, upsales_wire.account_payload(addresses=addresses))


def fix_postal_code(info: Any, company: str) -> None:
    """Undo :func:`mistype_postal_code`, as the user would after reading the Fel tab."""
    from fortsync_gui.clients import upsales_wire
    from fortsync_gui.clients.upsales import UpsalesClient

    with UpsalesClient(info.upsales_url, token=info.upsales_token) as client:
        account = next(a for a in client.iter_accounts() if a.name == company)
        addresses = [replace(a, zipcode=a.zipcode.removesuffix(f" {a.city}"))
                     if a.type == "Mail" and a.zipcode and a.city else a for a in account.addresses]
        client.update_account(account.id, upsales_wire.account_payload(addresses=addresses))


def run(app: QApplication, tour_dir: Path | None = None) -> int:
    from fortsync_gui.demo import DEMO_CUTOFF, TIME_SCALE
    from fortsync_gui.sandbox import Sandbox  # only the demo starts the simulators

    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sandbox, \
            tempfile.TemporaryDirectory(prefix="fortsync-demo-") as tmp:
        info = sandbox.info
        secrets = SecretStore(MemoryKeyring())
        sync_env = {"FORTSYNC_RATE_SCALE": str(TIME_SCALE)}
        env = Environment(
            secrets=secrets,
            profiles=StoreProfiles(f"sqlite:///{Path(tmp) / 'demo.db'}", send_won_since=DEMO_CUTOFF),
            endpoints=Endpoints(info.upsales_url, info.fortnox_url, info.fortnox_auth_url, info.fortnox_client_id),
            fortnox_client_secret=info.fortnox_client_secret,
            own_fortnox_app=True,
            demo=DemoHints(info.upsales_token, sandbox.fortnox.issue_authorization_code),
            sync_env=sync_env,
            preview=make_preview(secrets, sync_env=sync_env, send_won_since=DEMO_CUTOFF),
            send_won_since=DEMO_CUTOFF,
            demo_actions={"delete_customer": lambda: delete_customer(info, DELETED_CUSTOMER),
                          "mistype_postal_code": lambda: mistype_postal_code(info, MISTYPED_COMPANY),
                          "fix_postal_code": lambda: fix_postal_code(info, MISTYPED_COMPANY)},
        )
        controller = AppController(env)
        if tour_dir is not None:
            from .tour import TourError, run_tour

            try:
                saved = run_tour(controller, tour_dir)
            except TourError as exc:
                print(f"fortsync-gui --tour: {exc}", file=sys.stderr)
                return 1
            finally:
                controller.close()
            print("\n".join(str(path) for path in saved))
            return 0
        from .desktop import DesktopIntegration, Prefs

        desktop = DesktopIntegration(controller, prefs=Prefs(Path(tmp) / "app.json"))
        controller.desktop = desktop
        desktop.start()
        controller.start()
        code = app.exec()
        desktop.stop()
        return code
