"""Guest agent builds: /os-agents, which Nova removed (it answers 410 Gone).

Kept so scripts written for novaclient get Nova's own clear answer rather
than an AttributeError.
"""

from __future__ import annotations

from typing import Any

from computeclient import base


class Agent(base.Resource):
    @property
    def id(self) -> Any:
        """`agent_id` in a listing; Nova's update answer calls it `id`."""
        return self._info.get("agent_id", self._info.get("id"))


class AgentsManager(base.ManagerWithFind[Agent]):
    resource_class = Agent

    def list(self, hypervisor: str | None = None) -> list[Any]:
        """Guest agent builds, for old callers: current Nova answers 410 Gone
        (the XenAPI agent API was removed), raised as a library error.

        Example: ``cs.agents.list(hypervisor="xen")``
        """
        return self._list(base.with_query("/os-agents", {"hypervisor": hypervisor}), "agents")

    def create(self, os: str, architecture: str, version: str, url: str, md5hash: str,
               hypervisor: str) -> Agent:
        """Register an agent build (410 Gone on current Nova, as `list`).

        Example: ``cs.agents.create("linux", "x86", "1.0", url, md5, "xen")``
        """
        return self._create("/os-agents", {"agent": {
            "os": os, "architecture": architecture, "version": version, "url": url,
            "md5hash": md5hash, "hypervisor": hypervisor}}, "agent")

    def update(self, id: Any, version: str, url: str, md5hash: str) -> Agent:
        """Point an agent build at a new version (410 Gone on current Nova).

        Example: ``cs.agents.update(1, "1.1", url, md5)``
        """
        return self._update(base.url_path("os-agents", id), {"para": {
            "version": version, "url": url, "md5hash": md5hash}}, "agent")

    def delete(self, id: Any) -> Any:
        """Remove an agent build (410 Gone on current Nova).

        Example: ``cs.agents.delete(1)``
        """
        return self._delete(base.url_path("os-agents", id))
