"""Migrations of one server: /servers/{id}/migrations (2.22+ actions, 2.23+ list)."""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base


class ServerMigration(base.Resource):
    pass


class ServerMigrationsManager(base.ManagerWithFind[ServerMigration]):
    resource_class = ServerMigration

    def _url(self, server: Any, *path: Any) -> str:
        return base.url_path("servers", server, "migrations", *path)

    def list(self, server: Any) -> list[Any]:
        """In-progress live migrations of a server (2.23+).

        Example: ``[m.id for m in cs.server_migrations.list(vm)]``
        """
        api_versions.require(self, "2.23", "listing a server's migrations")
        return self._list(self._url(server), "migrations")

    def get(self, server: Any, migration: Any) -> ServerMigration:
        """One in-progress live migration of `server`, by its id (2.23+).

        Example: ``cs.server_migrations.get(vm, 7).memory_remaining_bytes``
        """
        api_versions.require(self, "2.23", "showing a server migration")
        return self._get(self._url(server, migration), "migration")

    def live_migrate_force_complete(self, server: Any, migration: Any) -> Any:
        """Finish a live migration that cannot converge: the hypervisor pauses the
        server (or switches to post-copy) for the last copy (2.22+).

        Example: ``cs.server_migrations.live_migrate_force_complete(vm, 7)``
        """
        api_versions.require(self, "2.22", "forcing a live migration to complete")
        return self._action(self._url(server, migration, "action"),
                            "force_complete")

    def live_migration_abort(self, server: Any, migration: Any) -> Any:
        """Cancel a live migration; the server stays on its source host (2.24+).

        Example: ``cs.server_migrations.live_migration_abort(vm, 7)``
        """
        api_versions.require(self, "2.24", "aborting a live migration")
        return self._delete(self._url(server, migration))
