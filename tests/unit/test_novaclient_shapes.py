"""Return shapes and signatures python-novaclient's consumers rely on: each
call made as they make it, the request it sends and what it returns."""

import json

import pytest

from computeclient import crypto, exceptions
from tests.unit.conftest import ENDPOINT

SERVER = f"{ENDPOINT}/servers/s1"


def _body(mock_http):
    return json.loads(mock_http.last_request.body)


def _server(make_cs, mock_http, version="2.100"):
    mock_http.get(SERVER, json={"server": {"id": "s1", "name": "vm"}})
    return make_cs(version).servers.get("s1")


def test_external_events_are_dicts_as_cinder_and_neutron_read_them(make_cs, mock_http):
    mock_http.post(f"{ENDPOINT}/os-server-external-events", json={"events": [
        {"name": "network-changed", "server_uuid": "s1", "code": 200, "status": "completed"}]},
        headers={"x-openstack-request-id": "req-9"})
    events = make_cs("2.93").server_external_events.create(
        [{"name": "network-changed", "server_uuid": "s1"}])
    assert isinstance(events[0], dict) and events[0].get("code") == 200  # Cinder
    assert events[0]["code"] == 200 and events[0].code == 200  # Neutron; computeclient
    assert events == [{"name": "network-changed", "server_uuid": "s1", "code": 200,
                       "status": "completed"}]
    assert events.request_ids == ["req-9"]
    with pytest.raises(AttributeError):
        events[0].tag  # noqa: B018


@pytest.mark.parametrize("method, args, action, info", [
    ("rescue", (), "rescue", None),
    ("rescue", ("pw", "img"), "rescue", {"adminPass": "pw", "rescue_image_ref": "img"}),
    ("unrescue", (), "unrescue", None),
    ("backup", ("b", "daily", 2), "createBackup",
     {"name": "b", "backup_type": "daily", "rotation": 2}),
    ("evacuate", ("h",), "evacuate", {"host": "h"}),
    ("force_delete", (), "forceDelete", None),
    ("restore", (), "restore", None),
    ("reset_state", (), "os-resetState", {"state": "error"}),
    ("reset_state", ("active",), "os-resetState", {"state": "active"}),
    ("reset_network", (), "resetNetwork", None),
    ("trigger_crash_dump", (), "trigger_crash_dump", None),
])
def test_server_methods_novaclient_has(make_cs, mock_http, method, args, action, info):
    server = _server(make_cs, mock_http)
    mock_http.post(f"{SERVER}/action", status_code=202,
                   headers={"Location": f"{ENDPOINT}/images/i1"})
    getattr(server, method)(*args)
    assert _body(mock_http) == {action: info}


def test_server_evacuate_takes_novaclients_positional_order_before_2_14(make_cs, mock_http):
    server = _server(make_cs, mock_http, "2.13")
    mock_http.post(f"{SERVER}/action", json={"adminPass": "x"})
    server.evacuate("h")
    assert _body(mock_http) == {"evacuate": {"host": "h", "onSharedStorage": True}}
    server.evacuate("h", False, "pw")
    assert _body(mock_http) == {"evacuate": {"host": "h", "onSharedStorage": False,
                                             "adminPass": "pw"}}


@pytest.mark.parametrize("method, console_type, protocol", [
    ("get_vnc_console", "novnc", "vnc"), ("get_spice_console", "spice-html5", "spice"),
    ("get_serial_console", "serial", "serial"), ("get_rdp_console", "rdp-html5", "rdp"),
])
def test_server_console_methods(make_cs, mock_http, method, console_type, protocol):
    server = _server(make_cs, mock_http)
    mock_http.post(f"{SERVER}/remote-consoles", json={"remote_console": {"url": "u"}})
    assert getattr(server, method)(console_type) == {"remote_console": {"url": "u"}}
    assert _body(mock_http) == {"remote_console": {"protocol": protocol, "type": console_type}}
    assert server.get_mks_console()["url"] == "u"
    assert _body(mock_http) == {"remote_console": {"protocol": "mks", "type": "webmks"}}


def test_server_rebuild_and_update_take_novaclients_arguments(make_cs, mock_http):
    server = _server(make_cs, mock_http)
    mock_http.post(f"{SERVER}/action", json={"server": {"id": "s1", "name": "new"}})
    assert server.rebuild("img", name="new").name == "new"
    assert _body(mock_http) == {"rebuild": {"imageRef": "img", "name": "new"}}
    server.rebuild("img", "pw", True)  # novaclient's (image, password, preserve_ephemeral)
    assert _body(mock_http) == {"rebuild": {"imageRef": "img", "adminPass": "pw",
                                            "preserve_ephemeral": True}}
    mock_http.put(SERVER, json={"server": {"id": "s1", "name": "vm"}})
    server.update(hostname="web-1")
    assert _body(mock_http) == {"server": {"hostname": "web-1"}}
    server.update("vm2", "d", "web-2")
    assert _body(mock_http) == {"server": {"name": "vm2", "description": "d",
                                           "hostname": "web-2"}}


def test_get_password_decrypts_with_a_private_key_file(make_cs, mock_http, monkeypatch):
    calls = []

    def decrypt(private_key, password):
        calls.append((private_key, password))
        return "clear"

    monkeypatch.setattr(crypto, "decrypt_password", decrypt)
    mock_http.get(f"{SERVER}/os-server-password", json={"password": "ZW5j"},
                  headers={"x-openstack-request-id": "req-3"})
    servers = make_cs("2.60").servers
    password = servers.get_password("s1", "/keys/id_rsa")
    assert (password, password.request_ids) == ("clear", ["req-3"])
    assert calls == [("/keys/id_rsa", "ZW5j")]
    assert servers.get_password("s1") == "ZW5j"
    mock_http.get(f"{SERVER}/os-server-password", json={"password": ""})
    assert servers.get_password("s1", "/keys/id_rsa") == "" and len(calls) == 1


@pytest.mark.parametrize("version, call, body", [
    ("2.63", lambda g: g.create(name="web", policies=["anti-affinity"]),
     {"name": "web", "policies": ["anti-affinity"]}),
    ("2.63", lambda g: g.create("web", "affinity"), {"name": "web", "policies": ["affinity"]}),
    ("2.63", lambda g: g.create("web", policy="affinity"),
     {"name": "web", "policies": ["affinity"]}),
    ("2.0", lambda g: g.create("web", ["affinity"]), {"name": "web", "policies": ["affinity"]}),
    ("2.64", lambda g: g.create("web", "anti-affinity", {"max_server_per_host": 2}),
     {"name": "web", "policy": "anti-affinity", "rules": {"max_server_per_host": 2}}),
    ("2.64", lambda g: g.create(name="web", policy="affinity"),
     {"name": "web", "policy": "affinity"}),
])
def test_server_group_create_as_novaclient_calls_it(make_cs, mock_http, version, call, body):
    mock_http.post(f"{ENDPOINT}/os-server-groups", json={"server_group": {"id": "g1"}})
    assert call(make_cs(version).server_groups).id == "g1"
    assert _body(mock_http) == {"server_group": body}


@pytest.mark.parametrize("version, call, message", [
    ("2.63", lambda g: g.create("web", ["affinity", "anti-affinity"]), "exactly one policy"),
    ("2.63", lambda g: g.create("web", "affinity", rules={"max_server_per_host": 2}), "2.64"),
    ("2.64", lambda g: g.create(name="web", policies=["affinity"]), "<= 2.63"),
    ("2.14", lambda g: g.create("web", ["soft-affinity"]), ">= 2.15"),
])
def test_server_group_create_refusals_send_nothing(make_cs, mock_http, version, call, message):
    with pytest.raises(exceptions.ComputeClientError, match=message):
        call(make_cs(version).server_groups)
    assert not mock_http.called


@pytest.mark.parametrize("limit", ["10", 10])
def test_list_limit_as_text_as_horizon_sends_it(make_cs, mock_http, limit):
    mock_http.get(f"{ENDPOINT}/os-hypervisors/detail", json={"hypervisors": [{"id": "h1"}]})
    assert [h.id for h in make_cs("2.60").hypervisors.list(limit=limit)] == ["h1"]
    assert mock_http.last_request.qs == {"limit": ["10"]}
    mock_http.get(f"{ENDPOINT}/servers/detail", json={"servers": []})
    make_cs("2.60").servers.list(limit=limit)
    assert mock_http.last_request.qs == {"limit": ["10"]}


def test_a_limit_that_is_no_number_is_refused(make_cs, mock_http):
    with pytest.raises(exceptions.InvalidArgument, match="limit must be an integer"):
        make_cs("2.60").hypervisors.list(limit="ten")
    assert not mock_http.called


def test_flavor_unset_keys_carries_every_request_id(make_cs, mock_http):
    specs = f"{ENDPOINT}/flavors/f1/os-extra_specs"
    mock_http.delete(f"{specs}/a", headers={"x-openstack-request-id": "req-a"})
    mock_http.delete(f"{specs}/b", headers={"x-openstack-request-id": "req-b"})
    cs = make_cs("2.61")
    flavor = cs.flavors._make({"id": "f1", "name": "f", "extra_specs": {}}, loaded=True)
    result = flavor.unset_keys(["a", "b"])
    assert result == () and result.request_ids == ["req-a", "req-b"]
