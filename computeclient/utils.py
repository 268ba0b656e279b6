"""What extension modules written for python-novaclient use, under the same
names: a module doing `from novaclient import utils` runs here once the
import reads `from computeclient import utils`.

- `arg` declares a command's argument (`@utils.arg("server", metavar="<server>")`);
- `find_resource(manager, name_or_id)` finds by ID, then name, then human id;
- `print_list` / `print_dict` print a table through computeclient's output
  layer (new commands should rather *return* `output.Listing`/`Record`);
- `unauthenticated` marks a command that needs no credentials;
- `do_action_on_many` acts on several resources and reports each;
- `validate_flavor_metadata_keys` refuses extra spec keys Nova would refuse;
- `flatten_dict`, `pretty_choice_dict`, `record_time`, `prepare_query_string`
  and `get_url_with_filter` are the small helpers of the same names.

Example (a whole extension module)::

    from computeclient import utils

    @utils.arg("server", metavar="<server>", help="Name or ID of the server.")
    def do_server_status(cs, args):
        \"\"\"Print a server's status.\"\"\"
        server = utils.find_resource(cs.servers, args.server)
        utils.print_dict({"name": server.name, "status": server.status})
"""

from __future__ import annotations

import contextlib
import re
import time

from computeclient import cliutils

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

    F = TypeVar("F", bound=Callable[..., Any])

arg = cliutils.arg


def find_resource(manager: Any, name_or_id: Any, wrap_exception: bool = True,
                  **find_args: Any) -> Any:
    """Find by ID, then name (or the resource class's NAME_ATTR, e.g.
    `display_name`), then human id. Not found or ambiguous: one CommandError,
    or with `wrap_exception=False` the NotFound / NoUniqueMatch itself."""
    from computeclient import exceptions, lookup
    try:
        try:
            return lookup.find(manager, name_or_id, **find_args)
        except exceptions.NotFound:
            name_attr = getattr(getattr(manager, "resource_class", None), "NAME_ATTR", "name")
            if name_attr == "name" or not hasattr(manager, "find"):
                raise
            return manager.find(**{name_attr: name_or_id}, **find_args)
    except (exceptions.NotFound, exceptions.NoUniqueMatch) as exc:
        if not wrap_exception:
            raise
        raise exceptions.CommandError(getattr(exc, "message", None) or str(exc)) from exc


def flatten_dict(data: dict[Any, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts as one level, keys joined by "_": {"a": {"b": 1}} -> {"a_b": 1}
    (an empty dict stays a value)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}_{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            flat.update(flatten_dict(value, name))
        else:
            flat[name] = value
    return flat


def pretty_choice_dict(choices: dict[Any, Any]) -> str:
    """A dict as the quoted, key-sorted list "'k1=v1', 'k2=v2'" for a help text."""
    return ", ".join(f"'{key}={choices[key]}'" for key in sorted(choices))


@contextlib.contextmanager
def record_time(times: list[tuple[str, float, float]], enabled: bool,
                *labels: Any) -> Iterator[None]:
    """Append (the labels joined by spaces, start, end) to `times` for the
    block's run when `enabled` (the `--timings` table's rows)."""
    start = time.time()
    yield
    if enabled:
        times.append((" ".join(map(str, labels)), start, time.time()))


def prepare_query_string(params: dict[Any, Any] | None) -> str:
    """"?k=v&..." from `params`, keys sorted; "" for none."""
    if not params:
        return ""
    from urllib.parse import urlencode
    return "?" + urlencode(sorted(params.items(), key=lambda item: str(item[0])))


def get_url_with_filter(url: str, filters: dict[Any, Any] | None) -> str:
    """`url` with `filters` as its query string (see prepare_query_string)."""
    return url + prepare_query_string(filters)


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
    digits, spaces, `_`, `.`, `:` and `-`) with InvalidArgument (a CommandError).

    Example: ``utils.validate_flavor_metadata_keys(["hw:cpu_policy"])``
    """
    for key in keys:
        if not _FLAVOR_KEY.match(key):
            from computeclient import exceptions

            raise exceptions.InvalidArgument(
                f'Invalid key: "{key}". Keys may only contain letters, numbers, spaces, '
                "underscores, periods, colons and hyphens.")
