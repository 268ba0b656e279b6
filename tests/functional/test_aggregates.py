"""Aggregate commands on real Nova: hosts, metadata and zones as Nova then holds them."""

from __future__ import annotations

import json

import pytest

from computeclient import exceptions


def show(compute, *args, user="admin"):
    return json.loads(compute(*args, "-f", "json", user=user).stdout)


@pytest.fixture
def aggregate(compute, cs):
    created = show(compute, "aggregate-create", "ra-agg", "ra-zone")
    yield created
    held = cs.aggregates.get(created["id"])
    for host in held.hosts:
        cs.aggregates.remove_host(held, host)
    compute("aggregate-delete", str(created["id"]), ok=False)


def test_create_with_zone_and_uuid(cs, aggregate):
    held = cs.aggregates.get(aggregate["id"])
    assert held.name == "ra-agg" and held.availability_zone == "ra-zone"
    assert held.uuid == aggregate["uuid"] and len(held.uuid) == 36  # 2.41+


def test_hosts_metadata_and_zone(compute, cs, aggregate):
    compute("aggregate-add-host", "ra-agg", "compute2")
    assert cs.aggregates.get(aggregate["id"]).hosts == ["compute2"]
    zones = {z.zoneName: z.to_dict().get("hosts") or {} for z in cs.availability_zones.list()}
    assert "compute2" in zones["ra-zone"] and "compute2" not in zones["nova"]

    compute("aggregate-set-metadata", aggregate["uuid"], "ssd=true", "tier=gold")
    assert cs.aggregates.get(aggregate["id"]).metadata == {
        "availability_zone": "ra-zone", "ssd": "true", "tier": "gold"}
    compute("aggregate-set-metadata", str(aggregate["id"]), "tier")
    assert cs.aggregates.get(aggregate["id"]).metadata == {
        "availability_zone": "ra-zone", "ssd": "true"}

    listed = show(compute, "aggregate-list")
    row = next(a for a in listed if a["Name"] == "ra-agg")
    assert row["Hosts"] == ["compute2"] and row["UUID"] == aggregate["uuid"]

    compute("aggregate-remove-host", "ra-agg", "compute2")
    assert cs.aggregates.get(aggregate["id"]).hosts == []
    busy = compute("aggregate-add-host", "ra-agg", "no-such-host", ok=False)
    assert busy.returncode == 1 and busy.stderr.count("\n") == 1


def test_update_name_and_zone(compute, cs, aggregate):
    compute("aggregate-update", "ra-agg", "--name", "ra-agg2", "--availability-zone", "ra-z2")
    held = cs.aggregates.get(aggregate["id"])
    assert (held.name, held.availability_zone) == ("ra-agg2", "ra-z2")
    shown = show(compute, "aggregate-show", "ra-agg2")
    assert shown["metadata"]["availability_zone"] == "ra-z2"
    nothing = compute("aggregate-update", "ra-agg2", ok=False)
    assert nothing.returncode == 1 and "--name" in nothing.stderr


def test_cache_images(compute, aggregate):
    compute("aggregate-add-host", "ra-agg", "compute1")
    done = compute("aggregate-cache-images", "ra-agg", "cirros", "ubuntu-24.04")
    assert "Caching of 2 image(s)" in done.stdout
    old = compute("--os-compute-api-version", "2.80", "aggregate-cache-images", "ra-agg",
                  "cirros", ok=False)
    assert old.returncode == 1 and "needs microversion >= 2.81" in old.stderr
    missing = compute("aggregate-cache-images", "ra-agg", "no-such-image", ok=False)
    assert missing.returncode == 1 and "No image" in missing.stderr


def test_delete(compute, cs):
    created = show(compute, "aggregate-create", "ra-gone")
    compute("aggregate-delete", "ra-gone")
    with pytest.raises(exceptions.NotFound):
        cs.aggregates.get(created["id"])
    missing = compute("aggregate-delete", "ra-gone", ok=False)
    assert missing.returncode == 1 and "ra-gone" in missing.stderr


def test_non_admin_is_one_line_403(compute):
    result = compute("aggregate-list", user="demo", ok=False)
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR (Forbidden):") and result.stderr.count("\n") == 1
