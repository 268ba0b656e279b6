"""The v2 Client: one attribute per Manager, created on first use.

Managers are imported lazily so that a script touching only `servers`
does not import the other two dozen modules.
"""

from __future__ import annotations

import importlib
from typing import Any

#: attribute -> (module under computeclient.v2, Manager class)
MANAGERS: dict[str, tuple[str, str]] = {
    "servers": ("servers", "ServerManager"),
    "flavors": ("flavors", "FlavorManager"),
    "flavor_access": ("flavor_access", "FlavorAccessManager"),
    "keypairs": ("keypairs", "KeypairManager"),
    "limits": ("limits", "LimitsManager"),
    "versions": ("versions", "VersionManager"),
    "quotas": ("quotas", "QuotaSetManager"),
    "quota_classes": ("quota_classes", "QuotaClassSetManager"),
    "aggregates": ("aggregates", "AggregateManager"),
    "availability_zones": ("availability_zones", "AvailabilityZoneManager"),
    "hypervisors": ("hypervisors", "HypervisorManager"),
    "hypervisor_stats": ("hypervisors", "HypervisorStatsManager"),
    "services": ("services", "ServiceManager"),
    "server_groups": ("server_groups", "ServerGroupsManager"),
    "usage": ("usage", "UsageManager"),
    "migrations": ("migrations", "MigrationManager"),
    "instance_action": ("instance_action", "InstanceActionManager"),
    "instance_usage_audit_log": ("instance_usage_audit_log", "InstanceUsageAuditLogManager"),
    "server_external_events": ("server_external_events", "ServerExternalEventManager"),
    "assisted_volume_snapshots": ("assisted_volume_snapshots", "AssistedSnapshotManager"),
    "server_migrations": ("server_migrations", "ServerMigrationsManager"),
    "volumes": ("volumes", "VolumeManager"),
    "server_shares": ("server_shares", "ServerShareManager"),
    "agents": ("agents", "AgentsManager"),
    "glance": ("images", "GlanceManager"),
    "neutron": ("networks", "NeutronManager"),
}


class Client:
    """Compute API v2 client; build it with `computeclient.client.Client`.

    `client` is the transport (HTTPClient or SessionClient); every manager
    reaches the API through it.
    """

    def __init__(self, http_client: Any, extensions: list | None = None) -> None:
        self.client = http_client
        self.extensions = list(extensions or [])
        for extension in self.extensions:
            extension.attach_to(self)

    def __getattr__(self, name: str) -> Any:
        spec = MANAGERS.get(name)
        if spec is None:
            raise AttributeError(f"Client has no attribute {name!r}")
        module = importlib.import_module(f"computeclient.v2.{spec[0]}")
        manager = getattr(module, spec[1])(self)
        setattr(self, name, manager)
        return manager

    @property
    def api_version(self) -> Any:
        return self.client.api_version

    @api_version.setter
    def api_version(self, value: Any) -> None:
        self.client.api_version = value

    @property
    def projectid(self) -> str | None:
        return getattr(self.client, "project_id", None)

    def get_timings(self) -> list:
        return self.client.get_timings()

    def reset_timings(self) -> None:
        self.client.reset_timings()
