"""The shell's parsers: pass 1 (the global options) and pass 2 (one command's).

Pass 1 describes the auth and session options from auth_options, without
importing keystoneauth1; pass 2 builds the parser of the one subcommand
asked for from its `do_*` function's @arg declarations, at a microversion
(None keeps every argument, marked with its range: `compute help CMD`).
Both exit 2 with one line on a usage error, naming the nearest option.
"""

from __future__ import annotations

import argparse

from computeclient import __version__, auth_options, cliutils, shell_auth

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, NoReturn, Sequence

DEFAULT_API_VERSION = "2.latest"
_VALUELESS_FLAGS = {"--debug", "--timings", "--timing", "--no-cache", "--insecure",
                    "--collect-timing", "--split-loggers", "--no-split-loggers", "-h", "--help",
                    "--version", "--all-clouds", "--all-regions", "--yes-all-targets"}


class HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, **kwargs: Any) -> None:
        super().__init__(prog, max_help_position=32, **kwargs)


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}{self._suggestion(message)}\n"
                     f"Try '{self.prog} -h' for help.\n")

    def _suggestion(self, message: str) -> str:
        """`; did you mean --limit?` for a mistyped option (argparse 3.11 has none)."""
        prefix = "unrecognized arguments: "
        if not message.startswith(prefix):
            return ""
        import difflib
        options = [o for o in self._option_string_actions if o.startswith("--")]
        for token in message[len(prefix):].split():
            close = difflib.get_close_matches(token.split("=")[0], options, n=1)
            if token.startswith("--") and close:
                return f"; did you mean {close[0]}?"
        return ""

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # Python 3.11 reads `--opt=--` as an empty list for a one-value option,
        # which then reaches the command as a list: refuse it as argparse would.
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            self.error(f"argument {'/'.join(action.option_strings)}: expected one argument")
        return super()._get_values(action, arg_strings)


def find_command_token(argv: Sequence[str]) -> int | None:
    """Index of the subcommand in argv, skipping global options and values."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if not token.startswith("-"):
            return i
        if token == "--":
            return i + 1 if i + 1 < len(argv) else None
        if "=" not in token and token not in _VALUELESS_FLAGS:
            i += 1  # the option's value
        i += 1
    return None


def base_parser() -> ArgumentParser:
    """The global options computeclient itself defines (cheap to build).

    No abbreviations: the first pass knows only these options, and would read
    an option of an auth plugin (--os-endpoint) as a prefix of its own
    (--os-endpoint-override, --os-endpoint-type).
    """
    parser = ArgumentParser(
        prog="compute", add_help=False, formatter_class=HelpFormatter, allow_abbrev=False,
        description="Command-line interface to the OpenStack Compute API.",
        epilog="See 'compute help COMMAND' for help on a command.")
    add = parser.add_argument
    add("-h", "--help", action="store_true", help="Show this help and exit.")
    add("--version", action="version", version=__version__)
    add("--debug", action="store_true", default=bool(cliutils.env("COMPUTECLIENT_DEBUG")),
        help="Log requests and responses (credentials masked).")
    add("--timings", "--timing", dest="timings", action="store_true",
        help="Print the time of every request.")
    # Defaults that clouds.yaml may fill are None here; apply_defaults sets the rest.
    add("--os-compute-api-version", metavar="VERSION",
        default=cliutils.env("OS_COMPUTE_API_VERSION"),
        help="Microversion to speak, e.g. 2.60, or 2.latest to negotiate "
             "(default: env[OS_COMPUTE_API_VERSION], the cloud's compute_api_version, "
             "or 2.latest).")
    add("--os-endpoint-override", metavar="URL",
        default=cliutils.env("OS_ENDPOINT_OVERRIDE", "NOVACLIENT_ENDPOINT_OVERRIDE"),
        help="Use this compute endpoint instead of the catalog's.")
    add("--os-region-name", metavar="REGION", default=cliutils.env("OS_REGION_NAME"),
        help="Region of the endpoints (default: env[OS_REGION_NAME]).")
    add("--os-interface", "--os-endpoint-type", dest="os_interface", metavar="INTERFACE",
        default=cliutils.env("OS_INTERFACE", "OS_ENDPOINT_TYPE"),
        help="Endpoint interface: public, internal or admin (default: public).")
    add("--service-type", default=cliutils.env("OS_COMPUTE_SERVICE_TYPE", default="compute"),
        help="Service type in the catalog (default: compute).")
    add("--service-name", default=cliutils.env("OS_COMPUTE_SERVICE_NAME"),
        help="Service name in the catalog.")
    add("--os-image-endpoint", metavar="URL", default=cliutils.env("OS_IMAGE_ENDPOINT"),
        help="Image (Glance) endpoint for name lookups when there is no catalog.")
    add("--os-network-endpoint", metavar="URL", default=cliutils.env("OS_NETWORK_ENDPOINT"),
        help="Network (Neutron) endpoint for name lookups when there is no catalog.")
    # -- clouds.yaml and the per-user cache (computeclient/cloud_config.py, cache.py) --
    add("--os-cloud", metavar="NAME", default=cliutils.env("OS_CLOUD"),
        action=shell_auth.EveryCloud,
        help="Cloud in clouds.yaml to use (default: env[OS_CLOUD]); options and OS_* "
             "variables override its settings. Repeat it or give a glob ('prod-*') to "
             "run a command on several clouds at once.")
    add("--all-clouds", action="store_true", help="Run on every cloud in clouds.yaml.")
    add("--all-regions", action="store_true",
        help="Run in every region of the cloud (its regions: in clouds.yaml, else the "
             "catalog's compute regions).")
    add("--yes-all-targets", action="store_true",
        help="Let a command that changes anything run on several clouds or regions.")
    add("--no-cache", action="store_true", default=bool(cliutils.env("COMPUTECLIENT_NO_CACHE")),
        help="Neither reuse nor keep Keystone tokens, the microversion range or names "
             "for completion (default: env[COMPUTECLIENT_NO_CACHE]).")
    return parser


def apply_defaults(args: argparse.Namespace) -> None:
    if not args.os_compute_api_version:
        args.os_compute_api_version = DEFAULT_API_VERSION
    if not args.os_interface:
        args.os_interface = "public"


def full_parser(argv: Sequence[str], default_auth: str = auth_options.DEFAULT_AUTH_TYPE,
                ) -> ArgumentParser:
    """Global options plus the auth plugin's and the session's options.

    The common plugins are described statically (auth_options); any other
    --os-auth-type asks keystoneauth1. default_auth: the plugin when neither
    --os-auth-type nor OS_AUTH_TYPE names one (a cloud's auth_type), so that
    its options can be given and override the cloud's.
    """
    parser = base_parser()
    # Only options before the command choose the plugin: after it they are
    # the command's (and refused there).
    index = find_command_token(argv)
    global_argv = list(argv[:index] if index is not None else argv)
    plugin = auth_options.auth_type(global_argv, default=default_auth)
    if auth_options.is_described(plugin):
        auth_options.register(parser, plugin)
    else:
        from keystoneauth1 import exceptions as ksa_exc
        from keystoneauth1 import loading
        loading.register_session_argparse_arguments(parser)
        try:
            loading.register_auth_argparse_arguments(parser, global_argv, default=plugin)
        except ksa_exc.auth_plugins.NoMatchingPlugin:
            parser.error(f"unknown --os-auth-type {plugin!r}; choose one of: "
                         f"{auth_type_names()}")
    _add_reliability_options(parser)
    parser.set_defaults(os_auth_type=plugin)
    parser.add_argument("command", nargs="?")
    parser.add_argument("command_args", nargs=argparse.REMAINDER)
    return parser


def _timeout_value(text: str) -> float:
    from computeclient import resilience
    try:
        return resilience.check_timeout(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"invalid timeout {text!r}: {exc}") from exc


def _retries_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"invalid retries {text!r}: give 0 to 10")
    return value


def _add_reliability_options(parser: ArgumentParser) -> None:
    """--deadline and --retries; --timeout is keystoneauth1's session option
    (each socket read, default 600), registered with the others."""
    from computeclient import resilience

    parser.add_argument(
        "--deadline", metavar="SECONDS",
        default=cliutils.env("COMPUTECLIENT_DEADLINE", default=str(resilience.DEFAULT_DEADLINE)),
        help="Seconds one request may take in all, from connecting to the last byte of "
             "the answer, retries included: a server trickling its answer cannot outlast "
             "it (default: env[COMPUTECLIENT_DEADLINE] or "
             f"{resilience.DEFAULT_DEADLINE:g}).")
    parser.add_argument(
        "--retries", metavar="N", type=_retries_value,
        default=cliutils.env("COMPUTECLIENT_RETRIES",
                             default=str(resilience.DEFAULT_CONNECT_RETRIES)),
        help="keystoneauth1's connect_retries and status_code_retries, both N: retries "
             "after a connection failure or an HTTP "
             f"{'/'.join(map(str, resilience.DEFAULT_RETRIABLE_STATUS_CODES))}, with "
             "jittered backoff or the server's Retry-After (up to "
             f"{resilience.MAX_RETRY_AFTER} s); creates and actions are re-sent only when "
             "nothing was sent or a Retry-After said nothing was done (default: "
             f"env[COMPUTECLIENT_RETRIES] or {resilience.DEFAULT_CONNECT_RETRIES}).")


def check_reliability_options(parser: ArgumentParser, args: argparse.Namespace) -> None:
    """--timeout and --deadline within what the platform's clock can hold (exit 2 otherwise)."""
    for name in ("timeout", "deadline"):
        value = getattr(args, name, None)
        if value is None:
            continue
        try:
            setattr(args, name, _timeout_value(value))
        except argparse.ArgumentTypeError as exc:
            parser.error(f"argument --{name}: {exc}")


def auth_type_names() -> str:
    from keystoneauth1 import loading
    return ", ".join(sorted(set(loading.get_available_plugin_names())))


def _range_of(start: str | None, end: str | None) -> str:
    from computeclient.api_versions import APIVersion, describe_range
    return describe_range(APIVersion(start) if start else APIVersion(),
                          APIVersion(end) if end else APIVersion())


def _refusing_action(start: str | None, end: str | None,
                     version: Any) -> type[argparse.Action]:
    """An option of another microversion: using it says which version has it."""
    from computeclient import api_versions

    class Refuse(argparse.Action):
        def __call__(self, parser: Any, namespace: Any, values: Any,
                     option_string: str | None = None) -> None:
            api_versions.require(version, start, option_string or self.dest, end=end)
    return Refuse


def build_command_parser(name: str, func: Callable[..., Any], version: Any) -> ArgumentParser:
    """The parser of one subcommand; version None keeps every argument."""
    from computeclient import output

    doc = (func.__doc__ or "").strip()
    parser = ArgumentParser(prog=f"compute {name}", description=doc,
                            formatter_class=HelpFormatter)
    seen: set[str] = set()
    elsewhere: dict[str, tuple[str | None, str | None]] = {}  # flag -> its versions
    for args, kwargs in getattr(func, "arguments", []):
        kwargs = dict(kwargs)
        start, end = kwargs.pop("start_version", None), kwargs.pop("end_version", None)
        flags = [a for a in args if a.startswith("-")]
        if (version is not None and not version.is_latest() and (start or end)
                and not version.matches(start, end)):
            for flag in flags:
                elsewhere.setdefault(flag, (start, end))
            continue
        if any(f in seen for f in flags):
            continue
        seen.update(flags)
        if version is None and (start or end):
            kwargs["help"] = (f"{kwargs.get('help', '')} "
                              f"(microversion {_range_of(start, end)})").strip()
        parser.add_argument(*args, **kwargs)
    for flag, (start, end) in elsewhere.items():
        if flag not in seen:
            parser.add_argument(flag, nargs="?", help=argparse.SUPPRESS,
                                action=_refusing_action(start, end, version))
    if not getattr(func, "no_output", False):
        parser.add_argument("-f", "--format", choices=output.FORMATS, default="table",
                            help="Output format (default: table).")
        parser.add_argument("-c", "--column", dest="columns", action="append", default=[],
                            metavar="COLUMN", help="Show only this column (repeatable).")
    return parser


def check_command_usage(name: str, func: Callable[..., Any], command_args: Sequence[str]) -> None:
    """Parse a command's arguments against every option of every microversion:
    an unknown option or a missing argument exits 2 before credentials are
    read or Nova is asked. The version's own parse follows once it is known."""
    from computeclient import api_versions
    variants = list(api_versions.variants(func))
    if len(variants) == 1:  # variants with their own options are parsed once the version is
        build_command_parser(name, variants[0], None).parse_args(list(command_args))


def asks_help(command_args: Sequence[str]) -> bool:
    """True for `compute CMD ... -h|--help` (before any `--`)."""
    for token in command_args:
        if token == "--":
            return False
        if token in ("-h", "--help"):
            return True
    return False
