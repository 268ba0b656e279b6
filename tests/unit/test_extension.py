"""Extension discovery, hooks, warnings and managers (no server needed)."""

from __future__ import annotations

import sys
import textwrap

import pytest

import computeclient.v2.contrib as contrib_package
from computeclient import api_versions, client, exceptions, extension, shell
from computeclient.v2 import shell as v2_shell
from tests.unit.conftest import ENDPOINT

GOOD = textwrap.dedent('''
    from computeclient import base
    from computeclient.cliutils import arg
    from computeclient.output import Listing

    CALLS = []

    class WidgetManager(base.Manager):
        def count(self):
            _, body = self.client.get("/widgets")
            return len(body["widgets"])

    def __pre_parse_args__():
        CALLS.append(("pre",))

    def __post_parse_args__(args):
        CALLS.append(("post", args.size))

    @arg("--size", default="s", help="Widget size.")
    def do_widget_count(cs, args):
        """Count widgets."""
        CALLS.append(("run", args.size))
        return Listing(["Count", "Size"], [[cs.{name}.count(), args.size]])
''')


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A private contrib dir and site dir; extension state reset around the test."""
    drop_dir = tmp_path / "contrib"
    drop_dir.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    # A copy, so the extension path's directory added to it goes away after the test.
    monkeypatch.setattr(contrib_package, "__path__", list(contrib_package.__path__))
    monkeypatch.setenv(extension.PATH_VARIABLE, str(drop_dir))
    monkeypatch.syspath_prepend(str(site))
    before = set(sys.modules)
    extension.reset()
    yield drop_dir, site
    extension.reset()
    for name in set(sys.modules) - before:
        if name.startswith(("computeclient.v2.contrib.zz", "ut_ext")):
            del sys.modules[name]


def add_entry_point(site, dist, lines):
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[computeclient.extension]\n" + lines + "\n")


def names(found):
    return [e.name for e in found]


def test_contrib_drop_in_gives_commands_and_manager(isolated):
    drop_dir, _ = isolated
    (drop_dir / "zz_widgets.py").write_text(GOOD.format(name="zz_widgets"))
    found = {e.name: e for e in extension.loaded()}
    assert {"host_servers", "zz_widgets"} <= set(found)
    ext = found["zz_widgets"]
    assert ext.commands == ["widget-count"]
    assert ext.manager_class.__name__ == "WidgetManager"
    assert ext.origin.endswith("zz_widgets.py")
    assert "widget-count" in v2_shell.commands()


def test_help_and_completion_list_a_drop_in_beside_the_indexed_builtins(isolated, capsys):
    drop_dir, _ = isolated
    (drop_dir / "zz_widgets.py").write_text(GOOD.format(name="zz_widgets") + textwrap.dedent('''
        def do_list(cs, args):
            """Not the real list."""
    '''))
    assert shell.main(["help"]) == 0
    out, err = capsys.readouterr()
    assert "\n  widget-count " in out and out.count("\n  list ") == 1
    assert "Not the real list." not in out
    assert err == ("WARNING: extension 'computeclient.v2.contrib.zz_widgets' command 'list' "
                   "was not added: a built-in command has that name\n")
    assert shell.main(["bash-completion"]) == 0
    assert {"widget-count", "--size", "flavor-list"} <= set(capsys.readouterr().out.split())


def test_helpers_starting_with_underscore_are_not_extensions(isolated):
    drop_dir, _ = isolated
    (drop_dir / "_zz_helper.py").write_text("raise RuntimeError('never imported')\n")
    assert "_zz_helper" not in names(extension.loaded())


def test_broken_drop_in_warns_once_and_the_rest_loads(isolated, capsys):
    drop_dir, _ = isolated
    (drop_dir / "zz_broken.py").write_text("x = 1 / 0\n")
    (drop_dir / "zz_widgets.py").write_text(GOOD.format(name="zz_widgets"))
    assert "zz_widgets" in names(extension.loaded())
    extension.loaded()
    assert capsys.readouterr().err == (
        "WARNING: extension 'computeclient.v2.contrib.zz_broken' was not loaded: "
        "ZeroDivisionError: division by zero\n")


def test_entry_point_module_and_module_attr(isolated):
    _, site = isolated
    (site / "ut_ext_a.py").write_text(GOOD.format(name="ut_a"))
    (site / "ut_ext_b.py").write_text(GOOD.format(name="ut_b"))
    add_entry_point(site, "ut-ext", "ut_a = ut_ext_a\nut_b = ut_ext_b:do_widget_count")
    found = {e.name: e for e in extension.loaded()}
    assert found["ut_a"].origin == "entry point ut_ext_a"
    assert found["ut_b"].module is sys.modules["ut_ext_b"]
    assert found["ut_b"].manager_class.__name__ == "WidgetManager"


def test_broken_entry_point_warns(isolated, capsys):
    _, site = isolated
    add_entry_point(site, "ut-broken", "bad = ut_ext_missing_module")
    assert "bad" not in names(extension.loaded())
    assert capsys.readouterr().err == (
        "WARNING: extension 'ut_ext_missing_module' was not loaded: ModuleNotFoundError: "
        "No module named 'ut_ext_missing_module'\n")


def test_manager_may_not_shadow_a_builtin_attribute(isolated, capsys):
    _, site = isolated
    (site / "ut_ext_servers.py").write_text(GOOD.format(name="servers"))
    add_entry_point(site, "ut-servers", "servers = ut_ext_servers")
    ext = {e.name: e for e in extension.loaded()}["servers"]
    assert ext.manager_class is None
    assert "'cs.servers' is a built-in attribute of the Client" in capsys.readouterr().err


def test_duplicate_name_keeps_the_first(isolated, capsys):
    drop_dir, site = isolated
    (drop_dir / "zz_dup.py").write_text(GOOD.format(name="zz_dup"))
    (site / "ut_ext_dup.py").write_text(GOOD.format(name="zz_dup"))
    add_entry_point(site, "ut-dup", "zz_dup = ut_ext_dup")
    found = [e for e in extension.loaded() if e.name == "zz_dup"]
    assert len(found) == 1 and found[0].module.__name__ == "computeclient.v2.contrib.zz_dup"
    assert "an extension named 'zz_dup' is already loaded" in capsys.readouterr().err


def test_discover_honours_declared_versions(isolated):
    drop_dir, _ = isolated
    (drop_dir / "zz_new.py").write_text('MIN_API_VERSION = "2.60"\n')
    (drop_dir / "zz_old.py").write_text('MAX_API_VERSION = "2.10"\n')
    at = lambda v: names(client.discover_extensions(v))  # noqa: E731
    assert "zz_new" not in at("2.59") and "zz_new" in at("2.60")
    assert "zz_old" in at("2.10") and "zz_old" not in at("2.11")
    assert {"zz_new", "zz_old"} <= set(at("2.latest"))


def test_hooks_bug_warns_refusal_propagates(isolated, capsys):
    drop_dir, _ = isolated
    (drop_dir / "zz_hooks.py").write_text(textwrap.dedent('''
        from computeclient import exceptions
        def __pre_parse_args__():
            raise RuntimeError("oops")
        def __post_parse_args__(args):
            if args == "refuse":
                raise exceptions.CommandError("refused")
    '''))
    extension.run_hooks("__pre_parse_args__")
    extension.run_hooks("__pre_parse_args__")
    assert capsys.readouterr().err == ("WARNING: extension 'computeclient.v2.contrib.zz_hooks' "
                                       "failed in __pre_parse_args__: RuntimeError: oops\n")
    extension.run_hooks("__post_parse_args__", "fine")
    with pytest.raises(exceptions.CommandError, match="refused"):
        extension.run_hooks("__post_parse_args__", "refuse")
    with pytest.raises(ValueError):
        extension.run_hooks("__whatever__")


def test_client_attaches_extension_managers(isolated, mock_http):
    drop_dir, _ = isolated
    (drop_dir / "zz_widgets.py").write_text(GOOD.format(name="zz_widgets"))
    mock_http.get(f"{ENDPOINT}/widgets", json={"widgets": [1, 2, 3]})
    cs = client.Client("2.60", auth_token="t", endpoint_override=ENDPOINT,
                       extensions=client.discover_extensions("2.60"))
    assert cs.zz_widgets.count() == 3
    assert mock_http.last_request.headers["X-OpenStack-Nova-API-Version"] == "2.60"


def test_shell_runs_hooks_around_the_second_parse(isolated, mock_http, monkeypatch, capsys):
    drop_dir, _ = isolated
    (drop_dir / "zz_widgets.py").write_text(GOOD.format(name="zz_widgets"))
    for name, value in {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": ENDPOINT,
                        "OS_TOKEN": "t", "COMPUTECLIENT_NO_CACHE": "1"}.items():
        monkeypatch.setenv(name, value)
    mock_http.get(f"{ENDPOINT}/widgets", json={"widgets": [1, 2]})
    code = shell.main(["--os-compute-api-version", "2.60", "widget-count", "--size", "xl",
                       "-f", "value"])
    assert (code, capsys.readouterr().out) == (0, "2 xl\n")
    calls = sys.modules["computeclient.v2.contrib.zz_widgets"].CALLS
    assert calls == [("pre",), ("post", "xl"), ("run", "xl")]


def test_list_extensions_command(isolated, monkeypatch, capsys):
    drop_dir, _ = isolated
    (drop_dir / "zz_widgets.py").write_text(GOOD.format(name="zz_widgets"))
    for name, value in {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": ENDPOINT,
                        "OS_TOKEN": "t", "COMPUTECLIENT_NO_CACHE": "1"}.items():
        monkeypatch.setenv(name, value)
    import json
    assert shell.main(["list-extensions", "-f", "json"]) == 0
    rows = {r["Name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["zz_widgets"]["Manager"] == "cs.zz_widgets"
    assert rows["zz_widgets"]["Commands"] == "widget-count"
    assert rows["host_servers"]["Commands"] == ("host-evacuate, host-evacuate-live, "
                                                "host-meta, host-servers-migrate")
    assert rows["host_servers"]["Manager"] == ""


def test_version_object_accepted(isolated):
    assert names(extension.discover(api_versions.APIVersion("2.60"))) == \
        names(extension.discover(None))


def test_extension_cannot_replace_a_builtin_command_or_break_the_client(capsys):
    import types

    from computeclient import base, extension
    from computeclient.v2 import client as v2_client
    from computeclient.v2 import shell as v2_shell

    module = types.ModuleType("clashing_ext")

    def do_list(cs, args):
        """Not the real list."""
    module.do_list = do_list

    class BrokenManager(base.Manager):
        def __init__(self, api):
            raise RuntimeError("boom")
    BrokenManager.__module__ = "clashing_ext"
    module.BrokenManager = BrokenManager
    ext = extension.Extension("clashing_ext", module, "test")
    saved_loaded = extension._LOADED
    extension._LOADED = [ext]
    try:
        commands = v2_shell.commands()
        assert commands["list"].__module__ == "computeclient.v2.commands.servers"
        v2_client.Client(object(), extensions=[ext])
    finally:
        extension._LOADED = saved_loaded
    err = capsys.readouterr().err
    assert "WARNING: extension 'clashing_ext' command 'list' was not added" in err
    assert "WARNING: extension 'clashing_ext' manager was not attached: RuntimeError: boom" in err


def test_entry_point_scan_finds_the_group_without_importlib_metadata(isolated):
    _, site = isolated
    assert not extension.declared_anywhere("ut.no.such.group")
    add_entry_point(site, "ut_scan", "ut_scan = ut_ext_scan")
    assert extension.declared_anywhere(extension.ENTRY_POINT_GROUP)
    egg = site / "ut_egg.egg-info"
    egg.mkdir()
    (egg / "entry_points.txt").write_text("[ut.egg.group]\nx = y\n")
    assert extension.declared_anywhere("ut.egg.group")


def test_module_names_are_the_ones_pkgutil_lists(tmp_path):
    import importlib.machinery
    import pkgutil

    from computeclient.v2 import commands, contrib

    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    (first / "pkg").mkdir()
    (first / "pkg" / "__init__.py").write_text("")
    (first / "notpkg").mkdir()
    (first / "notpkg" / "mod.py").write_text("")
    ext = importlib.machinery.EXTENSION_SUFFIXES[0]
    for name in ("b.py", "a.pyc", f"c{ext}", "x.y.py", "__init__.py", "README.txt",
                 "_helper.py", "dot.d"):
        (first / name).write_text("")
    for name in ("b.py", "z.py", "pkg.py"):
        (second / name).write_text("")
    for paths in ([str(first), str(second)], list(commands.__path__), list(contrib.__path__),
                  [str(tmp_path / "missing")]):
        assert extension.module_names(paths) == [m.name for m in pkgutil.iter_modules(paths)]
    assert extension.module_names([str(first)])[:3] == ["_helper", "a", "b"]
