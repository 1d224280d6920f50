"""One installation per tenant pair. Two Fortsync installations syncing the same Upsales and Fortnox accounts (two PCs,
or a PC and a server, each with its own database) would each create what the other already created. The first real
sync leaves a marker in Upsales (a hidden company field named after the installation); a run of another installation
finds it and stops before writing, until the user says this installation takes over (a new PC, or a database that was
lost: the run then adopts every link from the stamps and creates nothing).
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fortsync_gui.store.models import Meta

from .api import MessageKey, StopRun
from .connect import Connections

MARKER_ALIAS = "FORTSYNC_INSTALLATION"
MARKER_PREFIX = "Fortsync-installation "
META_KEY = "installation"


def own_id(session: Session) -> str:
    """This installation's id: one per database (every profile in it shares it), made on first use."""
    row = session.get(Meta, META_KEY)
    if row is not None:
        return row.value
    session.add(Meta(key=META_KEY, value=uuid.uuid4().hex))
    try:
        session.commit()
    except IntegrityError:  # another run (sync --all --jobs, a second process) made it first: theirs it is
        session.rollback()
    row = session.get(Meta, META_KEY, populate_existing=True)
    assert row is not None
    return row.value


def check(conns: Connections, ours: str, *, take_over: bool, write: bool) -> None:
    """Stop (before any write) when another installation's marker is on the tenant; leave or move ours on a real
    run (``write``)."""
    marker = next((f for f in conns.upsales.list_custom_fields("account") if f.alias == MARKER_ALIAS), None)
    theirs = marker.name.removeprefix(MARKER_PREFIX).strip() if marker is not None else None
    if theirs and theirs != ours and not take_over:
        raise StopRun(MessageKey.OTHER_INSTALLATION, installation=theirs[:8])
    if not write or theirs == ours:
        return
    if marker is None:
        conns.upsales.create_custom_field("account", MARKER_PREFIX + ours, MARKER_ALIAS, visible=False,
                                          editable=False)
    else:
        conns.upsales.rename_custom_field("account", marker.id, MARKER_PREFIX + ours)
