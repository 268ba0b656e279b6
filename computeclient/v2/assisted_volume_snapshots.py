"""Assisted volume snapshots: what Cinder asks of Nova for some volume drivers."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from computeclient import base


class Snapshot(base.Resource):

    manager: AssistedSnapshotManager
    def delete(self, delete_info: dict[str, Any]) -> Any:
        return self.manager.delete(self, delete_info)


class AssistedSnapshotManager(base.Manager[Snapshot]):
    resource_class = Snapshot

    def create(self, volume_id: str, create_info: dict[str, Any]) -> Snapshot:
        """Ask Nova to snapshot an attached file-based volume (Cinder's call, admin).

        `create_info`: what the volume driver sends (snapshot_id, type, new_file).
        Example: ``cs.assisted_volume_snapshots.create(volume_id, info)``
        """
        body = {"snapshot": {"volume_id": volume_id, "create_info": create_info}}
        return self._create("/os-assisted-volume-snapshots", body, "snapshot")

    def delete(self, snapshot: Any, delete_info: dict[str, Any]) -> Any:
        """Merge away an assisted snapshot; `delete_info` names the volume and files.

        Example: ``cs.assisted_volume_snapshots.delete(snap_id, {"volume_id": vol})``
        """
        # The JSON's braces, quotes and colons stay as python-novaclient writes
        # them (requests quotes what must be quoted on the wire).
        info = quote(json.dumps(delete_info), safe='{}[]:,"')
        return self._delete(base.url_path("os-assisted-volume-snapshots", snapshot)
                            + f"?delete_info={info}")
