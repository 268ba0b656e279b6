"""Which projects may use a private flavor: /flavors/{id}/os-flavor-access.

Public flavors have no access list (Nova answers 404 for them).
"""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import answers, base


class FlavorAccess(base.Resource):
    def __repr__(self) -> str:
        return "<FlavorAccess flavor id: %s, tenant id: %s>" % (
            self._info.get("flavor_id"), self._info.get("tenant_id"))


class FlavorAccessManager(base.ManagerWithFind[FlavorAccess]):
    resource_class = FlavorAccess

    def list(self, flavor: Any) -> list[Any]:
        """The projects granted a private flavor (Nova refuses it for a public one).

        Example: ``[a.tenant_id for a in cs.flavor_access.list(flavor)]``
        """
        return self._list(base.url_path("flavors", flavor, "os-flavor-access"), "flavor_access")

    def add_tenant_access(self, flavor: Any, tenant: str) -> builtins.list[Any]:
        """Let project `tenant` use private `flavor`; returns the new access list.

        Example: ``cs.flavor_access.add_tenant_access(flavor, project_id)``
        """
        return self._access_action(flavor, "addTenantAccess", tenant)

    def remove_tenant_access(self, flavor: Any, tenant: str) -> builtins.list[Any]:
        """Take project `tenant`'s access away; returns the new access list.

        Example: ``cs.flavor_access.remove_tenant_access(flavor, project_id)``
        """
        return self._access_action(flavor, "removeTenantAccess", tenant)

    def _access_action(self, flavor: Any, action: str, tenant: str) -> builtins.list[Any]:
        """Both actions answer with the access list as it now stands."""
        resp, body = self.client.post(base.url_path("flavors", flavor, "action"),
                                      body={action: {"tenant": tenant}})
        granted = (body or answers.Answer()).get("flavor_access", [])
        return base.ListWithMeta([self._make(i, loaded=True) for i in granted], resp)
