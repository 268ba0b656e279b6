"""clouds.yaml and secure.yaml, read the way openstackclient reads them.

openstacksdk's loader is the reference, but importing it costs about 0.6 s
(the package pulls in the whole SDK), so a named cloud is read here with
PyYAML alone; tests/unit/test_cloud_config.py proves the result equal to
openstacksdk's on a corpus of files. Vendor `profile:` entries need
openstacksdk's vendor data and are handed to it when it is installed.

The shell reads these files, applying precedence (command line > OS_* >
file) by filling only the options nobody gave; fanout.cloud_client builds a
library Client from one cloud as it stands.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from computeclient import cloud_files, exceptions

_NAMES = ("clouds", "secure")
_SUFFIXES = (".yaml", ".yml", ".json")
#: Old spellings openstacksdk still accepts, mapped to the current auth keys.
_AUTH_ALIASES = {
    "domain_id": ("domain_id", "domain-id"),
    "domain_name": ("domain_name", "domain-name"),
    "user_domain_id": ("user_domain_id", "user-domain-id"),
    "user_domain_name": ("user_domain_name", "user-domain-name"),
    "project_domain_id": ("project_domain_id", "project-domain-id"),
    "project_domain_name": ("project_domain_name", "project-domain-name"),
    "token": ("auth-token", "auth_token", "token"),
    "passcode": ("passcode",),
    "project_id": ("tenant_id", "tenant-id", "project_id", "project-id"),
    "project_name": ("tenant_name", "tenant-name", "project_name", "project-name"),
}
#: What openstacksdk fills in when a cloud says nothing (the fields we use).
DEFAULTS: dict[str, Any] = {"auth_type": "password", "interface": "public",
                            "api_timeout": None, "verify": True, "cacert": None,
                            "cert": None, "key": None}


def search_dirs() -> list[Path]:
    """Where clouds.yaml is looked for, first found wins (openstacksdk's order)."""
    home = Path(os.path.expanduser("~"))
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    dirs = [Path.cwd(), Path(xdg) / "openstack", home / ".config" / "openstack",
            Path("/etc/xdg/openstack"), Path("/etc/openstack")]
    unique: list[Path] = []
    for folder in dirs:
        if folder not in unique:
            unique.append(folder)
    return unique


def candidate_files(kind: str) -> list[Path]:
    """clouds.* or secure.* in every search dir, after OS_CLIENT_*_FILE."""
    override = os.environ.get("OS_CLIENT_CONFIG_FILE" if kind == "clouds"
                              else "OS_CLIENT_SECURE_FILE")
    files = [Path(override)] if override else []
    return files + [d / (kind + s) for d in search_dirs() for s in _SUFFIXES]


def _first(files: list[Path], private: bool = False) -> tuple[Path | None, dict[str, Any]]:
    for path in files:
        data = cloud_files.read(path, private)
        if data is None:
            continue
        if not isinstance(data, dict):
            raise exceptions.CloudConfigError(f"{path} is empty or not a mapping")
        return path, data
    return None, {}


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Nested update: secure.yaml's values go into clouds.yaml's mappings."""
    merged = dict(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def normalize(config: dict[str, Any]) -> dict[str, Any]:
    """Dashes to underscores; numbers to strings (api_timeout stays a number)."""
    out: dict[str, Any] = {}
    for key, value in config.items():
        key = key.replace("-", "_")
        if isinstance(value, dict):
            value = normalize(value)
        elif isinstance(value, float) or (isinstance(value, int)
                                          and not isinstance(value, bool)
                                          and key not in ("api_timeout", "verbose_level")):
            value = str(value)
        out[key] = value
    return out


def load_files(config_files: list[Path] | None = None,
               secure_files: list[Path] | None = None,
               ) -> tuple[Path | None, dict[str, Any], Path | None]:
    """(clouds file found, its clouds with secure.yaml merged in, secure file found).

    A secure.yaml others may read is not used (a warning says so).
    """
    path, data = _first(config_files if config_files is not None
                        else candidate_files("clouds"))
    secure_path, secure = _first(secure_files if secure_files is not None
                                 else candidate_files("secure"), private=True)
    if secure:
        data = merge(data, secure)
    clouds = data.get("clouds")
    return path, clouds if isinstance(clouds, dict) else {}, secure_path if secure else None


def get_cloud(name: str, region_name: str | None = None,
              config_files: list[Path] | None = None,
              secure_files: list[Path] | None = None) -> dict[str, Any]:
    """The settings of cloud `name` (auth, auth_type, region_name, ...)."""
    path, clouds, secure_path = load_files(config_files, secure_files)
    if path is None:
        looked = ", ".join(str(d) for d in search_dirs())
        raise exceptions.CloudConfigError(
            f"cloud {name!r} asked for, but no clouds.yaml was found (looked in {looked}; "
            f"or set OS_CLIENT_CONFIG_FILE)")
    if name not in clouds:
        known = ", ".join(sorted(map(str, clouds))) or "none"
        raise exceptions.CloudConfigError(
            f"cloud {name!r} is not in {path} (clouds there: {known})")
    entry = clouds[name]
    where = f"{path} (with {secure_path})" if secure_path else str(path)
    cloud_files.check_cloud(where, str(name), entry, _single_value_keys())
    profile = entry.get("profile", entry.get("cloud"))
    if profile:
        secure = secure_files if secure_files is not None else candidate_files("secure")
        return _from_openstacksdk(name, str(profile), region_name, path, secure)
    config = merge(DEFAULTS, entry)
    config.setdefault("auth", {})
    region = _pick_region(name, normalize(config), region_name)
    config.pop("regions", None)
    config["region_name"] = region["name"]
    config = merge(config, region["values"])
    return _fix_names(normalize(_one_timeout(config)))


def _single_value_keys() -> frozenset[str]:
    """Keys besides cloud_files.SCALAR_KEYS read as one value: old spellings and
    auth plugin options, which may be given at the top level of a cloud."""
    from computeclient import auth_options
    names = [a for aliases in _AUTH_ALIASES.values() for a in aliases]
    names += [n for options in auth_options.PLUGINS.values() for o in options
              for n in (o.name, *o.aliases)]
    return frozenset(n.replace("-", "_") for n in names)


def cloud_names(config_files: list[Path] | None = None,
                secure_files: list[Path] | None = None) -> list[str]:
    """The names of every cloud in clouds.yaml, in the file's order (--all-clouds)."""
    return [str(name) for name in load_files(config_files, secure_files)[1]]


def region_names(name: str, config_files: list[Path] | None = None,
                 secure_files: list[Path] | None = None) -> list[str]:
    """The regions cloud `name` lists (regions: or region_name), [] when none."""
    get_cloud(name, config_files=config_files, secure_files=secure_files)  # shape checked
    entry = load_files(config_files, secure_files)[1][name]
    return [str(r["name"]) for r in _regions(normalize(entry))]


def _regions(config: dict[str, Any]) -> list[dict[str, Any]]:
    if "regions" in config:
        regions = [r if isinstance(r, dict) else {"name": r} for r in config["regions"]]
    elif config.get("region_name"):
        names = config["region_name"]
        regions = [{"name": r} for r in (names if isinstance(names, list)
                                         else names.split(","))]
    else:
        regions = []
    for region in regions:
        region.setdefault("values", {})
    return regions


def _pick_region(name: str, config: dict[str, Any], wanted: str | None) -> dict[str, Any]:
    regions = _regions(config)
    if not regions:
        return {"name": wanted or "", "values": {}}
    if not wanted:
        return regions[0]
    for region in regions:
        if region["name"] == wanted:
            return region
    raise exceptions.CloudConfigError(
        f"region {wanted!r} is not a region of cloud {name!r} (regions: "
        f"{', '.join(r['name'] for r in regions)}; names are case sensitive)")


def _one_timeout(config: dict[str, Any]) -> dict[str, Any]:
    """requests has one timeout: a per-service one (compute_timeout) becomes api_timeout."""
    timeout = None
    for key in [k for k in config if k.endswith("timeout") and k not in ("timeout",
                                                                        "api_timeout")]:
        timeout = config.pop(key)
    if timeout is not None:
        config["api_timeout"] = timeout
    return config


def _fix_names(config: dict[str, Any]) -> dict[str, Any]:
    """The renames openstacksdk applies: old keys, domains, boolean strings."""
    if "auth_plugin" in config:  # the old name; auth_type wins when both are there
        plugin = config.pop("auth_plugin")
        config.setdefault("auth_type", plugin)
    auth = config["auth"]
    aliases = dict(_AUTH_ALIASES)
    if config.get("auth_type") == "v2password":
        aliases["tenant_id"] = aliases.pop("project_id")
        aliases["tenant_name"] = aliases.pop("project_name")
    for target, names in aliases.items():
        value = None
        for alias in names:
            if alias in auth:
                value = str(auth.pop(alias))
            if alias in config:  # a top-level value beats the auth section
                value = str(config.pop(alias))
        if value:
            auth[target] = value
    for key in [k for k in config if k.endswith("endpoint_type")]:
        config[key.replace("endpoint_type", "interface")] = config.pop(key)
    scoped = any(k in config or k in auth for k in ("project_id", "project_name"))
    for target, specific in (("domain_id", ("user_domain_id", "project_domain_id")),
                             ("domain_name", ("user_domain_name", "project_domain_name"))):
        if not scoped:
            if target in config and target not in auth:
                auth[target] = config.pop(target)
            continue
        for key in specific:
            if target in auth and key not in auth:
                auth[key] = auth[target]
        config.pop(target, None)
        auth.pop(target, None)
    if "insecure" in config and not isinstance(config["insecure"], bool):
        config["insecure"] = str(config["insecure"]).lower() == "true"
    if config.get("auth_type") in (None, "None", ""):
        config["auth_type"] = "none"
    elif config["auth_type"] == "token_endpoint":
        config["auth_type"] = "admin_token"
    return config


def move_plugin_options(config: dict[str, Any], option_names: list[list[str]]) -> dict[str, Any]:
    """Top-level settings that are options of the auth plugin go into `auth`.

    option_names: per plugin option, its name then its deprecated names
    (from keystoneauth1's loader; the auth section wins over the top level).
    """
    auth = config["auth"]
    for names in option_names:
        keys = [n.replace("-", "_") for n in names]
        value = next((auth[k] for k in keys if auth.get(k)), None) \
            or next((config[k] for k in keys if config.get(k)), None)
        for key in keys:
            config.pop(key, None)
            auth.pop(key, None)
        if value:
            auth[keys[0]] = value
    return config


def requests_verify(config: dict[str, Any]) -> tuple[Any, Any]:
    """(verify, cert) for requests: insecure wins, then cacert, then verify."""
    verify: Any = config.get("verify", True)
    if config.get("insecure"):
        verify = False
    if verify and config.get("cacert"):
        verify = os.path.expanduser(config["cacert"])
    cert: Any = config.get("cert")
    if cert:
        cert = os.path.expanduser(cert)
        if config.get("key"):
            cert = (cert, os.path.expanduser(config["key"]))
    return verify, cert


def _from_openstacksdk(name: str, profile: str, region_name: str | None,
                       path: Path, secure_files: list[Path]) -> dict[str, Any]:
    """A vendor profile: openstacksdk holds the vendors' data, so it reads this cloud."""
    try:
        from openstack import config as sdk_config
    except ImportError:
        raise exceptions.CloudConfigError(
            f"cloud {name!r} in {path} uses the vendor profile {profile!r}: "
            f"pip install openstacksdk to read vendor profiles, or write the "
            f"profile's auth_url and region_name into the entry") from None
    try:
        reader = sdk_config.OpenStackConfig(
            config_files=[str(path)], secure_files=[str(f) for f in secure_files],
            load_envvars=False)
        region = reader.get_one(name, validate=False, region_name=region_name or None)
    except Exception as exc:  # openstacksdk's ConfigException and friends
        raise exceptions.CloudConfigError(f"cloud {name!r}: {exc}") from exc
    return dict(region.config)
