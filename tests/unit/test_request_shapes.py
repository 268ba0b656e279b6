"""Requests the sandbox cannot exercise for real (no in-flight migration, no
Manila, no console proxy, old microversions): the exact request is pinned."""

import json

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT


def test_hypervisors_detail_search_and_statistics(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-hypervisors/detail", json={"hypervisors": [{"id": 1}]})
    assert make_cs("2.60").hypervisors.list()[0].id == 1
    mock_http.get(f"{ENDPOINT}/os-hypervisors/comp/search",
                  json={"hypervisors": [{"id": 2, "hypervisor_hostname": "comp1"}]})
    assert make_cs("2.52").hypervisors.search("comp")[0].id == 2
    mock_http.get(f"{ENDPOINT}/os-hypervisors?hypervisor_hostname_pattern=comp",
                  json={"hypervisors": []})
    make_cs("2.53").hypervisors.search("comp")
    assert mock_http.last_request.qs == {"hypervisor_hostname_pattern": ["comp"]}
    with pytest.raises(exceptions.VersionNotAvailable, match="removed in API version 2.88"):
        make_cs("2.88").hypervisors.statistics()


def test_server_migration_get_force_complete_abort(make_cs, mock_http):
    url = f"{ENDPOINT}/servers/s1/migrations/7"
    mock_http.get(url, json={"migration": {"id": 7, "status": "running"}})
    mock_http.post(f"{url}/action", status_code=202)
    mock_http.delete(url, status_code=202)
    cs = make_cs("2.80")
    assert cs.server_migrations.get("s1", 7).status == "running"
    cs.server_migrations.live_migrate_force_complete("s1", 7)
    assert json.loads(mock_http.last_request.body) == {"force_complete": None}
    cs.server_migrations.live_migration_abort("s1", 7)
    assert mock_http.last_request.method == "DELETE"
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.24"):
        make_cs("2.23").server_migrations.live_migration_abort("s1", 7)


def test_server_shares_requests(make_cs, mock_http):
    base = f"{ENDPOINT}/servers/s1/shares"
    mock_http.post(base, json={"share": {"share_id": "sh", "status": "attaching",
                                         "tag": "t"}})
    mock_http.get(f"{base}/sh", json={"share": {"share_id": "sh", "status": "active"}})
    mock_http.delete(f"{base}/sh", status_code=200)
    cs = make_cs("2.97")
    assert cs.server_shares.create("s1", "sh", tag="t").id == "sh"
    assert json.loads(mock_http.request_history[0].body) == {
        "share": {"share_id": "sh", "tag": "t"}}
    assert cs.server_shares.get("s1", "sh").status == "active"
    cs.server_shares.delete("s1", "sh")
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.97"):
        make_cs("2.96").server_shares.list("s1")


def test_consoles_per_version(make_cs, mock_http):
    mock_http.post(f"{ENDPOINT}/servers/s1/remote-consoles",
                   json={"remote_console": {"protocol": "spice", "type": "spice-direct",
                                            "url": "u"}})
    make_cs("2.99").servers.get_console_url("s1", "spice-direct")
    assert json.loads(mock_http.last_request.body) == {
        "remote_console": {"protocol": "spice", "type": "spice-direct"}}
    with pytest.raises(exceptions.UnsupportedConsoleType, match=">= 2.99"):  # as novaclient's
        make_cs("2.98").servers.get_console_url("s1", "spice-direct")  # webmks before 2.8
    mock_http.post(f"{ENDPOINT}/servers/s1/action", json={"console": {"type": "novnc",
                                                                       "url": "v"}})
    assert make_cs("2.5").servers.get_vnc_console("s1")["url"] == "v"
    assert json.loads(mock_http.last_request.body) == {"os-getVNCConsole": {"type": "novnc"}}
    mock_http.get(f"{ENDPOINT}/os-console-auth-tokens/tok",
                  json={"console": {"instance_uuid": "s1", "port": 5900}})
    assert make_cs("2.31").servers.get_console_auth_token("tok")["port"] == 5900


def test_assisted_snapshot_delete_sends_delete_info(make_cs, mock_http):
    mock_http.delete(f"{ENDPOINT}/os-assisted-volume-snapshots/snap1", status_code=204)
    make_cs("2.60").assisted_volume_snapshots.delete("snap1", {"volume_id": "v"})
    assert mock_http.last_request.qs == {"delete_info": ['{"volume_id": "v"}']}


def test_volume_attach_versions(make_cs, mock_http):
    mock_http.post(f"{ENDPOINT}/servers/s1/os-volume_attachments", status_code=202)
    result = make_cs("2.101").volumes.create_server_volume("s1", "v1", tag="t",
                                                           delete_on_termination=True)
    assert result == ""  # 2.101: accepted, no body
    assert json.loads(mock_http.last_request.body) == {"volumeAttachment": {
        "volumeId": "v1", "tag": "t", "delete_on_termination": True}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.79"):
        make_cs("2.78").volumes.create_server_volume("s1", "v1", delete_on_termination=True)


def test_usage_follows_pages_and_merges(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage", [
        {"json": {"tenant_usages": [{"tenant_id": "p", "server_usages": [{"name": "a"}]}],
                  "tenant_usages_links": [{"rel": "next",
                                           "href": f"{ENDPOINT}/x?marker=m1"}]}},
        {"json": {"tenant_usages": [{"tenant_id": "p", "server_usages": [{"name": "b"}]}]}}])
    usages = make_cs("2.40").usage.list("2026-01-01", "2026-02-01", detailed=True)
    assert [s["name"] for s in usages[0].server_usages] == ["a", "b"]
    assert mock_http.last_request.qs["marker"] == ["m1"]
