"""`--all-regions` on a real two-region Keystone sandbox: a Nova of its own per region.

One Sandbox(keystone=True, regions=2) for this file: each region's Nova holds
its own seed server, aggregate, keypair, server group and cold migration,
made through that region's endpoint, so every row can be traced to the
Nova it came from. The last test stops RegionTwo's Nova.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Callable

import pytest

from computeclient.v2 import polling
from computeclient_sandbox import Sandbox, control

pytestmark = pytest.mark.slow

REGIONS = ("RegionOne", "RegionTwo")
#: Two clouds.yaml entries for the sandbox's admin: with --all-regions, four targets.
CLOUDS = ("east", "west")


def _ssh_public_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def _seed(cs: Any, region: str) -> dict[str, Any]:
    """What this region's Nova alone holds, by name and ID."""
    server = cs.servers.create(f"seed-{region}", cs.glance.find_image("cirros"),
                               cs.flavors.find(name="m1.tiny"), nics="none",
                               availability_zone="nova:compute1")
    polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], f"boot of seed-{region}")
    cs.servers.migrate(server, host="compute2")  # for migration-list
    polling.wait_for_server(cs.servers, server.id, ["VERIFY_RESIZE"], f"migrate in {region}")
    cs.servers.confirm_resize(server)
    polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], f"confirm in {region}")
    cs.aggregates.create(f"agg-{region}")
    cs.keypairs.create(f"key-{region}", public_key=_ssh_public_key())
    cs.server_groups.create(f"group-{region}", "affinity")
    return {"server": server.id, "project": cs.client.session.get_project_id(),
            "hypervisors": sorted(str(h.id) for h in cs.hypervisors.list()),
            "services": sorted(str(s.id) for s in cs.services.list())}


@pytest.fixture(scope="module")
def regional(tmp_path_factory):
    """(Sandbox, {region: what its Nova alone holds}, clouds.yaml naming it twice)."""
    import yaml

    with Sandbox(keystone=True, regions=2) as sandbox:
        held = {region: _seed(sandbox.client(region=region), region) for region in REGIONS}
        entry = control.clouds(sandbox.state)["sandbox-admin"]
        path = tmp_path_factory.mktemp("regions") / "clouds.yaml"
        path.write_text(yaml.safe_dump({"clouds": {name: entry for name in CLOUDS}}))
        path.chmod(0o600)
        yield sandbox, held, path


@pytest.fixture
def compute(regional, tmp_path) -> Callable[..., subprocess.CompletedProcess]:
    """compute(*args, clouds=False): the CLI with the sandbox's OS_* variables
    (no OS_REGION_NAME), or with only the two-cloud clouds.yaml."""
    sandbox, _, path = regional

    def run(*args: str, clouds: bool = False) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update({"OS_CLIENT_CONFIG_FILE": str(path)} if clouds else sandbox.env())
        env.pop("OS_REGION_NAME", None)
        env["XDG_CACHE_HOME"] = str(tmp_path)
        return subprocess.run([sys.executable, "-m", "computeclient", *args], env=env,
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
    return run


def _json(result: subprocess.CompletedProcess) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_region_has_a_nova_of_its_own(regional):
    sandbox, held, _ = regional
    session = sandbox.session()
    endpoints = session.auth.get_access(session).service_catalog.get_endpoints(
        service_type="compute", interface="public")["compute"]
    urls = {e["region_id"]: e["url"] for e in endpoints}
    assert sorted(urls) == list(REGIONS) and urls["RegionOne"] == sandbox.endpoint
    assert urls["RegionTwo"] == sandbox.state["more_regions"][0]["endpoint"] != sandbox.endpoint
    assert held["RegionOne"]["hypervisors"] != held["RegionTwo"]["hypervisors"]
    assert [s.name for s in sandbox.client(region="RegionTwo").servers.list()] == [
        "seed-RegionTwo"]


def test_a_server_booted_in_region_two_is_listed_in_region_two_only(compute):
    booted = compute("--os-region-name", "RegionTwo", "boot", "--image", "cirros", "--flavor",
                     "m1.tiny", "--nic", "none", "--wait", "-f", "json", "vm-in-two")
    server = _json(booted)
    try:
        rows = _json(compute("--all-regions", "list", "-f", "json"))
        assert list(rows[0])[:2] == ["Cloud", "Region"]
        assert sorted((r["Region"], r["Name"]) for r in rows) == [
            ("RegionOne", "seed-RegionOne"), ("RegionTwo", "seed-RegionTwo"),
            ("RegionTwo", "vm-in-two")]
        assert [r["ID"] for r in rows if r["Name"] == "vm-in-two"] == [server["id"]]
        assert {r["Cloud"] for r in rows} == {""}  # the options' cloud, not clouds.yaml's
    finally:
        compute("--os-region-name", "RegionTwo", "delete", "--wait", server["id"])


@pytest.mark.parametrize("region", REGIONS)
def test_show_finds_the_server_in_its_region_and_says_where(compute, regional, region):
    _, held, _ = regional
    result = compute("--all-regions", "show", f"seed-{region}", "-f", "json")
    shown = _json(result)
    assert (shown["Region"], shown["id"]) == (region, held[region]["server"])
    assert result.stderr == ""  # the region without it is no failure
    missing = compute("--all-regions", "show", "nowhere")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert [line.split(": ")[1] for line in missing.stderr.splitlines()] == [
        f"the cloud of the options region '{r}'" for r in REGIONS]


#: command -> (the column that tells one region's Nova from the other's, and
#: what that Nova alone holds there; None: a column alike in every region).
BY_COMMAND: dict[str, tuple[str, Callable[[dict, str], Any] | None]] = {
    "list": ("Name", lambda held, region: {f"seed-{region}"}),
    "aggregate-list": ("Name", lambda held, region: {f"agg-{region}"}),
    "keypair-list": ("Name", lambda held, region: {f"key-{region}"}),
    "server-group-list": ("Name", lambda held, region: {f"group-{region}"}),
    "migration-list": ("Instance UUID", lambda held, region: {held[region]["server"]}),
    "hypervisor-list": ("ID", lambda held, region: set(held[region]["hypervisors"])),
    "service-list": ("Id", lambda held, region: set(held[region]["services"])),
    "usage-list": ("Tenant ID", lambda held, region: {held[region]["project"]}),
    "flavor-list": ("Name", None),
    "availability-zone-list": ("Name", None),  # its Status holds each Nova's heartbeats
}


@pytest.mark.parametrize("command", list(BY_COMMAND))
def test_each_list_command_on_two_clouds_and_two_regions(compute, regional, command):
    """--os-cloud east --os-cloud west --all-regions: four targets, each with
    its own rows, Cloud and Region first, in the order of the targets."""
    _, held, _ = regional
    result = compute("--os-cloud", "east", "--os-cloud", "west", "--all-regions", command,
                     "-f", "json", clouds=True)
    rows = _json(result)
    assert rows and all(list(row)[:2] == ["Cloud", "Region"] for row in rows)
    targets = [(cloud, region) for cloud in CLOUDS for region in REGIONS]
    order = list(dict.fromkeys((r["Cloud"], r["Region"]) for r in rows))
    assert order == targets  # every target answered, its rows together, in order
    column, alone = BY_COMMAND[command]
    per_target = {t: [str(r[column]) for r in rows if (r["Cloud"], r["Region"]) == t]
                  for t in targets}
    for (cloud, region), own in per_target.items():
        if alone is None:
            assert own == per_target[targets[0]], (cloud, region)
        else:
            assert set(own) == alone(held, region), (cloud, region)


def test_a_stopped_region_is_one_line_and_the_other_still_answers(compute, regional, capsys):
    from computeclient_sandbox import cli
    from computeclient_sandbox import state as state_mod

    sandbox, _, _ = regional
    two = sandbox.state["more_regions"][0]
    state_mod.stop_pid(two["pid"], started=two["pid_started"])
    result = compute("--retries", "0", "--all-regions", "list", "-f", "value",
                     "-c", "Region", "-c", "Name")
    assert result.returncode == 1
    assert result.stdout == "RegionOne seed-RegionOne\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ERROR (")
    assert ": the cloud of the options region 'RegionTwo': " in lines[0]
    assert cli.main(["status", "--state-dir", str(sandbox.state_dir)]) == 0
    assert f"  region:   RegionTwo {two['endpoint']} (pid {two['pid']}, not running)" in (
        capsys.readouterr().out.splitlines())
