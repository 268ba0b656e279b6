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

import datetime
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest

from tests.functional.side_by_side_calls import LIBRARIES, Side, attempt, differences

CONSUMERS = ("horizon", "heat", "neutron", "cinder", "masakari", "mistral")


@dataclass
class Shape:
    consumer: str
    label: str
    call: Callable[[Side], Any]
    settle: tuple[str, str] | None  # (which server, status) to wait for afterwards
    fails: bool  # novaclient answers it with an error (the error is compared)


SHAPES: list[Shape] = []


def shape(consumer: str, settle: str | tuple[str, str] | None = None,
          fails: bool = False) -> Callable[[Callable[[Side], Any]], Callable[[Side], Any]]:
    """Register a call shape; shapes of a consumer run in the order written."""
    def register(call: Callable[[Side], Any]) -> Callable[[Side], Any]:
        wait = ("server", settle) if isinstance(settle, str) else settle
        SHAPES.append(Shape(consumer, call.__name__, call, wait, fails))
        return call
    return register


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


def _name(side: Side, what: str) -> str:
    return f"consumer-{what}-{side.tag}"


def _extensions(side: Side, version: str, names: set[str], **kwargs: Any) -> list[Any]:
    found = side.mod("client").discover_extensions(version, **kwargs)
    return [ext for ext in found if ext.name in names]


# -- Horizon: Client(version, username, token, project_id=, auth_url=,
#    auth_token=, endpoint_override=), version 2 unless a feature needs more --

def horizon(side: Side, version: Any = 2) -> Any:
    """Horizon's client here; its own constructor form is test_constructors_'s."""
    return side.client(version, insecure=False, cacert=None, http_log_debug=False)


@shape("horizon")
def horizon_client_version(side: Side) -> Any:
    return horizon(side).api_version


@shape("horizon")
def horizon_server_version_range(side: Side) -> Any:
    return side.mod("api_versions")._get_server_version_range(horizon(side))


@shape("horizon")
def horizon_vnc_console(side: Side) -> Any:
    return horizon(side).servers.get_vnc_console(side["server"], "novnc")["console"]


@shape("horizon")
def horizon_console_output(side: Side) -> Any:
    return horizon(side).servers.get_console_output(side["server"], length=None)


@shape("horizon")
def horizon_keypair_create_at_2(side: Side) -> Any:
    return horizon(side).keypairs.create(_name(side, "key"))


@shape("horizon")
def horizon_keypair_delete(side: Side) -> Any:
    return horizon(side).keypairs.delete(_name(side, "key"))


@shape("horizon")
def horizon_hypervisor_statistics(side: Side) -> Any:
    return horizon(side).hypervisors.statistics()


@shape("horizon")
def horizon_hypervisor_list(side: Side) -> Any:
    return horizon(side).hypervisors.list()


@shape("horizon")
def horizon_hypervisor_search(side: Side) -> Any:
    return horizon(side).hypervisors.search("compute1", True)


@shape("horizon")
def horizon_server_list(side: Side) -> Any:
    return horizon(side).servers.list(True, {"project_id": side["project"],
                                             "name": "^consumer-"})


@shape("horizon", settle="ACTIVE")
def horizon_reboot_hard(side: Side) -> Any:
    return horizon(side).servers.reboot(side["server"], side.mod("v2.servers").REBOOT_HARD)


@shape("horizon", settle="PAUSED")
def horizon_pause(side: Side) -> Any:
    return horizon(side).servers.pause(side["server"])


@shape("horizon", settle="ACTIVE")
def horizon_unpause(side: Side) -> Any:
    return horizon(side).servers.unpause(side["server"])


@shape("horizon", settle="SUSPENDED")
def horizon_suspend(side: Side) -> Any:
    return horizon(side).servers.suspend(side["server"])


@shape("horizon", settle="ACTIVE")
def horizon_resume(side: Side) -> Any:
    return horizon(side).servers.resume(side["server"])


@shape("horizon")
def horizon_lock(side: Side) -> Any:
    return horizon(side, "2.9").servers.lock(side["server"])


@shape("horizon")
def horizon_unlock(side: Side) -> Any:
    return horizon(side, "2.9").servers.unlock(side["server"])


@shape("horizon")
def horizon_set_meta(side: Side) -> Any:
    return horizon(side).servers.set_meta(side["server"], {"horizon": "1"})


@shape("horizon")
def horizon_delete_meta(side: Side) -> Any:
    return horizon(side).servers.delete_meta(side["server"], ["horizon"])


@shape("horizon")
def horizon_update_name_and_description(side: Side) -> Any:
    return horizon(side, "2.19").servers.update(side["server"], name=_name(side, "vm"),
                                                description="from horizon")


@shape("horizon")
def horizon_change_password(side: Side) -> Any:
    return horizon(side).servers.change_password(side["server"], "Secret-1")


@shape("horizon", settle="RESCUE")
def horizon_rescue(side: Side) -> Any:
    return horizon(side, "2.87").servers.rescue(side["server"], password=None, image=None)


@shape("horizon", settle="ACTIVE")
def horizon_unrescue(side: Side) -> Any:
    return horizon(side).servers.unrescue(side["server"])


@shape("horizon")
def horizon_get_password_with_private_key(side: Side) -> Any:
    return horizon(side).servers.get_password(side["server"], side["keyfile"])


@shape("horizon", settle="ACTIVE")
def horizon_rebuild(side: Side) -> Any:
    return horizon(side, "2.19").servers.rebuild(side["server"], side["image"], None, None,
                                                 description="rebuilt")


@shape("horizon")
def horizon_instance_actions(side: Side) -> Any:
    manager = side.mod("v2.instance_action").InstanceActionManager(horizon(side))
    return manager.list(side["server"])


@shape("horizon")
def horizon_absolute_limits(side: Side) -> Any:
    limits = horizon(side).limits.get(reserved=True, tenant_id=None).absolute
    return {limit.name: limit.value for limit in limits}


@shape("horizon")
def horizon_server_group_create(side: Side) -> Any:
    group = horizon(side, "2.15").server_groups.create(name=_name(side, "group"),
                                                       policies=["soft-anti-affinity"])
    side.values["group"] = group.id
    return group


@shape("horizon")
def horizon_server_group_get(side: Side) -> Any:
    return horizon(side, "2.15").server_groups.get(side["group"])


@shape("horizon")
def horizon_server_group_delete(side: Side) -> Any:
    return horizon(side).server_groups.delete(side["group"])


@shape("horizon")
def horizon_usage_get(side: Side) -> Any:
    """A closed past period: which servers a period still running counts
    is Nova's race (a server just booted or rebuilt may be missing)."""
    end = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    end -= datetime.timedelta(days=2)
    return horizon(side, "2.40").usage.get(side["project"], end - datetime.timedelta(days=1), end)


@shape("horizon")
def horizon_aggregate_calls(side: Side) -> Any:
    nc = horizon(side)
    aggregate = nc.aggregates.create(_name(side, "agg"), None)
    side.cleanups.append(lambda: side["ops"].aggregates.delete(aggregate.id))
    return [aggregate,
            nc.aggregates.update(aggregate.id, {"name": _name(side, "agg2")}),
            nc.aggregates.set_metadata(aggregate.id, {"horizon": "1"}),
            nc.aggregates.add_host(aggregate.id, "compute1"),
            nc.aggregates.remove_host(aggregate.id, "compute1"),
            nc.aggregates.get(aggregate.id),
            nc.aggregates.delete(aggregate.id)]


@shape("horizon")
def horizon_quotas(side: Side) -> Any:
    nc = horizon(side)
    return [nc.quotas.get(side["project"]), nc.quotas.defaults(side["project"])]


@shape("horizon", settle=("bdm", "ACTIVE"))
def horizon_create_with_block_device_mapping_v2(side: Side) -> Any:
    volume = {"source_type": "blank", "destination_type": "volume", "volume_size": 1,
              "boot_index": 1, "delete_on_termination": True}
    server = horizon(side, "2.67").servers.create(
        _name(side, "bdm"), side["image"], "1", userdata=None, security_groups=None,
        key_name=None, block_device_mapping=None, block_device_mapping_v2=[volume],
        nics="none", availability_zone=None, min_count=1, admin_pass=None, disk_config=None,
        config_drive=None, meta=None, scheduler_hints=None, description="bdm")
    side.values["bdm"] = server.id
    side.cleanups.append(lambda: side["ops"].servers.delete(server.id))
    return server


@shape("horizon", settle=("bdm", "GONE"))
def horizon_bdm_server_boots_from_the_image(side: Side) -> Any:
    nc = horizon(side)
    server = nc.servers.get(side["bdm"])
    root = sorted(v.device for v in nc.volumes.get_server_volumes(side["bdm"]))
    return server.image["id"] == side["image"], root, nc.servers.delete(side["bdm"])


# -- Heat: Client("2.1", session=, endpoint_type=, service_type=, region_name=,
#    connect_retries=, http_log_debug=) and its highest microversion, 2.96 --

def heat(side: Side, version: str = "2.1") -> Any:
    return side.client(version, endpoint_type="publicURL", service_type="compute",
                       region_name="RegionOne", connect_retries=2, http_log_debug=False)


@shape("heat")
def heat_client_version(side: Side) -> Any:
    return heat(side).api_version


@shape("heat")
def heat_current_version(side: Side) -> Any:
    current = heat(side).versions.get_current()
    api_versions = side.mod("api_versions")
    return current, api_versions.get_api_version(current.version)


@shape("heat")
def heat_client_speaks_novaclients_highest(side: Side) -> Any:
    return side.version("2.96") <= side.mod().API_MAX_VERSION


@shape("heat")
def heat_server_get(side: Side) -> Any:
    return heat(side).servers.get(side["server"])


@shape("heat", fails=True)
def heat_server_get_missing(side: Side) -> Any:
    return heat(side).servers.get(str(uuid.uuid4()))


@shape("heat")
def heat_flavor_get_and_find(side: Side) -> Any:
    nc = heat(side)
    return nc.flavors.get("1"), nc.flavors.find(name="m1.tiny")


@shape("heat", fails=True)
def heat_flavor_get_by_name_is_not_found(side: Side) -> Any:
    return heat(side).flavors.get("m1.tiny")


@shape("heat", fails=True)
def heat_keypair_get_missing(side: Side) -> Any:
    return heat(side).keypairs.get(_name(side, "nokey"))


@shape("heat")
def heat_absolute_limits(side: Side) -> Any:
    return {limit.name: limit.value for limit in heat(side).limits.get().absolute}


@shape("heat")
def heat_console_url(side: Side) -> Any:
    server = heat(side, "2.96").servers.get(side["server"])
    return server.get_console_url("novnc")


@shape("heat", fails=True)
def heat_console_url_webmks(side: Side) -> Any:
    nc = heat(side, "2.96")
    return nc.servers.get_console_url(side["server"], "webmks")


@shape("heat", fails=True)
def heat_console_url_unsupported_type(side: Side) -> Any:
    return heat(side, "2.96").servers.get(side["server"]).get_console_url("nope")


@shape("heat")
def heat_interface_list(side: Side) -> Any:
    return heat(side, "2.96").servers.get(side["server"]).interface_list()


@shape("heat")
def heat_meta_update(side: Side) -> Any:
    nc = heat(side, "2.96")
    server = nc.servers.get(side["server"])
    return nc.servers.set_meta(server, {"a": "1", "b": "2"}), nc.servers.delete_meta(server, ["a"])


@shape("heat", settle="ACTIVE")
def heat_rebuild(side: Side) -> Any:
    server = heat(side, "2.96").servers.get(side["server"])
    return server.rebuild(side["image"], password=None, preserve_ephemeral=False, meta=None,
                          files=None)


@shape("heat")
def heat_server_group_with_policies(side: Side) -> Any:
    nc = heat(side)
    group = nc.server_groups.create(name=_name(side, "heatgroup"), policies=["anti-affinity"])
    return group, nc.server_groups.delete(group.id)


@shape("heat", settle="SUSPENDED")
def heat_server_suspend(side: Side) -> Any:
    return heat(side).servers.get(side["server"]).suspend()


@shape("heat", settle="ACTIVE")
def heat_server_resume(side: Side) -> Any:
    return heat(side).servers.get(side["server"]).resume()


@shape("heat", settle=("heatvm", "GONE"))
def heat_server_create_and_force_delete(side: Side) -> Any:
    nc = heat(side, "2.96")
    server = nc.servers.create(
        name=_name(side, "heatvm"), image=side["image"], flavor="1", key_name=None,
        security_groups=None, userdata="#!/bin/sh\necho heat\n", meta={"stack": "s"},
        scheduler_hints=None, nics="none", availability_zone=None, block_device_mapping=None,
        block_device_mapping_v2=None, config_drive=None, disk_config=None,
        reservation_id=None, files=None, admin_pass=None)
    side.values["heatvm"] = server.id
    side.cleanups.append(lambda: side["ops"].servers.delete(server.id))
    # Heat deletes, then force-deletes what Nova keeps as SOFT_DELETED
    return server, nc.servers.force_delete(server.id)


# -- Neutron's notifier: Client(APIVersion("2.1"), session=, region_name=,
#    endpoint_type=, extensions=, connect_retries=, global_request_id=) --

def neutron(side: Side) -> Any:
    return side.client(side.version("2.1"), region_name="RegionOne", endpoint_type="public",
                       extensions=_extensions(side, "2.1", {"server_external_events"},
                                              only_contrib=True),
                       connect_retries=3, global_request_id=f"req-{uuid.uuid4()}")


def _events(side: Side, client: Any, events: list[dict]) -> Any:
    answer = client.server_external_events.create(events)
    return answer, [event["code"] for event in answer], [event.get("code") for event in answer]


@shape("neutron")
def neutron_client_version(side: Side) -> Any:
    return neutron(side).api_version


@shape("neutron")
def neutron_network_changed(side: Side) -> Any:
    return _events(side, neutron(side), [{"name": "network-changed",
                                          "server_uuid": side["server"],
                                          "tag": str(uuid.uuid4())}])


@shape("neutron")
def neutron_vif_plugged_and_deleted(side: Side) -> Any:
    port = str(uuid.uuid4())
    return _events(side, neutron(side), [
        {"server_uuid": side["server"], "name": "network-vif-plugged", "status": "completed",
         "tag": port},
        {"server_uuid": side["server"], "name": "network-vif-deleted", "tag": port}])


@shape("neutron")
def neutron_event_for_unknown_server(side: Side) -> Any:
    return _events(side, neutron(side), [{"name": "network-changed",
                                          "server_uuid": str(uuid.uuid4())}])


# -- Cinder: Client(APIVersion("2.1"), session=, insecure=, timeout=,
#    region_name=, endpoint_type=, cacert=, global_request_id=, extensions=) --

def cinder(side: Side, version: str = "2.1") -> Any:
    names = {"assisted_volume_snapshots", "list_extensions", "server_external_events"}
    return side.client(side.version(version), insecure=False, timeout=None,
                       region_name="RegionOne", endpoint_type="public", cacert=None,
                       global_request_id=f"req-{uuid.uuid4()}",
                       extensions=_extensions(side, "2.1", names))


@shape("cinder")
def cinder_client_version(side: Side) -> Any:
    return cinder(side).api_version


@shape("cinder")
def cinder_get_server(side: Side) -> Any:
    return cinder(side).servers.get(side["server"])


@shape("cinder", fails=True)
def cinder_get_missing_server(side: Side) -> Any:
    return cinder(side).servers.get(str(uuid.uuid4()))


@shape("cinder")
def cinder_volume_extended_event(side: Side) -> Any:
    return _events(side, cinder(side, "2.51"), [{"name": "volume-extended",
                                                 "server_uuid": side["server"],
                                                 "tag": str(uuid.uuid4())}])


@shape("cinder", fails=True)
def cinder_assisted_snapshot_create(side: Side) -> Any:
    info = {"snapshot_id": str(uuid.uuid4()), "type": "qcow2", "new_file": "snap.qcow2"}
    return cinder(side).assisted_volume_snapshots.create(str(uuid.uuid4()), create_info=info)


@shape("cinder", fails=True)
def cinder_assisted_snapshot_delete(side: Side) -> Any:
    info = {"volume_id": str(uuid.uuid4())}
    return cinder(side).assisted_volume_snapshots.delete(str(uuid.uuid4()), delete_info=info)


@shape("cinder", fails=True)
def cinder_swap_volume_not_attached(side: Side) -> Any:
    return cinder(side).volumes.update_server_volume(side["server"], str(uuid.uuid4()),
                                                     str(uuid.uuid4()))


# -- Masakari: Client(APIVersion("2.53"), session=, insecure=, timeout=,
#    global_request_id=, region_name=, endpoint_type=, service_type=, cacert=,
#    extensions=) --

def masakari(side: Side) -> Any:
    return side.client(side.version("2.53"), insecure=False, timeout=None,
                       global_request_id=f"req-{uuid.uuid4()}", region_name="RegionOne",
                       endpoint_type="publicURL", service_type="compute", cacert=None,
                       extensions=_extensions(side, "2.53", {"list_extensions"}))


def _compute2(client: Any) -> Any:
    return client.services.list(host="compute2", binary="nova-compute")[0]


@shape("masakari")
def masakari_client_version(side: Side) -> Any:
    return masakari(side).api_version


@shape("masakari")
def masakari_servers_on_host(side: Side) -> Any:
    found = masakari(side).servers.list(detailed=True, search_opts={"host": "compute1",
                                                                    "all_tenants": True})
    return type(found).__name__, found.request_ids is not None


@shape("masakari")
def masakari_disable_with_reason_by_uuid(side: Side) -> Any:
    nc = masakari(side)
    service = _compute2(nc)
    side.cleanups.append(lambda: side["ops"].services.enable(service.id))
    answer = nc.services.disable_log_reason(service.id, f"host failure {side.tag}")
    held = _compute2(nc)
    return answer, held.status, held.disabled_reason


@shape("masakari")
def masakari_enable_disable_enable(side: Side) -> Any:
    nc = masakari(side)
    service = _compute2(nc)
    return (nc.services.enable(service.id), nc.services.disable(service.id),
            nc.services.enable(service.id), _compute2(nc).status)


@shape("masakari", fails=True)
def masakari_evacuate_from_a_live_host(side: Side) -> Any:
    return masakari(side).servers.evacuate(side["server"], host=None)


@shape("masakari")
def masakari_reset_state(side: Side) -> Any:
    nc = masakari(side)
    return (nc.servers.reset_state(side["server"], "error"), nc.servers.get(side["server"]).status,
            nc.servers.reset_state(side["server"], "active"))


@shape("masakari", settle="SHUTOFF")
def masakari_stop(side: Side) -> Any:
    return masakari(side).servers.stop(side["server"])


@shape("masakari", settle="ACTIVE")
def masakari_start(side: Side) -> Any:
    return masakari(side).servers.start(side["server"])


@shape("masakari")
def masakari_aggregates(side: Side) -> Any:
    ops = side["ops"]
    aggregate = ops.aggregates.create(_name(side, "masakari"), None)
    side.cleanups.append(lambda: ops.aggregates.delete(aggregate.id))
    nc = masakari(side)
    listed = [a for a in nc.aggregates.list() if a.id == aggregate.id]
    added = nc.aggregates.add_host(listed[0].id, "compute2")
    removed = nc.aggregates.remove_host(aggregate.id, "compute2")
    return listed, added, removed


@shape("masakari")
def masakari_lock_and_unlock(side: Side) -> Any:
    nc = masakari(side)
    return nc.servers.lock(side["server"]), nc.servers.unlock(side["server"])


# -- mistral: Client(2) to read the methods' arguments; Client(API_MIN_VERSION,
#    endpoint_override=, session=), discover_version, then calls with keywords --

def mistral(side: Side) -> Any:
    return side.client("2.96", endpoint_override=side["endpoint"])


@shape("mistral")
def mistral_fake_client(side: Side) -> Any:
    client = side.mod("client").Client(2)
    return type(client).__name__, client.api_version


@shape("mistral")
def mistral_discovered_version(side: Side) -> Any:
    top = side.mod()
    temp = side.client(top.API_MIN_VERSION, endpoint_override=side["endpoint"])
    api_versions = side.mod("api_versions")
    found = api_versions.discover_version(temp, api_versions.APIVersion("2.latest"))
    server_max = api_versions._get_server_version_range(temp)[1]
    return type(found).__name__, found == min(server_max, top.API_MAX_VERSION)


@shape("mistral")
def mistral_server_calls_by_keyword(side: Side) -> Any:
    nc, server = mistral(side), side["server"]
    return [nc.servers.get(server=server), nc.servers.ips(server=server),
            nc.servers.get_console_output(server=server, length=5),
            nc.servers.interface_list(server=server),
            nc.volumes.get_server_volumes(server_id=server),
            nc.servers.get_password(server=server),
            nc.servers.list_security_group(server=server),
            nc.server_migrations.list(server=server)]


@shape("mistral")
def mistral_diagnostics(side: Side) -> Any:
    return mistral(side).servers.diagnostics(server=side["server"])


@shape("mistral")
def mistral_lists(side: Side) -> Any:
    nc = mistral(side)
    return [nc.servers.list(detailed=True, search_opts={"name": "^consumer-vm"}),
            nc.flavors.list(), nc.keypairs.list(), nc.availability_zones.list(detailed=False),
            nc.server_groups.list(), nc.versions.list(), nc.hypervisors.list(limit="10"),
            nc.quota_classes.get("default"), nc.quotas.get(tenant_id=side["project"]),
            nc.limits.get()]


@shape("mistral")
def mistral_force_down_by_uuid(side: Side) -> Any:
    nc = mistral(side)
    service = _compute2(nc)
    side.cleanups.append(lambda: side["ops"].services.force_down(service.id,
                                                                 force_down=False))
    down = nc.services.force_down(service.id, True)
    held_down = _compute2(nc)
    up = nc.services.force_down(service.id, False)
    held_up = _compute2(nc)
    return down, (held_down.forced_down, held_down.state), up, (held_up.forced_down,
                                                               held_up.state)


@shape("mistral")
def mistral_trigger_crash_dump(side: Side) -> Any:
    return mistral(side).servers.trigger_crash_dump(server=side["server"])


@shape("mistral", fails=True)
def mistral_restore_a_live_server(side: Side) -> Any:
    return mistral(side).servers.restore(server=side["server"])


@shape("mistral")
def mistral_hypervisor_uptime_after_2_88(side: Side) -> Any:
    nc = mistral(side)
    return nc.hypervisors.uptime(hypervisor=nc.hypervisors.list()[0].id)


@shape("mistral")
def mistral_aggregate_details(side: Side) -> Any:
    ops = side["ops"]
    aggregate = ops.aggregates.create(_name(side, "mistral"), None)
    side.cleanups.append(lambda: ops.aggregates.delete(aggregate.id))
    nc = mistral(side)
    return nc.aggregates.get_details(aggregate=aggregate.id), nc.aggregates.delete(aggregate.id)


# -- Server methods that consumers call on a fetched Server --

@shape("mistral", settle="RESCUE")
def server_rescue_method(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).rescue()


@shape("mistral", settle="ACTIVE")
def server_unrescue_method(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).unrescue()


@shape("mistral")
def server_reset_state_method(side: Side) -> Any:
    server = mistral(side).servers.get(side["server"])
    return server.reset_state("active"), server.trigger_crash_dump()


@shape("mistral", fails=True)
def server_evacuate_method(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).evacuate()


@shape("mistral")
def server_vnc_console_method(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).get_vnc_console("novnc")


@shape("mistral", fails=True)
def server_serial_console_method_not_enabled(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).get_serial_console("serial")


@shape("mistral")
def server_update_hostname(side: Side) -> Any:
    server = side.client("2.90").servers.get(side["server"])
    return server.update(hostname=f"consumer-{side.tag}")


@shape("mistral", settle="ACTIVE")
def server_rebuild_with_name(side: Side) -> Any:
    server = mistral(side).servers.get(side["server"])
    return server.rebuild(side["image"], name=_name(side, "vm"))


@shape("mistral")
def server_get_meta(side: Side) -> Any:
    nc = mistral(side)
    return (nc.servers.set_meta_item(side["server"], "k", "v"),
            nc.servers.get_meta(side["server"], "k"), nc.servers.list_meta(side["server"]))


@shape("mistral", fails=True)
def server_restore_method_on_a_live_server(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).restore()


@shape("mistral", fails=True)
def server_reset_network_method_gone_from_nova(side: Side) -> Any:
    return mistral(side).servers.get(side["server"]).reset_network()


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
