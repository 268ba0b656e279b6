"""The one transport: `Transport` owns the policy of every request and
hands each attempt to a sender.

Policy (here): microversion headers and negotiation, JSON, retries and the
deadline (resilience.py), redirects (redirects.py), decoding, the wrapping
of failures into computeclient errors, timings, the masking of secrets in
what is logged. A sender (`Sender`) only sends one request and reads its
answer: plain requests with a token and an endpoint (http_client.py), a
keystoneauth1 Adapter (session_client.py), or the cached token that turns
to keystoneauth1 on Nova's 401 (warm_auth.py). `HTTPClient` and
`SessionClient`, python-novaclient's names, are this class with a sender.

Free of requests and keystoneauth1, so each sender imports only its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from typing import Any, Iterable, Iterator, NamedTuple, Protocol

from computeclient import __version__, api_versions, exceptions, redirects, resilience

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


class MaskingLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A logger seen through a mask: each message has its passwords and tokens
    replaced before the logger, and any handler of it, sees it.

    keystoneauth1 logs whole request and response bodies (adminPass, a
    generated private_key) to the logger it is given; it is given this one.
    The wrapped logger itself is left as it was (a caller's filters, level and
    handlers are the caller's).
    """

    def __init__(self, logger: logging.Logger | logging.LoggerAdapter) -> None:  # type: ignore[type-arg]
        super().__init__(logger, {})

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        if self.isEnabledFor(level):
            self.logger.log(level, mask_body(_formatted(msg, args)), **kwargs)


def _formatted(msg: object, args: tuple[Any, ...]) -> str:
    """The message as logging would write it (its rule: one mapping argument
    fills `%(name)s` fields, as keystoneauth1 logs). A message its arguments
    don't fit is written with them beside it, as text: logging never lets a
    bad log call raise, and a masked logger must not either."""
    record = logging.LogRecord("", logging.NOTSET, "", 0, msg, args, None)
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):
        return f"{msg} {args!r}"


def masked_logger(logger: Any = None) -> MaskingLogger:
    """`logger` (default: "computeclient.http") wrapped so that secrets are masked."""
    if isinstance(logger, MaskingLogger):
        return logger
    return MaskingLogger(logger or logging.getLogger("computeclient.http"))


def version_root(endpoint: str) -> str:
    """The URL of the version document for a compute endpoint.

    http://h:8774/v2.1/<project> -> http://h:8774/v2.1/
    """
    match = re.match(r"^(.*?/v2(?:\.\d+)?)(?:/|$)", endpoint)
    base = match.group(1) if match else endpoint.rstrip("/")
    return base + "/"


class TransportOptions(NamedTuple):
    """What a transport does besides sending, fixed when it is built (a
    NamedTuple: immutable, and unlike a dataclass it costs no import of
    `inspect` on the shell's start-up path).

    api_version: None is the newest this library speaks (API_MAX_VERSION_STR;
    "2.latest" is negotiated with the server on first use);
    timeout: seconds for each connect and socket read (keystoneauth1's and
    requests' timeout; None: none); deadline: seconds a whole request may
    take, retries and every byte of its answers included; version_cache:
    where the server's version range is remembered between runs (a
    version_cache.VersionCache: the shell's; None: nowhere).
    """

    api_version: api_versions.APIVersion | None = None
    timeout: float | None = None
    deadline: float = resilience.DEFAULT_DEADLINE
    retry_policy: resilience.RetryPolicy = resilience.RetryPolicy()
    timings: bool = False
    global_request_id: str | None = None
    image_endpoint: str | None = None
    network_endpoint: str | None = None
    version_cache: Any = None

    @classmethod
    def build(cls, api_version: api_versions.APIVersion | None = None, *,
              timeout: float | None = None, deadline: float | None = None,
              connect_retries: int | None = None, status_code_retries: int | None = None,
              retriable_status_codes: Iterable[int] | None = None, timings: bool = False,
              global_request_id: str | None = None, image_endpoint: str | None = None,
              network_endpoint: str | None = None, version_cache: Any = None,
              ) -> TransportOptions:
        """The options for Client's keywords, each checked (InvalidArgument)."""
        return cls(api_version,
                   resilience.seconds_option("timeout", timeout, None),
                   resilience.seconds_option("deadline", deadline, resilience.DEFAULT_DEADLINE)
                   or resilience.DEFAULT_DEADLINE,
                   resilience.RetryPolicy.build(connect_retries, status_code_retries,
                                                retriable_status_codes),
                   timings, global_request_id, image_endpoint, network_endpoint, version_cache)

    def requested_version(self) -> api_versions.APIVersion:
        """The version asked for (the newest this library speaks when none was)."""
        return self.api_version or api_versions.APIVersion(api_versions.API_MAX_VERSION_STR)


class Request(NamedTuple):
    """One attempt, as the policy hands it to a sender."""

    method: str
    url: str  # absolute
    headers: dict[str, str]  # Accept, microversion, Content-Type...; not the credentials
    data: str | None  # the JSON body, encoded
    timeout: float  # for each connect and socket read: what is left of the deadline at most
    deadline: resilience.Deadline  # the answer is read in full within it
    extra: dict[str, Any]  # requests' other keywords (params=...)


class Sender(Protocol):
    """Sends one request, credentials added, redirects not followed, and reads
    its answer (resilience.read_body, within the request's deadline)."""

    def send(self, request: Request) -> Any:
        """The response (a requests.Response), whatever its status."""

    def failure(self, exc: Exception, request: Request) -> exceptions.ComputeClientError | None:
        """The computeclient error for what send() raised (None: let it through)."""

    def endpoint(self, service_type: str) -> str:
        """The URL of a service ("compute", "image", "network"), or EndpointNotFound."""

    def project_id(self) -> str | None:
        """The project of the credentials, when known."""

    def user_id(self) -> str | None:
        """The user of the credentials, when known."""


class RequestVerbs:
    """get/post/put/patch/delete/head(url, **kwargs): `request(url, METHOD, ...)`."""

    def request(self, url: str, method: str, **kwargs: Any) -> tuple[Any, Any]:
        raise NotImplementedError  # pragma: no cover

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


class ServiceRequests(RequestVerbs):
    """A transport's requests to another service ("image", "network"): a
    relative URL is joined to that service's endpoint; an absolute one, and
    everything else (policy, credentials), is the transport's."""

    def __init__(self, transport: Transport, service_type: str) -> None:
        self.transport, self.service_type = transport, service_type

    def request(self, url: str, method: str, **kwargs: Any) -> tuple[Any, Any]:
        if not url.startswith(("http://", "https://")):
            endpoint = self.transport.get_endpoint(self.service_type)
            url = endpoint.rstrip("/") + "/" + url.lstrip("/")
        return self.transport.request(url, method, **kwargs)


class Transport(RequestVerbs):
    """The policy of every request; a sender does the sending.

    Built with its sender and one `TransportOptions` (HTTPClient and
    SessionClient build theirs from their keywords, through
    `_init_transport`); neither it nor its options are changed from outside
    afterwards. get/post/put/patch/delete/head(url, body=..., headers=...,
    versioned=True) -> (response, body).
    """

    service_type = "compute"
    sender: Sender
    options: TransportOptions

    def __init__(self, sender: Sender, options: TransportOptions) -> None:
        self._init_transport(sender, options)

    def _init_transport(self, sender: Sender, options: TransportOptions) -> None:
        self.sender = sender
        self.options = options
        # One negotiation however many threads share this client; a version
        # chosen with using_version() belongs to the calling thread only.
        self._discovery_lock = threading.RLock()
        self._answers = 0
        self._per_thread = threading.local()
        self._api_version = options.requested_version()
        self.server_versions: tuple[api_versions.APIVersion, api_versions.APIVersion] | None = None
        self.times: list[tuple[str, float, float]] = []
        self._versions_from_cache = False

    @property
    def timeout(self) -> float | None:
        """Seconds for each connect and socket read (keystoneauth1's timeout)."""
        return self.options.timeout

    @property
    def deadline(self) -> float:
        """Seconds a whole request may take, its retries and every byte of its answers."""
        return self.options.deadline

    def has_answered(self) -> bool:
        """Whether any request got a successful answer (the shell tells a
        server's odd answer from its own bug by it)."""
        return getattr(self, "_answers", 0) > 0

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
        cache = self.options.version_cache
        cached = cache.get(url) if cache else None
        if cached:
            self.server_versions = (api_versions.APIVersion(cached[0] or None),
                                    api_versions.APIVersion(cached[1] or None))
            self._versions_from_cache = True
            return
        _, body = self._retrying_request(url, "GET", versioned=False)
        self.server_versions = api_versions.version_from_document(body)
        if cache:
            low, high = self.server_versions
            cache.put(url, "" if low.is_null() else str(low), "" if high.is_null() else str(high))

    def offered(self) -> str | None:
        if self.server_versions is None:
            return None
        low, high = self.server_versions
        return f"{low}-{high}"

    def _version_headers(self) -> dict[str, str]:
        headers = api_versions.request_headers(self.api_version)
        if self.options.global_request_id:
            headers["X-OpenStack-Request-ID"] = self.options.global_request_id
        return headers

    def get_compute_endpoint(self) -> str:
        return self.sender.endpoint("compute")

    def get_endpoint(self, service_type: str = "compute") -> str:
        """The URL of "compute", "image" or "network" (the endpoints given win)."""
        if service_type == "image" and self.options.image_endpoint:
            return self.options.image_endpoint
        if service_type == "network" and self.options.network_endpoint:
            return self.options.network_endpoint
        return self.sender.endpoint(service_type)

    def for_service(self, service_type: str) -> ServiceRequests:
        """This transport's requests to `service_type`'s endpoint (relative
        URLs join it); the transport itself is left as it is.

        Example: ``cs.client.for_service("image").get("/v2/images", versioned=False)``
        """
        return ServiceRequests(self, service_type)

    def get_project_id(self) -> str | None:
        """The project of the credentials (keystoneauth1's, a cached token's; else None)."""
        return self.sender.project_id()

    def get_user_id(self) -> str | None:
        return self.sender.user_id()

    def request(self, url: str, method: str, **kwargs: Any) -> tuple[Any, Any]:
        try:
            return self._retrying_request(url, method, **kwargs)
        except exceptions.NotAcceptable:
            if not self._versions_from_cache:
                raise
            # The server changed since we cached its range: negotiate afresh.
            with self._discovery_lock:
                self.options.version_cache.forget(version_root(self.get_compute_endpoint()))
                self.server_versions = None
                self._versions_from_cache = False
                self._api_version = self.options.requested_version()
            return self._retrying_request(url, method, **kwargs)

    def _retrying_request(self, url: str, method: str, **kwargs: Any) -> tuple[Any, Any]:
        """One request, repeated only where resilience.RetryPolicy says it is safe."""
        deadline = resilience.Deadline(self.options.deadline)

        def attempt() -> tuple[Any, Any]:
            fresh = dict(kwargs)
            if "headers" in fresh:
                fresh["headers"] = dict(fresh["headers"] or {})
            return self._raw_request(url, method, deadline=deadline, **fresh)
        result: tuple[Any, Any] = resilience.with_retries(attempt, self.options.retry_policy,
                                                          method, url, deadline)
        self._answers += 1
        return result

    def _raw_request(self, url: str, method: str, versioned: bool = True, *,
                     deadline: resilience.Deadline, **kwargs: Any) -> tuple[Any, Any]:
        """One attempt: its redirects followed (redirects.py), its answer decoded,
        an error status raised as exceptions.from_response's class."""
        headers = {"Accept": "application/json"}
        if versioned:
            headers.update(self._version_headers())
        headers.update(kwargs.pop("headers", None) or {})
        body = kwargs.pop("body", kwargs.pop("json", None))
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if not url.startswith(("http://", "https://")):
            url = self.get_compute_endpoint().rstrip("/") + "/" + url.lstrip("/")
        first_url = url
        for hops in range(redirects.MAX_REDIRECTS + 1):
            resp = self._send(Request(method, url, headers, data,
                                      self._socket_timeout(deadline, method, url), deadline,
                                      kwargs))
            if not redirects.is_redirect(resp):
                break
            url, new_method = redirects.next_request(resp, first_url, method, hops)
            if new_method != method:
                method, data = new_method, None
                headers.pop("Content-Type", None)
        answer = resilience.decode(resp, method, url)
        if resp.status_code >= 400:
            raise exceptions.from_response(resp, answer, url, method)
        return resp, answer

    def _send(self, request: Request) -> Any:
        """The sender's answer, or its failure as a computeclient error."""
        start = time.time()
        try:
            return self.sender.send(request)
        except exceptions.ComputeClientError:
            raise
        except Exception as exc:
            error = self.sender.failure(exc, request)
            if error is None:
                raise
            # A refused header's text quotes the token: not even --debug shows it.
            raise error from (None if isinstance(error, exceptions.RequestNotSent) else exc)
        finally:
            self._record(request.method, request.url, start)

    def _socket_timeout(self, deadline: resilience.Deadline, method: str, url: str) -> float:
        """The timeout for the next attempt: `timeout`, cut to what the deadline leaves."""
        left = deadline.check(method, url)
        return min(left, self.options.timeout) if self.options.timeout else left

    def _record(self, method: str, url: str, start: float) -> None:
        if self.options.timings:
            self.times.append((f"{method} {url}", start, time.time()))

    def get_timings(self) -> list[tuple[str, float, float]]:
        return self.times

    def reset_timings(self) -> None:
        self.times = []
