"""The v2 shell: gathers the `do_*` commands of every command module.

Command modules live in computeclient/v2/commands/ (one per resource);
extensions add theirs. Nothing here builds a parser: the generic shell
builds only the one the invocation needs.
"""

from __future__ import annotations

import importlib
import os
import re
from typing import Any, Callable

from computeclient import cliutils
from computeclient.v2 import commands as commands_package

_CACHE: dict[str, Callable[..., Any]] | None = None


def _gather(module: object, found: dict[str, Callable[..., Any]],
            on_clash: Callable[[str], None] | None = None) -> None:
    for attr in dir(module):
        if attr.startswith("do_"):
            func = getattr(module, attr)
            if not callable(func):
                continue
            name = cliutils.command_name(func)
            if name in found and on_clash is not None:
                on_clash(name)  # an extension never replaces a built-in command
                continue
            found[name] = func


_DEFINITION = re.compile(r"^(?:def (do_\w+)\s*\(|(do_\w+)\s*=)", re.MULTILINE)


def find_builtin(name: str) -> Callable[..., Any] | None:
    """The built-in command `name`, importing only the module that defines it.

    Running one command needs one command module, not all of them: the
    modules' text says which one defines `do_<name>`. None when no module
    does (an extension's command, or a typo) or the text cannot be read.
    """
    from computeclient.extension import module_names

    attr = "do_" + name.replace("-", "_")
    (folder,) = commands_package.__path__
    for module_name in module_names([folder]):
        path = os.path.join(folder, f"{module_name}.py")
        try:
            with open(path, encoding="utf-8") as source:
                defined = {a or b for a, b in _DEFINITION.findall(source.read())}
        except OSError:
            return None
        if attr in defined:
            module = importlib.import_module(f"{commands_package.__name__}.{module_name}")
            func: Callable[..., Any] | None = getattr(module, attr, None)
            if callable(func) and cliutils.command_name(func) == name:
                return func
    return None


def commands(include_extensions: bool = True) -> dict[str, Callable[..., Any]]:
    """Command name -> `do_*` function, built-ins first, then extensions."""
    global _CACHE
    if _CACHE is not None and include_extensions:
        return _CACHE
    from computeclient.extension import module_names

    found: dict[str, Callable[..., Any]] = {}
    for module_name in module_names(commands_package.__path__):
        module = importlib.import_module(f"{commands_package.__name__}.{module_name}")
        _gather(module, found)
    if include_extensions:
        from computeclient import extension
        for ext in extension.loaded():
            def clash(name: str, ext: extension.Extension = ext) -> None:
                extension.warn(ext.module.__name__, "a built-in command has that name",
                               f"command '{name}' was not added")
            _gather(ext.module, found, clash)
        _CACHE = found
    return found
