"""The cached-token path (warm_auth.py): keystoneauth1's endpoint choice
reproduced, the expiry margin, and the one fall-back on Nova's 401."""

import datetime
import itertools
import json

import pytest
import requests_mock as rm
from keystoneauth1 import adapter, session
from keystoneauth1 import exceptions as ksa_exc
from keystoneauth1.identity import v3

from computeclient import api_versions, exceptions, warm_auth
from computeclient.transport import TransportOptions

KEYSTONE = "http://ks.example/v3"
NOVA = "http://nova.example/v2.1"


def _endpoints(urls):
    """[(interface, region, url)] as a v3 catalog's endpoints; region as region_id."""
    return [{"id": f"e{i}", "interface": iface, "region_id": region, "region": region,
             "url": url} for i, (iface, region, url) in enumerate(urls)]


CATALOG = [
    {"type": "identity", "name": "keystone", "id": "s0",
     "endpoints": _endpoints([("public", "RegionOne", KEYSTONE)])},
    {"type": "compute", "name": "nova", "id": "s1", "endpoints": _endpoints([
        ("internal", "RegionOne", "http://nova-int.one/v2.1"),
        ("public", "RegionOne", NOVA),
        ("public", "RegionTwo", "http://nova.two/v2.1/proj"),
        ("admin", "RegionTwo", "http://nova-adm.two/v2.1"),
        ("public", "RegionThree", ""),
    ])},
    {"type": "compute", "name": "nova-legacy", "id": "s2", "endpoints": _endpoints([
        ("public", "RegionOne", "http://legacy.one/v2"),
        ("internal", "RegionThree", "http://legacy.three/v2"),
    ])},
    {"type": "image", "id": "s3", "endpoints": _endpoints([
        ("public", "RegionOne", "http://glance.one"),
        ("public", "RegionTwo", "http://glance.two"),
    ])},
    {"type": "network", "name": "neutron", "id": "s4", "endpoints": [
        {"id": "n1", "interface": "public", "region": "RegionTwo", "url": "http://neutron.two"},
        {"id": "n2", "interface": "public", "region_id": "RegionOne", "url": "http://neutron.one"},
    ]},
]


def _state(token="cached-token", expires_in=3600, catalog=CATALOG):
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=expires_in)
    body = {"token": {"expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                      "issued_at": "2026-01-01T00:00:00.000000Z", "methods": ["password"],
                      "user": {"id": "u1", "name": "admin", "domain": {"id": "default"}},
                      "project": {"id": "p1", "name": "admin", "domain": {"id": "default"}},
                      "catalog": catalog}}
    return json.dumps({"auth_token": token, "body": body})


def _plugin():
    return v3.Password(auth_url=KEYSTONE, username="admin", password="secret",
                       project_name="admin", user_domain_id="default",
                       project_domain_id="default")


def _keystone_choice(state, **where):
    """What a keystoneauth1 Adapter over this auth state picks (None: not found)."""
    auth = _plugin()
    auth.set_auth_state(state)
    try:
        return adapter.Adapter(session.Session(auth=auth), **where).get_endpoint()
    except ksa_exc.EndpointNotFound:
        return None


def test_endpoint_choice_equals_keystoneauth1_for_every_combination():
    state = _state()
    cached = warm_auth.CachedToken.parse(state)
    combos = itertools.product(
        warm_auth.PLAIN_SERVICE_TYPES,
        (None, "public", "internal", "admin", "publicURL", "internalURL", "adminURL"),
        (None, "RegionOne", "RegionTwo", "RegionThree", "Nowhere"),
        (None, "nova", "nova-legacy", "neutron", "other"))
    checked = found = 0
    with rm.Mocker():  # any request (version discovery) would fail the test
        for service_type, interface, region, name in combos:
            ours = cached.endpoint(service_type, interface, region, name)
            theirs = _keystone_choice(state, service_type=service_type, interface=interface,
                                      region_name=region, service_name=name)
            assert ours == theirs, (service_type, interface, region, name)
            checked += 1
            found += ours is not None
    assert checked == 3 * 7 * 5 * 5 and found > 50


@pytest.mark.parametrize("where, url", [
    ({}, NOVA),
    ({"interface": "internal"}, "http://nova-int.one/v2.1"),
    ({"region_name": "RegionTwo"}, "http://nova.two/v2.1/proj"),
    ({"region_name": "RegionThree", "interface": "internal"}, "http://legacy.three/v2"),
    ({"service_name": "nova-legacy"}, "http://legacy.one/v2"),
    ({"endpoint_override": "http://other.example/v2.1"}, "http://other.example/v2.1"),
])
def test_warm_client_serves_the_chosen_endpoint(where, url):
    where = {"service_type": "compute", "interface": "public", "region_name": None,
             "service_name": None, "endpoint_override": None, **where}
    http = warm_auth.warm_client(_state(), lambda: None, **where)
    assert http is not None and http.get_compute_endpoint() == url
    with rm.Mocker() as mock:
        mock.get(url.rstrip("/") + "/servers/detail", json={"servers": []})
        http.api_version = api_versions.APIVersion("2.1")
        assert http.get("/servers/detail")[1] == {"servers": []}
        assert mock.last_request.headers["X-Auth-Token"] == "cached-token"


@pytest.mark.parametrize("state, where", [
    (_state(expires_in=100), {}),  # inside keystoneauth1's 120 s margin
    (_state(expires_in=-10), {}),
    (json.dumps({"auth_token": "t", "body": {"access": {"token": {"id": "t"}}}}), {}),  # v2
    ("not json", {}),
    (None, {}),
    (_state(), {"region_name": "Nowhere"}),  # keystoneauth1 says what is missing
    (_state(), {"service_type": "volume"}),  # a type with aliases
    (_state(), {"endpoint_override": "http://n/v2.1/%(project_id)s"}),
], ids=["expiring", "expired", "v2", "not-json", "absent", "no-region", "aliased-type",
        "templated-override"])  # stable ids: every xdist worker must collect the same names
def test_keystoneauth1_serves_what_the_cache_cannot(state, where):
    where = {"service_type": "compute", "interface": "public", "region_name": None,
             "service_name": None, "endpoint_override": None, **where}
    assert warm_auth.warm_client(state, lambda: None, **where) is None


def test_other_services_come_from_the_same_catalog():
    http = warm_auth.warm_client(_state(), lambda: None, service_type="compute",
                                 interface="public", region_name="RegionTwo",
                                 service_name=None, endpoint_override=None)
    assert http.get_endpoint("image") == "http://glance.two"
    assert http.get_endpoint("network") == "http://neutron.two"
    given = warm_auth.warm_client(_state(), lambda: None, service_type="compute",
                                  interface="public", region_name=None, service_name=None,
                                  endpoint_override=None,
                                  options=TransportOptions(image_endpoint="http://img.given"))
    assert given.get_endpoint("image") == "http://img.given"
    lonely = warm_auth.warm_client(_state(catalog=CATALOG[:2]), lambda: None,
                                   service_type="compute", interface="public",
                                   region_name=None, service_name=None, endpoint_override=None)
    with pytest.raises(exceptions.EndpointNotFound):
        lonely.get_endpoint("image")


def _revoked_setup(mock, nova_answers, method="GET", path="/servers/detail"):
    """A cached-token transport whose sender re-authenticates against a mocked Keystone."""
    mock.post(KEYSTONE + "/auth/tokens", status_code=201,
              headers={"X-Subject-Token": "fresh-token"},
              json=json.loads(_state(token="fresh-token"))["body"])
    mock.register_uri(method, NOVA + path, nova_answers)
    built = []

    def fresh_session():
        built.append(True)
        return session.Session(auth=_plugin())
    http = warm_auth.warm_client(_state(), fresh_session, service_type="compute",
                                 interface="public", region_name=None, service_name=None,
                                 endpoint_override=None,
                                 options=TransportOptions(api_versions.APIVersion("2.1")))
    return http, built


def test_a_401_authenticates_once_afresh_and_redoes_the_request():
    with rm.Mocker() as mock:
        http, built = _revoked_setup(mock, [{"status_code": 401, "json": {}},
                                            {"json": {"servers": [{"id": "a"}]}}])
        _, body = http.get("/servers/detail")
        assert body == {"servers": [{"id": "a"}]}
        sent = [(r.method, r.url, r.headers.get("X-Auth-Token")) for r in mock.request_history]
        assert sent == [("GET", NOVA + "/servers/detail", "cached-token"),
                        ("POST", KEYSTONE + "/auth/tokens", None),
                        ("GET", NOVA + "/servers/detail", "fresh-token")]
        assert mock.request_history[-1].headers["X-OpenStack-Nova-API-Version"] == "2.1"
        assert built == [True]
        http.get("/servers/detail")  # later requests stay on keystoneauth1, no new auth
        assert built == [True] and mock.call_count == 4
        assert http.sender.fresh.adapter.session.auth.get_auth_state() is not None  # saved


def test_a_refused_post_is_sent_once_more_and_a_second_401_is_final():
    with rm.Mocker() as mock:
        http, built = _revoked_setup(mock, [{"status_code": 401, "json": {}}] * 3,
                                     method="POST", path="/servers")
        with pytest.raises(exceptions.Unauthorized):
            http.post("/servers", body={"server": {"name": "vm"}})
        methods = [(r.method, r.url.rsplit("/", 1)[-1]) for r in mock.request_history]
        assert methods == [("POST", "servers"), ("POST", "tokens"), ("POST", "servers")]
        assert mock.request_history[-1].json() == {"server": {"name": "vm"}}
        assert built == [True]


def test_threads_refused_together_share_one_fresh_authentication():
    import threading
    with rm.Mocker() as mock:
        def nova(request, context):
            if request.headers["X-Auth-Token"] != "fresh-token":
                context.status_code = 401
                return {}
            return {"servers": []}
        http, built = _revoked_setup(mock, [{"json": nova}])
        barrier = threading.Barrier(4, timeout=30)
        results = []

        def worker():
            barrier.wait()
            results.append(http.get("/servers/detail")[1])
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert results == [{"servers": []}] * 4
        assert built == [True]
        assert [r.url for r in mock.request_history].count(KEYSTONE + "/auth/tokens") == 1


def test_the_token_tells_its_project_and_user():
    http = warm_auth.warm_client(_state(), lambda: None, service_type="compute",
                                 interface="public", region_name=None, service_name=None,
                                 endpoint_override=None)
    auth = _plugin()
    auth.set_auth_state(_state())
    theirs = adapter.Adapter(session.Session(auth=auth), service_type="compute")
    assert (http.get_project_id(), http.get_user_id()) == ("p1", "u1")
    assert (theirs.get_project_id(), theirs.get_user_id()) == ("p1", "u1")


def test_the_switch_keeps_the_transport_and_what_it_negotiated():
    """The 401 changes the sender only: the version negotiated over the cached
    token is not asked again, and one transport times every request."""
    with rm.Mocker() as mock:
        mock.post(KEYSTONE + "/auth/tokens", status_code=201,
                  headers={"X-Subject-Token": "fresh-token"},
                  json=json.loads(_state(token="fresh-token"))["body"])
        mock.get("http://nova.example/v2.1/", json={"version": {
            "id": "v2.1", "version": "2.90", "min_version": "2.1"}})
        mock.get(NOVA + "/servers/detail", [{"status_code": 401, "json": {}},
                                            {"json": {"servers": []}}])
        http = warm_auth.warm_client(
            _state(), lambda: session.Session(auth=_plugin()), service_type="compute",
            interface="public", region_name=None, service_name=None, endpoint_override=None,
            options=TransportOptions(api_versions.APIVersion("2.latest"), timings=True))
        assert str(http.api_version) == "2.90"
        http.get("/servers/detail")
        assert str(http.api_version) == "2.90" and http.sender.fresh is not None
        assert [r.path for r in mock.request_history] == [
            "/v2.1/", "/v2.1/servers/detail", "/v3/auth/tokens", "/v2.1/servers/detail"]
        # The refused attempt and its resending are one send of the sender: one row.
        assert [name for name, _, _ in http.get_timings()] == [
            "GET http://nova.example/v2.1/", "GET " + NOVA + "/servers/detail"]
        assert mock.last_request.headers["X-OpenStack-Nova-API-Version"] == "2.90"


def test_all_regions_reads_the_catalog_of_the_token_that_serves():
    """shell_fanout._catalog_of: the cached token's catalog while it serves,
    the fresh session's once Nova refused it (a transport refactor once left
    --all-regions saying a cached-token run had no catalog)."""
    import types

    from computeclient import shell_fanout

    fresh_catalog = [dict(CATALOG[1], endpoints=_endpoints([("public", "RegionNine", NOVA)]))]
    with rm.Mocker() as mock:
        http, _ = _revoked_setup(mock, [{"status_code": 401, "json": {}}, {"json": {}}])
        mock.post(KEYSTONE + "/auth/tokens", status_code=201,
                  headers={"X-Subject-Token": "fresh-token"},
                  json=json.loads(_state(token="fresh-token", catalog=fresh_catalog))["body"])
        cs = types.SimpleNamespace(client=http)
        assert shell_fanout.catalog_regions(shell_fanout._catalog_of(cs, None), "compute") == [
            "RegionOne", "RegionTwo", "RegionThree"]
        http.get("/servers/detail")  # 401: the fresh session serves from now on
        assert shell_fanout.catalog_regions(shell_fanout._catalog_of(cs, None), "compute") == [
            "RegionNine"]
