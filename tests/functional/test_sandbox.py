"""`compute sandbox` itself: up/env/status/down in both modes, errors, and the
real API it serves (a server booted to ACTIVE and deleted with plain requests)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time

import pytest
import requests

from computeclient_sandbox import state as state_mod


def sandbox_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "computeclient", "sandbox", *args],
                          capture_output=True, text=True, env=full_env, timeout=300)


def exported(env_output: str) -> dict[str, str]:
    found = {}
    for line in env_output.splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            found[name] = shlex.split(value)[0]
    return found


def boot_and_delete(endpoint: str, headers: dict) -> None:
    """The whole life of a server through Nova's API with plain requests."""
    headers = dict(headers, **{"OpenStack-API-Version": "compute 2.104"})
    body = {"server": {"name": "raw-vm", "flavorRef": "1", "networks": "none",
                       "imageRef": "c1f0a3e2-5b7d-4f8e-9a61-0d2b3c4e5f60"}}
    created = requests.post(f"{endpoint}/servers", json=body, headers=headers, timeout=30)
    assert created.status_code == 202, created.text
    server_id = created.json()["server"]["id"]
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline and status != "ACTIVE":
        status = requests.get(f"{endpoint}/servers/{server_id}", headers=headers,
                              timeout=30).json()["server"]["status"]
        time.sleep(0.3)
    assert status == "ACTIVE"
    assert requests.delete(f"{endpoint}/servers/{server_id}", headers=headers,
                           timeout=30).status_code == 204
    while time.monotonic() < deadline:
        if requests.get(f"{endpoint}/servers/{server_id}", headers=headers,
                        timeout=30).status_code == 404:
            return
        time.sleep(0.3)
    pytest.fail("the server was not deleted within 60 s")


def test_lifecycle_in_token_mode(tmp_path):
    state_dir = str(tmp_path / "sb")
    port = str(state_mod.free_port())
    up = sandbox_cli("up", "--servers", "5", "--port", port, "--state-dir", state_dir)
    try:  # a failed fill leaves the sandbox running on purpose: stop it either way
        assert up.returncode == 0, up.stderr
        assert f"http://127.0.0.1:{port}/v2.1" in up.stdout
        filled = requests.get(f"http://127.0.0.1:{port}/v2.1/servers/detail",
                              headers={"X-Auth-Token": "admin:admin"}, timeout=60).json()
        hosts = sorted((s["name"], s["status"], s["OS-EXT-SRV-ATTR:host"])
                       for s in filled["servers"])
        assert [h[:2] for h in hosts] == [(f"sandbox-server-{i}", "ACTIVE") for i in range(1, 6)]
        assert sorted(h[2] for h in hosts) == ["compute1"] * 3 + ["compute2"] * 2
        status = sandbox_cli("status", "--state-dir", state_dir)
        assert status.returncode == 0 and "running" in status.stdout and "token" in status.stdout

        again = sandbox_cli("up", "--port", port, "--state-dir", state_dir)
        assert again.returncode == 1
        assert again.stderr.startswith("ERROR: A sandbox already runs from")
        busy = sandbox_cli("up", "--port", port, "--state-dir", str(tmp_path / "other"))
        assert busy.returncode == 1
        assert busy.stderr == (f"ERROR: Port {port} on 127.0.0.1 is already in use; "
                               f"choose another with --port\n")

        env = exported(sandbox_cli("env", "--state-dir", state_dir).stdout)
        assert env["OS_TOKEN"] == "admin:admin" and env["OS_AUTH_TYPE"] == "admin_token"
        demo = exported(sandbox_cli("env", "--user", "demo", "--state-dir", state_dir).stdout)
        assert demo["OS_TOKEN"] == "demo:demo"
        listed = subprocess.run([sys.executable, "-m", "computeclient", "flavor-list", "-f",
                                 "value", "-c", "Name"], env={**os.environ, **env},
                                capture_output=True, text=True, timeout=60)
        assert "m1.tiny" in listed.stdout.split()

        endpoint = env["OS_ENDPOINT"]
        boot_and_delete(endpoint, {"X-Auth-Token": "admin:admin"})
    finally:
        down = sandbox_cli("down", "--state-dir", state_dir)
    assert down.returncode == 0 and "stopped; state removed" in down.stdout
    assert not os.path.exists(state_dir)
    assert sandbox_cli("status", "--state-dir", state_dir).returncode == 3
    none_env = sandbox_cli("env", "--state-dir", state_dir)
    assert none_env.returncode == 1 and none_env.stderr.startswith("ERROR: No sandbox is running")
    assert "nothing to stop" in sandbox_cli("down", "--state-dir", state_dir).stdout
    assert not state_mod.port_in_use(int(port))


@pytest.mark.slow
def test_lifecycle_in_keystone_mode(tmp_path):
    state_dir = str(tmp_path / "sbk")
    port = str(state_mod.free_port())
    keystone_port = str(state_mod.free_port())
    up = sandbox_cli("up", "--keystone", "--port", port, "--keystone-port", keystone_port,
                     "--state-dir", state_dir)
    assert up.returncode == 0, up.stderr
    try:
        status = sandbox_cli("status", "--state-dir", state_dir)
        assert "keystone" in status.stdout
        assert f"http://127.0.0.1:{keystone_port}/v3" in status.stdout  # the port asked
        env = exported(sandbox_cli("env", "--state-dir", state_dir).stdout)
        assert env["OS_AUTH_URL"].endswith("/v3") and env["OS_USERNAME"] == "admin"
        listed = subprocess.run([sys.executable, "-m", "computeclient", "list"],
                                env={**os.environ, **env}, capture_output=True, text=True,
                                timeout=60)
        assert listed.returncode == 0, listed.stderr
        unset = sandbox_cli("env", "--state-dir", state_dir).stdout.splitlines()[0]
        assert unset.startswith("unset ") and "OS_TOKEN" in unset
    finally:
        assert sandbox_cli("down", "--state-dir", state_dir).returncode == 0
    assert not state_mod.port_in_use(int(port))


def test_token_auth_rejects_and_does_not_trust_identity_headers(compute_sandbox):
    endpoint = compute_sandbox.endpoint
    missing = requests.get(f"{endpoint}/servers", timeout=30)
    assert missing.status_code == 401
    spoofed = requests.get(f"{endpoint}/os-hypervisors", timeout=30, headers={
        "X-Auth-Token": "demo:demo", "X-Roles": "admin", "X-User-Id": "admin"})
    assert spoofed.status_code == 403


def test_image_and_network_endpoints(compute_sandbox):
    headers = {"X-Auth-Token": "demo:demo"}
    images = requests.get(f"{compute_sandbox.image_endpoint}/v2/images", params={
        "name": "cirros"}, headers=headers, timeout=30).json()["images"]
    assert [i["name"] for i in images] == ["cirros"] and images[0]["status"] == "active"
    one = requests.get(f"{compute_sandbox.image_endpoint}/v2/images/{images[0]['id']}",
                       headers=headers, timeout=30)
    assert one.json()["disk_format"] == "qcow2"
    page = requests.get(f"{compute_sandbox.image_endpoint}/v2/images", params={"limit": 2},
                        headers=headers, timeout=30).json()
    assert len(page["images"]) == 2 and "marker=" in page["next"]
    nets = requests.get(f"{compute_sandbox.network_endpoint}/v2.0/networks",
                        params={"name": "private"}, headers=headers, timeout=30).json()
    assert len(nets["networks"]) == 1
    assert requests.get(f"{compute_sandbox.network_endpoint}/v2.0/networks",
                        timeout=30).status_code == 401


@pytest.mark.slow
def test_keystone_token_boots_a_server(compute_sandbox_keystone):
    sess = compute_sandbox_keystone.session()
    endpoint = sess.get_endpoint(service_type="compute", interface="public")
    boot_and_delete(endpoint, {"X-Auth-Token": sess.get_token()})
    bad = requests.get(f"{endpoint}/servers", headers={"X-Auth-Token": "admin:admin"},
                       timeout=30)
    assert bad.status_code == 401


@pytest.mark.slow
def test_demo_user_is_not_admin_in_keystone(compute_sandbox_keystone):
    cs = compute_sandbox_keystone.client(user="demo")
    from computeclient import exceptions
    with pytest.raises(exceptions.Forbidden):
        cs.servers.list(search_opts={"all_tenants": True})
    assert cs.servers.list() == []


def test_os_test_timeout_in_the_environment_does_not_end_the_sandbox(tmp_path):
    """Nova's test base stops a test after OS_TEST_TIMEOUT seconds; a user's
    test run may set it, and the sandbox's Nova (built on that base) must live on."""
    state_dir = str(tmp_path / "sb")
    port = str(state_mod.free_port())
    up = sandbox_cli("up", "--port", port, "--state-dir", state_dir,
                     env={"OS_TEST_TIMEOUT": "2"})
    try:
        assert up.returncode == 0, up.stderr
        time.sleep(4)
        answer = requests.get(f"http://127.0.0.1:{port}/v2.1/flavors",
                              headers={"X-Auth-Token": "admin:admin"}, timeout=30)
        assert answer.status_code == 200
        assert sandbox_cli("status", "--state-dir", state_dir).returncode == 0
    finally:
        sandbox_cli("down", "--state-dir", state_dir)


def test_the_pytest_fixture_shows_users_no_deprecation_warning(tmp_path):
    (tmp_path / "test_mine.py").write_text(
        "def test_mine(compute_sandbox):\n"
        "    assert compute_sandbox.client().flavors.list()\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-W", "error::DeprecationWarning", "test_mine.py"],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed" in done.stdout and "warning" not in done.stdout
