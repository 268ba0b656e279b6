"""availability-zone-list on real Nova: the zone/host/service tree for admins,
zones only for others."""

from __future__ import annotations

import json


def rows(compute, *args, user="admin"):
    return json.loads(compute("availability-zone-list", *args, "-f", "json",
                              user=user).stdout)


def test_admin_sees_hosts_and_services(compute):
    names = [r["Name"] for r in rows(compute)]
    assert "nova" in names and "internal" in names
    assert "|- compute1" in names and "|- compute2" in names
    nova_compute = [r for r in rows(compute) if r["Name"] == "| |- nova-compute"]
    assert len(nova_compute) == 2 and all(r["Status"].startswith("enabled :-)")
                                          for r in nova_compute)


def test_disabled_service_leaves_the_tree(compute):
    """Nova lists only enabled services under a zone: a disabled host drops out."""
    compute("service-disable", "compute2", "nova-compute")
    try:
        names = [r["Name"] for r in rows(compute)]
        assert "|- compute2" not in names and "|- compute1" in names
    finally:
        compute("service-enable", "compute2", "nova-compute")
    assert "|- compute2" in [r["Name"] for r in rows(compute)]


def test_no_hosts_and_non_admin(compute):
    assert rows(compute, "--no-hosts") == [{"Name": "nova", "Status": "available"}]
    assert rows(compute, user="demo") == [{"Name": "nova", "Status": "available"}]
