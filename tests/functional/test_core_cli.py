"""The first commands end to end on real Nova, in both auth modes."""

import json

import pytest

PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMdAVzVJWCgnx4eLP0p6bn8Sg4H+8vgpY6k1u4Y"
              "p0n4H core-test")


@pytest.fixture(params=["token", "keystone"])
def cli(request):
    """run(*args) for the `compute` CLI in one auth mode or the other."""
    name = "run_compute" if request.param == "token" else "run_compute_keystone"
    runner = request.getfixturevalue(name)

    def run(*args, ok=True):
        result = runner(*args)
        if ok:
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    run.mode = request.param
    return run


def test_flavor_list_shows_the_default_flavors(cli):
    rows = json.loads(cli("flavor-list", "-f", "json").stdout)
    by_name = {row["Name"]: row for row in rows}
    assert {"m1.tiny", "m1.small", "m1.medium"} <= set(by_name)
    assert by_name["m1.tiny"]["Memory_MiB"] == 512
    assert by_name["m1.tiny"]["VCPUs"] == 1


def test_keypair_add_show_list_delete(cli):
    name = f"core-key-{cli.mode}"
    added = json.loads(cli("keypair-add", name, "--pub-key", PUBLIC_KEY, "-f", "json").stdout)
    assert added["name"] == name and added["public_key"] == PUBLIC_KEY
    assert "private_key" not in added
    listed = cli("keypair-list", "-f", "value", "-c", "Name").stdout.split()
    assert name in listed
    shown = json.loads(cli("keypair-show", name, "-f", "json").stdout)
    assert shown["fingerprint"] == added["fingerprint"]
    cli("keypair-delete", name)
    missing = cli("keypair-show", name, ok=False)
    assert missing.returncode == 1
    assert missing.stderr.startswith("ERROR (NotFound): Keypair")
    assert "Traceback" not in missing.stderr


def test_boot_wait_list_show_delete(cli):
    name = f"vm1-{cli.mode}"
    booted = cli("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none",
                 "--wait", name, "-f", "json")
    server = json.loads(booted.stdout)
    assert server["status"] == "ACTIVE"
    assert server["name"] == name
    assert len(server["adminPass"]) >= 8  # Nova generated it and hands it over this once
    assert server["image"].startswith("cirros (")

    listed = json.loads(cli("list", "-f", "json").stdout)
    assert [row["Status"] for row in listed if row["Name"] == name] == ["ACTIVE"]

    shown = json.loads(cli("show", name, "-f", "json").stdout)
    assert shown["id"] == server["id"]
    assert shown["OS-EXT-STS:vm_state"] == "active"
    assert shown["flavor:original_name"] == "m1.tiny"

    deleted = cli("delete", "--wait", name)
    assert deleted.stdout == f"Server {name} deleted.\n"  # --wait: what happened, once
    gone = cli("show", server["id"], ok=False)
    assert gone.returncode == 1 and "could not be found" in gone.stderr


def test_show_missing_server_is_one_clear_line(cli):
    result = cli("show", "no-such-server", ok=False)
    assert result.returncode == 1
    assert result.stderr == ("ERROR (CommandError): No server with a name or ID of "
                             "'no-such-server' exists\n")


def test_output_formats_on_real_data(cli):
    assert cli("flavor-show", "m1.tiny", "-f", "value", "-c", "ram").stdout == "512\n"
    csv_out = cli("flavor-list", "-f", "csv", "-c", "Name").stdout.splitlines()
    assert csv_out[0] == '"Name"' and '"m1.tiny"' in csv_out
    yaml_out = cli("flavor-show", "m1.tiny", "-f", "yaml", "-c", "vcpus").stdout
    assert yaml_out == "vcpus: 1\n"


def test_limits_and_version_list(cli):
    limits = {row["Name"]: row for row in json.loads(cli("limits", "-f", "json").stdout)}
    assert limits["Cores"]["Max"] == 20 and limits["Instances"]["Max"] == 10
    versions = json.loads(cli("version-list", "-f", "json").stdout)
    assert {"Id": "v2.1", "Max Version": "2.104"}.items() <= next(
        v for v in versions if v["Id"] == "v2.1").items()


def test_microversion_too_high_for_command_is_plain(cli):
    result = cli("--os-compute-api-version", "2.1", "list", "--tags", "x", ok=False)
    assert result.returncode == 1
    assert result.stderr == ("ERROR (VersionNotAvailable): --tags needs microversion >= 2.26; "
                             "this session speaks 2.1\n")


def test_non_admin_is_refused_in_one_line(run_compute):
    result = run_compute("--os-token", "demo:demo", "list", "--all-tenants")
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR (Forbidden): ")
    assert result.stderr.count("\n") == 1


def test_debug_masks_token_and_passwords(run_compute):
    result = run_compute("--debug", "boot", "--flavor", "m1.tiny", "--image", "cirros",
                         "--nic", "none", "--admin-pass", "Sup3r-S3cret", "debug-vm")
    assert result.returncode == 0, result.stderr
    assert "REQ: curl" in result.stderr
    assert "X-Auth-Token: ***" in result.stderr or "X-Auth-Token: {SHA256}" in result.stderr
    for secret in ("Sup3r-S3cret", "admin:admin"):
        assert secret not in result.stderr + result.stdout
    run_compute("delete", "debug-vm")


def test_timings_count_every_request(run_compute):
    result = run_compute("--timings", "--os-compute-api-version", "2.60", "flavor-list")
    assert result.returncode == 0
    assert "/v2.1/flavors/detail" in result.stderr
    assert "Total (1 requests)" in result.stderr


def test_timings_include_identity_requests(run_compute_keystone):
    result = run_compute_keystone("--timings", "--no-cache", "--os-compute-api-version",
                                  "2.60", "flavor-list")
    assert result.returncode == 0, result.stderr
    assert "POST http://127.0.0.1:" in result.stderr and "/v3/auth/tokens" in result.stderr
    assert "Total (2 requests)" in result.stderr  # token + list: no identity discovery
