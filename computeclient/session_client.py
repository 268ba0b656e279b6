"""The keystoneauth1 transport: catalog lookup, re-authentication on 401.

Kept apart from client.py so that a token and an endpoint (HTTPClient)
never pay for importing keystoneauth1.
"""

from __future__ import annotations

import logging
import time
from typing import Any, NoReturn

from keystoneauth1 import adapter, plugin
from keystoneauth1 import exceptions as ksa_exc

from computeclient import api_versions, exceptions, resilience
from computeclient.transport import (
    USER_AGENT,
    Request,
    Transport,
    TransportOptions,
    masked_logger,
)


class AdapterSender:
    """Sends through a keystoneauth1 Adapter: its session's token (renewed on a
    401, as keystoneauth1 does), its catalog; keystoneauth1's own retries and
    redirects are off, the transport's policy has them."""

    def __init__(self, adapter_: adapter.Adapter) -> None:
        self.adapter = adapter_
        # keystoneauth1 logs whole bodies to the logger a request is given: this one.
        self.logger = masked_logger(adapter_.logger)

    def endpoint(self, service_type: str, **filters: Any) -> str:
        """"compute" is the Adapter's own service; others come from its session's
        catalog. filters: keystoneauth1's endpoint filter (interface=...)."""
        kind = self.adapter
        try:
            if service_type == "compute":
                # Adapter's own, even on a SessionClient (whose get_endpoint is ours).
                endpoint = adapter.Adapter.get_endpoint(kind, **filters)
            else:
                endpoint = kind.session.get_endpoint(kind.auth, **{
                    "service_type": service_type, "interface": kind.interface,
                    "region_name": kind.region_name, **filters})
        except ksa_exc.ClientException as exc:
            raise translate_ksa_error(exc, auth=kind.session.auth) from exc
        if not endpoint and service_type != "compute":
            raise exceptions.EndpointNotFound(f"No {service_type} endpoint in the catalog")
        if not endpoint:
            raise exceptions.EndpointNotFound(
                f"No {kind.service_type} endpoint in the catalog"
                + (f" for region {kind.region_name}" if kind.region_name else ""))
        return str(endpoint)

    def project_id(self) -> str | None:
        return adapter.Adapter.get_project_id(self.adapter)

    def user_id(self) -> str | None:
        return adapter.Adapter.get_user_id(self.adapter)

    def send(self, request: Request) -> Any:
        # Adapter's request, even on a SessionClient (whose request is the policy's).
        resp = adapter.Adapter.request(
            self.adapter, request.url, request.method, headers=request.headers,
            data=request.data, timeout=request.timeout, raise_exc=False, redirect=False,
            stream=True, connect_retries=0, status_code_retries=0, logger=self.logger,
            **request.extra)
        resilience.read_body(resp, request.deadline, request.method, request.url)
        return resp

    def failure(self, exc: Exception, request: Request) -> exceptions.ComputeClientError | None:
        if isinstance(exc, ksa_exc.ClientException):
            return translate_ksa_error(exc, request.method, request.url,
                                       auth=self.adapter.session.auth)
        return resilience.send_failure(exc, request.method, request.url, request.headers)


# A keystoneauth1 Adapter whose request/get/post/... return (response, body),
# unlike Adapter's: the transports' one contract. That deliberate difference
# is all the ignore hides.
class SessionClient(Transport, adapter.Adapter):  # type: ignore[misc]
    """A keystoneauth1 Adapter: the endpoint comes from the catalog.

    Its keywords are Adapter's and HTTPClient's (timeout, deadline, retries...);
    `logger` stays the caller's (default "computeclient.http"), and what
    keystoneauth1 logs there goes through the sender's mask.
    """

    sender: AdapterSender

    def __init__(self, *args: Any, api_version: api_versions.APIVersion | None = None,
                 timings: bool = False, image_endpoint: str | None = None,
                 network_endpoint: str | None = None, timeout: float | None = None,
                 deadline: float | None = None, options: TransportOptions | None = None,
                 **kwargs: Any) -> None:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        kwargs.setdefault("user_agent", USER_AGENT)
        kwargs.setdefault("service_type", "compute")
        kwargs["logger"] = kwargs.get("logger") or logging.getLogger("computeclient.http")
        adapter.Adapter.__init__(self, *args, **kwargs)
        if options is None:
            options = TransportOptions.build(
                api_version, timeout=self.session.timeout if timeout is None else timeout,
                deadline=deadline, connect_retries=kwargs.get("connect_retries"),
                status_code_retries=kwargs.get("status_code_retries"),
                retriable_status_codes=kwargs.get("retriable_status_codes"), timings=timings,
                global_request_id=kwargs.get("global_request_id"),
                image_endpoint=image_endpoint, network_endpoint=network_endpoint)
        self._init_transport(AdapterSender(self), options)
        if getattr(self.session, "verify", True) is False:
            resilience.warn_insecure_once()

    # Adapter's, which python-novaclient's test fakes (no sender) rely on.
    get_project_id = adapter.Adapter.get_project_id
    get_user_id = adapter.Adapter.get_user_id

    def get_endpoint(self, service_type: str = "compute", **kwargs: Any) -> str:  # type: ignore[override]
        """Transport's; with keystoneauth1's filter keywords, the catalog's choice."""
        if kwargs:
            return self.sender.endpoint(service_type, **kwargs)
        return Transport.get_endpoint(self, service_type)

    def get_timings(self) -> list[tuple[str, float, float]]:
        """The session's timings when it collects them (identity requests
        included), else the compute requests timed here."""
        collected = self.session.get_timings() if hasattr(self.session, "get_timings") else []
        if not collected:
            return list(self.times)
        end = time.time()
        return [(f"{t.method} {t.url}", end - t.elapsed.total_seconds(), end)
                for t in collected]


def translate_ksa_error(exc: Exception, method: str = "GET", url: str = "the endpoint",
                   *, auth: Any = None) -> exceptions.ComputeClientError:
    """keystoneauth1's errors as computeclient's, keeping one clear line.

    auth: the session's plugin; a 401 while authenticating names what to fix.
    """
    if isinstance(exc, ksa_exc.ConnectionError):
        return resilience.transport_error(exc, method, url)
    if isinstance(exc, ksa_exc.EndpointNotFound):
        return exceptions.EndpointNotFound(str(exc) or "No endpoint found in the catalog")
    if isinstance(exc, ksa_exc.Unauthorized) and auth is not None:
        from computeclient import auth_errors
        return exceptions.Unauthorized(code=401, message=auth_errors.refused(auth),
                                       request_id=getattr(exc, "request_id", None))
    if isinstance(exc, ksa_exc.HttpError):
        cls = exceptions.class_for_status(exc.http_status or 0)
        return cls(code=exc.http_status, message=f"Identity service: {exc.message}",
                   request_id=getattr(exc, "request_id", None))
    if isinstance(exc, (ksa_exc.MissingAuthPlugin, ksa_exc.auth_plugins.MissingRequiredOptions)):
        return exceptions.InvalidArgument(f"Authentication is not configured: {exc}")
    return exceptions.ComputeClientError(str(exc))


class MissingCredentials(plugin.BaseAuthPlugin):
    """The auth of a Client built without enough credentials (python-novaclient
    builds one too): whatever needs a token or the catalog raises one
    InvalidArgument naming what is missing."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__()
        self.missing = missing

    def _refuse(self) -> NoReturn:
        raise exceptions.InvalidArgument(
            f"Missing credentials: {', '.join(self.missing)} (give auth_url, username and "
            f"password; or auth_token and endpoint_override; or a keystoneauth1 session)")

    def get_token(self, session: Any, **kwargs: Any) -> NoReturn:
        self._refuse()

    def get_endpoint(self, session: Any, **kwargs: Any) -> NoReturn:
        self._refuse()


def password_session(auth_url: str, username: str | None, password: str | None,
                     project_id: str | None, auth_token: str | None, insecure: bool,
                     cacert: str | None, cert: Any, timeout: float | None, *,
                     project_name: str | None = None, user_domain_name: str | None = None,
                     user_domain_id: str | None = None, project_domain_name: str | None = None,
                     project_domain_id: str | None = None) -> Any:
    from keystoneauth1 import session as ksa_session
    from keystoneauth1.identity import generic

    auth: Any
    scope: dict[str, Any] = dict(project_id=project_id, project_name=project_name,
                 project_domain_name=project_domain_name, project_domain_id=project_domain_id)
    if auth_token and not password:
        auth = generic.Token(auth_url=auth_url, token=auth_token, **scope)
    else:
        # Domains not given are "default" on Keystone v3; a v2.0-only Keystone
        # (python-novaclient's test fixtures) still serves when none was given.
        auth = generic.Password(auth_url=auth_url, username=username, password=password,
                                user_domain_name=user_domain_name,
                                user_domain_id=user_domain_id, default_domain_id="default",
                                **scope)
    verify: Any = False if insecure else (cacert or True)
    return ksa_session.Session(auth=auth, verify=verify, cert=cert, timeout=timeout,
                               session=resilience.pooled_session(
                                   ksa_session.TCPKeepAliveAdapter))
