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
        """The Manila shares attached to `server` (2.97+).

        Example: ``[s.share_id for s in cs.server_shares.list(vm)]``
        """
        return self._list(self._url(server), "shares")

    def get(self, server: Any, share_id: str) -> ServerShare:
        """One attached share by its Manila share id (2.97+).

        Example: ``cs.server_shares.get(vm, share_id).tag``
        """
        return self._get(self._url(server, share_id), "share")

    def create(self, server: Any, share_id: str, tag: str | None = None) -> ServerShare:
        """Attach a share; the server must be stopped.

        `share_id`: the Manila share; `tag`: the name the guest mounts it by
        (the share id when omitted). Example:
        ``cs.server_shares.create(vm, share_id, tag="data")``
        """
        body: dict[str, Any] = {"share_id": share_id}
        if tag:
            body["tag"] = tag
        return self._create(self._url(server), {"share": body}, "share")

    def delete(self, server: Any, share_id: str) -> Any:
        """Detach a share; as for attaching, the server must be stopped.

        Example: ``cs.server_shares.delete(vm, share_id)``
        """
        return self._delete(self._url(server, share_id))
