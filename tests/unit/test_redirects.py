"""Redirects in both transports: the token stays on its origin, every 3xx is
either followed within it or an error, relative Locations resolve."""

import json

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from computeclient import client, exceptions
from tests.unit.conftest import ENDPOINT

OTHER = "http://evil.test:8774/v2.1"
FLAVOR = {"flavor": {"id": "1", "name": "tiny"}}


def _token_client():
    return client.Client("2.60", auth_token="tok", endpoint_override=ENDPOINT)


def _session_client():
    auth = token_endpoint.Token(ENDPOINT, "tok")
    return client.Client("2.60", session=ksa_session.Session(auth=auth))


TRANSPORTS = [pytest.param(_token_client, id="token"), pytest.param(_session_client, id="session")]


@pytest.mark.parametrize("make", TRANSPORTS)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_host_is_refused_and_gets_no_token(mock_http, make, status):
    mock_http.get(f"{ENDPOINT}/flavors/1", status_code=status,
                  headers={"Location": f"{OTHER}/flavors/1"})
    elsewhere = mock_http.get(f"{OTHER}/flavors/1", json=FLAVOR)
    with pytest.raises(exceptions.UnfollowedRedirect) as caught:
        make().flavors.get("1")
    assert not elsewhere.called
    assert str(caught.value) == (
        f"GET {ENDPOINT}/flavors/1 was redirected to another host (http://evil.test:8774), "
        f"which would receive the token; not followed (HTTP {status})")
    assert isinstance(caught.value, exceptions.ClientException)


@pytest.mark.parametrize("make", TRANSPORTS)
@pytest.mark.parametrize("location", ["https://nova.test/v2.1/flavors/1",
                                      "http://nova.test:8080/v2.1/flavors/1"])
def test_another_scheme_or_port_is_another_origin(mock_http, make, location):
    mock_http.get(f"{ENDPOINT}/flavors/1", status_code=307, headers={"Location": location})
    with pytest.raises(exceptions.UnfollowedRedirect, match="to another host"):
        make().flavors.get("1")
    assert mock_http.call_count == 1


@pytest.mark.parametrize("make", TRANSPORTS)
def test_a_relative_location_is_followed_on_the_same_host(mock_http, make):
    mock_http.get(f"{ENDPOINT}/flavors/1", status_code=302, headers={"Location": "moved/1"})
    moved = mock_http.get(f"{ENDPOINT}/flavors/moved/1", json=FLAVOR)
    assert make().flavors.get("1").name == "tiny"
    assert moved.last_request.headers["X-Auth-Token"] == "tok"
    mock_http.get(f"{ENDPOINT}/flavors/2", status_code=301, headers={"Location": "/v2.1/f/2"})
    absolute_path = mock_http.get("http://nova.test/v2.1/f/2", json=FLAVOR)
    make().flavors.get("2")
    assert absolute_path.called


@pytest.mark.parametrize("make", TRANSPORTS)
def test_a_307_keeps_the_post_and_its_body_a_303_becomes_a_get(mock_http, make):
    mock_http.post(f"{ENDPOINT}/os-keypairs", status_code=307,
                   headers={"Location": f"{ENDPOINT}/keypairs-here"})
    here = mock_http.post(f"{ENDPOINT}/keypairs-here",
                          json={"keypair": {"name": "k", "public_key": "p"}})
    make().keypairs.create("k", public_key="p")
    assert json.loads(here.last_request.body)["keypair"]["name"] == "k"
    mock_http.post(f"{ENDPOINT}/servers/s/action", status_code=303,
                   headers={"Location": f"{ENDPOINT}/servers/s"})
    result = mock_http.get(f"{ENDPOINT}/servers/s", json={"server": {"id": "s"}})
    make().servers.start("s")
    assert result.called and result.last_request.body is None


@pytest.mark.parametrize("make", TRANSPORTS)
@pytest.mark.parametrize("status, headers, why", [
    (304, {}, "was redirected without a Location; not followed (HTTP 304)"),
    (300, {}, "was redirected without a Location; not followed (HTTP 300)"),
    (302, {}, "was redirected without a Location; not followed (HTTP 302)"),
    (305, {"Location": f"{ENDPOINT}/x"}, "was redirected; not followed (HTTP 305)"),
])
def test_a_3xx_that_is_not_followed_is_an_error(mock_http, make, status, headers, why):
    mock_http.get(f"{ENDPOINT}/flavors/1", status_code=status, headers=headers,
                  json={"flavor": {"id": "1"}})
    with pytest.raises(exceptions.UnfollowedRedirect) as caught:
        make().flavors.get("1")
    assert str(caught.value) == f"GET {ENDPOINT}/flavors/1 {why}"


@pytest.mark.parametrize("make", TRANSPORTS)
def test_a_redirect_loop_stops(mock_http, make):
    loop = mock_http.get(f"{ENDPOINT}/flavors/1", status_code=302,
                         headers={"Location": f"{ENDPOINT}/flavors/1"})
    with pytest.raises(exceptions.UnfollowedRedirect, match="more than 5 times"):
        make().flavors.get("1")
    assert loop.call_count == 6


def test_the_shell_reports_a_refused_redirect_in_one_line(mock_http, capsys, monkeypatch):
    from computeclient import shell
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "tok")
    mock_http.get(f"{ENDPOINT}/os-keypairs/k", status_code=307,
                  headers={"Location": f"{OTHER}/os-keypairs/k"})
    mock_http.get(f"{OTHER}/os-keypairs/k", json={"keypair": {"name": "k"}})
    code = shell.main(["--os-compute-api-version", "2.60", "keypair-show", "k"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("ERROR (UnfollowedRedirect): ")
    assert mock_http.call_count == 1


@pytest.mark.parametrize("make", TRANSPORTS)
@pytest.mark.parametrize("location, why", [
    ("http://nova.test:99999/x", "to another host (http://nova.test)"),
    ("javascript:alert(1)", "to another host (javascript://)"),
    ("   ", "without a Location"),
])
def test_a_bad_location_is_refused_in_one_error(mock_http, make, location, why):
    mock_http.get(f"{ENDPOINT}/flavors/1", status_code=302, headers={"Location": location})
    with pytest.raises(exceptions.UnfollowedRedirect) as caught:
        make().flavors.get("1")
    assert why in str(caught.value)
    assert mock_http.call_count == 1


@pytest.mark.parametrize("make", TRANSPORTS)
def test_an_unparsable_location_is_one_library_error(mock_http, make):
    """requests parses Location even when not following it: its error is wrapped."""
    mock_http.get(f"{ENDPOINT}/flavors/1", status_code=302, headers={"Location": "http://[::1"})
    with pytest.raises(exceptions.ComputeClientError, match="Invalid IPv6 URL"):
        make().flavors.get("1")
    assert mock_http.call_count == 1
