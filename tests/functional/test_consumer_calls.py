"""The library calls that Horizon, Heat, Neutron, Cinder, Masakari and
mistral make with python-novaclient (read from their public sources: Horizon's
openstack_dashboard/api/{_nova,nova}.py, Heat's nova client plugin and server
resources, neutron/notifiers/nova.py, cinder/compute/nova.py,
masakari/compute/nova.py, mistral-extra's nova action mapping) run here with
python-novaclient 18.13.1 and with computeclient, only the import renamed, on
one Keystone sandbox. Each call shape's two results must agree: return type,
fields, request ids, errors (side_by_side_calls.differences).

Each side acts on its own server and objects (named with its tag), one side
after the other, and waits through computeclient's polling helpers where a
call starts a transition.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator

import pytest

from tests.functional import consumer_calls_services, consumer_calls_web
from tests.functional.side_by_side_calls import (
    LIBRARIES,
    SHAPES,
    Side,
    _extensions,
    attempt,
    differences,
)

CONSUMERS = ("horizon", "heat", "neutron", "cinder", "masakari", "mistral")
assert consumer_calls_web and consumer_calls_services  # imported to fill SHAPES


def _wait(side: Side, key: str, status: str) -> None:
    from computeclient.v2 import polling

    ops = side["ops"]
    done = ["DELETED", "SOFT_DELETED"] if status == "GONE" else [status]
    polling.wait_for_server(ops.servers, side[key], done, f"{status} of {side[key]}",
                            gone_is_done=status == "GONE", timeout=60)


@pytest.fixture(scope="module")
def sides(compute_sandbox: Any, tmp_path_factory: Any) -> Iterator[list[Side]]:
    """Two sides (novaclient, computeclient), each with an ACTIVE server, on
    the token sandbox (each request is not checked with a Keystone: the
    constructors' catalog look-ups are test_constructors_*'s)."""
    pytest.importorskip("novaclient", reason="python-novaclient (the test extra) is needed")
    sandbox = compute_sandbox
    ops = sandbox.client()
    image = ops.glance.find_image("cirros").id
    keyfile = tmp_path_factory.mktemp("keys") / "id_rsa"
    keyfile.write_text(_private_key())
    made = []
    for lib in LIBRARIES:
        session = sandbox.session()
        side = Side(lib, sandbox, session)
        server = ops.servers.create(f"consumer-{side.tag}", image, "1", nics="none")
        side.values.update(server=server.id, image=image, ops=ops, keyfile=str(keyfile),
                           project=sandbox.credentials()["token"].split(":")[1],
                           endpoint=sandbox.endpoint)
        made.append(side)
    try:
        for side in made:
            _wait(side, "server", "ACTIVE")
        yield made
    finally:
        for side in made:
            for cleanup in reversed(side.cleanups):
                try:
                    cleanup()
                except Exception:  # already gone is fine
                    pass
            ops.servers.delete(side["server"])
        for side in made:
            _wait(side, "server", "GONE")


def _private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_calls_give_what_novaclient_gives(sides: list[Side], consumer: str) -> None:
    found = []
    shapes = [s for s in SHAPES if s.consumer == consumer]
    for each in shapes:
        nova, ours = (attempt(each.call, side) for side in sides)
        if each.settle:
            for side in sides:
                _wait(side, *each.settle)
        failed = isinstance(nova, dict) and "raises" in nova
        if failed != each.fails:
            found.append(f"{each.label}: novaclient gave {nova!r}"[:400])
        found += [f"{each.label}{line}" for line in differences(nova, ours)]
    assert not found, f"{len(found)} differences in {len(shapes)} shapes:\n" + "\n".join(found)


# -- Each consumer's constructor on the Keystone sandbox: the catalog look-up
#    (service type, interface, region) and Horizon's token + endpoint form --

CONSTRUCTORS: dict[str, Callable[[Side, dict[str, Any]], Any]] = {
    "horizon": lambda side, k: side.mod("client").Client(
        2, "admin", k["token"], project_id=k["project"], project_domain_id="default",
        auth_url=side.sandbox.auth_url, insecure=False, cacert=None, http_log_debug=False,
        auth_token=k["token"], endpoint_override=side.sandbox.endpoint),
    "heat": lambda side, k: side.client(
        "2.1", endpoint_type="publicURL", service_type="compute", region_name="RegionOne",
        connect_retries=2, http_log_debug=False),
    "neutron": lambda side, k: side.client(
        side.version("2.1"), region_name="RegionOne", endpoint_type="public",
        extensions=_extensions(side, "2.1", {"server_external_events"}, only_contrib=True),
        connect_retries=3, global_request_id=k["request_id"]),
    "cinder": lambda side, k: side.client(
        side.version("2.1"), insecure=False, timeout=None, region_name="RegionOne",
        endpoint_type="public", cacert=None, global_request_id=k["request_id"],
        extensions=_extensions(side, "2.1", {"assisted_volume_snapshots",
                                             "server_external_events"})),
    "masakari": lambda side, k: side.client(
        side.version("2.53"), insecure=False, timeout=None, global_request_id=k["request_id"],
        region_name="RegionOne", endpoint_type="publicURL", service_type="compute",
        cacert=None, extensions=_extensions(side, "2.53", {"list_extensions"})),
    "mistral": lambda side, k: side.client(side.mod().API_MIN_VERSION,
                                           endpoint_override=side.sandbox.endpoint),
    "scripts": lambda side, k: side.mod("client").Client(
        "2", "admin", k["password"], k["project"], side.sandbox.auth_url,
        user_domain_name="Default", project_domain_name="Default"),
}


@pytest.mark.parametrize("consumer", sorted(CONSTRUCTORS))
def test_constructors_reach_compute_as_with_novaclient(compute_sandbox_keystone: Any,
                                                       consumer: str) -> None:
    pytest.importorskip("novaclient", reason="python-novaclient (the test extra) is needed")
    sandbox = compute_sandbox_keystone
    session = sandbox.session()
    known = {"token": session.get_token(), "project": session.get_project_id(),
             "password": sandbox.credentials()["password"],
             "request_id": f"req-{uuid.uuid4()}"}

    def calls(side: Side) -> Any:
        client = CONSTRUCTORS[consumer](side, known)
        return (client.api_version, client.versions.get_current(),
                client.servers.list(search_opts={"name": "^no-such-server$"}))

    nova, ours = (attempt(calls, Side(lib, sandbox, session)) for lib in LIBRARIES)
    assert "raises" not in nova, nova
    assert not differences(nova, ours), differences(nova, ours)


#: mistral-extra's nova actions (mistral_extra/actions/openstack/mapping.json):
#: manager -> methods. mistral reads each method's parameters from Client(2)
#: and calls it with the workflow's keywords.
MISTRAL_ACTIONS = {
    "agents": "convert_into_with_meta create delete find findall list update",
    "aggregates": "add_host convert_into_with_meta create delete find findall get get_details "
                  "list remove_host set_metadata update",
    "availability_zones": "convert_into_with_meta find findall list",
    "flavor_access": "add_tenant_access convert_into_with_meta find findall list "
                     "remove_tenant_access",
    "flavors": "convert_into_with_meta create delete find findall get list",
    "hypervisor_stats": "convert_into_with_meta statistics",
    "hypervisors": "convert_into_with_meta find findall get list search statistics uptime",
    "glance": "find_image list",
    "keypairs": "convert_into_with_meta create delete find findall get list",
    "limits": "convert_into_with_meta get",
    "neutron": "find_network",
    "quota_classes": "convert_into_with_meta get update",
    "quotas": "convert_into_with_meta defaults delete get update",
    "server_groups": "convert_into_with_meta create delete find findall get list",
    "server_migrations": "convert_into_with_meta find findall get list "
                         "live_migrate_force_complete live_migration_abort",
    "servers": "add_security_group backup change_password clear_password confirm_resize "
               "convert_into_with_meta create create_image delete delete_meta diagnostics "
               "evacuate find findall force_delete get get_console_output get_mks_console "
               "get_password get_rdp_console get_serial_console get_spice_console "
               "get_vnc_console interface_attach interface_detach interface_list ips list "
               "list_security_group live_migrate lock migrate pause reboot rebuild "
               "remove_security_group rescue reset_network reset_state resize restore resume "
               "revert_resize set_meta set_meta_item shelve shelve_offload start stop suspend "
               "trigger_crash_dump unlock unpause unrescue unshelve update",
    "services": "convert_into_with_meta delete disable disable_log_reason enable find "
                "findall force_down list",
    "usage": "convert_into_with_meta find findall get list",
    "versions": "convert_into_with_meta find findall get_current list",
    "volumes": "convert_into_with_meta create_server_volume delete_server_volume "
               "get_server_volume get_server_volumes update_server_volume",
}


def _parameters(method: Any) -> tuple[set[str], bool]:
    import inspect

    found = inspect.signature(method).parameters.values()
    named = {p.name for p in found if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return named, any(p.kind == p.VAR_KEYWORD for p in found)


def test_mistral_actions_resolve_with_novaclients_parameters() -> None:
    """Every nova action mistral generates from novaclient's Client(2) is
    there on computeclient's, taking every parameter name novaclient's takes."""
    nova = pytest.importorskip("novaclient.client").Client(2)
    from computeclient import client

    ours = client.Client(2)
    resolved, missing = 0, []
    for manager, methods in MISTRAL_ACTIONS.items():
        for name in methods.split():
            nova_method = getattr(getattr(nova, manager, None), name, None)
            if nova_method is None:  # gone from python-novaclient 18 (agents)
                continue
            resolved += 1
            our_method = getattr(getattr(ours, manager, None), name, None)
            if our_method is None:
                missing.append(f"{manager}.{name}")
                continue
            named, takes_any = _parameters(our_method)
            lacking = _parameters(nova_method)[0] - named
            if lacking and not takes_any:
                missing.append(f"{manager}.{name} lacks {sorted(lacking)}")
    assert resolved > 140 and not missing, "\n".join(missing)
