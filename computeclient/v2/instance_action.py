"""Instance actions: what was done to a server, with events (os-instance-actions)."""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import answers, api_versions, base


class InstanceAction(base.Resource):
    @property
    def id(self) -> str:
        return str(self._info.get("request_id", ""))


class InstanceActionManager(base.ManagerWithFind[InstanceAction]):
    resource_class = InstanceAction

    def get(self, server: Any, request_id: str) -> InstanceAction:
        """One action with its events (events need admin before 2.51).

        `request_id`: the action's request id, from `list`.
        Example: ``cs.instance_action.get(vm, "req-1234").events``
        """
        return self._get(base.url_path("servers", server, "os-instance-actions", request_id),
                         "instanceAction")

    def list(self, server: Any, marker: str | None = None, limit: int | None = None,
             changes_since: str | None = None,
             changes_before: str | None = None) -> builtins.list[InstanceAction]:
        """Actions on a server, newest first; paging and times need 2.58/2.66.

        `limit`=-1 follows every page; `changes_since`/`changes_before`: ISO times.
        Example: ``[a.action for a in cs.instance_action.list(vm, limit=-1)]``
        """
        filters: dict[str, Any] = {}
        if marker or limit is not None or changes_since:
            api_versions.require(self, "2.58", "paging or filtering instance actions")
        if changes_before:
            api_versions.require(self, "2.66", "changes-before")
        filters.update({"marker": marker, "changes-since": changes_since,
                        "changes-before": changes_before})
        url = base.url_path("servers", server, "os-instance-actions")
        if limit is None or limit >= 0:
            filters["limit"] = limit
            return self._page(url, filters)
        everything: base.ListWithMeta[InstanceAction] = base.ListWithMeta()
        guard = base.PageGuard(url)
        while True:  # limit -1: follow Nova's "links" until the last page
            page = self._page(url, filters)
            everything.extend(page)
            everything.add_request_ids(page.request_ids)
            if not page or not page.next_marker:
                return everything
            filters["marker"] = guard.follow(page.next_marker, page)

    def _page(self, url: str, filters: dict[str, Any]) -> base.ListWithMeta[InstanceAction]:
        """One page; Nova puts this collection's next link under "links",
        not "instanceActions_links" as Manager._list expects."""
        resp, body = self.client.get(base.with_query(url, filters))
        body = body or answers.Answer()
        page = base.ListWithMeta([self._make(item, loaded=True)
                                  for item in body.get("instanceActions") or []], resp)
        page.next_marker = base.next_marker(body.get("links"))
        return page
