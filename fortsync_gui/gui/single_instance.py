"""One Fortsync at a time: the first start listens on a local socket (named after the user and the data directory);
a second start tells it to come forward and exits.

    instance = SingleInstance()
    if not instance.claim():      # another Fortsync runs: it has been asked to show its window
        return 0
    instance.activated.connect(controller.show_main)
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from fortsync_gui import config

WAIT_MS = 1000


def default_key() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name (a bare container): the data directory is unique enough
        user = "user"
    digest = hashlib.sha256(f"{user}:{config.data_dir()}:{config.db_url()}".encode()).hexdigest()[:16]
    return f"fortsync-{digest}"


class SingleInstance(QObject):
    activated = Signal()  # another start asked this one to come forward

    def __init__(self, key: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key or default_key()
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True: this is the only instance (it now listens). False: another runs and was asked to show itself."""
        socket = QLocalSocket(self)
        socket.connectToServer(self.key)
        if socket.waitForConnected(WAIT_MS):
            socket.write(b"show\n")
            socket.waitForBytesWritten(WAIT_MS)
            socket.disconnectFromServer()
            if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                socket.waitForDisconnected(WAIT_MS)
            return False
        socket.abort()
        QLocalServer.removeServer(self.key)  # a socket file left behind by a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            return True  # cannot listen (odd file system): run anyway rather than refuse to start
        server.newConnection.connect(self._connected)
        self.server = server
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _connected(self) -> None:
        if self.server is None:
            return
        while (socket := self.server.nextPendingConnection()) is not None:
            if not socket.bytesAvailable():
                socket.waitForReadyRead(WAIT_MS)
            asked = bytes(socket.readAll().data()).strip() == b"show"
            socket.abort()
            if asked:
                self.activated.emit()
