"""One command on two real Novas named in one clouds.yaml (shell_fanout.py).

Two sandboxes of this file's own: the last test stops one of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from computeclient.v2 import polling
from computeclient_sandbox import Sandbox, control

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """{"a": Sandbox, "b": Sandbox}, each with one ACTIVE server, and a
    clouds.yaml naming both (their admin entries as clouds a and b)."""
    import yaml

    folder = tmp_path_factory.mktemp("fanout")
    with Sandbox() as a, Sandbox() as b:
        sandboxes = {"a": a, "b": b}
        for name, sandbox in sandboxes.items():
            cs = sandbox.client()
            server = cs.servers.create(f"vm-{name}", cs.glance.find_image("cirros"),
                                       cs.flavors.find(name="m1.tiny"), nics="none")
            polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], f"boot of vm-{name}")
        entries = {name: control.clouds(s.state)["sandbox-admin"]
                   for name, s in sandboxes.items()}
        path = folder / "clouds.yaml"
        path.write_text(yaml.safe_dump({"clouds": entries}))
        path.chmod(0o600)
        yield sandboxes, path


@pytest.fixture
def compute(two, tmp_path):
    _, path = two

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(OS_CLIENT_CONFIG_FILE=str(path), XDG_CACHE_HOME=str(tmp_path))
        return subprocess.run([sys.executable, "-m", "computeclient", *args], env=env,
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
    return run


def test_list_on_two_clouds_holds_both_clouds_servers(compute):
    result = compute("--os-cloud", "a", "--os-cloud", "b", "list", "-f", "json")
    assert (result.returncode, result.stderr) == (0, "")
    rows = json.loads(result.stdout)
    assert [(r["Cloud"], r["Name"]) for r in rows] == [("a", "vm-a"), ("b", "vm-b")]
    assert list(rows[0])[:2] == ["Cloud", "Region"] and rows[0]["Status"] == "ACTIVE"
    table = compute("--all-clouds", "flavor-list").stdout.splitlines()
    assert table[1].split("|")[1:3] == [" Cloud ", " Region "]
    assert {line.split("|")[1].strip() for line in table[3:-1]} == {"a", "b"}


def test_show_finds_the_server_where_it_is_and_says_where(compute):
    result = compute("--os-cloud", "*", "show", "vm-b", "-f", "json")
    assert (result.returncode, result.stderr) == (0, "")
    shown = json.loads(result.stdout)
    assert (shown["Cloud"], shown["name"]) == ("b", "vm-b")
    missing = compute("--os-cloud", "*", "show", "vm-nowhere")
    assert missing.returncode == 1 and missing.stdout == ""
    assert [line.split(": ")[1] for line in missing.stderr.splitlines()] == [
        "cloud 'a'", "cloud 'b'"]


def test_a_change_on_two_clouds_only_when_asked(compute, two, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    sandboxes, _ = two
    key = tmp_path / "key.pub"
    key.write_bytes(ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH))
    refused = compute("--all-clouds", "keypair-add", "--pub-key", str(key), "fan-key")
    assert refused.returncode == 1 and "--yes-all-targets" in refused.stderr
    for sandbox in sandboxes.values():
        assert "fan-key" not in [k.name for k in sandbox.client().keypairs.list()]
    done = compute("--all-clouds", "--yes-all-targets", "keypair-add", "--pub-key", str(key),
                   "fan-key")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-2:] == ["keypair-add: done in cloud 'a'",
                                             "keypair-add: done in cloud 'b'"]
    assert " fan-key " in done.stdout.splitlines()[3]  # the keys Nova holds, Cloud first
    for sandbox in sandboxes.values():
        assert "fan-key" in [k.name for k in sandbox.client().keypairs.list()]
    listed = compute("--all-clouds", "keypair-list", "-f", "value", "-c", "Cloud", "-c", "Name")
    assert listed.stdout.splitlines() == ["a fan-key", "b fan-key"]


def test_a_stopped_cloud_is_one_line_and_the_other_still_answers(compute, two):
    sandboxes, _ = two
    sandboxes["b"].stop()
    result = compute("--retries", "0", "--os-cloud", "a", "--os-cloud", "b", "list",
                     "-f", "value", "-c", "Cloud", "-c", "Name")
    assert result.returncode == 1
    assert result.stdout == "a vm-a\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ERROR (") and ": cloud 'b': " in lines[0]

