"""The door to the library: `Client(version, ...)` and its two transports.

- `HTTPClient` (http_client.py): plain requests with a token and an
  endpoint, the way dashboards that already hold a token use it.
- `SessionClient` (session_client.py, so that token-and-endpoint use never
  imports keystoneauth1): a keystoneauth1 Adapter (catalog lookup, re-auth
  on 401). Both are `transport.Transport`, the one policy, with their own
  sender; which one a Client gets is decided in connection.py.

Both speak JSON, add the microversion headers, return `(response, body)`
and raise through `exceptions.from_response`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, TypedDict

from computeclient import api_versions
from computeclient.http_client import HTTPClient

__all__ = ["Client", "ClientOptions", "HTTPClient", "discover_extensions"]


class ClientOptions(TypedDict, total=False):
    """The keyword options of `Client(...)` besides the positional ones."""

    session: Any  # a keystoneauth1 Session
    auth_token: str | None
    endpoint_override: str | None
    project_name: str | None
    user_domain_name: str | None
    user_domain_id: str | None
    project_domain_name: str | None
    project_domain_id: str | None
    insecure: bool
    cacert: str | None
    cert: Any
    timeout: float | None  # each connect and socket read, as keystoneauth1's timeout
    deadline: float | None  # the whole request, its retries included (default 120 s)
    connect_retries: int | None  # keystoneauth1's words, resilience.RetryPolicy
    status_code_retries: int | None
    retriable_status_codes: Iterable[int] | None
    region_name: str | None
    interface: str | None
    service_type: str
    service_name: str | None
    user_agent: str | None
    logger: Any  # a logging.Logger
    timings: bool
    global_request_id: str | None
    http_log_debug: bool
    image_endpoint: str | None
    network_endpoint: str | None
    version_cache: Any  # a version_cache.VersionCache: the server's range kept between runs


def Client(version: str | int | api_versions.APIVersion, username: str | None = None,
           password: str | None = None, project_id: str | None = None,
           auth_url: str | None = None, *, extensions: list[Any] | None = None,
           bypass_url: str | None = None, endpoint_type: str | None = None,
           api_key: str | None = None, **kwargs: Unpack[ClientOptions]) -> v2_client.Client:
    """Build a Compute API client: the one door of the library.

    :param version: "2.latest" (negotiate the highest both sides speak),
        "2.60", an APIVersion, or "2" (or 2): microversion 2.0 as in
        python-novaclient, Nova's base API with no version document asked
    :param username, password, project_id, auth_url: password auth (a
        keystoneauth1 session is built for you); or give `session=`, or
        `auth_token=` with `endpoint_override=` (plain requests, no keystoneauth1)
    :param extensions: from `discover_extensions(version)`, to attach their managers
    :param kwargs: see ClientOptions (TLS, region, interface, logging...); `timeout`
        (each socket read), `connect_retries`, `status_code_retries` and
        `retriable_status_codes` mean what they mean to keystoneauth1, and
        `deadline` bounds a whole request (README, "Reliability settings")
    :returns: a `computeclient.v2.client.Client`; errors are computeclient.exceptions

    Example::

        from computeclient import client
        cs = client.Client("2.latest", auth_token=token, endpoint_override=url)
        flavor = cs.flavors.find(name="m1.small")        # a Flavor
        server = cs.servers.create("vm1", image_id, flavor, nics="none")
    """
    from computeclient.v2 import client as v2_client
    return v2_client.Client(
        extensions=extensions, api_version=api_versions.get_api_version(version),
        username=username, password=password, project_id=project_id, auth_url=auth_url,
        bypass_url=bypass_url, endpoint_type=endpoint_type, api_key=api_key, **kwargs)


if TYPE_CHECKING:
    from typing_extensions import Unpack

    from computeclient.v2 import client as v2_client


def discover_extensions(version: str | int | api_versions.APIVersion = "2.latest",
                        only_contrib: bool = False) -> list[Any]:
    """Extensions found in computeclient/v2/contrib and the entry points.

    `only_contrib` is accepted because Neutron's notifier passes it;
    python-novaclient 18 ignores it too.
    """
    from computeclient import extension
    return extension.discover(api_versions.get_api_version(version))


def __getattr__(name: str) -> Any:
    """`client.SessionClient` stays importable from here, loaded on first use."""
    if name == "SessionClient":
        from computeclient.session_client import SessionClient
        return SessionClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
