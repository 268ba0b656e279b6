"""What hangs off a server, on real Nova: metadata, tags, interfaces, volumes,
consoles, passwords, actions, diagnostics, topology, ssh, shares."""

from __future__ import annotations

import json
import uuid

import pytest

from computeclient.v2 import polling

NET_ID = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"  # the sandbox's "private" network
VOLUME = "227cc671-f30b-4488-96fd-7d0bf13648d8"  # a volume Nova's Cinder fixture knows
FAR_FROM = str(uuid.uuid4())  # a different_host hint Nova keeps and shows from 2.100


def _one_line_error(result, *fragments):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("ERROR (") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture(scope="module")
def server(compute, boot, cs):
    booted = boot("attach-vm", "--nic", "auto", "--hint", f"different_host={FAR_FROM}")
    yield cs.servers.get(booted["id"])
    compute("delete", "--wait", booted["id"], ok=False)


def test_meta_set_and_delete(compute, cs, server):
    shown = json.loads(compute("meta", server.name, "set", "a=1", "b=2", "-f", "json").stdout)
    assert shown == {"a": "1", "b": "2"}
    compute("meta", server.name, "delete", "a")
    assert cs.servers.get(server.id).metadata == {"b": "2"}
    missing = compute("meta", server.name, "delete", "nope", ok=False)
    assert missing.returncode == 1 and missing.stderr.startswith("ERROR (CommandError): No such")


def test_tags(compute, cs, server):
    compute("server-tag-add", server.name, "red", "blue")
    assert sorted(cs.servers.tag_list(server)) == ["blue", "red"]
    compute("server-tag-delete", server.name, "red")
    assert cs.servers.tag_list(server) == ["blue"]
    compute("server-tag-set", server.name, "green", "gold")
    assert compute("server-tag-list", server.name, "-f", "value").stdout.split() == [
        "gold", "green"]
    compute("server-tag-delete-all", server.name)
    assert cs.servers.tag_list(server) == []
    old = compute("--os-compute-api-version", "2.25", "server-tag-list", server.name, ok=False)
    assert old.stderr.startswith("ERROR (VersionNotAvailable): command 'server-tag-list' "
                                 "needs microversion >= 2.26")


def test_interfaces(compute, cs, server):
    attached = json.loads(compute("interface-attach", server.name, "--net-id", NET_ID,
                                  "--tag", "eth1", "-f", "json").stdout)
    ports = [i.port_id for i in cs.servers.interface_list(server)]
    assert attached["port_id"] in ports and len(ports) == 2
    listed = json.loads(compute("interface-list", server.name, "-f", "json").stdout)
    assert {row["Port ID"] for row in listed} == set(ports)
    compute("interface-detach", server.name, attached["port_id"])
    polling.wait_for(lambda: _ports(cs, server, attached["port_id"]), ["GONE"], "detach",
                     timeout=60)


class _Status:
    def __init__(self, status):
        self.status = status


def _ports(cs, server, port_id):
    ports = [i.port_id for i in cs.servers.interface_list(server)]
    return _Status("PRESENT" if port_id in ports else "GONE")


def test_volume_attach_list_detach(compute, cs, server):
    result = compute("volume-attach", server.name, VOLUME)
    assert "has been accepted" in result.stdout  # asynchronous from 2.101
    polling.wait_for(lambda: _Status("ATTACHED" if any(
        v.volumeId == VOLUME for v in cs.volumes.get_server_volumes(server.id)) else "NO"),
        ["ATTACHED"], "attach", timeout=60)
    listed = json.loads(compute("volume-attachments", server.name, "-f", "json").stdout)
    assert [row["Volume ID"] for row in listed] == [VOLUME]
    compute("volume-update", server.name, VOLUME, "--delete-on-termination", "true")
    assert cs.volumes.get_server_volume(server.id, VOLUME).delete_on_termination is True
    compute("volume-detach", server.name, VOLUME)
    polling.wait_for(lambda: _Status("ATTACHED" if any(
        v.volumeId == VOLUME for v in cs.volumes.get_server_volumes(server.id)) else "GONE"),
        ["GONE"], "detach", timeout=60)


SWAP_FROM = "a07f71dc-8151-4e7d-a0cc-cd24a3f11113"  # the Cinder fixture reports it "migrating"


def _volumes(cs, server):
    return [v.volumeId for v in cs.volumes.get_server_volumes(server.id)]


def test_volume_update_swaps_the_volume(compute, cs, server):
    swap_to = str(uuid.uuid4())  # any unknown ID is an "available" volume to the fixture
    # No --tag here: the fake driver keeps no device metadata, and Nova then
    # fails to detach a tagged volume (AttributeError in _delete_disk_metadata).
    compute("volume-attach", server.name, SWAP_FROM)
    polling.wait_for(lambda: _Status("IN" if SWAP_FROM in _volumes(cs, server) else "NO"),
                     ["IN"], "attach", timeout=60)
    compute("volume-update", server.name, SWAP_FROM, swap_to)
    polling.wait_for(lambda: _Status("SWAPPED" if _volumes(cs, server) == [swap_to] else "NO"),
                     ["SWAPPED"], "swap", timeout=60)
    compute("volume-detach", server.name, swap_to)
    polling.wait_for(lambda: _Status("GONE" if not _volumes(cs, server) else "NO"),
                     ["GONE"], "detach", timeout=60)


def test_secgroup_errors_stay_one_line(compute, cs, server):
    # The sandbox's Neutron is Nova's test fixture, which cannot look up a
    # server's groups: Nova answers 500 to all three. The bodies are pinned
    # in tests/unit/test_server_attachments.py; here: Nova got the request
    # (not a 4xx from our side) and the error is one line.
    for command in (("list-secgroup", server.name), ("add-secgroup", server.name, "default"),
                    ("remove-secgroup", server.name, "default")):
        _one_line_error(compute(*command, ok=False), "(HTTP 500)")
    assert cs.servers.get(server.id).security_groups == [{"name": "default"}]


def test_console_log_and_vnc_console(compute, server):
    assert compute("console-log", server.name, "--length", "1").stdout == "LAST LINE\n"
    assert "FAKE CONSOLE OUTPUT" in compute("console-log", server.name).stdout
    vnc = json.loads(compute("get-vnc-console", server.name, "novnc", "-f", "json").stdout)
    assert vnc["Type"] == "novnc" and "token%3D" in vnc["Url"]
    rdp = compute("get-rdp-console", server.name, "rdp-html5", ok=False)
    assert rdp.returncode == 1 and rdp.stderr.startswith("ERROR (CommandError): No rdp-html5 "
                                                         "console for attach-vm")
    assert rdp.stderr.count("\n") == 1
    bad = compute("get-vnc-console", server.name, "spice-html5", ok=False)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    old_rdp = compute("--os-compute-api-version", "2.5", "get-rdp-console", server.name,
                      "rdp-html5", ok=False)  # the removed os-getRDPConsole action
    _one_line_error(old_rdp, "Nova no longer serves RDP consoles")


@pytest.mark.parametrize("prefix, command, console_type", [
    ((), "get-spice-console", "spice-html5"),
    ((), "get-spice-console", "spice-direct"),
    ((), "get-serial-console", "serial"),
    ((), "get-mks-console", "webmks"),
    (("--os-compute-api-version", "2.5"), "get-serial-console", "serial"),
])
def test_consoles_the_fake_driver_lacks(compute, server, prefix, command, console_type):
    """Nova got a well-formed request (it answers 400 "Unavailable console type"
    only after its schema accepted the body) and the error names the type."""
    result = compute(*prefix, command, server.name, console_type, ok=False)
    _one_line_error(result, f"No {console_type} console for attach-vm",
                    f"Unavailable console type {console_type}")


def test_console_versions_and_tokens(compute, server):
    old_mks = compute("--os-compute-api-version", "2.7", "get-mks-console", server.name,
                      ok=False)
    _one_line_error(old_mks, "needs microversion >= 2.8")
    old_direct = compute("--os-compute-api-version", "2.98", "get-spice-console", server.name,
                         "spice-direct", ok=False)
    _one_line_error(old_direct, "needs microversion >= 2.99")
    # The token the VNC console just handed out: Nova says what it connects to.
    url = json.loads(compute("get-vnc-console", server.name, "novnc", "-f", "json").stdout)["Url"]
    token = url.rsplit("token%3D", 1)[1]
    info = json.loads(compute("console-connect-info", token, "-f", "json").stdout)
    assert info["instance_uuid"] == server.id and info["port"] > 0 and "host" in info
    _one_line_error(compute("console-connect-info", "not-a-token", ok=False),
                    "NotFound", "Token not found")
    _one_line_error(compute("--os-compute-api-version", "2.30", "console-connect-info", token,
                            ok=False), "needs microversion >= 2.31")


def test_passwords(compute, cs, server):
    missing = compute("get-password", server.name, ok=False)
    assert missing.stderr == "ERROR (CommandError): Server attach-vm has no password set\n"
    set_ = compute("set-password", server.name, "--password", "N3w-Pass")
    assert "N3w-Pass" not in set_.stdout + set_.stderr
    no_tty = compute("set-password", server.name, ok=False)  # stdin is not a terminal
    _one_line_error(no_tty, "Give --password")
    _, body = cs.client.get(f"/servers/{server.id}/os-instance-actions")
    assert "changePassword" in [a["action"] for a in body["instanceActions"]]
    compute("clear-password", server.name)
    assert cs.servers.get_password(server) == ""


def test_instance_actions(compute, server):
    actions = json.loads(compute("instance-action-list", server.name, "-f", "json").stdout)
    create = [a for a in actions if a["Action"] == "create"]
    assert len(create) == 1
    shown = json.loads(compute("instance-action", server.name, create[0]["Request_ID"],
                               "-f", "json").stdout)
    assert shown["action"] == "create" and shown["events"]
    page = json.loads(compute("instance-action-list", server.name, "--limit", "1",
                              "-f", "json").stdout)
    assert len(page) == 1
    rest = json.loads(compute("instance-action-list", server.name, "--marker",
                              page[0]["Request_ID"], "-f", "json").stdout)
    assert [a["Request_ID"] for a in page + rest] == [a["Request_ID"] for a in actions]
    every = json.loads(compute("instance-action-list", server.name, "--limit", "-1",
                               "-f", "json").stdout)
    assert every == actions
    future = compute("instance-action-list", server.name, "--changes-since",
                     "2099-01-01T00:00:00Z", "-f", "json")
    assert json.loads(future.stdout) == []
    before = compute("instance-action-list", server.name, "--changes-before",
                     "2000-01-01T00:00:00Z", "-f", "json")
    assert json.loads(before.stdout) == []


def test_diagnostics_topology_refresh_network(compute, server):
    diag = json.loads(compute("diagnostics", server.name, "-f", "json").stdout)
    assert diag["state"] == "running" and diag["num_cpus"] >= 1
    topology = json.loads(compute("server-topology", server.name, "-f", "json").stdout)
    assert "nodes" in topology
    compute("refresh-network", server.name)


def test_ssh_dry_run(compute, cs, server):
    ip = cs.servers.get(server.id).networks["private"][0]
    command = compute("ssh", server.name, "--login", "cirros", "--port", "2222",
                      "-i", "/tmp/key", "--dry-run").stdout.strip()
    assert command == f"ssh -p 2222 -i /tmp/key cirros@{ip}"
    v6 = compute("ssh", server.name, "--ipv6", "--dry-run", ok=False)
    assert v6.returncode == 1 and "no fixed IPv6 address" in v6.stderr


def test_server_migrations_during_live_migration(compute, cs, server):
    source = cs.servers.get(server.id)._info["OS-EXT-SRV-ATTR:host"]
    target = "compute2" if source == "compute1" else "compute1"
    compute("live-migration", "--wait", server.name, target)
    assert compute("server-migration-list", server.name, "-f", "json").stdout.strip() == "[]"
    migration = [m for m in cs.migrations.list(instance_uuid=server.id)
                 if m.migration_type == "live-migration"][-1]
    assert migration.status == "completed" and migration.dest_compute == target
    # Finished migrations are no longer the server's in-progress ones.
    _one_line_error(compute("server-migration-show", server.name, str(migration.id), ok=False),
                    "(HTTP 404)")
    _one_line_error(compute("live-migration-abort", server.name, str(migration.id), ok=False),
                    "ERROR (Conflict): ", "(HTTP 409)")
    _one_line_error(compute("live-migration-force-complete", server.name, str(migration.id),
                            ok=False), "(HTTP 409)")
    _one_line_error(compute("--os-compute-api-version", "2.22", "server-migration-list",
                            server.name, ok=False), "needs microversion >= 2.23")


def test_shares_need_a_stopped_server(compute, server):
    shares = compute("server-share-list", server.name, "-f", "json")
    assert json.loads(shares.stdout) == []
    share = "e8debdc0-447a-4376-a10a-4cd9122d7986"
    _one_line_error(compute("server-share-create", server.name, share, ok=False),
                    "ERROR (Conflict): ", "create share", "vm_state active")
    _one_line_error(compute("server-share-show", server.name, share, ok=False),
                    "ERROR (NotFound): ", f"Share {share} could not be found")
    _one_line_error(compute("--os-compute-api-version", "2.96", "server-share-list",
                            server.name, ok=False), "needs microversion >= 2.97")


def test_show_image_properties_and_scheduler_hints(compute_sandbox, cs, server):
    shown = cs.servers.get(server.id)
    assert shown.image["properties"]["os_distro"] == "cirros"  # 2.98
    assert shown.scheduler_hints == {"different_host": [FAR_FROM]}  # 2.100
    older = compute_sandbox.client("2.97").servers.get(server.id)
    assert "properties" not in older.image and not hasattr(older, "scheduler_hints")


def test_metadata_items_replace_and_tag_check(cs, server):
    cs.servers.replace_meta(server, {"only": "this"})
    assert cs.servers.get_meta(server) == {"only": "this"}
    assert cs.servers.get_meta_item(server, "only") == {"only": "this"}
    cs.servers.set_meta_item(server, "two", "2")
    assert cs.servers.get_meta(server) == {"only": "this", "two": "2"}
    cs.servers.add_tag(server, "checked")
    assert cs.servers.has_tag(server, "checked") is True
    assert cs.servers.has_tag(server, "absent") is False
    port = cs.servers.interface_list(server)[0]
    assert cs.servers.interface_get(server, port.port_id).net_id == port.net_id
    assert "private" in cs.servers.ips(server)
    assert cs.servers.ips(server, "private")["private"][0]["version"] == 4
