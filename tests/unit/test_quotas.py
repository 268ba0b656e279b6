"""Quota and quota-class requests: which fields each microversion accepts."""

import json

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT

QUOTA_URL = f"{ENDPOINT}/os-quota-sets/p1"


@pytest.fixture
def quota_put(mock_http):
    mock_http.put(QUOTA_URL, json={"quota_set": {"instances": 5}})
    return lambda: json.loads(mock_http.last_request.body)


@pytest.mark.parametrize("version, field, ok", [
    ("2.35", "floating_ips", True), ("2.36", "floating_ips", False),
    ("2.35", "security_group_rules", True), ("2.36", "security_groups", False),
    ("2.56", "injected_files", True), ("2.57", "injected_file_content_bytes", False),
    ("2.104", "server_group_members", True),
])
def test_update_fields_by_version(make_cs, quota_put, version, field, ok):
    quotas = make_cs(version).quotas
    if ok:
        quotas.update("p1", **{field: 3})
        assert quota_put() == {"quota_set": {field: 3}}
    else:
        with pytest.raises(exceptions.VersionNotAvailable, match="needs microversion <="):
            quotas.update("p1", **{field: 3})


def test_update_user_and_force(make_cs, quota_put, mock_http):
    make_cs("2.60").quotas.update("p1", user_id="u1", force=True, instances="5", cores=None)
    assert quota_put() == {"quota_set": {"instances": 5, "force": True}}
    assert mock_http.last_request.qs == {"user_id": ["u1"]}


@pytest.mark.parametrize("updates, message", [
    ({}, "No quota to change"), ({"instances": -2}, "-1"), ({"bogus": 1}, "Unknown quota"),
    ({"ram": "lots"}, "must be an integer"),
])
def test_update_refusals(make_cs, mock_http, updates, message):
    with pytest.raises(exceptions.InvalidArgument, match=message):
        make_cs("2.60").quotas.update("p1", **updates)
    assert not mock_http.called


def test_show_detail_defaults_delete_urls(make_cs, mock_http):
    mock_http.get(f"{QUOTA_URL}/detail", json={"quota_set": {"instances": {"limit": 1}}})
    mock_http.get(f"{QUOTA_URL}/defaults", json={"quota_set": {"instances": 10}})
    mock_http.delete(QUOTA_URL, status_code=202)
    cs = make_cs("2.60")
    assert cs.quotas.get("p1", user_id="u", detail=True).instances == {"limit": 1}
    assert mock_http.last_request.qs == {"user_id": ["u"]}
    assert cs.quotas.defaults("p1").instances == 10
    cs.quotas.delete("p1", user_id="u")
    assert mock_http.last_request.method == "DELETE"
    assert mock_http.last_request.qs == {"user_id": ["u"]}


@pytest.mark.parametrize("version, field, ok", [
    ("2.49", "fixed_ips", True), ("2.50", "fixed_ips", False),
    ("2.56", "injected_files", True), ("2.57", "injected_files", False),
    ("2.57", "server_groups", True),
])
def test_quota_class_fields_by_version(make_cs, mock_http, version, field, ok):
    url = f"{ENDPOINT}/os-quota-class-sets/default"
    mock_http.put(url, json={"quota_class_set": {field: 4}})
    classes = make_cs(version).quota_classes
    if ok:
        classes.update("default", **{field: 4})
        assert json.loads(mock_http.last_request.body) == {"quota_class_set": {field: 4}}
    else:
        with pytest.raises(exceptions.VersionNotAvailable):
            classes.update("default", **{field: 4})


def test_limits_query(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/limits", json={"limits": {"absolute": {
        "maxTotalInstances": 10, "totalInstancesUsed": 2}, "rate": []}})
    limits = make_cs("2.60").limits.get(reserved=True, tenant_id="p2")
    assert mock_http.last_request.qs == {"reserved": ["1"], "tenant_id": ["p2"]}
    assert {(a.name, a.value) for a in limits.absolute} == {
        ("maxTotalInstances", 10), ("totalInstancesUsed", 2)}


def test_limit_rows_pair_used_with_max():
    from computeclient.v2.commands.limits import limit_rows
    rows = limit_rows({"maxTotalInstances": 10, "totalInstancesUsed": 2,
                       "maxTotalRAMSize": 512, "totalRAMUsed": 128,
                       "maxServerGroups": 4, "totalServerGroupsUsed": 1,
                       "maxTotalKeypairs": 100})
    assert rows == [("Instances", 2, 10), ("Keypairs", "-", 100), ("RAM", 128, 512),
                    ("ServerGroups", 1, 4)]


def test_limits_reserved_refused_from_2_75(make_cs, mock_http):
    with pytest.raises(exceptions.VersionNotAvailable, match="<= 2.74"):
        make_cs("2.75").limits.get(reserved=True)
    assert not mock_http.called
