"""keystoneauth1's session and auth-plugin options, described without it.

`compute --help` and every command's argument parsing need the option
names, their OS_* variables and defaults, not keystoneauth1 itself (whose
import, with requests, costs more than the rest of the shell). The common
plugins are described here; tests/unit/test_auth_options.py checks each
against keystoneauth1's own declaration so the two cannot drift. Another
--os-auth-type falls back to keystoneauth1's loading machinery.
"""

from __future__ import annotations

import argparse
import os
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


def _opts(*specs: tuple[Any, ...]) -> tuple[Option, ...]:
    return tuple(Option(*spec) for spec in specs)


_AUTH_URL = _opts(("auth-url", "Identity service URL, e.g. https://keystone:5000/v3."))
_SCOPE = _opts(
    ("system-scope", "Scope to the system (e.g. 'all') instead of a project."),
    ("domain-id", "Scope to this domain (ID)."),
    ("domain-name", "Scope to this domain (name)."),
    ("project-id", "Scope to this project (ID)."),
    ("project-name", "Scope to this project (name)."),
    ("project-domain-id", "Domain ID of the project named by --os-project-name."),
    ("project-domain-name", "Domain name of the project named by --os-project-name."),
    ("trust-id", "Scope to this trust."),
)
_LEGACY_TENANT = {"project-id": ("tenant-id",), "project-name": ("tenant-name",)}
_GENERIC_SCOPE = tuple(Option(o.name, o.help, _LEGACY_TENANT.get(o.name, ())) for o in _SCOPE)
_DEFAULT_DOMAIN = _opts(
    ("default-domain-id", "Domain ID for user and project when neither gives one."),
    ("default-domain-name", "Domain name for user and project when neither gives one."),
)
_USER = _opts(
    ("user-id", "User ID."),
    ("username", "User name.", ("user-name",)),
    ("user-domain-id", "Domain ID of the user."),
    ("user-domain-name", "Domain name of the user."),
)
_PASSWORD = _opts(("password", "The user's password."))
_TOKEN = _opts(("token", "A token to authenticate with."))

#: Plugin name -> its options, in keystoneauth1's order.
PLUGINS: dict[str, tuple[Option, ...]] = {
    "password": _AUTH_URL + _GENERIC_SCOPE + _DEFAULT_DOMAIN + _USER + _PASSWORD,
    "v3password": _AUTH_URL + _SCOPE + _USER + _PASSWORD,
    "token": _AUTH_URL + _GENERIC_SCOPE + _DEFAULT_DOMAIN + _TOKEN,
    "v3token": _AUTH_URL + _SCOPE + _TOKEN,
    "v3applicationcredential": _AUTH_URL + _SCOPE + _USER + _opts(
        ("application_credential_secret", "Secret of the application credential."),
        ("application_credential_id", "ID of the application credential."),
        ("application_credential_name", "Name of the application credential."),
    ),
    "admin_token": _opts(
        ("endpoint", "The compute endpoint to send requests to, as is.", ("url",)),
        ("token", "The token to send (X-Auth-Token)."),
    ),
    "none": _opts(("endpoint", "The compute endpoint; no token is sent.")),
}

#: Plugin name -> keystoneauth1 loader class (its `keystoneauth1.plugin` entry
#: point), so a known plugin is loaded without enumerating every entry point.
LOADERS: dict[str, str] = {
    "password": "keystoneauth1.loading._plugins.identity.generic:Password",
    "token": "keystoneauth1.loading._plugins.identity.generic:Token",
    "v3password": "keystoneauth1.loading._plugins.identity.v3:Password",
    "v3token": "keystoneauth1.loading._plugins.identity.v3:Token",
    "v3applicationcredential":
        "keystoneauth1.loading._plugins.identity.v3:ApplicationCredential",
}

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


SESSION_OPTIONS = (
    _SessionOption("--insecure", "Do not verify the server's TLS certificate.", is_flag=True),
    _SessionOption("--os-cacert", "CA bundle to verify TLS certificates with.",
                   "<ca-certificate>", env="OS_CACERT"),
    _SessionOption("--os-cert", "Client certificate for TLS.", "<certificate>",
                   env="OS_CERT"),
    _SessionOption("--os-key", "Private key of the client certificate.", "<key>",
                   env="OS_KEY"),
    _SessionOption("--timeout", "Seconds to wait for a connection and for each socket "
                   "read, as in openstackclient (default: 600; --deadline bounds a whole "
                   "request).", "<seconds>", default=600, type=positive_seconds),
    _SessionOption("--collect-timing", "Collect the time of every request.", is_flag=True),
    _SessionOption("--tls-ciphers", "TLS cipher suites to allow (OpenSSL syntax).",
                   "<ciphers>", env="OS_TLS_CIPHERS"),
    _SessionOption("--tls-min-version", "Lowest TLS version to accept.",
                   env="OS_TLS_MIN_VERSION", choices=(None, "1.2", "1.3")),
)


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
        help="Authentication plugin: password (default), token, v3password, v3token, "
             "v3applicationcredential, admin_token, none, or any keystoneauth1 plugin.")
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
