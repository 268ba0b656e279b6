"""The library's doors on real Nova: session, legacy credentials, token + endpoint."""

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1.identity import v3

from computeclient import client, exceptions
from computeclient.api_versions import APIVersion
from computeclient.v2 import polling


def _boot_and_delete(cs, name):
    """Boot a server through the library, wait for ACTIVE, delete it, wait for gone."""
    image = cs.glance.find_image("cirros")
    flavor = cs.flavors.find(name="m1.tiny")
    server = cs.servers.create(name, image, flavor, nics="none")
    active = polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], f"boot of {name}")
    assert active.status == "ACTIVE"
    assert cs.servers.find(name=name).id == server.id
    cs.servers.delete(server)
    # Nova shows status DELETED a moment before the server is gone: wait for the 404.
    polling.wait_for_server(cs.servers, server.id, [], f"delete of {name}",
                            gone_is_done=True)
    with pytest.raises(exceptions.NotFound):
        cs.servers.get(server.id)


def _keystone_env(sandbox):
    return sandbox.env(user="admin")


def test_session_with_token_endpoint(compute_sandbox):
    cs = client.Client("2.latest", session=compute_sandbox.session(),
                       image_endpoint=compute_sandbox.image_endpoint)
    assert isinstance(cs.client, client.SessionClient)
    assert cs.api_version == APIVersion("2.104")  # negotiated with the server
    assert "m1.tiny" in [f.name for f in cs.flavors.list()]
    _boot_and_delete(cs, "lib-session-token")


def test_session_with_password_through_catalog(compute_sandbox_keystone):
    env = _keystone_env(compute_sandbox_keystone)
    auth = v3.Password(auth_url=env["OS_AUTH_URL"], username=env["OS_USERNAME"],
                       password=env["OS_PASSWORD"], project_name=env["OS_PROJECT_NAME"],
                       user_domain_name="Default", project_domain_name="Default")
    cs = client.Client("2.latest", session=ksa_session.Session(auth=auth))
    assert cs.client.get_compute_endpoint().startswith("http://127.0.0.1:")
    assert cs.client.get_endpoint("image").rstrip("/").endswith("/image")
    _boot_and_delete(cs, "lib-session-password")


def test_legacy_credentials_build_a_session(compute_sandbox_keystone):
    env = _keystone_env(compute_sandbox_keystone)
    cs = client.Client("2.60", env["OS_USERNAME"], env["OS_PASSWORD"],
                       project_name=env["OS_PROJECT_NAME"], auth_url=env["OS_AUTH_URL"],
                       user_domain_name="Default", project_domain_name="Default")
    assert isinstance(cs.client, client.SessionClient)
    assert cs.api_version == APIVersion("2.60")
    keypair = cs.keypairs.create("legacy-key", public_key=(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMdAVzVJWCgnx4eLP0p6bn8Sg4H+8vgpY6k1u4Yp0n4H x"))
    try:
        assert cs.keypairs.get("legacy-key").fingerprint == keypair.fingerprint
    finally:
        cs.keypairs.delete("legacy-key")


def test_token_and_endpoint_with_plain_requests(compute_sandbox):
    cs = client.Client("2.latest", auth_token="admin:admin",
                       endpoint_override=compute_sandbox.endpoint,
                       image_endpoint=compute_sandbox.image_endpoint)
    assert isinstance(cs.client, client.HTTPClient)
    _boot_and_delete(cs, "lib-http-client")


def test_token_and_management_url_set_after_construction(compute_sandbox):
    cs = client.Client("2.60", auth_token="nobody:nowhere",
                       endpoint_override="http://127.0.0.1:9/v2.1")
    with pytest.raises(exceptions.ConnectionRefused):
        cs.flavors.list()
    cs.client.management_url = compute_sandbox.endpoint
    cs.client.auth_token = "demo:demo"
    with pytest.raises(exceptions.Forbidden):
        cs.servers.list(search_opts={"all_tenants": True})
    cs.client.auth_token = "admin:admin"
    assert isinstance(cs.servers.list(search_opts={"all_tenants": True}), list)


def test_keystone_token_with_http_client(compute_sandbox_keystone):
    """A dashboard holding a Keystone token and the catalog's URL."""
    env = _keystone_env(compute_sandbox_keystone)
    auth = v3.Password(auth_url=env["OS_AUTH_URL"], username=env["OS_USERNAME"],
                       password=env["OS_PASSWORD"], project_name=env["OS_PROJECT_NAME"],
                       user_domain_name="Default", project_domain_name="Default")
    sess = ksa_session.Session(auth=auth)
    endpoint = sess.get_endpoint(service_type="compute", interface="public")
    cs = client.Client("2.latest", auth_token=sess.get_token(), endpoint_override=endpoint)
    assert "m1.small" in [f.name for f in cs.flavors.list()]
    cs.client.auth_token = "not-a-token"
    with pytest.raises(exceptions.Unauthorized):
        cs.flavors.list()
