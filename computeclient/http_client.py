"""`HTTPClient`: the transport for a token and an endpoint, plain requests.

Dashboards that already hold a token use it; it never imports keystoneauth1
(the other transport, `SessionClient`, is in session_client.py). Its sender,
`RequestsSender`, also serves the shell's cached token (warm_auth.py).
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

from computeclient import api_versions, exceptions, resilience
from computeclient.transport import (
    USER_AGENT,
    Request,
    Transport,
    TransportOptions,
    mask_body,
    mask_headers,
    masked_logger,
)


class RequestsSender:
    """Sends with a token to an endpoint over its own keep-alive requests.Session
    (a caller's is never touched)."""

    def __init__(self, auth_token: str | None, endpoint: str | None, *,
                 insecure: bool = False, cacert: str | None = None, cert: Any = None,
                 user_agent: str | None = None, http_log_debug: bool = False,
                 logger: Any = None) -> None:
        self.auth_token = auth_token
        self.management_url = endpoint
        self.verify: Any = False if insecure else (cacert or True)
        if insecure:
            resilience.warn_insecure_once()
        self.cert = cert
        self.user_agent = user_agent or USER_AGENT
        self.http_log_debug = http_log_debug
        self.logger = masked_logger(logger)
        self.http = resilience.pooled_session()

    def endpoint(self, service_type: str) -> str:
        if service_type != "compute":
            raise exceptions.EndpointNotFound(
                f"No {service_type} endpoint is known (give --os-{service_type}-endpoint)")
        if not self.management_url:
            raise exceptions.EndpointNotFound("No compute endpoint: set management_url")
        return self.management_url

    def project_id(self) -> str | None:
        return None  # a bare token says nothing of its project

    def user_id(self) -> str | None:
        return None

    def _headers(self, request: Request) -> dict[str, str]:
        headers = {"User-Agent": self.user_agent, **request.headers}
        if self.auth_token:
            headers["X-Auth-Token"] = self.auth_token
        return headers

    def send(self, request: Request) -> Any:
        headers = self._headers(request)
        self._log_request(request.method, request.url, headers, request.data)
        resp = self.http.request(request.method, request.url, headers=headers,
                                 data=request.data, timeout=request.timeout, verify=self.verify,
                                 cert=self.cert, allow_redirects=False, stream=True,
                                 **request.extra)
        resilience.read_body(resp, request.deadline, request.method, request.url)
        self._log_response(resp)
        return resp

    def failure(self, exc: Exception, request: Request) -> exceptions.ComputeClientError | None:
        return resilience.send_failure(exc, request.method, request.url, self._headers(request))

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


def _set_sender(name: str) -> Any:
    def set_value(client: HTTPClient, value: str | None) -> None:
        setattr(client.sender, name, value)
    return set_value


class HTTPClient(Transport):
    """Token + endpoint over one keep-alive requests.Session.

    `auth_token` and `management_url` may be set after construction.
    """

    sender: RequestsSender

    def __init__(self, auth_token: str | None = None, management_url: str | None = None,
                 api_version: api_versions.APIVersion | None = None,
                 timeout: float | None = None, insecure: bool = False,
                 cacert: str | None = None, cert: Any = None,
                 user_agent: str | None = None, timings: bool = False,
                 http_log_debug: bool = False, logger: logging.Logger | None = None,
                 global_request_id: str | None = None,
                 image_endpoint: str | None = None,
                 network_endpoint: str | None = None, deadline: float | None = None,
                 connect_retries: int | None = None, status_code_retries: int | None = None,
                 retriable_status_codes: Iterable[int] | None = None, *,
                 options: TransportOptions | None = None) -> None:
        """options: all of api_version..retriable_status_codes at once (they are
        then ignored), as connection.build_transport gives them."""
        self._init_transport(
            RequestsSender(auth_token, management_url, insecure=insecure, cacert=cacert,
                           cert=cert, user_agent=user_agent, http_log_debug=http_log_debug,
                           logger=logger),
            options or TransportOptions.build(
                api_version, timeout=timeout, deadline=deadline,
                connect_retries=connect_retries, status_code_retries=status_code_retries,
                retriable_status_codes=retriable_status_codes, timings=timings,
                global_request_id=global_request_id, image_endpoint=image_endpoint,
                network_endpoint=network_endpoint))

    @property
    def logger(self) -> Any:
        """The logger given (default "computeclient.http"); the sender logs to it masked."""
        return self.sender.logger.logger

    #: python-novaclient's: both may be set after construction (they are the sender's).
    auth_token = property(lambda self: self.sender.auth_token, _set_sender("auth_token"))
    management_url = property(lambda self: self.sender.management_url,
                              _set_sender("management_url"))
