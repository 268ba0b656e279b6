"""HTTPClient and SessionClient: headers, negotiation, errors, masking."""

import json
import logging

import pytest
import requests_mock
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from computeclient import client, exceptions, transport
from computeclient.api_versions import APIVersion
from tests.unit.conftest import ENDPOINT

VERSION_DOC = {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.90",
                           "min_version": "2.1", "updated": "2013-07-23T11:33:21Z"}}


def test_http_client_headers(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/detail", json={"flavors": []})
    cs = make_cs("2.60")
    cs.flavors.list()
    headers = mock_http.last_request.headers
    assert headers["X-Auth-Token"] == "tok"
    assert headers["X-OpenStack-Nova-API-Version"] == "2.60"
    assert headers["OpenStack-API-Version"] == "compute 2.60"
    assert headers["User-Agent"].startswith("computeclient/")
    assert headers["Accept"] == "application/json"


def test_latest_negotiates_once(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/", json=VERSION_DOC)
    mock_http.get(f"{ENDPOINT}/os-keypairs", json={"keypairs": []})
    cs = make_cs("2.latest")
    cs.keypairs.list()
    cs.keypairs.list()
    assert cs.api_version == APIVersion("2.90")
    assert [r.path for r in mock_http.request_history] == ["/v2.1/", "/v2.1/os-keypairs",
                                                           "/v2.1/os-keypairs"]
    assert mock_http.last_request.headers["OpenStack-API-Version"] == "compute 2.90"


def test_explicit_version_does_no_discovery(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-keypairs", json={"keypairs": []})
    make_cs("2.10").keypairs.list()
    assert mock_http.call_count == 1


@pytest.mark.parametrize("version", ["2", 2, "2.0"])
def test_two_is_microversion_2_0_as_in_novaclient(mock_http, version):
    """Horizon's Client(2, ...): no version document, no microversion header
    (Nova's base API), and the calls that base API allows."""
    mock_http.post(f"{ENDPOINT}/os-keypairs", json={"keypair": {"name": "k", "private_key": "p"}})
    mock_http.get(f"{ENDPOINT}/os-hypervisors/statistics",
                  json={"hypervisor_statistics": {"count": 2}})
    mock_http.post(f"{ENDPOINT}/servers/s1/action", status_code=202)
    cs = client.Client(version, auth_token="tok", endpoint_override=ENDPOINT)
    assert cs.api_version == APIVersion("2.0") and not cs.api_version >= APIVersion("2.40")
    assert cs.keypairs.create("k").private_key == "p"
    assert json.loads(mock_http.request_history[0].body) == {"keypair": {"name": "k"}}
    assert cs.hypervisors.statistics().count == 2
    cs.servers.live_migrate("s1", "h")
    assert json.loads(mock_http.last_request.body) == {"os-migrateLive": {
        "host": "h", "block_migration": False, "disk_over_commit": False}}
    assert [r.path for r in mock_http.request_history] == [
        "/v2.1/os-keypairs", "/v2.1/os-hypervisors/statistics", "/v2.1/servers/s1/action"]
    assert not any("API-Version" in name for r in mock_http.request_history
                   for name in r.headers)


def test_version_root_strips_project():
    assert transport.version_root("http://h:8774/v2.1/abc123") == "http://h:8774/v2.1/"
    assert transport.version_root("http://h/compute/v2.1") == "http://h/compute/v2.1/"


def test_management_url_and_token_settable_after_construction(mock_http):
    cs = client.Client("2.1", auth_token="old", endpoint_override="http://a.test/v2.1")
    cs.client.auth_token = "new"
    cs.client.management_url = "http://b.test/v2.1"
    mock_http.get("http://b.test/v2.1/limits", json={"limits": {"absolute": {}}})
    cs.limits.get()
    assert mock_http.last_request.headers["X-Auth-Token"] == "new"


def test_bypass_url_is_endpoint_override(mock_http):
    cs = client.Client("2.1", auth_token="t", bypass_url="http://c.test/v2.1")
    assert isinstance(cs.client, client.HTTPClient)
    assert cs.client.management_url == "http://c.test/v2.1"


def test_error_raised_with_request_id(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/x", status_code=404,
                  headers={"x-openstack-request-id": "req-9"},
                  json={"itemNotFound": {"code": 404, "message": "Instance x could not be found."}})
    with pytest.raises(exceptions.NotFound) as err:
        make_cs().servers.get("x")
    assert str(err.value) == "Instance x could not be found. (HTTP 404) (Request-ID: req-9)"


def test_connection_refused_is_one_line():
    cs = client.Client("2.1", auth_token="t", endpoint_override="http://127.0.0.1:9/v2.1")
    with pytest.raises(exceptions.ConnectionRefused, match="Unable to connect to http://127.0.0.1:9"):
        cs.limits.get()


def test_debug_log_masks_token_and_passwords(mock_http, caplog):
    cs = client.Client("2.60", auth_token="s3cr3t-token", endpoint_override=ENDPOINT,
                       http_log_debug=True)
    mock_http.post(f"{ENDPOINT}/servers", json={"server": {"id": "1", "adminPass": "hunter2"}})
    with caplog.at_level(logging.DEBUG):
        cs.client.post("/servers", body={"server": {"name": "a", "adminPass": "pw-in"}})
    text = caplog.text
    assert "s3cr3t-token" not in text and "hunter2" not in text and "pw-in" not in text
    assert "X-Auth-Token: ***" in text


def test_session_client_through_keystoneauth(mock_http):
    auth = token_endpoint.Token(ENDPOINT, "tok2")
    cs = client.Client("2.latest", session=ksa_session.Session(auth=auth))
    assert isinstance(cs.client, client.SessionClient)
    mock_http.get(f"{ENDPOINT}/", json=VERSION_DOC)
    mock_http.get(f"{ENDPOINT}/os-keypairs", json={"keypairs": [{"keypair": {"name": "k"}}]})
    assert [k.name for k in cs.keypairs.list()] == ["k"]
    assert mock_http.last_request.headers["X-Auth-Token"] == "tok2"
    assert mock_http.last_request.headers["OpenStack-API-Version"] == "compute 2.90"


def test_session_client_raises_computeclient_errors(mock_http):
    auth = token_endpoint.Token(ENDPOINT, "tok")
    cs = client.Client("2.60", session=ksa_session.Session(auth=auth))
    mock_http.get(f"{ENDPOINT}/flavors/nope", status_code=404,
                  headers={"x-compute-request-id": "req-c"},
                  json={"itemNotFound": {"message": "Flavor nope could not be found."}})
    with pytest.raises(exceptions.NotFound) as err:
        cs.flavors.get("nope")
    assert err.value.request_id == "req-c"


def test_session_client_reauthenticates_once_on_401():
    from keystoneauth1 import plugin

    class CountingAuth(plugin.BaseAuthPlugin):
        def __init__(self):
            super().__init__()
            self.tokens = iter(["t1", "t2"])
            self.current = None

        def get_token(self, session, **kwargs):
            if self.current is None:
                self.current = next(self.tokens)
            return self.current

        def get_endpoint(self, session, **kwargs):
            return ENDPOINT

        def invalidate(self):
            self.current = None
            return True

    with requests_mock.Mocker() as mocker:
        mocker.get(f"{ENDPOINT}/limits", [
            {"status_code": 401, "json": {"error": {"message": "expired"}}},
            {"json": {"limits": {"absolute": {"maxTotalCores": 20}}}}])
        cs = client.Client("2.60", session=ksa_session.Session(auth=CountingAuth()))
        limits = cs.limits.get()
        assert limits.absolute is not None
        assert [r.headers["X-Auth-Token"] for r in mocker.request_history] == ["t1", "t2"]


@pytest.mark.parametrize("credentials, missing", [
    ({}, "auth_url, username, password"),
    ({"auth_url": "http://identity.test/v3"}, "username, password"),
    ({"auth_url": "http://identity.test/v3", "username": "demo"}, "password"),
    ({"username": "demo", "password": "pw"}, "auth_url"),
    ({"auth_token": "tok"}, "auth_url or endpoint_override"),
])
def test_missing_credentials_is_a_clear_error_at_the_first_request(credentials, missing):
    """As python-novaclient, a client builds without credentials (mistral
    reads method signatures from Client(2)); using it says what is missing,
    before anything is sent (keystoneauth1 would ask Keystone, warn, then
    raise a bare Exception for a missing password)."""
    cs = client.Client("2.1", **credentials)
    with requests_mock.Mocker() as mocker:
        for use in (cs.flavors.list, lambda: cs.glance.list()):
            with pytest.raises(exceptions.InvalidArgument) as refused:
                use()
            assert str(refused.value).startswith(f"Missing credentials: {missing} (give ")
        assert mocker.request_history == []
