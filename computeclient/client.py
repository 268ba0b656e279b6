"""The door to the library: `Client(version, ...)` and its two transports.

- `HTTPClient`: plain requests with a token and an endpoint, the way
  dashboards that already hold a token use it.
- `SessionClient`: a keystoneauth1 Adapter (catalog lookup, re-auth on 401),
  in session_client.py so that token-and-endpoint use never imports
  keystoneauth1. What both share is `transport.ComputeTransport`.

Both speak JSON, add the microversion headers, return `(response, body)`
and raise through `exceptions.from_response`.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, TypedDict

import requests

from computeclient import api_versions, exceptions, redirects, resilience
from computeclient.transport import (
    USER_AGENT,
    ComputeTransport,
    mask_body,
    mask_headers,
    masked_logger,
)


class HTTPClient(ComputeTransport):
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
        self.http = resilience.pooled_session()  # its own: a caller's is never touched

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

    def _raw_request(self, url: str, method: str, versioned: bool = True, *,
                     deadline: resilience.Deadline, **kwargs: Any) -> tuple[Any, Any]:
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
            resp = self._send_once(method, url, headers, data, deadline, kwargs)
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

    def _send_once(self, method: str, url: str, headers: dict[str, Any], data: str | None,
                   deadline: resilience.Deadline, kwargs: dict[str, Any]) -> Any:
        """One request, redirects not followed (see redirects.py), its answer
        read in full within the deadline."""
        self._log_request(method, url, headers, data)
        start = time.time()
        try:
            resp = self.http.request(method, url, headers=headers, data=data,
                                     timeout=deadline.check(method, url), verify=self.verify,
                                     cert=self.cert, allow_redirects=False, stream=True,
                                     **kwargs)
            resilience.read_body(resp, deadline, method, url)
            return resp
        except requests.exceptions.InvalidHeader:  # its message quotes the token
            raise resilience.refused_header(method, url, headers) from None
        except requests.exceptions.RequestException as exc:
            raise resilience.transport_error(exc, method, url) from exc
        except UnicodeError:  # a header http.client cannot encode; its text quotes it
            raise resilience.refused_header(method, url, headers) from None
        except ValueError as exc:
            raise exceptions.RequestNotSent(
                f"Cannot send {method} {url}: {exc}; nothing was sent") from exc
        finally:
            self._record(method, url, start)

    def _log_request(self, method: str, url: str, headers: dict[str, Any],
                     data: str | None) -> None:
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
                           retries: int | None = None) -> ComputeTransport:
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
            raise exceptions.InvalidArgument(
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
    timeout: float | None
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
    retries: int | None


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
    :param kwargs: see ClientOptions (timeouts, TLS, region, interface, logging...)
    :returns: a `computeclient.v2.client.Client`; errors are computeclient.exceptions

    Example::

        from computeclient import client
        cs = client.Client("2.latest", auth_token=token, endpoint_override=url)
        flavor = cs.flavors.find(name="m1.small")        # a Flavor
        server = cs.servers.create("vm1", image_id, flavor, nics="none")
    """
    api_version = api_versions.get_api_version(version)
    if bypass_url and not kwargs.get("endpoint_override"):
        kwargs["endpoint_override"] = bypass_url
    if endpoint_type and not kwargs.get("interface"):
        kwargs["interface"] = endpoint_type
    if api_key is not None and password is None:  # python-novaclient's name
        password = api_key
    http_client = _construct_http_client(api_version, username, password, project_id,
                                         auth_url, **kwargs)
    from computeclient.v2 import client as v2_client
    return v2_client.Client(http_client, extensions=extensions)


if TYPE_CHECKING:
    from typing_extensions import Unpack

    from computeclient.v2 import client as v2_client


def discover_extensions(version: str | int | api_versions.APIVersion = "2.latest"
                        ) -> list[Any]:
    """Extensions found in computeclient/v2/contrib and the entry points."""
    from computeclient import extension
    return extension.discover(api_versions.get_api_version(version))


def __getattr__(name: str) -> Any:
    """`client.SessionClient` stays importable from here, loaded on first use."""
    if name == "SessionClient":
        from computeclient.session_client import SessionClient
        return SessionClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
