"""Quotas of a project (or of one user in it): /os-quota-sets/{project_id}.

The fields a request may carry depend on the version: floating_ips,
fixed_ips, security_groups and security_group_rules went away in 2.36 (the
network service owns them), injected_file* in 2.57.
"""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base, exceptions

#: Every quota field, with the last microversion that still accepts it.
QUOTA_FIELDS: dict[str, str | None] = {
    "instances": None, "cores": None, "ram": None, "metadata_items": None,
    "key_pairs": None, "server_groups": None, "server_group_members": None,
    "injected_files": "2.56", "injected_file_content_bytes": "2.56",
    "injected_file_path_bytes": "2.56",
    "floating_ips": "2.35", "fixed_ips": "2.35", "security_groups": "2.35",
    "security_group_rules": "2.35",
}


def fields_for(version: api_versions.APIVersion,
               limits: dict[str, str | None] = QUOTA_FIELDS) -> list[str]:
    """The quota fields a session speaking `version` may send."""
    return [name for name, last in limits.items()
            if last is None or version <= api_versions.APIVersion(last)]


def check_fields(version: api_versions.APIVersion, updates: dict[str, Any],
                 limits: dict[str, str | None] = QUOTA_FIELDS) -> dict[str, int]:
    """Refuse unknown or removed fields with the version that still had them."""
    allowed = fields_for(version, limits)
    body: dict[str, int] = {}
    for name, value in updates.items():
        if value is None:
            continue
        if name not in limits:
            raise exceptions.UnexpectedArgument(f"Unknown quota {name!r}")
        if name not in allowed:
            api_versions.require(version, None, f"quota {name!r}", end=limits[name],
                                 error=exceptions.UnsupportedArgument)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise exceptions.InvalidArgument(
                f"Quota {name} must be an integer (-1: unlimited), not {value!r}") from None
        if number < -1:
            raise exceptions.InvalidArgument(f"Quota {name} must be -1 (unlimited) or more")
        body[name] = number
    if not body:
        raise exceptions.InvalidArgument("No quota to change")
    return body


class QuotaSet(base.Resource):
    manager: QuotaSetManager

    @property
    def id(self) -> str | None:
        return self._info.get("id")

    def update(self, *args: Any, **kwargs: Any) -> QuotaSet:
        """`manager.update` for this project. Example: ``quota_set.update(cores=40)``"""
        return self.manager.update(str(self.id), *args, **kwargs)


class QuotaSetManager(base.Manager[QuotaSet]):
    resource_class = QuotaSet

    @staticmethod
    def _url(tenant_id: str, *suffix: str, user_id: str | None = None) -> str:
        if not tenant_id:
            raise exceptions.InvalidArgument("A project ID is needed")
        return base.with_query(base.url_path("os-quota-sets", tenant_id, *suffix),
                               {"user_id": user_id})

    def get(self, tenant_id: str, user_id: str | None = None, detail: bool = False) -> QuotaSet:
        """Limits, or with detail=True {limit, in_use, reserved} per field.

        `tenant_id`: the project; `user_id`: that user's quota within it.
        Example: ``cs.quotas.get(project_id, detail=True).instances["in_use"]``
        """
        suffix = ("detail",) if detail else ()
        return self._get(self._url(tenant_id, *suffix, user_id=user_id), "quota_set")

    def defaults(self, tenant_id: str) -> QuotaSet:
        """The limits a project gets when nothing was set for it.

        Example: ``cs.quotas.defaults(project_id).cores``
        """
        return self._get(self._url(tenant_id, "defaults"), "quota_set")

    def update(self, tenant_id: str, user_id: str | None = None, force: bool = False,
               **updates: Any) -> QuotaSet:
        """Set quota fields; force=True allows a limit below the current usage.

        `updates`: quota fields (instances=, cores=, ram=, ...); a field this
        microversion does not know is InvalidArgument before any request.
        Example: ``cs.quotas.update(project_id, instances=20, cores=40)``
        """
        body: dict[str, Any] = check_fields(self.api_version, updates)
        if force:
            body["force"] = True
        return self._update(self._url(tenant_id, user_id=user_id), {"quota_set": body},
                            "quota_set")

    def delete(self, tenant_id: str, user_id: str | None = None) -> Any:
        """Back to the defaults (the project's, or the user's within it).

        Example: ``cs.quotas.delete(project_id, user_id=user_id)``
        """
        return self._delete(self._url(tenant_id, user_id=user_id))
