"""The static auth/session option descriptions agree with keystoneauth1's."""

import argparse
import importlib.util
from importlib import metadata
from pathlib import Path

import pytest
from keystoneauth1 import loading

from computeclient import auth_options


def _actions(parser):
    return {a.dest: a for a in parser._actions}


def _ksa_parser(plugin=None):
    parser = argparse.ArgumentParser(add_help=False)
    if plugin is None:
        loading.register_session_argparse_arguments(parser)
    else:
        loading.register_auth_argparse_arguments(parser, ["--os-auth-type", plugin])
    return parser


def _ours(plugin):
    parser = argparse.ArgumentParser(add_help=False)
    auth_options.register(parser, plugin)
    return parser


@pytest.mark.parametrize("plugin", sorted(auth_options.PLUGINS))
def test_plugin_options_match_keystoneauth1(plugin):
    theirs = _actions(_ksa_parser(plugin))
    ours = {d: a for d, a in _actions(_ours(plugin)).items()
            if not a.option_strings or a.option_strings[0] not in
            [o.flag for o in auth_options.SESSION_OPTIONS]}
    assert {d: a.option_strings for d, a in ours.items()} == \
        {d: a.option_strings for d, a in theirs.items()}
    loader = loading.get_plugin_loader(plugin)
    envvars = {f"os_{o.dest}": o.argparse_envvars for o in loader.get_options()}
    assert {o.dest: o.envvars for o in auth_options.PLUGINS[plugin]} == envvars


@pytest.mark.parametrize("plugin", sorted(auth_options.PLUGINS))
def test_plugin_defaults_come_from_the_same_variables(plugin, monkeypatch):
    for opt in auth_options.PLUGINS[plugin]:
        for i, name in enumerate(opt.envvars):
            monkeypatch.setenv(name, f"{name}-{i}")
    theirs, ours = _actions(_ksa_parser(plugin)), _actions(_ours(plugin))
    for opt in auth_options.PLUGINS[plugin]:
        assert ours[opt.dest].default == theirs[opt.dest].default, opt.dest


def test_session_options_match_keystoneauth1(monkeypatch):
    for name in ("OS_CACERT", "OS_CERT", "OS_KEY"):
        monkeypatch.setenv(name, "1.2")
    theirs = _actions(_ksa_parser())
    ours = {d: a for d, a in _actions(_ours("password")).items()
            if a.option_strings and a.option_strings[0] in
            [o.flag for o in auth_options.SESSION_OPTIONS]}
    assert set(ours) == set(theirs)
    for dest, action in theirs.items():
        mine = ours[dest]
        assert (mine.option_strings, mine.default, list(mine.choices or []), mine.nargs) == \
            (action.option_strings, action.default, list(action.choices or []), action.nargs), dest
    assert ours["timeout"].type("2.5") == theirs["timeout"].type("2.5") == 2.5
    for bad in ("0", "-1", "soon"):
        with pytest.raises(argparse.ArgumentTypeError):
            ours["timeout"].type(bad)


def test_loaders_are_keystoneauth1s_entry_points():
    entry_points = {ep.name: ep.value for ep in metadata.entry_points(group="keystoneauth1.plugin")}
    for name, target in auth_options.LOADERS.items():
        assert entry_points[name] == target


def test_auth_type_from_argv_then_environment(monkeypatch):
    monkeypatch.delenv("OS_AUTH_TYPE", raising=False)
    monkeypatch.setenv("OS_AUTH_PLUGIN", "v3token")
    assert auth_options.auth_type(["list"]) == "v3token"
    monkeypatch.setenv("OS_AUTH_TYPE", "token")
    assert auth_options.auth_type(["list"]) == "token"
    assert auth_options.auth_type(["--os-auth-type", "none", "list"]) == "none"
    assert auth_options.auth_type(["--os-auth-type=admin_token", "list"]) == "admin_token"


def test_load_auth_builds_the_plugin_without_enumerating(monkeypatch):
    parser = _ours("v3password")
    args = parser.parse_args(["--os-auth-type", "v3password", "--os-auth-url", "http://k/v3",
                              "--os-username", "u", "--os-password", "p",
                              "--os-user-domain-name", "Default"])
    monkeypatch.setattr(loading, "get_plugin_loader",
                        lambda name: pytest.fail("enumerated the plugins"))
    auth = auth_options.load_auth(args)
    from keystoneauth1.identity import v3
    assert isinstance(auth, v3.Password)
    assert auth.auth_url == "http://k/v3"


def test_the_committed_tables_are_the_ones_keystoneauth1_gives():
    """auth_tables.py is generated; a new keystoneauth1 (or a plugin added to
    the script's DESCRIBED) without regenerating it fails here."""
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "write_auth_tables", root / "scripts" / "write_auth_tables.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    if script.render() != (root / "computeclient" / "auth_tables.py").read_text():
        pytest.fail("computeclient/auth_tables.py is stale: run `make auth-tables`",
                    pytrace=False)


def test_a_newer_keystoneauth1_s_session_options_get_its_defaults(monkeypatch):
    """keystoneauth1 5.18 registers --tls-ciphers and --tls-min-version and its
    session loader reads them from the namespace; the tables, generated from
    the venv's keystoneauth1, lack them: every Keystone run failed with
    "'Namespace' object has no attribute 'tls_ciphers'". Such a keystoneauth1
    is played here by adding one option to the installed one's."""
    from keystoneauth1.loading import session as ksa_session

    from computeclient import shell_auth, shell_parsers

    real_register = ksa_session.Session.register_argparse_arguments
    real_load = ksa_session.Session.load_from_argparse_arguments
    read = []

    def register(self, parser):
        real_register(self, parser)
        parser.add_argument("--tls-ciphers", default="HIGH")

    def load(self, namespace, **kwargs):
        read.append(namespace.tls_ciphers)
        return real_load(self, namespace, **kwargs)

    monkeypatch.setattr(ksa_session.Session, "register_argparse_arguments", register)
    monkeypatch.setattr(ksa_session.Session, "load_from_argparse_arguments", load)
    argv = ["--no-cache", "--timeout", "7", "--os-auth-url", "http://keystone.test/v3",
            "--os-username", "u", "--os-password", "p", "--os-project-name", "x"]
    args = shell_parsers.full_parser(argv, "password").parse_args(argv)
    session = shell_auth.Login(args).session()
    assert read == ["HIGH"] and session.timeout == 7.0  # what was parsed stays
