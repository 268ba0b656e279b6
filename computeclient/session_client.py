"""The keystoneauth1 transport: catalog lookup, re-authentication on 401.

Kept apart from client.py so that a token and an endpoint (HTTPClient)
never pay for importing keystoneauth1.
"""

from __future__ import annotations

import time
from typing import Any

import requests
from keystoneauth1 import adapter
from keystoneauth1 import exceptions as ksa_exc

from computeclient import api_versions, exceptions, redirects, resilience
from computeclient.transport import USER_AGENT, ComputeTransport, masked_logger


# request/get/post/... return (response, body) here, unlike Adapter's: the
# transports' one contract. That deliberate difference is all the ignore hides.
class SessionClient(ComputeTransport, adapter.Adapter):  # type: ignore[misc]
    """A keystoneauth1 Adapter: the endpoint comes from the catalog."""

    def __init__(self, *args: Any, api_version: api_versions.APIVersion | None = None,
                 timings: bool = False, image_endpoint: str | None = None,
                 network_endpoint: str | None = None, timeout: float | None = None,
                 deadline: float | None = None, **kwargs: Any) -> None:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        kwargs.setdefault("user_agent", USER_AGENT)
        kwargs.setdefault("service_type", "compute")
        kwargs["logger"] = masked_logger(kwargs.get("logger"))
        policy = resilience.RetryPolicy.build(kwargs.get("connect_retries"),
                                              kwargs.get("status_code_retries"),
                                              kwargs.get("retriable_status_codes"))
        super().__init__(*args, **kwargs)
        self._init_common(api_version, timings, kwargs.get("global_request_id"),
                          image_endpoint, network_endpoint,
                          timeout=timeout if timeout is not None else self.session.timeout,
                          deadline=deadline, retry_policy=policy)
        if getattr(self.session, "verify", True) is False:
            resilience.warn_insecure_once()

    def get_compute_endpoint(self) -> str:
        try:
            endpoint = adapter.Adapter.get_endpoint(self)
        except ksa_exc.ClientException as exc:
            raise translate_ksa_error(exc, auth=self.session.auth) from exc
        if not endpoint:
            raise exceptions.EndpointNotFound(
                f"No {self.service_type} endpoint in the catalog"
                + (f" for region {self.region_name}" if self.region_name else ""))
        return endpoint

    def get_endpoint(self, service_type: str = "compute", **kwargs: Any) -> str:  # type: ignore[override]
        if service_type == "compute" and not kwargs:
            return self.get_compute_endpoint()
        if service_type == "image" and self.image_endpoint:
            return self.image_endpoint
        if service_type == "network" and self.network_endpoint:
            return self.network_endpoint
        try:
            endpoint = self.session.get_endpoint(
                self.auth, service_type=service_type, interface=self.interface,
                region_name=self.region_name, **kwargs)
        except ksa_exc.ClientException as exc:
            raise translate_ksa_error(exc, auth=self.session.auth) from exc
        if not endpoint:
            raise exceptions.EndpointNotFound(f"No {service_type} endpoint in the catalog")
        return endpoint

    def _raw_request(self, url: str, method: str, versioned: bool = True, *,
                     deadline: resilience.Deadline, **kwargs: Any) -> tuple[Any, Any]:
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("Accept", "application/json")
        if versioned:
            headers.update(self._version_headers())
        if "body" in kwargs:
            kwargs["json"] = kwargs.pop("body")
        kwargs.setdefault("raise_exc", False)
        kwargs["redirect"] = False
        kwargs["stream"] = True  # the answer is read here, within the deadline
        # Retries are the RetryPolicy's (which keeps keystoneauth1's meanings), not twice.
        kwargs.update(connect_retries=0, status_code_retries=0)
        first_url = None
        for hops in range(redirects.MAX_REDIRECTS + 1):
            start = time.time()
            try:
                resp = adapter.Adapter.request(self, url, method, headers=headers,
                                               timeout=self._socket_timeout(deadline, method,
                                                                            url), **kwargs)
                resilience.read_body(resp, deadline, method, url)
            except ksa_exc.ClientException as exc:
                error = translate_ksa_error(exc, method, self._absolute(url),
                                            auth=self.session.auth)
                # A refused header's text quotes the token: not even --debug shows it.
                cause = None if isinstance(error, exceptions.RequestNotSent) else exc
                raise error from cause
            except requests.exceptions.RequestException as exc:  # reading the answer
                raise resilience.transport_error(exc, method, self._absolute(url)) from exc
            except UnicodeError:  # a header http.client cannot encode; its text quotes it
                raise resilience.refused_header(method, url) from None
            except ValueError as exc:
                raise exceptions.RequestNotSent(
                    f"Cannot send {method} {url}: {exc}; nothing was sent") from exc
            finally:
                self._record(method, url, start)
            if not redirects.is_redirect(resp):
                break
            first_url = first_url or resp.url
            url, new_method = redirects.next_request(resp, first_url, method, hops)
            if new_method != method:
                method = new_method
                kwargs.pop("json", None)
        body = resilience.decode(resp, method, url)
        if resp.status_code >= 400:
            raise exceptions.from_response(resp, body, url, method)
        return resp, body

    def _absolute(self, url: str) -> str:
        """The full URL of a request, for messages (the catalog's endpoint + path)."""
        if url.startswith(("http://", "https://")):
            return url
        try:
            return self.get_compute_endpoint().rstrip("/") + "/" + url.lstrip("/")
        except exceptions.ComputeClientError:
            return url

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


def password_session(auth_url: str, username: str | None, password: str | None,
                      project_id: str | None, project_name: str | None,
                      user_domain_name: str | None, user_domain_id: str | None,
                      project_domain_name: str | None, project_domain_id: str | None,
                      auth_token: str | None, insecure: bool, cacert: str | None,
                      cert: Any, timeout: float | None) -> Any:
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
