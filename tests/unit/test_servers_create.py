"""The Horizon-style servers.create call: every keyword reaches the body."""

import base64
import json
import re

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT

SERVER = {"server": {"id": "s1", "name": "web"}}


@pytest.fixture
def post(mock_http):
    mock_http.post(f"{ENDPOINT}/servers", status_code=202, json=SERVER)

    def last_body():
        return json.loads(mock_http.last_request.body)
    return last_body


def test_every_horizon_keyword(make_cs, post, mock_http):
    cs = make_cs("2.56")
    cs.servers.create(
        "web", "img-1", "flv-1", userdata="#cloud-config\n", security_groups=["default", "web"],
        key_name="k1", block_device_mapping={"vdb": "vol-1:volume:5:1"},
        nics=[{"net-id": "n1", "v4-fixed-ip": "10.0.0.5"}, {"port-id": "p1", "tag": "eth1"}],
        availability_zone="az1:host1", min_count=2, max_count=3, admin_pass="S3cret!",
        disk_config="AUTO", config_drive=True, meta={"role": "web"},
        files={"/etc/motd": "hello"}, scheduler_hints={"group": "g1", "same_host": ["a", "b"]},
        description="front end", access_ip_v4="1.2.3.4", access_ip_v6="::1")
    body = post()
    assert mock_http.last_request.path == "/v2.1/servers"  # never /os-volumes_boot
    assert body["os:scheduler_hints"] == {"group": "g1", "same_host": ["a", "b"]}
    assert body["server"] == {
        "name": "web", "imageRef": "img-1", "flavorRef": "flv-1",
        "user_data": base64.b64encode(b"#cloud-config\n").decode(),
        "security_groups": [{"name": "default"}, {"name": "web"}],
        "key_name": "k1",
        "block_device_mapping": [{"device_name": "vdb", "volume_id": "vol-1",
                                  "volume_size": "5", "delete_on_termination": True}],
        "networks": [{"uuid": "n1", "fixed_ip": "10.0.0.5"}, {"port": "p1", "tag": "eth1"}],
        "availability_zone": "az1:host1", "min_count": 2, "max_count": 3,
        "adminPass": "S3cret!", "OS-DCF:diskConfig": "AUTO", "config_drive": True,
        "metadata": {"role": "web"},
        "personality": [{"path": "/etc/motd",
                         "contents": base64.b64encode(b"hello").decode()}],
        "description": "front end", "accessIPv4": "1.2.3.4", "accessIPv6": "::1",
    }


def test_image_with_block_device_mapping_v2_boots_from_the_image_as_novaclient(
        make_cs, post):
    """novaclient puts the image first, as the root disk (boot index 0)."""
    extra = [{"uuid": "vol-2", "source_type": "volume", "destination_type": "volume",
              "boot_index": 1}]
    make_cs("2.60").servers.create("web", "img-1", "flv-1", block_device_mapping_v2=extra,
                                   nics="none")
    assert post()["server"]["block_device_mapping_v2"] == [
        {"uuid": "img-1", "source_type": "image", "destination_type": "local",
         "boot_index": 0, "delete_on_termination": True},
        {"uuid": "vol-2", "source_type": "volume", "destination_type": "volume",
         "boot_index": 1}]
    assert post()["server"]["imageRef"] == "img-1"
    assert len(extra) == 1  # the caller's list is left as it was
    root_volume = [{"uuid": "v", "source_type": "volume", "destination_type": "volume",
                    "boot_index": "0"}]
    make_cs("2.60").servers.create("web", "img-1", "flv-1", block_device_mapping_v2=root_volume,
                                   nics="none")
    assert post()["server"]["block_device_mapping_v2"] == root_volume  # no second root


def test_both_block_device_syntaxes_are_refused(make_cs, mock_http):
    with pytest.raises(exceptions.InvalidArgument, match="not both"):
        make_cs("2.60").servers.create(
            "web", "img-1", "flv-1", block_device_mapping={"vdb": "vol-1:volume:5:1"},
            block_device_mapping_v2=[{"uuid": "v", "source_type": "volume",
                                      "destination_type": "volume", "boot_index": 1}])
    assert not mock_http.called


def test_recent_keywords_at_2_104(make_cs, post, mock_http):
    cs = make_cs("2.104")
    cs.servers.create("web", None, "flv-1", nics="auto", tags=["a", "b"],
                      trusted_image_certificates=["c1"], host="compute1",
                      hypervisor_hostname="compute1", hostname="web-01",
                      block_device_mapping_v2=[{"uuid": "v", "source_type": "volume",
                                                "destination_type": "volume",
                                                "boot_index": 0}])
    body = post()["server"]
    assert mock_http.last_request.path == "/v2.1/servers"
    assert body["imageRef"] == "" and body["networks"] == "auto"
    assert body["tags"] == ["a", "b"] and body["trusted_image_certificates"] == ["c1"]
    assert (body["host"], body["hypervisor_hostname"], body["hostname"]) == (
        "compute1", "compute1", "web-01")


def test_userdata_from_file_object_and_bytes(make_cs, post, tmp_path):
    cs = make_cs("2.60")
    path = tmp_path / "ud"
    path.write_bytes(b"\x00\x01binary")
    with open(path, "rb") as handle:
        cs.servers.create("a", "i", "f", userdata=handle, nics="none")
    assert base64.b64decode(post()["server"]["user_data"]) == b"\x00\x01binary"


@pytest.mark.parametrize("version, kwargs, error, message", [
    ("2.57", {"files": {"/a": "b"}}, AttributeError, "needs microversion <= 2.56"),
    ("2.18", {"description": "x"}, AttributeError, "needs microversion >= 2.19"),
    ("2.51", {"tags": ["t"]}, AttributeError, "needs microversion >= 2.52"),
    # python-novaclient's words (and classes), which its callers match
    ("2.62", {"trusted_image_certificates": ["c"]}, AttributeError,
     "'trusted_image_certificates' argument is only allowed since microversion 2.63"),
    ("2.73", {"host": "h"}, AttributeError,
     "'host' argument is only allowed since microversion 2.74"),
    ("2.73", {"hypervisor_hostname": "h"}, AttributeError,
     "'hypervisor_hostname' argument is only allowed since microversion 2.74"),
    ("2.89", {"hostname": "h"}, AttributeError,
     "'hostname' argument is only allowed since microversion 2.90"),
    ("2.36", {"nics": "none"}, ValueError, "nics='none' is not supported before microversion 2.37"),
    ("2.31", {"nics": [{"net-id": "n", "tag": "t"}]}, ValueError,
     "Setting interface tags is not supported before microversion 2.32"),
    ("2.31", {"block_device_mapping_v2": [{"uuid": "v", "tag": "t"}]}, ValueError,
     "Setting block device tags is not supported before microversion 2.32"),
    ("2.66", {"block_device_mapping_v2": [{"uuid": "v", "volume_type": "ssd"}]}, ValueError,
     "Block device volume_type is not supported before microversion 2.67"),
])
def test_version_gated_keywords_name_the_version(make_cs, post, mock_http, version, kwargs,
                                                 error, message):
    if "nics" not in kwargs and version >= "2.37":
        kwargs = dict(kwargs, nics="none")
    with pytest.raises(exceptions.VersionNotAvailable, match=re.escape(message)) as refused:
        make_cs(version).servers.create("a", "i", "f", **kwargs)
    assert isinstance(refused.value, error)  # as python-novaclient raises it
    assert f"session speaks {version}" in str(refused.value)
    assert not mock_http.called


def test_nics_are_required_from_2_37_and_counts_always_sent(make_cs, post, mock_http):
    """Nova requires `networks` from 2.37: refused before a request, as
    python-novaclient does; min_count and max_count go in every body."""
    with pytest.raises(exceptions.InvalidArgument, match="required from microversion 2.37"):
        make_cs("2.37").servers.create("a", "i", "f")
    assert not mock_http.called
    make_cs("2.36").servers.create("a", "i", "f")
    assert post()["server"] == {"name": "a", "imageRef": "i", "flavorRef": "f",
                                "min_count": 1, "max_count": 1}
    make_cs("2.37").servers.create("a", "i", "f", nics="auto", min_count=2)
    assert post()["server"]["networks"] == "auto"
    assert (post()["server"]["min_count"], post()["server"]["max_count"]) == (2, 2)


def test_reservation_id(make_cs, mock_http):
    mock_http.post(f"{ENDPOINT}/servers", status_code=202, json={"reservation_id": "r-1"})
    rid = make_cs("2.60").servers.create("a", "i", "f", min_count=2, reservation_id=True,
                                         nics="none")
    assert rid == "r-1"
    assert json.loads(mock_http.last_request.body)["server"]["return_reservation_id"] is True


def test_counts_are_checked(make_cs, post):
    with pytest.raises(exceptions.InvalidArgument, match="max_count cannot be less"):
        make_cs().servers.create("a", "i", "f", min_count=3, max_count=2)


def test_block_device_parsing():
    from computeclient.api_versions import APIVersion
    from computeclient.v2.commands import block_device_args

    entry = block_device_args.parse_block_device(
        "id=v1,source=volume,dest=volume,bus=virtio,device=vdb,size=5,bootindex=1,"
        "shutdown=remove,tag=data,volume_type=ssd", APIVersion("2.67"))
    assert entry == {"uuid": "v1", "source_type": "volume", "destination_type": "volume",
                     "disk_bus": "virtio", "device_name": "vdb", "volume_size": 5,
                     "boot_index": 1, "delete_on_termination": True, "tag": "data",
                     "volume_type": "ssd"}
    with pytest.raises(exceptions.VersionNotAvailable):
        block_device_args.parse_block_device("id=v,source=volume,tag=t", APIVersion("2.33"))
    with pytest.raises(exceptions.CommandError, match="needs id="):
        block_device_args.parse_block_device("source=volume", APIVersion("2.60"))
    assert block_device_args.ephemeral("size=1,format=ext4")["guest_format"] == "ext4"
    assert block_device_args.swap(512)["guest_format"] == "swap"


def test_return_raw_gives_the_answers_server_as_a_dict(make_cs, post):
    from computeclient import base
    from computeclient.v2.servers import Server
    cs = make_cs("2.60")
    raw = cs.servers.create("web", "img-1", "flv-1", nics="none", return_raw=True)
    assert not isinstance(raw, Server) and isinstance(raw, base.DictWithMeta)
    assert raw == SERVER["server"] and raw.request_ids is not None
    server = cs.servers.create("web", "img-1", "flv-1", nics="none")
    assert isinstance(server, Server) and server.id == "s1"
