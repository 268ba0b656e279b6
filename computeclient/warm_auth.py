"""A run served by a cached Keystone token without importing keystoneauth1.

When the shell's token cache holds a v3 token for these credentials that
does not expire within keystoneauth1's own margin, the compute (and image,
network) endpoints are picked from its catalog by the rules keystoneauth1
applies and the requests go out over plain requests (`FallbackSender`, a
sender of the one transport, transport.py). Anything this module does not
handle exactly like keystoneauth1 (a v2 token, a service type with aliases,
an override with %(...)s, no matching endpoint) returns None and the shell
takes the keystoneauth1 path.

Nova answering 401 (the token was revoked) switches the sender, once, to a
keystoneauth1 Adapter with a fresh authentication; the refused request is
sent again there (a 401 means Nova did not act on it). The transport and
its state (negotiated version, timings) stay the same object.
"""

from __future__ import annotations

import datetime
import json
import threading
from typing import Any, Callable

from computeclient import cache_shapes, exceptions
from computeclient.http_client import RequestsSender
from computeclient.transport import (
    USER_AGENT,
    Request,
    Transport,
    TransportOptions,
    masked_logger,
)

#: keystoneauth1 re-authenticates when the token expires within this (its MIN_TOKEN_LIFE_SECONDS).
EXPIRY_MARGIN = datetime.timedelta(seconds=120)
#: Service types that os-service-types gives no aliases: a literal match is keystoneauth1's match.
PLAIN_SERVICE_TYPES = ("compute", "image", "network")


class CachedToken:
    """A keystoneauth1 auth state (get_auth_state's JSON) read without keystoneauth1."""

    def __init__(self, token: str, expires_at: datetime.datetime,
                 catalog: list[dict[str, Any]], project_id: str | None = None,
                 user_id: str | None = None) -> None:
        self.token = token
        self.expires_at = expires_at
        self.catalog = catalog
        self.project_id = project_id
        self.user_id = user_id

    @classmethod
    def parse(cls, state: str | None) -> CachedToken | None:
        """The v3 token in `state`, or None (absent, v2, or not of the shape
        cache_shapes.token_state checks: every field read below has its type)."""
        if not state or not cache_shapes.token_state(state):
            return None
        data = json.loads(state)
        body = data["body"].get("token")
        if body is None:  # a v2 token: keystoneauth1 serves it
            return None
        expires = datetime.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=datetime.timezone.utc)
        return cls(data["auth_token"], expires, body["catalog"],
                   (body.get("project") or {}).get("id"), body["user"].get("id"))

    def is_fresh(self, now: datetime.datetime | None = None) -> bool:
        now = now or datetime.datetime.now(datetime.timezone.utc)
        return self.expires_at - now > EXPIRY_MARGIN

    def endpoint(self, service_type: str, interface: str | None = "public",
                 region_name: str | None = None, service_name: str | None = None) -> str | None:
        """The URL keystoneauth1 would pick from this catalog, or None when
        none matches or its choice would need rules not reproduced here."""
        if service_type not in PLAIN_SERVICE_TYPES:
            return None
        # v3 catalogs: keystoneauth1 strips trailing U/R/L ("publicURL" -> "public").
        wanted = (interface or "public").rstrip("URL")
        for service in self.catalog:
            if not isinstance(service, dict) or service.get("type") != service_type:
                continue
            if service_name and service.get("name") and service["name"] != service_name:
                continue
            for endpoint in service.get("endpoints") or []:
                region = endpoint.get("region_id") or endpoint.get("region")
                if endpoint.get("interface") != wanted or not endpoint.get("url"):
                    continue
                if region_name and region != region_name:
                    continue
                return str(endpoint["url"])
        return None


class FallbackSender:
    """Sends with the cached token over plain requests until Nova answers 401;
    then, once (however many threads were refused together), authenticates
    afresh with keystoneauth1 and sends there from then on, the refused
    request first (a 401 means Nova did not act on it).

    reauthenticate: gives a keystoneauth1 Session that authenticates afresh
    (shell_auth.Login.fresh_session); adapter: the keystoneauth1 Adapter's
    keywords (service_type, interface, region_name, service_name,
    endpoint_override, user_agent, logger); the rest is RequestsSender's.
    """

    def __init__(self, cached: CachedToken, endpoint: str,
                 reauthenticate: Callable[[], Any], *, adapter: dict[str, Any],
                 **requests_options: Any) -> None:
        self.cached = cached
        self.first = RequestsSender(cached.token, endpoint, **requests_options)
        self.fresh: Any = None  # session_client.AdapterSender, once Nova refused the token
        self._reauthenticate = reauthenticate
        self._adapter = adapter
        self._switch_lock = threading.Lock()

    def send(self, request: Request) -> Any:
        fresh = self.fresh
        if fresh is None:
            resp = self.first.send(request)
            if resp.status_code != 401:
                return resp
            fresh = self._switch()
            # This one fresh token is the only retry: keystoneauth1 must not re-authenticate.
            request = request._replace(extra={**request.extra, "allow_reauth": False})
        return fresh.send(request)

    def _switch(self) -> Any:
        with self._switch_lock:
            if self.fresh is None:
                from keystoneauth1 import adapter

                from computeclient.session_client import AdapterSender
                self.fresh = AdapterSender(adapter.Adapter(self._reauthenticate(),
                                                           **self._adapter))
            return self.fresh

    def failure(self, exc: Exception, request: Request) -> exceptions.ComputeClientError | None:
        return (self.fresh or self.first).failure(exc, request)

    def endpoint(self, service_type: str) -> str:
        if self.fresh is not None:
            return str(self.fresh.endpoint(service_type))
        if service_type == "compute":
            return self.first.endpoint(service_type)
        endpoint = self.cached.endpoint(service_type, self._adapter.get("interface"),
                                        self._adapter.get("region_name"))
        if not endpoint:
            raise exceptions.EndpointNotFound(f"No {service_type} endpoint in the catalog")
        return endpoint

    def project_id(self) -> str | None:
        """The token's project, as keystoneauth1's Adapter.get_project_id gives it."""
        return self.fresh.project_id() if self.fresh is not None else self.cached.project_id

    def user_id(self) -> str | None:
        return self.fresh.user_id() if self.fresh is not None else self.cached.user_id


def warm_client(state: str | None, reauthenticate: Callable[[], Any], *,
                service_type: str, interface: str | None, region_name: str | None,
                service_name: str | None, endpoint_override: str | None,
                options: TransportOptions | None = None, user_agent: str | None = None,
                logger: Any = None, **requests_options: Any) -> Transport | None:
    """The transport for the cached auth state (a FallbackSender), or None when
    keystoneauth1 must serve from the start."""
    cached = CachedToken.parse(state)
    if cached is None or not cached.is_fresh():
        return None
    if endpoint_override:
        if "%" in endpoint_override:  # keystoneauth1 fills %(project_id)s etc.
            return None
        endpoint: str | None = endpoint_override
    else:
        endpoint = cached.endpoint(service_type, interface, region_name, service_name)
    if not endpoint:
        return None
    where = dict(service_type=service_type, interface=interface, region_name=region_name,
                 service_name=service_name, endpoint_override=endpoint_override)
    sender = FallbackSender(
        cached, endpoint, reauthenticate,
        adapter={**{k: v for k, v in where.items() if v is not None},
                 "user_agent": user_agent or USER_AGENT, "logger": masked_logger(logger)},
        user_agent=user_agent, logger=logger, **requests_options)
    return Transport(sender, options or TransportOptions())
