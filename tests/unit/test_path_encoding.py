"""Every name or ID reaches the server as one URL path segment, or is refused.

'1?minimal=1' must not become a query string: '?', '#', '%' and spaces are
percent-encoded. A name such as '../servers/<id>' must not act on another
resource: '.', '..' and anything with '/' are refused before any request
(servers and proxies decode '%2F'). Each manager method that puts a caller's
value into a path is called with such values.
"""

import re
from urllib.parse import unquote, urlsplit

import pytest
import requests_mock

from computeclient import base, client, exceptions
from tests.unit.conftest import ENDPOINT

NASTY = "a..b?c=1#d%2F e"
NASTY_SEGMENT = "a..b%3Fc%3D1%23d%252F%20e"
IMAGE_ENDPOINT = "http://glance.test/image"
NETWORK_ENDPOINT = "http://neutron.test/networking"
START, END = "2024-01-01T00:00:00", "2024-02-01T00:00:00"

# (manager method, call with the value X, version, path expected after the endpoint)
CALLS = [
    ("agents.update", lambda cs, x: cs.agents.update(x, "1", "u", "m"), "2.60",
     "/os-agents/X"),
    ("agents.delete", lambda cs, x: cs.agents.delete(x), "2.60", "/os-agents/X"),
    ("aggregates.get", lambda cs, x: cs.aggregates.get(x), "2.60", "/os-aggregates/X"),
    ("aggregates.update", lambda cs, x: cs.aggregates.update(x, {"name": "n"}), "2.60",
     "/os-aggregates/X"),
    ("aggregates.delete", lambda cs, x: cs.aggregates.delete(x), "2.60", "/os-aggregates/X"),
    ("aggregates.add_host", lambda cs, x: cs.aggregates.add_host(x, "h"), "2.60",
     "/os-aggregates/X/action"),
    ("aggregates.cache_images", lambda cs, x: cs.aggregates.cache_images(x, ["i"]), "2.81",
     "/os-aggregates/X/images"),
    ("assisted_volume_snapshots.delete",
     lambda cs, x: cs.assisted_volume_snapshots.delete(x, {"volume_id": "v"}), "2.60",
     "/os-assisted-volume-snapshots/X"),
    ("flavor_access.list", lambda cs, x: cs.flavor_access.list(flavor=x), "2.60",
     "/flavors/X/os-flavor-access"),
    ("flavor_access.add_tenant_access", lambda cs, x: cs.flavor_access.add_tenant_access(x, "p"),
     "2.60", "/flavors/X/action"),
    ("flavors.get", lambda cs, x: cs.flavors.get(x), "2.60", "/flavors/X"),
    ("flavors.delete", lambda cs, x: cs.flavors.delete(x), "2.60", "/flavors/X"),
    ("flavors.update", lambda cs, x: cs.flavors.update(x, "d"), "2.60", "/flavors/X"),
    ("flavors.get_keys", lambda cs, x: cs.flavors.get_keys(x), "2.60",
     "/flavors/X/os-extra_specs"),
    ("flavors.get_key", lambda cs, x: cs.flavors.get_key("f", x), "2.60",
     "/flavors/f/os-extra_specs/X"),
    ("flavors.set_key", lambda cs, x: cs.flavors.set_key("f", x, "v"), "2.60",
     "/flavors/f/os-extra_specs/X"),
    ("flavors.unset_keys", lambda cs, x: cs.flavors.unset_keys("f", [x]), "2.60",
     "/flavors/f/os-extra_specs/X"),
    ("hypervisors.get", lambda cs, x: cs.hypervisors.get(x), "2.60", "/os-hypervisors/X"),
    ("hypervisors.uptime", lambda cs, x: cs.hypervisors.uptime(x), "2.60",
     "/os-hypervisors/X/uptime"),
    ("hypervisors.search", lambda cs, x: cs.hypervisors.search(x), "2.52",
     "/os-hypervisors/X/search"),
    ("glance.get", lambda cs, x: cs.glance.get(x), "2.60", "/v2/images/X"),
    ("neutron.get", lambda cs, x: cs.neutron.get(x), "2.60", "/v2.0/networks/X"),
    ("instance_action.get", lambda cs, x: cs.instance_action.get("s", x), "2.60",
     "/servers/s/os-instance-actions/X"),
    ("instance_action.list", lambda cs, x: cs.instance_action.list(x), "2.60",
     "/servers/X/os-instance-actions"),
    ("instance_usage_audit_log.get", lambda cs, x: cs.instance_usage_audit_log.get(before=x),
     "2.60", "/os-instance_usage_audit_log/X"),
    ("keypairs.get", lambda cs, x: cs.keypairs.get(x), "2.60", "/os-keypairs/X"),
    ("keypairs.delete", lambda cs, x: cs.keypairs.delete(x), "2.60", "/os-keypairs/X"),
    ("quotas.get", lambda cs, x: cs.quotas.get(x, detail=True), "2.60",
     "/os-quota-sets/X/detail"),
    ("quotas.defaults", lambda cs, x: cs.quotas.defaults(x), "2.60",
     "/os-quota-sets/X/defaults"),
    ("quotas.delete", lambda cs, x: cs.quotas.delete(x), "2.60", "/os-quota-sets/X"),
    ("quota_classes.get", lambda cs, x: cs.quota_classes.get(x), "2.60",
     "/os-quota-class-sets/X"),
    ("quota_classes.update", lambda cs, x: cs.quota_classes.update(x, cores=1), "2.60",
     "/os-quota-class-sets/X"),
    ("servers.get", lambda cs, x: cs.servers.get(x), "2.60", "/servers/X"),
    ("servers.update", lambda cs, x: cs.servers.update(x, name="n"), "2.60", "/servers/X"),
    ("servers.delete", lambda cs, x: cs.servers.delete(x), "2.60", "/servers/X"),
    ("servers.start", lambda cs, x: cs.servers.start(x), "2.60", "/servers/X/action"),
    ("servers.create_image", lambda cs, x: cs.servers.create_image(x, "img"), "2.60",
     "/servers/X/action"),
    ("servers.get_meta_item", lambda cs, x: cs.servers.get_meta_item("s", x), "2.60",
     "/servers/s/metadata/X"),
    ("servers.set_meta_item", lambda cs, x: cs.servers.set_meta_item("s", x, "v"), "2.60",
     "/servers/s/metadata/X"),
    ("servers.delete_meta", lambda cs, x: cs.servers.delete_meta("s", [x]), "2.60",
     "/servers/s/metadata/X"),
    ("servers.add_tag", lambda cs, x: cs.servers.add_tag("s", x), "2.60",
     "/servers/s/tags/X"),
    ("servers.delete_tag", lambda cs, x: cs.servers.delete_tag("s", x), "2.60",
     "/servers/s/tags/X"),
    ("servers.interface_get", lambda cs, x: cs.servers.interface_get("s", x), "2.60",
     "/servers/s/os-interface/X"),
    ("servers.interface_detach", lambda cs, x: cs.servers.interface_detach("s", x), "2.60",
     "/servers/s/os-interface/X"),
    ("servers.ips", lambda cs, x: cs.servers.ips("s", x), "2.60", "/servers/s/ips/X"),
    ("servers.get_console_auth_token", lambda cs, x: cs.servers.get_console_auth_token(x),
     "2.60", "/os-console-auth-tokens/X"),
    ("server_groups.get", lambda cs, x: cs.server_groups.get(x), "2.60",
     "/os-server-groups/X"),
    ("server_groups.delete", lambda cs, x: cs.server_groups.delete(x), "2.60",
     "/os-server-groups/X"),
    ("server_migrations.get", lambda cs, x: cs.server_migrations.get("s", x), "2.60",
     "/servers/s/migrations/X"),
    ("server_migrations.live_migrate_force_complete",
     lambda cs, x: cs.server_migrations.live_migrate_force_complete(x, 1), "2.60",
     "/servers/X/migrations/1/action"),
    ("server_shares.get", lambda cs, x: cs.server_shares.get("s", x), "2.97",
     "/servers/s/shares/X"),
    ("server_shares.delete", lambda cs, x: cs.server_shares.delete("s", x), "2.97",
     "/servers/s/shares/X"),
    ("services.delete", lambda cs, x: cs.services.delete(x), "2.60", "/os-services/X"),
    ("services.enable", lambda cs, x: cs.services.enable(x), "2.60", "/os-services/X"),
    ("usage.get", lambda cs, x: cs.usage.get(x, START, END), "2.60",
     "/os-simple-tenant-usage/X"),
    ("volumes.get_server_volume", lambda cs, x: cs.volumes.get_server_volume("s", x), "2.60",
     "/servers/s/os-volume_attachments/X"),
    ("volumes.delete_server_volume", lambda cs, x: cs.volumes.delete_server_volume(x, "v"),
     "2.60", "/servers/X/os-volume_attachments/v"),
]


class _Seen(Exception):
    """Raised by the mock server once the request is recorded."""


def _stop(request, context):
    raise _Seen()


def _client(version):
    return client.Client(version, auth_token="tok", endpoint_override=ENDPOINT,
                         image_endpoint=IMAGE_ENDPOINT, network_endpoint=NETWORK_ENDPOINT)


def _sent_path(request):
    """The path exactly as sent (still percent-encoded), after the endpoint."""
    path = urlsplit(request.url).path
    for endpoint in (ENDPOINT, IMAGE_ENDPOINT, NETWORK_ENDPOINT):
        prefix = urlsplit(endpoint).path
        if urlsplit(request.url).netloc == urlsplit(endpoint).netloc:
            return path[len(prefix):]
    raise AssertionError(f"request to an unexpected host: {request.url}")


@pytest.mark.parametrize("call, version, expected",
                         [pytest.param(c, v, e, id=name) for name, c, v, e in CALLS])
def test_a_name_is_one_encoded_segment(mock_http, call, version, expected):
    mock_http.register_uri(requests_mock.ANY, re.compile(".*"), json=_stop)
    with pytest.raises(_Seen):
        call(_client(version), NASTY)
    request = mock_http.last_request
    assert _sent_path(request) == expected.replace("X", NASTY_SEGMENT)
    assert "c=1" not in (urlsplit(request.url).query or "")
    assert not urlsplit(request.url).fragment


@pytest.mark.parametrize("value", ["..", ".", "../servers/s1", "a/b"])
@pytest.mark.parametrize("call, version, expected",
                         [pytest.param(c, v, e, id=name) for name, c, v, e in CALLS])
def test_a_traversing_name_is_refused_before_any_request(mock_http, call, version, expected,
                                                     value):
    mock_http.register_uri(requests_mock.ANY, re.compile(".*"), json=_stop)
    with pytest.raises(exceptions.InvalidPathSegment, match="cannot be used as a name or ID"):
        call(_client(version), value)
    assert not mock_http.called


def test_url_path_quotes_each_segment_whole():
    assert base.url_path("servers", "a b?c", "action") == "/servers/a%20b%3Fc/action"
    assert unquote(base.url_path("x", NASTY).split("/")[2]) == NASTY
    assert base.url_path("flavors", 1) == "/flavors/1"


def test_url_path_takes_a_resource_by_its_id():
    flavor = base.Resource(None, {"id": "f#1"})
    assert base.url_path("flavors", flavor) == "/flavors/f%231"


def test_url_path_refuses_what_could_traverse_and_is_a_value_error():
    for bad in ("..", ".", "", "/", "a/b", "%2F/"):
        with pytest.raises(ValueError):
            base.url_path("os-keypairs", bad)
    assert base.url_path("os-keypairs", "...") == "/os-keypairs/..."
    assert base.url_path("os-keypairs", "a%2Fb") == "/os-keypairs/a%252Fb"


def test_no_manager_builds_a_path_with_an_f_string():
    """New code must go through base.url_path: an f-string path is unencoded."""
    import ast
    import pathlib

    import computeclient
    root = pathlib.Path(computeclient.__file__).parent
    offenders = []
    for module in [*root.glob("v2/*.py"), *root.glob("v2/contrib/*.py"), *root.glob("osc/**/*.py")]:
        for node in ast.walk(ast.parse(module.read_text())):
            if (isinstance(node, ast.JoinedStr) and node.values
                    and isinstance(node.values[0], ast.Constant)
                    and str(node.values[0].value).startswith("/")
                    and any(isinstance(v, ast.FormattedValue) for v in node.values)):
                offenders.append(f"{module.relative_to(root)}:{node.lineno}")
    assert offenders == []


def test_the_session_transport_sends_the_same_single_segment(mock_http):
    from keystoneauth1 import session as ksa_session
    from keystoneauth1 import token_endpoint

    auth = token_endpoint.Token(ENDPOINT, "tok")
    cs = client.Client("2.60", session=ksa_session.Session(auth=auth))
    mock_http.register_uri(requests_mock.ANY, re.compile(".*"), json=_stop)
    with pytest.raises(_Seen):
        cs.keypairs.delete(NASTY)
    assert _sent_path(mock_http.last_request) == "/os-keypairs/" + NASTY_SEGMENT
    with pytest.raises(exceptions.InvalidPathSegment):
        cs.keypairs.delete("../servers/s1")
    assert mock_http.call_count == 1


def test_a_flavor_named_with_a_slash_is_found_by_name_without_a_get_by_id(make_cs,
                                                                           mock_http):
    from computeclient import cliutils

    flavor = {"id": "7", "name": "gpu/a100"}
    listing = mock_http.get(re.compile(re.escape(f"{ENDPOINT}/flavors/detail")),
                            json={"flavors": [flavor]})
    mock_http.get(f"{ENDPOINT}/flavors/7", json={"flavor": flavor})
    found = cliutils.find_resource(make_cs().flavors, "gpu/a100", what="flavor")
    assert found.id == "7" and listing.called
    assert not [r for r in mock_http.request_history if "gpu" in r.path and "detail" not in r.path]


def test_a_keypair_named_with_a_slash_is_refused_in_one_line(make_cs, mock_http):
    from computeclient import cliutils

    with pytest.raises(exceptions.InvalidPathSegment,
                       match="'../servers/s1' cannot be used as a name or ID"):
        cliutils.find_resource(make_cs().keypairs, "../servers/s1", what="keypair")
    assert not mock_http.called
