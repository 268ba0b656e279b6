"""Manila shares attached to servers (2.97): /servers/{id}/shares."""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base


class ServerShare(base.Resource):
    @property
    def id(self) -> str:
        return str(self._info.get("share_id", ""))


class ServerShareManager(base.Manager[ServerShare]):
    resource_class = ServerShare

    def _url(self, server: Any, *share: Any) -> str:
        api_versions.require(self, "2.97", "server shares")
        return base.url_path("servers", server, "shares", *share)

    def list(self, server: Any) -> list[Any]:
        return self._list(self._url(server), "shares")

    def get(self, server: Any, share_id: str) -> ServerShare:
        return self._get(self._url(server, share_id), "share")

    def create(self, server: Any, share_id: str, tag: str | None = None) -> ServerShare:
        """Attach a share; the server must be stopped."""
        body: dict[str, Any] = {"share_id": share_id}
        if tag:
            body["tag"] = tag
        return self._create(self._url(server), {"share": body}, "share")

    def delete(self, server: Any, share_id: str) -> Any:
        return self._delete(self._url(server, share_id))
