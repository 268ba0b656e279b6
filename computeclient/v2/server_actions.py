"""Server actions: POST /servers/{id}/action, mixed into ServerManager.

Each method sends one action; where a field appeared or disappeared at a
microversion, the method refuses plainly instead of letting Nova answer 400.
The Resource-side mixin lets `server.stop()` call `manager.stop(server)`.
"""

from __future__ import annotations

import base64
from typing import Any

from computeclient import api_versions, base, exceptions
from computeclient.v2.server_mixin_bases import ServerManagerBase, ServerResourceBase

REBOOT_SOFT, REBOOT_HARD = "SOFT", "HARD"
_UNSET: Any = object()

def encode_user_data(data: Any) -> str:
    """Base64 of text, bytes or a readable file, as Nova wants user data."""
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.b64encode(data).decode("ascii")


class ServerActionsMixin(ServerManagerBase):
    """Manager methods for the lifecycle actions of a server."""

    def _server_action(self, server: Any, action: str, info: Any = None,
                       response_key: str | None = None) -> Any:
        return self._action(base.url_path("servers", server, "action"), action, info,
                            response_key)

    # -- power and state -----------------------------------------------------

    def start(self, server: Any) -> Any:
        """Power on a SHUTOFF server. Example: ``cs.servers.start(vm)``"""
        return self._server_action(server, "os-start")

    def stop(self, server: Any) -> Any:
        """Power off (the guest gets an ACPI shutdown first). Example: ``cs.servers.stop(vm)``"""
        return self._server_action(server, "os-stop")

    def reboot(self, server: Any, reboot_type: str = REBOOT_SOFT) -> Any:
        """Reboot: "SOFT" asks the guest, "HARD" power-cycles it.

        Example: ``cs.servers.reboot(vm, "HARD")``
        """
        return self._server_action(server, "reboot", {"type": reboot_type})

    def pause(self, server: Any) -> Any:
        """Freeze the server in memory (it keeps its host's RAM).

        Example: ``cs.servers.pause(vm)``
        """
        return self._server_action(server, "pause")

    def unpause(self, server: Any) -> Any:
        """Undo `pause`. Example: ``cs.servers.unpause(vm)``"""
        return self._server_action(server, "unpause")

    def suspend(self, server: Any) -> Any:
        """Save the server's memory to disk and stop it. Example: ``cs.servers.suspend(vm)``"""
        return self._server_action(server, "suspend")

    def resume(self, server: Any) -> Any:
        """Undo `suspend`. Example: ``cs.servers.resume(vm)``"""
        return self._server_action(server, "resume")

    def lock(self, server: Any, reason: str | None = None) -> Any:
        """Lock a server against actions by non-admins; a reason needs 2.73.

        Example: ``cs.servers.lock(vm, reason="under investigation")``
        """
        if reason is not None:
            api_versions.require(self, "2.73", "a lock reason")
            return self._server_action(server, "lock", {"locked_reason": reason})
        return self._server_action(server, "lock")

    def unlock(self, server: Any) -> Any:
        """Undo `lock`. Example: ``cs.servers.unlock(vm)``"""
        return self._server_action(server, "unlock")

    def reset_state(self, server: Any, state: str = "error") -> Any:
        """Set the recorded vm_state by hand (admin): "error" or "active", to
        recover a server stuck in a task; nothing on the hypervisor changes.

        Example: ``cs.servers.reset_state(vm, "active")``
        """
        if state not in ("error", "active"):
            raise exceptions.InvalidArgument("state must be 'error' or 'active'")
        return self._server_action(server, "os-resetState", {"state": state})

    def trigger_crash_dump(self, server: Any) -> Any:
        """Send an NMI so the guest dumps its kernel (2.17+).

        Example: ``cs.servers.trigger_crash_dump(vm)``
        """
        api_versions.require(self, "2.17", "trigger_crash_dump")
        return self._server_action(server, "trigger_crash_dump")

    def reset_network(self, server: Any) -> Any:
        """Nova removed resetNetwork (it answers 410 Gone); kept for old scripts.

        Example: ``cs.servers.reset_network(vm)``
        """
        return self._server_action(server, "resetNetwork")

    def force_delete(self, server: Any) -> Any:
        """Delete a SOFT_DELETED server now, not at reclaim time.

        Example: ``cs.servers.force_delete(vm)``
        """
        return self._server_action(server, "forceDelete")

    def restore(self, server: Any) -> Any:
        """Bring back a SOFT_DELETED server before `[DEFAULT] reclaim_instance_interval`.

        Example: ``cs.servers.restore(vm)``
        """
        return self._server_action(server, "restore")

    # -- shelve and rescue ---------------------------------------------------

    def shelve(self, server: Any) -> Any:
        """Stop the server and snapshot it (image-backed ones); offloading frees its host.

        Example: ``cs.servers.shelve(vm)``
        """
        return self._server_action(server, "shelve")

    def shelve_offload(self, server: Any) -> Any:
        """Free the host of a SHELVED server now. Example: ``cs.servers.shelve_offload(vm)``"""
        return self._server_action(server, "shelveOffload")

    def unshelve(self, server: Any, availability_zone: Any = _UNSET,
                 host: str | None = None) -> Any:
        """Unshelve; an AZ needs 2.77, a host or unpinning (AZ None) needs 2.91.

        Example: ``cs.servers.unshelve(vm, availability_zone="az2")``
        """
        info: dict[str, Any] = {}
        if availability_zone is not _UNSET:
            if availability_zone is None:
                api_versions.require(self, "2.91", "unpinning the availability zone")
            else:
                api_versions.require(self, "2.77", "unshelving to an availability zone")
            info["availability_zone"] = availability_zone
        if host:
            api_versions.require(self, "2.91", "unshelving to a host")
            info["host"] = host
        return self._server_action(server, "unshelve", info or None)

    def rescue(self, server: Any, password: str | None = None, image: Any = None) -> Any:
        """Rescue mode; Nova answers the admin password (kept out of output).

        `password`: the rescue root password; `image`: the rescue image (else the server's).
        Example: ``cs.servers.rescue(vm, image=rescue_image)``
        """
        info: dict[str, Any] = {}
        if password:
            info["adminPass"] = password
        if image:
            info["rescue_image_ref"] = base.getid(image)
        return self._server_action(server, "rescue", info or None)

    def unrescue(self, server: Any) -> Any:
        """Undo `rescue`: boot from the server's own disk again.

        Example: ``cs.servers.unrescue(vm)``
        """
        return self._server_action(server, "unrescue")

    # -- rebuild and resize --------------------------------------------------

    def rebuild(self, server: Any, image: Any, password: str | None = None,
                disk_config: str | None = None, preserve_ephemeral: bool = False,
                name: str | None = None, meta: dict[str, Any] | None = None,
                files: dict[str, Any] | None = None, description: Any = _UNSET,
                key_name: Any = _UNSET, userdata: Any = _UNSET,
                trusted_image_certificates: Any = _UNSET,
                hostname: str | None = None) -> Any:
        """Rebuild a server from `image`; None for key_name/userdata/
        description/trusted certs clears them (2.54/2.57/2.19/2.63).

        `password`: the new admin password (never returned); `files`:
        personality files, refused from 2.57; `hostname` needs 2.90.
        Example: ``cs.servers.rebuild(vm, image, name="vm1", key_name=None)``
        """
        info: dict[str, Any] = {"imageRef": base.getid(image)}
        if password:
            info["adminPass"] = password
        if disk_config:
            info["OS-DCF:diskConfig"] = disk_config
        if preserve_ephemeral:
            info["preserve_ephemeral"] = True
        if name:
            info["name"] = name
        if meta:
            info["metadata"] = meta
        if files:
            api_versions.require(self, None, "personality files on rebuild", end="2.56")
            info["personality"] = [{"path": p, "contents": encode_user_data(c)}
                                   for p, c in files.items()]
        if description is not _UNSET:
            api_versions.require(self, "2.19", "a description on rebuild")
            info["description"] = description
        if key_name is not _UNSET:
            api_versions.require(self, "2.54", "changing the keypair on rebuild")
            info["key_name"] = key_name
        if userdata is not _UNSET:
            api_versions.require(self, "2.57", "changing user data on rebuild")
            info["user_data"] = None if userdata is None else encode_user_data(userdata)
        if trusted_image_certificates is not _UNSET:
            api_versions.require(self, "2.63", "trusted image certificates on rebuild")
            info["trusted_image_certificates"] = trusted_image_certificates
        if hostname:
            api_versions.require(self, "2.90", "changing the hostname on rebuild")
            info["hostname"] = hostname
        resp, body = self.client.post(base.url_path("servers", server, "action"),
                                      body={"rebuild": info})
        body = dict((body or base.Answer()).get("server", {}))
        body.pop("adminPass", None)
        return self._make(body, resp, loaded=True)

    def resize(self, server: Any, flavor: Any, disk_config: str | None = None) -> Any:
        """Move to `flavor`; the server waits in VERIFY_RESIZE for `confirm_resize`
        or `revert_resize`. `disk_config`: "AUTO" or "MANUAL".

        Example: ``cs.servers.resize(vm, cs.flavors.find(name="m1.large"))``
        """
        info: dict[str, Any] = {"flavorRef": base.getid(flavor)}
        if disk_config:
            info["OS-DCF:diskConfig"] = disk_config
        return self._server_action(server, "resize", info)

    def confirm_resize(self, server: Any) -> Any:
        """Keep the resized server and free the old host.

        Example: ``cs.servers.confirm_resize(vm)``
        """
        return self._server_action(server, "confirmResize")

    def revert_resize(self, server: Any) -> Any:
        """Go back to the old flavor and host. Example: ``cs.servers.revert_resize(vm)``"""
        return self._server_action(server, "revertResize")

    # -- moves ---------------------------------------------------------------

    def migrate(self, server: Any, host: str | None = None) -> Any:
        """Cold migrate; choosing the host needs 2.56. Confirm it as a resize.

        Example: ``cs.servers.migrate(vm, host="compute2")``
        """
        if host:
            api_versions.require(self, "2.56", "choosing the migration host")
            return self._server_action(server, "migrate", {"host": host})
        return self._server_action(server, "migrate")

    @api_versions.wraps("2.0", "2.24")
    def live_migrate(self, server: Any, host: str | None = None,
                     block_migration: bool = False, disk_over_commit: bool = False) -> Any:
        """Live migrate `server` to `host` (None: the scheduler picks).

        Example: ``cs.servers.live_migrate(vm, "compute2", block_migration=True)``
        """
        info = {"host": host, "block_migration": bool(block_migration),
                "disk_over_commit": bool(disk_over_commit)}
        return self._server_action(server, "os-migrateLive", info)

    @api_versions.wraps("2.25")  # type: ignore[no-redef]
    def live_migrate(  # noqa: F811 - the 2.25+ variant
            self, server: Any, host: str | None = None,
            block_migration: bool | str = "auto", force: bool | None = None) -> Any:
        """Live migrate `server` to `host` (None: the scheduler picks);
        `block_migration` "auto" lets Nova decide; `force` (2.30-2.67) skips
        the scheduler's checks of `host`.

        Example: ``cs.servers.live_migrate(vm, "compute2")``
        """
        info: dict[str, Any] = {"host": host, "block_migration": block_migration}
        if force:
            api_versions.require(self, "2.30", "forcing a live migration", end="2.67")
            info["force"] = True
        return self._server_action(server, "os-migrateLive", info)

    @api_versions.wraps("2.0", "2.13")
    def evacuate(self, server: Any, host: str | None = None, on_shared_storage: bool = True,
                 password: str | None = None) -> Any:
        """Rebuild a server of a failed host on `host` (admin); the disks are
        reused when `on_shared_storage` (python-novaclient's order and default).

        Example: ``cs.servers.evacuate(vm, "compute2", on_shared_storage=False)``
        """
        info: dict[str, Any] = {"onSharedStorage": bool(on_shared_storage)}
        return self._evacuate(server, host, password, info)

    @api_versions.wraps("2.14")  # type: ignore[no-redef]
    def evacuate(  # noqa: F811 - the 2.14+ variant
            self, server: Any, host: str | None = None, password: str | None = None,
            force: bool | None = None) -> Any:
        """Rebuild a server of a failed host on `host` (admin; None: the
        scheduler picks); `force` (2.29-2.67) skips the scheduler's checks.

        Example: ``cs.servers.evacuate(vm, "compute2")``
        """
        info: dict[str, Any] = {}
        if force:
            api_versions.require(self, "2.29", "forcing an evacuation", end="2.67")
            info["force"] = True
        return self._evacuate(server, host, password, info)

    def _evacuate(self, server: Any, host: str | None, password: str | None,
                  info: dict[str, Any]) -> Any:
        if host:
            info["host"] = host
        if password:
            info["adminPass"] = password
        result = self._server_action(server, "evacuate", info)
        if isinstance(result, dict):
            result.pop("adminPass", None)
        return result

    # -- images --------------------------------------------------------------

    def create_image(self, server: Any, image_name: str,
                     metadata: dict[str, Any] | None = None) -> str:
        """Snapshot a server; returns the new image id.

        Example: ``cs.servers.create_image(vm, "vm1-before-upgrade")``
        """
        info: dict[str, Any] = {"name": image_name}
        if metadata:
            info["metadata"] = metadata
        return self._image_action(server, "createImage", info)

    def backup(self, server: Any, backup_name: str, backup_type: str, rotation: int) -> str:
        """A rotated backup image; returns its id.

        `backup_type`: a label such as "daily"; `rotation`: how many backups of
        that type to keep (older ones are deleted).
        Example: ``cs.servers.backup(vm, "vm1-daily", "daily", 7)``
        """
        return self._image_action(server, "createBackup", {
            "name": backup_name, "backup_type": backup_type, "rotation": int(rotation)})

    def _image_action(self, server: Any, action: str, info: dict[str, Any]) -> str:
        resp, body = self.client.post(base.url_path("servers", server, "action"),
                                      body={action: info})
        if body and body.get("image_id"):  # 2.45+
            return base.StrWithMeta(body["image_id"], resp)
        location = resp.headers.get("location", "")
        return base.StrWithMeta(location.rstrip("/").rsplit("/", 1)[-1], resp)


class ServerResourceActionsMixin(ServerResourceBase):
    """`server.<action>(...)` shortcuts to the manager's methods."""

    def _call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.manager, method)(self, *args, **kwargs)

    def start(self) -> Any:
        return self._call("start")

    def stop(self) -> Any:
        return self._call("stop")

    def reboot(self, reboot_type: str = REBOOT_SOFT) -> Any:
        return self._call("reboot", reboot_type)

    def pause(self) -> Any:
        return self._call("pause")

    def unpause(self) -> Any:
        return self._call("unpause")

    def suspend(self) -> Any:
        return self._call("suspend")

    def resume(self) -> Any:
        return self._call("resume")

    def lock(self, reason: str | None = None) -> Any:
        return self._call("lock", reason)

    def unlock(self) -> Any:
        return self._call("unlock")

    def shelve(self) -> Any:
        return self._call("shelve")

    def unshelve(self, **kwargs: Any) -> Any:
        return self._call("unshelve", **kwargs)

    def rebuild(self, image: Any, password: str | None = None, preserve_ephemeral: bool = False,
                **kwargs: Any) -> Any:
        """python-novaclient's order: (image, password, preserve_ephemeral);
        the rest as keywords, as the manager's `rebuild` takes them."""
        return self._call("rebuild", image, password=password,
                          preserve_ephemeral=preserve_ephemeral, **kwargs)

    def resize(self, flavor: Any, **kwargs: Any) -> Any:
        return self._call("resize", flavor, **kwargs)

    def confirm_resize(self) -> Any:
        return self._call("confirm_resize")

    def revert_resize(self) -> Any:
        return self._call("revert_resize")

    def migrate(self, host: str | None = None) -> Any:
        return self._call("migrate", host)

    def live_migrate(self, host: str | None = None, **kwargs: Any) -> Any:
        return self._call("live_migrate", host, **kwargs)

    def create_image(self, image_name: str, metadata: dict[str, Any] | None = None) -> str:
        return str(self._call("create_image", image_name, metadata))

    def backup(self, backup_name: str, backup_type: str, rotation: int) -> str:
        image_id: str = self._call("backup", backup_name, backup_type, rotation)
        return image_id  # a StrWithMeta: its request_ids kept

    def rescue(self, password: str | None = None, image: Any = None) -> Any:
        return self._call("rescue", password, image)

    def unrescue(self) -> Any:
        return self._call("unrescue")

    def evacuate(self, *args: Any, **kwargs: Any) -> Any:
        """As the manager's `evacuate` of this microversion, without the server."""
        return self._call("evacuate", *args, **kwargs)

    def force_delete(self) -> Any:
        return self._call("force_delete")

    def restore(self) -> Any:
        return self._call("restore")

    def reset_state(self, state: str = "error") -> Any:
        return self._call("reset_state", state)

    def reset_network(self) -> Any:
        return self._call("reset_network")

    def trigger_crash_dump(self) -> Any:
        return self._call("trigger_crash_dump")
