"""Which transport a Client gets, from the keywords it was given.

`build_transport` serves both doors: `client.Client(version, ...)` and
python-novaclient's way of building `v2.client.Client(username=..., ...)`
directly. Kept out of client.py so that v2/client.py can use it without an
import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from computeclient import api_versions
from computeclient.http_client import HTTPClient
from computeclient.transport import Transport, TransportOptions

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from computeclient.client import ClientOptions


def build_transport(api_version: api_versions.APIVersion, username: str | None = None,
                    password: str | None = None, project_id: str | None = None,
                    auth_url: str | None = None, *, bypass_url: str | None = None,
                    endpoint_type: str | None = None, api_key: str | None = None,
                    **kwargs: Unpack[ClientOptions]) -> Transport:
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
           endpoint_override: str | None = None, insecure: bool = False,
           cacert: str | None = None, cert: Any = None, user_agent: str | None = None,
           logger: Any = None, http_log_debug: bool = False,
           **kwargs: Any) -> Transport:
    """The sender from the credentials; everything else is TransportOptions' (built once)."""
    where = {k: kwargs.pop(k) for k in _ADAPTER_KEYWORDS if k in kwargs}
    login = {k: kwargs.pop(k) for k in _LOGIN_KEYWORDS if k in kwargs}
    if kwargs.get("timeout") is None and session is not None:
        kwargs["timeout"] = getattr(session, "timeout", None)  # the caller's session's choice
    options = TransportOptions.build(api_version, **kwargs)
    if session is None and endpoint_override and auth_token is not None:
        return HTTPClient(auth_token, endpoint_override, insecure=insecure, cacert=cacert,
                          cert=cert, user_agent=user_agent, http_log_debug=http_log_debug,
                          logger=logger, options=options)
    from computeclient import session_client
    if session is None:
        session = _session_for(username, password, project_id, auth_url, auth_token,
                               endpoint_override, insecure, cacert, cert, options.timeout,
                               login)
    return session_client.SessionClient(
        session=session, endpoint_override=endpoint_override, user_agent=user_agent,
        logger=logger, global_request_id=options.global_request_id, options=options, **where)


def _session_for(username: str | None, password: str | None, project_id: str | None,
                 auth_url: str | None, auth_token: str | None, endpoint_override: str | None,
                 insecure: bool, cacert: str | None, cert: Any, timeout: float | None,
                 login: dict[str, Any]) -> Any:
    """The keystoneauth1 Session the credentials make. Too few credentials still
    make a Client, as python-novaclient's (mistral reads its methods'
    signatures from Client(2)): its first request raises InvalidArgument
    ("Missing credentials: ...")."""
    from keystoneauth1 import session as ksa_session

    from computeclient import session_client
    missing = _missing_credentials(username, password, auth_url, auth_token, endpoint_override)
    if missing:
        return ksa_session.Session(auth=session_client.MissingCredentials(missing))
    if auth_url:
        return session_client.password_session(auth_url, username, password, project_id,
                                               auth_token, insecure, cacert, cert, timeout,
                                               **login)
    return ksa_session.Session()  # an endpoint alone: requests go without a token (noauth)


def _missing_credentials(username: str | None, password: str | None, auth_url: str | None,
                         auth_token: str | None, endpoint_override: str | None) -> list[str]:
    """What password (or token) authentication lacks; nothing for an endpoint alone."""
    if auth_token:
        return [] if auth_url or endpoint_override else ["auth_url or endpoint_override"]
    if endpoint_override and not auth_url:
        return []
    lacking = [name for name, value in (("username", username), ("password", password))
               if not value]
    return ([] if auth_url else ["auth_url"]) + lacking


#: Keywords of the keystoneauth1 Adapter (where the compute service is).
_ADAPTER_KEYWORDS = ("region_name", "interface", "service_type", "service_name")
#: Keywords of password authentication besides username, password and project_id.
_LOGIN_KEYWORDS = ("project_name", "user_domain_name", "user_domain_id",
                   "project_domain_name", "project_domain_id")
