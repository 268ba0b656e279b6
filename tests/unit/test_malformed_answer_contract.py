"""A malformed answer reaches a library caller as a computeclient.exceptions
class (InvalidResponse), never an AttributeError/TypeError/ValueError; and
the shell turns whatever a command raised after an answer came into one
InvalidResponse line, without a list of Python built-ins."""

from __future__ import annotations

import pytest

from computeclient import client, exceptions, shell
from tests.unit.conftest import ENDPOINT

SERVER = {"id": "s1", "name": "vm1", "status": "ACTIVE"}
BAD_LINKS = {
    "a-string": "http://x?marker=s1",
    "a-mapping": {"rel": "next", "href": "http://x?marker=s1"},
    "a-list-of-numbers": [1],
    "rel-a-number": [{"rel": 5, "href": "http://x?marker=s1"}],
    "href-a-number": [{"rel": "next", "href": 5}],
    "href-a-bad-url": [{"rel": "next", "href": "http://[::1?marker=s1"}],
}


@pytest.mark.parametrize("links", BAD_LINKS.values(), ids=BAD_LINKS.keys())
@pytest.mark.parametrize("how", ["list", "iterate"])
def test_servers_links_of_the_wrong_shape(make_cs, mock_http, links, how):
    mock_http.get(f"{ENDPOINT}/servers/detail",
                  json={"servers": [SERVER], "servers_links": links})
    cs = make_cs("2.60")
    with pytest.raises(exceptions.InvalidResponse):
        if how == "list":
            cs.servers.list(limit=-1)
        else:
            list(cs.servers.iterate())


@pytest.mark.parametrize("answer", [
    {"tenant_usages": [1]},
    {"tenant_usages": [{"tenant_id": "t", "server_usages": "x"}]},
    {"tenant_usages": "x"},
    {"tenant_usages": [{"tenant_id": "t"}], "tenant_usages_links": "x"},
])
def test_usage_list_of_the_wrong_shape(make_cs, mock_http, answer):
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage", json=answer)
    with pytest.raises(exceptions.InvalidResponse):
        make_cs("2.60").usage.list("2026-01-01", "2026-02-01")


@pytest.mark.parametrize("answer", [{"tenant_usage": [1]}, {"tenant_usage": "x"},
                                    {"tenant_usage": {"server_usages": {}}}])
def test_usage_get_of_the_wrong_shape(make_cs, mock_http, answer):
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage/p1", json=answer)
    with pytest.raises(exceptions.InvalidResponse):
        make_cs("2.60").usage.get("p1", "2026-01-01", "2026-02-01")


@pytest.mark.parametrize("version, url", [
    ("2.60", f"{ENDPOINT}/servers/s1/remote-consoles"),
    ("2.1", f"{ENDPOINT}/servers/s1/action")])
@pytest.mark.parametrize("answer", [{"text": ""}, {"json": {"remote_console": []}},
                                    {"json": {"console": "x"}}])
def test_console_url_on_an_empty_or_odd_200(make_cs, mock_http, version, url, answer):
    """Refused at the call, or (an object without the console, which
    python-novaclient returns as it came) when its URL is read."""
    mock_http.post(url, status_code=200, **answer)
    with pytest.raises(exceptions.InvalidResponse):
        make_cs(version).servers.get_console_url("s1", "novnc")["url"]


@pytest.mark.parametrize("items", [[1], ["x"], [[1]]])
def test_list_items_that_are_not_objects(make_cs, mock_http, items):
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": items})
    with pytest.raises(exceptions.InvalidResponse):
        make_cs().flavors.list()


@pytest.mark.parametrize("images", [5, "x", {"a": 1}])
def test_images_not_a_list(mock_http, images):
    mock_http.get("http://glance.test/v2/images", json={"images": images})
    cs = client.Client("2.60", auth_token="tok", endpoint_override=ENDPOINT,
                       image_endpoint="http://glance.test")
    with pytest.raises(exceptions.InvalidResponse):
        cs.glance.list()


@pytest.mark.parametrize("ephemeral", ["abc", [1], 1.5, True])
def test_flavor_field_of_the_wrong_type(make_cs, mock_http, ephemeral):
    flavor = {"id": "1", "name": "f", "ram": 1, "vcpus": 1, "disk": 1,
              "OS-FLV-EXT-DATA:ephemeral": ephemeral}
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": [flavor]})
    (got,) = make_cs().flavors.list()
    with pytest.raises(exceptions.InvalidResponse):
        got.ephemeral  # noqa: B018


def test_shell_flavor_list_with_a_field_of_the_wrong_type(mock_http, monkeypatch, capsys,
                                                          tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    flavor = {"id": "1", "name": "f", "ram": 1, "vcpus": 1, "disk": 1,
              "OS-FLV-EXT-DATA:ephemeral": "abc"}
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": [flavor]})
    code = shell.main(["--os-auth-type", "admin_token", "--os-token", "t",
                       "--os-endpoint-override", ENDPOINT, "--os-compute-api-version", "2.60",
                       "flavor-list"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("ERROR (InvalidResponse): ") and err.count("\n") == 1


def test_shell_wraps_any_error_a_command_raises_after_an_answer(mock_http, monkeypatch,
                                                                capsys, tmp_path):
    from computeclient.v2 import flavors

    def odd(self):
        raise LookupError("something unforeseen")
    monkeypatch.setattr(flavors.Flavor, "get_keys", odd)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": [
        {"id": "1", "name": "f", "ram": 1, "vcpus": 1, "disk": 1}]})
    code = shell.main(["--os-auth-type", "admin_token", "--os-token", "t",
                       "--os-endpoint-override", ENDPOINT, "--os-compute-api-version", "2.60",
                       "flavor-list", "--extra-specs"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("ERROR (InvalidResponse): Could not read the server")
