"""A run served by a cached Keystone token without importing keystoneauth1.

When the shell's token cache holds a v3 token for these credentials that
does not expire within keystoneauth1's own margin, the compute (and image,
network) endpoints are picked from its catalog by the rules keystoneauth1
applies and the requests go out through the plain-requests HTTPClient.
Anything this module does not handle exactly like keystoneauth1 (a v2
token, a service type with aliases, an override with %(...)s, no matching
endpoint) returns None and the shell takes the keystoneauth1 path.

Nova answering 401 (the token was revoked) switches the run, once, to the
keystoneauth1 transport with a fresh authentication; the refused request is
sent again there (a 401 means Nova did not act on it).
"""

from __future__ import annotations

import datetime
import json
import threading
from typing import Any, Callable

from computeclient import cache_shapes, exceptions
from computeclient.http_client import HTTPClient

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


class WarmClient(HTTPClient):
    """HTTPClient holding a cached token and its catalog's endpoints.

    fall_back: builds the keystoneauth1 transport (fresh authentication);
    called at most once, on Nova's first 401.
    """

    def __init__(self, cached: CachedToken, endpoint: str,
                 fall_back: Callable[[], Any], *, interface: str | None,
                 region_name: str | None, **kwargs: Any) -> None:
        super().__init__(auth_token=cached.token, management_url=endpoint, **kwargs)
        self.cached = cached
        self.interface = interface
        self.region_name = region_name
        self._make_fallback = fall_back
        self.fallback: Any = None
        self._switch_lock = threading.Lock()

    def get_compute_endpoint(self) -> str:
        if self.fallback is not None:
            return str(self.fallback.get_compute_endpoint())
        return super().get_compute_endpoint()

    def get_project_id(self) -> str | None:
        """The token's project, as keystoneauth1's Adapter.get_project_id gives it."""
        if self.fallback is not None:
            return self.fallback.get_project_id()  # type: ignore[no-any-return]
        return self.cached.project_id

    def get_user_id(self) -> str | None:
        if self.fallback is not None:
            return self.fallback.get_user_id()  # type: ignore[no-any-return]
        return self.cached.user_id

    def get_endpoint(self, service_type: str = "compute") -> str:
        if self.fallback is not None:
            return str(self.fallback.get_endpoint(service_type))
        if service_type == "compute" or (service_type == "image" and self.image_endpoint) \
                or (service_type == "network" and self.network_endpoint):
            return super().get_endpoint(service_type)
        endpoint = self.cached.endpoint(service_type, self.interface, self.region_name)
        if not endpoint:
            raise exceptions.EndpointNotFound(f"No {service_type} endpoint in the catalog")
        return endpoint

    def _raw_request(self, url: str, method: str, versioned: bool = True,
                     **kwargs: Any) -> tuple[Any, Any]:
        redo: dict[str, Any] = {}
        if self.fallback is None:
            try:
                return super()._raw_request(url, method, versioned, **kwargs)
            except exceptions.Unauthorized:
                self._switch()
                redo = {"allow_reauth": False}  # this one fresh token is the only retry
        headers = dict(kwargs.pop("headers", None) or {})
        if versioned:  # this transport's version, which using_version() may have set
            headers.update(self._version_headers())
        # One request, no retry or negotiation of its own: those already wrap this call.
        result: tuple[Any, Any] = self.fallback._raw_request(  # noqa: SLF001
            url, method, versioned=False, headers=headers, **redo, **kwargs)
        return result

    def _switch(self) -> None:
        """Nova refused the cached token: carry on over keystoneauth1 (once,
        however many bulk-action threads were refused together)."""
        with self._switch_lock:
            if self.fallback is not None:
                return
            fallback = self._make_fallback()
            fallback.version_cache = self.version_cache
            fallback.server_versions = self.server_versions
            fallback.api_version = self.current_version
            self.fallback = fallback

    def get_timings(self) -> list[tuple[str, float, float]]:
        if self.fallback is None:
            return self.times
        return list(self.times) + list(self.fallback.get_timings())


def warm_client(state: str | None, fall_back: Callable[[], Any], *,
                service_type: str, interface: str | None, region_name: str | None,
                service_name: str | None, endpoint_override: str | None,
                **kwargs: Any) -> WarmClient | None:
    """A WarmClient for the cached auth state, or None when keystoneauth1 must serve."""
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
    return WarmClient(cached, endpoint, fall_back, interface=interface,
                      region_name=region_name, **kwargs)
