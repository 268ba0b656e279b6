"""What the transports share to fail clearly: error classification,
retries where they are safe, a whole-request deadline, answer shapes.

- A failure before anything was sent (refused, DNS, connect timeout) is
  `ConnectionRefused` / `Timeout(request_sent=False)`: always safe to retry.
- A failure after the request left (reset, truncated body, read timeout)
  is `ConnectionLost` / `Timeout`: for a request that creates or acts, the
  message says the outcome is unknown, since the server may have done it.
- TLS failures are `TLSError`, with the options that fix them.
- Retries take keystoneauth1's words (`RetryPolicy`): `connect_retries`
  after a connection failure, `status_code_retries` on a status among
  `retriable_status_codes`. Unlike keystoneauth1, a request that creates
  or acts is repeated only when it cannot have been acted on: nothing was
  sent, or the server's `Retry-After` said it did nothing.
- `timeout` is keystoneauth1's and requests' (each connect and socket
  read); `Deadline` bounds the whole request, retries included.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from typing import Any, Callable, Iterable, Iterator, NamedTuple
from urllib.parse import urlsplit

from computeclient import exceptions
from computeclient.answers import Answer

LOG = logging.getLogger(__name__)
#: Retries are said here: the shell shows them on a terminal or with --debug only.
RETRY_LOG = logging.getLogger(__name__ + ".retries")

#: Seconds a whole request (connect, send, every byte of the answer, retries) may take.
DEFAULT_DEADLINE = 120.0
#: The largest timeout or deadline accepted (a day); more overflows the platform's clock.
MAX_TIMEOUT = 86400.0
#: Retries after a connection failure, and on a retriable status (keystoneauth1: 0 and 0).
DEFAULT_CONNECT_RETRIES = 3
DEFAULT_STATUS_CODE_RETRIES = 3
#: keystoneauth1's default is (429, 503); gateways answer 502 and 504, and
#: Nova's over-limit answers were 413 with a Retry-After.
DEFAULT_RETRIABLE_STATUS_CODES = (413, 429, 502, 503, 504)
#: The longest Retry-After honoured; a longer one is reported instead.
MAX_RETRY_AFTER = 60
#: Connections kept per host: enough for many threads sharing one Client.
POOL_SIZE = 64

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def check_timeout(value: Any) -> float:
    """A usable timeout in seconds, or ValueError saying what is accepted."""
    seconds = float(value)
    if not 0 < seconds <= MAX_TIMEOUT:  # also refuses nan
        raise ValueError(f"timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds")
    return seconds


def seconds_option(name: str, value: Any, default: float | None) -> float | None:
    """`value` (None: `default`) checked as a library keyword: InvalidArgument if unusable."""
    if value is None:
        return default
    try:
        return check_timeout(value)
    except (TypeError, ValueError) as exc:
        raise exceptions.InvalidArgument(f"Invalid {name} {value!r}: {exc}") from exc


# -- what went wrong on the wire ---------------------------------------------

def _chain(exc: BaseException) -> list[BaseException]:
    """exc, the exceptions it wraps (args, cause, context, .original/.reason)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 20:
        item = todo.pop(0)
        if item in seen:
            continue
        seen.append(item)
        for inner in (item.__cause__, item.__context__, getattr(item, "original", None),
                      getattr(item, "reason", None), *getattr(item, "args", ())):
            if isinstance(inner, BaseException):
                todo.append(inner)
    return seen


def failure_kind(exc: BaseException) -> str:
    """'unsent', 'url', 'tls', 'connect', 'connect-timeout', 'read-timeout' or 'lost'."""
    import requests
    import urllib3.exceptions as u3

    chain = _chain(exc)
    if any(isinstance(e, requests.exceptions.InvalidHeader) for e in chain):
        return "unsent"
    if any(isinstance(e, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                          requests.exceptions.InvalidSchema, u3.LocationParseError))
           for e in chain):
        return "url"
    if any(isinstance(e, (requests.exceptions.SSLError, u3.SSLError)) for e in chain):
        return "tls"
    if any(isinstance(e, u3.NewConnectionError) for e in chain):
        return "connect"
    if any(isinstance(e, (requests.exceptions.ConnectTimeout, u3.ConnectTimeoutError))
           for e in chain):
        return "connect-timeout"
    if any(isinstance(e, (requests.exceptions.ReadTimeout, u3.ReadTimeoutError))
           for e in chain):
        return "read-timeout"
    if any(isinstance(e, u3.ProxyError) for e in chain):
        return "connect"
    return "lost"


def _where(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url
    except ValueError:
        return url


def unknown_outcome_hint(method: str) -> str:
    if method.upper() in IDEMPOTENT_METHODS:
        return ""
    return ("; the server may have acted on it, so the outcome is unknown: "
            "check what the server holds before retrying")


def transport_error(exc: BaseException, method: str, url: str) -> exceptions.ComputeClientError:
    """The computeclient error for a failure of requests or keystoneauth1."""
    kind = failure_kind(exc)
    # The request that failed may be the identity service's, not the compute one.
    method, url = _failed_request(exc) or (method, url)
    where = _where(url)
    if kind == "unsent":
        return refused_header(method, url)
    if kind == "url":
        reason = " ".join(str(_innermost(exc)).split())[:200]
        return exceptions.EndpointNotFound(f"Invalid URL {url!r}: {reason}; nothing was sent")
    if kind == "tls":
        reason = " ".join(str(_innermost(exc)).split())[:300]
        if "certificate" not in reason.lower():
            return exceptions.TLSError(
                f"TLS handshake with {where} failed ({reason}); is it an https endpoint?")
        return exceptions.TLSError(
            f"TLS certificate of {where} not accepted ({reason}); give the CA bundle that "
            f"signed it (--os-cacert, OS_CACERT, cacert=) or, only for a test server, "
            f"skip verification (--insecure, insecure=True)")
    if kind == "connect":
        return exceptions.ConnectionRefused(
            f"Unable to connect to {where} (is it running?); nothing was sent")
    if kind == "connect-timeout":
        return exceptions.Timeout(f"Timed out connecting to {where}; nothing was sent",
                                  method, url, request_sent=False)
    if kind == "read-timeout":
        return exceptions.Timeout(
            f"{method} {url} got no answer in time{unknown_outcome_hint(method)}",
            method, url)
    return exceptions.ConnectionLost(
        f"The connection to {where} was lost after {method} {url} was sent"
        f"{unknown_outcome_hint(method)}", method, url)


def send_failure(exc: Exception, method: str, url: str,
                 headers: dict[str, Any] | None = None) -> exceptions.ComputeClientError | None:
    """The computeclient error for what requests raised sending a request or
    reading its answer (None: not a failure of sending; let it through)."""
    if isinstance(exc, UnicodeError):  # a header http.client cannot encode; its text quotes it
        return refused_header(method, url, headers)
    if isinstance(exc, OSError):  # requests.RequestException
        if failure_kind(exc) == "unsent":  # InvalidHeader: its message quotes the token
            return refused_header(method, url, headers)
        return transport_error(exc, method, url)
    if isinstance(exc, ValueError):
        return exceptions.RequestNotSent(f"Cannot send {method} {url}: {exc}; nothing was sent")
    return None


def refused_header(method: str, url: str,
                   headers: dict[str, Any] | None = None) -> exceptions.RequestNotSent:
    """A header requests would not send. Its value is never quoted: it is
    usually the token."""
    import requests

    names = []
    for name, value in (headers or {}).items():
        try:
            requests.utils.check_header_validity((name, value))
            if isinstance(value, str):
                value.encode("latin-1")
        except (requests.exceptions.InvalidHeader, UnicodeError):
            names.append(name if isinstance(name, str) and name.isprintable() else "?")
    which = f"header {', '.join(names)}" if names else "a header"
    return exceptions.RequestNotSent(
        f"Cannot send {method} {url}: {which} is not text or holds what a header cannot "
        f"carry (a line break, a leading space, a non-Latin-1 character: a damaged "
        f"token?); nothing was sent")


def _failed_request(exc: BaseException) -> tuple[str, str] | None:
    """(method, URL) of the request requests was making when it failed, if it says."""
    for item in _chain(exc):
        request: Any = getattr(item, "request", None)
        if request is not None and isinstance(getattr(request, "url", None), str):
            return str(request.method or "GET"), str(request.url)
    return None


def _innermost(exc: BaseException) -> BaseException:
    chain = _chain(exc)
    return chain[-1] if chain else exc


# -- a deadline for the whole request ----------------------------------------

class Deadline:
    """When a whole request (its retries, redirects and every byte of its
    answers) must be over; read on the caller's thread, no worker needed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def check(self, method: str, url: str) -> float:
        """The seconds left, or Timeout once none are."""
        left = self.remaining()
        if left <= 0:
            raise exceptions.Timeout(
                f"{method} {url} did not complete within {self.seconds:g} s"
                f"{unknown_outcome_hint(method)}", method, url)
        return left


class _BodyWithinDeadline:
    """A response's raw stream read a socket read at a time, checking the
    deadline between reads: a server trickling its answer cannot outlast it."""

    def __init__(self, raw: Any, deadline: Deadline, method: str, url: str) -> None:
        self._raw = raw
        self._deadline = deadline
        self._what = (method, url)

    def stream(self, amt: int | None = 2 ** 16,
               decode_content: bool | None = None) -> Iterator[bytes]:
        while True:
            self._deadline.check(*self._what)
            chunk = self._raw.read1(amt, decode_content=decode_content)
            if not chunk:
                return
            yield chunk

    def __getattr__(self, name: str) -> Any:  # release_conn, close, ...: the stream's own
        return getattr(self._raw, name)


def read_body(resp: Any, deadline: Deadline, method: str, url: str) -> bytes:
    """Read a streamed (stream=True) requests response within `deadline`;
    resp.content holds the body afterwards, as if it had not been streamed."""
    if hasattr(getattr(resp, "raw", None), "read1"):
        resp.raw = _BodyWithinDeadline(resp.raw, deadline, method, url)
    content: bytes = resp.content or b""
    return content


# -- retries -------------------------------------------------------------------

class RetryPolicy(NamedTuple):
    """When a failed attempt may be repeated, and after how long.

    connect_retries, status_code_retries, retriable_status_codes: as
    keystoneauth1's Session.request takes them (how many retries after a
    connection failure; how many on a status among the codes); the rule of
    what may be repeated is computeclient's (module docstring).
    """

    connect_retries: int = DEFAULT_CONNECT_RETRIES
    status_code_retries: int = DEFAULT_STATUS_CODE_RETRIES
    retriable_status_codes: frozenset[int] = frozenset(DEFAULT_RETRIABLE_STATUS_CODES)
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: int = MAX_RETRY_AFTER

    @classmethod
    def build(cls, connect_retries: int | None = None, status_code_retries: int | None = None,
              retriable_status_codes: Iterable[int] | None = None) -> RetryPolicy:
        """The policy for Client keywords (None: computeclient's default); InvalidArgument
        for a count that is not a whole number from 0."""
        counts = {}
        for name, value, default in (
                ("connect_retries", connect_retries, DEFAULT_CONNECT_RETRIES),
                ("status_code_retries", status_code_retries, DEFAULT_STATUS_CODE_RETRIES)):
            if value is None:
                value = default
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise exceptions.InvalidArgument(f"{name} must be a whole number from 0, "
                                                 f"not {value!r}")
            counts[name] = value
        try:
            codes = frozenset(int(c) for c in (DEFAULT_RETRIABLE_STATUS_CODES
                                               if retriable_status_codes is None
                                               else retriable_status_codes))
        except (TypeError, ValueError) as exc:
            raise exceptions.InvalidArgument(
                f"retriable_status_codes must be HTTP status codes, not "
                f"{retriable_status_codes!r}") from exc
        return cls(counts["connect_retries"], counts["status_code_retries"], codes)

    def delay(self, method: str, exc: BaseException, done: dict[str, int]) -> float | None:
        """Seconds to wait before repeating, or None: do not. `done` counts the
        retries so far by kind ("connect", "status"); a granted one is counted."""
        safe = method.upper() in IDEMPOTENT_METHODS
        if isinstance(exc, exceptions.ClientException):
            kind, allowed = "status", self.status_code_retries
            if exc.code not in self.retriable_status_codes:
                return None
            if exc.retry_after is not None:  # the server says it did nothing
                if not 0 <= exc.retry_after <= self.max_retry_after:
                    return None  # too long: the error reports it
                wait = float(exc.retry_after)
            elif safe:
                wait = self._backoff(done.get(kind, 0))
            else:
                return None
        else:
            kind, allowed = "connect", self.connect_retries
            if isinstance(exc, exceptions.ConnectionRefused):
                pass  # nothing was sent
            elif isinstance(exc, exceptions.Timeout):
                if exc.request_sent:
                    return None
            elif not (isinstance(exc, exceptions.ConnectionLost) and safe):
                return None
            wait = self._backoff(done.get(kind, 0))
        if done.get(kind, 0) >= allowed:
            return None
        done[kind] = done.get(kind, 0) + 1
        return wait

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.max_backoff, self.backoff * (2 ** attempt))
        return random.uniform(ceiling / 2, ceiling)


def with_retries(send: Callable[[], Any], policy: RetryPolicy, method: str, url: str,
                 deadline: Deadline | None = None) -> Any:
    """send() until it succeeds or `policy` says stop; no retry would outlast `deadline`."""
    done: dict[str, int] = {}
    while True:
        try:
            return send()
        except exceptions.ComputeClientError as exc:
            wait = policy.delay(method, exc, done)
            if wait is None or (deadline is not None and wait >= deadline.remaining()):
                raise
            RETRY_LOG.warning("%s %s failed (%s); retry in %.1f s (%s)", method, url,
                              " ".join(str(exc).split()), wait,
                              ", ".join(f"{kind} retry {count}" for kind, count in done.items()))
        time.sleep(wait)


# -- the shape of an answer ----------------------------------------------------

def decode(resp: Any, method: str, url: str) -> Any:
    """The body of a response: None, a JSON object (as Answer), or text.

    A successful answer must be empty or a JSON object; anything else is
    InvalidResponse.
    """
    content = resp.content
    if not content:
        # A successful GET owes a body; reading a field of an empty one is the
        # server's fault (MissingField), not a TypeError on None.
        return Answer() if method == "GET" and resp.status_code < 300 else None
    try:
        body = json.loads(content, object_hook=Answer)
        parsed = True
    except (ValueError, RecursionError):
        body, parsed = None, False
    if resp.status_code >= 400:
        return body if body is not None else resp.text
    if not isinstance(body, dict):
        text = " ".join(exceptions.html_to_text(resp.text).split())[:120]
        what = "JSON that is not an object" if parsed else "a body that is not JSON"
        raise exceptions.InvalidResponse(
            code=resp.status_code, url=url, method=method,
            message=f"The server answered {method} {url} with {what}: {text!r}")
    return body


_INSECURE_WARNED = threading.Event()


def warn_insecure_once() -> None:
    """One log line per process that certificates go unchecked. urllib3's own
    warning per request is left alone: a filter for it would be process-wide
    (the shell, which owns its process, installs one)."""
    if not _INSECURE_WARNED.is_set():
        _INSECURE_WARNED.set()
        LOG.warning("WARNING: TLS certificates are not verified (--insecure / insecure=True)")


def pooled_session(adapter_class: Any = None) -> Any:
    """A new requests.Session keeping POOL_SIZE connections per host (requests
    keeps 10), for sessions the library or the shell create themselves; a
    caller's session is never changed.

    adapter_class: an HTTPAdapter class (keystoneauth1's TCPKeepAliveAdapter
    for a keystoneauth1 Session, which mounts that one when it builds its own).
    """
    import requests
    from requests.adapters import HTTPAdapter

    http = requests.Session()
    for prefix in ("https://", "http://"):
        http.mount(prefix, (adapter_class or HTTPAdapter)(pool_connections=POOL_SIZE,
                                                          pool_maxsize=POOL_SIZE))
    return http
