"""Servers: /servers (create, list, show, update, delete).

Server actions (POST /servers/{id}/action) live in server_actions.py and
are mixed into ServerManager.
"""

from __future__ import annotations

import builtins
import re
from typing import Any, Iterator

from computeclient import api_versions, base, exceptions
from computeclient.v2 import server_actions
from computeclient.v2.server_actions import (
    ServerActionsMixin,
    ServerResourceActionsMixin,
    encode_user_data,
)
from computeclient.v2.server_attachments import (
    NetworkInterface as NetworkInterface,  # python-novaclient finds it in servers
)
from computeclient.v2.server_attachments import (
    ServerAttachmentsMixin,
    ServerResourceAttachmentsMixin,
)

_UNSET: Any = object()
#: reboot types, importable from here as in python-novaclient
REBOOT_SOFT, REBOOT_HARD = server_actions.REBOOT_SOFT, server_actions.REBOOT_HARD


class Server(ServerResourceActionsMixin, ServerResourceAttachmentsMixin,  # type: ignore[misc]
             base.Resource):
    HUMAN_ID = True

    def __repr__(self) -> str:
        """python-novaclient's: <Server: web-1> (never a request to learn the name)."""
        return f"<Server: {self.field('name', 'unknown-name')}>"

    @property
    def networks(self) -> dict[str, list[str]]:
        """Addresses by network name, in name order (as python-novaclient):
        {"private": ["10.0.0.3"]}."""
        addresses = self._info.get("addresses") or {}
        try:
            return {str(net): [str(a["addr"]) for a in addrs]
                    for net, addrs in sorted(addresses.items(), key=lambda item: str(item[0]))}
        except (AttributeError, TypeError, KeyError) as exc:
            raise exceptions.InvalidResponse(
                code=200, message=f"The server's 'addresses' field is malformed ({exc})") from exc

    def delete(self) -> Any:
        return self.manager.delete(self)

    def update(self, *args: Any, **kwargs: Any) -> Any:
        """As the manager's `update` of this microversion, without the server."""
        return self.manager.update(self, *args, **kwargs)


# The mixins see the manager through base.ManagerCore (a Protocol), whose Any-typed
# helpers mypy compares with Manager's overloads: that comparison is all the ignore hides.
class ServerManager(base.ManagerWithFind[Server],  # type: ignore[misc]
                    ServerActionsMixin, ServerAttachmentsMixin):
    resource_class = Server
    name_filter = "name"
    ids_are_uuids = True  # so a name that matched nothing costs no GET by id

    # -- read ----------------------------------------------------------------

    def get(self, server: Any) -> Server:
        """One server by ID (or a Server). Example: ``cs.servers.get(sid).status``"""
        return self._get(base.url_path("servers", server), "server")

    def list(self, detailed: bool = True, search_opts: dict[str, Any] | None = None,
             marker: str | None = None, limit: int | None = None,
             sort_keys: builtins.list[str] | None = None,
             sort_dirs: builtins.list[str] | None = None) -> builtins.list[Server]:
        """Servers matching `search_opts` (Nova's query filters).

        `all_tenants=True` lists every project's (admin); limit=-1 follows
        every page (see iterate() to hold one page at a time).
        `detailed`: full records; `marker`/`limit`: one page;
        `sort_keys`/`sort_dirs`: Nova's sort, e.g. ["created_at"], ["desc"].
        Example: ``cs.servers.list(search_opts={"status": "ERROR"}, limit=-1)``
        """
        filters = self._list_filters(search_opts, marker, sort_keys, sort_dirs)
        if "locked" in filters:
            api_versions.require(self, "2.73", argument="locked")
        url = "/servers/detail" if detailed else "/servers"
        limit = base.as_limit(limit)
        if limit is not None and limit < 0:
            return self._every_page(url, filters)
        if limit is not None:
            filters["limit"] = limit
        return self._list(url, "servers", filters=filters)

    def _every_page(self, url: str, filters: dict[str, Any]) -> base.ListWithMeta[Server]:
        """Every page as python-novaclient asks for them: the next one after
        the last server of each (where Nova's `next` link points too), until
        an empty page. Pages repeated through `next` links raise PagingLoop;
        the same page again where no link was followed means the server
        ignores the marker (InvalidResponse, as any malformed answer)."""
        result: base.ListWithMeta[Server] = base.ListWithMeta()
        guard = base.PageGuard(url)
        unlinked: list[str] | None = None  # ids of a last page that had no `next` link
        while True:
            page = self._list(url, "servers", filters=filters)
            ids = [str(s.id) for s in page]
            if ids and ids == unlinked:
                raise exceptions.InvalidResponse(
                    code=200, message=f"The server sent the same page of {url} after "
                                      f"marker {filters['marker']!r}: it ignores the marker")
            result.extend(page)
            result.add_request_ids(page.request_ids)
            if not page:
                return result
            unlinked = None if page.next_marker else ids
            filters["marker"] = guard.follow(page.next_marker or ids[-1], page)

    def iterate(self, detailed: bool = True, search_opts: dict[str, Any] | None = None,
                marker: str | None = None, sort_keys: builtins.list[str] | None = None,
                sort_dirs: builtins.list[str] | None = None,
                page_size: int | None = None) -> Iterator[Server]:
        """Every matching server, page by page as the loop reaches it.

        Memory stays one page (Nova's `[api] max_limit`, 1000 by default, or
        `page_size`) however many servers there are. Other parameters as `list`.
        Example: ``for vm in cs.servers.iterate(search_opts={"all_tenants": True}): ...``
        """
        filters = self._list_filters(search_opts, marker, sort_keys, sort_dirs)
        if "locked" in filters:
            api_versions.require(self, "2.73", argument="locked")
        url = "/servers/detail" if detailed else "/servers"
        return self._iter_items(url, "servers", filters, page_size=page_size)

    def findall(self, **kwargs: Any) -> base.ListWithMeta[Server]:
        """Every server whose attributes equal the given values.

        A name alone, as python-novaclient does it: a short listing filtered
        by Nova (anchored here), then each exact match read in full by ID,
        so a found server has every field `get` gives.
        Example: ``cs.servers.findall(name="web-1")``
        """
        if set(kwargs) != {"name"}:
            return super().findall(**kwargs)
        name = kwargs["name"]
        listing = self.list(detailed=False, search_opts={"name": "^%s$" % re.escape(name)})
        found: base.ListWithMeta[Server] = base.ListWithMeta()
        found.add_request_ids(getattr(listing, "request_ids", ()))
        for brief in listing:
            if brief.field("name") != name:  # exactly, whatever Nova's regex matched
                continue
            server = self.get(brief.id)
            found.add_request_ids(server.request_ids)
            if server.field("name") == name:  # not renamed meanwhile
                found.append(server)
        return found

    @staticmethod
    def _list_filters(search_opts: dict[str, Any] | None, marker: str | None,
                      sort_keys: builtins.list[str] | None,
                      sort_dirs: builtins.list[str] | None) -> dict[str, Any]:
        filters: dict[str, Any] = {}
        for key, value in (search_opts or {}).items():
            if value is None or value == "":
                continue
            if isinstance(value, bool):  # locked=False as python-novaclient sends it
                value = (int(value) if key in ("all_tenants", "deleted")
                         else str(value) if key == "locked" else str(value).lower())
            filters[key] = value
        if marker:
            filters["marker"] = marker
        if sort_keys:
            filters["sort_key"] = list(sort_keys)
        if sort_dirs:
            filters["sort_dir"] = list(sort_dirs)
        return filters

    # -- create --------------------------------------------------------------

    def create(self, name: str, image: Any, flavor: Any, meta: dict[str, Any] | None = None,
               files: dict[str, Any] | None = None, reservation_id: bool = False,
               min_count: int | None = None, max_count: int | None = None,
               security_groups: builtins.list[str] | None = None, userdata: Any = None,
               key_name: str | None = None, availability_zone: str | None = None,
               block_device_mapping: dict[str, Any] | None = None,
               block_device_mapping_v2: builtins.list[dict[str, Any]] | None = None,
               nics: Any = None, scheduler_hints: dict[str, Any] | None = None,
               config_drive: Any = None, disk_config: str | None = None,
               admin_pass: str | None = None, access_ip_v4: str | None = None,
               access_ip_v6: str | None = None, description: str | None = None,
               tags: builtins.list[str] | None = None,
               trusted_image_certificates: builtins.list[str] | None = None,
               host: str | None = None, hypervisor_hostname: str | None = None,
               hostname: str | None = None, return_raw: bool = False) -> Any:
        """Boot a server (POST /servers); every option maps to one body field.

        :param image, flavor: objects or IDs (image None: boot from a volume
            given in block_device_mapping_v2)
        :param nics: "auto" or "none" (2.37+), or a list of {"net-id"|"port-id"|
            "v4-fixed-ip"|"tag": ...}
        :param min_count, max_count: several servers in one request
        :param description, tags, host, hypervisor_hostname, hostname: from
            microversions 2.19, 2.52, 2.74, 2.74 and 2.90; refused with
            VersionNotAvailable below
        :param return_raw: the answer's server as a dict (base.DictWithMeta),
            not a Server (python-novaclient's keyword)
        :returns: the Server, or with `reservation_id=True` the reservation id
        :raises InvalidArgument: inconsistent counts or nics

        Example: ``cs.servers.create("vm1", image_id, flavor, nics="none")``
        """
        body = self._create_body(
            name, image, flavor, meta, files, min_count, max_count, security_groups,
            userdata, key_name, availability_zone, block_device_mapping,
            block_device_mapping_v2, nics, config_drive, disk_config, admin_pass,
            access_ip_v4, access_ip_v6, description, tags, trusted_image_certificates,
            host, hypervisor_hostname, hostname, reservation_id)
        request: dict[str, Any] = {"server": body}
        if scheduler_hints:
            request["os:scheduler_hints"] = scheduler_hints
        # Always /servers: Nova 34's /os-volumes_boot alias fails (500) at every version.
        if reservation_id:
            resp, data = self.client.post("/servers", body=request)
            return base.StrWithMeta(data["reservation_id"], resp)
        if return_raw:
            return self._create("/servers", request, "server", return_raw=True)
        return self._create("/servers", request, "server")

    def _create_body(self, name: str, image: Any, flavor: Any, meta: dict[str, Any] | None,
                     files: dict[str, Any] | None, min_count: int | None, max_count: int | None,
                     security_groups: builtins.list[str] | None, userdata: Any,
                     key_name: str | None, availability_zone: str | None,
                     block_device_mapping: dict[str, Any] | None,
                     block_device_mapping_v2: builtins.list[dict[str, Any]] | None, nics: Any,
                     config_drive: Any, disk_config: str | None, admin_pass: str | None,
                     access_ip_v4: str | None, access_ip_v6: str | None,
                     description: str | None, tags: builtins.list[str] | None,
                     trusted_image_certificates: builtins.list[str] | None, host: str | None,
                     hypervisor_hostname: str | None, hostname: str | None,
                     reservation_id: bool) -> dict[str, Any]:
        if min_count is not None and max_count is not None and max_count < min_count:
            raise exceptions.InvalidArgument("max_count cannot be less than min_count")
        if min_count is not None and min_count < 1:
            raise exceptions.InvalidArgument("min_count must be at least 1")
        body: dict[str, Any] = {"name": name, "flavorRef": str(base.getid(flavor))}
        body["imageRef"] = str(base.getid(image)) if image else ""
        # one server unless asked otherwise, both counts always sent (as python-novaclient)
        body["min_count"] = min_count or 1
        body["max_count"] = max_count or body["min_count"]
        optional = {
            "metadata": meta, "key_name": key_name, "availability_zone": availability_zone,
            "adminPass": admin_pass, "OS-DCF:diskConfig": disk_config,
            "accessIPv4": access_ip_v4, "accessIPv6": access_ip_v6,
        }
        body.update({k: v for k, v in optional.items() if v})
        if security_groups:
            body["security_groups"] = [{"name": sg} for sg in security_groups]
        if userdata is not None:
            body["user_data"] = encode_user_data(userdata)
        if config_drive is not None and config_drive is not False:
            body["config_drive"] = config_drive
        if files:
            api_versions.require(self, None, "personality files (--file)", end="2.56")
            body["personality"] = [
                {"path": path, "contents": encode_user_data(content)}
                for path, content in files.items()]
        if block_device_mapping and block_device_mapping_v2:
            raise exceptions.InvalidArgument(
                "Give block_device_mapping or block_device_mapping_v2, not both")
        if block_device_mapping:
            body["block_device_mapping"] = _bdm_v1(block_device_mapping)
        if block_device_mapping_v2:
            self._check_bdm_v2(block_device_mapping_v2)
            body["block_device_mapping_v2"] = _with_image_root(image, block_device_mapping_v2)
        networks = self._networks(nics)
        if networks is not None:
            body["networks"] = networks
        if description is not None:
            api_versions.require(self, "2.19", "a server description")
            body["description"] = description
        if tags:
            api_versions.require(self, "2.52", "tags at boot")
            body["tags"] = list(tags)
        if trusted_image_certificates:
            api_versions.require(self, "2.63", argument="trusted_image_certificates")
            body["trusted_image_certificates"] = list(trusted_image_certificates)
        if host:
            api_versions.require(self, "2.74", argument="host")
            body["host"] = host
        if hypervisor_hostname:
            api_versions.require(self, "2.74", argument="hypervisor_hostname")
            body["hypervisor_hostname"] = hypervisor_hostname
        if hostname:
            api_versions.require(self, "2.90", argument="hostname")
            body["hostname"] = hostname
        if reservation_id:
            body["return_reservation_id"] = True
        return body

    def _check_bdm_v2(self, mappings: builtins.list[dict[str, Any]]) -> None:
        """Fields of block_device_mapping_v2 entries that need a microversion."""
        if any(m.get("tag") for m in mappings):
            api_versions.require(self, "2.32", "Setting block device tags",
                                 error=exceptions.UnsupportedValue)
        if any(m.get("volume_type") for m in mappings):
            api_versions.require(self, "2.67", "Block device volume_type",
                                 error=exceptions.UnsupportedValue)

    def _networks(self, nics: Any) -> Any:
        """The `networks` field: 'auto'/'none' or a list of ports; from 2.37
        Nova requires it, so nics=None is refused there (as python-novaclient)."""
        if not nics:
            if api_versions.supports(self, "2.37"):
                raise exceptions.InvalidArgument(
                    "nics ('auto', 'none' or a list) are required from microversion 2.37")
            return None
        if isinstance(nics, str):
            if nics not in ("auto", "none"):
                raise exceptions.InvalidArgument(
                    f"nics must be 'auto', 'none' or a list, not {nics!r}")
            api_versions.require(self, "2.37", f"nics='{nics}'",
                                 error=exceptions.UnsupportedValue)
            return nics
        networks = []
        for nic in nics:
            entry: dict[str, Any] = {}
            if nic.get("net-id"):
                entry["uuid"] = nic["net-id"]
            if nic.get("v4-fixed-ip") or nic.get("v6-fixed-ip"):
                entry["fixed_ip"] = nic.get("v4-fixed-ip") or nic.get("v6-fixed-ip")
            if nic.get("port-id"):
                entry["port"] = nic["port-id"]
            if nic.get("tag"):
                api_versions.require(self, "2.32", "Setting interface tags",
                                     error=exceptions.UnsupportedValue)
                entry["tag"] = nic["tag"]
            networks.append(entry)
        return networks

    # -- update / delete -----------------------------------------------------

    @api_versions.wraps("2.0", "2.18")
    def update(self, server: Any, name: str | None = None) -> Server | None:
        """Rename a server; with nothing to change, nothing is sent (None).

        Example: ``cs.servers.update(vm, name="web-2")``
        """
        return self._update_server(server, {"name": name})

    @api_versions.wraps("2.19", "2.89")  # type: ignore[no-redef]
    def update(  # noqa: F811 - the 2.19 variant
            self, server: Any, name: str | None = None,
            description: str | None = None) -> Server | None:
        """Rename or describe a server; description "" clears it, None
        leaves it (python-novaclient's meanings).

        Example: ``cs.servers.update(vm, name="web-2", description="frontend")``
        """
        return self._update_server(server, {"name": name, "description": description})

    @api_versions.wraps("2.90")  # type: ignore[no-redef]
    def update(  # noqa: F811 - the 2.90 variant
            self, server: Any, name: str | None = None, description: str | None = None,
            hostname: str | None = None, pinned_availability_zone: Any = _UNSET) -> Server | None:
        """Rename or describe a server (description "" clears it), change its
        hostname; pinned_availability_zone=None unpins it, a zone re-pins it (2.104).

        Example: ``cs.servers.update(vm, hostname="web-2")``
        """
        fields = {"name": name, "description": description, "hostname": hostname}
        if pinned_availability_zone is not _UNSET:
            api_versions.require(self, "2.104", "changing the pinned availability zone")
            fields["pinned_availability_zone"] = pinned_availability_zone
        return self._update_server(server, fields)

    def _update_server(self, server: Any, fields: dict[str, Any]) -> Server | None:
        body = {k: v for k, v in fields.items()
                if v or k == "pinned_availability_zone"}  # None there unpins
        if fields.get("description") == "":
            body["description"] = None
        if not body:
            return None
        return self._update(base.url_path("servers", server), {"server": body}, "server")

    def delete(self, server: Any) -> Any:
        """Delete a server (it goes on server-side; wait with polling.wait_for_server).

        Example: ``cs.servers.delete(vm)``
        """
        return self._delete(base.url_path("servers", server))


def _with_image_root(image: Any,
                     mappings: builtins.list[dict[str, Any]]) -> builtins.list[dict[str, Any]]:
    """python-novaclient's rule: with an image, the image is the root disk
    (boot index 0, local, deleted with the server) ahead of the mappings
    given; not when a mapping already is boot index 0, which Nova would
    refuse as a second root. The caller's list is not changed."""
    if not image or any(str(m.get("boot_index")) == "0" for m in mappings):
        return list(mappings)
    root = {"uuid": base.getid(image), "source_type": "image", "destination_type": "local",
            "boot_index": 0, "delete_on_termination": True}
    return [root, *mappings]


def _bdm_v1(mapping: dict[str, Any]) -> list[dict[str, Any]]:
    """{'vda': 'id:type:size:delete'} -> Nova's legacy block_device_mapping."""
    result = []
    for device, spec in mapping.items():
        entry: dict[str, Any] = {"device_name": device}
        parts = str(spec).split(":")
        if parts and parts[0]:
            entry["volume_id"] = parts[0]
        if len(parts) > 1 and parts[1] == "snap":
            entry["snapshot_id"] = entry.pop("volume_id", None)
        if len(parts) > 2 and parts[2]:
            entry["volume_size"] = parts[2]
        if len(parts) > 3:
            entry["delete_on_termination"] = parts[3] in ("1", "true", "True")
        result.append(entry)
    return result
