"""Aggregate and availability-zone requests: action bodies, image caching (2.81),
lookups by id, uuid (2.41) and name."""

import json

import pytest

from computeclient import exceptions
from computeclient.v2.commands.availability_zones import zone_rows
from tests.unit.conftest import ENDPOINT

AGG = {"id": 7, "name": "ag", "uuid": "0f3c2b8e-1111-4222-8333-444455556666",
       "availability_zone": None, "hosts": [], "metadata": {}}


@pytest.fixture
def sent(mock_http):
    return lambda: json.loads(mock_http.last_request.body)


def test_create_update_and_actions(make_cs, mock_http, sent):
    mock_http.post(f"{ENDPOINT}/os-aggregates", json={"aggregate": AGG})
    mock_http.put(f"{ENDPOINT}/os-aggregates/7", json={"aggregate": AGG})
    mock_http.post(f"{ENDPOINT}/os-aggregates/7/action", json={"aggregate": AGG})
    aggregates = make_cs("2.41").aggregates
    aggregates.create("ag", "az1")
    assert sent() == {"aggregate": {"name": "ag", "availability_zone": "az1"}}
    aggregates.update(7, {"availability_zone": "az2"})
    assert sent() == {"aggregate": {"availability_zone": "az2"}}
    aggregates.add_host(7, "compute1")
    assert sent() == {"add_host": {"host": "compute1"}}
    aggregates.remove_host(7, "compute1")
    assert sent() == {"remove_host": {"host": "compute1"}}
    aggregates.set_metadata(7, {"a": "1", "gone": None})
    assert sent() == {"set_metadata": {"metadata": {"a": "1", "gone": None}}}
    with pytest.raises(exceptions.InvalidArgument):
        aggregates.update(7, {"hosts": ["x"]})


def test_cache_images_from_2_81(make_cs, mock_http, sent):
    mock_http.post(f"{ENDPOINT}/os-aggregates/7/images", status_code=202)
    make_cs("2.81").aggregates.cache_images(7, ["i1", "i2"])
    assert sent() == {"cache": [{"id": "i1"}, {"id": "i2"}]}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.81"):
        make_cs("2.80").aggregates.cache_images(7, ["i1"])
    with pytest.raises(exceptions.InvalidArgument, match="twice"):
        make_cs("2.81").aggregates.cache_images(7, ["i1", "i1"])


def test_find_by_id_uuid_and_name(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-aggregates/7", json={"aggregate": AGG})
    mock_http.get(f"{ENDPOINT}/os-aggregates", json={"aggregates": [AGG, dict(AGG, id=8,
                                                                    uuid="x", name="dup"),
                                                               dict(AGG, id=9, uuid="y",
                                                                    name="dup")]})
    aggregates = make_cs("2.41").aggregates
    assert aggregates.find_aggregate("7").id == 7
    assert aggregates.find_aggregate(AGG["uuid"]).id == 7
    assert aggregates.find_aggregate("ag").id == 7
    with pytest.raises(exceptions.NoUniqueMatch, match="More than one"):
        aggregates.find_aggregate("dup")
    with pytest.raises(exceptions.NotFound, match="No aggregate"):
        aggregates.find_aggregate("none")


def test_availability_zone_tree(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-availability-zone/detail", json={"availabilityZoneInfo": [
        {"zoneName": "nova", "zoneState": {"available": True}, "hosts": {
            "c1": {"nova-compute": {"available": False, "active": True, "updated_at": "t"}}}},
        {"zoneName": "az9", "zoneState": {"available": False}, "hosts": None}]})
    zones = make_cs("2.60").availability_zones.list()
    assert zone_rows(zones) == [("nova", "available"), ("|- c1", ""),
                                ("| |- nova-compute", "enabled XXX t"),
                                ("az9", "not available")]
