"""Server actions: POST /servers/{id}/action, mixed into ServerManager.

Each method sends one action; where a field appeared or disappeared at a
microversion, the method refuses plainly instead of letting Nova answer 400.
The Resource-side mixin lets `server.stop()` call `manager.stop(server)`.
"""

from __future__ import annotations

import base64
from typing import Any

from computeclient import answers, api_versions, base
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

    def _server_action_answer(self, server: Any, action: str, info: Any = None
                              ) -> base.TupleWithMeta:
        """The action's (response, body) pair, as python-novaclient returns
        stop, force_delete, restore, rescue and evacuate (`_, body = ...`)."""
        resp, body = self.client.post(base.url_path("servers", server, "action"),
                                      body={action: info})
        return base.TupleWithMeta((resp, body), resp)

    # -- power and state -----------------------------------------------------

    def start(self, server: Any) -> Any:
        """Power on a SHUTOFF server. Example: ``cs.servers.start(vm)``"""
        return self._server_action(server, "os-start")

    def stop(self, server: Any) -> Any:
        """Power off (the guest gets an ACPI shutdown first). Example: ``cs.servers.stop(vm)``"""
        return self._server_action_answer(server, "os-stop")

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

    @api_versions.wraps("2.0", "2.72")
    def lock(self, server: Any) -> Any:
        """Lock a server against actions by non-admins.

        Example: ``cs.servers.lock(vm)``
        """
        return self._server_action(server, "lock")

    @api_versions.wraps("2.73")  # type: ignore[no-redef]
    def lock(self, server: Any, reason: str | None = None) -> Any:  # noqa: F811 - 2.73+
        """Lock a server against actions by non-admins, saying why.

        Example: ``cs.servers.lock(vm, reason="under investigation")``
        """
        if reason is not None:
            return self._server_action(server, "lock", {"locked_reason": reason})
        return self._server_action(server, "lock")

    def unlock(self, server: Any) -> Any:
        """Undo `lock`. Example: ``cs.servers.unlock(vm)``"""
        return self._server_action(server, "unlock")

    def reset_state(self, server: Any, state: str = "error") -> Any:
        """Set the recorded vm_state by hand (admin), to recover a server stuck
        in a task; nothing on the hypervisor changes. Nova takes "error" or
        "active" (and answers 400 to anything else).

        Example: ``cs.servers.reset_state(vm, "active")``
        """
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
        return self._server_action_answer(server, "forceDelete")

    def restore(self, server: Any) -> Any:
        """Bring back a SOFT_DELETED server before `[DEFAULT] reclaim_instance_interval`.

        Example: ``cs.servers.restore(vm)``
        """
        return self._server_action_answer(server, "restore")

    # -- shelve and rescue ---------------------------------------------------

    def shelve(self, server: Any) -> Any:
        """Stop the server and snapshot it (image-backed ones); offloading frees its host.

        Example: ``cs.servers.shelve(vm)``
        """
        return self._server_action(server, "shelve")

    def shelve_offload(self, server: Any) -> Any:
        """Free the host of a SHELVED server now. Example: ``cs.servers.shelve_offload(vm)``"""
        return self._server_action(server, "shelveOffload")

    @api_versions.wraps("2.0", "2.76")
    def unshelve(self, server: Any) -> Any:
        """Unshelve a SHELVED or SHELVED_OFFLOADED server.

        Example: ``cs.servers.unshelve(vm)``
        """
        return self._server_action(server, "unshelve")

    @api_versions.wraps("2.77", "2.90")  # type: ignore[no-redef]
    def unshelve(  # noqa: F811 - the 2.77 variant
            self, server: Any, availability_zone: str | None = None) -> Any:
        """Unshelve, into `availability_zone` if given.

        Example: ``cs.servers.unshelve(vm, availability_zone="az2")``
        """
        info = {"availability_zone": availability_zone} if availability_zone else None
        return self._server_action(server, "unshelve", info)

    @api_versions.wraps("2.91")  # type: ignore[no-redef]
    def unshelve(  # noqa: F811 - the 2.91 variant
            self, server: Any, availability_zone: Any = _UNSET,
            host: str | None = None) -> Any:
        """Unshelve, into `availability_zone` (None unpins the server from
        its zone) and onto `host` (admin) if given.

        Example: ``cs.servers.unshelve(vm, availability_zone=None, host="compute2")``
        """
        info: dict[str, Any] = {}
        if availability_zone is not _UNSET:
            info["availability_zone"] = availability_zone
        if host:
            info["host"] = host
        return self._server_action(server, "unshelve", info or None)

    def rescue(self, server: Any, password: str | None = None, image: Any = None) -> Any:
        """Rescue mode; returns (response, body), the body holding the admin password.

        `password`: the rescue root password; `image`: the rescue image (else the server's).
        Example: ``cs.servers.rescue(vm, image=rescue_image)``
        """
        info: dict[str, Any] = {}
        if password:
            info["adminPass"] = password
        if image:
            info["rescue_image_ref"] = base.getid(image)
        return self._server_action_answer(server, "rescue", info or None)

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
            api_versions.require(self, None, end="2.56", argument="files")
            info["personality"] = [{"path": p, "contents": encode_user_data(c)}
                                   for p, c in files.items()]
        if description is not _UNSET:
            api_versions.require(self, "2.19", argument="description")
            info["description"] = description
        if key_name is not _UNSET:
            api_versions.require(self, "2.54", argument="key_name")
            info["key_name"] = key_name
        if userdata is not _UNSET:
            api_versions.require(self, "2.57", argument="userdata")
            info["user_data"] = None if userdata is None else encode_user_data(userdata)
        if trusted_image_certificates is not _UNSET:
            api_versions.require(self, "2.63", argument="trusted_image_certificates")
            info["trusted_image_certificates"] = trusted_image_certificates
        if hostname:
            api_versions.require(self, "2.90", argument="hostname")
            info["hostname"] = hostname
        resp, body = self.client.post(base.url_path("servers", server, "action"),
                                      body={"rebuild": info})
        return self._make((body or answers.Answer()).get("server", {}), resp, loaded=True)

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

    @api_versions.wraps("2.0", "2.55")
    def migrate(self, server: Any) -> Any:
        """Cold migrate (the scheduler picks the host). Confirm it as a resize.

        Example: ``cs.servers.migrate(vm)``
        """
        return self._server_action(server, "migrate")

    @api_versions.wraps("2.56")  # type: ignore[no-redef]
    def migrate(self, server: Any, host: str | None = None) -> Any:  # noqa: F811 - 2.56+
        """Cold migrate, to `host` if given. Confirm it as a resize.

        Example: ``cs.servers.migrate(vm, host="compute2")``
        """
        return self._server_action(server, "migrate", {"host": host} if host else {})

    @api_versions.wraps("2.0", "2.24")
    def live_migrate(self, server: Any, host: str | None = None,
                     block_migration: bool | None = False,
                     disk_over_commit: bool | None = False) -> Any:
        """Live migrate `server` to `host` (None: the scheduler picks).

        Example: ``cs.servers.live_migrate(vm, "compute2", block_migration=True)``
        """
        info = {"host": host, "block_migration": bool(block_migration),
                "disk_over_commit": bool(disk_over_commit)}
        return self._server_action(server, "os-migrateLive", info)

    @api_versions.wraps("2.25", "2.29")  # type: ignore[no-redef]
    def live_migrate(  # noqa: F811 - the 2.25 variant
            self, server: Any, host: str | None = None,
            block_migration: bool | str | None = "auto") -> Any:
        """Live migrate `server` to `host` (None: the scheduler picks);
        `block_migration` "auto" (or None) lets Nova decide.

        Example: ``cs.servers.live_migrate(vm, "compute2")``
        """
        return self._live_migrate(server, host, block_migration)

    @api_versions.wraps("2.30", "2.67")  # type: ignore[no-redef]
    def live_migrate(  # noqa: F811 - the 2.30 variant
            self, server: Any, host: str | None = None,
            block_migration: bool | str | None = "auto", force: bool | None = None) -> Any:
        """Live migrate `server` to `host` (None: the scheduler picks);
        `block_migration` "auto" (or None) lets Nova decide; `force` skips
        the scheduler's checks of `host`.

        Example: ``cs.servers.live_migrate(vm, "compute2", force=True)``
        """
        return self._live_migrate(server, host, block_migration, force)

    @api_versions.wraps("2.68")  # type: ignore[no-redef]
    def live_migrate(  # noqa: F811 - the 2.68 variant
            self, server: Any, host: str | None = None,
            block_migration: bool | str | None = "auto") -> Any:
        """Live migrate `server` to `host` (None: the scheduler picks);
        `block_migration` "auto" (or None) lets Nova decide.

        Example: ``cs.servers.live_migrate(vm, "compute2")``
        """
        return self._live_migrate(server, host, block_migration)

    def _live_migrate(self, server: Any, host: str | None, block_migration: Any,
                      force: bool | None = None) -> Any:
        info: dict[str, Any] = {
            "host": host, "block_migration": "auto" if block_migration is None
            else block_migration}
        if force:
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

    @api_versions.wraps("2.14", "2.28")  # type: ignore[no-redef]
    def evacuate(  # noqa: F811 - the 2.14 variant
            self, server: Any, host: str | None = None, password: str | None = None) -> Any:
        """Rebuild a server of a failed host on `host` (admin; None: the
        scheduler picks).

        Example: ``cs.servers.evacuate(vm, "compute2")``
        """
        return self._evacuate(server, host, password, {})

    @api_versions.wraps("2.29", "2.67")  # type: ignore[no-redef]
    def evacuate(  # noqa: F811 - the 2.29 variant
            self, server: Any, host: str | None = None, password: str | None = None,
            force: bool | None = None) -> Any:
        """Rebuild a server of a failed host on `host` (admin; None: the
        scheduler picks); `force` skips the scheduler's checks of `host`.

        Example: ``cs.servers.evacuate(vm, "compute2", force=True)``
        """
        return self._evacuate(server, host, password, {"force": True} if force else {})

    @api_versions.wraps("2.68")  # type: ignore[no-redef]
    def evacuate(  # noqa: F811 - the 2.68 variant
            self, server: Any, host: str | None = None, password: str | None = None) -> Any:
        """Rebuild a server of a failed host on `host` (admin; None: the
        scheduler picks).

        Example: ``cs.servers.evacuate(vm, "compute2")``
        """
        return self._evacuate(server, host, password, {})

    def _evacuate(self, server: Any, host: str | None, password: str | None,
                  info: dict[str, Any]) -> Any:
        if host:
            info["host"] = host
        if password:
            info["adminPass"] = password
        return self._server_action_answer(server, "evacuate", info)

    # -- images --------------------------------------------------------------

    def create_image(self, server: Any, image_name: str,
                     metadata: dict[str, Any] | None = None) -> str:
        """Snapshot a server; returns the new image id.

        Example: ``cs.servers.create_image(vm, "vm1-before-upgrade")``
        """
        return self._image_action(server, "createImage",
                                  {"name": image_name, "metadata": metadata or {}})

    def backup(self, server: Any, backup_name: str, backup_type: str,
               rotation: int) -> dict[str, Any]:
        """A rotated backup image: {"image_id": ...} (a DictWithMeta), Nova's
        answer from 2.45 as python-novaclient returns it (before 2.45, where
        Nova answers no body, the id comes from the Location header).

        `backup_type`: a label such as "daily"; `rotation`: how many backups of
        that type to keep (older ones are deleted).
        Example: ``cs.servers.backup(vm, "vm1-daily", "daily", 7)["image_id"]``
        """
        image_id = self._image_action(server, "createBackup", {
            "name": backup_name, "backup_type": backup_type, "rotation": int(rotation)})
        answer = base.DictWithMeta({"image_id": str(image_id)})
        answer.add_request_ids(image_id.request_ids)
        return answer

    def _image_action(self, server: Any, action: str,
                      info: dict[str, Any]) -> base.StrWithMeta:
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

    def lock(self, **kwargs: Any) -> Any:
        """As the manager's `lock` of this microversion (`reason` from 2.73)."""
        return self._call("lock", **kwargs)

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

    def migrate(self, **kwargs: Any) -> Any:
        """As the manager's `migrate` of this microversion (`host` from 2.56)."""
        return self._call("migrate", **kwargs)

    def live_migrate(self, host: str | None = None, **kwargs: Any) -> Any:
        return self._call("live_migrate", host, **kwargs)

    def create_image(self, image_name: str, metadata: dict[str, Any] | None = None) -> str:
        image_id: str = self._call("create_image", image_name, metadata)
        return image_id  # a StrWithMeta: its request_ids kept

    def backup(self, backup_name: str, backup_type: str, rotation: int) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("backup", backup_name, backup_type, rotation)
        return answer

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
