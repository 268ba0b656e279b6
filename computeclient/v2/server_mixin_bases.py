"""What the server manager's mixins rely on, typed for the checker only.

`server_actions` and `server_attachments` split ServerManager (and Server)
by concern; their mixins call `_server_action` and reach `self.manager`,
which only the assembled classes in `servers.py` define. At run time these
bases are plain `object`, so no import cycle exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from computeclient import base

if TYPE_CHECKING:
    from computeclient.v2.servers import ServerManager

    class ServerManagerBase(base.ManagerCore):
        def _server_action(self, server: Any, action: str, info: Any = None,
                           response_key: str | None = None) -> Any: ...

    class ServerResourceBase(Protocol):
        manager: ServerManager
else:
    ServerManagerBase = ServerResourceBase = object
