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
