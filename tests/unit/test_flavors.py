"""Flavor requests per microversion: create bodies, update, extra specs, access, list queries."""

import json
from urllib.parse import parse_qs, urlparse

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT

FLAVOR = {"id": "f1", "name": "f", "ram": 1, "vcpus": 1, "disk": 0}


@pytest.fixture
def sent(mock_http):
    def body():
        return json.loads(mock_http.last_request.body)
    return body


def test_create_body_at_2_54_has_rxtx_and_no_description(make_cs, mock_http, sent):
    mock_http.post(f"{ENDPOINT}/flavors", json={"flavor": FLAVOR})
    make_cs("2.54").flavors.create("f", 512, 2, 10, flavorid="auto", ephemeral=3, swap=64,
                                   rxtx_factor=1.5, is_public=False)
    assert sent() == {"flavor": {"name": "f", "ram": 512, "vcpus": 2, "disk": 10, "id": None,
                                 "OS-FLV-EXT-DATA:ephemeral": 3, "swap": 64,
                                 "rxtx_factor": 1.5, "os-flavor-access:is_public": False}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.55"):
        make_cs("2.54").flavors.create("f", 512, 2, 10, description="d")


def test_create_description_from_2_55_and_no_rxtx_from_2_102(make_cs, mock_http, sent):
    mock_http.post(f"{ENDPOINT}/flavors", json={"flavor": FLAVOR})
    make_cs("2.55").flavors.create("f", "512", "2", "0", flavorid=42, description="d")
    body = sent()["flavor"]
    assert body["description"] == "d" and body["id"] == 42 and body["ram"] == 512
    assert body["rxtx_factor"] == 1.0  # python-novaclient's default, sent while Nova takes it
    make_cs("2.102").flavors.create("f", 512, 2, 10, is_public="false")
    assert "rxtx_factor" not in sent()["flavor"]
    assert sent()["flavor"]["os-flavor-access:is_public"] is False
    with pytest.raises(exceptions.VersionNotAvailable, match="<= 2.101"):
        make_cs("2.102").flavors.create("f", 512, 2, 10, rxtx_factor=2)


@pytest.mark.parametrize("kwargs, message", [
    ({"ram": 0}, "ram must be a positive"),
    ({"vcpus": "x"}, "vcpus must be an integer"),
    ({"disk": -1}, "disk must be a non-negative"),
    ({"rxtx_factor": 0}, "greater than 0"),
])
def test_create_refuses_bad_numbers_before_sending(make_cs, mock_http, kwargs, message):
    args = dict(name="f", ram=1, vcpus=1, disk=1)
    args.update(kwargs)
    with pytest.raises(exceptions.InvalidArgument, match=message):
        make_cs("2.60").flavors.create(**args)
    assert not mock_http.called


def test_update_description(make_cs, mock_http, sent):
    mock_http.put(f"{ENDPOINT}/flavors/f1", json={"flavor": dict(FLAVOR, description="x")})
    assert make_cs("2.55").flavors.update("f1", "x").description == "x"
    assert sent() == {"flavor": {"description": "x"}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.55"):
        make_cs("2.54").flavors.update("f1", "x")


def test_extra_specs_requests(make_cs, mock_http, sent):
    specs = f"{ENDPOINT}/flavors/f1/os-extra_specs"
    mock_http.post(specs, json={"extra_specs": {"a": "1"}})
    mock_http.get(specs, json={"extra_specs": {"a": "1"}})
    mock_http.delete(f"{specs}/a", status_code=202)
    cs = make_cs("2.60")
    assert cs.flavors.set_keys("f1", {"a": "1"}) == {"a": "1"}
    assert sent() == {"extra_specs": {"a": "1"}}
    flavor = cs.flavors._make(FLAVOR, loaded=True)
    assert flavor.get_keys() == {"a": "1"}  # 2.60: one more request
    cs.flavors.unset_keys("f1", ["a"])
    assert mock_http.last_request.method == "DELETE"


def test_extra_specs_embedded_from_2_61(make_cs, mock_http):
    flavor = make_cs("2.61").flavors._make(dict(FLAVOR, extra_specs={"b": "2"}), loaded=True)
    assert flavor.get_keys() == {"b": "2"}
    assert not mock_http.called


def _query(request):
    return {k: v[0] for k, v in parse_qs(urlparse(request.url).query).items()}


def test_list_queries(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": [FLAVOR]})
    make_cs("2.60").flavors.list(is_public=None, min_disk=5, min_ram=512, sort_key="name",
                                 sort_dir="desc", limit=3, marker="m")
    assert _query(mock_http.last_request) == {
        "is_public": "None", "minDisk": "5", "minRam": "512", "sort_key": "name",
        "sort_dir": "desc", "limit": "3", "marker": "m"}
    make_cs("2.102").flavors.list(name="m1.tiny")
    assert _query(mock_http.last_request)["name"] == "m1.tiny"
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.102"):
        make_cs("2.101").flavors.list(name="m1.tiny")
    with pytest.raises(exceptions.VersionNotAvailable, match="<= 2.101"):
        make_cs("2.102").flavors.list(sort_key="rxtx_factor")


def test_list_every_page(make_cs, mock_http):
    url = f"{ENDPOINT}/flavors/detail"
    mock_http.get(url, [
        {"json": {"flavors": [FLAVOR], "flavors_links": [
            {"rel": "next", "href": f"{url}?marker=f1"}]}},
        {"json": {"flavors": [dict(FLAVOR, id="f2")]}},
    ])
    assert [f.id for f in make_cs("2.60").flavors.list(limit=-1)] == ["f1", "f2"]
    assert _query(mock_http.last_request)["marker"] == "f1"


def test_access_actions(make_cs, mock_http, sent):
    access = {"flavor_access": [{"flavor_id": "f1", "tenant_id": "p1"}]}
    mock_http.post(f"{ENDPOINT}/flavors/f1/action", json=access)
    mock_http.get(f"{ENDPOINT}/flavors/f1/os-flavor-access", json=access)
    cs = make_cs("2.60")
    assert [a.tenant_id for a in cs.flavor_access.add_tenant_access("f1", "p1")] == ["p1"]
    assert sent() == {"addTenantAccess": {"tenant": "p1"}}
    cs.flavor_access.remove_tenant_access("f1", "p1")
    assert sent() == {"removeTenantAccess": {"tenant": "p1"}}
    assert cs.flavor_access.list("f1")[0].flavor_id == "f1"


@pytest.mark.parametrize("version, name_query", [("2.101", None), ("2.102", [r"^m1\.tiny$"])])
def test_find_by_name_filters_server_side_from_2_102(make_cs, mock_http, version, name_query):
    mock_http.get(f"{ENDPOINT}/flavors/m1.tiny", status_code=404,
                  json={"itemNotFound": {"message": "Flavor m1.tiny could not be found."}})
    mock_http.get(f"{ENDPOINT}/flavors/detail",
                  json={"flavors": [dict(FLAVOR, name="m1.tiny"), dict(FLAVOR, id="f2",
                                                                       name="m1.tinyX")]})
    from computeclient import cliutils
    assert cliutils.find_resource(make_cs(version).flavors, "m1.tiny").id == "f1"
    assert mock_http.last_request.qs.get("name") == name_query
