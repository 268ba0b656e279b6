"""Server actions: POST /servers/{id}/action, mixed into ServerManager.

The Resource-side mixin lets `server.stop()` call `manager.stop(server)`.
"""

from __future__ import annotations

from typing import Any

from computeclient import base


class ServerActionsMixin:
    """Manager methods for the lifecycle actions of a server."""

    def _server_action(self, server: Any, action: str, info: Any = None,
                       response_key: str | None = None) -> Any:
        return self._action(f"/servers/{base.getid(server)}/action", action, info,
                            response_key)

    def start(self, server: Any) -> Any:
        return self._server_action(server, "os-start")

    def stop(self, server: Any) -> Any:
        return self._server_action(server, "os-stop")


class ServerResourceActionsMixin:
    """`server.<action>(...)` shortcuts to the manager's methods."""

    def start(self) -> Any:
        return self.manager.start(self)

    def stop(self) -> Any:
        return self.manager.stop(self)
