"""Hypervisors, services, server groups, usage, migrations, audit log, external
events, assisted snapshots and the removed agents API, on real Nova."""

from __future__ import annotations

import datetime
import json

import pytest

from computeclient import exceptions
from computeclient.v2 import polling


@pytest.fixture(scope="module")
def server(compute, boot, cs):
    booted = boot("admin-vm", "--host", "compute1")
    yield cs.servers.get(booted["id"])
    compute("delete", "--wait", booted["id"], ok=False)


def test_hypervisors(compute, cs, server):
    listed = json.loads(compute("hypervisor-list", "-f", "json").stdout)
    assert sorted(h["Hypervisor hostname"] for h in listed) == ["compute1", "compute2"]
    matching = json.loads(compute("hypervisor-list", "--matching", "pute2", "-f", "json").stdout)
    assert [h["Hypervisor hostname"] for h in matching] == ["compute2"]
    shown = json.loads(compute("hypervisor-show", "compute1", "-f", "json").stdout)
    assert shown["hypervisor_hostname"] == "compute1" and shown["state"] == "up"
    assert "vcpus" not in shown  # 2.88 slimmed the hypervisor down
    old = json.loads(compute("--os-compute-api-version", "2.87", "hypervisor-show", "compute1",
                             "-f", "json").stdout)
    assert old["vcpus"] >= 1
    servers = json.loads(compute("hypervisor-servers", "compute1", "-f", "json").stdout)
    assert server.id in [s["ID"] for s in servers]
    assert json.loads(compute("hypervisor-uptime", "compute1", "-f", "json").stdout)[
        "hypervisor_hostname"] == "compute1"
    page = json.loads(compute("hypervisor-list", "--limit", "1", "-f", "json").stdout)
    assert len(page) == 1


@pytest.mark.parametrize("command", ["hypervisor-show", "hypervisor-uptime",
                                     "hypervisor-servers"])
def test_empty_hypervisor_is_refused_before_sending(compute, command):
    refused = compute("--timings", command, " ", ok=False)
    assert refused.returncode == 1
    what = "hostname" if command == "hypervisor-servers" else "hostname or ID"
    assert refused.stderr.splitlines()[-1] == (f"ERROR (CommandError): The hypervisor {what} "
                                               f"cannot be empty")
    assert "Total (0 requests)" in refused.stderr


def test_hypervisor_stats_by_version(compute):
    gone = compute("hypervisor-stats", ok=False)
    assert gone.returncode == 1
    assert gone.stderr.splitlines()[-1].startswith(
        "ERROR (VersionNotAvailable): The 'statistics' API is removed in API version 2.88 or "
        "later. This session speaks 2.")
    stats = json.loads(compute("--os-compute-api-version", "2.87", "hypervisor-stats",
                               "-f", "json").stdout)
    assert stats["count"] == 2


def test_services_disable_enable(compute, cs):
    rows = json.loads(compute("service-list", "--binary", "nova-compute", "-f", "json").stdout)
    assert sorted(r["Host"] for r in rows) == ["compute1", "compute2"]
    compute("service-disable", "compute2", "nova-compute", "--reason", "maintenance")
    held = cs.services.list(host="compute2", binary="nova-compute")[0]
    assert held.status == "disabled" and held.disabled_reason == "maintenance"
    compute("service-enable", held.id)
    assert cs.services.list(host="compute2", binary="nova-compute")[0].status == "enabled"
    legacy = compute("--os-compute-api-version", "2.52", "service-disable", "compute2",
                     "nova-compute", "-f", "json")
    assert json.loads(legacy.stdout) == [  # nova's one row; no ID before 2.53
        {"Host": "compute2", "Binary": "nova-compute", "Status": "disabled"}]
    compute("--os-compute-api-version", "2.52", "service-enable", "compute2", "nova-compute")
    assert cs.services.list(host="compute2", binary="nova-compute")[0].status == "enabled"


def test_service_force_down_and_unset(compute, cs):
    compute("service-force-down", "compute2", "nova-compute")
    try:
        assert cs.services.list(host="compute2", binary="nova-compute")[0].forced_down is True
    finally:
        compute("service-force-down", "--unset", "compute2", "nova-compute")
    assert cs.services.list(host="compute2", binary="nova-compute")[0].forced_down is False


def test_service_delete_refuses_a_busy_host_plainly(compute, cs, server):
    service = cs.services.list(host="compute1", binary="nova-compute")[0]
    result = compute("service-delete", service.id, ok=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "(HTTP 409)" in result.stderr


def test_server_groups(compute, cs):
    [created] = json.loads(compute("server-group-create", "web", "anti-affinity", "--rule",
                                   "max_server_per_host=2", "-f", "json").stdout)
    held = cs.server_groups.get(created["Id"])
    assert held.policy == "anti-affinity" and held.rules == {"max_server_per_host": 2}
    [old] = json.loads(compute("--os-compute-api-version", "2.63", "server-group-create",
                               "old", "affinity", "-f", "json").stdout)
    assert cs.server_groups.get(old["Id"]).policy == "affinity"
    listed = json.loads(compute("server-group-list", "-f", "json").stdout)
    assert {"web", "old"} <= {g["Name"] for g in listed}
    assert json.loads(compute("server-group-get", "web", "-f", "json").stdout)["id"] == \
        created["Id"]
    compute("server-group-delete", "web", old["Id"])
    with pytest.raises(exceptions.NotFound):
        cs.server_groups.get(created["Id"])


def test_usage(compute, server):
    mine = json.loads(compute("usage", "-f", "json").stdout)
    assert mine["Tenant ID"] == "admin" and mine["Servers"] >= 1
    everyone = json.loads(compute("usage-list", "-f", "json").stdout)
    assert "admin" in [u["Tenant ID"] for u in everyone]
    demo = json.loads(compute("usage", "--tenant", "nobody", "-f", "json").stdout)
    assert demo["Servers"] == 0
    bad = compute("usage", "--start", "yesterday", ok=False)
    assert bad.stderr.startswith("ERROR (CommandError): Dates are YYYY-MM-DD")


@pytest.mark.parametrize("command", ["usage", "usage-list"])
def test_usage_period_is_four_weeks_ago_to_tomorrow(compute, command):
    """As in novaclient: the period's last day is tomorrow, so today is in it."""
    before = datetime.datetime.now(datetime.timezone.utc)
    result = compute(command)
    after = datetime.datetime.now(datetime.timezone.utc)
    day = datetime.timedelta(days=1)
    assert result.stderr.splitlines()[0] in {
        f"Usage from {now - 28 * day:%Y-%m-%d} to {now + day:%Y-%m-%d}:" for now in (before, after)}


def test_migration_list_shows_a_cold_migration(compute, cs, server):
    cs.servers.migrate(server, host="compute2")
    polling.wait_for_server(cs.servers, server.id, ["VERIFY_RESIZE"], "migrate")
    cs.servers.confirm_resize(server)
    polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], "confirm")
    rows = json.loads(compute("migration-list", "--instance-uuid", server.id,
                              "--migration-type", "migration", "-f", "json").stdout)
    assert [(r["Source Compute"], r["Dest Compute"], r["Status"]) for r in rows] == [
        ("compute1", "compute2", "confirmed")]
    assert json.loads(compute("migration-list", "--status", "no-such", "-f", "json").stdout) == []
    assert len(json.loads(compute("migration-list", "--limit", "1", "-f", "json").stdout)) == 1


def test_server_external_events(cs, server):
    events = cs.server_external_events.create([
        {"name": "network-changed", "server_uuid": server.id}])
    assert events[0].code == 200 and events[0].server_uuid == server.id
    unknown = "00000000-0000-0000-0000-000000000000"
    try:
        events = cs.server_external_events.create([
            {"name": "network-changed", "server_uuid": unknown}])
        assert events[0].code == 404 and events[0].status == "failed"
    except exceptions.NotFound as exc:  # every event failed: Nova answers 404
        assert "No instances found" in exc.message


def test_assisted_volume_snapshot_request_is_right(cs):
    with pytest.raises(exceptions.ClientException) as err:
        cs.assisted_volume_snapshots.create("00000000-0000-0000-0000-000000000001", {
            "snapshot_id": "00000000-0000-0000-0000-000000000002", "type": "qcow2",
            "new_file": "new"})
    # Nova accepted the body's shape and looked the volume up: it is attached nowhere.
    assert err.value.code == 400
    assert err.value.message == ("No volume Block Device Mapping with id "
                                 "00000000-0000-0000-0000-000000000001.")


def test_agents_say_they_are_gone(compute):
    result = compute("agent-list", ok=False)
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR (CommandError): Nova removed the guest agents API")
    assert "answers: This resource is no longer available." in result.stderr  # Nova's words
    assert "(HTTP 410)" in result.stderr and result.stderr.count("\n") == 1


def test_non_admin_is_refused_in_one_line(compute):
    result = compute("hypervisor-list", ok=False, user="demo")
    assert result.returncode == 1 and result.stderr.startswith("ERROR (Forbidden): ")
