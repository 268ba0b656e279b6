"""What a new user and a script written for nova meet first: the shell does
what nova does with the same command line (boot's networks, user data and
generated password, keypair-add's generated key)."""

import json
import re

import pytest

from computeclient import shell
from tests.unit.conftest import ENDPOINT

IMAGES = "http://glance.test/image"
IMAGE_ID = "6b1b3c6e-0f8c-4d3e-9d44-1f1a1d0c0a01"
FLAVOR = {"id": "1", "name": "m1.tiny"}
SERVER = {"id": "s1", "name": "vm", "status": "BUILD", "addresses": {},
          "flavor": {"id": "1"}, "image": {"id": IMAGE_ID}}


@pytest.fixture
def compute(mock_http, monkeypatch, capsys, tmp_path):
    """compute(*argv) -> (exit code, stdout, stderr), Nova answered by requests-mock."""
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "tok")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("OS_COMPUTE_API_VERSION", "2.96")  # no version request

    def run(*argv):
        code = shell.main(["--os-image-endpoint", IMAGES, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def nova(mock_http):
    mock_http.get(re.compile(re.escape(f"{ENDPOINT}/flavors")),
                  json={"flavor": FLAVOR, "flavors": [FLAVOR]})
    mock_http.get(f"{IMAGES}/v2/images/{IMAGE_ID}", json={"id": IMAGE_ID, "name": "cirros"})
    mock_http.post(f"{ENDPOINT}/servers", status_code=202,
                   json={"server": {"id": "s1", "adminPass": "Generated-9x"}})
    mock_http.get(f"{ENDPOINT}/servers/s1", json={"server": SERVER})
    return mock_http


def _posted(mock_http):
    posts = [r for r in mock_http.request_history if r.method == "POST"]
    return [json.loads(r.body) for r in posts]


BOOT = ("boot", "--flavor", "1", "--image", IMAGE_ID)


@pytest.mark.parametrize("version, networks", [("2.37", "auto"), ("2.90", "auto"),
                                               ("2.36", None)])
def test_boot_without_nic_sends_auto_from_2_37(compute, nova, version, networks):
    code, _, err = compute("--os-compute-api-version", version, *BOOT, "vm")
    assert code == 0, err
    assert _posted(nova)[0]["server"].get("networks") == networks


def test_boot_shows_the_generated_admin_pass(compute, nova):
    code, out, err = compute("--os-compute-api-version", "2.60", *BOOT, "-f", "json", "vm")
    assert code == 0, err
    assert json.loads(out)["adminPass"] == "Generated-9x"


def test_boot_does_not_echo_a_chosen_admin_pass(compute, nova):
    code, out, err = compute("--os-compute-api-version", "2.60", *BOOT, "--admin-pass",
                             "Chosen-1", "-f", "json", "vm")
    assert code == 0, err
    assert "adminPass" not in json.loads(out)
    assert _posted(nova)[0]["server"]["adminPass"] == "Chosen-1"


@pytest.mark.parametrize("command", [(*BOOT, "vm"), ("rebuild", "s1", IMAGE_ID)])
def test_user_data_that_is_no_file_is_refused_before_anything_is_sent(compute, nova, command):
    nova.get(f"{ENDPOINT}/servers/s1", json={"server": SERVER})
    code, _, err = compute("--os-compute-api-version", "2.60", *command,
                           "--user-data", "#cloud-config")
    assert code == 1
    assert err.startswith("ERROR (CommandError): Can't open '#cloud-config' (user data): "
                          "No such file or directory"), err
    assert _posted(nova) == []


def test_user_data_file_is_sent(compute, nova, tmp_path):
    import base64
    path = tmp_path / "ud"
    path.write_text("#cloud-config\n")
    code, _, err = compute("--os-compute-api-version", "2.60", *BOOT, "--user-data", str(path),
                           "vm")
    assert code == 0, err
    assert base64.b64decode(_posted(nova)[0]["server"]["user_data"]) == b"#cloud-config\n"


PRIVATE = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n"


@pytest.fixture
def keypairs(mock_http):
    def answer(request, context):
        body = request.json()["keypair"]
        reply = {"name": body["name"], "fingerprint": "aa:bb", "user_id": "u",
                 "public_key": body.get("public_key", "ssh-rsa GEN")}
        if "public_key" not in body:
            reply["private_key"] = PRIVATE
        return {"keypair": reply}
    mock_http.post(f"{ENDPOINT}/os-keypairs", json=answer)
    return mock_http


def test_keypair_add_without_public_key_prints_the_generated_key(compute, keypairs):
    code, out, err = compute("--os-compute-api-version", "2.91", "keypair-add", "k")
    assert (code, out, err) == (0, PRIVATE + "\n", "")
    assert _posted(keypairs) == [{"keypair": {"name": "k", "type": "ssh"}}]


def test_keypair_add_generated_key_is_a_field_in_json(compute, keypairs):
    code, out, err = compute("--os-compute-api-version", "2.91", "keypair-add", "k", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["private_key"] == PRIVATE


def test_keypair_add_at_2_1_imports_a_key_file(compute, keypairs, tmp_path):
    path = tmp_path / "id.pub"
    path.write_text("ssh-ed25519 AAAAC3 me@host\n")
    code, _, err = compute("--os-compute-api-version", "2.1", "keypair-add", "--pub-key",
                           str(path), "k")
    assert code == 0, err
    assert _posted(keypairs) == [{"keypair": {"name": "k",
                                              "public_key": "ssh-ed25519 AAAAC3 me@host"}}]


UUID = "5f0e3b2a-1c4d-4e6f-8a9b-0c1d2e3f4a5b"
LISTED = {"id": UUID, "name": "vm-é", "status": "ACTIVE", "tenant_id": "p1",
          "key_name": "k1", "OS-EXT-STS:task_state": None, "OS-EXT-STS:power_state": 1,
          "OS-EXT-SRV-ATTR:host": "compute1", "OS-EXT-AZ:availability_zone": "nova",
          "addresses": {"private": [{"addr": "10.0.0.3"}]},
          "flavor": {"original_name": "m1.tiny", "vcpus": 1, "ram": 512},
          "metadata": {"rôle": "wéb"}}


@pytest.fixture
def servers(mock_http):
    mock_http.get(re.compile(re.escape(f"{ENDPOINT}/servers/detail")),
                  json={"servers": [LISTED]})
    mock_http.get(f"{ENDPOINT}/servers/{UUID}", json={"server": LISTED})
    return mock_http


def test_list_sort_by_column_names_asks_nova_for_its_keys(compute, servers):
    code, _, err = compute("list", "--sort", "name:asc,created,id:desc")
    assert code == 0, err
    # The listing's request, not the mock's last one: a request another test's
    # thread sends late (test_fanout's timed-out cloud) may come after it.
    [listed] = [r for r in servers.request_history if r.path.endswith("/servers/detail")]
    assert listed.qs["sort_key"] == ["display_name", "created_at", "uuid"]
    assert listed.qs["sort_dir"] == ["asc", "desc", "desc"]


def test_list_fields_shows_id_and_the_fields_under_readable_headers(compute, servers):
    code, out, err = compute("--os-compute-api-version", "2.60", "list", "--fields",
                             "key_name,host,networks,OS-EXT-AZ:availability_zone,id", "-f",
                             "json")
    assert code == 0, err
    assert json.loads(out) == [{"ID": UUID, "Key Name": "k1", "Host": "compute1",
                                "Networks": "private=10.0.0.3",
                                "OS-EXT-AZ: Availability Zone": "nova"}]


def test_list_fields_offers_the_embedded_flavor_from_2_47(compute, servers):
    code, out, err = compute("--os-compute-api-version", "2.47", "list", "--fields",
                             "flavor:original_name", "-f", "json")
    assert code == 0, err
    assert json.loads(out) == [{"ID": UUID, "flavor: Original Name": "m1.tiny"}]


def test_list_fields_refuses_a_field_servers_do_not_have(compute, servers):
    code, out, err = compute("list", "--fields", "key_name,bogus")
    assert (code, out) == (1, "")
    assert err == "ERROR (CommandError): Non-existent fields are specified: ['bogus']\n"


@pytest.mark.parametrize("value, all_tenants", [(None, True), ("1", True), ("0", False)])
def test_list_all_tenants_takes_nova_optional_value(compute, servers, value, all_tenants):
    code, out, err = compute("list", "--all-tenants", *([value] if value else []))
    assert code == 0, err
    assert ("all_tenants" in servers.last_request.qs) == all_tenants
    assert ("Tenant ID" in out) == all_tenants


def test_list_json_keeps_null_for_no_task_state(compute, servers):
    code, out, err = compute("list", "-f", "json")
    assert code == 0, err
    row = json.loads(out)[0]
    assert row["Task State"] is None and row["Power State"] == "Running"


def test_non_ascii_cells_read_as_text_in_a_table(compute, servers):
    code, out, err = compute("--os-compute-api-version", "2.60", "list", "--fields", "metadata")
    assert code == 0, err
    assert '{"rôle": "wéb"}' in out and "\\u" not in out


def test_timing_is_timings_and_the_command_still_runs(compute, servers):
    code, out, err = compute("--timing", "list", "-f", "json")
    assert code == 0, err
    assert json.loads(out)[0]["ID"] == UUID
    assert "servers/detail" in err or "servers/detail" in out


def test_show_minimal_names_the_embedded_flavor(compute, servers):
    code, out, err = compute("--os-compute-api-version", "2.47", "show", "--minimal", UUID,
                             "-f", "json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["flavor"] == "m1.tiny" and not [k for k in shown if k.startswith("flavor:")]


def test_interface_attach_shows_the_addresses_as_nova(compute, servers):
    servers.post(f"{ENDPOINT}/servers/{UUID}/os-interface", json={"interfaceAttachment": {
        "port_id": "p1", "net_id": "n1", "mac_addr": "fa:16:3e:00:00:01", "port_state": "ACTIVE",
        "fixed_ips": [{"subnet_id": "s", "ip_address": "10.0.0.7"},
                      {"subnet_id": "s6", "ip_address": "fd00::7"}]}})
    code, out, err = compute("interface-attach", "--net-id", "n1", UUID, "-f", "json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["ip_address"] == "10.0.0.7,fd00::7" and "fixed_ips" not in shown


def test_flavor_access_add_to_a_public_flavor_is_nova_s_to_refuse(compute, mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/1", json={"flavor": {**FLAVOR, "os-flavor-access:is_public":
                                                            True}})
    mock_http.post(f"{ENDPOINT}/flavors/1/action", status_code=409, json={
        "conflictingRequest": {"code": 409,
                               "message": "Can not add access to a public flavor."}})
    code, _, err = compute("flavor-access-add", "1", "demo")
    assert code == 1
    assert err == "ERROR (Conflict): Can not add access to a public flavor. (HTTP 409)\n", err
    assert mock_http.last_request.json() == {"addTenantAccess": {"tenant": "demo"}}


def _fresh_shell(argv):
    """shell.main(argv) in a fresh interpreter without credentials: (exit code,
    stderr, whether requests or keystoneauth1 was imported)."""
    import os
    import subprocess
    import sys
    code = ("import sys\nfrom computeclient import shell\ntry:\n"
            f"    code = shell.main({argv!r})\nexcept SystemExit as stop:\n    code = stop.code\n"
            "print(code, 'requests' in sys.modules or 'keystoneauth1' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    exit_code, heavy = done.stdout.split()
    return int(exit_code), done.stderr, heavy == "True"


def test_a_mistyped_option_is_a_usage_error_before_credentials():
    code, err, heavy = _fresh_shell(["list", "--lmit", "3"])
    assert (code, heavy) == (2, False)
    assert err.startswith("compute list: error: unrecognized arguments: --lmit 3; "
                          "did you mean --limit?\n"), err
    assert "credentials" not in err


def test_a_missing_argument_is_a_usage_error_before_credentials():
    code, err, heavy = _fresh_shell(["show"])
    assert (code, heavy) == (2, False)
    assert "the following arguments are required: SERVER" in err


def test_a_mistyped_command_is_a_usage_error_that_suggests():
    code, err, heavy = _fresh_shell(["lsit"])
    assert (code, heavy) == (2, False)
    assert err.startswith("compute: error: unknown command 'lsit'; did you mean list"), err


def test_an_option_of_another_microversion_is_left_to_the_version_check(compute, servers):
    code, _, err = compute("--os-compute-api-version", "2.1", "list", "--changes-before", "x")
    assert code == 1 and "--changes-before needs microversion >= 2.66" in err, err


KEYSTONE = "http://keystone.test/v3"


@pytest.fixture
def credentials(monkeypatch, tmp_path):
    for name in ("OS_AUTH_TYPE", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_TOKEN",
                 "OS_ENDPOINT", "OS_CLOUD", "OS_PROJECT_NAME", "OS_PROJECT_ID",
                 "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME", "OS_USER_ID",
                 "OS_COMPUTE_API_VERSION", "OS_CLIENT_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(tmp_path / "none.yaml"))

    def run(env, capsys):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code = shell.main(["--no-cache", "list"])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_no_credentials_names_os_cloud(credentials, capsys, mock_http):
    code, _, err = credentials({}, capsys)
    assert code == 1 and err.count("\n") == 1
    assert "--os-auth-url" in err and "--os-cloud" in err and "OS_CLOUD" in err


def test_only_an_auth_url_is_one_clear_line_and_asks_nothing(credentials, capsys, mock_http):
    code, _, err = credentials({"OS_AUTH_URL": KEYSTONE}, capsys)
    assert code == 1
    assert err.startswith("ERROR (CommandError): Missing credentials: give --os-username, "
                          "--os-password"), err
    assert err.count("\n") == 1 and not mock_http.called


def test_no_project_is_said_instead_of_an_empty_catalog(credentials, capsys, mock_http):
    mock_http.post(f"{KEYSTONE}/auth/tokens", status_code=201,
                   headers={"X-Subject-Token": "unscoped"},
                   json={"token": {"methods": ["password"], "expires_at": "2099-01-01T00:00:00Z",
                                   "user": {"id": "u", "name": "a",
                                            "domain": {"id": "default"}}}})
    code, _, err = credentials({"OS_AUTH_URL": KEYSTONE, "OS_USERNAME": "a",
                                "OS_PASSWORD": "b", "OS_USER_DOMAIN_NAME": "Default"}, capsys)
    assert code == 1
    assert err.startswith("ERROR (CommandError): No project: give --os-project-name or "
                          "--os-project-id"), err
    assert err.count("\n") == 1


def test_image_not_found_reads_as_flavor_not_found(compute, nova):
    nova.get(re.compile(re.escape(f"{IMAGES}/v2/images?")), json={"images": []})
    code, _, err = compute("boot", "--flavor", "1", "--image", "nothere", "vm")
    assert (code, err) == (1, "ERROR (CommandError): No image with a name or ID of 'nothere' "
                              "exists\n")
    assert _posted(nova) == []


def test_delete_wait_says_deleted_only(compute, mock_http, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    mock_http.delete(f"{ENDPOINT}/servers/{UUID}", status_code=204)
    mock_http.get(f"{ENDPOINT}/servers/{UUID}", [
        {"json": {"server": {**LISTED, "status": "ACTIVE", "OS-EXT-STS:task_state": "deleting"}}},
        {"status_code": 404, "json": {"itemNotFound": {"code": 404, "message": "gone"}}}])
    code, out, err = compute("delete", "--wait", UUID)
    assert code == 0, err
    assert out == f"Server {UUID} deleted.\n"


@pytest.mark.parametrize("last", [
    {"status_code": 404, "json": {"itemNotFound": {"code": 404, "message": "gone"}}},
    {"json": {"server": {**LISTED, "status": "SOFT_DELETED"}}},  # reclaim_instance_interval
])
def test_delete_wait_lasts_until_the_server_is_gone(compute, mock_http, monkeypatch, last):
    """A DELETED status is not the end: Nova still lists the server until its row is gone."""
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    mock_http.delete(f"{ENDPOINT}/servers/{UUID}", status_code=204)
    polled = mock_http.get(f"{ENDPOINT}/servers/{UUID}", [
        {"json": {"server": {**LISTED, "status": "DELETED"}}}, last])
    code, out, err = compute("delete", "--wait", UUID)
    assert (code, out) == (0, f"Server {UUID} deleted.\n"), err
    assert polled.call_count == 2


def test_a_whole_list_forgets_deleted_servers_for_completion(compute, mock_http, tmp_path):
    listing = re.compile(re.escape(f"{ENDPOINT}/servers/detail"))
    names = tmp_path / "cache" / "computeclient" / "names-servers"
    mock_http.get(listing, json={"servers": [LISTED, {**LISTED, "id": "x2", "name": "old"}]})
    assert compute("list")[0] == 0
    assert sorted(names.read_text().split()) == ["old", "vm-é"]
    mock_http.get(listing, json={"servers": [LISTED]})  # "old" was deleted
    assert compute("list")[0] == 0
    assert names.read_text() == "vm-é\n"
    assert compute("list", "--name", "vm")[0] == 0  # a filtered listing only adds
    assert names.read_text() == "vm-é\n"
