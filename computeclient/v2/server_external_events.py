"""Server external events: POST /os-server-external-events (what Neutron/Cinder send)."""

from __future__ import annotations

from typing import Any

from computeclient import base


class Event(base.Resource):
    pass


class ServerExternalEventManager(base.Manager[Event]):
    resource_class = Event

    def create(self, events: list[dict[str, Any]]) -> list[Any]:
        """Send events [{"name", "server_uuid", "tag"?, "status"?}]; one result each.

        What Neutron and Cinder tell Nova (admin); each result has its own code.
        Example: ``cs.server_external_events.create([{"name": "power-update",
        "server_uuid": vm.id, "tag": "POWER_OFF"}])``
        """
        resp, body = self.client.post("/os-server-external-events", body={"events": events})
        return base.ListWithMeta([Event(self, e, loaded=True) for e in body["events"]], resp)
