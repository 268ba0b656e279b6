"""Extensions: modules in computeclient/v2/contrib/ or in a directory of
$COMPUTECLIENT_EXTENSION_PATH, and the `computeclient.extension` entry point
group (importlib only, Python 3.10+).

An extension module may define:
- `do_*` commands (with `@arg`, version bounds and `@api_versions.wraps`,
  exactly like built-in command modules);
- one `base.Manager` subclass, attached to the Client as `cs.<name>`;
- `__pre_parse_args__()`, called before the command's own arguments are
  parsed, and `__post_parse_args__(args)`, called with the parsed Namespace
  before the command runs;
- optionally `MIN_API_VERSION` / `MAX_API_VERSION` (strings such as "2.60"):
  `discover(version)` leaves the extension out for sessions outside them.

A module that fails to import is reported in one warning on stderr naming
the module and the error; every other command keeps working.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from types import ModuleType

from computeclient import exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator

ENTRY_POINT_GROUP = "computeclient.extension"
COMMAND_GROUP = "computeclient.commands"
PATH_VARIABLE = "COMPUTECLIENT_EXTENSION_PATH"
HOOKS = ("__pre_parse_args__", "__post_parse_args__")


class Extension:
    """One loaded extension module: its commands, manager and origin."""

    def __init__(self, name: str, module: ModuleType, origin: str) -> None:
        self.name = name
        self.module = module
        self.origin = origin
        self.manager_class = self._find_manager(name, module)

    @staticmethod
    def _find_manager(name: str, module: ModuleType) -> type | None:
        own = [obj for _, obj in sorted(vars(module).items())
               if isinstance(obj, type) and obj.__module__ == module.__name__]
        if not own:  # no class: `compute help` need not import base (json, urllib)
            return None
        from computeclient import base
        found = [cls for cls in own if issubclass(cls, base.Manager)]
        if not found:
            return None
        if _shadows_client_attribute(name):
            warn(module.__name__, f"'cs.{name}' is a built-in attribute of the Client",
                  what="has a manager that was not attached")
            return None
        return found[0]

    def attach_to(self, client: Any) -> None:
        """Give `client` this extension's manager as `client.<name>`; a manager
        that fails to build is one warning, never a broken client."""
        if self.manager_class is None:
            return
        try:
            setattr(client, self.name, self.manager_class(client))
        except Exception as exc:
            warn(self.module.__name__, exc, "manager was not attached")

    @property
    def commands(self) -> list[str]:
        """Names of the commands the module defines (`do_foo_bar` → foo-bar)."""
        return commands_of(self)

    def supports(self, version: Any) -> bool:
        """False when the module declares a microversion range `version` is outside."""
        if version is None or version.is_latest():
            return True
        return bool(version.matches(getattr(self.module, "MIN_API_VERSION", None),
                                    getattr(self.module, "MAX_API_VERSION", None)))

    def __repr__(self) -> str:
        return f"<Extension {self.name} from {self.origin}>"


_LOADED: list[Extension] | None = None
_WARNED: set[tuple[str, str]] = set()


def warn(module_name: str, problem: Any, what: str = "was not loaded") -> None:
    """One line per broken module and process, never a traceback."""
    if (module_name, what) in _WARNED:
        return
    _WARNED.add((module_name, what))
    if isinstance(problem, BaseException):
        problem = f"{type(problem).__name__}: {problem}"
    print(f"WARNING: extension '{module_name}' {what}: {problem}", file=sys.stderr)


def _shadows_client_attribute(name: str) -> bool:
    from computeclient.v2 import client as v2_client
    return name in v2_client.MANAGERS or hasattr(v2_client.Client, name)


def extension_dirs() -> list[str]:
    """Directories of drop-in modules named by $COMPUTECLIENT_EXTENSION_PATH
    (os.pathsep-separated), searched after computeclient/v2/contrib/."""
    value = os.environ.get(PATH_VARIABLE, "")
    return [d for d in value.split(os.pathsep) if d]


def _module_name(filename: str, suffixes: Iterable[str]) -> str | None:
    """'x.py' -> 'x' for any of `suffixes` (longest first), else None."""
    for suffix in suffixes:
        if filename.endswith(suffix):
            return filename[:-len(suffix)]
    return None


def module_names(directories: Iterable[str]) -> list[str]:
    """The modules and packages in `directories`, sorted per directory, the first
    of a name winning: the names `pkgutil.iter_modules` gives, without the
    `inspect` import (and its ast, dis, tokenize) that it costs every command."""
    from importlib import machinery

    # Every suffix the import system loads, longest first ('.cpython-311-x86_64-linux-gnu.so').
    suffixes = sorted(machinery.all_suffixes(), key=len, reverse=True)
    found: list[str] = []
    for directory in directories:
        try:
            entries = sorted(os.listdir(directory))
        except OSError:
            continue
        for filename in entries:
            name = _module_name(filename, suffixes)
            path = os.path.join(directory, filename)
            if not name and "." not in filename and os.path.isdir(path):
                try:
                    inside = os.listdir(path)
                except OSError:
                    continue
                if any(_module_name(f, suffixes) == "__init__" for f in inside):
                    name = filename
            if name and name != "__init__" and "." not in name and name not in found:
                found.append(name)
    return found


def _contrib() -> list[Extension]:
    """Every drop-in module: computeclient/v2/contrib/, then the extension
    path (names starting '_' are helpers). They import as
    computeclient.v2.contrib.NAME wherever they live."""
    from computeclient.v2 import contrib
    for directory in extension_dirs():
        if directory not in contrib.__path__:
            contrib.__path__.append(directory)
    found = []
    for name in sorted(module_names(contrib.__path__)):
        if name.startswith("_"):
            continue
        full = f"{contrib.__name__}.{name}"
        try:
            module = importlib.import_module(full)
        except Exception as exc:  # a broken drop-in must not break the shell
            warn(full, exc)
            continue
        found.append(Extension(name, module, getattr(module, "__file__", None) or full))
    return found


def _entry_point_texts() -> Iterator[str]:
    """Each entry_points.txt of the *.dist-info / *.egg-info folders on sys.path.

    Read straight from the folders: importing importlib.metadata costs more
    than the rest of `compute help`, and almost no installation has an extension.
    """
    for folder in sys.path:
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as f:
                    yield f.read()
            except OSError:
                continue


def declared_anywhere(group: str) -> bool:
    """Whether an installed distribution's entry_points.txt names `group`."""
    return any(f"[{group}]" in text for text in _entry_point_texts())


def registered_commands() -> dict[str, str]:
    """Name -> "module:function" of every `computeclient.commands` entry point.

    These commands take their argv unparsed (`do_x(argv) -> int`), like the
    shell's own `help`; `compute sandbox` is one. The first one found wins.
    Read once per sys.path: every invocation asks before it parses.
    """
    return dict(_registered_on(tuple(sys.path)))


@functools.lru_cache(maxsize=4)
def _registered_on(path: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in _entry_point_texts():
        section = None
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("["):
                section = line.strip("[]").strip()
            elif section == COMMAND_GROUP and "=" in line:
                name, _, value = line.partition("=")
                found.setdefault(name.strip(), value.strip())
    return found


def load_command(name: str) -> Callable[..., Any] | None:
    """The registered command `name`, imported; None when none is registered, or
    when what it names does not import (a distribution removed but for its
    metadata): one warning line then, and every other command keeps working."""
    value = registered_commands().get(name)
    if value is None:
        return None
    module_name, _, attr = value.partition(":")
    try:
        func: Callable[..., Any] = getattr(importlib.import_module(module_name.strip()),
                                           attr.strip())
    except (ImportError, AttributeError) as exc:
        warn(value, exc, f"(command '{name}') was not loaded")
        return None
    return func


def _entry_points() -> list[Extension]:
    """Every entry point of the `computeclient.extension` group."""
    if not declared_anywhere(ENTRY_POINT_GROUP):
        return []
    from importlib import metadata
    found = []
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            module = entry.load()
        except Exception as exc:
            warn(entry.value, exc)
            continue
        if not isinstance(module, ModuleType):  # "pkg.mod:attr" names something inside
            module = sys.modules.get(entry.value.split(":", 1)[0].strip(), module)
        if not isinstance(module, ModuleType):
            warn(entry.value, "the entry point does not name a module")
            continue
        found.append(Extension(entry.name, module, f"entry point {entry.value}"))
    return found


def _unique(extensions: Iterable[Extension]) -> list[Extension]:
    """Drop a second extension of the same name (contrib wins, it is listed first)."""
    kept: dict[str, Extension] = {}
    for ext in extensions:
        if ext.name in kept:
            if kept[ext.name].module is not ext.module:
                warn(ext.module.__name__, f"an extension named '{ext.name}' is already "
                                       f"loaded from {kept[ext.name].origin}")
            continue
        kept[ext.name] = ext
    return list(kept.values())


def loaded() -> list[Extension]:
    """Every extension, imported once per process."""
    global _LOADED
    if _LOADED is None:
        _LOADED = _unique(_contrib() + _entry_points())
    return _LOADED


def discover(version: Any = None) -> list[Extension]:
    """The extensions usable at `version` (an APIVersion; None or latest: all).

    For library users: `client.Client("2.60", ..., extensions=discover(v))`.
    """
    return [ext for ext in loaded() if ext.supports(version)]


def run_hooks(name: str, *args: Any) -> None:
    """Call hook `name` of each extension that defines it.

    A hook may refuse the invocation by raising a computeclient error (the
    shell prints it as usual); any other exception is a bug in the extension,
    reported as one warning so the command still runs.
    """
    if name not in HOOKS:
        raise ValueError(f"unknown extension hook {name!r}")
    for ext in loaded():
        hook = getattr(ext.module, name, None)
        if not callable(hook):
            continue
        try:
            hook(*args)
        except exceptions.ComputeClientError:
            raise
        except Exception as exc:
            warn(ext.module.__name__, exc, what=f"failed in {name}")


def commands_of(ext: Extension) -> list[str]:
    """The command names an extension module contributes."""
    from computeclient import cliutils
    return sorted(cliutils.command_name(getattr(ext.module, attr))
                  for attr in dir(ext.module)
                  if attr.startswith("do_") and callable(getattr(ext.module, attr)))


def reset() -> None:
    """Forget what was loaded (tests, or a long-lived process after installs)."""
    global _LOADED
    _LOADED = None
    _WARNED.clear()
    importlib.invalidate_caches()  # see modules written or installed since
