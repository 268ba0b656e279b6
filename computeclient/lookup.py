"""Finding a resource by what a user typed: its ID or its name, in one
place for the library and the shell."""

from __future__ import annotations

import re
from typing import Any

from computeclient import base, exceptions


def find(manager: base.Manager[base.R], name_or_id: Any, what: str | None = None,
         **find_args: Any) -> base.R:
    """The one look-up by name or ID, for every manager (the shell's
    cliutils.find_resource turns its errors into one CommandError line).

    In order: a UUID by GET (any value first by GET when the manager's
    `ids_are_names` or `lookup_id_first` says so); the exact name through
    `manager.find(name=...)`, or `manager.list(name=...)` for managers of
    other services (Glance, Neutron); any other value by GET unless
    `ids_are_uuids`; a resource class's HUMAN_ID. A UUID costs one GET, a
    name one filtered list. None: NotFound (caused by the server's 404, whose
    message it keeps); several names: NoUniqueMatch.

    Example: ``lookup.find(cs.glance, "cirros")``
    """
    found: base.R = _find(manager, name_or_id, what, **find_args)
    return found


def _find(manager: Any, name_or_id: Any, what: str | None, **find_args: Any) -> Any:
    """find's steps; `manager` is duck-typed here (get, find or list, the flags)."""
    from oslo_utils import uuidutils  # here, not at start-up: help never looks up
    what = what or _noun_of(manager)
    name_or_id = str(base.getid(name_or_id))
    ids_are_names = getattr(manager, "ids_are_names", False)
    not_found: exceptions.NotFound | None = None

    id_first = (uuidutils.is_uuid_like(name_or_id) or ids_are_names
                or getattr(manager, "lookup_id_first", False))
    if id_first:
        try:
            return manager.get(name_or_id)
        except exceptions.NotFound as exc:
            if ids_are_names:
                raise exceptions.NotFound(
                    404, f"No {what} named '{name_or_id}' exists: {exc.message}") from exc
            not_found = exc
        except exceptions.InvalidPathSegment:
            if ids_are_names:
                raise  # no other way to find it: say why
            # not addressable as an ID (e.g. "a/b"), so perhaps a name

    try:
        if hasattr(manager, "find"):
            return manager.find(name=name_or_id, **find_args)
        matches = manager.list(name=name_or_id, **find_args)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise exceptions.NoUniqueMatch("several")
    except exceptions.NoUniqueMatch as exc:
        raise exceptions.NoUniqueMatch(
            f"More than one {what} is named '{name_or_id}'; use its ID") from exc
    except exceptions.NotFound:
        pass

    if not id_first and not getattr(manager, "ids_are_uuids", False):
        try:
            return manager.get(name_or_id)
        except exceptions.NotFound as exc:
            not_found = exc
        except exceptions.InvalidPathSegment:
            pass  # not addressable as an ID, and no name matched

    resource_class = getattr(manager, "resource_class", None)
    if getattr(resource_class, "HUMAN_ID", False):
        matches = [r for r in manager.list(**find_args) if r.human_id == name_or_id]
        if len(matches) == 1:
            return matches[0]

    detail = f" ({not_found.message})" if not_found is not None and not_found.message else ""
    raise exceptions.NotFound(
        404, f"No {what} with a name or ID of '{name_or_id}' exists{detail}",
        request_id=getattr(not_found, "request_id", None)) from not_found


def _noun_of(manager: Any) -> str:
    """'server group' for a manager of ServerGroup resources."""
    cls = getattr(manager, "resource_class", None)
    if cls is None:
        return "resource"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
