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

    def get(self, id: Any) -> ServerGroup:
        """The group with this ID (or a ServerGroup), its members included.

        Example: ``cs.server_groups.get(group_id).members``
        """
        return self._get(base.url_path("os-server-groups", id), "server_group")

    def delete(self, id: Any) -> Any:
        """Delete a group; its servers keep running, without the policy.

        Example: ``cs.server_groups.delete(group)``
        """
        return self._delete(base.url_path("os-server-groups", id))

    @api_versions.wraps("2.0", "2.63")
    def create(self, name: str, policies: str | builtins.list[str] | None = None, *,
               policy: str | None = None,
               rules: dict[str, Any] | None = None) -> ServerGroup:
        """A group with one policy, python-novaclient's call before 2.64:
        `policies` is a policy name or a list of exactly one (`policy=` reads
        the same; `rules` need 2.64).

        Example: ``cs.server_groups.create(name="web", policies=["anti-affinity"])``
        """
        if rules:
            api_versions.require(self, "2.64", "server group rules")
        chosen = _one_policy(policies if policies is not None else policy)
        if chosen.startswith("soft"):
            api_versions.require(self, "2.15", f"the {chosen} policy")
        return self._create("/os-server-groups",
                            {"server_group": {"name": name, "policies": [chosen]}},
                            "server_group")

    @api_versions.wraps("2.64")  # type: ignore[no-redef]
    def create(  # noqa: F811 - the 2.64+ variant
            self, name: str, policy: str, rules: dict[str, Any] | None = None) -> ServerGroup:
        """A group with one policy, and rules (max_server_per_host).

        `policy`: affinity, anti-affinity, soft-affinity or soft-anti-affinity;
        boot servers into it with the `group` scheduler hint.
        Example: ``cs.server_groups.create("web", "anti-affinity")``
        """
        body: dict[str, Any] = {"name": name, "policy": _one_policy(policy)}
        if rules:
            body["rules"] = rules
        return self._create("/os-server-groups", {"server_group": body}, "server_group")


def _one_policy(policies: Any) -> str:
    """The policy of a name or of a list of exactly one name (novaclient's `policies`)."""
    if isinstance(policies, (list, tuple)):
        if len(policies) != 1:
            raise exceptions.InvalidArgument("A server group has exactly one policy")
        policies = policies[0]
    if policies not in POLICIES:
        raise exceptions.InvalidArgument(f"Policy must be one of {', '.join(POLICIES)}")
    return str(policies)
