"""The sandbox's fixes to Nova's in-memory Neutron, tested on a stand-in."""

import copy
from typing import Any, ClassVar

from computeclient_sandbox import nova_service


class FakeNeutron:
    """Behaves like NeutronFixture.create_port: the template wins over the request."""

    default_port: ClassVar[dict[str, Any]] = {
        "id": "p0", "tenant_id": "fixture-project",
        "fixed_ips": [{"ip_address": "192.168.1.30", "subnet_id": "s1"}]}

    def __init__(self):
        self._ports = {}
        self.count = 0

    def create_port(self, body=None):
        port = copy.deepcopy(body["port"])
        port.update(copy.deepcopy(self.default_port))
        self.count += 1
        port["id"] = f"p{self.count}"
        self._ports[port["id"]] = port
        return {"port": copy.deepcopy(port)}


def test_ports_keep_the_servers_project_and_get_distinct_addresses():
    neutron = FakeNeutron()
    nova_service._ports_keep_their_project(neutron)
    first = neutron.create_port({"port": {"tenant_id": "admin", "project_id": "admin"}})
    neutron.create_port({"port": {"tenant_id": "demo"}})
    assert first["port"]["tenant_id"] == "admin" == neutron._ports["p1"]["tenant_id"]
    assert neutron._ports["p1"]["project_id"] == "admin"
    assert neutron._ports["p2"]["tenant_id"] == "demo"
    addresses = [neutron._ports[p]["fixed_ips"][0]["ip_address"] for p in ("p1", "p2")]
    assert addresses == ["192.168.1.100", "192.168.1.101"]
    assert first["port"]["fixed_ips"][0]["subnet_id"] == "s1"
    assert FakeNeutron.default_port["fixed_ips"][0]["ip_address"] == "192.168.1.30"


def test_requested_fixed_ips_are_left_alone():
    neutron = FakeNeutron()
    nova_service._ports_keep_their_project(neutron)
    neutron.create_port({"port": {"fixed_ips": [{"ip_address": "10.0.0.5"}]}})
    assert neutron._ports["p1"]["fixed_ips"][0]["ip_address"] == "192.168.1.30"
    assert neutron._ports["p1"]["tenant_id"] == "fixture-project"
