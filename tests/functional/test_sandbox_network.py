"""The sandbox behaves like a small real cloud: addresses, catalog, env."""

from __future__ import annotations

import ipaddress
import time

import pytest
import requests

CIRROS = "c1f0a3e2-5b7d-4f8e-9a61-0d2b3c4e5f60"
HEADERS = {"X-Auth-Token": "admin:admin", "OpenStack-API-Version": "compute 2.104"}


def _boot(endpoint: str, name: str, networks: object) -> str:
    body = {"server": {"name": name, "flavorRef": "1", "imageRef": CIRROS,
                       "networks": networks}}
    reply = requests.post(f"{endpoint}/servers", json=body, headers=HEADERS, timeout=30)
    assert reply.status_code == 202, reply.text
    return reply.json()["server"]["id"]


def _wait_active(endpoint: str, server_id: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        server = requests.get(f"{endpoint}/servers/{server_id}", headers=HEADERS,
                              timeout=30).json()["server"]
        if server["status"] in ("ACTIVE", "ERROR"):
            return server
        time.sleep(0.3)
    pytest.fail(f"server {server_id} did not become ACTIVE within 60 s")


def test_servers_on_a_network_get_their_own_address(compute_sandbox):
    endpoint = compute_sandbox.endpoint
    private = requests.get(f"{compute_sandbox.network_endpoint}/v2.0/networks",
                           params={"name": "private"}, headers=HEADERS,
                           timeout=30).json()["networks"][0]
    ids = [_boot(endpoint, "net-auto", "auto"),
           _boot(endpoint, "net-id", [{"uuid": private["id"]}]),
           _boot(endpoint, "net-none", "none")]
    try:
        servers = [_wait_active(endpoint, server_id) for server_id in ids]
        assert [s["status"] for s in servers] == ["ACTIVE"] * 3
        auto, by_id, none = (s["addresses"] for s in servers)
        assert none == {}
        addresses = [auto["private"][0]["addr"], by_id["private"][0]["addr"]]
        assert addresses[0] != addresses[1]
        subnet = ipaddress.ip_network("192.168.1.0/24")
        assert all(ipaddress.ip_address(a) in subnet for a in addresses)
    finally:
        for server_id in ids:
            requests.delete(f"{endpoint}/servers/{server_id}", headers=HEADERS, timeout=30)


def test_env_has_exactly_the_documented_variables(compute_sandbox):
    env = compute_sandbox.env(user="demo")
    assert env == {
        "OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": compute_sandbox.endpoint,
        "OS_TOKEN": "demo:demo", "OS_IMAGE_ENDPOINT": compute_sandbox.image_endpoint,
        "OS_NETWORK_ENDPOINT": compute_sandbox.network_endpoint}
    port = compute_sandbox.port
    assert compute_sandbox.endpoint == f"http://127.0.0.1:{port}/v2.1"
    assert compute_sandbox.image_endpoint == f"http://127.0.0.1:{port}/image"
    assert compute_sandbox.network_endpoint == f"http://127.0.0.1:{port}/networking"


def test_keystone_catalog_lists_compute_image_and_network(compute_sandbox_keystone):
    sandbox = compute_sandbox_keystone
    assert set(sandbox.env()) == {
        "OS_AUTH_TYPE", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME",
        "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME", "OS_REGION_NAME",
        "OS_IDENTITY_API_VERSION"}
    sess = sandbox.session(user="demo")
    for service_type, url in (("compute", sandbox.endpoint), ("image", sandbox.image_endpoint),
                              ("network", sandbox.network_endpoint)):
        for interface in ("public", "internal", "admin"):
            found = sess.get_endpoint(service_type=service_type, interface=interface,
                                      region_name="RegionOne")
            assert found.rstrip("/") == url
    images = sess.get(f"{sandbox.image_endpoint}/v2/images", params={"name": "cirros"})
    assert [i["name"] for i in images.json()["images"]] == ["cirros"]
