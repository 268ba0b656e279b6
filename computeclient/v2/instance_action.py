"""Instance actions: what was done to a server, with events (os-instance-actions)."""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base


class InstanceAction(base.Resource):
    @property
    def id(self) -> str:
        return self._info.get("request_id")


class InstanceActionManager(base.ManagerWithFind):
    resource_class = InstanceAction

    def get(self, server: Any, request_id: str) -> InstanceAction:
        """One action with its events (events need admin before 2.51)."""
        return self._get(f"/servers/{base.getid(server)}/os-instance-actions/{request_id}",
                         "instanceAction")

    def list(self, server: Any, marker: str | None = None, limit: int | None = None,
             changes_since: str | None = None, changes_before: str | None = None) -> list:
        """Actions on a server, newest first; paging and times need 2.58/2.66."""
        filters: dict[str, Any] = {}
        if marker or limit is not None or changes_since:
            api_versions.require(self, "2.58", "paging or filtering instance actions")
        if changes_before:
            api_versions.require(self, "2.66", "changes-before")
        filters.update({"marker": marker, "changes-since": changes_since,
                        "changes-before": changes_before})
        url = f"/servers/{base.getid(server)}/os-instance-actions"
        if limit is not None and limit < 0:
            return self._list_all(url, "instanceActions", filters=filters)
        filters["limit"] = limit
        return self._list(url, "instanceActions", filters=filters)
