"""keystoneauth1's session and auth-plugin options, described without it.

`compute --help` and every command's argument parsing need the option
names, their OS_* variables and defaults, not keystoneauth1 itself (whose
import, with requests, costs more than the rest of the shell). The common
plugins are described by auth_tables.py, generated from keystoneauth1 by
scripts/write_auth_tables.py (tests/unit/test_auth_options.py fails when it
is stale). Another --os-auth-type falls back to keystoneauth1's loading
machinery.
"""

from __future__ import annotations

import argparse
import os

from computeclient import auth_tables

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Sequence

DEFAULT_AUTH_TYPE = "password"


class Option:
    """One option: `--os-<name>`, its aliases, and a help line.

    Plain classes here, not NamedTuple: building a NamedTuple class compiles
    code at import, a cost every command would pay.
    """

    __slots__ = ("aliases", "help", "name")

    def __init__(self, name: str, help: str, aliases: tuple[str, ...] = ()) -> None:
        self.name = name
        self.help = help
        self.aliases = aliases

    @property
    def flags(self) -> list[str]:
        return [f"--os-{n}" for n in (self.name, *self.aliases)]

    @property
    def dest(self) -> str:
        return "os_" + self.name.replace("-", "_")

    @property
    def envvars(self) -> list[str]:
        return ["OS_" + n.replace("-", "_").upper() for n in (self.name, *self.aliases)]

    def default(self) -> str | None:
        """The first OS_* variable that is set and not empty (keystoneauth1's rule)."""
        for name in self.envvars:
            value = os.environ.get(name)
            if value:
                return value
        return None


#: Plugin name -> its options, in keystoneauth1's order (auth_tables.py is
#: generated from keystoneauth1: `make auth-tables`).
PLUGINS: dict[str, tuple[Option, ...]] = {
    plugin: tuple(Option(*spec) for spec in specs) for plugin, specs in auth_tables.PLUGINS.items()}

#: Plugin name -> keystoneauth1 loader class (its `keystoneauth1.plugin` entry
#: point), so a described plugin is loaded without enumerating every entry point.
LOADERS: dict[str, str] = auth_tables.LOADERS

#: Plugins served by the plain-requests transport: a token (or none) and an
#: endpoint, nothing to ask Keystone.
TOKEN_AND_ENDPOINT = ("admin_token", "none")


def positive_seconds(text: str) -> float:
    """--timeout: a number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} must be a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be greater than 0")
    return value


class _SessionOption:
    __slots__ = ("choices", "default", "env", "flag", "help", "is_flag", "metavar", "type")

    def __init__(self, flag: str, help: str, metavar: str | None = None, *,
                 is_flag: bool = False, env: str | None = None, default: Any = None,
                 type: Any = None, choices: Sequence[Any] | None = None) -> None:
        self.flag, self.help, self.metavar, self.is_flag = flag, help, metavar, is_flag
        self.env, self.default, self.type, self.choices = env, default, type, choices


#: Added to keystoneauth1's --timeout help: what it bounds, and the deadline beside it.
_TIMEOUT_NOTE = " It bounds the wait for a connection and for each socket read, as in " \
    "openstackclient (default: 600; --deadline bounds a whole request)."
_TYPES = {"seconds": positive_seconds, None: None}

SESSION_OPTIONS = tuple(
    _SessionOption(flag, help + (_TIMEOUT_NOTE if flag == "--timeout" else ""), metavar,
                   is_flag=is_flag, env=env, default=default, type=_TYPES[kind])
    for flag, help, metavar, is_flag, env, default, kind in auth_tables.SESSION)


def auth_type(argv: Sequence[str], default: str = DEFAULT_AUTH_TYPE) -> str:
    """The --os-auth-type the invocation asks for (argv, then environment)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--os-auth-type", "--os-auth-plugin")
    known, _ = pre.parse_known_args(list(argv))
    return (known.os_auth_type or os.environ.get("OS_AUTH_TYPE")
            or os.environ.get("OS_AUTH_PLUGIN") or default)


def is_described(name: str) -> bool:
    return name in PLUGINS


def register(parser: argparse.ArgumentParser, plugin: str) -> None:
    """Add the session options and a described plugin's options to `parser`."""
    session = parser.add_argument_group("Session options")
    for opt in SESSION_OPTIONS:
        if opt.is_flag:
            session.add_argument(opt.flag, action="store_true", help=opt.help)
        else:
            default = os.environ.get(opt.env) if opt.env else opt.default
            session.add_argument(opt.flag, metavar=opt.metavar, default=default,
                                 type=opt.type, choices=opt.choices, help=opt.help)
    parser.add_argument(
        "--os-auth-type", "--os-auth-plugin", metavar="<name>",
        default=os.environ.get("OS_AUTH_TYPE", os.environ.get("OS_AUTH_PLUGIN",
                                                              DEFAULT_AUTH_TYPE)),
        help=f"Authentication plugin: {', '.join(PLUGINS)} (default: {DEFAULT_AUTH_TYPE}), "
             "or any keystoneauth1 plugin.")
    group = parser.add_argument_group("Authentication options",
                                      f"Options of the {plugin} plugin.")
    for option in PLUGINS[plugin]:
        group.add_argument(*option.flags, dest=option.dest, default=option.default(),
                           help=option.help)


def load_auth(args: argparse.Namespace) -> Any:
    """The keystoneauth1 auth plugin the parsed options describe.

    A described plugin's loader is imported directly; any other goes
    through keystoneauth1's entry-point lookup.
    """
    import importlib

    from keystoneauth1 import loading

    name = args.os_auth_type
    if name in LOADERS:
        module, _, cls = LOADERS[name].partition(":")
        loader = getattr(importlib.import_module(module), cls)()
        return loader.load_from_options_getter(lambda opt: getattr(args, f"os_{opt.dest}"))
    return loading.load_auth_from_argparse_arguments(args)


def fill_session_defaults(args: argparse.Namespace) -> None:
    """Give `args` keystoneauth1's default of each session option it lacks.

    The shadow tables are generated from the keystoneauth1 of the dev venv;
    a newer one (5.18 added --tls-ciphers and --tls-min-version) reads its
    new options from the namespace when it loads the session. Only what is
    missing is set; what was parsed stays.
    """
    from keystoneauth1 import loading

    parser = argparse.ArgumentParser(add_help=False)
    loading.register_session_argparse_arguments(parser)
    for dest, value in vars(parser.parse_args([])).items():
        if not hasattr(args, dest):
            setattr(args, dest, value)
