"""Image and network names resolved through Glance and Neutron, in both auth modes
(in Keystone mode their endpoints come from the catalog)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(params=["token", "keystone"])
def mode(request):
    return request.param


@pytest.fixture
def lookup_cs(mode, compute_sandbox, compute_sandbox_keystone):
    sandbox = compute_sandbox if mode == "token" else compute_sandbox_keystone
    return sandbox.client()


def test_images_follow_pages(lookup_cs):
    everything = lookup_cs.glance.list()
    paged = lookup_cs.glance.list(page_size=2)
    assert len(everything) > 2
    assert [i.id for i in paged] == [i.id for i in everything]
    first = lookup_cs.glance.list(limit=3, page_size=2)
    assert [i.id for i in first] == [i.id for i in everything[:3]]
    assert first.next_marker == everything[2].id


def test_names_resolve(lookup_cs):
    cirros = lookup_cs.glance.find_image("cirros")
    assert cirros.name == "cirros"
    assert lookup_cs.glance.find_image(cirros.id).name == "cirros"
    private = lookup_cs.neutron.find_network("private")
    assert lookup_cs.neutron.find_network(private.id).name == "private"


def test_boot_and_list_by_names_through_the_catalog(run_compute_keystone,
                                                    compute_sandbox_keystone):
    cs = compute_sandbox_keystone.client()
    booted = run_compute_keystone("boot", "--image", "cirros", "--flavor", "m1.tiny",
                                  "--nic", "net-name=private", "--wait", "-f", "json",
                                  "ra-lookup-vm")
    assert booted.returncode == 0, booted.stderr
    server_id = json.loads(booted.stdout)["id"]
    try:
        held = cs.servers.get(server_id)
        assert held.image["id"] == cs.glance.find_image("cirros").id
        assert list(held.networks) == ["private"]
        listed = run_compute_keystone("list", "--image", "cirros", "-f", "json")
        assert server_id in [s["ID"] for s in json.loads(listed.stdout)]
        other = run_compute_keystone("list", "--image", "ubuntu-24.04", "-f", "json")
        assert server_id not in [s["ID"] for s in json.loads(other.stdout)]
    finally:
        run_compute_keystone("delete", "--wait", server_id)


def test_unknown_names_are_one_line(compute):
    """Flavor, image and network not found read alike: one CommandError line."""
    flavor = compute("boot", "--image", "cirros", "--flavor", "no-such-flavor", "--nic", "none",
                     "ra-x", ok=False)
    assert flavor.returncode == 1 and flavor.stderr.count("\n") == 1
    assert flavor.stderr.startswith(  # then Nova's own words, in brackets
        "ERROR (CommandError): No flavor with a name or ID of 'no-such-flavor' exists")
    image = compute("boot", "--image", "no-such-image", "--flavor", "m1.tiny", "--nic", "none",
                    "ra-x", ok=False)
    assert (image.returncode, image.stderr) == (1, (
        "ERROR (CommandError): No image with a name or ID of 'no-such-image' exists\n"))
    network = compute("boot", "--image", "cirros", "--flavor", "m1.tiny", "--nic",
                      "net-name=nowhere", "ra-x", ok=False)
    assert (network.returncode, network.stderr) == (1, (
        "ERROR (CommandError): No network with a name or ID of 'nowhere' exists\n"))
