"""Compute services: /os-services (uuid ids and one PUT from 2.53)."""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base


class Service(base.Resource):
    def __repr__(self) -> str:
        return f"<Service {self._info.get('binary')} on {self._info.get('host')}>"


class ServiceManager(base.ManagerWithFind[Service]):
    resource_class = Service

    def _since_2_53(self) -> bool:
        return api_versions.supports(self, "2.53")

    def list(self, host: str | None = None, binary: str | None = None) -> list[Any]:
        """Compute services, narrowed by `host` and/or `binary` ("nova-compute").

        Example: ``cs.services.list(binary="nova-compute")``
        """
        return self._list(base.with_query("/os-services", {"host": host, "binary": binary}),
                          "services")

    def _put(self, url: str, body: dict[str, Any]) -> Service:
        resp, data = self.client.put(url, body=body)
        return self._make(data["service"], resp, loaded=True)

    def _legacy(self, action: str, host: str, binary: str | None, **extra: Any) -> Service:
        body = dict({"host": host, "binary": binary}, **extra)
        return self._put(base.url_path("os-services", action), body)

    def enable(self, service: Any, binary: str | None = None) -> Service:
        """Enable a service: by uuid from 2.53, by host and binary before.

        `service`: the service's uuid (2.53+) or its host name (with `binary`).
        Example: ``cs.services.enable(svc.id)``
        """
        if self._since_2_53():
            return self._put(base.url_path("os-services", service), {"status": "enabled"})
        return self._legacy("enable", service, binary)

    def disable(self, service: Any, binary: str | None = None,
                reason: str | None = None) -> Service:
        """Stop scheduling to a service; `reason` is kept for operators to read.

        `service`/`binary` as for `enable`.
        Example: ``cs.services.disable(svc.id, reason="disk replacement")``
        """
        if self._since_2_53():
            body: dict[str, Any] = {"status": "disabled"}
            if reason:
                body["disabled_reason"] = reason
            return self._put(base.url_path("os-services", service), body)
        if reason:
            return self._legacy("disable-log-reason", service, binary, disabled_reason=reason)
        return self._legacy("disable", service, binary)

    def disable_log_reason(self, service: Any, binary: str | None = None,
                           reason: str = "") -> Service:
        """novaclient's name for `disable` with a reason.

        Example: ``cs.services.disable_log_reason(svc.id, reason="maintenance")``
        """
        return self.disable(service, binary, reason)

    def force_down(self, service: Any, binary: str | None = None,
                   force_down: bool = True) -> Service:
        """Mark a service down without waiting for missed heartbeats (2.11+), so
        its servers can be evacuated at once; `force_down=False` lifts it.

        Example: ``cs.services.force_down(svc.id, force_down=True)``
        """
        api_versions.require(self, "2.11", "forcing a service down")
        if self._since_2_53():
            return self._put(base.url_path("os-services", service),
                                {"forced_down": force_down})
        return self._legacy("force-down", service, binary, forced_down=force_down)

    def delete(self, service: Any) -> Any:
        """Delete a service record (its id; a uuid from 2.53), e.g. of a retired host.

        Example: ``cs.services.delete(svc.id)``
        """
        return self._delete(base.url_path("os-services", service))
