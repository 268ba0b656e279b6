"""Hypervisors: /os-hypervisors (uuids and query filters from 2.53, slimmer from 2.88)."""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import api_versions, base, exceptions


class Hypervisor(base.Resource):
    NAME_ATTR = "hypervisor_hostname"

    @property
    def name(self) -> str:
        return str(self._info.get("hypervisor_hostname", ""))


class HypervisorStats(base.Resource):
    """Totals over every hypervisor (python-novaclient's class name)."""

    def __repr__(self) -> str:
        count = self._info.get("count", 0)
        return f"<HypervisorStats: {count} Hypervisor{'' if count == 1 else 's'}>"


#: What uptime() keeps of a hypervisor from 2.88, where it reads show:
#: python-novaclient's fields, as the old uptime route answered.
UPTIME_FIELDS = ("id", "hypervisor_hostname", "state", "status", "uptime")


class HypervisorManager(base.ManagerWithFind[Hypervisor]):
    resource_class = Hypervisor

    def _since_2_53(self) -> bool:
        return api_versions.supports(self, "2.53")

    def list(self, detailed: bool = True, marker: str | None = None,
             limit: int | None = None,
             search_opts: dict[str, Any] | None = None) -> builtins.list[Hypervisor]:
        """Hypervisors; paging needs 2.33.

        `detailed`: full records (else id, hostname, state, status);
        `marker`/`limit`: one page, limit=-1 every page.
        Example: ``cs.hypervisors.list(limit=-1)``
        """
        filters: dict[str, Any] = {}
        limit = base.as_limit(limit)
        if marker or limit is not None:
            api_versions.require(self, "2.33", "hypervisor paging")
        filters["marker"] = marker
        url = "/os-hypervisors/detail" if detailed else "/os-hypervisors"
        if limit is not None and limit < 0:
            return self._list_all(url, "hypervisors", filters=filters)
        filters["limit"] = limit
        return self._list(url, "hypervisors", filters=filters)

    def _list_for_find(self, **kwargs: Any) -> builtins.list[Hypervisor]:
        return self.list(detailed=False)

    def search(self, hypervisor_match: str, servers: bool = False,
               detailed: bool = False) -> builtins.list[Hypervisor]:
        """Hypervisors whose hostname contains `hypervisor_match`.

        `servers`: with the servers each runs. Example: ``cs.hypervisors.search("compute")``
        """
        if detailed:
            api_versions.require(self, "2.53", parameter="detailed",
                                 error=exceptions.UnsupportedArgument)
        if self._since_2_53():
            url = "/os-hypervisors/detail" if detailed else "/os-hypervisors"
            query = {"hypervisor_hostname_pattern": hypervisor_match,
                     "with_servers": True if servers else None}
            return self._list(base.with_query(url, query), "hypervisors")
        suffix = "servers" if servers else "search"
        return self._list(base.url_path("os-hypervisors", hypervisor_match, suffix), "hypervisors")

    def get(self, hypervisor: Any, with_servers: bool = False) -> Hypervisor:
        """One hypervisor by id (a uuid from 2.53); `with_servers` lists its servers (2.53+).

        Example: ``cs.hypervisors.get(hv_id).hypervisor_hostname``
        """
        query = {"with_servers": True} if with_servers and self._since_2_53() else {}
        return self._get(base.with_query(base.url_path("os-hypervisors", hypervisor), query),
                         "hypervisor")

    def uptime(self, hypervisor: Any) -> Hypervisor:
        """Uptime: its own route before 2.88, a field of show from 2.88.

        Example: ``cs.hypervisors.uptime(hv_id).uptime``
        """
        if api_versions.supports(self, "2.88"):
            resp, body = self.client.get(base.url_path("os-hypervisors", hypervisor))
            shown = body["hypervisor"]
            return self._make({k: shown[k] for k in UPTIME_FIELDS if k in shown}, resp,
                              loaded=True)
        return self._get(base.url_path("os-hypervisors", hypervisor, "uptime"), "hypervisor")

    def statistics(self) -> HypervisorStats:
        """Totals over every hypervisor (removed at 2.88).

        Example: ``cs.hypervisors.statistics().vcpus_used``
        """
        api_versions.require(self, None, end="2.87", api="statistics")
        return self._get("/os-hypervisors/statistics", "hypervisor_statistics",
                         obj_class=HypervisorStats)


class HypervisorStatsManager(base.Manager[HypervisorStats]):
    """`cs.hypervisor_stats.statistics()`, as novaclient names it."""

    resource_class = HypervisorStats

    def statistics(self) -> HypervisorStats:
        """As `cs.hypervisors.statistics()`. Example: ``cs.hypervisor_stats.statistics()``"""
        return HypervisorManager(self.api).statistics()
