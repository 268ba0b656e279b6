"""Flavor commands on real Nova: each checks what Nova then holds."""

from __future__ import annotations

import json

import pytest

from computeclient import exceptions


def show(compute, *args, user="admin"):
    return json.loads(compute(*args, "-f", "json", user=user).stdout)


@pytest.fixture
def private_flavor(compute, cs):
    [created] = show(compute, "flavor-create", "ra-private", "auto", "256", "2", "1",
                     "--ephemeral", "3", "--swap", "128", "--is-public", "false",
                     "--description", "for tests")  # flavor-list's one row, as nova
    yield cs.flavors.get(created["ID"])
    compute("flavor-delete", created["ID"], ok=False)


def test_create_holds_every_field(cs, private_flavor):
    held = cs.flavors.get(private_flavor.id)
    assert (held.name, held.ram, held.disk, held.vcpus) == ("ra-private", 256, 2, 1)
    assert held.ephemeral == 3 and held.swap == 128 and held.is_public is False
    assert held.description == "for tests"
    assert len(held.id) == 36  # "auto": Nova generated a UUID


def test_create_with_explicit_id_and_rxtx_at_2_60(compute, cs):
    compute("--os-compute-api-version", "2.60", "flavor-create", "ra-rxtx", "ra-77", "64",
            "0", "1", "--rxtx-factor", "2.5")
    try:
        held = cs.flavors.get("ra-77")
        assert held.name == "ra-rxtx" and held.swap == 0  # 2.75+ reads no swap as 0
        old = json.loads(compute("--os-compute-api-version", "2.60", "flavor-show", "ra-77",
                                 "-f", "json").stdout)
        assert old["rxtx_factor"] == 2.5 and old["swap"] == ""  # before 2.75: ""
    finally:
        compute("flavor-delete", "ra-77")
    with pytest.raises(exceptions.NotFound):
        cs.flavors.get("ra-77")


def test_rxtx_factor_refused_at_latest_before_sending(compute):
    result = compute("flavor-create", "x", "auto", "64", "0", "1", "--rxtx-factor", "2",
                     ok=False)
    assert result.returncode == 1
    assert "--rxtx-factor needs microversion <= 2.101" in result.stderr


def test_update_description(compute, cs, private_flavor):
    compute("flavor-update", private_flavor.id, "changed")
    assert cs.flavors.get(private_flavor.id).description == "changed"
    old = compute("--os-compute-api-version", "2.54", "flavor-update", private_flavor.id, "x",
                  ok=False)
    assert old.returncode == 1 and "needs microversion >= 2.55" in old.stderr


def test_extra_specs_set_and_unset(compute, cs, private_flavor):
    compute("flavor-key", "ra-private", "set", "hw:cpu_policy=dedicated", "quota:cpu_shares=5")
    assert cs.flavors.get_keys(private_flavor.id) == {
        "hw:cpu_policy": "dedicated", "quota:cpu_shares": "5"}
    compute("flavor-key", "ra-private", "unset", "quota:cpu_shares")
    assert cs.flavors.get_keys(private_flavor.id) == {"hw:cpu_policy": "dedicated"}
    missing = compute("flavor-key", "ra-private", "unset", "nope", ok=False)
    assert missing.returncode == 1 and "has no extra spec nope" in missing.stderr
    shown = show(compute, "flavor-show", "ra-private")
    assert shown["extra_specs"] == {"hw:cpu_policy": "dedicated"}


def test_access_grant_lets_the_project_see_the_flavor(compute, cs, private_flavor):
    demo = show(compute, "flavor-list", user="demo")
    assert "ra-private" not in [f["Name"] for f in demo]
    granted = show(compute, "flavor-access-add", "ra-private", "demo")
    assert {"Flavor_ID": private_flavor.id, "Tenant_ID": "demo"} in granted
    assert [a.tenant_id for a in cs.flavor_access.list(private_flavor.id)] == ["demo"]
    assert "ra-private" in [f["Name"] for f in show(compute, "flavor-list", user="demo")]
    listed = show(compute, "flavor-access-list", "--flavor", "ra-private")
    assert listed == [{"Flavor_ID": private_flavor.id, "Tenant_ID": "demo"}]
    compute("flavor-access-remove", "ra-private", "demo")
    assert cs.flavor_access.list(private_flavor.id) == []
    public = compute("flavor-access-list", "--flavor", "m1.tiny", ok=False)
    assert public.returncode == 1 and "is public" in public.stderr
    added = compute("flavor-access-add", "m1.tiny", "demo", ok=False)  # Nova decides
    assert added.stderr.startswith("ERROR (Conflict): Can not add access to a public flavor. "
                                   "(HTTP 409)")


def test_list_filters_sort_and_paging(compute, private_flavor):
    public = [f["Name"] for f in show(compute, "flavor-list")]
    assert "ra-private" not in public and "m1.tiny" in public
    everything = show(compute, "flavor-list", "--all")
    assert "ra-private" in [f["Name"] for f in everything]
    big = show(compute, "flavor-list", "--min-ram", "4096")
    assert big and all(f["Memory_MiB"] >= 4096 for f in big)
    by_ram = [f["Memory_MiB"] for f in show(compute, "flavor-list", "--sort-key", "memory_mb",
                                            "--sort-dir", "desc")]
    assert by_ram == sorted(by_ram, reverse=True)
    page = show(compute, "flavor-list", "--limit", "2")
    rest = show(compute, "flavor-list", "--limit", "-1", "--marker", page[-1]["ID"])
    assert len(page) == 2 and not {f["ID"] for f in page} & {f["ID"] for f in rest}
    assert len(page) + len(rest) == len(public)
    named = show(compute, "flavor-list", "--all", "--name", "ra-private", "--extra-specs")
    assert [f["Name"] for f in named] == ["ra-private"] and "extra_specs" in named[0]


def test_delete_several_and_report_missing(compute, cs):
    ids = [show(compute, "flavor-create", f"ra-del{i}", "auto", "64", "0", "1")[0]["ID"]
           for i in range(2)]
    result = compute("flavor-delete", "ra-del0", ids[1], "no-such-flavor", ok=False)
    assert result.returncode == 1 and "no-such-flavor" in result.stderr
    for flavor_id in ids:
        with pytest.raises(exceptions.NotFound):
            cs.flavors.get(flavor_id)


def test_non_admin_create_is_one_line_403(compute):
    result = compute("flavor-create", "x", "auto", "64", "0", "1", user="demo", ok=False)
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR (Forbidden):") and result.stderr.count("\n") == 1


def test_bad_numbers_are_one_line(compute):
    result = compute("flavor-create", "x", "auto", "lots", "0", "1", ok=False)
    assert result.returncode == 1
    assert result.stderr == "ERROR (InvalidArgument): ram must be an integer, not 'lots'\n"


def test_single_extra_spec_urls_and_summary_list(cs, private_flavor):
    """The one-key routes (GET/PUT os-extra_specs/{key}) and GET /flavors (no detail)."""
    cs.flavors.set_key(private_flavor, "hw:mem_page_size", "large")
    assert cs.flavors.get_key(private_flavor, "hw:mem_page_size") == "large"
    assert cs.flavors.get(private_flavor.id).get_keys() == {"hw:mem_page_size": "large"}
    summary = cs.flavors.list(detailed=False, is_public=None)
    assert private_flavor.id in [f.id for f in summary]
    assert "ram" not in summary[0].to_dict()  # the summary view has id, name, links


def test_name_filter_is_a_regex_and_lookups_stay_exact(compute):
    """2.102's name filter is a regular expression; a look-up by name must still be exact."""
    loose = [f["Name"] for f in show(compute, "flavor-list", "--name", "m1.tiny")]
    assert sorted(loose) == ["m1.tiny", "m1.tiny.specs"]  # both sandbox flavors match
    exact = [f["Name"] for f in show(compute, "flavor-list", "--name", r"^m1\.tiny$")]
    assert exact == ["m1.tiny"]
    assert show(compute, "flavor-show", "m1.tiny")["name"] == "m1.tiny"
    assert show(compute, "flavor-show", "m1.tiny.specs")["extra_specs"] == {"hw:numa_nodes": "1"}
    roomy = show(compute, "flavor-list", "--min-disk", "40")
    assert roomy and all(f["Disk"] >= 40 for f in roomy)
    old = compute("--os-compute-api-version", "2.101", "flavor-list", "--name", "x", ok=False)
    assert old.returncode == 1  # no --name option before 2.102, and it says so
    assert "--name needs microversion >= 2.102" in old.stderr


@pytest.mark.parametrize("version, no_swap", [("2.74", ""), ("2.latest", 0)])
def test_list_shows_swap_as_nova_gives_it(compute, version, no_swap):
    listed = show(compute, "--os-compute-api-version", version, "flavor-list")
    shown = show(compute, "--os-compute-api-version", version, "flavor-show", "m1.tiny")
    [tiny] = [row for row in listed if row["Name"] == "m1.tiny"]
    assert tiny["Swap"] == shown["swap"] == no_swap  # Nova reads no swap as 0 from 2.75
