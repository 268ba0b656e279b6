"""Network lookups through the Network service (Neutron v2.0), for --nic net-name."""

from __future__ import annotations

from computeclient import base, exceptions


class Network(base.Resource):
    pass


class NeutronManager(base.Manager):
    resource_class = Network

    def _url(self, path: str) -> str:
        return self.client.get_endpoint("network").rstrip("/") + path

    def list(self, name: str | None = None) -> list:
        url = base.with_query(self._url("/v2.0/networks"), {"name": name})
        resp, body = self.client.get(url, versioned=False)
        return base.ListWithMeta(
            [Network(self, n, loaded=True) for n in body.get("networks", [])], resp)

    def find_network(self, name: str) -> Network:
        matches = self.list(name=name)
        if len(matches) > 1:
            raise exceptions.NoUniqueMatch(f"Multiple networks are named '{name}'; use net-id")
        if not matches:
            raise exceptions.CommandError(f"No network named '{name}' exists")
        return matches[0]
