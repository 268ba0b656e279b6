"""The `compute` command line: generic machinery, no resource knowledge.

Pass 1 parses the global options (the auth and session options described
in auth_options, without importing keystoneauth1); pass 2 builds the parser
of the one subcommand asked for, from its `do_*` function's @arg
declarations, at the negotiated microversion. `--version`, `help`,
`CMD --help` and the commands that take their argv unparsed (the shell's
own `help`, `bash-completion`, `completion`, `cache`, and commands registered
under the `computeclient.commands` entry point, such as `sandbox`) import
neither keystoneauth1 nor requests; a token and an endpoint are served by
plain requests.
"""

from __future__ import annotations

import argparse
import os
import sys

from computeclient import __version__, auth_options, cliutils, exceptions, shell_auth, utils
from computeclient.shell_parsers import (
    DEFAULT_API_VERSION,
    apply_defaults,
    asks_help,
    auth_type_names,
    base_parser,
    build_command_parser,
    check_command_usage,
    check_reliability_options,
    find_command_token,
    full_parser,
)

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Sequence

    from computeclient.v2.client import Client


class ComputeShell:
    """Runs one invocation of `compute`."""

    def __init__(self) -> None:
        self.cs: Client | None = None  # None: the command needs no cloud
        self._login: shell_auth.Login | None = None  # a Keystone plugin's: token saved at exit

    def main(self, argv: Sequence[str]) -> int:
        argv = list(argv)
        index = find_command_token(argv)
        command = argv[index] if index is not None else None
        own = self._argv_command(command) if command is not None else None
        if index is None or (own is not None and utils.isunauthenticated(own)):
            head = argv[:index] if index is not None else argv
            if "--version" in head:
                print(__version__)
                return 0
            if own is None or index is None:
                if "-h" not in head and "--help" not in head and head:
                    base_parser().parse_known_args(head)  # reports bad options
                if "-h" in head or "--help" in head:
                    full_parser(argv).print_help()
                    return 0
                return self.do_help([])
            result: int = own(argv[index + 1:])
            return result
        assert command is not None
        if asks_help(argv[index + 1:]):
            return self.do_command_help(command, argv[:index])
        # Usage errors are found before any credential or request (exit 2).
        check_command_usage(command, self._command(command), argv[index + 1:])

        known, _ = base_parser().parse_known_args(argv[:index])
        if shell_auth.fans_out(known):  # several clouds or regions: computeclient/shell_fanout.py
            from computeclient import shell_fanout
            self._configure_process(known)
            func = self._command(command)
            sub_args = build_command_parser(command, func, None).parse_args(argv[index + 1:])
            return shell_fanout.run(type(self), argv, index, known, func, sub_args)
        args = self.prepare(argv, index, known.os_cloud, known.os_region_name)
        self._configure_process(args)
        try:
            self.run_command(self._command(args.command), args)
        except exceptions.EndpointNotFound as exc:
            clearer = _without_project(args, exc)
            if clearer is None:
                raise
            raise clearer from exc
        finally:
            self.finish(args)
        return 0

    @staticmethod
    def prepare(argv: Sequence[str], index: int, cloud_name: str | None,
                region_name: str | None) -> argparse.Namespace:
        """Every option of the run, with clouds.yaml's cloud filling what was not given."""
        cloud = shell_auth.named_cloud(cloud_name, region_name)
        parser = full_parser(argv, cloud["auth_type"] if cloud else "password")
        args = parser.parse_args(argv)
        args.os_cloud, args.os_region_name = cloud_name, region_name or args.os_region_name
        if cloud:
            shell_auth.apply_cloud(args, argv[:index], cloud)
        apply_defaults(args)
        check_reliability_options(parser, args)
        return args

    def finish(self, args: argparse.Namespace, title: str = "Request") -> None:
        """Keep the token for the next run; --timings."""
        if self._login is not None:
            self._login.save()
        if args.timings:
            cliutils.print_timings(self.cs, title)

    def run_command(self, func: Callable[..., Any], args: argparse.Namespace,
                    emit: bool = True) -> Any:
        """Make the client (unless the command needs none), run the command and
        print what it returned; without `emit`, return it, its rows read."""
        if not utils.isunauthenticated(func):  # e.g. list-extensions needs no cloud
            self.cs = self._make_client(args)
        version = self._version_for_parsing(self.cs, func) if self.cs is not None else None
        variant = self._variant(self.cs, func, args.command, version)
        from computeclient import extension, output
        extension.run_hooks("__pre_parse_args__")
        sub_args = build_command_parser(args.command, variant, version).parse_args(
            args.command_args)
        extension.run_hooks("__post_parse_args__", sub_args)
        try:
            result = variant(self.cs, sub_args)
            if emit:
                output.emit(result, getattr(sub_args, "format", "table"),
                            getattr(sub_args, "columns", None))
            elif isinstance(result, output.Listing) and result.stream:
                result.rows, result.stream = list(result.rows), False
        except (exceptions.ComputeClientError, OSError):
            raise  # MissingField is a KeyError too, and already says it all; OSError: stdout
        except Exception as exc:
            if self.cs is None or not self.cs.client.has_answered():
                raise  # no answer came: a fault of ours, shown as it is
            # A field of the server's answer had a shape the command cannot read.
            raise exceptions.InvalidResponse(
                code=200, message=f"Could not read the server's answer to '{args.command}' "
                                  f"({type(exc).__name__}: {exc}); --debug shows where") from exc
        if emit and getattr(result, "failure", None):
            sys.stdout.flush()
            raise exceptions.CommandError(result.failure)
        return result

    # -- commands ------------------------------------------------------------

    @staticmethod
    def _commands() -> dict[str, Callable[..., Any]]:
        from computeclient.v2 import shell as v2_shell
        return v2_shell.commands()

    def _command(self, name: str) -> Callable[..., Any]:
        from computeclient.v2 import shell as v2_shell
        func = v2_shell.find_builtin(name) or v2_shell.extension_commands().get(name)
        if func is None:
            import difflib
            names = v2_shell.command_names() + list(self._argv_commands())
            close = difflib.get_close_matches(name, names, n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            base_parser().error(f"unknown command '{name}'{hint} ('compute help' lists them)")
        return func

    @staticmethod
    def _version_for_parsing(cs: Client, func: Callable[..., Any]) -> Any:
        """Negotiate now only if the command's arguments depend on the version."""
        from computeclient import api_versions
        bounded = any(kw.get("start_version") or kw.get("end_version")
                      for f in api_versions.variants(func)
                      for _, kw in getattr(f, "arguments", []))
        if bounded or len(list(api_versions.variants(func))) > 1 \
                or hasattr(func, "versioned_name"):
            return cs.api_version
        version = cs.client.current_version
        return None if version.is_latest() else version

    @staticmethod
    def _variant(cs: Client | None, func: Callable[..., Any], name: str,
                 version: Any) -> Callable[..., Any]:
        from computeclient import api_versions
        if cs is None or version is None:
            return func
        return api_versions.variant_for(func, version, f"command '{name}'",
                                        offered=cs.client.offered())

    def _make_client(self, args: argparse.Namespace) -> Client:
        import logging

        cliutils.import_requests_lean()
        from computeclient import api_versions, client, extension

        api_version = api_versions.get_cli_version(args.os_compute_api_version)
        if args.os_auth_type is not None and not args.os_auth_type.strip():
            raise exceptions.CommandError(
                f"--os-auth-type is empty; choose one of: {auth_type_names()}")
        common = dict(timings=args.timings, logger=logging.getLogger("computeclient.http"),
                      timeout=args.timeout, deadline=args.deadline,
                      connect_retries=args.retries, status_code_retries=args.retries,
                      image_endpoint=args.os_image_endpoint or None,
                      network_endpoint=args.os_network_endpoint or None,
                      version_cache=None if args.no_cache else _version_cache(),
                      extensions=extension.loaded())
        if args.os_auth_type in auth_options.TOKEN_AND_ENDPOINT:
            cs = client.Client(api_version, auth_token=_token_of(args),
                               endpoint_override=_endpoint_of(args),
                               insecure=args.insecure, cacert=args.os_cacert,
                               cert=_cert_of(args), http_log_debug=args.debug, **common)
        else:
            where = dict(endpoint_override=args.os_endpoint_override or None,
                         region_name=args.os_region_name or None, interface=args.os_interface,
                         service_type=args.service_type,
                         service_name=args.service_name or None)
            _check_password_options(args)
            login = self._login = shell_auth.Login(args)
            http = self._warm_client(args, login, api_version, where, common)
            session = None
            if http is None and login.warm_cache is not None:  # a cold cache: authenticate once
                with login.warm_cache.locked():
                    http = self._warm_client(args, login, api_version, where, common)  # again
                    if http is None:
                        session = login.session()
                        shell_auth.authenticate_now(session, login.auth, login.token_cache)
            if http is None:
                cs = client.Client(api_version, session=session or login.session(),
                                   **where, **common)
            else:
                from computeclient.v2 import client as v2_client
                cs = v2_client.Client(http, extensions=common["extensions"])
        return cs

    @staticmethod
    def _warm_client(args: argparse.Namespace, login: shell_auth.Login, api_version: Any,
                     where: dict[str, Any], common: dict[str, Any]) -> Any:
        """The transport over the cached token (warm_auth.py; on Nova's 401 it
        turns to keystoneauth1 through `login`), or None when keystoneauth1
        must serve (no cache, no fresh token, odd catalog)."""
        cache = login.open_cache()
        if cache is None:
            return None
        from computeclient import transport, warm_auth

        options = transport.TransportOptions.build(
            api_version, **{k: v for k, v in common.items() if k not in ("extensions", "logger")})
        return warm_auth.warm_client(
            cache.read(), login.fresh_session, **where, options=options,
            logger=common["logger"], insecure=args.insecure, cacert=args.os_cacert,
            cert=_cert_of(args), http_log_debug=args.debug)

    # -- built-ins -----------------------------------------------------------

    def _argv_commands(self) -> dict[str, Callable[..., Any]]:
        """Commands that take their argv unparsed: the shell's own `do_*`
        methods and those registered under the `computeclient.commands`
        entry point (imported here, so keep such modules light)."""
        from computeclient import extension
        found: dict[str, Callable[..., Any]] = {}
        for name in extension.registered_commands():
            func = extension.load_command(name)
            if func is not None:
                found[name] = func
        found.update(self._own_commands())
        return found

    def _own_commands(self) -> dict[str, Callable[..., Any]]:
        return {cliutils.command_name(getattr(self, a)): getattr(self, a)
                for a in dir(type(self)) if a.startswith("do_") and a != "do_command_help"}

    def _argv_command(self, name: str) -> Callable[..., Any] | None:
        own = self._own_commands().get(name)
        if own is not None:
            return own
        from computeclient import extension
        return extension.load_command(name) if name in extension.registered_commands() else None

    @utils.unauthenticated
    def do_help(self, argv: Sequence[str]) -> int:
        """Show help for the shell or one command."""
        if argv and argv[0] in ("-h", "--help"):
            print("usage: compute help [COMMAND]")
            return 0
        if argv:  # one command: only its module is imported, as for `CMD --help`
            name = argv[0]
            own = self._argv_command(name)
            if own is not None:
                try:
                    result: int = own(["--help"])
                except SystemExit as stop:  # argparse's --help exits
                    return stop.code if isinstance(stop.code, int) else 0
                return result
            build_command_parser(name, self._command(name), None).print_help()
            return 0
        from computeclient.v2 import shell as v2_shell
        groups = v2_shell.grouped_summaries()  # built-ins from the index: no import
        groups["Shell"] = sorted((n, cliutils.summary(f))
                                 for n, f in self._argv_commands().items())
        base_parser().print_help()
        print("\nAuthentication and session options (--os-auth-url, --os-username, ...)"
              " are listed by 'compute --help'.\n\nCommands, by resource:")
        width = max(len(name) for rows in groups.values() for name, _ in rows) + 2
        for heading, rows in groups.items():
            print(f"\n{heading}:")
            for name, summary in rows:
                print(f"  {name.ljust(width)}{summary}")
        return 0

    def do_command_help(self, name: str, head: Sequence[str]) -> int:
        """`compute CMD --help`: the command's options at the version asked,
        without credentials or a request."""
        from computeclient import api_versions

        known, _ = base_parser().parse_known_args(list(head))
        func = self._command(name)
        version = api_versions.get_cli_version(known.os_compute_api_version
                                               or DEFAULT_API_VERSION)
        if version.is_latest():
            build_command_parser(name, func, None).print_help()
            return 0
        variant = api_versions.variant_for(func, version, f"command '{name}'")
        build_command_parser(name, variant, version).print_help()
        return 0

    @utils.unauthenticated
    def do_bash_completion(self, argv: Sequence[str]) -> int:
        """Print every command and option, for completion."""
        if "-h" in argv or "--help" in argv:
            print("usage: compute bash-completion")
            return 0
        from computeclient.v2 import shell as v2_shell
        words = set(self._argv_commands()) | v2_shell.completion_words()
        # argparse has no public list of a parser's actions.
        words.update(a for action in base_parser()._actions  # noqa: SLF001
                     for a in action.option_strings)
        words.update(("--format", "--column", "-f", "-c"))
        print(" ".join(sorted(words)))
        return 0

    @utils.unauthenticated
    def do_completion(self, argv: Sequence[str]) -> int:
        """Print a bash or zsh completion script."""
        from computeclient import completion
        return completion.main("completion", list(argv), self._commands, base_parser)

    @utils.unauthenticated
    def do_cache(self, argv: Sequence[str]) -> int:
        """Show or clear the cached tokens, microversions and names."""
        from computeclient import completion
        return completion.main("cache", list(argv), self._commands, base_parser)

    # -- plumbing ------------------------------------------------------------

    @classmethod
    def _configure_process(cls, args: argparse.Namespace) -> None:
        """What the shell chooses for its own process, in this one place (the
        library, a guest in other processes, never does): logging, urllib3's
        warning per request under --insecure (the library logs one line), the
        collector's pace."""
        import gc
        import warnings

        # Parsing a large listing makes no reference cycles, yet at the default
        # pace its objects started collections that walked every object already
        # held (a fifth of a 20,000-server listing); cycles are still collected.
        gc.set_threshold(100_000, 20, 20)
        if getattr(args, "insecure", False):
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
        cliutils.setup_logging(args.debug)



def _without_project(args: argparse.Namespace,
                     exc: exceptions.EndpointNotFound) -> exceptions.CommandError | None:
    """Why the catalog is empty when no project was named: Keystone gave a
    token without one (the user has no default project)."""
    scopes = ("os_project_id", "os_project_name", "os_domain_id", "os_domain_name",
              "os_system_scope", "os_trust_id")
    if "catalog is empty" not in str(exc) or any(getattr(args, s, None) for s in scopes):
        return None
    return exceptions.CommandError(
        "No project: give --os-project-name or --os-project-id (OS_PROJECT_NAME, "
        "OS_PROJECT_ID); without one Keystone's token holds no catalog to find Nova in")


def _check_password_options(args: argparse.Namespace) -> None:
    """The password plugins' missing options said in one line, before
    keystoneauth1 asks Keystone anything (it would warn that discovery failed,
    then fail on the first absent option)."""
    if args.os_auth_type not in (None, "password", "v3password"):
        return
    if not args.os_auth_url:
        shell_auth.missing_credentials(["auth_url"])
    missing = ([] if args.os_username or args.os_user_id else ["username"]) + (
        [] if args.os_password else ["password"])
    if missing:
        shell_auth.missing_credentials(missing)


def _token_of(args: argparse.Namespace) -> str | None:
    """The token of the admin_token plugin ('none' sends none)."""
    if args.os_auth_type == "none":
        return ""  # plain requests, no X-Auth-Token
    if not args.os_token:
        shell_auth.missing_credentials(["token"])
    return str(args.os_token)


def _endpoint_of(args: argparse.Namespace) -> str:
    endpoint = args.os_endpoint_override or args.os_endpoint
    if not endpoint:
        shell_auth.missing_credentials(["endpoint"])
    return str(endpoint)


def _version_cache() -> Any:
    """The shell's cache of version ranges (with it, names are kept for completion)."""
    from computeclient.version_cache import VersionCache
    return VersionCache()


def _cert_of(args: argparse.Namespace) -> Any:
    if args.os_cert and args.os_key:
        return (args.os_cert, args.os_key)
    return args.os_cert or None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `compute` console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv or bool(os.environ.get("COMPUTECLIENT_DEBUG"))
    try:
        return ComputeShell().main(argv)
    except KeyboardInterrupt:
        print("... interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `compute help | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except exceptions.ComputeClientError as exc:
        if debug:
            import traceback
            traceback.print_exc()
        print(cliutils.error_line(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or an unexpected library error
        if debug:
            raise
        print(cliutils.error_line(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
