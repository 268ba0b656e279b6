"""Usage: /os-simple-tenant-usage (paging from 2.40)."""

from __future__ import annotations

import builtins
import datetime
from typing import Any

from computeclient import api_versions, base


class Usage(base.Resource):
    @property
    def id(self) -> str:
        return str(self._info.get("tenant_id", ""))


def _time(value: datetime.datetime | str | None) -> str | None:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


class UsageManager(base.ManagerWithFind[Usage]):
    resource_class = Usage

    def _paged(self, url: str, key: str, query: dict[str, Any], marker: str | None,
               limit: int | None) -> tuple[list[Any], list[Any]]:
        """Follow Nova's *_links pages (2.40+), merging server usages per tenant."""
        if marker or limit is not None:
            api_versions.require(self, "2.40", "usage paging")
        query = dict(query, marker=marker, limit=limit)
        items: list[Any] = []
        responses = []
        guard = base.PageGuard(url)
        while True:
            resp, body = self.client.get(base.with_query(url, query))
            responses.append(resp)
            page = body[key] if isinstance(body[key], list) else [body[key]]
            for item in page:
                base.answer_object(item, f"a {key} object")
                base.answer_list(item.get("server_usages", []), "the list server_usages")
            items.extend(page)
            nxt = base.next_marker(body.get(f"{key}_links"))
            if limit is not None or not nxt or not api_versions.supports(self, "2.40"):
                return items, responses
            query["marker"] = guard.follow(nxt, page)

    def list(self, start: Any, end: Any, detailed: bool = False,
             marker: str | None = None, limit: int | None = None) -> builtins.list[Usage]:
        """Usage of every project between start and end (admin).

        `start`/`end`: datetimes or ISO strings; `detailed`: with each server's
        usage; `marker`/`limit`: one page (2.40+), else every page, merged per project.
        Example: ``cs.usage.list(datetime(2026, 11, 1), datetime.now())``
        """
        query = {"start": _time(start), "end": _time(end), "detailed": int(bool(detailed))}
        items, responses = self._paged("/os-simple-tenant-usage", "tenant_usages", query,
                                       marker, limit)
        merged: dict[str, dict[str, Any]] = {}
        for item in items:
            tenant = merged.setdefault(item["tenant_id"], dict(item, server_usages=[]))
            tenant["server_usages"] += item.get("server_usages", [])
        return base.ListWithMeta([Usage(self, u, loaded=True) for u in merged.values()],
                                 responses)

    def get(self, tenant_id: str, start: Any, end: Any, marker: str | None = None,
            limit: int | None = None) -> Usage:
        """Usage of one project between start and end.

        Example: ``cs.usage.get(project_id, start, end).total_vcpus_usage``
        """
        query = {"start": _time(start), "end": _time(end)}
        items, responses = self._paged(base.url_path("os-simple-tenant-usage", tenant_id),
                                       "tenant_usage", query, marker, limit)
        info: dict[str, Any] = {}
        for item in items:  # an empty period is {} from Nova, and stays so
            server_usages = info.get("server_usages", []) + item.get("server_usages", [])
            info.update(item)
            if "server_usages" in info:
                info["server_usages"] = server_usages
        return Usage(self, info, loaded=True, resp=responses)
