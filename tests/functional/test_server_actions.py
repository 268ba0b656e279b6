"""Server lifecycle commands on real Nova: each checks the state Nova reached."""

from __future__ import annotations

import json

import pytest

from computeclient.v2 import polling


@pytest.fixture(scope="module")
def server(compute, boot, cs):
    """One server shared by the tests that leave it ACTIVE again."""
    booted = boot("actions-vm")
    yield cs.servers.get(booted["id"])
    compute("delete", "--wait", booted["id"], ok=False)


def status(cs, server):
    return cs.servers.get(server.id).status


def host_of(cs, server):
    return cs.servers.get(server.id)._info["OS-EXT-SRV-ATTR:host"]


@pytest.mark.parametrize("action, undo, reached", [
    ("stop", "start", "SHUTOFF"), ("pause", "unpause", "PAUSED"),
    ("suspend", "resume", "SUSPENDED")])
def test_power_actions(compute, cs, server, action, undo, reached):
    compute(action, "--wait", server.name)
    assert status(cs, server) == reached
    compute(undo, "--wait", server.name)
    assert status(cs, server) == "ACTIVE"


def test_reboot_hard(compute, cs, server):
    compute("reboot", "--hard", "--wait", server.name)
    _, body = cs.client.get(f"/servers/{server.id}/os-instance-actions")
    assert "reboot" in [a["action"] for a in body["instanceActions"]]
    assert status(cs, server) == "ACTIVE"


def test_lock_with_reason_and_unlock(compute, cs, server):
    compute("lock", "--reason", "maintenance window", server.name)
    info = cs.servers.get(server.id)._info
    assert info["locked"] is True and info["locked_reason"] == "maintenance window"
    compute("unlock", server.name)
    assert cs.servers.get(server.id)._info["locked"] is False


def test_lock_reason_needs_2_73(compute, server):
    result = compute("--os-compute-api-version", "2.72", "lock", "--reason", "x", server.name,
                     ok=False)
    assert result.returncode == 1
    assert "--reason needs microversion >= 2.73; this session speaks 2.72" in result.stderr


def test_shelve_offload_unshelve(compute, cs, server):
    compute("shelve", "--wait", server.name)
    assert status(cs, server) in ("SHELVED", "SHELVED_OFFLOADED")
    if status(cs, server) == "SHELVED":
        compute("shelve-offload", "--wait", server.name)
    assert status(cs, server) == "SHELVED_OFFLOADED"
    compute("unshelve", "--host", "compute1", "--wait", server.name)
    assert status(cs, server) == "ACTIVE"
    assert host_of(cs, server) == "compute1"


def test_rescue_and_unrescue(compute, cs, server):
    result = compute("rescue", "--password", "Rescue-Pass-1", server.name)
    assert "Rescue-Pass-1" not in result.stdout + result.stderr
    polling.wait_for_server(cs.servers, server.id, ["RESCUE"], "rescue")
    compute("unrescue", "--wait", server.name)
    assert status(cs, server) == "ACTIVE"


def test_reset_state(compute, cs, server):
    compute("reset-state", server.name)
    assert status(cs, server) == "ERROR"
    compute("reset-state", "--active", server.name)
    assert status(cs, server) == "ACTIVE"


def test_rebuild_with_new_name_and_metadata(compute, cs, server):
    rebuilt = json.loads(compute("rebuild", server.name, "ubuntu-24.04", "--name",
                                 "actions-vm-rebuilt", "--meta", "role=web",
                                 "--description", "rebuilt", "--wait", "-f", "json").stdout)
    assert rebuilt["status"] == "ACTIVE" and rebuilt["name"] == "actions-vm-rebuilt"
    held = cs.servers.get(server.id)
    assert held.image["id"] == cs.glance.find_image("ubuntu-24.04").id
    assert held.metadata == {"role": "web"} and held.description == "rebuilt"
    compute("update", server.id, "--name", "actions-vm")
    server.name = "actions-vm"


def test_resize_confirm_and_revert(compute, cs, server):
    compute("resize", "--wait", server.name, "m1.small")
    assert status(cs, server) == "VERIFY_RESIZE"
    compute("resize-confirm", "--wait", server.name)
    assert cs.servers.get(server.id).flavor["original_name"] == "m1.small"
    compute("resize", "--wait", server.name, "m1.tiny")
    compute("resize-revert", "--wait", server.name)
    assert cs.servers.get(server.id).flavor["original_name"] == "m1.small"


def test_cold_migrate_moves_host(compute, cs, server):
    before = host_of(cs, server)
    target = "compute2" if before == "compute1" else "compute1"
    compute("migrate", "--host", target, "--wait", server.name)
    compute("resize-confirm", "--wait", server.name)
    assert host_of(cs, server) == target


def test_live_migration_moves_host(compute, cs, server):
    before = host_of(cs, server)
    target = "compute2" if before == "compute1" else "compute1"
    compute("live-migration", "--wait", server.name, target)
    polling.wait_for(lambda: cs.servers.get(server.id), ["ACTIVE"], "live migration")
    assert host_of(cs, server) == target


def test_image_create_and_backup(compute, cs, server):
    image = json.loads(compute("image-create", server.name, "actions-snap", "--metadata",
                               "purpose=test", "--wait", "-f", "json").stdout)
    assert image["status"] == "active" and image["name"] == "actions-snap"
    assert cs.glance.find_image("actions-snap").id == image["id"]
    backup = json.loads(compute("backup", server.name, "actions-backup", "daily", "1",
                                "-f", "json").stdout)
    assert cs.glance.get(backup["id"]).name == "actions-backup"


def test_update_description_and_unpin_zone(compute, cs, server):
    compute("update", server.name, "--description", "web tier")
    assert cs.servers.get(server.id).description == "web tier"
    compute("update", server.name, "--unpin-availability-zone")
    assert cs.servers.get(server.id)._info["pinned_availability_zone"] is None


def test_trigger_crash_dump_and_restore_errors_are_clear(compute, cs, server):
    compute("trigger-crash-dump", server.name)
    _, body = cs.client.get(f"/servers/{server.id}/os-instance-actions")
    assert "trigger_crash_dump" in [a["action"] for a in body["instanceActions"]]
    old = compute("--os-compute-api-version", "2.16", "trigger-crash-dump", server.name, ok=False)
    assert old.returncode == 1 and "needs microversion >= 2.17" in old.stderr
    restore = compute("restore", server.name, ok=False)
    assert restore.returncode == 1
    assert restore.stderr.startswith("ERROR (CommandError): Unable to restore actions-vm: ")
    assert "(HTTP 409)" in restore.stderr


def test_several_servers_report_each_failure(compute):
    result = compute("stop", "no-such-a", "no-such-b", ok=False)
    assert result.returncode == 1
    assert "no-such-a: No server" in result.stderr and "no-such-b: No server" in result.stderr


def test_evacuate_from_a_forced_down_host(tmp_path):
    """Evacuation leaves its host forced down until nova-compute restarts, so it
    gets a sandbox of its own instead of spoiling the shared one."""
    import os
    import subprocess
    import sys

    from computeclient_sandbox import Sandbox

    with Sandbox(state_dir=tmp_path / "sbx") as sandbox:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(sandbox.env(), XDG_CACHE_HOME=str(tmp_path))

        def compute(*args):
            result = subprocess.run([sys.executable, "-m", "computeclient", *args], env=env,
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, (args, result.stderr)
            return result

        cs = sandbox.client()
        booted = json.loads(compute("boot", "--flavor", "m1.tiny", "--image", "cirros",
                                    "--nic", "none", "--wait", "evac-vm", "-f", "json").stdout)
        source = booted["OS-EXT-SRV-ATTR:host"]
        target = "compute2" if source == "compute1" else "compute1"
        _, body = cs.client.get(f"/os-services?host={source}&binary=nova-compute")
        cs.client.put(f"/os-services/{body['services'][0]['id']}", body={"forced_down": True})
        compute("evacuate", "--wait", "evac-vm", target)
        held = cs.servers.get(booted["id"])
        assert held._info["OS-EXT-SRV-ATTR:host"] == target
        assert held.status == "SHUTOFF"  # 2.95+: an evacuated server stays stopped


def test_reset_network_says_nova_removed_it(compute, server):
    result = compute("reset-network", server.name, ok=False)
    assert result.returncode == 1
    assert result.stderr == ("ERROR (CommandError): Nova removed the reset-network action "
                             "(HTTP 410 from this server); use interface-detach and "
                             "interface-attach instead\n")
