"""Errors raised by computeclient, one class per HTTP status Nova sends.

`from_response` turns an HTTP error into the right class, reading the
message from whichever JSON shape Nova used (or the raw body), the request
id from either request-id header, and Retry-After where the server sent it.
"""

from __future__ import annotations

import copy
import re

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any


class ComputeClientError(Exception):
    """Base of every error computeclient raises on purpose."""


class CommandError(ComputeClientError):
    """Bad input to a shell command."""


class UnsupportedVersion(ComputeClientError):
    """A microversion that cannot be used."""


class VersionNotAvailable(UnsupportedVersion):
    """A call that the negotiated microversion does not allow."""

    def __init__(self, what: str, needed: str, have: Any, offered: str | None = None,
                 allowed: str | None = None) -> None:
        self.what, self.needed, self.have, self.offered = what, needed, have, offered
        # `allowed`: python-novaclient's phrasing of the range, which its callers match
        text = (f"{what} {allowed}. This session speaks {have}" if allowed
                else f"{what} needs microversion {needed}; this session speaks {have}")
        if offered:
            text += f" (the server offers {offered})"
        self.message = text
        super().__init__(text)


class UnsupportedAttribute(VersionNotAvailable, AttributeError):
    """An argument or field the microversion in use does not take
    (`api_versions.require`). python-novaclient's name, and an AttributeError
    as there, so its callers' `except` clauses keep working."""


class UnexpectedKeyword(UnsupportedAttribute, TypeError):
    """A keyword that only another microversion's variant of a method takes
    (`api_versions.wraps`): a TypeError, as Python's own refusal is where
    python-novaclient has no variant taking it."""

    def __init__(self, what: str, keywords: list[str], needed: str, have: Any) -> None:
        self.keywords = keywords
        super().__init__(f"{what} with {', '.join(keywords)}", needed, have)
        self.message += "".join(f" (unexpected keyword argument '{k}')" for k in keywords)
        self.args = (self.message,)


class UnsupportedValue(VersionNotAvailable, ValueError):
    """A value the microversion in use does not take (a tagged NIC before
    2.32, nics='auto' before 2.37): a ValueError, as in python-novaclient."""


class UnsupportedArgument(UnsupportedAttribute, TypeError):
    """A keyword argument the microversion in use does not take
    (`api_versions.require(..., error=UnsupportedArgument)`): also a
    TypeError, as python-novaclient raises for it (its method variant for
    that microversion has no such parameter)."""


class VersionNotFoundForAPIMethod(VersionNotAvailable):
    """A method with no variant for the microversion in use (`api_versions.wraps`);
    python-novaclient's name."""


class NoUniqueMatch(ComputeClientError):
    """A name matched more than one resource."""


class InvalidArgument(CommandError, ValueError):
    """Bad input to a library call: also a ValueError, and a CommandError,
    the class python-novaclient's library raises for bad input."""


class UnexpectedArgument(InvalidArgument, TypeError):
    """A keyword argument a call takes in no microversion: also the TypeError
    Python raises for one (python-novaclient's methods name each keyword)."""


class UnsupportedConsoleType(InvalidArgument):
    """A console type Nova does not know (python-novaclient's name for it)."""

    def __init__(self, console_type: str, choices: Any = (), why: str | None = None) -> None:
        self.console_type = console_type
        self.message = f"Unsupported console_type {console_type!r}"
        if why:
            self.message += f": {why}"
        elif choices:
            self.message += f"; choose from {', '.join(sorted(choices))}"
        super().__init__(self.message)


class InvalidPathSegment(InvalidArgument):
    """A name or ID that cannot be one segment of a URL path ('', '.', '..', '/')."""


class PagingLoop(ComputeClientError):
    """The server keeps sending `next` links: a repeated marker or page, or no end."""


class ResourceFailed(ComputeClientError):
    """A resource being waited for went into an error state."""


class WaitTimeout(ComputeClientError):
    """A wait ran out of time; the operation may still go on server-side."""


class EndpointNotFound(ComputeClientError):
    """No endpoint for a service could be found."""


class ConnectionRefused(ComputeClientError):
    """The endpoint could not be reached: nothing was sent."""


class RequestNotSent(InvalidArgument):
    """The client refused to send a request HTTP cannot carry (a header
    with a line break or that is not text, a URL that does not parse):
    nothing left the client, so it is never retried and never "lost"."""


class TLSError(ComputeClientError):
    """The TLS handshake failed (e.g. the certificate could not be verified)."""


class RequestOutcomeUnknown(ComputeClientError):
    """A request was sent but its answer never came back in full.

    For a request that creates or acts, the server may have done it:
    retrying blindly can do it twice. `request_sent` is True.
    """

    request_sent = True

    def __init__(self, message: str, method: str | None = None,
                 url: str | None = None) -> None:
        self.method, self.url = method, url
        super().__init__(message)

    def with_hint(self, hint: str) -> RequestOutcomeUnknown:
        """The same error, its message ending with how to check the outcome."""
        clone = copy.copy(self)
        clone.args = (f"{self}; {hint}",)
        return clone


class ConnectionLost(RequestOutcomeUnknown):
    """The connection broke after the request was sent."""


class Timeout(RequestOutcomeUnknown):
    """The server did not answer in time.

    `request_sent` is False when even the connection could not be made.
    """

    def __init__(self, message: str, method: str | None = None,
                 url: str | None = None, request_sent: bool = True) -> None:
        super().__init__(message, method, url)
        self.request_sent = request_sent


class CloudConfigError(ComputeClientError):
    """clouds.yaml or secure.yaml cannot be used as it stands; the message says where."""


class ClientException(ComputeClientError):
    """An HTTP error answered by the server."""

    http_status: int | None = None
    message = "Unknown error"

    def __init__(self, code: int | None = None, message: str | None = None,
                 details: str | None = None, request_id: str | None = None,
                 url: str | None = None, method: str | None = None,
                 retry_after: int | None = None) -> None:
        self.code = code if code is not None else self.http_status
        self.message = message or self.__class__.message
        self.details = details
        self.request_id = request_id
        self.url = url
        self.method = method
        self.retry_after = retry_after
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.message} (HTTP {self.code})"
        if self.retry_after is not None:
            text += f" (retry after {self.retry_after} s)"
        if self.request_id:
            text += f" (Request-ID: {self.request_id})"
        return text


class UnfollowedRedirect(ClientException):
    """A 3xx answer that was not followed (another host, no Location, a loop)."""

    message = "Redirect not followed"


class InvalidResponse(ClientException):
    """The server answered with success, but not in the shape the API has.

    (Not JSON, not an object, a field missing or of the wrong type.)
    """

    message = "Invalid answer from the server"


class MissingField(InvalidResponse, KeyError, AttributeError):
    """A field the API promises is absent from the server's answer.

    Also a KeyError and an AttributeError, so `dict.get`-style and
    `getattr(obj, name, default)` code keeps working.
    """


class BadRequest(ClientException):
    http_status, message = 400, "Bad request"


class Unauthorized(ClientException):
    http_status, message = 401, "Unauthorized"


class Forbidden(ClientException):
    http_status, message = 403, "Forbidden"


class NotFound(ClientException):
    http_status, message = 404, "Not found"


class MethodNotAllowed(ClientException):
    http_status, message = 405, "Method not allowed"


class NotAcceptable(ClientException):
    http_status, message = 406, "Not acceptable"


class Conflict(ClientException):
    http_status, message = 409, "Conflict"


class Gone(ClientException):
    http_status, message = 410, "Gone"


class RequestEntityTooLarge(ClientException):
    http_status, message = 413, "Request entity too large"


class UnsupportedMediaType(ClientException):
    http_status, message = 415, "Unsupported media type"


class RateLimit(ClientException):
    http_status, message = 429, "Rate limit exceeded"


class InternalServerError(ClientException):
    http_status, message = 500, "Internal server error"


class HTTPNotImplemented(ClientException):
    http_status, message = 501, "Not implemented"


class BadGateway(ClientException):
    http_status, message = 502, "Bad gateway"


class ServiceUnavailable(ClientException):
    http_status, message = 503, "Service unavailable"


class GatewayTimeout(ClientException):
    http_status, message = 504, "Gateway timeout"


_BY_STATUS: dict[int, type[ClientException]] = {
    cls.http_status: cls for cls in (
        BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed,
        NotAcceptable, Conflict, Gone, RequestEntityTooLarge,
        UnsupportedMediaType, RateLimit, InternalServerError,
        HTTPNotImplemented, BadGateway, ServiceUnavailable, GatewayTimeout)
}

# Back-compatible names scripts written for novaclient reach for.
OverLimit = RequestEntityTooLarge


def class_for_status(status: int) -> type[ClientException]:
    """The exception class for an HTTP status (a 5xx without its own is a 500)."""
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else ClientException
    return cls


def _message_from_body(body: Any) -> tuple[str | None, str | None]:
    """(message, details) from Nova's error shapes.

    Nova answers {"itemNotFound": {"message": ..., "code": 404}} (any
    single key), the API-WG {"errors": [{"title", "detail"}]}, or plain
    {"message": ...}; anything else is shown as text.
    """
    if isinstance(body, dict):
        if isinstance(body.get("errors"), list) and body["errors"]:
            err = body["errors"][0]
            return err.get("detail") or err.get("title"), err.get("title")
        if "message" in body and isinstance(body["message"], str):
            return body["message"], body.get("details")
        if len(body) == 1:
            inner = next(iter(body.values()))
            if isinstance(inner, dict):
                return inner.get("message"), inner.get("details")
            if isinstance(inner, str):
                return inner, None
        return None, None
    if isinstance(body, str):
        text = " ".join(html_to_text(body).split())
        return (text[:500] or None), None
    return None, None


def html_to_text(text: str) -> str:
    """The readable text of an HTML error page (the text itself if not HTML)."""
    if "<" not in text or not re.search(r"<\s*(html|body|head|title|h1|p|!doctype)\b",
                                        text, re.IGNORECASE):
        return text
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("script", "style", "title"):
                self._skip += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "title") and self._skip:
                self._skip -= 1

        def handle_data(self, data: str) -> None:
            if not self._skip:
                self.parts.append(data)

    parser = _Text()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # malformed markup: fall back to stripping tags
        return re.sub(r"<[^>]*>", " ", text)
    return " ".join(parser.parts)


def _retry_after(headers: Any) -> int | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def from_response(response: Any, body: Any, url: str | None = None,
                  method: str | None = None) -> ClientException:
    """The exception matching an HTTP error response."""
    status = response.status_code
    headers = getattr(response, "headers", {}) or {}
    request_id = (headers.get("x-openstack-request-id")
                  or headers.get("x-compute-request-id"))
    if body is None:
        body = getattr(response, "text", None)
    message, details = _message_from_body(body)
    if message:
        message = " ".join(str(message).split())  # one line, whatever Nova sent
    cls = class_for_status(status)
    retry_after = _retry_after(headers) if status in (413, 429, 503) else None
    return cls(code=status, message=message, details=details,
               request_id=request_id, url=url, method=method,
               retry_after=retry_after)
