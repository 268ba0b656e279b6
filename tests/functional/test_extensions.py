"""Extensions on real Nova: a contrib drop-in, an entry-point package, a broken
one, the library door, and the shipped host-wide operations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import computeclient.v2.contrib as contrib_package
from computeclient import client, extension

EXTENSION_SOURCE = textwrap.dedent('''
    """A test extension: a manager and a command over real Nova."""
    from computeclient import base
    from computeclient.cliutils import arg
    from computeclient.output import Listing

    SEEN = []

    class {cls}(base.Manager):
        def flavor_names(self):
            _, body = self.client.get("/flavors")
            return sorted(f["name"] for f in body["flavors"])

    def __pre_parse_args__():
        SEEN.append("pre")

    def __post_parse_args__(args):
        SEEN.append("post")

    @arg("--prefix", default="", help="Only names with this prefix.")
    def do_{command}(cs, args):
        """List flavor names through the extension's manager."""
        names = [n for n in cs.{name}.flavor_names() if n.startswith(args.prefix)]
        return Listing(["Name", "Hooks"], [[n, ",".join(SEEN)] for n in names])
''')


def cli(sandbox, *args, pythonpath=None, tmp_path=None, drop_ins=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(sandbox.env(), XDG_CACHE_HOME=str(tmp_path))
    if drop_ins:
        env[extension.PATH_VARIABLE] = str(drop_ins)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "computeclient", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def dropped_in(tmp_path):
    """A drop-in module in a directory of its own, for the extension path."""
    directory = tmp_path / "drop-ins"
    directory.mkdir()
    path = directory / "zz_test_dropin.py"
    path.write_text(EXTENSION_SOURCE.format(cls="DropinManager", command="dropin_flavors",
                                            name="zz_test_dropin"))
    return directory


def test_contrib_module_gives_command_manager_and_hooks(compute_sandbox, dropped_in, tmp_path):
    result = cli(compute_sandbox, "dropin-flavors", "--prefix", "m1.t", "-f", "json",
                 tmp_path=tmp_path, drop_ins=dropped_in)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["Name"] for r in rows] == ["m1.tiny", "m1.tiny.specs"]
    assert rows[0]["Hooks"] == "pre,post"
    listed = json.loads(cli(compute_sandbox, "list-extensions", "-f", "json",
                            tmp_path=tmp_path, drop_ins=dropped_in).stdout)
    mine = [e for e in listed if e["Name"] == "zz_test_dropin"]
    assert mine and mine[0]["Manager"] == "cs.zz_test_dropin"
    assert mine[0]["Commands"] == "dropin-flavors"


FIXTURE_PACKAGE = Path(__file__).resolve().parents[1] / "fixtures" / "ext_pkg"


@pytest.fixture(scope="module")
def installed_fixture(tmp_path_factory):
    """tests/fixtures/ext_pkg installed by pip (a real dist-info and entry point)
    into a directory of its own, so the shared venv is left untouched. Built with
    the venv's setuptools (no isolated build env): nothing is downloaded."""
    work = tmp_path_factory.mktemp("ext-pkg")
    shutil.copytree(FIXTURE_PACKAGE, work / "src")
    target = work / "site"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                             "--no-build-isolation", "--target", str(target),
                             str(work / "src")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert list(target.glob("computeclient_fixture_ext-1.0.dist-info/entry_points.txt"))
    return target


def test_entry_point_package_gives_command_manager_and_hooks(compute_sandbox, installed_fixture,
                                                             tmp_path):
    result = cli(compute_sandbox, "fixture-hypervisors", "--with-servers", "-f", "json",
                 pythonpath=installed_fixture, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["Hypervisor"]: r for r in json.loads(result.stdout)}
    held = {h.hypervisor_hostname: h for h in compute_sandbox.client().hypervisors.list()}
    assert set(rows) == set(held) == {"compute1", "compute2"}
    assert all(r["Hooks"] == "pre post:with-servers" for r in rows.values())
    listed = json.loads(cli(compute_sandbox, "list-extensions", "-f", "json",
                            pythonpath=installed_fixture, tmp_path=tmp_path).stdout)
    mine = [e for e in listed if e["Name"] == "fixture_hosts"]
    assert mine == [{"Name": "fixture_hosts",
                     "Origin": "entry point computeclient_fixture_ext.hosts",
                     "Manager": "cs.fixture_hosts", "Commands": "fixture-hypervisors"}]


def test_entry_point_command_honours_version_bounds(compute_sandbox, installed_fixture,
                                                   tmp_path):
    old = cli(compute_sandbox, "--os-compute-api-version", "2.52", "fixture-hypervisors",
              "--with-servers", pythonpath=installed_fixture, tmp_path=tmp_path)
    assert old.returncode == 1
    assert old.stderr.endswith("--with-servers needs microversion >= 2.53; "
                               "this session speaks 2.52\n")
    plain = cli(compute_sandbox, "--os-compute-api-version", "2.52", "fixture-hypervisors",
                "--name", "compute2", "-f", "json", pythonpath=installed_fixture,
                tmp_path=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout) == [{"Hypervisor": "compute2", "Servers": "",
                                         "Hooks": "pre post:plain"}]
    help_text = cli(compute_sandbox, "help", "fixture-hypervisors",
                    pythonpath=installed_fixture, tmp_path=tmp_path).stdout
    assert "servers of each hypervisor. (microversion >= 2.53)" in " ".join(help_text.split())


def test_post_parse_hook_can_refuse_in_one_line(compute_sandbox, installed_fixture, tmp_path):
    result = cli(compute_sandbox, "fixture-hypervisors", "--name", "refuse-me",
                 pythonpath=installed_fixture, tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("ERROR (CommandError): fixture extension refused the name "
                             "'refuse-me'\n")


def test_broken_extension_warns_once_and_nothing_else_breaks(compute_sandbox, tmp_path):
    directory = tmp_path / "drop-ins"
    directory.mkdir()
    (directory / "zz_test_broken.py").write_text("import no_such_module_anywhere\n")
    result = cli(compute_sandbox, "flavor-list", "-f", "value", "-c", "Name",
                 tmp_path=tmp_path, drop_ins=directory)
    assert result.returncode == 0
    assert "m1.tiny" in result.stdout.split()
    assert result.stderr == ("WARNING: extension 'computeclient.v2.contrib.zz_test_broken' "
                             "was not loaded: ModuleNotFoundError: No module named "
                             "'no_such_module_anywhere'\n")


def test_broken_entry_point_warns_once_and_nothing_else_breaks(compute_sandbox, tmp_path):
    site = tmp_path / "site"
    dist = site / "broken_ext-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-ext\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[computeclient.extension]\nbroken = broken_ext_missing.module\n")
    result = cli(compute_sandbox, "host-meta", "--help", pythonpath=site, tmp_path=tmp_path)
    assert result.returncode == 0
    assert "usage: compute host-meta" in result.stdout
    assert result.stderr == ("WARNING: extension 'broken_ext_missing.module' was not loaded: "
                             "ModuleNotFoundError: No module named 'broken_ext_missing'\n")


def test_library_attaches_extension_managers(compute_sandbox, dropped_in, monkeypatch):
    monkeypatch.setenv(extension.PATH_VARIABLE, str(dropped_in))
    monkeypatch.setattr(contrib_package, "__path__", list(contrib_package.__path__))
    extension.reset()  # this process may have loaded extensions before the drop-in
    try:
        found = client.discover_extensions("2")
        names = [e.name for e in found]
        assert "zz_test_dropin" in names and "host_servers" in names
        cs = client.Client("2.latest", session=compute_sandbox.session(),
                           extensions=[e for e in found if e.name == "zz_test_dropin"])
        assert "m1.large" in cs.zz_test_dropin.flavor_names()
    finally:
        extension.reset()


# -- the shipped contrib: host-wide operations -----------------------------------

@pytest.fixture(scope="module")
def host_servers(compute, boot, cs):
    ids = []
    for index in range(2):
        booted = boot(f"host-vm{index}", "--host", "compute1")
        ids.append(booted["id"])
    yield ids
    compute("delete", "--wait", *ids, ok=False)


def _hosts(cs, ids):
    return {cs.servers.get(i)._info["OS-EXT-SRV-ATTR:host"] for i in ids}


def test_host_meta(compute, cs, host_servers):
    rows = json.loads(compute("host-meta", "compute1", "set", "rack=r1", "-f", "json").stdout)
    assert {r["Server UUID"] for r in rows} >= set(host_servers)
    assert all(cs.servers.get(i).metadata.get("rack") == "r1" for i in host_servers)
    compute("host-meta", "compute1", "delete", "rack")
    assert all("rack" not in cs.servers.get(i).metadata for i in host_servers)


def test_host_evacuate_live_and_servers_migrate(compute, cs, host_servers):
    from computeclient.v2 import polling

    rows = json.loads(compute("host-evacuate-live", "compute1", "--target-host", "compute2",
                              "-f", "json").stdout)
    assert all(r["Accepted"] for r in rows)
    for server_id in host_servers:
        polling.wait_for(lambda sid=server_id: cs.servers.get(sid), ["ACTIVE"], "live migration")
    assert _hosts(cs, host_servers) == {"compute2"}
    rows = json.loads(compute("host-servers-migrate", "compute2", "-f", "json").stdout)
    assert {r["Server UUID"] for r in rows} >= set(host_servers)
    for server_id in host_servers:
        polling.wait_for_server(cs.servers, server_id, ["VERIFY_RESIZE"], "migrate")
        cs.servers.confirm_resize(server_id)
        polling.wait_for_server(cs.servers, server_id, ["ACTIVE"], "confirm")
    assert _hosts(cs, host_servers) == {"compute1"}


def test_host_evacuate_strict_reports_refusals(compute, host_servers):
    # compute1 is up, so Nova refuses to evacuate from it: every row says why.
    result = compute("host-evacuate", "compute1", "--strict", ok=False)
    assert result.returncode == 1
    assert "False" in result.stdout and "is still in use. (HTTP 400)" in result.stdout
    assert result.stderr.startswith("ERROR (CommandError): ")


def test_host_evacuate_moves_servers_off_a_down_host(tmp_path):
    from computeclient_sandbox import Sandbox

    with Sandbox() as sandbox:
        cs = sandbox.client()
        booted = json.loads(cli(sandbox, "boot", "--flavor", "m1.tiny", "--image", "cirros",
                                "--nic", "none", "--host", "compute1", "--wait", "evac",
                                "-f", "json", tmp_path=tmp_path).stdout)
        _, body = cs.client.get("/os-services?host=compute1&binary=nova-compute")
        cs.client.put(f"/os-services/{body['services'][0]['id']}", body={"forced_down": True})
        result = cli(sandbox, "host-evacuate", "compute1", "--strict", "-f", "json",
                     tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)[0]["Accepted"] is True
        from computeclient.v2 import polling

        class Moved:  # the server keeps its status while it moves: watch its host
            def __init__(self, server):
                info = server._info
                self.status = ("MOVED" if info["OS-EXT-SRV-ATTR:host"] == "compute2"
                               and not info["OS-EXT-STS:task_state"] else server.status)

        polling.wait_for(lambda: Moved(cs.servers.get(booted["id"])), ["MOVED"], "evacuate",
                         timeout=120)
        assert cs.servers.get(booted["id"]).status == "SHUTOFF"  # 2.95+: stays stopped
