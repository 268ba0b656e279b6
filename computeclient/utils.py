"""What extension modules written for python-novaclient use, under the same
names: a module doing `from novaclient import utils` runs here once the
import reads `from computeclient import utils`.

- `arg` declares a command's argument (`@utils.arg("server", metavar="<server>")`);
- `find_resource(manager, name_or_id)` finds by ID, then name, then human id;
- `print_list` / `print_dict` print a table through computeclient's output
  layer (new commands should rather *return* `output.Listing`/`Record`);
- `unauthenticated` marks a command that needs no credentials;
- `do_action_on_many` acts on several resources and reports each;
- `validate_flavor_metadata_keys` refuses extra spec keys Nova would refuse.

Example (a whole extension module)::

    from computeclient import utils

    @utils.arg("server", metavar="<server>", help="Name or ID of the server.")
    def do_server_status(cs, args):
        \"\"\"Print a server's status.\"\"\"
        server = utils.find_resource(cs.servers, args.server)
        utils.print_dict({"name": server.name, "status": server.status})
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Sequence, TypeVar

from computeclient import cliutils

F = TypeVar("F", bound=Callable[..., Any])

arg = cliutils.arg
find_resource = cliutils.find_resource


def unauthenticated(func: F) -> F:
    """Mark a command that runs without cloud credentials (it gets no client)."""
    func.unauthenticated = True  # type: ignore[attr-defined]
    return func


def isunauthenticated(func: Callable[..., Any]) -> bool:
    """True when `func` was marked with @unauthenticated."""
    return bool(getattr(func, "unauthenticated", False))


def print_list(objs: Iterable[Any], fields: Sequence[str],
               formatters: dict[str, Callable[[Any], Any]] | None = None,
               sortby_index: int | None = 0) -> None:
    """Print objects as a table, one row each; a field "Server ID" reads the
    attribute `server_id`, `formatters[field](obj)` overrides that.

    Example: ``utils.print_list(cs.flavors.list(), ["ID", "Name", "RAM"])``
    """
    from computeclient import output

    rows = list(output.Listing.from_objects(list(objs), fields, formatters or {}).rows)
    if sortby_index is not None and fields:
        rows.sort(key=lambda row: str(row[sortby_index]))
    output.emit(output.Listing(fields, rows))


def print_dict(d: dict[str, Any], dict_property: str = "Property",
               dict_value: str = "Value", wrap: int = 0) -> None:
    """Print a dict as a two-column table (keys sorted); `wrap` > 0 folds
    each value at that many characters, as python-novaclient's does.

    Example: ``utils.print_dict(server.to_dict(), wrap=40)``
    """
    from computeclient import output

    rows = [[key, _folded(value, wrap)] for key, value in sorted(d.items())]
    output.emit(output.Listing([dict_property, dict_value], rows))


def _folded(value: Any, wrap: int) -> Any:
    if wrap <= 0 or value is None:
        return value
    import json
    import textwrap

    text = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return textwrap.fill(text, wrap)


def do_action_on_many(action: Callable[[Any], Any], resources: Iterable[Any],
                      success_msg: str, error_msg: str) -> None:
    """Call `action` on each resource; print `success_msg % resource` after
    each success and the error after each failure, then raise CommandError
    with `error_msg` if any failed.

    Example: ``utils.do_action_on_many(cs.servers.delete, servers, "Deleted %s.",
    "Some servers were not deleted.")``
    """
    from computeclient import exceptions

    failed = False
    for resource in resources:
        try:
            action(resource)
            print(success_msg % _resource_string(resource))
        except Exception as exc:  # each failure is reported; the rest still run
            failed = True
            print(exc)
    if failed:
        raise exceptions.CommandError(error_msg)


def _resource_string(resource: Any) -> str:
    """The name and id of a resource with a human id, else its id, else itself."""
    human_id = getattr(resource, "human_id", None)
    resource_id = getattr(resource, "id", None)
    if human_id:
        return f"{human_id} ({resource_id})" if resource_id else str(human_id)
    return str(resource_id or resource)


_FLAVOR_KEY = re.compile(r"[\w.\- :]+$")


def validate_flavor_metadata_keys(keys: Iterable[str]) -> None:
    """Refuse a flavor extra spec key Nova would refuse (only letters,
    digits, spaces, `_`, `.`, `:` and `-`) with CommandError.

    Example: ``utils.validate_flavor_metadata_keys(["hw:cpu_policy"])``
    """
    for key in keys:
        if not _FLAVOR_KEY.match(key):
            from computeclient import exceptions

            raise exceptions.CommandError(
                f'Invalid key: "{key}". Keys may only contain letters, numbers, spaces, '
                "underscores, periods, colons and hyphens.")
