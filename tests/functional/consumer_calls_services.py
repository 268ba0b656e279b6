"""Call shapes of Neutron's notifier, Cinder, Masakari and mistral
(test_consumer_calls.py runs them)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.functional.side_by_side_calls import Side, _extensions, _name, shape

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
