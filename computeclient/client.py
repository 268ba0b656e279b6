"""The door to the library: `Client(version, ...)` and its two transports.

- `HTTPClient`: plain requests with a token and an endpoint, the way
  dashboards that already hold a token use it.
- `SessionClient`: a keystoneauth1 Adapter (catalog lookup, re-auth on 401),
  in session_client.py so that token-and-endpoint use never imports
  keystoneauth1.

Both speak JSON, add the microversion headers, return `(response, body)`
and raise through `exceptions.from_response`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from typing import Any, Iterator

import requests

from computeclient import __version__, api_versions, exceptions, redirects, resilience

USER_AGENT = f"computeclient/{__version__}"
_SECRET_HEADERS = ("x-auth-token", "x-subject-token", "x-service-token", "authorization")
# A JSON string value, escaped quotes included: a password with '"' or "'"
# must not leave its tail in the log (oslo.utils' mask_password does).
_SECRET_FIELDS = re.compile(
    r'("(?:adminPass|admin_pass|password|original_password|new_password|auth_token|token'
    r'|secret|application_credential_secret|private_key)"\s*:\s*)"(?:[^"\\]|\\.)*"',
    re.IGNORECASE)


def mask_headers(headers: dict) -> dict:
    """A copy with credentials replaced, safe to log."""
    return {k: ("***" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def mask_body(text: str) -> str:
    return _SECRET_FIELDS.sub(r'\1"***"', text)


class MaskingFilter(logging.Filter):
    """Masks passwords and tokens in every record it passes (for --debug)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_body(record.getMessage())
        record.args = None
        return True


def masked_logger(logger: logging.Logger | None = None) -> logging.Logger:
    """The logger both transports log HTTP traffic to, masking secrets on it.

    keystoneauth1 logs whole request and response bodies (adminPass, a
    generated private_key) to the logger it is given; a filter on that very
    logger masks them before any handler, the caller's included, sees them.
    """
    logger = logger or logging.getLogger("computeclient.http")
    if not any(isinstance(f, MaskingFilter) for f in logger.filters):
        logger.addFilter(MaskingFilter())
    return logger


def version_root(endpoint: str) -> str:
    """The URL of the version document for a compute endpoint.

    http://h:8774/v2.1/<project> -> http://h:8774/v2.1/
    """
    match = re.match(r"^(.*?/v2(?:\.\d+)?)(?:/|$)", endpoint)
    base = match.group(1) if match else endpoint.rstrip("/")
    return base + "/"


class _ComputeTransport:
    """What both transports share: version headers, negotiation, JSON."""

    service_type = "compute"

    def _init_common(self, api_version: api_versions.APIVersion | None,
                     timings: bool, global_request_id: str | None,
                     image_endpoint: str | None, network_endpoint: str | None,
                     timeout: float | None = None, retries: int | None = None) -> None:
        try:
            self.timeout = resilience.check_timeout(timeout) if timeout else None
        except (TypeError, ValueError) as exc:
            raise exceptions.ComputeClientError(f"Invalid timeout {timeout!r}: {exc}") from exc
        self.retry_policy = resilience.RetryPolicy(
            resilience.DEFAULT_RETRIES if retries is None else retries)
        # One negotiation however many threads share this client; a version
        # chosen with using_version() belongs to the calling thread only.
        self._discovery_lock = threading.RLock()
        self._per_thread = threading.local()
        self._api_version = api_version or api_versions.APIVersion(api_versions.API_MAX_VERSION_STR)
        self.server_versions: tuple[api_versions.APIVersion, api_versions.APIVersion] | None = None
        self.timings = timings
        self.times: list[tuple[str, float, float]] = []
        self.global_request_id = global_request_id
        self.image_endpoint = image_endpoint
        self.network_endpoint = network_endpoint
        self.version_cache: Any = None  # a version_cache.VersionCache, set by the shell
        self.remember_names = False  # the shell keeps names seen for completion
        self._requested_version = self._api_version
        self._versions_from_cache = False

    @property
    def api_version(self) -> api_versions.APIVersion:
        """The version in use; '2.latest' is negotiated on first use."""
        chosen = getattr(self._per_thread, "version", None)
        if chosen is not None:
            return chosen
        if self._api_version.is_latest():
            with self._discovery_lock:
                if self._api_version.is_latest():
                    server_min, server_max = self.discover_versions()
                    self._api_version = api_versions.negotiate(
                        self._api_version, server_min, server_max)
        return self._api_version

    @api_version.setter
    def api_version(self, value: api_versions.APIVersion) -> None:
        self._api_version = value

    @property
    def current_version(self) -> api_versions.APIVersion:
        """The version as it stands, without negotiating ('2.latest' until then)."""
        return self._api_version

    @contextlib.contextmanager
    def using_version(self, version: str | api_versions.APIVersion) -> Iterator[None]:
        """Speak `version` for the calls this thread makes inside the block."""
        wanted = api_versions.get_api_version(version)
        if wanted.is_latest():
            wanted = self.api_version
        previous = getattr(self._per_thread, "version", None)
        self._per_thread.version = wanted
        try:
            yield
        finally:
            self._per_thread.version = previous

    def discover_versions(self) -> tuple[api_versions.APIVersion, api_versions.APIVersion]:
        """(min, max) microversion the server offers, from its version document."""
        with self._discovery_lock:
            if self.server_versions is None:
                self._discover(version_root(self.get_compute_endpoint()))
            return self.server_versions

    def _discover(self, url: str) -> None:
        cached = self.version_cache.get(url) if self.version_cache else None
        if cached:
            self.server_versions = (api_versions.APIVersion(cached[0] or None),
                                    api_versions.APIVersion(cached[1] or None))
            self._versions_from_cache = True
            return
        _, body = self._retrying_request(url, "GET", versioned=False)
        self.server_versions = api_versions.version_from_document(body)
        if self.version_cache:
            low, high = self.server_versions
            self.version_cache.put(url, "" if low.is_null() else str(low),
                                   "" if high.is_null() else str(high))

    def offered(self) -> str | None:
        if self.server_versions is None:
            return None
        low, high = self.server_versions
        return f"{low}-{high}"

    def _version_headers(self) -> dict[str, str]:
        headers = api_versions.request_headers(self.api_version)
        if self.global_request_id:
            headers["X-OpenStack-Request-ID"] = self.global_request_id
        return headers

    def request(self, url: str, method: str, **kwargs: Any) -> tuple[Any, Any]:
        try:
            return self._retrying_request(url, method, **kwargs)
        except exceptions.NotAcceptable:
            if not self._versions_from_cache:
                raise
            # The server changed since we cached its range: negotiate afresh.
            with self._discovery_lock:
                self.version_cache.forget(version_root(self.get_compute_endpoint()))
                self.server_versions = None
                self._versions_from_cache = False
                self._api_version = self._requested_version
            return self._retrying_request(url, method, **kwargs)

    def _retrying_request(self, url: str, method: str, **kwargs: Any) -> tuple[Any, Any]:
        """One request, repeated only where resilience.RetryPolicy says it is safe."""
        def attempt() -> tuple[Any, Any]:
            fresh = dict(kwargs)
            if "headers" in fresh:
                fresh["headers"] = dict(fresh["headers"] or {})
            return self._raw_request(url, method, **fresh)
        return resilience.with_retries(attempt, self.retry_policy, method, url)

    def _deadline(self) -> float:
        return self.timeout or resilience.DEFAULT_TIMEOUT

    def get(self, url: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.request(url, "GET", **kwargs)

    def post(self, url: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.request(url, "POST", **kwargs)

    def put(self, url: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.request(url, "PUT", **kwargs)

    def patch(self, url: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.request(url, "PATCH", **kwargs)

    def delete(self, url: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.request(url, "DELETE", **kwargs)

    def head(self, url: str, **kwargs: Any) -> tuple[Any, Any]:
        return self.request(url, "HEAD", **kwargs)

    def _record(self, method: str, url: str, start: float) -> None:
        if self.timings:
            self.times.append((f"{method} {url}", start, time.time()))

    def get_timings(self) -> list[tuple[str, float, float]]:
        return self.times

    def reset_timings(self) -> None:
        self.times = []

    def get_compute_endpoint(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _raw_request(self, url: str, method: str, versioned: bool = True,
                     **kwargs: Any) -> tuple[Any, Any]:  # pragma: no cover - abstract
        raise NotImplementedError


class HTTPClient(_ComputeTransport):
    """Token + endpoint over one keep-alive requests.Session.

    `auth_token` and `management_url` may be set after construction.
    """

    def __init__(self, auth_token: str | None = None, management_url: str | None = None,
                 api_version: api_versions.APIVersion | None = None,
                 timeout: float | None = None, insecure: bool = False,
                 cacert: str | None = None, cert: Any = None,
                 user_agent: str | None = None, timings: bool = False,
                 http_log_debug: bool = False, logger: logging.Logger | None = None,
                 global_request_id: str | None = None,
                 image_endpoint: str | None = None,
                 network_endpoint: str | None = None,
                 retries: int | None = None) -> None:
        self._init_common(api_version, timings, global_request_id,
                          image_endpoint, network_endpoint, timeout, retries)
        self.auth_token = auth_token
        self.management_url = management_url
        self.verify: Any = False if insecure else (cacert or True)
        if insecure:
            resilience.warn_insecure_once()
        self.cert = cert
        self.user_agent = user_agent or USER_AGENT
        self.http_log_debug = http_log_debug
        self.logger = masked_logger(logger)
        self.http = requests.Session()
        resilience.widen_pool(self.http)

    def get_compute_endpoint(self) -> str:
        if not self.management_url:
            raise exceptions.EndpointNotFound("No compute endpoint: set management_url")
        return self.management_url

    def get_endpoint(self, service_type: str = "compute") -> str:
        if service_type == "image" and self.image_endpoint:
            return self.image_endpoint
        if service_type == "network" and self.network_endpoint:
            return self.network_endpoint
        if service_type != "compute":
            raise exceptions.EndpointNotFound(
                f"No {service_type} endpoint is known (give --os-{service_type}-endpoint)")
        return self.get_compute_endpoint()

    def _raw_request(self, url: str, method: str, versioned: bool = True,
                     **kwargs: Any) -> tuple[Any, Any]:
        if not url.startswith(("http://", "https://")):
            url = self.get_compute_endpoint().rstrip("/") + "/" + url.lstrip("/")
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if self.auth_token:
            headers["X-Auth-Token"] = self.auth_token
        if versioned:
            headers.update(self._version_headers())
        headers.update(kwargs.pop("headers", None) or {})
        data = None
        if "body" in kwargs or "json" in kwargs:
            body = kwargs.pop("body", None) if "body" in kwargs else kwargs.pop("json")
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        first_url = url
        for hops in range(redirects.MAX_REDIRECTS + 1):
            resp = self._send_once(method, url, headers, data, kwargs)
            if not redirects.is_redirect(resp):
                break
            self._log_response(resp)
            url, new_method = redirects.next_request(resp, first_url, method, hops)
            if new_method != method:
                method, data = new_method, None
                headers.pop("Content-Type", None)
        self._log_response(resp)
        body = resilience.decode(resp, method, url)
        if resp.status_code >= 400:
            raise exceptions.from_response(resp, body, url, method)
        return resp, body

    def _send_once(self, method: str, url: str, headers: dict, data: str | None,
                   kwargs: dict) -> Any:
        """One request, redirects not followed (see redirects.py)."""
        self._log_request(method, url, headers, data)
        start = time.time()
        deadline = self._deadline()
        try:
            return resilience.within_deadline(
                lambda: self.http.request(method, url, headers=headers, data=data,
                                          timeout=deadline, verify=self.verify,
                                          cert=self.cert, allow_redirects=False, **kwargs),
                deadline, method, url)
        except requests.exceptions.RequestException as exc:
            raise resilience.transport_error(exc, method, url) from exc
        except (ValueError, UnicodeError) as exc:  # e.g. a header requests refuses
            raise exceptions.ComputeClientError(f"Cannot send {method} {url}: {exc}") from exc
        finally:
            self._record(method, url, start)

    def _log_request(self, method: str, url: str, headers: dict, data: str | None) -> None:
        if not self.http_log_debug:
            return
        parts = [f"REQ: curl -g -i -X {method} {url}"]
        parts += [f'-H "{k}: {v}"' for k, v in mask_headers(headers).items()]
        if data:
            parts.append(f"-d '{mask_body(data)}'")
        self.logger.debug(" ".join(parts))

    def _log_response(self, resp: Any) -> None:
        if self.http_log_debug:
            self.logger.debug("RESP: [%s] %s\nRESP BODY: %s", resp.status_code,
                              mask_headers(dict(resp.headers)), mask_body(resp.text or ""))


def _construct_http_client(api_version: api_versions.APIVersion,
                           username: str | None = None, password: str | None = None,
                           project_id: str | None = None, auth_url: str | None = None,
                           *, session: Any = None, auth_token: str | None = None,
                           endpoint_override: str | None = None,
                           project_name: str | None = None,
                           user_domain_name: str | None = None,
                           user_domain_id: str | None = None,
                           project_domain_name: str | None = None,
                           project_domain_id: str | None = None,
                           insecure: bool = False, cacert: str | None = None,
                           cert: Any = None, timeout: float | None = None,
                           region_name: str | None = None, interface: str | None = None,
                           service_type: str = "compute", service_name: str | None = None,
                           user_agent: str | None = None, logger: Any = None,
                           timings: bool = False, global_request_id: str | None = None,
                           http_log_debug: bool = False,
                           image_endpoint: str | None = None,
                           network_endpoint: str | None = None,
                           retries: int | None = None) -> _ComputeTransport:
    if session is None and endpoint_override and auth_token is not None:
        return HTTPClient(auth_token=auth_token, management_url=endpoint_override,
                          api_version=api_version, timeout=timeout, insecure=insecure,
                          cacert=cacert, cert=cert, user_agent=user_agent, timings=timings,
                          http_log_debug=http_log_debug, logger=logger,
                          global_request_id=global_request_id,
                          image_endpoint=image_endpoint, network_endpoint=network_endpoint,
                          retries=retries)
    if session is None:
        if not auth_url:
            raise exceptions.CommandError(
                "Give session=, or auth_token= with endpoint_override=, or "
                "username/password/project with auth_url=")
        from computeclient.session_client import password_session
        session = password_session(auth_url, username, password, project_id, project_name,
                                    user_domain_name, user_domain_id, project_domain_name,
                                    project_domain_id, auth_token, insecure, cacert, cert,
                                    timeout)
    from computeclient.session_client import SessionClient
    return SessionClient(session=session, api_version=api_version, timings=timings,
                         image_endpoint=image_endpoint, network_endpoint=network_endpoint,
                         endpoint_override=endpoint_override, interface=interface,
                         region_name=region_name, service_type=service_type,
                         service_name=service_name, user_agent=user_agent, logger=logger,
                         global_request_id=global_request_id, timeout=timeout,
                         retries=retries)


def Client(version: str | api_versions.APIVersion, username: str | None = None,
           password: str | None = None, project_id: str | None = None,
           auth_url: str | None = None, *, extensions: list | None = None,
           bypass_url: str | None = None, endpoint_type: str | None = None,
           **kwargs: Any) -> Any:
    """Build a Compute client.

    version: "2", "2.latest" (both negotiate with the server), "2.60" or an
    APIVersion. Authenticate with `session=` (keystoneauth1), with
    `auth_token=` + `endpoint_override=` (plain requests), or with
    username/password/project + auth_url (a session is built for you).
    """
    api_version = api_versions.get_api_version(version)
    if bypass_url and not kwargs.get("endpoint_override"):
        kwargs["endpoint_override"] = bypass_url
    if endpoint_type and not kwargs.get("interface"):
        kwargs["interface"] = endpoint_type
    if "api_key" in kwargs and password is None:
        password = kwargs.pop("api_key")
    http_client = _construct_http_client(api_version, username, password, project_id,
                                         auth_url, **kwargs)
    from computeclient.v2 import client as v2_client
    return v2_client.Client(http_client, extensions=extensions)


def discover_extensions(version: str | api_versions.APIVersion = "2") -> list:
    """Extensions found in computeclient/v2/contrib and the entry points."""
    from computeclient import extension
    return extension.discover(api_versions.get_api_version(version))


def __getattr__(name: str) -> Any:
    """`client.SessionClient` stays importable from here, loaded on first use."""
    if name == "SessionClient":
        from computeclient.session_client import SessionClient
        return SessionClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
