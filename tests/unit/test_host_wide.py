"""v2/host_wide.py (and the contrib drop-in over it): bodies per microversion,
refusals, limits."""

from __future__ import annotations

import argparse
import json

import pytest

from computeclient import exceptions
from computeclient.v2 import host_wide
from tests.unit.conftest import ENDPOINT

S1, S2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


@pytest.fixture
def on_host(mock_http):
    """Two servers on compute1; returns the mocker."""
    mock_http.get(f"{ENDPOINT}/servers/detail",
                  json={"servers": [{"id": S1, "name": "a"}, {"id": S2, "name": "b"}]})
    return mock_http


def action_bodies(mock_http):
    return [(r.path.split("/")[-2], r.json()) for r in mock_http.request_history
            if r.method == "POST" and r.path.endswith("/action")]


def test_servers_listed_with_host_and_all_tenants(make_cs, on_host):
    on_host.post(f"{ENDPOINT}/servers/{S1}/action", status_code=202)
    on_host.post(f"{ENDPOINT}/servers/{S2}/action", status_code=202)
    cs = make_cs("2.60")
    rows = host_wide.act_on_host(cs, "compute1", cs.servers.migrate)
    assert rows == [[S1, True, ""], [S2, True, ""]]
    assert on_host.request_history[0].qs == {"host": ["compute1"], "all_tenants": ["1"]}


def test_evacuate_bodies_by_version(make_cs, on_host):
    for sid in (S1, S2):
        on_host.post(f"{ENDPOINT}/servers/{sid}/action", status_code=200, json={})
    cs = make_cs("2.13")
    host_wide.act_on_host(cs, "compute1", host_wide.evacuate_action(
        cs, "compute2", on_shared_storage=True))
    assert action_bodies(on_host)[0][1] == {
        "evacuate": {"host": "compute2", "onSharedStorage": True}}
    on_host.reset_mock()
    cs = make_cs("2.29")
    host_wide.act_on_host(cs, "compute1", host_wide.evacuate_action(cs, force=True),
                             limit=1)
    assert action_bodies(on_host) == [(S1, {"evacuate": {"force": True}})]


def test_version_bounded_options_refused_before_any_request(make_cs, mock_http):
    cs = make_cs("2.14")
    with pytest.raises(exceptions.VersionNotAvailable,
                       match="on_shared_storage needs microversion <= 2.13"):
        host_wide.evacuate_action(cs, on_shared_storage=True)
    with pytest.raises(exceptions.VersionNotAvailable, match="forcing an evacuation"):
        host_wide.evacuate_action(make_cs("2.68"), force=True)
    with pytest.raises(exceptions.VersionNotAvailable, match="forcing a live migration"):
        host_wide.live_migrate_action(make_cs("2.29"), force=True)
    assert mock_http.request_history == []


def test_live_migrate_auto_block_migration_and_max_servers(make_cs, on_host):
    on_host.post(f"{ENDPOINT}/servers/{S1}/action", status_code=202)
    cs = make_cs("2.30")
    rows = host_wide.act_on_host(cs, "compute1", host_wide.live_migrate_action(
        cs, "compute2", force=True), limit=1)
    assert rows == [[S1, True, ""]]
    assert action_bodies(on_host) == [(S1, {"os-migrateLive": {
        "host": "compute2", "block_migration": "auto", "force": True}})]
    with pytest.raises(exceptions.InvalidArgument, match="limit must be at least 1"):
        host_wide.act_on_host(cs, "compute1", cs.servers.migrate, limit=0)


def test_one_refusal_does_not_stop_the_others(make_cs, on_host, capsys):
    on_host.post(f"{ENDPOINT}/servers/{S1}/action", status_code=409,
                 json={"conflictingRequest": {"message": "Cannot migrate while resizing"}})
    on_host.post(f"{ENDPOINT}/servers/{S2}/action", status_code=202)
    cs = make_cs("2.60")
    rows = host_wide.act_on_host(cs, "compute1", cs.servers.migrate)
    assert rows[0][:2] == [S1, False] and "Cannot migrate while resizing" in rows[0][2]
    assert rows[1] == [S2, True, ""]
    assert host_wide.refusal_summary("compute1", rows) == \
        "1 of 2 server(s) on compute1 were not accepted"


def test_strict_drop_in_shows_the_report_then_fails(make_cs, on_host, capsys):
    from computeclient.v2.contrib import host_servers

    on_host.post(f"{ENDPOINT}/servers/{S1}/action", status_code=409,
                 json={"conflictingRequest": {"message": "Cannot migrate while resizing"}})
    on_host.post(f"{ENDPOINT}/servers/{S2}/action", status_code=202)
    cs = make_cs("2.60")
    args = argparse.Namespace(host="compute1", strict=True)
    listing = host_servers.do_host_servers_migrate(cs, args)
    assert listing.failure == "1 of 2 server(s) on compute1 were not accepted"
    assert [r[1] for r in listing.rows] == [False, True]


def test_host_meta_set_and_delete(make_cs, on_host):
    for sid in (S1, S2):
        on_host.post(f"{ENDPOINT}/servers/{sid}/metadata", json={"metadata": {"a": "1"}})
        on_host.delete(f"{ENDPOINT}/servers/{sid}/metadata/a", status_code=204)
    cs = make_cs("2.60")
    host_wide.act_on_host(cs, "compute1", host_wide.set_meta_action(cs, {"a": "1"}))
    posts = [r for r in on_host.request_history if r.method == "POST"]
    assert [json.loads(r.body) for r in posts] == [{"metadata": {"a": "1"}}] * 2
    host_wide.act_on_host(cs, "compute1", host_wide.delete_meta_action(cs, ["a"]))
    assert [r.path for r in on_host.request_history if r.method == "DELETE"] == [
        f"/v2.1/servers/{S1}/metadata/a", f"/v2.1/servers/{S2}/metadata/a"]


def test_falls_back_to_hypervisor_hostname(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/servers/detail?host=node-a", json={"servers": []})
    mock_http.get(f"{ENDPOINT}/servers/detail?node=node-a", json={"servers": [{"id": S1}]})
    servers = host_wide.servers_on(make_cs("2.60"), "node-a")
    assert [s.id for s in servers] == [S1]
