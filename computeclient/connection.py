"""Which transport a Client gets, from the keywords it was given.

`build_transport` serves both doors: `client.Client(version, ...)` and
python-novaclient's way of building `v2.client.Client(username=..., ...)`
directly. Kept out of client.py so that v2/client.py can use it without an
import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from computeclient import api_versions, exceptions
from computeclient.http_client import HTTPClient
from computeclient.transport import ComputeTransport

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from computeclient.client import ClientOptions


def build_transport(api_version: api_versions.APIVersion, username: str | None = None,
                    password: str | None = None, project_id: str | None = None,
                    auth_url: str | None = None, *, bypass_url: str | None = None,
                    endpoint_type: str | None = None, api_key: str | None = None,
                    **kwargs: Unpack[ClientOptions]) -> ComputeTransport:
    """The transport `Client` gives its v2 client (python-novaclient's names accepted)."""
    if bypass_url and not kwargs.get("endpoint_override"):
        kwargs["endpoint_override"] = bypass_url
    if endpoint_type and not kwargs.get("interface"):
        kwargs["interface"] = endpoint_type
    if api_key is not None and password is None:  # python-novaclient's name
        password = api_key
    return _build(api_version, username, password, project_id, auth_url, **kwargs)


def _build(api_version: api_versions.APIVersion,
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
           deadline: float | None = None, connect_retries: int | None = None,
           status_code_retries: int | None = None,
           retriable_status_codes: Iterable[int] | None = None) -> ComputeTransport:
    reliability: dict[str, Any] = dict(
        timeout=timeout, deadline=deadline, connect_retries=connect_retries,
        status_code_retries=status_code_retries, retriable_status_codes=retriable_status_codes)
    if session is None and endpoint_override and auth_token is not None:
        return HTTPClient(auth_token=auth_token, management_url=endpoint_override,
                          api_version=api_version, insecure=insecure,
                          cacert=cacert, cert=cert, user_agent=user_agent, timings=timings,
                          http_log_debug=http_log_debug, logger=logger,
                          global_request_id=global_request_id,
                          image_endpoint=image_endpoint, network_endpoint=network_endpoint,
                          **reliability)
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
                         global_request_id=global_request_id, **reliability)
