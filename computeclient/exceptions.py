"""Errors raised by computeclient, one class per HTTP status Nova sends.

`from_response` turns an HTTP error into the right class, reading the
message from whichever JSON shape Nova used (or the raw body), the request
id from either request-id header, and Retry-After where the server sent it.
"""

from __future__ import annotations

from typing import Any


class ComputeClientError(Exception):
    """Base of every error computeclient raises on purpose."""


class CommandError(ComputeClientError):
    """Bad input to a shell command."""


class UnsupportedVersion(ComputeClientError):
    """A microversion that cannot be used."""


class VersionNotAvailable(UnsupportedVersion):
    """A call that the negotiated microversion does not allow."""

    def __init__(self, what: str, needed: str, have: Any, offered: str | None = None) -> None:
        self.what, self.needed, self.have, self.offered = what, needed, have, offered
        text = f"{what} needs microversion {needed}; this session speaks {have}"
        if offered:
            text += f" (the server offers {offered})"
        super().__init__(text)


class NoUniqueMatch(ComputeClientError):
    """A name matched more than one resource."""


class InvalidPathSegment(ComputeClientError, ValueError):
    """A name or ID that cannot be one segment of a URL path ('', '.', '..')."""


class PagingLoop(ComputeClientError):
    """The server keeps sending `next` links: a repeated marker or page, or no end."""


class ResourceNotFound(ComputeClientError):
    """A client-side lookup (by name or id) found nothing."""


class EndpointNotFound(ComputeClientError):
    """No endpoint for a service could be found."""


class ConnectionRefused(ComputeClientError):
    """The endpoint could not be reached."""


class Timeout(ComputeClientError):
    """The server did not answer in time."""


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
        if self.request_id:
            text += f" (Request-ID: {self.request_id})"
        return text


class UnfollowedRedirect(ClientException):
    """A 3xx answer that was not followed (another host, no Location, a loop)."""

    message = "Redirect not followed"


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
        text = " ".join(body.split())
        return (text[:500] or None), None
    return None, None


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
