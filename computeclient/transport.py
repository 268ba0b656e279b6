"""What both transports share (HTTPClient in client.py, SessionClient in
session_client.py): microversion headers, negotiation, JSON, timings, and
the masking of secrets in what they log.

Free of requests and keystoneauth1, so each transport imports only its own.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from typing import Any, Iterator

from computeclient import __version__, api_versions, exceptions, resilience

USER_AGENT = f"computeclient/{__version__}"
_SECRET_HEADERS = ("x-auth-token", "x-subject-token", "x-service-token", "authorization")
# A JSON string value, escaped quotes included: a password with '"' or "'"
# must not leave its tail in the log (oslo.utils' mask_password does).
# oslo.utils' mask_dict_password masks whole values of a decoded body, but it
# cannot be the one path: keystoneauth1 logs bodies as text inside its own
# "REQ: curl ... -d '...'" lines, and it leaves user_data (cloud-init
# passwords) and console tokens in URLs in clear; so this is the one path.
_SECRET_FIELDS = re.compile(
    r'("(?:adminPass|admin_pass|password|original_password|new_password|auth_token|token'
    r'|secret|application_credential_secret|private_key|(?:OS-EXT-SRV-ATTR:)?user_data)"'
    r'\s*:\s*)"(?:[^"\\]|\\.)*"',
    re.IGNORECASE)
# A console token opens the console: in console URLs (token=…, or token%3D…
# inside noVNC's path) and in GET /os-console-auth-tokens/<token>.
_CONSOLE_TOKENS = re.compile(r"(token(?:=|%3D)|/os-console-auth-tokens/)[A-Za-z0-9-]+",
                             re.IGNORECASE)


def mask_headers(headers: dict[str, Any]) -> dict[str, Any]:
    """A copy with credentials replaced, safe to log."""
    return {k: ("***" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def mask_body(text: str) -> str:
    return _CONSOLE_TOKENS.sub(r"\1***", _SECRET_FIELDS.sub(r'\1"***"', text))


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


class ComputeTransport:
    """What both transports share: version headers, negotiation, JSON."""

    service_type = "compute"

    def _init_common(self, api_version: api_versions.APIVersion | None,
                     timings: bool, global_request_id: str | None,
                     image_endpoint: str | None, network_endpoint: str | None, *,
                     timeout: float | None, deadline: float | None,
                     retry_policy: resilience.RetryPolicy) -> None:
        #: Seconds for each connect and socket read (keystoneauth1's and requests' timeout).
        self.timeout = resilience.seconds_option("timeout", timeout, None)
        #: Seconds a whole request may take, its retries and every byte of its answers.
        self.deadline = resilience.seconds_option("deadline", deadline,
                                                  resilience.DEFAULT_DEADLINE)
        self.retry_policy = retry_policy
        # One negotiation however many threads share this client; a version
        # chosen with using_version() belongs to the calling thread only.
        self._discovery_lock = threading.RLock()
        #: Successful answers so far (the shell tells a server's odd answer from its own bug).
        self.answers_received = 0
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
        # A subclass that skips __init__ (python-novaclient's test fakes) has no _per_thread.
        chosen: api_versions.APIVersion | None = getattr(
            getattr(self, "_per_thread", None), "version", None)
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
            assert self.server_versions is not None  # set by _discover
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
        deadline = resilience.Deadline(self.deadline or resilience.DEFAULT_DEADLINE)

        def attempt() -> tuple[Any, Any]:
            fresh = dict(kwargs)
            if "headers" in fresh:
                fresh["headers"] = dict(fresh["headers"] or {})
            return self._raw_request(url, method, deadline=deadline, **fresh)
        result: tuple[Any, Any] = resilience.with_retries(attempt, self.retry_policy, method,
                                                          url, deadline)
        self.answers_received += 1
        return result

    def _socket_timeout(self, deadline: resilience.Deadline, method: str, url: str) -> float:
        """requests' timeout for the next attempt: `timeout`, cut to what the deadline leaves."""
        left = deadline.check(method, url)
        return min(left, self.timeout) if self.timeout else left

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

    def _raw_request(self, url: str, method: str, versioned: bool = True, *,
                     deadline: resilience.Deadline,
                     **kwargs: Any) -> tuple[Any, Any]:  # pragma: no cover - abstract
        raise NotImplementedError
