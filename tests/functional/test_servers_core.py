"""boot (its options), list (its filters), show, update, delete on real Nova."""

from __future__ import annotations

import json

import pytest

PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMdAVzVJWCgnx4eLP0p6bn8Sg4H+8vgpY6k1u4Y"
              "p0n4H core")


def boot(compute, *args):
    return json.loads(compute("boot", "--flavor", "m1.tiny", "--wait", "-f", "json",
                              *args).stdout)


@pytest.fixture(scope="module")
def rich(compute, cs, tmp_path_factory):
    """One server booted with most of boot's options."""
    user_data = tmp_path_factory.mktemp("ud") / "cloud.cfg"
    user_data.write_text("#cloud-config\nhostname: rich\n")
    compute("keypair-add", "core-key", "--pub-key", PUBLIC_KEY)
    net_id = cs.neutron.find_network("private").id
    server = boot(compute, "--image", "cirros", "--nic", f"net-id={net_id},tag=eth0",
                  "--key-name", "core-key", "--meta", "role=web", "--meta", "tier=1",
                  "--user-data", str(user_data), "--availability-zone", "nova",
                  "--hint", "different_host=00000000-0000-0000-0000-000000000000",
                  "--config-drive", "true", "--description", "rich one", "--tags", "a,b",
                  "--hostname", "rich-host", "--host", "compute1",
                  "--admin-pass", "Very-Secret-1", "rich-vm")
    yield server
    compute("delete", "--wait", server["id"], ok=False)
    compute("keypair-delete", "core-key", ok=False)


def test_boot_options_reach_nova(cs, rich):
    held = cs.servers.get(rich["id"])
    info = held._info
    assert held.status == "ACTIVE" and held.key_name == "core-key"
    assert held.metadata == {"role": "web", "tier": "1"}
    assert held.description == "rich one" and sorted(held.tags) == ["a", "b"]
    assert info["OS-EXT-SRV-ATTR:hostname"] == "rich-host"
    assert info["OS-EXT-SRV-ATTR:host"] == "compute1"
    assert info["config_drive"] in (True, "True")
    assert info["scheduler_hints"] == {
        "different_host": ["00000000-0000-0000-0000-000000000000"]}
    import base64
    assert base64.b64decode(info["OS-EXT-SRV-ATTR:user_data"]).startswith(b"#cloud-config")
    assert "private" in held.networks


def test_boot_output_hides_the_admin_password(compute, rich):
    shown = compute("show", rich["id"], "-f", "json").stdout
    assert "Very-Secret-1" not in shown and "adminPass" not in json.loads(shown)


def test_show_by_name_equals_show_by_id_and_leaves_out_user_data(compute, rich):
    by_id = json.loads(compute("show", rich["id"], "-f", "json").stdout)
    by_name = json.loads(compute("show", rich["name"], "-f", "json").stdout)
    assert by_name == by_id
    assert by_name["server_groups"] == []  # only GET /servers/{id} has it (2.71+)
    # Nova holds the user data (test_boot_options_reach_nova); show leaves it out.
    assert "OS-EXT-SRV-ATTR:user_data" not in by_id


def test_list_filters_really_filter(compute, cs, rich):
    plain = boot(compute, "--image", "ubuntu-24.04", "--nic", "none", "plain-vm")
    try:
        def names(*args):
            return sorted(r["Name"] for r in json.loads(
                compute("list", "-f", "json", *args).stdout))
        assert names("--name", "^rich") == ["rich-vm"]
        assert names("--image", "ubuntu-24.04") == ["plain-vm"]
        assert names("--flavor", "m1.tiny") == ["plain-vm", "rich-vm"]
        assert names("--tags", "a") == ["rich-vm"]
        assert names("--not-tags", "a") == ["plain-vm"]
        assert names("--host", "compute1", "--name", "rich") == ["rich-vm"]
        assert names("--status", "SHUTOFF") == []
        assert names("--locked", "false", "--name", "rich") == ["rich-vm"]
        assert names("--changes-since", "2000-01-01T00:00:00Z", "--name", "plain") == ["plain-vm"]
        assert names("--changes-before", "2000-01-01T00:00:00Z") == []
        assert names("--all-tenants", "--user", "admin", "--name", "rich") == ["rich-vm"]
        ordered = [r["Name"] for r in json.loads(compute(
            "list", "--sort", "display_name:asc", "-f", "json").stdout)]
        assert ordered == sorted(ordered)
        extra = json.loads(compute("list", "--fields", "key_name", "--name", "rich",
                                   "-f", "json").stdout)
        assert extra == [{"ID": extra[0]["ID"], "Key Name": "core-key"}]  # as nova
        by_name = [r["Name"] for r in json.loads(compute(
            "list", "--sort", "name:asc", "-f", "json").stdout)]
        assert by_name == ordered  # `name` is Nova's display_name
        bogus = compute("list", "--fields", "key_name,bogus", ok=False)
        assert bogus.stderr == ("ERROR (CommandError): Non-existent fields are specified: "
                                "['bogus']\n")
        minimal = json.loads(compute("list", "--minimal", "-f", "json").stdout)
        assert set(minimal[0]) == {"ID", "Name"}
        first = json.loads(compute("list", "--limit", "1", "--sort", "display_name:asc",
                                   "-f", "json").stdout)
        assert len(first) == 1
        rest = json.loads(compute("list", "--marker", first[0]["ID"], "--sort",
                                  "display_name:asc", "-f", "json").stdout)
        assert first[0]["ID"] not in [r["ID"] for r in rest]
        assert len(json.loads(compute("list", "--limit", "-1", "-f", "json").stdout)) >= 2
    finally:
        compute("delete", "--wait", plain["id"])


def test_show_minimal_skips_lookups(compute, rich):
    shown = json.loads(compute("show", "--minimal", rich["id"], "-f", "json").stdout)
    assert shown["image"] == rich["image"].split("(")[1].rstrip(")")


def test_update_name(compute, cs, rich):
    compute("update", rich["id"], "--name", "rich-renamed")
    assert cs.servers.get(rich["id"]).name == "rich-renamed"
    compute("update", rich["id"], "--name", "rich-vm")


def test_boot_from_volume_and_local_disks(compute, cs):
    flavor = cs.client.post("/flavors", body={"flavor": {
        "name": "disks", "ram": 512, "vcpus": 1, "disk": 1, "swap": 512,
        "OS-FLV-EXT-DATA:ephemeral": 1}})[1]["flavor"]
    try:
        local = json.loads(compute("boot", "--flavor", "disks", "--image", "cirros", "--nic",
                                   "none", "--swap", "512", "--ephemeral", "size=1",
                                   "--wait", "-f", "json", "disks-vm").stdout)
        assert local["status"] == "ACTIVE"
        volume = "6ca404f3-d844-4169-bb96-bc792f37de98"
        from_volume = json.loads(compute("boot", "--flavor", "m1.tiny", "--boot-volume", volume,
                                         "--nic", "none", "--wait", "-f", "json",
                                         "bfv-vm").stdout)
        assert [v["id"] for v in from_volume["os-extended-volumes:volumes_attached"]] == [volume]
        compute("delete", "--wait", local["id"], from_volume["id"])
    finally:
        cs.client.delete(f"/flavors/{flavor['id']}")


def test_multi_create_and_reservation_id(compute, cs):
    rid = json.loads(compute("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic",
                             "none", "--min-count", "2", "--return-reservation-id",
                             "-f", "json", "multi").stdout)["reservation_id"]
    servers = cs.servers.list(search_opts={"reservation_id": rid})
    assert len(servers) == 2
    compute("delete", "--wait", *[s.id for s in servers])


def test_delete_wait_of_a_server_in_error_waits_until_it_is_gone(compute, cs):
    # Nova shows ERROR (task state 'deleting') until the delete is done: not a failure.
    server = boot(compute, "--image", "cirros", "--nic", "none", "broken-vm")
    compute("reset-state", server["id"])  # ERROR, as a failed build leaves a server
    assert cs.servers.get(server["id"]).status == "ERROR"
    compute("delete", "--wait", server["id"])
    assert server["id"] not in [s.id for s in cs.servers.list()]


def test_boot_errors_are_one_line(compute):
    missing = compute("boot", "--flavor", "m1.tiny", "--nic", "none", "x", ok=False)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert "Give --image" in missing.stderr
    bad_nic = compute("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "foo=1",
                      "x", ok=False)
    assert bad_nic.stderr.startswith("ERROR (CommandError): Unknown --nic key(s) foo")
    old_file = compute("--os-compute-api-version", "2.57", "boot", "--flavor", "m1.tiny",
                       "--image", "cirros", "--file", "/a=/etc/hostname", "x", ok=False)
    assert old_file.returncode == 1
    assert "--file needs microversion <= 2.56; this session speaks 2.57" in old_file.stderr
