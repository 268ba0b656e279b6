"""The OpenStackClient plugin, through the real `openstack` command, against
the Keystone-mode sandbox (osc authenticates, the plugin reuses its session).
Every check compares what `openstack ... -f json` printed with what Nova
holds, read through computeclient's library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

pytest.importorskip("openstackclient", reason="python-openstackclient (test extra) missing")

OPENSTACK = str(Path(sys.executable).parent / "openstack")
GROUP = "openstack.computeclient.v2"


@pytest.fixture(scope="module")
def osc(compute_sandbox_keystone, tmp_path_factory):
    """osc(*args, ok=True) -> CompletedProcess of the real `openstack` command."""
    cache = str(tmp_path_factory.mktemp("osc-cache"))

    def run(*args, ok=True, user="admin"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(compute_sandbox_keystone.env(user=user), XDG_CACHE_HOME=cache)
        result = subprocess.run([OPENSTACK, *args], env=env, capture_output=True, text=True,
                                timeout=180, stdin=subprocess.DEVNULL)
        if ok:
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result
    return run


def osc_json(osc, *args):
    return json.loads(osc(*args, "-f", "json").stdout)


@pytest.fixture(scope="module")
def kcs(compute_sandbox_keystone):
    return compute_sandbox_keystone.client()


@pytest.fixture(scope="module")
def servers(run_compute_keystone, kcs):
    """Two servers on compute1."""
    ids = []
    for index in range(2):
        result = run_compute_keystone("boot", "--flavor", "m1.tiny", "--image", "cirros",
                                      "--nic", "none", "--host", "compute1", "--wait",
                                      f"osc-vm{index}", "-f", "json")
        assert result.returncode == 0, result.stderr
        ids.append(json.loads(result.stdout)["id"])
    yield ids
    run_compute_keystone("delete", "--wait", *ids)


def test_module_list_shows_the_plugin(osc):
    modules = osc_json(osc, "module", "list")
    assert modules["computeclient"] == metadata.version("computeclient")


def test_command_list_shows_every_registered_command(osc):
    groups = osc_json(osc, "command", "list", "--group", GROUP)
    listed = set(groups[0]["Commands"])
    registered = {ep.name.replace("_", " ") for ep in metadata.entry_points(group=GROUP)}
    assert listed == registered
    assert {"host evacuate", "host evacuate live", "server inspect"} <= listed


def test_version_show_negotiates_with_real_nova(osc, kcs):
    current = kcs.versions.get_current()
    shown = osc_json(osc, "computeclient", "version", "show")
    assert shown["server_max_version"] == current.version == "2.104"
    assert shown["negotiated_version"] == "2.104"
    pinned = osc_json(osc, "--os-computeclient-api-version", "2.60",
                      "computeclient", "version", "show")
    assert pinned["negotiated_version"] == "2.60"


def test_invalid_api_version_is_one_line_and_exit_1(osc):
    result = osc("--os-computeclient-api-version", "2.999", "computeclient", "version",
                 "show", ok=False)
    assert result.returncode == 1
    assert "'2.999' is not valid: use 2.latest, 2 or 2.1 to 2.104" in result.stderr
    assert "Traceback" not in result.stderr


def test_server_inspect_returns_nova_fields_past_the_sdk(osc, kcs, servers):
    shown = osc_json(osc, "server", "inspect", servers[0])
    held = kcs.servers.get(servers[0]).to_dict()
    assert shown["id"] == held["id"] and shown["name"] == "osc-vm0"
    assert shown["OS-EXT-SRV-ATTR:host"] == held["OS-EXT-SRV-ATTR:host"] == "compute1"
    assert shown["scheduler_hints"] == held["scheduler_hints"]  # 2.100
    assert "pinned_availability_zone" in shown and shown["microversion"] == "2.104"
    older = osc_json(osc, "--os-computeclient-api-version", "2.60",
                     "server", "inspect", "osc-vm0")
    assert "pinned_availability_zone" not in older and older["microversion"] == "2.60"


def test_server_availability_zone_set_and_unpin(osc, kcs, servers):
    shown = osc_json(osc, "server", "availability", "zone", "set", servers[1], "--zone", "nova")
    assert shown["pinned_availability_zone"] == "nova"
    assert kcs.servers.get(servers[1]).to_dict()["pinned_availability_zone"] == "nova"
    osc_json(osc, "server", "availability", "zone", "set", servers[1], "--unpin")
    assert kcs.servers.get(servers[1]).to_dict()["pinned_availability_zone"] is None
    refused = osc("--os-computeclient-api-version", "2.103", "server", "availability",
                  "zone", "set", servers[1], "--zone", "nova", ok=False)
    assert refused.returncode == 1 and "needs microversion >= 2.104" in refused.stderr


def test_server_topology_and_live_migrations_match_nova(osc, kcs, servers):
    topology = osc_json(osc, "server", "topology", "show", servers[0])
    held = kcs.servers.topology(servers[0])
    assert topology["server"] == servers[0]
    assert topology["nodes"] == held.get("nodes", [])
    assert topology["pagesize_kb"] == held.get("pagesize_kb")
    listed = osc_json(osc, "server", "live", "migration", "list", servers[0])
    assert listed == [m.to_dict() for m in kcs.server_migrations.list(servers[0])]
    missing = osc("server", "live", "migration", "show", servers[0], "4242", ok=False)
    assert missing.returncode == 1
    assert "In-progress live migration 4242 is not found" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_unknown_server_is_a_clear_error(osc):
    result = osc("server", "inspect", "no-such-server", ok=False)
    assert result.returncode == 1
    assert "No server with a name or ID of 'no-such-server' exists" in result.stderr


def test_host_meta_set_and_delete(osc, kcs, servers):
    rows = osc_json(osc, "host", "meta", "set", "compute1", "rack=r7", "row=2")
    assert {r["Server UUID"] for r in rows} >= set(servers)
    assert all(r["Accepted"] is True for r in rows)
    for server_id in servers:
        assert kcs.servers.get(server_id).metadata == {"rack": "r7", "row": "2"}
    osc_json(osc, "host", "meta", "delete", "compute1", "rack")
    for server_id in servers:
        assert kcs.servers.get(server_id).metadata == {"row": "2"}


def test_host_evacuate_strict_reports_nova_refusals(osc, servers):
    # compute1 is up: Nova refuses each evacuation and says why.
    result = osc("host", "evacuate", "compute1", "--strict", ok=False)
    assert result.returncode == 1
    assert "server(s) on compute1 were not accepted" in result.stderr
    assert "is still in use" in result.stderr


def test_host_evacuate_live_then_servers_migrate_move_servers(osc, kcs, servers):
    from computeclient.v2 import polling

    rows = osc_json(osc, "host", "evacuate", "live", "compute1", "--target-host", "compute2")
    accepted = {r["Server UUID"] for r in rows if r["Accepted"] is True}
    assert accepted >= set(servers)
    for server_id in servers:
        polling.wait_for_server(kcs.servers, server_id, ["ACTIVE"], "live migration")
    assert {kcs.servers.get(i).to_dict()["OS-EXT-SRV-ATTR:host"] for i in servers} == \
        {"compute2"}
    rows = osc_json(osc, "host", "servers", "migrate", "compute2")
    assert {r["Server UUID"] for r in rows if r["Accepted"] is True} >= set(servers)
    for server_id in servers:
        polling.wait_for_server(kcs.servers, server_id, ["VERIFY_RESIZE"], "migrate")
        kcs.servers.confirm_resize(server_id)
        polling.wait_for_server(kcs.servers, server_id, ["ACTIVE"], "confirm")
    assert {kcs.servers.get(i).to_dict()["OS-EXT-SRV-ATTR:host"] for i in servers} == \
        {"compute1"}


def test_sandbox_status_without_credentials(osc, compute_sandbox_keystone):
    shown = osc_json(osc, "sandbox", "status", "--state-dir",
                     str(compute_sandbox_keystone.state_dir))
    assert shown["status"] == "running" and shown["mode"] == "keystone"
    assert shown["endpoint"] == compute_sandbox_keystone.endpoint
    assert shown["auth_url"] == compute_sandbox_keystone.auth_url


def test_host_evacuate_works_without_the_contrib_module(compute_sandbox_keystone, servers,
                                                        tmp_path):
    """With contrib/host_servers.py made unimportable in the `openstack`
    process (a sitecustomize refuses it; the editable install's finder would
    win over a copy of the package on PYTHONPATH), the plugin's host commands
    stand on the library alone."""
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'computeclient.v2.contrib.host_servers':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Refuse())\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(compute_sandbox_keystone.env(), XDG_CACHE_HOME=str(tmp_path),
               PYTHONPATH=str(tmp_path))
    probe = subprocess.run([sys.executable, "-c", "import computeclient.v2.contrib.host_servers"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert "ModuleNotFoundError" in probe.stderr
    result = subprocess.run([OPENSTACK, "host", "evacuate", "compute1", "-f", "json"],
                            env=env, capture_output=True, text=True, timeout=180,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    rows = {r["Server UUID"]: r for r in json.loads(result.stdout)}
    assert set(servers) <= set(rows)
    # compute1 is up, so Nova refuses each server; the report says why per server.
    assert all(rows[s]["Accepted"] is False and "is still in use" in rows[s]["Error Message"]
               for s in servers)
