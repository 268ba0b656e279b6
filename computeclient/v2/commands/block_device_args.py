"""Block device mappings for boot: the shell's short forms to Nova's v2 format.

`--block-device id=VOL,source=volume,dest=volume,bootindex=0` and friends
(`--boot-volume`, `--snapshot`, `--swap`, `--ephemeral`) become entries of
`block_device_mapping_v2`; `--block-device-mapping dev=id:type:size:delete`
is the legacy v1 form.
"""

from __future__ import annotations

from computeclient import api_versions, exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

_SOURCES = ("image", "volume", "snapshot", "blank")
_DESTINATIONS = ("volume", "local")
_KEYS = {"id", "source", "dest", "bus", "device", "size", "format", "bootindex", "type",
         "shutdown", "tag", "volume_type"}
# Short keys that map straight onto Nova's field names.
_TEXT_FIELDS = {"id": "uuid", "bus": "disk_bus", "device": "device_name",
                "format": "guest_format", "type": "device_type"}
_NUMBER_FIELDS = {"size": "volume_size", "bootindex": "boot_index"}


def _int(value: str, key: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise exceptions.CommandError(f"--block-device {key}={value}: a number is needed") \
            from None


def parse_block_device(text: str, api_version: api_versions.APIVersion) -> dict[str, Any]:
    """One --block-device value to a block_device_mapping_v2 entry."""
    spec: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or key not in _KEYS:
            raise exceptions.CommandError(
                f"Invalid --block-device '{part}': use KEY=VALUE with KEY in "
                f"{', '.join(sorted(_KEYS))}")
        spec[key] = value
    source = spec.get("source", "image" if "id" in spec else "blank")
    dest = spec.get("dest", "volume" if source in ("volume", "snapshot") else "local")
    if source not in _SOURCES:
        raise exceptions.CommandError(f"--block-device source must be one of {', '.join(_SOURCES)}")
    if dest not in _DESTINATIONS:
        raise exceptions.CommandError("--block-device dest must be volume or local")
    if source != "blank" and "id" not in spec:
        raise exceptions.CommandError(f"--block-device source={source} needs id=")
    entry: dict[str, Any] = {"source_type": source, "destination_type": dest}
    for key, field in _TEXT_FIELDS.items():
        if key in spec:
            entry[field] = spec[key]
    for key, field in _NUMBER_FIELDS.items():
        if key in spec:
            entry[field] = _int(spec[key], key)
    if "shutdown" in spec:
        if spec["shutdown"] not in ("preserve", "remove"):
            raise exceptions.CommandError("--block-device shutdown must be preserve or remove")
        entry["delete_on_termination"] = spec["shutdown"] == "remove"
    if "tag" in spec:
        if not api_versions.supports(api_version, "2.32", "2.32"):  # 2.33-2.41 dropped them
            api_versions.require(api_version, "2.42", "block device tags")
        entry["tag"] = spec["tag"]
    if "volume_type" in spec:
        api_versions.require(api_version, "2.67", "a block device volume_type")
        entry["volume_type"] = spec["volume_type"]
    return entry


def boot_volume(volume_id: str) -> dict[str, Any]:
    return {"uuid": volume_id, "source_type": "volume", "destination_type": "volume",
            "boot_index": 0, "delete_on_termination": False}


def boot_snapshot(snapshot_id: str) -> dict[str, Any]:
    return {"uuid": snapshot_id, "source_type": "snapshot", "destination_type": "volume",
            "boot_index": 0, "delete_on_termination": False}


def swap(size_mib: int) -> dict[str, Any]:
    return {"source_type": "blank", "destination_type": "local", "boot_index": -1,
            "guest_format": "swap", "volume_size": size_mib, "delete_on_termination": True}


def ephemeral(text: str) -> dict[str, Any]:
    """--ephemeral size=N[,format=FMT]."""
    spec: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or key not in ("size", "format"):
            raise exceptions.CommandError(f"Invalid --ephemeral '{part}': use size=N[,format=F]")
        spec[key] = value
    if "size" not in spec:
        raise exceptions.CommandError("--ephemeral needs size=N (GiB)")
    entry = {"source_type": "blank", "destination_type": "local", "boot_index": -1,
             "volume_size": _int(spec["size"], "size"), "delete_on_termination": True}
    if "format" in spec:
        entry["guest_format"] = spec["format"]
    return entry


def legacy_mapping(values: list[str]) -> dict[str, str]:
    """--block-device-mapping dev=id:type:size:delete values as a dict."""
    mapping: dict[str, str] = {}
    for value in values:
        device, sep, spec = value.partition("=")
        if not sep or not device or not spec:
            raise exceptions.CommandError(
                f"Invalid --block-device-mapping '{value}': use DEV=ID:TYPE:SIZE:DELETE")
        mapping[device] = spec
    return mapping
