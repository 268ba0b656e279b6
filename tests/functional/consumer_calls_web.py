"""Call shapes of Horizon and Heat (test_consumer_calls.py runs them)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from tests.functional.side_by_side_calls import Side, _name, shape

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
