"""The layers HACKING.md promises, checked on the source itself.

- every module imports alone in a fresh interpreter, and no two modules
  import each other (directly or around a loop), even lazily;
- no module reads another module's `_private` names;
- version refusals go through `api_versions` only;
- the library (managers) raises library errors, never the shell's CommandError.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "computeclient"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:` (never executed)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return [n for n in ast.walk(tree) if id(n) not in skipped]


def _imports(path: Path) -> set[str]:
    """computeclient modules `path` imports anywhere (lazy imports count;
    imports for the type checker only do not)."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return {name for name in found if name in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles_even_lazy_ones():
    graph = {name: _imports(path) - {name} for name, path in MODULES.items()}
    assert _cycles(graph) == []


# One helper interpreter loads the third-party libraries once, then forks a
# fresh child per computeclient module: each child starts with no computeclient
# module loaded, so an import that only works after another one fails here.
FORK_EACH = """
import importlib, os, sys
for heavy in ("requests", "keystoneauth1.session", "prettytable", "osc_lib.command.command"):
    try:
        importlib.import_module(heavy)
    except ImportError:
        pass
assert not [m for m in sys.modules if m.startswith("computeclient")]
for name in sys.argv[1:]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(name)
            message = ""
        except BaseException as exc:
            message = f"{type(exc).__name__}: {exc}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    if message:
        print(f"{name}: {message}")
"""


def test_each_module_imports_alone_in_a_fresh_interpreter():
    runnable = [name for name in MODULES if not name.endswith("__main__")]  # runs the CLI
    result = subprocess.run([sys.executable, "-c", FORK_EACH, *runnable],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_no_private_names_across_modules():
    """`from computeclient.x import _name` and `module._name` are reach-ins
    (attribute access on objects is ruff's SLF001)."""
    offenders = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text())
        imported_modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("computeclient"):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in MODULES:
                        imported_modules.add(alias.asname or alias.name)
                    elif alias.name.startswith("_") and not alias.name.startswith("__"):
                        offenders.append(f"{name}: from {node.module} import {alias.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in imported_modules and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                offenders.append(f"{name}: {node.value.id}.{node.attr}")
    assert offenders == []


# A comparison with a literal microversion, or a refusal built by hand.
HAND_BUILT_GUARD = re.compile(
    r"[<>]=?\s*(api_versions\.)?APIVersion\(\s*[\"']"
    r"|APIVersion\(\s*[\"'][\d.]+[\"']\s*\)\s*[<>=]"
    r"|api_version\s*[<>]=?\s*[\"']"
    r"|VersionNotAvailable\(")


@pytest.mark.parametrize("name", [n for n in MODULES if n not in (
    "computeclient.api_versions", "computeclient.exceptions")])
def test_version_guards_only_through_api_versions(name):
    hits = [line.strip() for line in MODULES[name].read_text().splitlines()
            if HAND_BUILT_GUARD.search(line)]
    assert hits == [], "use api_versions.require/supports/wraps"


LIBRARY = [n for n in MODULES if n.startswith("computeclient.v2.")
           and not n.startswith(("computeclient.v2.commands", "computeclient.v2.contrib",
                                 "computeclient.v2.shell"))]
LIBRARY += ["computeclient.base", "computeclient.api_versions", "computeclient.extension",
            "computeclient.client", "computeclient.session_client", "computeclient.transport"]


@pytest.mark.parametrize("name", LIBRARY)
def test_library_modules_do_not_raise_command_error(name):
    assert "CommandError" not in MODULES[name].read_text()


def test_computeclient_imports_neither_nova_nor_the_sandbox_anywhere():
    """The sandbox is its own distribution (sandbox/): not even a lazy import."""
    offenders = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            offenders += [f"{name}: {t}" for t in targets
                          if t.split(".")[0] in ("nova", "keystone", "placement",
                                                 "computeclient_sandbox")]
    assert offenders == []


def test_computeclient_installs_no_import_hook():
    offenders = [name for name, path in MODULES.items() if "meta_path" in path.read_text()]
    assert offenders == []


def test_v2_client_declares_every_lazy_manager_with_its_type():
    from computeclient.v2 import client as v2_client
    declared = dict(v2_client.Client.__annotations__)
    assert declared == {name: cls for name, (_, cls) in v2_client.MANAGERS.items()}


COMMAND_PACKAGES = ("computeclient.v2.commands", "computeclient.v2.contrib")


def test_commands_take_the_typed_client_and_are_checked_strictly():
    """`cs` is the v2 Client in every command (never Any; `Client | None`
    where the command needs no cloud), and mypy.ini checks the command
    packages with `strict`, so what a command does with `cs.servers` is
    checked against ServerManager."""
    import configparser
    untyped = []
    for name, path in MODULES.items():
        if not name.startswith(COMMAND_PACKAGES):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for param in node.args.args + node.args.kwonlyargs:
                    if param.arg == "cs" and (param.annotation is None or ast.unparse(
                            param.annotation) not in ("Client", "Client | None")):
                        untyped.append(f"{name}.{node.name}")
    assert untyped == []
    config = configparser.ConfigParser()
    config.read(PACKAGE.parent / "mypy.ini")
    strict = {section for section in config.sections()
              if config.getboolean(section, "strict", fallback=False)}
    for package in COMMAND_PACKAGES:
        assert any(package + ".*" in section.split(",") for section in
                   (s.removeprefix("mypy-") for s in strict)), package


#: The modules `compute help`, `help CMD`, `CMD --help`, `--version` and
#: completion import: the shell's, and every command module.
HELP_PATH = [n for n in MODULES if n.startswith((
    "computeclient.v2.commands", "computeclient.v2.contrib"))] + [
    "computeclient", "computeclient.shell", "computeclient.shell_parsers",
    "computeclient.shell_auth", "computeclient.v2.shell", "computeclient.v2.command_index",
    "computeclient.auth_options", "computeclient.auth_tables",
    "computeclient.cliutils", "computeclient.utils", "computeclient.exceptions",
    "computeclient.extension", "computeclient.api_versions", "computeclient.output",
    "computeclient.completion", "computeclient.v2.host_wide"]


@pytest.mark.parametrize("name", HELP_PATH)
def test_help_path_modules_import_typing_for_the_checker_only(name):
    """Importing typing costs `compute help` about a tenth of its run; its
    names are for annotations (unevaluated) under `if TYPE_CHECKING:`."""
    runtime = [node for node in _runtime_nodes(ast.parse(MODULES[name].read_text()))
               if (isinstance(node, ast.Import) and any(a.name == "typing" for a in node.names))
               or (isinstance(node, ast.ImportFrom) and node.module == "typing")]
    assert runtime == []
