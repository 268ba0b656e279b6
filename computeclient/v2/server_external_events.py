"""Server external events: POST /os-server-external-events (what Neutron/Cinder send)."""

from __future__ import annotations

from typing import Any

from computeclient import base


class Event(dict[str, Any]):
    """One event's result as Nova returned it, a dict as python-novaclient
    gives it (Cinder reads ``.get("code")``, Neutron ``["code"]``); its fields
    also read as attributes (``event.code``), as computeclient gave them before."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class ServerExternalEventManager(base.Manager[base.Resource]):
    resource_class = base.Resource

    def create(self, events: list[dict[str, Any]]) -> base.ListWithMeta[Event]:
        """Send events [{"name", "server_uuid", "tag"?, "status"?}]; one result
        dict each, with its own "code" (admin; what Neutron and Cinder tell Nova).

        Example: ``cs.server_external_events.create([{"name": "power-update",
        "server_uuid": vm.id, "tag": "POWER_OFF"}])[0]["code"]``
        """
        resp, body = self.client.post("/os-server-external-events", body={"events": events})
        return base.ListWithMeta([Event(e) for e in body["events"]], resp)
