"""Every `next`-link follower stops on a server that always sends `next`."""

import itertools
import re

import pytest

from computeclient import base, client, exceptions, shell
from tests.unit.conftest import ENDPOINT

IMAGES = "http://glance.test/image"
NETWORKS = "http://neutron.test/networking"


def _client(version="2.60"):
    return client.Client(version, auth_token="tok", endpoint_override=ENDPOINT,
                         image_endpoint=IMAGES, network_endpoint=NETWORKS)


def _servers_page(ids, marker):
    return {"servers": [{"id": i, "name": i} for i in ids],
            "servers_links": [{"rel": "next",
                               "href": f"{ENDPOINT}/servers/detail?marker={marker}"}]}


def test_the_same_marker_again_stops_the_listing(mock_http):
    pages = iter([_servers_page(["a"], "m"), _servers_page(["b"], "m")])
    mock_http.get(f"{ENDPOINT}/servers/detail", json=lambda r, c: next(pages))
    with pytest.raises(exceptions.PagingLoop) as caught:
        _client().servers.list(limit=-1)
    assert str(caught.value) == ("The server repeats its pages of /servers/detail "
                                 "(marker 'm' after 2 pages); stopped listing")
    assert mock_http.call_count == 2


def test_the_same_page_under_a_new_marker_stops_the_listing(mock_http):
    markers = itertools.count()
    mock_http.get(f"{ENDPOINT}/servers/detail",
                  json=lambda r, c: _servers_page(["a", "b"], f"m{next(markers)}"))
    with pytest.raises(exceptions.PagingLoop, match="repeats its pages"):
        _client().servers.list(limit=-1)
    assert mock_http.call_count == 2


def test_endless_new_pages_stop_at_the_bound(mock_http, monkeypatch):
    monkeypatch.setattr(base, "MAX_PAGES", 50)
    counter = itertools.count()

    def fresh_page(request, context):
        n = next(counter)
        return _servers_page([f"s{n}"], f"s{n}")
    mock_http.get(f"{ENDPOINT}/servers/detail", json=fresh_page)
    with pytest.raises(exceptions.PagingLoop,
                       match="more than 50 pages of /servers/detail; stopped listing"):
        _client().servers.list(limit=-1)
    assert mock_http.call_count == 50


def test_a_last_page_ends_normally(mock_http):
    pages = iter([_servers_page(["a"], "a"), {"servers": [{"id": "b"}]}, {"servers": []}])
    mock_http.get(f"{ENDPOINT}/servers/detail", json=lambda r, c: next(pages))
    assert [s.id for s in _client().servers.list(limit=-1)] == ["a", "b"]
    assert mock_http.last_request.qs["marker"] == ["b"]  # python-novaclient's last, empty page


def test_usage_list_stops_on_a_repeated_page(mock_http):
    page = {"tenant_usages": [{"tenant_id": "p", "server_usages": [{"name": "vm"}]}],
            "tenant_usages_links": [{"rel": "next",
                                     "href": f"{ENDPOINT}/os-simple-tenant-usage?marker=x"}]}
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage", json=page)
    with pytest.raises(exceptions.PagingLoop, match="os-simple-tenant-usage"):
        _client("2.40").usage.list("2024-01-01", "2024-02-01")
    assert mock_http.call_count == 2


def test_usage_get_stops_on_a_repeated_marker(mock_http):
    markers = itertools.count()

    def page(request, context):
        return {"tenant_usage": {"tenant_id": "p", "server_usages": [{"n": next(markers)}]},
                "tenant_usage_links": [{"rel": "next", "href": "/x?marker=same"}]}
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage/p", json=page)
    with pytest.raises(exceptions.PagingLoop, match="marker 'same'"):
        _client("2.40").usage.get("p", "2024-01-01", "2024-02-01")


def test_glance_image_list_stops_on_a_repeated_next(mock_http):
    mock_http.get(f"{IMAGES}/v2/images", json={
        "images": [{"id": "i1", "name": "cirros"}], "next": "/v2/images?marker=i1"})
    with pytest.raises(exceptions.PagingLoop, match="pages of images"):
        _client().glance.list()
    assert mock_http.call_count == 2


def test_image_lookup_by_name_does_not_hang_on_an_endless_glance(mock_http, monkeypatch):
    monkeypatch.setattr(base, "MAX_PAGES", 30)
    counter = itertools.count()

    def page(request, context):
        n = next(counter)
        return {"images": [{"id": f"i{n}", "name": f"other{n}"}],
                "next": f"/v2/images?marker=i{n}"}
    mock_http.get(f"{IMAGES}/v2/images", json=page)
    with pytest.raises(exceptions.PagingLoop, match="more than 30 pages of images"):
        _client().glance.find_image("cirros-no-such")
    assert mock_http.call_count == 30


def test_neutron_network_list_stops_on_a_repeated_marker(mock_http):
    mock_http.get(f"{NETWORKS}/v2.0/networks", json={
        "networks": [{"id": "n1", "name": "private"}],
        "networks_links": [{"rel": "next", "href": "/v2.0/networks?marker=n1"}]})
    with pytest.raises(exceptions.PagingLoop, match="pages of networks"):
        _client().neutron.list()
    assert mock_http.call_count == 2


def test_instance_action_list_stops_on_a_repeated_marker(mock_http):
    mock_http.get(f"{ENDPOINT}/servers/s/os-instance-actions", json={
        "instanceActions": [{"request_id": "req-1", "action": "create"}],
        "links": [{"rel": "next", "href": "/servers/s/os-instance-actions?marker=req-1"}]})
    with pytest.raises(exceptions.PagingLoop, match="os-instance-actions"):
        _client("2.58").instance_action.list("s", limit=-1)
    assert mock_http.call_count == 2


def test_the_shell_says_so_in_one_line(mock_http, capsys, monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "tok")
    mock_http.get(re.compile(re.escape(f"{ENDPOINT}/servers/detail")),
                  json=_servers_page(["a"], "a"))
    code = shell.main(["--os-compute-api-version", "2.60", "list", "--limit", "-1"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == ("ERROR (PagingLoop): The server repeats its pages of /servers/detail "
                   "(marker 'a' after 2 pages); stopped listing\n")


def test_a_server_ignoring_the_marker_is_a_malformed_answer(mock_http):
    """servers.list(limit=-1) asks for the page after the last server, as
    python-novaclient; the same page again is an error a script catches as
    ClientException, not a second copy of every server."""
    mock_http.get(f"{ENDPOINT}/servers/detail", json={"servers": [{"id": "a"}, {"id": "b"}]})
    with pytest.raises(exceptions.InvalidResponse, match="after marker 'b': it ignores"):
        _client().servers.list(limit=-1)
    assert mock_http.call_count == 2
