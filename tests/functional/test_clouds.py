"""clouds.yaml, every auth method and the token cache, on the Keystone sandbox.

Requests are counted in the client process itself (every request that
leaves through requests' HTTPAdapter), not taken from --timings.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.slow

COUNTING = textwrap.dedent("""
    import json, sys
    import requests.adapters
    sent = []
    real_send = requests.adapters.HTTPAdapter.send
    def send(self, request, **kwargs):
        sent.append(request.method + " " + request.url)
        return real_send(self, request, **kwargs)
    requests.adapters.HTTPAdapter.send = send
    from computeclient import shell
    code = shell.main(sys.argv[1:])
    print("SENT " + json.dumps(sent), file=sys.stderr)
    sys.exit(code)
""")


class Run:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code, self.out = proc.returncode, proc.stdout
        lines = proc.stderr.splitlines()
        self.sent = json.loads(lines[-1][5:]) if lines and lines[-1].startswith("SENT ") else []
        self.err = "\n".join(line for line in lines if not line.startswith("SENT "))


@pytest.fixture
def run(tmp_path):
    """run(*args, env={...}, cwd=None) with no OS_* but those given; own cache dir."""
    cache_home = tmp_path / "cache"

    def call(*args: str, env: dict | None = None, cwd=None, script=COUNTING) -> Run:
        full = {k: v for k, v in os.environ.items()
                if not k.startswith("OS_") and k != "COMPUTECLIENT_NO_CACHE"}
        full.update(XDG_CACHE_HOME=str(cache_home), **(env or {}))
        proc = subprocess.run([sys.executable, "-c", script, *args], env=full, cwd=cwd,
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
        return Run(proc)
    call.cache_dir = cache_home / "computeclient"
    return call


@pytest.fixture(scope="module")
def ks(compute_sandbox_keystone):
    return compute_sandbox_keystone


def _password_entry(ks, user="demo", with_password=True):
    creds = ks.credentials(user)
    auth = {k: creds[k] for k in ("auth_url", "username", "project_name",
                                  "user_domain_name", "project_domain_name")}
    if with_password:
        auth["password"] = creds["password"]
    return {"auth_type": "password", "auth": auth, "region_name": "RegionOne",
            "identity_api_version": 3}


def _write_clouds(folder, clouds, name="clouds.yaml"):
    """The file as a user keeps it: 0600 (a secure.yaml others can read is refused)."""
    import yaml
    path = folder / name
    path.write_text(yaml.safe_dump({"clouds": clouds}))
    path.chmod(0o600)
    return path


def _token_files(run):
    return sorted(run.cache_dir.glob("token-*.json")) if run.cache_dir.exists() else []


# -- clouds.yaml -------------------------------------------------------------

def test_sandbox_writes_a_private_clouds_yaml_for_both_users(ks, run):
    path = ks.cloud_env()["OS_CLIENT_CONFIG_FILE"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    for user in ("admin", "demo"):
        result = run("flavor-list", "-f", "json", env=ks.cloud_env(user))
        assert result.code == 0, result.err
        assert "m1.tiny" in {f["Name"] for f in json.loads(result.out)}


def test_os_cloud_boots_in_the_clouds_project(ks, run):
    demo = ks.cloud_env("demo")
    result = run("--os-cloud", demo["OS_CLOUD"], "boot", "--image", "cirros", "--flavor",
                 "m1.tiny", "--nic", "none", "-f", "json", "cloudvm",
                 env={"OS_CLIENT_CONFIG_FILE": demo["OS_CLIENT_CONFIG_FILE"]})
    assert result.code == 0, result.err
    server_id = json.loads(result.out)["id"]
    admin = ks.client()
    try:
        held = admin.servers.get(server_id)
        demo_project = ks.session("demo").get_project_id()
        assert held.tenant_id == demo_project and held.name == "cloudvm"
        listed = run("list", "-f", "json", env=demo)
        assert listed.code == 0 and server_id in {s["ID"] for s in json.loads(listed.out)}
        assert "cloudvm" in (run.cache_dir / "names-servers").read_text().splitlines()
    finally:
        admin.servers.delete(server_id)


def test_secure_yaml_from_the_current_directory(ks, run, tmp_path):
    entry = _password_entry(ks, with_password=False)
    _write_clouds(tmp_path, {"mine": entry})
    secret = {"mine": {"auth": {"password": ks.credentials("demo")["password"]}}}
    _write_clouds(tmp_path, secret, "secure.yaml")
    result = run("flavor-list", env={"OS_CLOUD": "mine", "HOME": str(tmp_path)}, cwd=tmp_path)
    assert result.code == 0, result.err
    without = run("--no-cache", "flavor-list", env={"OS_CLOUD": "mine",
                                                     "HOME": str(tmp_path),
                                                     "OS_CLIENT_SECURE_FILE": "/nonexistent"},
                  cwd=tmp_path / "..")
    assert without.code == 1 and "no clouds.yaml was found" in without.err


def test_environment_and_command_line_override_the_file(ks, run, tmp_path):
    entry = _password_entry(ks)
    entry["auth"]["password"] = "wrong-in-file"
    path = _write_clouds(tmp_path, {"mine": entry})
    env = {"OS_CLIENT_CONFIG_FILE": str(path), "OS_CLOUD": "mine"}
    refused = run("flavor-list", env=env)
    assert refused.code == 1 and refused.err.count("\n") == 0
    assert refused.err.startswith("ERROR (Unauthorized): Keystone at ")
    assert "refused user demo for project demo" in refused.err and "OS_PASSWORD" in refused.err
    good = ks.credentials("demo")["password"]
    assert run("flavor-list", env={**env, "OS_PASSWORD": good}).code == 0
    again = run("--os-password", "wrong-on-command-line", "flavor-list",
                env={**env, "OS_PASSWORD": good})
    assert again.code == 1 and "refused user demo" in again.err
    other = run("--os-project-name", "nonexistent", "flavor-list",
                env={**env, "OS_PASSWORD": good})
    assert other.code == 1 and "for project nonexistent" in other.err


# -- auth methods --------------------------------------------------------------

def _application_credential(ks, name, expires_at=None):
    session = ks.session("demo")
    user_id = session.get_user_id()
    body = {"application_credential": {"name": name, "expires_at": expires_at}}
    resp = session.post(f"{ks.auth_url}/users/{user_id}/application_credentials", json=body)
    created = resp.json()["application_credential"]
    return created["id"], created["secret"]


def test_application_credential_from_os_variables_and_clouds_yaml(ks, run, tmp_path):
    cred_id, secret = _application_credential(ks, "computeclient-test")
    env = {"OS_AUTH_TYPE": "v3applicationcredential", "OS_AUTH_URL": ks.auth_url,
           "OS_APPLICATION_CREDENTIAL_ID": cred_id,
           "OS_APPLICATION_CREDENTIAL_SECRET": secret}
    result = run("--timings", "flavor-list", env=env)
    assert result.code == 0, result.err
    assert any("/v3/auth/tokens" in r for r in result.sent)
    path = _write_clouds(tmp_path, {"app": {
        "auth_type": "v3applicationcredential", "region_name": "RegionOne",
        "auth": {"auth_url": ks.auth_url, "application_credential_id": cred_id,
                 "application_credential_secret": secret}}})
    from_file = run("--no-cache", "list", env={"OS_CLIENT_CONFIG_FILE": str(path),
                                                "OS_CLOUD": "app"})
    assert from_file.code == 0, from_file.err
    by_option = run("--os-cloud", "app", "list", env={"OS_CLIENT_CONFIG_FILE": str(path)})
    assert by_option.code == 0, by_option.err
    # Same credentials as the OS_* run above, so the same cached token: one request.
    assert len(by_option.sent) == 1
    wrong = run("--no-cache", "list", env={**env, "OS_APPLICATION_CREDENTIAL_SECRET": "x"})
    assert wrong.code == 1
    assert f"refused application credential {cred_id}" in wrong.err


def test_expired_application_credential_says_what_to_do(ks, run):
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=10)
    cred_id, secret = _application_credential(ks, "computeclient-expiring",
                                              soon.strftime("%Y-%m-%dT%H:%M:%S"))
    left = (soon - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    time.sleep(max(0.0, left) + 1)  # let it expire (at most 11 s)
    result = run("list", env={"OS_AUTH_TYPE": "v3applicationcredential",
                              "OS_AUTH_URL": ks.auth_url,
                              "OS_APPLICATION_CREDENTIAL_ID": cred_id,
                              "OS_APPLICATION_CREDENTIAL_SECRET": secret})
    assert result.code == 1 and result.err.count("\n") == 0
    assert "has expired, was deleted, or the secret is wrong; create a new one" in result.err


def test_token_admin_token_and_none(ks, run):
    session = ks.session("admin")
    token, project = session.get_token(), session.get_project_id()
    by_token = run("list", "--all-tenants", env={
        "OS_AUTH_TYPE": "v3token", "OS_AUTH_URL": ks.auth_url, "OS_TOKEN": token,
        "OS_PROJECT_ID": project})
    assert by_token.code == 0, by_token.err
    admin_token = run("flavor-list", env={"OS_AUTH_TYPE": "admin_token", "OS_TOKEN": token,
                                          "OS_ENDPOINT": ks.endpoint})
    assert admin_token.code == 0, admin_token.err
    assert not any("/v3/" in r for r in admin_token.sent)  # Nova only, no Keystone
    nothing = run("flavor-list", env={"OS_AUTH_TYPE": "none", "OS_ENDPOINT": ks.endpoint})
    assert nothing.code == 1 and nothing.err.startswith("ERROR (Unauthorized): ")
    assert [r.split()[0] for r in nothing.sent if "/v3/" in r] == []


# -- token cache ---------------------------------------------------------------

def test_warm_list_is_one_request(ks, run):
    env = ks.cloud_env("admin")
    cold = run("--timings", "list", env=env)
    assert cold.code == 0, cold.err
    assert any(r.startswith("POST ") and r.endswith("/v3/auth/tokens") for r in cold.sent)
    (token_file,) = _token_files(run)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(run.cache_dir.stat().st_mode) == 0o700
    assert ks.credentials("admin")["password"] not in token_file.read_text()
    warm = run("--timings", "list", env=env)
    assert warm.code == 0, warm.err
    assert len(warm.sent) == 1 and warm.sent[0].startswith("GET ")
    assert warm.sent[0].endswith("/v2.1/servers/detail")
    assert "Total (1 requests)" in warm.err


def test_warm_list_imports_no_keystoneauth1(ks, run):
    """The cached token and catalog serve the run over plain requests."""
    env = ks.cloud_env("admin")
    assert run("list", env=env).code == 0
    probe = COUNTING.replace(
        'print("SENT "',
        'print("LOADED " + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in '
        '("keystoneauth1", "stevedore", "os_service_types"))), file=sys.stderr)\n'
        'print("SENT "')
    warm = run("list", "-f", "json", env=env, script=probe)
    assert warm.code == 0, warm.err
    loaded = [line for line in warm.err.splitlines() if line.startswith("LOADED ")]
    assert loaded == ["LOADED []"]
    assert len(warm.sent) == 1 and warm.sent[0].endswith("/v2.1/servers/detail")
    through_keystoneauth1 = run("--no-cache", "list", "-f", "json", env=env)
    assert json.loads(warm.out) == json.loads(through_keystoneauth1.out)


def test_revoked_token_reauthenticates_once(ks, run):
    env = ks.cloud_env("admin")
    assert run("list", env=env).code == 0
    (token_file,) = _token_files(run)
    old = json.loads(token_file.read_text())["auth_token"]
    admin = ks.session("admin")
    admin.delete(f"{ks.auth_url}/auth/tokens", headers={"X-Subject-Token": old})
    result = run("list", env=env)
    assert result.code == 0, result.err
    methods = [r.split()[0] + " " + r.split("/")[-1] for r in result.sent]
    assert methods == ["GET detail", "POST tokens", "GET detail"]
    assert json.loads(token_file.read_text())["auth_token"] != old
    assert len(run("list", env=env).sent) == 1


def test_readable_cache_file_is_refused_and_replaced(ks, run):
    env = ks.cloud_env("admin")
    assert run("list", env=env).code == 0
    (token_file,) = _token_files(run)
    os.chmod(token_file, 0o644)
    result = run("list", env=env)
    assert result.code == 0, result.err
    assert result.err.count("\n") == 0 and result.err.startswith("WARNING: cache file ")
    assert "readable by others (mode 0644); not used" in result.err
    assert any(r.endswith("/v3/auth/tokens") for r in result.sent)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600


def test_no_cache_option_and_variable_and_cache_clear(ks, run):
    env = ks.cloud_env("admin")
    assert run("--no-cache", "list", env=env).code == 0
    assert run("list", env={**env, "COMPUTECLIENT_NO_CACHE": "1"}).code == 0
    assert _token_files(run) == []
    assert run("list", env=env).code == 0
    assert len(_token_files(run)) == 1
    cleared = run("cache", "clear", env=env)
    assert cleared.code == 0 and _token_files(run) == []
    assert not (run.cache_dir / "versions.json").exists()
    assert cleared.sent == []


def test_demo_and_admin_get_their_own_tokens(ks, run):
    assert run("list", env=ks.cloud_env("admin")).code == 0
    assert run("list", env=ks.cloud_env("demo")).code == 0
    assert len(_token_files(run)) == 2
    demo_warm = run("list", "-f", "json", env=ks.cloud_env("demo"))
    assert demo_warm.code == 0 and len(demo_warm.sent) == 1


def test_token_mode_sandbox_clouds_yaml(compute_sandbox, run):
    """admin_token entries with the image endpoint from image_endpoint_override."""
    result = run("list", "--image", "cirros", "-f", "json", env=compute_sandbox.cloud_env("demo"))
    assert result.code == 0, result.err
    assert isinstance(json.loads(result.out), list)
    assert any("/image/" in r for r in result.sent)  # the name was looked up in Glance
    assert _token_files(run) == []  # nothing to cache: the token is the user's own
