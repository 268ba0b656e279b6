"""Safety against real Nova: names cannot reach other resources."""

import pytest

from computeclient import exceptions


def test_keypair_delete_cannot_reach_a_server(compute, boot, cs):
    server = boot("safety-traversal")
    result = compute("keypair-delete", f"../servers/{server['id']}", ok=False)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("ERROR ("), result.stderr
    assert "cannot be used as a name or ID in a request URL" in result.stderr
    assert cs.servers.get(server["id"]).status == "ACTIVE"
    compute("delete", server["id"])


def test_a_flavor_named_with_a_slash_is_found_by_name(compute, cs):
    import json

    compute("flavor-create", "gpu/a100", "auto", "64", "1", "1")
    try:
        shown = json.loads(compute("flavor-show", "gpu/a100", "-f", "json").stdout)
        assert shown["id"] == cs.flavors.find(name="gpu/a100").id
    finally:
        compute("flavor-delete", "gpu/a100", ok=False)


def test_a_dot_dot_name_is_refused(compute):
    result = compute("keypair-delete", "..", ok=False)
    assert result.returncode == 1
    assert result.stderr.strip() == ("ERROR (CommandError): Unable to delete ..: "
                                     "'..' cannot be used as a name or ID in a request URL")


def test_a_query_in_a_flavor_id_is_not_a_query(cs):
    flavor = cs.flavors.list()[0]
    with pytest.raises(exceptions.NotFound):
        cs.flavors.get(f"{flavor.id}?minimal=1")


@pytest.mark.parametrize("mode", ["token", "keystone"])
def test_sandbox_state_dir_and_logs_are_owner_only(request, mode):
    """The directory (0700) guards every file in it; the logs are 0600 themselves."""
    import os
    import stat

    sandbox = request.getfixturevalue(
        "compute_sandbox" if mode == "token" else "compute_sandbox_keystone")
    sandbox.client().flavors.list()  # something has been logged
    state_dir = sandbox.state_dir
    assert stat.S_IMODE(os.stat(state_dir).st_mode) == 0o700
    logs = sorted(state_dir.glob("*.log"))
    expected = {"server.log", "nova.log"} | ({"keystone.log"} if mode == "keystone" else set())
    assert {p.name for p in logs} >= expected
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in logs}
    assert set(modes.values()) == {"0o600"}, modes


@pytest.mark.parametrize("mode", ["token", "keystone"])
def test_debug_output_holds_no_secret(request, tmp_path, mode):
    """--debug shows bodies; the private key, adminPass and credentials are masked."""
    run = request.getfixturevalue("run_compute" if mode == "token" else "run_compute_keystone")
    sandbox = request.getfixturevalue(
        "compute_sandbox" if mode == "token" else "compute_sandbox_keystone")
    key_file = tmp_path / "key"
    added = run("--debug", "--os-compute-api-version", "2.91", "keypair-add",
                "--private-key-file", str(key_file), f"debug-{mode}")
    assert added.returncode == 0, added.stderr
    key_lines = [line for line in key_file.read_text().splitlines()
                 if line and not line.startswith("-----")]
    assert key_lines
    assert [line for line in key_lines if line in added.stderr] == []
    assert '"private_key": "***"' in added.stderr
    run("keypair-delete", f"debug-{mode}")

    booted = run("--debug", "boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic",
                 "none", "--admin-pass", "Chosen-Admin-Pass-9", f"debug-vm-{mode}")
    assert booted.returncode == 0, booted.stderr
    assert "Chosen-Admin-Pass-9" not in booted.stderr + booted.stdout
    assert '"adminPass": "***"' in booted.stderr
    secrets = [v for k, v in sandbox.env().items() if k in ("OS_PASSWORD", "OS_TOKEN")]
    assert secrets and [s for s in secrets if s in added.stderr + booted.stderr] == []
    run("delete", f"debug-vm-{mode}")


def test_yaml_output_reads_back_names_as_nova_holds_them(compute, cs):
    import yaml

    names = ["0x1F", "=", "<<", "yes", "1e3"]
    for name in names:
        compute("flavor-create", name, "auto", "64", "1", "1")
    try:
        listed = yaml.safe_load(compute("flavor-list", "--all", "-f", "yaml").stdout)
        assert {row["Name"] for row in listed} >= set(names)
        shown = yaml.safe_load(compute("flavor-show", "0x1F", "-f", "yaml").stdout)
        assert shown["name"] == "0x1F"
        assert shown["name"] == cs.flavors.find(name="0x1F").name
    finally:
        for name in names:
            compute("flavor-delete", name, ok=False)


def _boot_many(run, name, *counts, env=None):
    return run("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none",
               *counts, "--wait", "-f", "json", name, env=env)


def test_boot_many_waits_for_and_prints_every_server(run_compute, cs):
    import json

    result = _boot_many(run_compute, "multi", "--min-count", "2", "--max-count", "3")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    held = {s.id: s.status for s in cs.servers.list(search_opts={"name": "^multi-"})}
    try:
        assert len(rows) == 3 and result.stderr.count("Nova created") == 0
        assert held == {row["ID"]: "ACTIVE" for row in rows}
    finally:
        for server_id in held:
            cs.servers.delete(server_id)


def test_boot_many_over_quota_says_how_many_nova_created(run_compute, compute, cs):
    import json

    compute("quota-update", "--instances", "2", "multiquota")
    result = _boot_many(run_compute, "overq", "--max-count", "5",
                        env={"OS_TOKEN": "ops:multiquota"})
    held = {s.id: s.status for s in cs.servers.list(
        search_opts={"all_tenants": True, "project_id": "multiquota"})}
    try:
        assert result.returncode == 0, result.stderr
        assert "Nova created 2 of the 5 servers asked" in result.stderr
        assert held == {row["ID"]: "ACTIVE" for row in json.loads(result.stdout)}
        assert len(held) == 2
    finally:
        for server_id in held:
            cs.servers.delete(server_id)
        compute("quota-delete", "--tenant", "multiquota", ok=False)


def test_debug_hides_application_credential_secret_and_token(run_compute_keystone,
                                                             compute_sandbox_keystone):
    session = compute_sandbox_keystone.session("demo")
    created = session.post(
        f"{compute_sandbox_keystone.auth_url}/users/{session.get_user_id()}"
        f"/application_credentials",
        json={"application_credential": {"name": "computeclient-debug"}}).json()
    cred = created["application_credential"]
    no_password = {"OS_USERNAME": "", "OS_PASSWORD": "", "OS_PROJECT_NAME": "",
                   "OS_USER_DOMAIN_NAME": "", "OS_PROJECT_DOMAIN_NAME": ""}
    by_cred = run_compute_keystone("--debug", "--no-cache", "flavor-list", env={
        **no_password, "OS_AUTH_TYPE": "v3applicationcredential",
        "OS_APPLICATION_CREDENTIAL_ID": cred["id"],
        "OS_APPLICATION_CREDENTIAL_SECRET": cred["secret"]})
    assert by_cred.returncode == 0, by_cred.stderr
    assert "/flavors" in by_cred.stderr
    assert cred["secret"] not in by_cred.stderr + by_cred.stdout
    token = session.get_token()
    by_token = run_compute_keystone("--debug", "--no-cache", "flavor-list", env={
        **no_password, "OS_AUTH_TYPE": "v3token", "OS_TOKEN": token,
        "OS_PROJECT_ID": session.get_project_id()})
    assert by_token.returncode == 0, by_token.stderr
    assert "/flavors" in by_token.stderr
    assert token not in by_token.stderr + by_token.stdout
