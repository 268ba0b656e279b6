"""Run on first use, not at import, the packages the sandbox's Nova never runs.

Nova's modules import, at module level, packages that no sandbox request
reaches (alembic for migrations the template has already replayed, os-brick
and paramiko for real volumes and key generation, the RabbitMQ driver...).
Importing them is about a twentieth of start-up. `defer()` gives such a
package, and each of its submodules, a module object whose code runs the
first time an attribute it does not have yet is read: whatever does use the
package gets it whole, only later.

Not importlib.util.LazyLoader: on Python 3.11 it runs the body on any
attribute read, `__path__` included, which importing any submodule does (so
a package would load at once), and it takes no lock for threads.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from typing import Any, Sequence

#: What the import system reads while setting a module up: never runs the body.
_IMPORT_SYSTEM_ATTRIBUTES = frozenset((
    "__name__", "__loader__", "__package__", "__spec__", "__path__", "__file__",
    "__cached__", "__builtins__"))

# One lock for all deferred bodies: each runs once; other threads wait for it.
_LOCK = threading.RLock()
_RUNNING: set[str] = set()


class _DeferredModule(types.ModuleType):
    """A module whose body has not run yet."""

    def __getattr__(self, name: str) -> Any:
        # Python calls this only for attributes the module does not have.
        if name in _IMPORT_SYSTEM_ATTRIBUTES:
            raise AttributeError(name)
        spec = object.__getattribute__(self, "__spec__")
        # `from package import name` asks the package before importing the
        # submodule: hand over the (deferred) submodule instead.
        if (spec.submodule_search_locations is not None and not name.startswith("__")
                and importlib.util.find_spec(f"{spec.name}.{name}") is not None):
            return importlib.import_module(f"{spec.name}.{name}")
        _run_body(self, spec)
        return getattr(self, name)


def _run_body(module: types.ModuleType, spec: importlib.machinery.ModuleSpec) -> None:
    with _LOCK:
        if type(module) is not _DeferredModule:
            return  # another thread ran it while this one waited
        if spec.name in _RUNNING:
            # The body itself reads a name it has not defined yet.
            raise AttributeError(f"partially initialized module {spec.name!r}")
        _RUNNING.add(spec.name)
        try:
            loader = spec.loader.deferred_loader  # type: ignore[union-attr]
            module.__loader__ = spec.loader = loader
            loader.exec_module(module)
            module.__class__ = types.ModuleType  # type: ignore[assignment]  # a plain module now
        finally:
            _RUNNING.discard(spec.name)


class _DeferringLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.deferred_loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _DeferredModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        """The body waits for the first attribute miss (_DeferredModule)."""


class _DeferringFinder(importlib.abc.MetaPathFinder):
    def __init__(self, packages: Sequence[str]) -> None:
        self.packages = tuple(packages)

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname.split(".", 1)[0] not in self.packages:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            spec.loader = _DeferringLoader(spec.loader)
        return spec


def defer(packages: Sequence[str]) -> None:
    """Defer the code of `packages` (top-level names) and of their submodules."""
    imported = [name for name in packages if name in sys.modules]
    if imported:
        raise RuntimeError(f"already imported, too late to defer: {', '.join(imported)}")
    sys.meta_path.insert(0, _DeferringFinder(packages))
