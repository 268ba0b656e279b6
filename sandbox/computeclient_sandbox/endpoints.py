"""The HTTP side of the sandbox: one port, three services.

- /v2.1 (and /) — the real Nova API app;
- /image — a read-only Glance v2 images API over Nova's GlanceFixture;
- /networking — a read-only Neutron v2.0 networks API over NeutronFixture.

Plus the token filter that stands in for Keystone in the default mode.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import socketserver
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs
from wsgiref import simple_server

LOG = logging.getLogger("computeclient_sandbox")
_TOKEN = re.compile(r"^([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)$")
_IDENTITY_HEADERS = ("HTTP_X_USER_ID", "HTTP_X_USER_NAME", "HTTP_X_USER", "HTTP_X_PROJECT_ID",
                     "HTTP_X_PROJECT_NAME", "HTTP_X_TENANT_ID", "HTTP_X_TENANT_NAME",
                     "HTTP_X_ROLES", "HTTP_X_ROLE", "HTTP_X_IDENTITY_STATUS",
                     "HTTP_X_SERVICE_CATALOG", "HTTP_X_USER_DOMAIN_ID",
                     "HTTP_X_PROJECT_DOMAIN_ID", "HTTP_X_IS_ADMIN_PROJECT")

StartResponse = Callable[..., Any]


def _json(start_response: StartResponse, status: str, body: Any,
          headers: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    data = json.dumps(body, default=_default).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(data))), *headers])
    return [data]


def _default(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def roles_for(user: str) -> list[str]:
    return ["admin", "member", "reader"] if user == "admin" else ["member", "reader"]


def token_identity(environ: dict) -> tuple[str, str] | None:
    match = _TOKEN.match(environ.get("HTTP_X_AUTH_TOKEN", ""))
    return (match.group(1), match.group(2)) if match else None


def unauthorized(start_response: StartResponse) -> list[bytes]:
    return _json(start_response, "401 Unauthorized",
                 {"error": {"code": 401, "title": "Unauthorized",
                            "message": "The request you have made requires authentication: "
                                       "send X-Auth-Token: USER:PROJECT (e.g. admin:admin)"}},
                 [("WWW-Authenticate", 'Keystone uri="sandbox-token"')])


class TokenAuth:
    """Stands in for keystonemiddleware: 'user:project' tokens become identity headers.

    Identity headers sent by the client are dropped first, so they cannot be
    spoofed; a missing or malformed token gets 401 like a real cloud.
    """

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        for header in _IDENTITY_HEADERS:
            environ.pop(header, None)
        identity = token_identity(environ)
        if identity is None:
            return unauthorized(start_response)
        user, project = identity
        environ.update({
            "HTTP_X_IDENTITY_STATUS": "Confirmed", "HTTP_X_USER_ID": user,
            "HTTP_X_USER_NAME": user, "HTTP_X_PROJECT_ID": project,
            "HTTP_X_PROJECT_NAME": project, "HTTP_X_USER_DOMAIN_ID": "default",
            "HTTP_X_PROJECT_DOMAIN_ID": "default", "HTTP_X_ROLES": ",".join(roles_for(user)),
        })
        return self.app(environ, start_response)


def token_filter_factory(global_conf: dict, **local_conf: Any) -> Callable:
    """Paste filter factory put in place of keystonemiddleware's."""
    return TokenAuth


def _query(environ: dict) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}


class ImageAPI:
    """GET /v2/images[?name=&limit=&marker=] and GET /v2/images/{id}."""

    def __init__(self, glance: Any, check_token: Callable[[dict], bool]) -> None:
        self.glance = glance
        self.check_token = check_token

    @staticmethod
    def as_glance_v2(image: dict) -> dict:
        doc = {k: v for k, v in image.items()
               if k not in ("properties", "deleted", "deleted_at", "is_public")}
        doc.setdefault("visibility", "public")
        doc.update(image.get("properties") or {})
        doc["self"] = f"/v2/images/{image['id']}"
        return doc

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if not self.check_token(environ):
            return unauthorized(start_response)
        path = environ.get("PATH_INFO", "").rstrip("/")
        if environ["REQUEST_METHOD"] != "GET":
            return _json(start_response, "405 Method Not Allowed",
                         {"message": "The sandbox image API is read-only"})
        if path in ("", "/"):
            return _json(start_response, "200 OK", {"versions": [
                {"id": "v2.0", "status": "CURRENT", "links": [{"rel": "self", "href": "/v2/"}]}]})
        images = sorted((self.as_glance_v2(i) for i in self.glance.images.values()),
                        key=lambda i: (str(i.get("created_at")), i["id"]))
        if path == "/v2/images":
            query = _query(environ)
            if query.get("name"):
                images = [i for i in images if i.get("name") == query["name"]]
            if query.get("marker"):
                ids = [i["id"] for i in images]
                if query["marker"] not in ids:
                    return _json(start_response, "400 Bad Request",
                                 {"message": f"marker {query['marker']} not found"})
                images = images[ids.index(query["marker"]) + 1:]
            body: dict[str, Any] = {"first": "/v2/images", "schema": "/v2/schemas/images"}
            if query.get("limit", "").isdigit() and len(images) > int(query["limit"]):
                images = images[:int(query["limit"])]
                body["next"] = f"/v2/images?marker={images[-1]['id']}&limit={query['limit']}"
            body["images"] = images
            return _json(start_response, "200 OK", body)
        match = re.match(r"^/v2/images/([^/]+)$", path)
        if match:
            image = self.glance.images.get(match.group(1))
            if image is None:
                return _json(start_response, "404 Not Found",
                             {"message": f"No image found with ID {match.group(1)}"})
            return _json(start_response, "200 OK", self.as_glance_v2(image))
        return _json(start_response, "404 Not Found", {"message": "Not found"})


class NetworkAPI:
    """GET /v2.0/networks[?name=&id=] and GET /v2.0/networks/{id}."""

    def __init__(self, neutron: Any, check_token: Callable[[dict], bool]) -> None:
        self.neutron = neutron
        self.check_token = check_token

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if not self.check_token(environ):
            return unauthorized(start_response)
        if environ["REQUEST_METHOD"] != "GET":
            return _json(start_response, "405 Method Not Allowed",
                         {"NeutronError": {"message": "The sandbox network API is read-only"}})
        path = environ.get("PATH_INFO", "").rstrip("/")
        networks = list(self.neutron._networks.values())
        if path == "/v2.0/networks":
            query = _query(environ)
            for key in ("name", "id"):
                if query.get(key):
                    networks = [n for n in networks if n.get(key) == query[key]]
            return _json(start_response, "200 OK", {"networks": networks})
        match = re.match(r"^/v2.0/networks/([^/]+)$", path)
        if match:
            found = [n for n in networks if n["id"] == match.group(1)]
            if not found:
                return _json(start_response, "404 Not Found", {"NeutronError": {
                    "type": "NetworkNotFound",
                    "message": f"Network {match.group(1)} could not be found."}})
            return _json(start_response, "200 OK", {"network": found[0]})
        return _json(start_response, "404 Not Found", {"NeutronError": {"message": "Not found"}})


class Dispatcher:
    """Routes by path prefix; everything else goes to Nova."""

    def __init__(self, nova: Callable, prefixes: dict[str, Callable]) -> None:
        self.nova = nova
        self.prefixes = prefixes

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        for prefix, app in self.prefixes.items():
            if path == prefix or path.startswith(prefix + "/"):
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
                environ["PATH_INFO"] = path[len(prefix):]
                return app(environ, start_response)
        return self.nova(environ, start_response)


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        LOG.info("%s %s", self.address_string(), format % args)


class ThreadedWSGIServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver listens with a backlog of 5: many clients connecting at once
    # (50 threads on one Client) overflowed it and had connections reset.
    request_queue_size = 128


def make_server(port: int, app: Callable) -> ThreadedWSGIServer:
    """A threaded WSGI server bound to 127.0.0.1 only."""
    return simple_server.make_server("127.0.0.1", port, app, server_class=ThreadedWSGIServer,
                                     handler_class=_QuietHandler)
