"""Server actions: POST /servers/{id}/action, mixed into ServerManager.

Each method sends one action; where a field appeared or disappeared at a
microversion, the method refuses plainly instead of letting Nova answer 400.
The Resource-side mixin lets `server.stop()` call `manager.stop(server)`.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, Protocol

from computeclient import api_versions, base, exceptions

REBOOT_SOFT, REBOOT_HARD = "SOFT", "HARD"
_UNSET: Any = object()

if TYPE_CHECKING:  # what the mixins below rely on, for the type checker only
    from computeclient.v2.servers import ServerManager

    class _ManagerBase(base.ManagerCore):
        def _server_action(self, server: Any, action: str, info: Any = None,
                           response_key: str | None = None) -> Any: ...

    class _ResourceBase(Protocol):
        manager: ServerManager
else:
    _ManagerBase = _ResourceBase = object


def encode_user_data(data: Any) -> str:
    """Base64 of text, bytes or a readable file, as Nova wants user data."""
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.b64encode(data).decode("ascii")


class ServerActionsMixin(_ManagerBase):
    """Manager methods for the lifecycle actions of a server."""

    def _server_action(self, server: Any, action: str, info: Any = None,
                       response_key: str | None = None) -> Any:
        return self._action(base.url_path("servers", server, "action"), action, info,
                            response_key)

    # -- power and state -----------------------------------------------------

    def start(self, server: Any) -> Any:
        return self._server_action(server, "os-start")

    def stop(self, server: Any) -> Any:
        return self._server_action(server, "os-stop")

    def reboot(self, server: Any, reboot_type: str = REBOOT_SOFT) -> Any:
        return self._server_action(server, "reboot", {"type": reboot_type})

    def pause(self, server: Any) -> Any:
        return self._server_action(server, "pause")

    def unpause(self, server: Any) -> Any:
        return self._server_action(server, "unpause")

    def suspend(self, server: Any) -> Any:
        return self._server_action(server, "suspend")

    def resume(self, server: Any) -> Any:
        return self._server_action(server, "resume")

    def lock(self, server: Any, reason: str | None = None) -> Any:
        """Lock a server; a reason needs 2.73."""
        if reason is not None:
            api_versions.require(self, "2.73", "a lock reason")
            return self._server_action(server, "lock", {"locked_reason": reason})
        return self._server_action(server, "lock")

    def unlock(self, server: Any) -> Any:
        return self._server_action(server, "unlock")

    def reset_state(self, server: Any, state: str = "error") -> Any:
        if state not in ("error", "active"):
            raise exceptions.InvalidArgument("state must be 'error' or 'active'")
        return self._server_action(server, "os-resetState", {"state": state})

    def trigger_crash_dump(self, server: Any) -> Any:
        api_versions.require(self, "2.17", "trigger_crash_dump")
        return self._server_action(server, "trigger_crash_dump")

    def reset_network(self, server: Any) -> Any:
        """Nova removed resetNetwork (it answers 410 Gone); kept for old scripts."""
        return self._server_action(server, "resetNetwork")

    def force_delete(self, server: Any) -> Any:
        return self._server_action(server, "forceDelete")

    def restore(self, server: Any) -> Any:
        return self._server_action(server, "restore")

    # -- shelve and rescue ---------------------------------------------------

    def shelve(self, server: Any) -> Any:
        return self._server_action(server, "shelve")

    def shelve_offload(self, server: Any) -> Any:
        return self._server_action(server, "shelveOffload")

    def unshelve(self, server: Any, availability_zone: Any = _UNSET,
                 host: str | None = None) -> Any:
        """Unshelve; an AZ needs 2.77, a host or unpinning (AZ None) needs 2.91."""
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
        """Rescue mode; Nova answers the admin password (kept out of output)."""
        info: dict[str, Any] = {}
        if password:
            info["adminPass"] = password
        if image:
            info["rescue_image_ref"] = base.getid(image)
        return self._server_action(server, "rescue", info or None)

    def unrescue(self, server: Any) -> Any:
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
        description/trusted certs clears them (2.54/2.57/2.19/2.63)."""
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
        info: dict[str, Any] = {"flavorRef": base.getid(flavor)}
        if disk_config:
            info["OS-DCF:diskConfig"] = disk_config
        return self._server_action(server, "resize", info)

    def confirm_resize(self, server: Any) -> Any:
        return self._server_action(server, "confirmResize")

    def revert_resize(self, server: Any) -> Any:
        return self._server_action(server, "revertResize")

    # -- moves ---------------------------------------------------------------

    def migrate(self, server: Any, host: str | None = None) -> Any:
        """Cold migrate; choosing the host needs 2.56."""
        if host:
            api_versions.require(self, "2.56", "choosing the migration host")
            return self._server_action(server, "migrate", {"host": host})
        return self._server_action(server, "migrate")

    @api_versions.wraps("2.1", "2.24")
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

    @api_versions.wraps("2.1", "2.13")
    def evacuate(self, server: Any, host: str | None = None, password: str | None = None,
                 on_shared_storage: bool = False) -> Any:
        """Rebuild a server of a failed host on `host` (admin); the disks are
        reused when `on_shared_storage`.

        Example: ``cs.servers.evacuate(vm, "compute2", on_shared_storage=True)``
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
        """Snapshot a server; returns the new image id."""
        info: dict[str, Any] = {"name": image_name}
        if metadata:
            info["metadata"] = metadata
        return self._image_action(server, "createImage", info)

    def backup(self, server: Any, backup_name: str, backup_type: str, rotation: int) -> str:
        """A rotated backup image; returns its id."""
        return self._image_action(server, "createBackup", {
            "name": backup_name, "backup_type": backup_type, "rotation": int(rotation)})

    def _image_action(self, server: Any, action: str, info: dict[str, Any]) -> str:
        resp, body = self.client.post(base.url_path("servers", server, "action"),
                                      body={action: info})
        if body and body.get("image_id"):  # 2.45+
            return base.StrWithMeta(body["image_id"], resp)
        location = resp.headers.get("location", "")
        return base.StrWithMeta(location.rstrip("/").rsplit("/", 1)[-1], resp)


class ServerResourceActionsMixin(_ResourceBase):
    """`server.<action>(...)` shortcuts to the manager's methods."""

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.manager, name)(self, *args, **kwargs)

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

    def rebuild(self, image: Any, **kwargs: Any) -> Any:
        return self._call("rebuild", image, **kwargs)

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
