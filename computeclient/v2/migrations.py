"""Migrations of every server: GET /os-migrations (filters grew up to 2.80)."""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import api_versions, base, exceptions


class Migration(base.Resource):
    pass


class MigrationManager(base.ManagerWithFind[Migration]):
    resource_class = Migration

    def list(self, host: str | None = None, status: str | None = None,
             instance_uuid: str | None = None, migration_type: str | None = None,
             source_compute: str | None = None, changes_since: str | None = None,
             changes_before: str | None = None, marker: str | None = None,
             limit: int | None = None, user_id: str | None = None,
             project_id: str | None = None) -> builtins.list[Migration]:
        """Migrations Nova recorded (admin), narrowed by the filters given.

        Each filter needs the microversion that introduced it (migration_type
        2.23; changes_since, marker, limit 2.59; changes_before 2.66; user_id,
        project_id 2.80); limit=-1 follows every page.
        Example: ``cs.migrations.list(status="error", migration_type="live-migration")``
        """
        for value, version, what in (
                (migration_type, "2.23", "filtering by migration type"),
                (changes_since, "2.59", "changes-since"), (marker, "2.59", "paging"),
                (limit, "2.59", "paging"), (changes_before, "2.66", "changes-before"),
                (user_id, "2.80", "unexpected keyword argument 'user_id' (filtering by user)"),
                (project_id, "2.80",
                 "unexpected keyword argument 'project_id' (filtering by project)")):
            if value is not None:
                # A TypeError too for the keywords python-novaclient takes only from 2.80.
                api_versions.require(self, version, what, error=exceptions.UnsupportedArgument
                                     if version == "2.80" else None)
        filters: dict[str, Any] = {"host": host, "status": status, "instance_uuid": instance_uuid,
                   "migration_type": migration_type, "source_compute": source_compute,
                   "changes-since": changes_since, "changes-before": changes_before,
                   "marker": marker, "user_id": user_id, "project_id": project_id}
        limit = base.as_limit(limit)
        if limit is not None and limit < 0:
            return self._list_all("/os-migrations", "migrations", filters=filters)
        filters["limit"] = limit
        return self._list("/os-migrations", "migrations", filters=filters)
