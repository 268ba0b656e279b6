"""What extension modules written for python-novaclient use, under the same
names: a module doing `from novaclient import utils` runs here once the
import reads `from computeclient import utils`.

- `arg` declares a command's argument (`@utils.arg("server", metavar="<server>")`);
- `find_resource(manager, name_or_id)` finds by ID, then name, then human id;
- `print_list` / `print_dict` print a table through computeclient's output
  layer (new commands should rather *return* `output.Listing`/`Record`);
- `unauthenticated` marks a command that needs no credentials.

Example (a whole extension module)::

    from computeclient import utils

    @utils.arg("server", metavar="<server>", help="Name or ID of the server.")
    def do_server_status(cs, args):
        \"\"\"Print a server's status.\"\"\"
        server = utils.find_resource(cs.servers, args.server)
        utils.print_dict({"name": server.name, "status": server.status})
"""

from __future__ import annotations

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
               dict_value: str = "Value") -> None:
    """Print a dict as a two-column table (keys sorted).

    Example: ``utils.print_dict(server.to_dict())``
    """
    from computeclient import output

    rows = [[key, value] for key, value in sorted(d.items())]
    output.emit(output.Listing([dict_property, dict_value], rows))
