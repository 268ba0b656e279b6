"""Import hook: `novaclient.*` is computeclient, `novaclient.tests.*` is the wheel's.

Loaded as a pytest plugin (`-p tests.novaclient_oracle.hook`), it puts a
finder first on `sys.meta_path`:

- `novaclient` and `novaclient.X.Y` resolve to the module objects
  `computeclient` and `computeclient.X.Y` themselves (one module under two
  names, so `mock.patch("novaclient.v2.servers.x")` patches computeclient);
  a module computeclient lacks fails to import, as it would for a script.
- `novaclient.tests` and below come from the installed python-novaclient
  wheel: the tests, their fixtures (`fixture_data`) and fakes (`v2/fakes.py`).

Nothing else is adapted: every failure is computeclient's to fix (or a
difference documented in docs/differences-from-novaclient.md).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence
from pathlib import Path

ALIAS = "novaclient"
TARGET = "computeclient"
TESTS = ALIAS + ".tests"


def wheel_dir() -> Path:
    """The installed python-novaclient package, found without importing it."""
    for entry in sys.path:
        candidate = Path(entry or ".") / ALIAS / "tests"
        if candidate.is_dir():
            return candidate.parent
    raise ImportError("python-novaclient (with its tests) is not installed")


class _Alias(importlib.abc.Loader):
    """Hands out an already imported computeclient module under a novaclient name."""

    def __init__(self, target: types.ModuleType) -> None:
        self.target = target
        self.spec = target.__spec__

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return self.target

    def exec_module(self, module: types.ModuleType) -> None:
        module.__spec__ = self.spec  # the import system set the alias spec


class NovaclientFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: types.ModuleType | None = None,
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname == TESTS:
            return importlib.machinery.PathFinder.find_spec(fullname, [str(wheel_dir())])
        if fullname.startswith(TESTS + "."):
            return None  # found under novaclient.tests' own __path__
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        module = importlib.import_module(TARGET + fullname[len(ALIAS):])
        return importlib.util.spec_from_loader(fullname, _Alias(module),
                                               is_package=hasattr(module, "__path__"))


def install() -> None:
    """Put the finder first; forget any novaclient already imported."""
    if not any(isinstance(f, NovaclientFinder) for f in sys.meta_path):
        for name in [n for n in sys.modules if n == ALIAS or n.startswith(ALIAS + ".")]:
            del sys.modules[name]
        sys.meta_path.insert(0, NovaclientFinder())


install()
