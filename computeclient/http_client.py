"""`HTTPClient`: the transport for a token and an endpoint, plain requests.

Dashboards that already hold a token use it; it never imports keystoneauth1
(the other transport, `SessionClient`, is in session_client.py).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Iterable

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
                 network_endpoint: str | None = None, deadline: float | None = None,
                 connect_retries: int | None = None, status_code_retries: int | None = None,
                 retriable_status_codes: Iterable[int] | None = None) -> None:
        self._init_common(api_version, timings, global_request_id,
                          image_endpoint, network_endpoint, timeout=timeout, deadline=deadline,
                          retry_policy=resilience.RetryPolicy.build(
                              connect_retries, status_code_retries, retriable_status_codes))
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
                                     timeout=self._socket_timeout(deadline, method, url),
                                     verify=self.verify,
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
