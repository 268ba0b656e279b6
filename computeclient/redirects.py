"""Which redirects both transports follow, and which they refuse.

Neither requests nor keystoneauth1 does what an API client with a token
needs: requests keeps X-Auth-Token on a redirect to another host and turns a
POST into a GET; keystoneauth1 sends the token (and the same POST) to any
Location and cannot resolve a relative one. So both transports ask for the
raw 3xx answer and follow it here: only within the origin (scheme, host,
port) the request was sent to, at most MAX_REDIRECTS times. A 3xx that is
not followed is an error, never a success with an empty body.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from computeclient import exceptions

MAX_REDIRECTS = 5
FOLLOWED = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_redirect(resp: Any) -> bool:
    status: int = resp.status_code
    return 300 <= status < 400


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the default port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


def next_request(resp: Any, first_url: str, method: str, hops: int) -> tuple[str, str]:
    """(url, method) of the request a 3xx answer asks for, or an UnfollowedRedirect.

    `first_url` is the absolute URL of the first request: the origin the
    token was meant for. A 303 is followed with GET (the answer to a create
    or an action lives there); other statuses keep the method and body.
    """
    status = resp.status_code
    headers = getattr(resp, "headers", None) or {}
    location = (headers.get("Location") or "").strip()
    here = getattr(resp, "url", None) or first_url

    def refuse(why: str) -> exceptions.UnfollowedRedirect:
        return exceptions.UnfollowedRedirect(
            code=status, message=f"{method} {here} was redirected{why}; not followed",
            url=here, method=method, request_id=headers.get("x-openstack-request-id")
            or headers.get("x-compute-request-id"))

    if status not in FOLLOWED or not location:
        raise refuse("" if location else " without a Location")
    target = urljoin(here, location)
    if origin(target) != origin(first_url):
        raise refuse(f" to another host ({_origin_text(target)}), which would receive "
                     f"the token")
    if hops >= MAX_REDIRECTS:
        raise refuse(f" more than {MAX_REDIRECTS} times (last to {target})")
    if status == 303 and method not in ("GET", "HEAD"):
        return target, "GET"
    return target, method


def _origin_text(url: str) -> str:
    scheme, host, port = origin(url)
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"
