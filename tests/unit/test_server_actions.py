"""Server action bodies per microversion: what each version of Nova accepts."""

import json

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT

ACTION = f"{ENDPOINT}/servers/s1/action"


@pytest.fixture
def sent(mock_http):
    mock_http.post(ACTION, status_code=202, headers={"location": f"{ENDPOINT}/images/i9"})

    def body():
        return json.loads(mock_http.last_request.body)
    return body


@pytest.mark.parametrize("version, kwargs, expected", [
    ("2.24", {"host": "h", "block_migration": True, "disk_over_commit": True},
     {"host": "h", "block_migration": True, "disk_over_commit": True}),
    ("2.24", {"host": "h", "block_migration": None, "disk_over_commit": None},
     {"host": "h", "block_migration": False, "disk_over_commit": False}),
    ("2.25", {"host": None}, {"host": None, "block_migration": "auto"}),
    ("2.68", {"host": "h", "block_migration": None}, {"host": "h", "block_migration": "auto"}),
    ("2.30", {"host": "h", "force": True}, {"host": "h", "block_migration": "auto",
                                            "force": True}),
])
def test_live_migrate_bodies(make_cs, sent, version, kwargs, expected):
    make_cs(version).servers.live_migrate("s1", **kwargs)
    assert sent() == {"os-migrateLive": expected}


@pytest.mark.parametrize("version, kwargs, needed", [
    ("2.68", {"force": True}, "2.30-2.67"),
    ("2.29", {"force": True}, "2.30-2.67"),
    ("2.25", {"disk_over_commit": True}, "<= 2.24"),
])
def test_live_migrate_refusals(make_cs, sent, mock_http, version, kwargs, needed):
    with pytest.raises(exceptions.VersionNotAvailable, match=needed) as refused:
        make_cs(version).servers.live_migrate("s1", "h", **kwargs)
    keyword = next(iter(kwargs))  # a TypeError naming it, as python-novaclient's
    assert isinstance(refused.value, TypeError)
    assert f"unexpected keyword argument '{keyword}'" in str(refused.value)
    assert not mock_http.called


def test_evacuate_bodies(make_cs, sent, mock_http):
    make_cs("2.13").servers.evacuate("s1", "h", on_shared_storage=True)
    assert sent() == {"evacuate": {"host": "h", "onSharedStorage": True}}
    make_cs("2.29").servers.evacuate("s1", "h", force=True, password="p")
    assert sent() == {"evacuate": {"host": "h", "adminPass": "p", "force": True}}
    with pytest.raises(exceptions.VersionNotAvailable):
        make_cs("2.14").servers.evacuate("s1", on_shared_storage=True)
    make_cs("2.68").servers.evacuate("s1", "h")
    assert sent() == {"evacuate": {"host": "h"}}
    with pytest.raises(TypeError, match="unexpected keyword argument 'force'"):
        make_cs("2.68").servers.evacuate("s1", "h", force=True)


@pytest.mark.parametrize("version, kwargs, expected", [
    ("2.1", {}, None),
    ("2.77", {"availability_zone": "az2"}, {"availability_zone": "az2"}),
    ("2.77", {"availability_zone": None}, None),  # before 2.91, None is "not given"
    ("2.91", {"availability_zone": None, "host": "h"}, {"availability_zone": None, "host": "h"}),
])
def test_unshelve_bodies(make_cs, sent, version, kwargs, expected):
    make_cs(version).servers.unshelve("s1", **kwargs)
    assert sent() == {"unshelve": expected}


def test_unshelve_refusals(make_cs, sent):
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.91"):
        make_cs("2.90").servers.unshelve("s1", host="h")
    with pytest.raises(TypeError, match="unexpected keyword argument 'availability_zone'"):
        make_cs("2.76").servers.unshelve("s1", availability_zone="az")


def test_rebuild_body_every_option(make_cs, mock_http):
    mock_http.post(ACTION, status_code=202, json={"server": {"id": "s1", "adminPass": "x"}})
    server = make_cs("2.90").servers.rebuild(
        "s1", "img", password="pw", disk_config="AUTO", preserve_ephemeral=True, name="n",
        meta={"a": "1"}, description=None, key_name=None, userdata="ud",
        trusted_image_certificates=None, hostname="h1")
    assert json.loads(mock_http.last_request.body) == {"rebuild": {
        "imageRef": "img", "adminPass": "pw", "OS-DCF:diskConfig": "AUTO",
        "preserve_ephemeral": True, "name": "n", "metadata": {"a": "1"},
        "description": None, "key_name": None, "user_data": "dWQ=",
        "trusted_image_certificates": None, "hostname": "h1"}}
    assert server.to_dict()["adminPass"] == "x"  # the caller learns it, as from novaclient
    with pytest.raises(exceptions.UnsupportedAttribute,
                       match="'files' argument is only allowed until microversion 2.56"):
        make_cs("2.57").servers.rebuild("s1", "img", files={"/a": "b"})
    with pytest.raises(exceptions.UnsupportedAttribute,
                       match="'key_name' argument is only allowed since microversion 2.54"):
        make_cs("2.53").servers.rebuild("s1", "img", key_name="k")


def test_lock_reason_and_migrate_host(make_cs, sent):
    make_cs("2.73").servers.lock("s1", reason="why")
    assert sent() == {"lock": {"locked_reason": "why"}}
    make_cs("2.1").servers.lock("s1")
    assert sent() == {"lock": None}
    with pytest.raises(TypeError, match="unexpected keyword argument 'reason'"):
        make_cs("2.72").servers.lock("s1", reason="why")
    make_cs("2.56").servers.migrate("s1", host="h")
    assert sent() == {"migrate": {"host": "h"}}
    make_cs("2.56").servers.migrate("s1")
    assert sent() == {"migrate": {}}
    make_cs("2.55").servers.migrate("s1")
    assert sent() == {"migrate": None}
    with pytest.raises(TypeError, match="unexpected keyword argument 'host'"):
        make_cs("2.55").servers.migrate("s1", host="h")


def test_reset_state_sends_the_state_given(make_cs, sent):
    """As python-novaclient: Nova judges the state (the shell offers only error/active)."""
    make_cs("2.1").servers.reset_state("s1")
    assert sent() == {"os-resetState": {"state": "error"}}
    make_cs("2.1").servers.reset_state("s1", "active")
    assert sent() == {"os-resetState": {"state": "active"}}


def test_create_image_id_from_body_or_location(make_cs, mock_http):
    mock_http.post(ACTION, status_code=202, json={"image_id": "i45"})
    assert make_cs("2.45").servers.create_image("s1", "snap") == "i45"
    mock_http.post(ACTION, status_code=202, headers={"location": f"{ENDPOINT}/images/i9"})
    assert make_cs("2.44").servers.create_image("s1", "snap") == "i9"
    assert json.loads(mock_http.last_request.body) == {"createImage": {"name": "snap",
                                                                       "metadata": {}}}


def test_update_pinned_zone_needs_2_104(make_cs, mock_http):
    mock_http.put(f"{ENDPOINT}/servers/s1", json={"server": {"id": "s1"}})
    make_cs("2.104").servers.update("s1", pinned_availability_zone=None)
    assert json.loads(mock_http.last_request.body) == {
        "server": {"pinned_availability_zone": None}}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.104"):
        make_cs("2.103").servers.update("s1", pinned_availability_zone="az")


def test_update_has_python_novaclients_meanings(make_cs, mock_http):
    """description "" clears it, None leaves it; nothing to change sends nothing;
    hostname is a keyword of 2.90+ only."""
    mock_http.put(f"{ENDPOINT}/servers/s1", json={"server": {"id": "s1"}})
    cs = make_cs("2.90")
    assert cs.servers.update("s1") is None
    assert cs.servers.update("s1", description=None) is None
    assert not mock_http.called
    cs.servers.update("s1", name="n", description=None)
    assert json.loads(mock_http.last_request.body) == {"server": {"name": "n"}}
    cs.servers.update("s1", description="")
    assert json.loads(mock_http.last_request.body) == {"server": {"description": None}}
    cs.servers.update("s1", "n2", "d", "h")
    assert json.loads(mock_http.last_request.body) == {"server": {
        "name": "n2", "description": "d", "hostname": "h"}}
    with pytest.raises(TypeError, match="unexpected keyword argument 'hostname'"):
        make_cs("2.89").servers.update("s1", hostname="h")
    with pytest.raises(TypeError, match="unexpected keyword argument 'description'"):
        make_cs("2.18").servers.update("s1", description="d")
