"""How a Client is built from python-novaclient's keywords: password auth
against Keystone v3 and v2.0, and `v2.client.Client(username=..., ...)`."""

import json

import pytest
from keystoneauth1 import fixture

from computeclient import client, session_client
from computeclient.api_versions import APIVersion
from computeclient.v2 import client as v2_client

IDENTITY = "http://identity.test"
NOVA = "http://nova.test/v2.1"


def _v3_keystone(mock) -> None:
    mock.get(f"{IDENTITY}/v3", json=fixture.V3Discovery(f"{IDENTITY}/v3"))
    token = fixture.V3Token()
    token.set_project_scope(id="p1")
    token.add_service("compute").add_standard_endpoints(public=NOVA)
    mock.post(f"{IDENTITY}/v3/auth/tokens", json=token,
              headers={"X-Subject-Token": "tok3"}, status_code=201)


def _v2_keystone(mock) -> None:
    mock.get(f"{IDENTITY}/v2.0", json=fixture.V2Discovery(f"{IDENTITY}/v2.0"))
    token = fixture.V2Token(token_id="tok2")
    token.set_scope()
    token.add_service("compute").add_endpoint(NOVA)
    mock.post(f"{IDENTITY}/v2.0/tokens", json=token)


def test_password_on_keystone_v3_sends_the_default_domains(requests_mock):
    _v3_keystone(requests_mock)
    requests_mock.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = client.Client("2.1", "demo", "pw", "p1", f"{IDENTITY}/v3")
    cs.keypairs.list()
    auth = json.loads(requests_mock.request_history[1].text)["auth"]
    assert auth["identity"]["password"]["user"]["domain"] == {"id": "default"}
    assert auth["scope"]["project"] == {"id": "p1"}
    assert requests_mock.last_request.headers["X-Auth-Token"] == "tok3"


def test_a_named_project_on_keystone_v3_is_in_the_default_domain(requests_mock):
    _v3_keystone(requests_mock)
    requests_mock.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = client.Client("2.1", "demo", "pw", auth_url=f"{IDENTITY}/v3", project_name="demo")
    cs.keypairs.list()
    auth = json.loads(requests_mock.request_history[1].text)["auth"]
    assert auth["scope"]["project"] == {"name": "demo", "domain": {"id": "default"}}


def test_password_on_a_keystone_v2_0_without_domains(requests_mock):
    """python-novaclient's own test fixtures (and old clouds) serve v2.0 only."""
    _v2_keystone(requests_mock)
    requests_mock.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = client.Client("2.1", "demo", "pw", "p1", f"{IDENTITY}/v2.0")
    cs.keypairs.list()
    assert requests_mock.request_history[1].path == "/v2.0/tokens"
    assert requests_mock.last_request.headers["X-Auth-Token"] == "tok2"


def test_a_user_domain_never_falls_back_to_keystone_v2_0(requests_mock):
    _v2_keystone(requests_mock)
    cs = client.Client("2.1", "demo", "pw", "p1", f"{IDENTITY}/v2.0",
                       user_domain_name="corp")
    with pytest.raises(Exception, match="versioned identity endpoints"):
        cs.keypairs.list()
    assert [r.path for r in requests_mock.request_history] == ["/v2.0"]


def test_v2_client_built_from_novaclient_keywords(requests_mock):
    _v3_keystone(requests_mock)
    requests_mock.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs = v2_client.Client(username="demo", api_key="pw", project_id="p1",
                          auth_url=f"{IDENTITY}/v3", direct_use=False,
                          api_version=APIVersion("2.60"), endpoint_type="public")
    assert isinstance(cs.client, session_client.SessionClient)
    assert cs.client.interface == "public"
    cs.keypairs.list()
    assert requests_mock.last_request.headers["OpenStack-API-Version"] == "compute 2.60"


def test_v2_client_without_a_version_speaks_2_0(requests_mock):
    cs = v2_client.Client(auth_token="t", endpoint_override=NOVA)
    assert isinstance(cs.client, client.HTTPClient)
    assert cs.api_version == APIVersion("2.0")
    requests_mock.get(f"{NOVA}/os-keypairs", json={"keypairs": []})
    cs.keypairs.list()
    assert "OpenStack-API-Version" not in requests_mock.last_request.headers


def test_v2_client_given_a_version_string():
    cs = v2_client.Client(auth_token="t", endpoint_override=NOVA, api_version="2.53")
    assert cs.api_version == APIVersion("2.53")
