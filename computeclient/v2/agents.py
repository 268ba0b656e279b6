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
        return self._info.get("agent_id")


class AgentsManager(base.ManagerWithFind[Agent]):
    resource_class = Agent

    def list(self, hypervisor: str | None = None) -> list[Any]:
        return self._list(base.with_query("/os-agents", {"hypervisor": hypervisor}), "agents")

    def create(self, os: str, architecture: str, version: str, url: str, md5hash: str,
               hypervisor: str) -> Agent:
        return self._create("/os-agents", {"agent": {
            "os": os, "architecture": architecture, "version": version, "url": url,
            "md5hash": md5hash, "hypervisor": hypervisor}}, "agent")

    def update(self, agent_id: Any, version: str, url: str, md5hash: str) -> Agent:
        return self._update(base.url_path("os-agents", agent_id), {"para": {
            "version": version, "url": url, "md5hash": md5hash}}, "agent")

    def delete(self, agent_id: Any) -> Any:
        return self._delete(base.url_path("os-agents", agent_id))
