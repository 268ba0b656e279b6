"""The v2 Client offers every manager python-novaclient's did, built lazily."""

import subprocess
import sys

from computeclient.v2 import client as v2_client

NOVACLIENT_MANAGERS = {
    "agents", "aggregates", "assisted_volume_snapshots", "availability_zones",
    "flavor_access", "flavors", "glance", "hypervisor_stats", "hypervisors",
    "instance_action", "instance_usage_audit_log", "keypairs", "limits", "migrations",
    "neutron", "quota_classes", "quotas", "server_external_events", "server_groups",
    "server_migrations", "servers", "services", "usage", "versions", "volumes",
}


def test_every_novaclient_manager_is_there_and_builds(make_cs):
    cs = make_cs("2.60")
    assert set(v2_client.MANAGERS) >= NOVACLIENT_MANAGERS
    for name in v2_client.MANAGERS:
        manager = getattr(cs, name)
        assert manager.api is cs and getattr(cs, name) is manager


def test_managers_are_imported_only_when_used():
    code = ("import sys; from computeclient import client; "
            "cs = client.Client('2.60', auth_token='t', endpoint_override='http://x/v2.1'); "
            "cs.flavors; print(sorted(m for m in sys.modules "
            "if m.startswith('computeclient.v2.') and m != 'computeclient.v2.client'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['computeclient.v2.flavors']"
