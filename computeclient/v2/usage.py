"""Usage: /os-simple-tenant-usage (paging from 2.40)."""

from __future__ import annotations

import builtins
import datetime
from typing import Any
from urllib.parse import quote

from computeclient import answers, api_versions, base


class Usage(base.Resource):
    manager: UsageManager

    @property
    def id(self) -> str:
        return str(self._info.get("tenant_id", ""))

    def get(self) -> None:
        """Refresh this project's usage over the same period (`start`, `stop`)."""
        self._loaded = True
        tenant_id, start, stop = (str(self._info.get(k) or "")
                                  for k in ("tenant_id", "start", "stop"))
        if not (tenant_id and start and stop):
            return
        fresh = self.manager.get(tenant_id, datetime.datetime.fromisoformat(start),
                                 datetime.datetime.fromisoformat(stop))
        self._add_details(fresh.to_dict())
        self.add_request_ids(fresh.request_ids)


def _query(start: Any, end: Any, marker: str | None = None, limit: int | None = None,
           detailed: bool | None = None) -> str:
    """The query in python-novaclient's order (start, end, limit, marker,
    detailed), times as ISO 8601 with their colons as they are."""
    pairs = [("start", start), ("end", end), ("limit", limit), ("marker", marker),
             ("detailed", None if detailed is None else int(bool(detailed)))]
    def text(value: Any) -> str:
        return value.isoformat() if isinstance(value, datetime.datetime) else str(value)

    return "?" + "&".join(f"{key}={quote(text(value), safe=':')}"
                          for key, value in pairs if value is not None)


class UsageManager(base.ManagerWithFind[Usage]):
    resource_class = Usage

    def _paged(self, url: str, key: str, start: Any, end: Any, detailed: bool | None,
               marker: str | None, limit: int | None) -> tuple[list[Any], list[Any]]:
        """Follow Nova's *_links pages (2.40+), merging server usages per tenant."""
        if marker or limit is not None:
            api_versions.require(self, "2.40", "usage paging")
        items: list[Any] = []
        responses = []
        guard = base.PageGuard(url)
        while True:
            resp, body = self.client.get(url + _query(start, end, marker, limit, detailed))
            responses.append(resp)
            page = body[key] if isinstance(body[key], list) else [body[key]]
            for item in page:
                answers.answer_object(item, f"a {key} object")
                answers.answer_list(item.get("server_usages", []), "the list server_usages")
            items.extend(page)
            nxt = base.next_marker(body.get(f"{key}_links"))
            if limit is not None or not nxt or not api_versions.supports(self, "2.40"):
                return items, responses
            marker = guard.follow(nxt, page)

    def list(self, start: Any, end: Any, detailed: bool = False,
             marker: str | None = None, limit: int | None = None) -> builtins.list[Usage]:
        """Usage of every project between start and end (admin).

        `start`/`end`: datetimes or ISO strings; `detailed`: with each server's
        usage; `marker`/`limit`: one page (2.40+), else every page, merged per project.
        Example: ``cs.usage.list(datetime(2026, 11, 1), datetime.now())``
        """
        items, responses = self._paged("/os-simple-tenant-usage", "tenant_usages", start, end,
                                       detailed, marker, limit)
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
        items, responses = self._paged(base.url_path("os-simple-tenant-usage", tenant_id),
                                       "tenant_usage", start, end, None, marker, limit)
        info: dict[str, Any] = {}
        for item in items:  # an empty period is {} from Nova, and stays so
            server_usages = info.get("server_usages", []) + item.get("server_usages", [])
            info.update(item)
            if "server_usages" in info:
                info["server_usages"] = server_usages
        return Usage(self, info, loaded=True, resp=responses)
