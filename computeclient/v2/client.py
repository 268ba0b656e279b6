"""The v2 Client: one attribute per Manager, created on first use.

Managers are imported lazily so that a script touching only `servers`
does not import the other two dozen modules.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from computeclient import api_versions

if TYPE_CHECKING:
    from computeclient.transport import Transport
    from computeclient.v2.agents import AgentsManager
    from computeclient.v2.aggregates import AggregateManager
    from computeclient.v2.assisted_volume_snapshots import AssistedSnapshotManager
    from computeclient.v2.availability_zones import AvailabilityZoneManager
    from computeclient.v2.flavor_access import FlavorAccessManager
    from computeclient.v2.flavors import FlavorManager
    from computeclient.v2.hypervisors import HypervisorManager, HypervisorStatsManager
    from computeclient.v2.images import GlanceManager
    from computeclient.v2.instance_action import InstanceActionManager
    from computeclient.v2.instance_usage_audit_log import InstanceUsageAuditLogManager
    from computeclient.v2.keypairs import KeypairManager
    from computeclient.v2.limits import LimitsManager
    from computeclient.v2.migrations import MigrationManager
    from computeclient.v2.networks import NeutronManager
    from computeclient.v2.quota_classes import QuotaClassSetManager
    from computeclient.v2.quotas import QuotaSetManager
    from computeclient.v2.server_external_events import ServerExternalEventManager
    from computeclient.v2.server_groups import ServerGroupsManager
    from computeclient.v2.server_migrations import ServerMigrationsManager
    from computeclient.v2.server_shares import ServerShareManager
    from computeclient.v2.servers import ServerManager
    from computeclient.v2.services import ServiceManager
    from computeclient.v2.usage import UsageManager
    from computeclient.v2.versions import VersionManager
    from computeclient.v2.volumes import VolumeManager

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
    reaches the API through it. Each manager below is created on first use
    (a script that touches only `servers` imports only that module).

    Example::

        cs = client.Client("2.latest", session=sess)
        for server in cs.servers.list(search_opts={"status": "ACTIVE"}):
            print(server.name, cs.flavors.get(server.flavor["id"]).ram)
    """

    servers: ServerManager
    flavors: FlavorManager
    flavor_access: FlavorAccessManager
    keypairs: KeypairManager
    limits: LimitsManager
    versions: VersionManager
    quotas: QuotaSetManager
    quota_classes: QuotaClassSetManager
    aggregates: AggregateManager
    availability_zones: AvailabilityZoneManager
    hypervisors: HypervisorManager
    hypervisor_stats: HypervisorStatsManager
    services: ServiceManager
    server_groups: ServerGroupsManager
    usage: UsageManager
    migrations: MigrationManager
    instance_action: InstanceActionManager
    instance_usage_audit_log: InstanceUsageAuditLogManager
    server_external_events: ServerExternalEventManager
    assisted_volume_snapshots: AssistedSnapshotManager
    server_migrations: ServerMigrationsManager
    volumes: VolumeManager
    server_shares: ServerShareManager
    agents: AgentsManager
    glance: GlanceManager
    neutron: NeutronManager

    def __init__(self, http_client: Any = None, extensions: list[Any] | None = None, *,
                 api_version: api_versions.APIVersion | str | None = None,
                 **options: Any) -> None:
        """`http_client`: a transport; without one, it is built from `options`.

        :param api_version: the microversion when a transport is built (default 2.0)
        :param options: `computeclient.client.Client`'s keywords (python-novaclient's
            names too: username, api_key, endpoint_type, ...); python-novaclient's
            `direct_use=False`, which let its own code build this class, is accepted
            and means nothing here.

        Example: ``v2_client.Client(username="demo", password=pw, project_id=p,
        auth_url=url, api_version=APIVersion("2.60"))``
        """
        if http_client is None:
            from computeclient import connection
            options.pop("direct_use", None)
            version = (api_versions.get_api_version(api_version)
                       if isinstance(api_version, str)
                       else api_version or api_versions.APIVersion("2.0"))
            # python-novaclient's default: the logger named after this module.
            options["logger"] = options.get("logger") or logging.getLogger(__name__)
            http_client = connection.build_transport(version, **options)
        self.client: Transport = http_client
        #: The logger requests and answers are logged to, masked (python-novaclient's name).
        self.logger: Any = getattr(http_client, "logger", None) or logging.getLogger(__name__)
        self.extensions = list(extensions or [])
        for extension in self.extensions:
            extension.attach_to(self)

    if not TYPE_CHECKING:
        # Hidden from type checkers, so that `cs.flavorz` is an error there
        # rather than Any: the annotations above are the typed view.
        def __getattr__(self, name: str) -> Any:
            spec = MANAGERS.get(name)
            if spec is None:
                raise AttributeError(f"Client has no attribute {name!r}")
            module = importlib.import_module(f"computeclient.v2.{spec[0]}")
            manager = getattr(module, spec[1])(self)
            setattr(self, name, manager)
            return manager

    @property
    def api_version(self) -> api_versions.APIVersion:
        """The microversion in use ('2.latest' is negotiated on first read)."""
        version: api_versions.APIVersion = self.client.api_version
        return version

    @api_version.setter
    def api_version(self, value: api_versions.APIVersion) -> None:
        self.client.api_version = value

    @property
    def projectid(self) -> str | None:
        return getattr(self.client, "project_id", None)

    def get_timings(self) -> list[tuple[str, float, float]]:
        """(method and URL, start, end) of each request, when timings=True."""
        timings: list[tuple[str, float, float]] = self.client.get_timings()
        return timings

    def reset_timings(self) -> None:
        self.client.reset_timings()
