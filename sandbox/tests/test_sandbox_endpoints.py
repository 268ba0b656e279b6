"""The sandbox's own HTTP pieces, without Nova: token filter, image and network APIs."""

import io
import json
from typing import ClassVar

import pytest

from computeclient_sandbox import endpoints


def call(app, path, token="admin:admin", method="GET", query="", headers=None):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "QUERY_STRING": query,
               "SCRIPT_NAME": "", "wsgi.input": io.BytesIO()}
    if token is not None:
        environ["HTTP_X_AUTH_TOKEN"] = token
    environ.update(headers or {})
    seen = {}

    def start_response(status, response_headers):
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], (json.loads(body) if body else None), environ


class Echo:
    """Stands in for Nova: answers with the identity headers it was given."""

    def __call__(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        keys = ("HTTP_X_USER_ID", "HTTP_X_PROJECT_ID", "HTTP_X_ROLES", "PATH_INFO",
                "SCRIPT_NAME")
        return [json.dumps({k: environ.get(k) for k in keys}).encode()]


@pytest.mark.parametrize("user, roles", [("admin", "admin,member,reader"),
                                         ("demo", "member,reader"),
                                         ("alice", "member,reader")])
def test_token_becomes_identity(user, roles):
    status, body, _ = call(endpoints.TokenAuth(Echo()), "/v2.1/servers",
                           token=f"{user}:proj-1")
    assert status == 200
    assert body["HTTP_X_USER_ID"] == user
    assert body["HTTP_X_PROJECT_ID"] == "proj-1"
    assert body["HTTP_X_ROLES"] == roles


@pytest.mark.parametrize("token", [None, "", "admin", "admin:", ":admin", "a:b:c",
                                   "admin admin", "admin:ad min"])
def test_missing_or_malformed_token_is_401(token):
    status, body, _ = call(endpoints.TokenAuth(Echo()), "/v2.1/servers", token=token)
    assert status == 401
    assert body["error"]["code"] == 401


def test_identity_headers_from_the_client_are_not_trusted():
    _, body, _ = call(endpoints.TokenAuth(Echo()), "/v2.1/servers", token="demo:demo",
                      headers={"HTTP_X_ROLES": "admin", "HTTP_X_USER_ID": "admin"})
    assert body["HTTP_X_ROLES"] == "member,reader"
    assert body["HTTP_X_USER_ID"] == "demo"


def test_paste_factory_returns_the_filter():
    assert endpoints.token_filter_factory({}, delay_auth_decision="true") is endpoints.TokenAuth


class FakeGlance:
    def __init__(self, count):
        self.images = {
            f"id-{n}": {"id": f"id-{n}", "name": "cirros" if n == 0 else f"image-{n}",
                        "created_at": f"2026-01-0{n + 1}T00:00:00", "status": "active",
                        "deleted": False, "is_public": True,
                        "properties": {"os_distro": "cirros"}}
            for n in range(count)}


def image_api(count=5):
    return endpoints.ImageAPI(FakeGlance(count), lambda env: bool(env.get("HTTP_X_AUTH_TOKEN")))


def test_images_by_name_and_flattened_properties():
    status, body, _ = call(image_api(), "/v2/images", query="name=cirros")
    assert status == 200
    assert [i["id"] for i in body["images"]] == ["id-0"]
    image = body["images"][0]
    assert image["os_distro"] == "cirros" and image["visibility"] == "public"
    assert "properties" not in image and "deleted" not in image


def test_images_pages_with_limit_and_marker():
    api = image_api(5)
    _, first, _ = call(api, "/v2/images", query="limit=2")
    assert [i["id"] for i in first["images"]] == ["id-0", "id-1"]
    assert first["next"] == "/v2/images?marker=id-1&limit=2"
    _, rest, _ = call(api, "/v2/images", query="limit=10&marker=id-1")
    assert [i["id"] for i in rest["images"]] == ["id-2", "id-3", "id-4"]
    assert "next" not in rest
    status, _, _ = call(api, "/v2/images", query="marker=nope")
    assert status == 400


def test_one_image_missing_image_and_read_only():
    api = image_api()
    assert call(api, "/v2/images/id-3")[1]["name"] == "image-3"
    assert call(api, "/v2/images/nope")[0] == 404
    assert call(api, "/v2/images", method="POST")[0] == 405
    assert call(api, "/v2/images", token=None)[0] == 401


class FakeNeutron:
    _networks: ClassVar[dict[str, dict[str, str]]] = {
        "n1": {"id": "n1", "name": "private"}, "n2": {"id": "n2", "name": "public"}}


def test_networks_filters_and_one():
    api = endpoints.NetworkAPI(FakeNeutron(), lambda env: bool(env.get("HTTP_X_AUTH_TOKEN")))
    assert [n["id"] for n in call(api, "/v2.0/networks")[1]["networks"]] == ["n1", "n2"]
    assert [n["id"] for n in call(api, "/v2.0/networks", query="name=public")[1][
        "networks"]] == ["n2"]
    assert call(api, "/v2.0/networks", query="id=n1&name=public")[1]["networks"] == []
    assert call(api, "/v2.0/networks/n1")[1]["network"]["name"] == "private"
    status, body, _ = call(api, "/v2.0/networks/zz")
    assert status == 404 and body["NeutronError"]["type"] == "NetworkNotFound"
    assert call(api, "/v2.0/networks", token=None)[0] == 401


def test_dispatcher_routes_by_prefix():
    images, nova = Echo(), Echo()
    app = endpoints.Dispatcher(nova, {"/image": images})
    _, body, _ = call(app, "/image/v2/images")
    assert body["PATH_INFO"] == "/v2/images" and body["SCRIPT_NAME"] == "/image"
    _, body, _ = call(app, "/imagesomething")
    assert body["PATH_INFO"] == "/imagesomething" and body["SCRIPT_NAME"] == ""
    _, body, _ = call(app, "/v2.1/servers")
    assert body["PATH_INFO"] == "/v2.1/servers"


def test_server_binds_loopback_only():
    server = endpoints.make_server(0, Echo())
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
