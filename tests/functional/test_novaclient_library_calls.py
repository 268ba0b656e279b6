"""Calls written for python-novaclient's library, made exactly as its
consumers make them (positional, by uuid), do on the real Nova what they do
with novaclient."""

from __future__ import annotations

import pytest


def _compute2(cs):
    return cs.services.list(host="compute2", binary="nova-compute")[0]


@pytest.mark.parametrize("version", ["2.53", "2.latest"])
def test_force_down_then_up_by_uuid_as_novaclient_calls_it(compute_sandbox, version):
    cs = compute_sandbox.client(version)
    uuid = _compute2(cs).id
    try:
        cs.services.force_down(uuid, True)
        down = _compute2(cs)
        assert (down.forced_down, down.state) == (True, "down")
        cs.services.force_down(uuid, False)
        up = _compute2(cs)
        assert (up.forced_down, up.state) == (False, "up")
    finally:  # the keyword form means the same in every client: leave the sandbox usable
        cs.services.force_down(uuid, force_down=False)


@pytest.mark.parametrize("version", ["2.53", "2.latest"])
def test_disable_log_reason_by_uuid_as_masakari_calls_it(compute_sandbox, version):
    cs = compute_sandbox.client(version)
    uuid = _compute2(cs).id
    try:
        cs.services.disable_log_reason(uuid, "r")
        held = _compute2(cs)
        assert (held.status, held.disabled_reason) == ("disabled", "r")
    finally:
        cs.services.enable(uuid)
    assert (_compute2(cs).status, _compute2(cs).disabled_reason) == ("enabled", None)


@pytest.mark.parametrize("version", ["2.11", "2.52"])
def test_host_and_binary_calls_before_2_53(compute_sandbox, version):
    """Before 2.53 novaclient names a service by (host, binary), positionally."""
    cs = compute_sandbox.client(version)
    try:
        cs.services.force_down("compute2", "nova-compute", True)
        assert _compute2(cs).forced_down is True
        cs.services.force_down("compute2", "nova-compute", False)
        assert _compute2(cs).forced_down is False
        cs.services.disable_log_reason("compute2", "nova-compute", "r")
        held = _compute2(cs)
        assert (held.status, held.disabled_reason) == ("disabled", "r")
    finally:
        cs.services.force_down("compute2", "nova-compute", force_down=False)
        cs.services.enable("compute2", "nova-compute")
    assert (_compute2(cs).status, _compute2(cs).forced_down) == ("enabled", False)


@pytest.mark.parametrize("version", ["2", 2])
def test_client_two_speaks_novas_base_api_as_horizon_expects(compute_sandbox, version):
    """Horizon's Client(2, ...) is microversion 2.0: nothing negotiated, so
    Nova still generates a keypair and still has hypervisor statistics."""
    from computeclient import client
    from computeclient.api_versions import APIVersion

    cs = client.Client(version, session=compute_sandbox.session())
    assert cs.api_version == APIVersion("2.0") and not cs.api_version >= APIVersion("2.40")
    keypair = cs.keypairs.create(f"horizon-{version}")
    try:
        assert keypair.private_key.startswith("-----BEGIN")
        assert cs.keypairs.get(keypair.name).fingerprint == keypair.fingerprint
    finally:
        cs.keypairs.delete(keypair.name)
    assert cs.hypervisors.statistics().count == 2
    assert cs.client.server_versions is None  # no version document was asked for


@pytest.fixture(scope="module")
def vm(compute_sandbox):
    """One server booted through the library, as a novaclient script boots it."""
    from computeclient.v2 import polling

    cs = compute_sandbox.client()
    image = cs.glance.find_image("cirros")
    server = cs.servers.create("novaclient-calls", image.id, "1", nics="none")
    polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], "boot", timeout=120)
    yield cs.servers.get(server.id)
    cs.servers.delete(server.id)


def test_consoles_answer_as_horizon_and_heat_read_them(compute_sandbox, vm):
    from computeclient import client

    latest = vm.get_vnc_console("novnc")
    assert latest["remote_console"]["url"].startswith("http") and latest.request_ids
    legacy = client.Client("2", session=compute_sandbox.session()).servers.get_vnc_console(
        vm.id, "novnc")
    assert legacy["console"]["type"] == "novnc" and legacy["console"]["url"].startswith("http")


def test_external_events_are_dicts(cs, vm):
    events = cs.server_external_events.create([{"name": "network-changed",
                                                "server_uuid": vm.id}])
    assert isinstance(events[0], dict)
    assert events[0].get("code") == 200 and events[0]["server_uuid"] == vm.id


def test_server_update_hostname_and_rebuild_name(cs, vm):
    from computeclient.v2 import polling

    vm.update(hostname="novaclient-host")
    assert cs.servers.get(vm.id).field("OS-EXT-SRV-ATTR:hostname") == "novaclient-host"
    vm.rebuild(cs.glance.find_image("cirros").id, name="novaclient-rebuilt")
    rebuilt = polling.wait_for_server(cs.servers, vm.id, ["ACTIVE"], "rebuild", timeout=120)
    assert rebuilt.name == "novaclient-rebuilt"


def test_image_with_block_devices_boots_from_the_image(cs):
    """novaclient's rule: the image is the root disk, the mapping an extra volume."""
    from computeclient.v2 import polling

    image = cs.glance.find_image("cirros")
    extra = {"source_type": "blank", "destination_type": "volume", "volume_size": 1,
             "boot_index": 1, "delete_on_termination": True}
    server = cs.servers.create("novaclient-bdm", image.id, "1", nics="none",
                               block_device_mapping_v2=[extra])
    try:
        held = polling.wait_for_server(cs.servers, server.id, ["ACTIVE"], "boot", timeout=120)
        assert held.image["id"] == image.id
        [volume] = cs.volumes.get_server_volumes(server.id)
        assert volume.device != "/dev/sda"  # the blank volume is not the root disk
    finally:
        cs.servers.delete(server.id)
