"""The desktop GUI (PySide6): the only package that imports Qt. Entry point: :func:`fortsync_gui.gui.app.main`."""

import ctypes
import sys


def _keep_none_alive() -> None:
    """PySide6 6.12 drops one reference to ``None`` in every call of a Qt method that returns nothing (QLabel.setText,
    processEvents, QTableWidget.setItem ...): harmless from Python 3.12 on, where ``None`` is immortal, but on 3.11
    ``None``'s few thousand references run out after a few thousand calls and the interpreter aborts ("deallocating
    None"). Give ``None`` references enough for any session, as 3.12 does."""
    if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 48  # ob_refcnt, the first field of every object


_keep_none_alive()
