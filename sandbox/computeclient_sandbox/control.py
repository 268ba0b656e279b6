"""Starting and stopping a sandbox: what `compute sandbox` and `Sandbox` share."""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from computeclient_sandbox import keystone_service
from computeclient_sandbox import state as state_mod

INSTALL_HINT = "pip install 'computeclient[sandbox]'"
READY_TIMEOUT = 150.0


class SandboxError(Exception):
    """A sandbox could not be started, found or stopped; the message says why."""


def check_installed(keystone: bool) -> None:
    missing = [name for name in ("nova", "placement") + (("keystone",) if keystone else ())
               if importlib.util.find_spec(name) is None]
    if missing:
        raise SandboxError(f"The sandbox needs {', '.join(missing)}: run {INSTALL_HINT}")


def _spawn(module: str, args: list[str], log: Path) -> subprocess.Popen:
    with state_mod.open_private_log(log) as out:
        return subprocess.Popen([sys.executable, "-m", module, *args], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, close_fds=True,
                                umask=state_mod.PRIVATE_UMASK)


def _state_dir_arg(state_dir: Path) -> str:
    """' --state-dir DIR' when DIR is not the default, so hints can be pasted as they are."""
    if state_dir == state_mod.default_state_dir().resolve():
        return ""
    return f" --state-dir {shlex.quote(str(state_dir))}"


def _check_state_dir(state_dir: Path) -> None:
    """Refuse a directory that holds anything but a sandbox's own files.

    start() empties the state dir and stop() removes it: pointed at a
    project or home directory by mistake, that would delete the user's files.
    """
    if state_dir.exists() and not state_dir.is_dir():
        raise SandboxError(f"--state-dir {state_dir} is not a directory")
    if (state_dir.is_dir() and not (state_dir / state_mod.STATE_FILE).exists()
            and any(state_dir.iterdir())):
        raise SandboxError(f"--state-dir {state_dir} is not empty and holds no sandbox state; "
                           f"give a new or empty directory")


def _clean(state_dir: Path) -> None:
    for entry in state_dir.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _wait_until_ready(nova: dict, state_dir: Path, timeout: float, what: str = "sandbox") -> None:
    """Until the Nova of `nova` (port, pid; its ready file in `state_dir`) answers."""
    import requests

    deadline = time.monotonic() + timeout
    root = f"http://127.0.0.1:{nova['port']}/"
    while time.monotonic() < deadline:
        if not state_mod.same_process(nova["pid"], nova.get("pid_started")):
            raise SandboxError(f"the {what} process exited during start-up")
        if (state_dir / "ready").exists():
            try:
                if requests.get(root, timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
        time.sleep(0.01)
    raise SandboxError(f"the {what} API did not answer within {int(timeout)} s")


def start(state_dir: Path, port: int, keystone: bool = False,
          timeout: float = READY_TIMEOUT, token_cache_time: int | None = None,
          regions: int = 1, keystone_port: int | None = None) -> dict[str, Any]:
    """Start a sandbox detached; returns its state once every API answers.

    regions=N (Keystone mode, up to 4) starts a Nova of its own for each of
    RegionTwo.. (own port, databases, cells, hosts, images and networks,
    state in `state_dir`/regions/NAME) beside RegionOne's, all at once, and
    registers its compute, image and network endpoints in the one Keystone
    catalog; every Nova checks tokens with that Keystone. keystone_port:
    Keystone's port in Keystone mode (None: a free one).

    token_cache_time (Keystone mode) is keystonemiddleware's: None keeps its
    production default (300 s, in-process cache); -1 checks every token with
    Keystone, so a revoked token is refused at once.
    """
    check_installed(keystone)
    most = len(keystone_service.REGIONS)
    if not 1 <= regions <= most or (regions > 1 and not keystone):
        raise SandboxError(f"--regions: 1, or 2 to {most} with --keystone "
                           f"(regions live in its catalog)")
    if token_cache_time is not None and not keystone:
        raise SandboxError("--token-cache-time is Nova's token check with Keystone: "
                           "it needs --keystone")
    if token_cache_time is not None and token_cache_time < -1:
        raise SandboxError(f"--token-cache-time {token_cache_time}: give seconds, "
                           f"or -1 to check every token with Keystone")
    state_dir = state_dir.resolve()
    running = state_mod.running_state(state_dir)
    if running:
        raise SandboxError(f"A sandbox already runs from {state_dir} (pid {running['pid']}, "
                           f"{running['endpoint']}); stop it with 'compute sandbox down"
                           f"{_state_dir_arg(state_dir)}'")
    if state_mod.port_in_use(port):
        raise SandboxError(f"Port {port} on 127.0.0.1 is already in use; "
                           f"choose another with --port")
    if keystone_port is not None:
        if not keystone:
            raise SandboxError("--keystone-port is Keystone's port: it needs --keystone")
        if keystone_port == port or state_mod.port_in_use(keystone_port):
            raise SandboxError(f"Port {keystone_port} on 127.0.0.1 is already in use; "
                               f"choose another with --keystone-port")
    _check_state_dir(state_dir)
    try:
        state_mod.make_private_dir(state_dir)
    except OSError as exc:
        raise SandboxError(f"cannot create --state-dir {state_dir}: {exc.strerror}") from exc
    stale = state_mod.read_state(state_dir)
    if stale:  # Nova died but its Keystone may still hold a port
        _stop_processes(stale)
    _clean(state_dir)
    base = f"http://127.0.0.1:{port}"
    state: dict[str, Any] = {
        "mode": "keystone" if keystone else "token", "port": port,
        "state_dir": str(state_dir), "started_at": time.time(),
        "endpoint": f"{base}/v2.1", "image_endpoint": f"{base}/image",
        "network_endpoint": f"{base}/networking", "pid": None, "keystone_pid": None,
        "users": {"admin": {"project": "admin"}, "demo": {"project": "demo"}},
        "token_cache_time": token_cache_time, "keystone_port": keystone_port,
        "regions": [keystone_service.REGION] if keystone else [], "more_regions": [],
    }
    nova_args = ["--port", str(port), "--state-dir", str(state_dir)]
    try:
        auth_args = _prepare_keystone(state, state_dir) if keystone else []
        # Nova first: it contacts Keystone only when a request comes, so every
        # service starts at once and Keystone mode is ready ~8 s sooner.
        proc = _spawn("computeclient_sandbox.nova_service", nova_args + auth_args,
                      state_dir / "server.log")
        state["pid"] = proc.pid
        state["pid_started"] = state_mod.process_started(proc.pid)
        state_mod.write_state(state_dir, state)
        for name in keystone_service.REGIONS[1:regions]:
            _start_region_nova(state, state_dir, name, auth_args)
        if keystone:
            _start_keystone(state, state_dir)
        _wait_until_ready(state, state_dir, timeout)
        for region in state["more_regions"]:
            _wait_until_ready(region, Path(region["state_dir"]), timeout,
                              f"{region['region']} Nova")
        if regions > 1:
            _register_regions(state)
        write_clouds_yaml(state, state_dir)
    except (SandboxError, RuntimeError, OSError) as exc:
        from computeclient_sandbox import start_failure

        _stop_processes(state)
        raise SandboxError(start_failure.explain(exc, state_dir)) from exc
    return state


def _start_region_nova(state: dict, state_dir: Path, region: str, auth_args: list[str]) -> None:
    """Another Nova, as independent as a second sandbox, serving `region`.

    Its auth settings are RegionOne's Nova's: Keystone (and its identity
    endpoint) lives in RegionOne, so tokens are checked there.
    """
    home = state_dir / "regions" / region
    state_mod.make_private_dir(home)
    port = state_mod.free_port()
    base = f"http://127.0.0.1:{port}"
    nova: dict[str, Any] = {
        "region": region, "port": port, "state_dir": str(home), "endpoint": f"{base}/v2.1",
        "image_endpoint": f"{base}/image", "network_endpoint": f"{base}/networking"}
    proc = _spawn("computeclient_sandbox.nova_service",
                  ["--port", str(port), "--state-dir", str(home), *auth_args],
                  home / "server.log")
    nova.update(pid=proc.pid, pid_started=state_mod.process_started(proc.pid))
    state["more_regions"].append(nova)
    state["regions"].append(region)
    state_mod.write_state(state_dir, state)


def _prepare_keystone(state: dict, state_dir: Path) -> list[str]:
    """Ports, random passwords and Nova's auth_token settings; Nova's extra arguments."""
    kport = state.get("keystone_port") or state_mod.free_port()
    admin_password = secrets.token_urlsafe(18)
    auth_url = f"http://127.0.0.1:{kport}/v3"
    state.update(keystone_port=kport, auth_url=auth_url)
    state["users"]["admin"]["password"] = admin_password
    state["users"]["demo"]["password"] = secrets.token_urlsafe(18)
    state_mod.write_state(state_dir, state)
    conf = state_dir / "keystone-auth.json"
    conf.touch(mode=0o600)
    settings = {
        "www_authenticate_uri": auth_url, "auth_url": f"http://127.0.0.1:{kport}",
        "auth_type": "password", "username": "admin", "password": admin_password,
        "project_name": "admin", "user_domain_name": "Default",
        "project_domain_name": "Default", "region_name": keystone_service.REGION,
    }
    if state["token_cache_time"] is not None:  # else keystonemiddleware's default, as deployed
        settings["token_cache_time"] = str(state["token_cache_time"])
    conf.write_text(json.dumps(settings))
    return ["--keystone-conf", str(conf)]


def _start_keystone(state: dict, state_dir: Path) -> None:
    """Keystone as _prepare_keystone planned: from the template, else bootstrapped and filled."""
    from computeclient_sandbox import template

    passwords = {user: state["users"][user]["password"] for user in ("admin", "demo")}
    urls = {"identity": state["auth_url"], "compute": state["endpoint"],
            "image": state["image_endpoint"], "network": state["network_endpoint"]}
    from_template = template.keystone_ready()
    if from_template:
        keystone_service.write_config(state_dir)
        template.copy_keystone(state_dir / "keystone", urls, passwords)
    else:
        keystone_service.setup(state_dir, state["keystone_port"], passwords["admin"])
    proc = _spawn("computeclient_sandbox.keystone_service",
                  ["--port", str(state["keystone_port"]), "--state-dir", str(state_dir)],
                  state_dir / "keystone-server.log")
    state["keystone_pid"] = proc.pid
    state["keystone_pid_started"] = state_mod.process_started(proc.pid)
    state_mod.write_state(state_dir, state)
    if not keystone_service.wait_ready(state["auth_url"]):
        raise SandboxError(f"Keystone did not answer on {state['auth_url']}")
    if not from_template:
        keystone_service.register(state["auth_url"], passwords["admin"], passwords["demo"],
                                  state["endpoint"], state["image_endpoint"],
                                  state["network_endpoint"])
        template.save_keystone(state_dir / "keystone", urls)


def _register_regions(state: dict) -> None:
    """Each further region's endpoints in the catalog: its own Nova's."""
    keystone_service.add_regions(
        state["auth_url"], state["users"]["admin"]["password"],
        {nova["region"]: {"compute": nova["endpoint"], "image": nova["image_endpoint"],
                          "network": nova["network_endpoint"]}
         for nova in state["more_regions"]})


def _stop_processes(state: dict) -> None:
    state_mod.stop_pid(state.get("pid"), started=state.get("pid_started"))
    for nova in state.get("more_regions", []):
        state_mod.stop_pid(nova.get("pid"), started=nova.get("pid_started"))
    state_mod.stop_pid(state.get("keystone_pid"), timeout=5.0,
                       started=state.get("keystone_pid_started"))


def stop(state_dir: Path) -> dict | None:
    """Stop the sandbox of `state_dir` and remove its state; None if none ran."""
    state_dir = state_dir.resolve()
    state = state_mod.read_state(state_dir)
    if state is None:
        return None
    was_running = state_mod.same_process(state.get("pid"), state.get("pid_started"))
    _stop_processes(state)
    shutil.rmtree(state_dir, ignore_errors=True)
    return state if was_running else None


def env(state: dict, user: str = "admin") -> dict[str, str]:
    """The OS_* variables that point `compute` at this sandbox as `user`."""
    if user not in state["users"]:
        raise SandboxError(f"No sandbox user {user!r}; choose admin or demo")
    if state["mode"] == "keystone":
        return {
            "OS_AUTH_TYPE": "password", "OS_AUTH_URL": state["auth_url"],
            "OS_USERNAME": user, "OS_PASSWORD": state["users"][user]["password"],
            "OS_PROJECT_NAME": state["users"][user]["project"],
            "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
            "OS_REGION_NAME": "RegionOne", "OS_IDENTITY_API_VERSION": "3",
        }
    return {
        "OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": state["endpoint"],
        "OS_TOKEN": f"{user}:{state['users'][user]['project']}",
        "OS_IMAGE_ENDPOINT": state["image_endpoint"],
        "OS_NETWORK_ENDPOINT": state["network_endpoint"],
    }


def cloud_name(state: dict, user: str = "admin") -> str:
    """The clouds.yaml entry of `user`: sandbox-admin, sandbox-demo."""
    return f"sandbox-{user}"


def clouds(state: dict) -> dict[str, dict[str, Any]]:
    """clouds.yaml entries for both users, openstackclient's format."""
    entries: dict[str, dict[str, Any]] = {}
    for user, info in state["users"].items():
        if state["mode"] == "keystone":
            entry: dict[str, Any] = {
                "auth_type": "password", "region_name": "RegionOne",
                "identity_api_version": "3", "interface": "public",
                "auth": {"auth_url": state["auth_url"], "username": user,
                         "password": info["password"], "project_name": info["project"],
                         "user_domain_name": "Default", "project_domain_name": "Default"}}
        else:
            entry = {"auth_type": "admin_token",
                     "auth": {"endpoint": state["endpoint"],
                              "token": f"{user}:{info['project']}"},
                     "image_endpoint_override": state["image_endpoint"],
                     "network_endpoint_override": state["network_endpoint"]}
        entries[cloud_name(state, user)] = entry
    return entries


def clouds_yaml_path(state_dir: Path) -> Path:
    return Path(state_dir) / "clouds.yaml"


def write_clouds_yaml(state: dict, state_dir: Path) -> Path:
    """The sandbox's clouds.yaml (JSON is valid YAML), mode 0600: it holds passwords."""
    path = clouds_yaml_path(state_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"clouds": clouds(state)}, handle, indent=2)
    return path


def cloud_env(state: dict, user: str = "admin") -> dict[str, str]:
    """OS_CLOUD-style settings: the sandbox's clouds.yaml and the entry of `user`."""
    if user not in state["users"]:
        raise SandboxError(f"No sandbox user {user!r}; choose admin or demo")
    return {"OS_CLIENT_CONFIG_FILE": str(clouds_yaml_path(Path(state["state_dir"]))),
            "OS_CLOUD": cloud_name(state, user)}


#: What `sandbox env` unsets so that switching modes in one shell works.
OTHER_MODE_VARIABLES = {
    "token": ["OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME",
              "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME", "OS_CLOUD", "OS_REGION_NAME",
              "OS_IDENTITY_API_VERSION", "OS_PROJECT_ID", "OS_USER_ID"],
    "keystone": ["OS_ENDPOINT", "OS_TOKEN", "OS_IMAGE_ENDPOINT", "OS_NETWORK_ENDPOINT",
                 "OS_CLOUD", "OS_PROJECT_ID", "OS_USER_ID"],
}


def uptime(state: dict) -> float:
    return max(0.0, time.time() - float(state.get("started_at", time.time())))


def os_environ_without_openstack() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
