"""Extensions: modules in computeclient/v2/contrib/ and the
`computeclient.extension` entry point group.

An extension module may define `do_*` commands and a Manager subclass
(attached to the Client under the extension's name).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from types import ModuleType
from typing import Any

from computeclient import base

ENTRY_POINT_GROUP = "computeclient.extension"


class Extension:
    """One loaded extension module."""

    def __init__(self, name: str, module: ModuleType, origin: str) -> None:
        self.name = name
        self.module = module
        self.origin = origin
        self.manager_class = self._find_manager(module)

    @staticmethod
    def _find_manager(module: ModuleType) -> type | None:
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, base.Manager) and obj.__module__ == module.__name__:
                return obj
        return None

    def __repr__(self) -> str:
        return f"<Extension {self.name} from {self.origin}>"


_LOADED: list[Extension] | None = None


def _warn(name: str, exc: BaseException) -> None:
    print(f"WARNING: extension '{name}' was not loaded: {type(exc).__name__}: {exc}",
          file=sys.stderr)


def _contrib() -> list[Extension]:
    from computeclient.v2 import contrib
    found = []
    for info in pkgutil.iter_modules(contrib.__path__):
        full = f"{contrib.__name__}.{info.name}"
        try:
            module = importlib.import_module(full)
        except Exception as exc:  # a broken drop-in must not break the shell
            _warn(full, exc)
            continue
        found.append(Extension(info.name, module, getattr(module, "__file__", full)))
    return found


def _entry_points() -> list[Extension]:
    from importlib import metadata
    found = []
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            module = entry.load()
        except Exception as exc:
            _warn(entry.name, exc)
            continue
        if not isinstance(module, ModuleType):
            module = sys.modules.get(getattr(module, "__module__", ""), module)
        found.append(Extension(entry.name, module, f"entry point {entry.value}"))
    return found


def loaded() -> list[Extension]:
    """Every extension, loaded once per process."""
    global _LOADED
    if _LOADED is None:
        _LOADED = _contrib() + _entry_points()
    return _LOADED


def discover(version: Any = None) -> list[Extension]:
    """Every extension (for `client.Client(..., extensions=...)`)."""
    return list(loaded())


def run_hooks(name: str, *args: Any) -> None:
    """Call `name` (__pre_parse_args__ or __post_parse_args__) of each extension."""
    for ext in loaded():
        hook = getattr(ext.module, name, None)
        if callable(hook):
            hook(*args)


def commands_of(ext: Extension) -> list[str]:
    from computeclient import cliutils
    return sorted(cliutils.command_name(getattr(ext.module, attr))
                  for attr in dir(ext.module) if attr.startswith("do_"))
