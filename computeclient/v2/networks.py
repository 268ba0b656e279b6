"""Network lookups through the Network service (Neutron v2.0), for --nic net-name.

Nova's own network proxy (/os-networks) is frozen at 2.35, so names are
resolved against the network endpoint of the catalog (or --os-network-endpoint):
each call sends its requests inside `alternate_service_type("network")`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from computeclient import answers, base, lookup


class Network(base.Resource):
    pass


class NeutronManager(base.Manager[Network]):
    resource_class = Network
    ids_are_uuids = True  # lookup.find: a name that matched nothing costs no GET by id

    def _neutron(self) -> contextlib.AbstractContextManager[None]:
        return self.alternate_service_type("network", allowed_types=("network",))

    def list(self, name: str | None = None, **filters: Any) -> list[Any]:
        """Networks visible to the caller; keyword filters go to Neutron as they are.

        Neutron pages only when asked (limit), so this follows `networks_links`
        in case a deployment enables default paging.
        Example: ``cs.neutron.list(name="private", shared=False)``
        """
        query: dict[str, Any] = dict(filters, name=name)
        networks: base.ListWithMeta[Network] = base.ListWithMeta()
        guard = base.PageGuard("networks")
        with self._neutron():
            while True:
                resp, body = self.client.get(base.with_query("/v2.0/networks", query),
                                             versioned=False)
                body = body or answers.Answer()
                page = [Network(self, n, loaded=True) for n in body.get("networks", [])]
                networks.extend(page)
                networks.append_request_ids(resp)
                marker = base.next_marker(body.get("networks_links"))
                if not page or not marker or "limit" in filters:
                    return networks
                query["marker"] = guard.follow(marker, page)

    def get(self, network_id: str) -> Network:
        """One network by its ID, from Neutron v2.0 (the catalog's network endpoint).

        Example: ``cs.neutron.get(net_id).name``
        """
        with self._neutron():
            resp, body = self.client.get(base.url_path("v2.0", "networks", network_id),
                                         versioned=False)
        return Network(self, body["network"], loaded=True, resp=resp)

    def find_network(self, name: str) -> Network:
        """A network by exact name, or by ID when it looks like one.

        Example: ``cs.neutron.find_network("private").id``
        """
        network: Network = lookup.find(self, name, "network")
        return network
