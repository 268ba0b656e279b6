"""Server groups: /os-server-groups (one policy plus rules from 2.64)."""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import api_versions, base, exceptions

POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")


class ServerGroup(base.Resource):

    manager: ServerGroupsManager
    def delete(self) -> Any:
        return self.manager.delete(self.id)


class ServerGroupsManager(base.ManagerWithFind[ServerGroup]):
    resource_class = ServerGroup

    def list(self, all_projects: bool = False, limit: int | None = None,
             offset: int | None = None) -> builtins.list[ServerGroup]:
        """Server groups of this project (`all_projects`: every project's, admin);
        `limit`/`offset` page through them.

        Example: ``cs.server_groups.list(all_projects=True)``
        """
        query = {"all_projects": True if all_projects else None, "limit": limit,
                 "offset": offset}
        return self._list(base.with_query("/os-server-groups", query), "server_groups")

    def get(self, group: Any) -> ServerGroup:
        """The group with this ID (or a ServerGroup), its members included.

        Example: ``cs.server_groups.get(group_id).members``
        """
        return self._get(base.url_path("os-server-groups", group), "server_group")

    def delete(self, group: Any) -> Any:
        """Delete a group; its servers keep running, without the policy.

        Example: ``cs.server_groups.delete(group)``
        """
        return self._delete(base.url_path("os-server-groups", group))

    def create(self, name: str, policy: str, rules: dict[str, Any] | None = None) -> ServerGroup:
        """A group with one policy; rules (max_server_per_host) need 2.64.

        `policy`: affinity, anti-affinity, soft-affinity or soft-anti-affinity;
        boot servers into it with the `group` scheduler hint.
        Example: ``cs.server_groups.create("web", "anti-affinity")``
        """
        if policy not in POLICIES:
            raise exceptions.InvalidArgument(f"Policy must be one of {', '.join(POLICIES)}")
        body: dict[str, Any] = {"name": name}
        if api_versions.supports(self, "2.64"):
            body["policy"] = policy
            if rules:
                body["rules"] = rules
        else:
            if rules:
                api_versions.require(self, "2.64", "server group rules")
            if policy.startswith("soft"):
                api_versions.require(self, "2.15", f"the {policy} policy")
            body["policies"] = [policy]
        return self._create("/os-server-groups", {"server_group": body}, "server_group")
