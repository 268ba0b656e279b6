"""`list --fields` and `list --sort`: the names nova users type, read as nova does."""

from __future__ import annotations

import functools
import itertools

from computeclient import api_versions, cliutils, exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable

    from computeclient.v2.client import Client
    from computeclient.v2.servers import Server

#: Short names `list --fields` accepts beside a server's own keys (nova's).
_ALIASES = {"host": "OS-EXT-SRV-ATTR:host", "task_state": "OS-EXT-STS:task_state",
            "instance_name": "OS-EXT-SRV-ATTR:instance_name",
            "power_state": "OS-EXT-STS:power_state", "host_id": "hostId"}

#: Column names for `--sort`, as `list` shows them, to Nova's sort keys (Nova
#: refuses `name`: its key is `display_name`). Any other key goes as given.
SORT_KEYS = {"name": "display_name", "description": "display_description", "id": "uuid",
             "created": "created_at", "updated": "updated_at", "image": "image_ref",
             "tenant_id": "project_id", "status": "vm_state"}


def parse_sort(text: str | None) -> tuple[list[str], list[str]]:
    """--sort KEY[:DIR],... to Nova's sort_key/sort_dir lists (DIR defaults to desc)."""
    keys, dirs = [], []
    for item in cliutils.parse_fields(text):
        key, _, direction = item.partition(":")
        if direction and direction not in ("asc", "desc"):
            raise exceptions.CommandError(f"Sort direction must be asc or desc, not '{direction}'")
        keys.append(SORT_KEYS.get(key, key))
        dirs.append(direction or "desc")
    return keys, dirs


def header(field: str) -> str:
    """A readable header for a field, as nova writes it: `key_name` reads
    `Key Name`, `OS-EXT-AZ:availability_zone` reads `OS-EXT-AZ: Availability Zone`."""
    prefix, colon, name = field.rpartition(":")
    name = name.replace("_", " ")
    if name.islower() or name.isupper():
        name = name.title()
    return f"{prefix}: {name}" if colon else name


def _embedded_flavor(cs: Client, server: Server) -> dict[str, Any] | None:
    flavor = server.field("flavor")
    if api_versions.supports(cs, "2.47") and isinstance(flavor, dict):
        return flavor
    return None


def known_fields(cs: Client, server: Server) -> set[str]:
    """The --fields names a server offers: its keys, nova's short names, networks."""
    info = server.to_dict()
    names = set(info) | {"networks"} | {a for a, key in _ALIASES.items() if key in info}
    flavor = _embedded_flavor(cs, server)
    if flavor is not None:  # 2.47+: nova offers the embedded flavor's keys, not `flavor`
        names.discard("flavor")
        names |= {f"flavor:{key}" for key in flavor}
    return names


def value(cs: Client, server: Server, field: str, networks: Callable[[Any], str],
          power_state: Callable[[Any], Any]) -> Any:
    """The cell of one --fields column for one server."""
    if field == "networks":
        return networks(server)
    if field == "power_state":
        return power_state(server)
    if field.startswith("flavor:"):
        return (_embedded_flavor(cs, server) or {}).get(field.partition(":")[2])
    raw = server.field(_ALIASES.get(field, field))
    if field == "security_groups" and isinstance(raw, list):
        return ", ".join(group.get("name", "") for group in raw)
    if field == "flavor" and isinstance(raw, dict):
        return raw.get("id")
    return raw


def _cell(cs: Client, field: str, networks: Callable[[Any], str],
          power_state: Callable[[Any], Any], server: Any) -> Any:
    return value(cs, server, field, networks, power_state)


def fields_columns(cs: Client, text: str, servers: Iterable[Any],
                   networks: Callable[[Any], str], power_state: Callable[[Any], Any],
                   ) -> tuple[list[str], dict[str, Callable[[Any], Any]], Iterable[Any]]:
    """`list --fields a,b`: ID and those fields under readable headers, as nova.

    A name the first server does not have is refused, as nova refuses it.
    Returns the columns, their formatters and the servers (an iterator's
    first server is put back).
    """
    wanted = list(dict.fromkeys(cliutils.parse_fields(text)))
    iterator = iter(servers)
    first = next(iterator, None)
    if first is not None:
        unknown = [f for f in wanted if f not in known_fields(cs, first)]
        if unknown:
            raise exceptions.CommandError(f"Non-existent fields are specified: {unknown}")
    rest: Iterable[Any] = servers if isinstance(servers, list) else (
        itertools.chain([first], iterator) if first is not None else iterator)
    columns = ["ID"]
    formatters: dict[str, Callable[[Any], Any]] = {}
    for field in wanted:
        if field == "id":
            continue
        title = header(field)
        columns.append(title)
        formatters[title] = functools.partial(_cell, cs, field, networks, power_state)
    return columns, formatters, rest
