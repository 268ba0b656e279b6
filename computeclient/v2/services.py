"""Compute services: /os-services (uuid ids and one PUT from 2.53).

The signatures follow python-novaclient's in each version range, so a call
written for it means the same here: before 2.53 a service is (host, binary),
from 2.53 its uuid, and `force_down(uuid, False)` lifts a forced-down state.
"""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base


class Service(base.Resource):
    manager: ServiceManager

    def __repr__(self) -> str:
        return f"<Service: {self._info.get('id')}>"


class ServiceManager(base.ManagerWithFind[Service]):
    resource_class = Service

    def list(self, host: str | None = None, binary: str | None = None) -> list[Service]:
        """Compute services, narrowed by `host` and/or `binary` ("nova-compute").

        Example: ``cs.services.list(binary="nova-compute")``
        """
        return self._list(base.with_query("/os-services", [("host", host), ("binary", binary)]),
                          "services")

    def _put(self, url: str, body: dict[str, Any]) -> Service:
        resp, data = self.client.put(url, body=body)
        return self._make(data["service"], resp, loaded=True)

    def _by_host(self, action: str, host: str, binary: str, **extra: Any) -> Service:
        body = dict({"host": host, "binary": binary}, **extra)
        return self._put(base.url_path("os-services", action), body)

    def _by_uuid(self, service_uuid: Any, **body: Any) -> Service:
        return self._put(base.url_path("os-services", service_uuid), body)

    @api_versions.wraps("2.0", "2.52")
    def enable(self, host: str, binary: str) -> Service:
        """Enable the `binary` service ("nova-compute") of `host`.

        Example: ``cs.services.enable("compute1", "nova-compute")``
        """
        return self._by_host("enable", host, binary)

    @api_versions.wraps("2.53")  # type: ignore[no-redef]
    def enable(self, service_uuid: Any) -> Service:  # noqa: F811 - the 2.53+ variant
        """Enable the service `service_uuid` (its id from 2.53).

        Example: ``cs.services.enable(svc.id)``
        """
        return self._by_uuid(service_uuid, status="enabled")

    @api_versions.wraps("2.0", "2.52")
    def disable(self, host: str, binary: str, reason: str | None = None) -> Service:
        """Stop scheduling to the `binary` service of `host`; `reason` (an
        addition to novaclient's call) is kept for operators to read.

        Example: ``cs.services.disable("compute1", "nova-compute", reason="disk")``
        """
        if reason:
            return self._by_host("disable-log-reason", host, binary, disabled_reason=reason)
        return self._by_host("disable", host, binary)

    @api_versions.wraps("2.53")  # type: ignore[no-redef]
    def disable(  # noqa: F811 - the 2.53+ variant
            self, service_uuid: Any, *, reason: str | None = None) -> Service:
        """Stop scheduling to the service `service_uuid`; `reason` (keyword
        only, an addition to novaclient's call) is kept for operators to read.

        Example: ``cs.services.disable(svc.id, reason="disk replacement")``
        """
        if reason:
            return self._by_uuid(service_uuid, status="disabled", disabled_reason=reason)
        return self._by_uuid(service_uuid, status="disabled")

    @api_versions.wraps("2.0", "2.52")
    def disable_log_reason(self, host: str, binary: str, reason: str) -> Service:
        """Disable the `binary` service of `host`, saying why (`reason`).

        Example: ``cs.services.disable_log_reason("compute1", "nova-compute", "disk")``
        """
        return self._by_host("disable-log-reason", host, binary, disabled_reason=reason)

    @api_versions.wraps("2.53")  # type: ignore[no-redef]
    def disable_log_reason(  # noqa: F811 - the 2.53+ variant
            self, service_uuid: Any, reason: str) -> Service:
        """Disable the service `service_uuid`, saying why (`reason`).

        Example: ``cs.services.disable_log_reason(svc.id, "maintenance")``
        """
        return self._by_uuid(service_uuid, status="disabled", disabled_reason=reason)

    @api_versions.wraps("2.11", "2.52")
    def force_down(self, host: str, binary: str, force_down: bool = True) -> Service:
        """Mark the `binary` service of `host` down without waiting for missed
        heartbeats, so its servers can be evacuated at once; `force_down=False`
        lifts it.

        Example: ``cs.services.force_down("compute1", "nova-compute", True)``
        """
        return self._by_host("force-down", host, binary, forced_down=force_down)

    @api_versions.wraps("2.53")  # type: ignore[no-redef]
    def force_down(  # noqa: F811 - the 2.53+ variant
            self, service_uuid: Any, force_down: bool = True) -> Service:
        """Mark the service `service_uuid` down (`force_down` True) without
        waiting for missed heartbeats, or lift that state (False).

        Example: ``cs.services.force_down(svc.id, False)``
        """
        return self._by_uuid(service_uuid, forced_down=force_down)

    def delete(self, service_id: Any) -> Any:
        """Delete a service record (its id; a uuid from 2.53), e.g. of a retired host.

        Example: ``cs.services.delete(svc.id)``
        """
        return self._delete(base.url_path("os-services", service_id))
