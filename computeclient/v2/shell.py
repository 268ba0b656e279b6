"""The v2 shell: the `do_*` commands of the command modules and extensions.

Command modules live in computeclient/v2/commands/ (one per resource);
extensions add theirs. What `compute help`, bash-completion and finding one
command need of the built-ins is read from the generated command_index, so
they import no command module but the one that runs; extensions are
third-party code, known only by importing them. Nothing here builds a
parser: the generic shell builds only the one the invocation needs.
"""

from __future__ import annotations

import importlib

from computeclient import cliutils
from computeclient.v2 import commands as commands_package

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

#: What the index holds of one command: (module, summary, options).
IndexEntry = tuple[str, str, tuple[str, ...]]


def _index() -> dict[str, IndexEntry]:
    """The committed command index, imported on first use: the generator
    (build_index) works without it, even when the file is missing or broken."""
    from computeclient.v2.command_index import COMMANDS
    return COMMANDS


def _do_functions(module: object) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(command name, function) of each `do_*` function of `module`."""
    for attr in dir(module):
        if attr.startswith("do_"):
            func = getattr(module, attr)
            if callable(func):
                yield cliutils.command_name(func), func


def find_builtin(name: str) -> Callable[..., Any] | None:
    """The built-in command `name`, importing only the module the index names.

    None when it is no built-in (an extension's command, or a typo).
    """
    entry = _index().get(name)
    if entry is None:
        return None
    module = importlib.import_module(f"{commands_package.__name__}.{entry[0]}")
    func: Callable[..., Any] | None = getattr(module, "do_" + name.replace("-", "_"), None)
    return func if callable(func) and cliutils.command_name(func) == name else None


def extension_commands() -> dict[str, Callable[..., Any]]:
    """Command name -> `do_*` function of each extension (imported).

    An extension never replaces a built-in command, nor one of an extension
    loaded before it: that command is left out with a warning.
    """
    from computeclient import extension

    builtins = _index()
    found: dict[str, Callable[..., Any]] = {}
    for ext in extension.loaded():
        for name, func in _do_functions(ext.module):
            if name in builtins or name in found:
                owner = "a built-in command" if name in builtins else "another extension's command"
                extension.warn(ext.module.__name__, f"{owner} has that name",
                               f"command '{name}' was not added")
            else:
                found[name] = func
    return found


def commands(include_extensions: bool = True) -> dict[str, Callable[..., Any]]:
    """Command name -> `do_*` function, built-ins first, then extensions.

    Imports every command module: for callers that need the functions (the
    completion script, the index's generator); `compute help` needs only
    `summaries()`.
    """
    from computeclient.extension import module_names

    found: dict[str, Callable[..., Any]] = {}
    for module_name in module_names(commands_package.__path__):
        module = importlib.import_module(f"{commands_package.__name__}.{module_name}")
        found.update(_do_functions(module))
    if include_extensions:
        found.update(extension_commands())
    return found


def options_of(func: Callable[..., Any]) -> tuple[str, ...]:
    """The option strings of every microversion variant of a command, sorted."""
    from computeclient import api_versions

    return tuple(sorted({flag for variant in api_versions.variants(func)
                         for args, _ in getattr(variant, "arguments", [])
                         for flag in args if flag.startswith("-")}))


def heading_of(module: str) -> str:
    """The heading a command module's commands are listed under (one module per resource).

    Example: ``heading_of("server_consoles")`` -> ``"Server consoles"``
    """
    return module.replace("_", " ").capitalize()


def grouped_summaries() -> dict[str, list[tuple[str, str]]]:
    """Heading -> (command name, summary) of the built-ins (from the index, no
    import), by heading, then "From extensions" for the extensions' commands."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, (module, summary, _) in _index().items():
        groups.setdefault(heading_of(module), []).append((name, summary))
    groups = {heading: sorted(rows) for heading, rows in sorted(groups.items())}
    extensions = [(name, cliutils.summary(func)) for name, func in extension_commands().items()]
    if extensions:
        groups["From extensions"] = sorted(extensions)
    return groups


def summaries() -> dict[str, str]:
    """Command name -> its line in `compute help`: built-ins, then extensions."""
    found = {name: summary for name, (_, summary, _) in _index().items()}
    found.update((name, cliutils.summary(func)) for name, func in extension_commands().items())
    return found


def completion_words() -> set[str]:
    """Every command's name and options (built-ins' and extensions')."""
    words: set[str] = set()
    for name, (_, _, options) in _index().items():
        words.add(name)
        words.update(options)
    for name, func in extension_commands().items():
        words.add(name)
        words.update(options_of(func))
    return words


def command_names() -> list[str]:
    """The names of the built-in and extension commands."""
    return list(_index()) + list(extension_commands())


def build_index() -> dict[str, IndexEntry]:
    """The command index of the live command modules (what command_index holds)."""
    return {name: (func.__module__.rpartition(".")[2], cliutils.summary(func), options_of(func))
            for name, func in sorted(commands(include_extensions=False).items())}
