"""Volume attachments of servers: /servers/{id}/os-volume_attachments."""

from __future__ import annotations

import warnings
from typing import Any

from computeclient import api_versions, base, exceptions


class VolumeAttachment(base.Resource):
    pass


#: python-novaclient's name for a volume attachment.
Volume = VolumeAttachment


class VolumeManager(base.Manager[VolumeAttachment]):
    resource_class = VolumeAttachment

    def _url(self, server_id: Any, *attachment: Any) -> str:
        return base.url_path("servers", server_id, "os-volume_attachments", *attachment)

    def create_server_volume(self, server_id: Any, volume_id: str, device: str | None = None,
                             tag: str | None = None,
                             delete_on_termination: bool | None = None) -> Any:
        """Attach a volume; from 2.101 Nova answers 202 with no body.

        `device`: a hint such as "/dev/vdb" (hypervisors may ignore it); `tag`:
        for the guest's device metadata (2.49+); `delete_on_termination` (2.79+).
        Example: ``cs.volumes.create_server_volume(vm.id, volume_id, tag="db")``
        """
        body: dict[str, Any] = {"volumeId": volume_id}
        if device:
            body["device"] = device
        if tag:
            api_versions.require(self, "2.49", "tagging a volume attachment")
            body["tag"] = tag
        if delete_on_termination is not None:
            api_versions.require(self, "2.79", "delete_on_termination",
                                 error=exceptions.UnsupportedArgument)
            body["delete_on_termination"] = delete_on_termination
        resp, data = self.client.post(self._url(server_id), body={"volumeAttachment": body})
        if data and "volumeAttachment" in data:
            return self._make(data["volumeAttachment"], resp, loaded=True)
        return base.StrWithMeta("", resp)

    def update_server_volume(self, server_id: Any, src_volid: str, dest_volid: str | None = None,
                             delete_on_termination: bool | None = None) -> Any:
        """Swap the volume (admin) or, from 2.85, change delete_on_termination.

        `src_volid`: the attached volume; `dest_volid`: the one to swap in
        (None keeps it, for a delete_on_termination change only). Returns the
        attachment when Nova answers with it, else "" (with request_ids).
        Example: ``cs.volumes.update_server_volume(vm.id, vol, delete_on_termination=True)``
        """
        body: dict[str, Any] = {"volumeId": dest_volid or src_volid}
        if delete_on_termination is not None:
            api_versions.require(self, "2.85", "delete_on_termination",
                                 error=exceptions.UnsupportedArgument)
            body["delete_on_termination"] = delete_on_termination
        return self._update(self._url(server_id, src_volid), {"volumeAttachment": body},
                            "volumeAttachment")

    def get_server_volume(self, server_id: Any, volume_id: str | None = None,
                          attachment_id: str | None = None) -> VolumeAttachment:
        """The attachment of `volume_id` to the server (device, tag, ...);
        `attachment_id` is python-novaclient's older name for it.

        Example: ``cs.volumes.get_server_volume(vm.id, volume_id).device``
        """
        return self._get(self._url(server_id, _volume(volume_id, attachment_id)),
                         "volumeAttachment")

    def get_server_volumes(self, server_id: Any) -> list[Any]:
        """Every volume attachment of the server.

        Example: ``[a.volumeId for a in cs.volumes.get_server_volumes(vm.id)]``
        """
        return self._list(self._url(server_id), "volumeAttachments")

    def delete_server_volume(self, server_id: Any, volume_id: str | None = None,
                             attachment_id: str | None = None) -> Any:
        """Detach `volume_id` from the server (Nova detaches in the background);
        `attachment_id` is python-novaclient's older name for it.

        Example: ``cs.volumes.delete_server_volume(vm.id, volume_id)``
        """
        return self._delete(self._url(server_id, _volume(volume_id, attachment_id)))


def _volume(volume_id: str | None, attachment_id: str | None) -> str:
    """The volume an attachment call names: exactly one of the two (a
    TypeError otherwise, as for a missing argument); the old name warns."""
    if (volume_id is None) == (attachment_id is None):
        raise TypeError("give the volume_id (or the deprecated attachment_id), not both")
    if volume_id is None:
        warnings.warn("attachment_id is deprecated: give the volume_id (the same value)",
                      DeprecationWarning, stacklevel=3)
        return str(attachment_id)
    return volume_id
