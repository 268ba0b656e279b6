"""How the shell's credentials meet clouds.yaml and the token cache.

Light at import (the shell imports it on every run): clouds.yaml is read
only when a cloud is named, the token cache only for a Keystone plugin.
"""

from __future__ import annotations

import argparse

from computeclient import auth_options, exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, NoReturn, Sequence


def named_cloud(name: str | None, region_name: str | None) -> dict[str, Any] | None:
    """The settings of cloud `name` (--os-cloud / OS_CLOUD) from clouds.yaml, or None."""
    if not name:
        return None
    from computeclient import cloud_config
    return cloud_config.get_cloud(name, region_name=region_name)


class EveryCloud(argparse.Action):
    """--os-cloud keeps its last value; every value given is in `os_clouds`."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        namespace.os_cloud = values
        namespace.os_clouds = [*getattr(namespace, "os_clouds", []), values]


def fans_out(known: argparse.Namespace) -> bool:
    """True when the options name several targets (or a glob of clouds)."""
    clouds = getattr(known, "os_clouds", None) or [known.os_cloud or ""]
    return bool(known.all_clouds or known.all_regions or len(set(clouds)) > 1
                or any(c in clouds[0] for c in "*?["))


def plugin_options(auth_type: str) -> list[tuple[str, list[str]]]:
    """(dest, every name clouds.yaml may give it) of each option of the plugin."""
    if auth_options.is_described(auth_type):
        return [(o.dest[3:], [o.name, *o.aliases]) for o in auth_options.PLUGINS[auth_type]]
    from keystoneauth1 import loading
    return [(o.dest, [o.name, *(d.name for d in o.deprecated)])
            for o in loading.get_plugin_loader(auth_type).get_options()]


def apply_cloud(args: argparse.Namespace, head: Sequence[str], cloud: dict[str, Any]) -> None:
    """Fill from the cloud what neither the command line nor OS_* gave (openstackclient's
    precedence: argparse values, whose defaults are the OS_* variables, win)."""
    from computeclient import cloud_config

    options = plugin_options(args.os_auth_type)
    cloud_config.move_plugin_options(cloud, [[dest, *names] for dest, names in options])
    values = {f"os_{dest}": cloud["auth"].get(dest) for dest, _ in options}
    verify, _ = cloud_config.requests_verify(cloud)
    values.update(os_region_name=cloud.get("region_name"), os_interface=cloud.get("interface"),
                  os_compute_api_version=cloud.get("compute_api_version"),
                  os_endpoint_override=cloud.get("compute_endpoint_override"),
                  os_image_endpoint=cloud.get("image_endpoint_override"),
                  os_network_endpoint=cloud.get("network_endpoint_override"),
                  os_cacert=verify if isinstance(verify, str) else None,
                  os_cert=cloud.get("cert"), os_key=cloud.get("key"))
    for attr, value in values.items():
        if getattr(args, attr, None) in (None, "") and value not in (None, ""):
            setattr(args, attr, value)
    if verify is False:
        args.insecure = True
    if cloud.get("api_timeout") is not None \
            and not any(a == "--timeout" or a.startswith("--timeout=") for a in head):
        args.timeout = str(cloud["api_timeout"])


def token_cache(args: argparse.Namespace) -> Any:
    """The TokenCache of these credentials (None when the cache cannot be used)."""
    from computeclient import cache

    options = {dest: getattr(args, f"os_{dest}", None)
               for dest, _ in plugin_options(args.os_auth_type)}
    return cache.TokenCache.open(cache.auth_key(str(args.os_auth_type), options))


class Login:
    """How this run authenticates with keystoneauth1 (a Keystone plugin): the
    Session, built when needed, and the token cache its token is kept in.

    `fresh_session` is what the cached-token sender calls on Nova's 401
    (warm_auth.FallbackSender); the shell saves the token at exit (`save`).
    """

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.auth: Any = None  # the plugin, once a Session was built
        self.token_cache: Any = None  # where its token is saved at exit
        self.warm_cache: Any = None  # the TokenCache the warm path read, reused afterwards

    def open_cache(self) -> Any:
        """The TokenCache of these credentials for the warm path (None: not usable)."""
        if self.args.no_cache or not auth_options.is_described(self.args.os_auth_type):
            return None
        skip_identity_discovery(self.args)
        self.warm_cache = token_cache(self.args)
        return self.warm_cache

    def session(self, restore: bool = True) -> Any:
        """A keystoneauth1 Session for the plugin the options name, holding the
        cached token of these credentials when there is one (and `restore`)."""
        from keystoneauth1 import exceptions as ksa_exc
        from keystoneauth1 import loading

        args = self.args
        skip_identity_discovery(args)
        try:
            auth = auth_options.load_auth(args)
        except ksa_exc.auth_plugins.MissingRequiredOptions as exc:
            missing_credentials([o.dest for o in exc.options])
        except ksa_exc.auth_plugins.NoMatchingPlugin as exc:
            raise exceptions.CommandError(f"Unknown --os-auth-type: {exc}") from exc
        self.auth = auth
        if not args.no_cache and hasattr(auth, "get_access"):  # admin_token, none: no token
            self.token_cache = self.warm_cache or token_cache(args)
            if self.token_cache is not None and restore:
                self.token_cache.restore(auth)
        if args.timings:
            args.collect_timing = True  # so the identity requests are timed too
        auth_options.fill_session_defaults(args)
        return loading.load_session_from_argparse_arguments(args, auth=auth)

    def fresh_session(self) -> Any:
        """A Session that authenticates afresh (Nova refused the cached token);
        its token replaces the cached one at exit."""
        return self.session(restore=False)

    def save(self) -> None:
        """Keep the token for the next run."""
        if self.token_cache is not None and self.auth is not None:
            self.token_cache.save(self.auth)


def skip_identity_discovery(args: argparse.Namespace) -> None:
    """Use the v3 password plugin directly when the auth URL says /v3.

    The generic 'password' plugin first GETs the auth URL to discover the
    identity versions; an explicit .../v3 with the domains given makes that
    request pointless.
    """
    if getattr(args, "os_auth_type", None) not in (None, "password"):
        return
    auth_url = (getattr(args, "os_auth_url", None) or "").rstrip("/")
    user_domain = getattr(args, "os_user_domain_name", None) or getattr(
        args, "os_user_domain_id", None)
    project_domain = getattr(args, "os_project_domain_name", None) or getattr(
        args, "os_project_domain_id", None)
    project_name = getattr(args, "os_project_name", None)
    if auth_url.endswith("/v3") and user_domain and (project_domain or not project_name):
        args.os_auth_type = "v3password"


def missing_credentials(dests: Sequence[str]) -> NoReturn:
    names = ", ".join("--os-" + d.replace("_", "-") for d in dests)
    raise exceptions.CommandError(
        f"Missing credentials: give {names} (or their OS_* variables), or --os-cloud NAME "
        f"(OS_CLOUD) for a cloud of clouds.yaml, or run 'eval \"$(compute sandbox env)\"' "
        f"for the sandbox")


def authenticate_now(session: Any, auth: Any, token_cache: Any) -> None:
    """Authenticate before the first request and keep the token at once (the
    caller holds the token cache's lock: runs waiting on it then reuse it)."""
    from keystoneauth1 import exceptions as ksa_exc

    try:
        session.get_auth_headers()
    except ksa_exc.ClientException as exc:
        from computeclient.session_client import translate_ksa_error
        raise translate_ksa_error(exc, auth=auth) from exc
    if token_cache is not None:
        token_cache.save(auth)
