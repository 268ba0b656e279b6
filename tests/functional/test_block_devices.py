"""Booting with block devices at every microversion band, on real Nova.

Nova 34's /os-volumes_boot alias fails with a 500 at every version, so boots
with block devices must go to /servers below 2.103 too (as novaclient does).
Each server boots from a 1 GiB volume that the Cinder fixture makes from the
cirros image; the tests check that Nova holds the volume as the root disk.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from computeclient.v2 import polling

VERSIONS = ["2.1", "2.56", "2.60", "2.96", "2.102", "2.latest"]


def _root_volume(image_id: str) -> dict[str, Any]:
    return {"uuid": image_id, "source_type": "image", "destination_type": "volume",
            "volume_size": 1, "boot_index": 0, "delete_on_termination": True}


@pytest.fixture(scope="module", params=VERSIONS)
def booted(request, compute_sandbox, compute, cs, tmp_path_factory):
    """(version, {way: server id}): one shell and one library boot, sent together."""
    version = request.param
    image_id = cs.glance.find_image("cirros").id
    args = ["--os-compute-api-version", version, "boot", "--flavor", "m1.tiny",
            "--image", "cirros", "--block-device",
            f"source=image,id={image_id},dest=volume,size=1,bootindex=0,shutdown=remove",
            "-f", "json", f"bdm-shell-{version}"]
    extra: dict[str, Any] = {}
    if version != "2.1":  # --nic none needs 2.37; at 2.1 Nova picks the networks
        args[-1:-1] = ["--nic", "none"]
        extra["nics"] = "none"
    if version == "2.56":  # the last version with personality files
        motd = tmp_path_factory.mktemp("files") / "motd"  # nova's --file DST=LOCAL-FILE
        motd.write_text("hello from 2.56")
        args[-1:-1] = ["--file", f"/etc/motd={motd}"]
        extra["files"] = {"/etc/motd": "hello from 2.56"}
    servers = {"shell": json.loads(compute(*args).stdout)["id"]}
    library = compute_sandbox.client(version)
    servers["library"] = library.servers.create(
        f"bdm-lib-{version}", None, "1", block_device_mapping_v2=[_root_volume(image_id)],
        **extra).id
    yield version, servers
    compute("delete", "--wait", *servers.values(), ok=False)


@pytest.mark.parametrize("way", ["shell", "library"])
def test_boot_from_an_image_backed_volume(cs, booted, way):
    version, servers = booted
    server = polling.wait_for_server(cs.servers, servers[way], ["ACTIVE"],
                                     f"{way} boot at {version}", timeout=60)
    attached = server._info["os-extended-volumes:volumes_attached"]
    assert len(attached) == 1 and attached[0]["delete_on_termination"] is True
    [held] = cs.volumes.get_server_volumes(server.id)
    assert held.volumeId == attached[0]["id"] and held.device == "/dev/sda"  # the root disk
