"""servers.find(name=...) as python-novaclient does it (a short listing, then
the match by ID), still exact and still ambiguous when two servers share a name."""

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT

LISTING = f"{ENDPOINT}/servers?name=%5Eweb%24"  # ^web$: Nova filters by regular expression
RID = {"x-openstack-request-id": "req-list"}


def _brief(*servers):
    return {"servers": [{"id": sid, "name": name} for sid, name in servers]}


def test_a_name_is_listed_briefly_then_read_by_id(make_cs, mock_http):
    # Nova's regex could match more than the name: only the exact one is read
    mock_http.get(LISTING, json=_brief(("1", "web"), ("2", "web-old")), headers=RID)
    mock_http.get(f"{ENDPOINT}/servers/1", json={"server": {"id": "1", "name": "web",
                                                            "status": "ACTIVE"}})
    server = make_cs("2.60").servers.find(name="web")
    assert (server.id, server.status) == ("1", "ACTIVE")  # every field of a GET
    assert [r.path_url for r in mock_http.request_history] == [
        "/v2.1/servers?name=%5Eweb%24", "/v2.1/servers/1"]
    assert "req-list" in server.request_ids


def test_two_servers_of_that_name_stay_ambiguous(make_cs, mock_http):
    mock_http.get(LISTING, json=_brief(("1", "web"), ("2", "web")))
    for sid in ("1", "2"):
        mock_http.get(f"{ENDPOINT}/servers/{sid}", json={"server": {"id": sid, "name": "web"}})
    with pytest.raises(exceptions.NoUniqueMatch):
        make_cs("2.60").servers.find(name="web")


def test_a_server_renamed_meanwhile_is_not_found(make_cs, mock_http):
    mock_http.get(LISTING, json=_brief(("1", "web")))
    mock_http.get(f"{ENDPOINT}/servers/1", json={"server": {"id": "1", "name": "db"}})
    with pytest.raises(exceptions.NotFound):
        make_cs("2.60").servers.find(name="web")


def test_other_attributes_filter_the_detailed_listing(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/detail", json={"servers": [
        {"id": "1", "name": "a", "status": "ERROR"}, {"id": "2", "name": "b", "status": "ACTIVE"}]})
    assert [s.id for s in make_cs("2.60").servers.findall(status="ERROR")] == ["1"]
    assert mock_http.call_count == 1


def test_networks_come_in_name_order(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/1", json={"server": {"id": "1", "addresses": {
        "public": [{"addr": "1.2.3.4"}], "private": [{"addr": "10.0.0.3"}]}}})
    networks = make_cs("2.60").servers.get("1").networks
    assert list(networks.items()) == [("private", ["10.0.0.3"]), ("public", ["1.2.3.4"])]


def test_reprs_are_python_novaclients(make_cs):
    from computeclient.v2 import servers
    manager = make_cs("2.60").servers
    assert repr(servers.Server(manager, {"id": "1", "name": "web"}, loaded=True)) == (
        "<Server: web>")
    assert repr(servers.Server(manager, {"port_id": "p"}, loaded=True)) == (
        "<Server: unknown-name>")
    assert repr(servers.NetworkInterface(manager, {"port_id": "p1"}, loaded=True)) == (
        "<NetworkInterface: p1>")
