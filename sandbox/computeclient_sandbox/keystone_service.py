"""A real Keystone 30 for the sandbox's --keystone mode, in its own process.

Keystone and Nova both use oslo.config's global CONF, so they cannot share a
process. `setup()` bootstraps sqlite + fernet keys with keystone-manage;
`python -m computeclient_sandbox.keystone_service --port P --state-dir D`
serves it; `register()` adds the catalog and the demo user over its API.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from computeclient_sandbox import state as state_mod

if TYPE_CHECKING:
    import requests

#: Regions `sandbox up --keystone --regions N` registers, in order; the first
#: holds Keystone itself (the identity endpoint), each has a Nova of its own.
REGIONS = ("RegionOne", "RegionTwo", "RegionThree", "RegionFour")
REGION = REGIONS[0]


def config_path(state_dir: Path) -> Path:
    return state_dir / "keystone" / "keystone.conf"


def write_config(state_dir: Path) -> Path:
    home = state_dir / "keystone"
    home.mkdir(parents=True, exist_ok=True)
    path = config_path(state_dir)
    path.write_text(f"""[DEFAULT]
log_file = {state_dir / 'keystone.log'}

[database]
connection = sqlite:///{home / 'keystone.db'}

[token]
provider = fernet

[fernet_tokens]
key_repository = {home / 'fernet-keys'}

[fernet_receipts]
key_repository = {home / 'fernet-keys'}

[credential]
key_repository = {home / 'credential-keys'}

[identity]
password_hash_rounds = 4
""")
    return path


def _manage(conf: Path, *steps: list[str], log: Path, env: dict | None = None) -> None:
    """Run keystone-manage steps side by side: each spends seconds importing keystone."""
    manage = Path(sys.executable).parent / "keystone-manage"
    program = str(manage) if manage.exists() else "keystone-manage"
    with state_mod.open_private_log(log) as out:
        running = [(step[0], subprocess.Popen([program, "--config-file", str(conf), *step],
                                              stdout=out, stderr=out, env=env,
                                              stdin=subprocess.DEVNULL,
                                              umask=state_mod.PRIVATE_UMASK))
                   for step in steps]
        failed = [name for name, proc in running if proc.wait() != 0]
    if failed:
        raise RuntimeError(f"keystone-manage {', '.join(failed)} failed (see {log})")


def setup(state_dir: Path, port: int, admin_password: str) -> None:
    """db_sync, keys and bootstrap (admin user, project, identity endpoint)."""
    conf = write_config(state_dir)
    log = state_dir / "keystone-setup.log"
    owner = ["--keystone-user", str(os.getuid()), "--keystone-group", str(os.getgid())]
    _manage(conf, ["db_sync"], ["fernet_setup", *owner], ["credential_setup", *owner], log=log)
    url = f"http://127.0.0.1:{port}/v3"
    # The password goes through the environment, not argv (visible in ps).
    _manage(conf, ["bootstrap", "--bootstrap-username", "admin",
                   "--bootstrap-project-name", "admin", "--bootstrap-role-name", "admin",
                   "--bootstrap-admin-url", url, "--bootstrap-public-url", url,
                   "--bootstrap-internal-url", url, "--bootstrap-region-id", REGION],
            log=log, env=dict(os.environ, OS_BOOTSTRAP_PASSWORD=admin_password))


def _admin_http(auth_url: str, admin_password: str) -> requests.Session:
    """A requests Session holding an admin token of Keystone at `auth_url`."""
    import requests

    token_body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": admin_password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    resp = requests.post(f"{auth_url}/auth/tokens", json=token_body, timeout=30)
    resp.raise_for_status()
    http = requests.Session()
    http.headers["X-Auth-Token"] = resp.headers["X-Subject-Token"]
    return http


def register(auth_url: str, admin_password: str, demo_password: str,
             compute_url: str, image_url: str, network_url: str) -> None:
    """Catalog entries for compute, image and network; a non-admin demo user."""
    http = _admin_http(auth_url, admin_password)

    def post(path: str, key: str, body: dict) -> dict:
        reply = http.post(f"{auth_url}/{path}", json={key: body}, timeout=30)
        reply.raise_for_status()
        return reply.json()[key]

    for service_type, name, url in (("compute", "nova", compute_url),
                                    ("image", "glance", image_url),
                                    ("network", "neutron", network_url)):
        service = post("services", "service", {"type": service_type, "name": name})
        for interface in ("public", "internal", "admin"):
            post("endpoints", "endpoint", {"service_id": service["id"], "interface": interface,
                                           "url": url, "region_id": REGION})
    project = post("projects", "project", {"name": "demo", "domain_id": "default"})
    user = post("users", "user", {"name": "demo", "domain_id": "default",
                                  "password": demo_password,
                                  "default_project_id": project["id"]})
    roles = http.get(f"{auth_url}/roles", params={"name": "member"}, timeout=30).json()["roles"]
    http.put(f"{auth_url}/projects/{project['id']}/users/{user['id']}/roles/"
             f"{roles[0]['id']}", timeout=30).raise_for_status()


def add_regions(auth_url: str, admin_password: str, regions: dict[str, dict[str, str]]) -> None:
    """Each region of `regions` (name -> service type -> URL) with its own
    compute, image and network endpoints, next to RegionOne's."""
    http = _admin_http(auth_url, admin_password)
    services = http.get(f"{auth_url}/services", timeout=30).json()["services"]
    for region, urls in regions.items():
        http.post(f"{auth_url}/regions", json={"region": {"id": region}},
                  timeout=30).raise_for_status()
        for service in services:
            if service["type"] not in urls:
                continue
            for interface in ("public", "internal", "admin"):
                http.post(f"{auth_url}/endpoints", timeout=30, json={"endpoint": {
                    "service_id": service["id"], "interface": interface, "region_id": region,
                    "url": urls[service["type"]]}}).raise_for_status()


def wait_ready(auth_url: str, timeout: float = 60.0) -> bool:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(auth_url, timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


def serve(port: int, state_dir: Path) -> None:
    os.environ["OS_KEYSTONE_CONFIG_FILES"] = str(config_path(state_dir))
    gc.disable()  # as in nova_service: importing creates no garbage worth collecting
    from keystone.server import wsgi

    from computeclient_sandbox import endpoints

    app: Any = wsgi.initialize_public_application()
    gc.freeze()
    gc.enable()
    endpoints.make_server(port, app).serve_forever(poll_interval=0.5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="computeclient_sandbox.keystone_service")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    sys.argv = sys.argv[:1]  # keystone's oslo.config parses the command line too
    serve(args.port, args.state_dir)


if __name__ == "__main__":
    main()
