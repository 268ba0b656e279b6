"""The per-user cache: private files, refused when others could read them."""

import json
import os
import re
import stat
import subprocess
import sys
import textwrap

import pytest

from computeclient import cache, cloud_config, shell, shell_auth, shell_parsers
from tests.unit.conftest import token_state


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "computeclient"


class FakeAuth:
    """get_auth_state/set_auth_state as keystoneauth1's identity plugins have them."""

    def __init__(self, state=None):
        self.state = state

    def get_auth_state(self):
        return self.state

    def set_auth_state(self, state):
        self.state = state


def test_directory_and_token_file_are_private(cache_home):
    token_cache = cache.TokenCache.open("k")
    token_cache.save(FakeAuth(token_state()))
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700
    assert stat.S_IMODE(token_cache.path.stat().st_mode) == 0o600
    auth = FakeAuth()
    assert cache.TokenCache.open("k").restore(auth) and auth.state == token_state_of(
        token_cache)


def token_state_of(token_cache):
    return token_cache.path.read_text()


def test_a_readable_token_file_is_refused_with_one_line(cache_home, capsys):
    token_cache = cache.TokenCache.open("k")
    token_cache.save(FakeAuth(token_state()))
    os.chmod(token_cache.path, 0o644)
    auth = FakeAuth()
    assert not cache.TokenCache.open("k").restore(auth)
    assert auth.state is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "readable by others (mode 0644); not used" in err


def test_a_loose_directory_of_ours_is_closed(cache_home):
    cache_home.mkdir(mode=0o755)
    os.chmod(cache_home, 0o755)
    assert cache.secure_dir() == cache_home
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700


def test_a_directory_of_another_user_is_refused(cache_home, monkeypatch, capsys):
    cache_home.mkdir()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_home).st_uid + 1)
    assert cache.TokenCache.open("k") is None
    assert "belongs to another user; not used" in capsys.readouterr().err


def test_unchanged_state_is_not_rewritten_and_a_rejected_one_is_dropped(cache_home):
    token_cache = cache.TokenCache.open("k")
    token_cache.save(FakeAuth(token_state()))
    again = cache.TokenCache.open("k")
    auth = FakeAuth()
    again.restore(auth)
    before = again.path.stat().st_mtime_ns
    again.save(auth)
    assert again.path.stat().st_mtime_ns == before
    again.save(FakeAuth(None))  # keystoneauth1 invalidated it and could not re-authenticate
    assert not again.path.exists()


def test_key_changes_with_every_parameter_and_holds_no_secret():
    base = {"auth_url": "http://k/v3", "username": "u", "password": "hunter2"}
    key = cache.auth_key("v3password", base)
    assert key != cache.auth_key("v3password", {**base, "password": "other"})
    assert key != cache.auth_key("v3password", {**base, "project_name": "p"})
    assert key != cache.auth_key("password", base)
    assert "hunter2" not in key and len(key) == 40


def test_names_most_recent_first_bounded(cache_home):
    cache.remember_names("servers", ["a", "b"])
    cache.remember_names("servers", ["c", "a", "", "bad\nname"])
    assert (cache_home / "names-servers").read_text() == "c\na\nb\n"
    cache.remember_names("flavors", [f"f{i}" for i in range(cache.NAMES_KEPT + 5)])
    assert len((cache_home / "names-flavors").read_text().splitlines()) == cache.NAMES_KEPT


def test_cache_clear_and_show(cache_home, capsys):
    cache.remember_names("flavors", ["m1.tiny"])
    assert shell.main(["cache", "show"]) == 0
    shown = capsys.readouterr().out
    assert re.search(r"^flavors names +1$", shown, re.M) and str(cache_home) in shown
    assert re.search(r"^microversion ranges +0$", shown, re.M)  # a count, not 'versions True'
    from computeclient.version_cache import VersionCache
    VersionCache(cache_home / "versions.json").put("http://nova.test/v2.1", "2.1", "2.96")
    assert shell.main(["cache", "show"]) == 0
    assert re.search(r"^microversion ranges +1$", capsys.readouterr().out, re.M)
    (cache_home / "sandbox-templates").mkdir()
    assert shell.main(["cache", "clear"]) == 0
    assert sorted(p.name for p in cache_home.iterdir()) == ["sandbox-templates"]
    assert f"Removed 2 file(s) from {cache_home}." in capsys.readouterr().out


@pytest.mark.parametrize("command, actions", [("cache", ("show", "clear")),
                                              ("completion", ("bash", "zsh"))])
def test_an_action_is_asked_for_by_name(command, actions, capsys):
    assert shell.main([command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"compute {command}: give an action:")
    assert all(f"\n  {a} " in err for a in actions), err


# -- clouds.yaml precedence in the shell: command line > OS_* > file ---------

CLOUDS = textwrap.dedent("""
    clouds:
      mine:
        auth_type: v3applicationcredential
        auth:
          auth_url: http://keystone.test/v3
          application_credential_id: from-file
          application_credential_secret: file-secret
        region_name: RegionTwo
        interface: internal
        compute_api_version: "2.60"
        api_timeout: 12
        verify: false
        image_endpoint_override: http://glance.test/
""")


def _parsed(monkeypatch, tmp_path, argv, env=None):
    path = tmp_path / "clouds.yaml"
    path.write_text(CLOUDS)
    for name in [n for n in os.environ if n.startswith("OS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    index = shell_parsers.find_command_token(argv)
    known, _ = shell.base_parser().parse_known_args(argv[:index])
    cloud = shell_auth.named_cloud(known.os_cloud, known.os_region_name)
    args = shell.full_parser(argv, cloud["auth_type"] if cloud else "password").parse_args(argv)
    if cloud:
        shell_auth.apply_cloud(args, argv[:index], cloud)
    shell_parsers.apply_defaults(args)
    shell.check_reliability_options(shell.full_parser(argv), args)
    return args


def test_cloud_fills_what_nobody_gave(monkeypatch, tmp_path):
    args = _parsed(monkeypatch, tmp_path, ["--os-cloud", "mine", "list"])
    assert args.os_auth_type == "v3applicationcredential"
    assert args.os_application_credential_id == "from-file"
    assert (args.os_region_name, args.os_interface) == ("RegionTwo", "internal")
    assert args.os_compute_api_version == "2.60" and args.timeout == 12.0
    assert args.insecure is True and args.os_image_endpoint == "http://glance.test/"


def test_environment_beats_the_file_and_the_command_line_beats_both(monkeypatch, tmp_path):
    env = {"OS_CLOUD": "mine", "OS_APPLICATION_CREDENTIAL_ID": "from-env",
           "OS_INTERFACE": "public"}
    args = _parsed(monkeypatch, tmp_path, ["list"], env)
    assert args.os_application_credential_id == "from-env"
    assert args.os_interface == "public"
    assert args.os_application_credential_secret == "file-secret"
    args = _parsed(monkeypatch, tmp_path, ["--os-application_credential_id", "from-cli",
                                           "--timeout", "3", "--os-interface", "admin",
                                           "list"], env)
    assert args.os_application_credential_id == "from-cli"
    assert args.timeout == 3.0 and args.os_interface == "admin"


def test_os_auth_type_from_the_environment_beats_the_cloud(monkeypatch, tmp_path):
    args = _parsed(monkeypatch, tmp_path, ["--os-cloud", "mine", "list"],
                   {"OS_AUTH_TYPE": "v3token", "OS_TOKEN": "tok"})
    assert args.os_auth_type == "v3token" and args.os_token == "tok"
    assert args.os_auth_url == "http://keystone.test/v3"  # still from the file


def test_without_a_cloud_defaults_stay(monkeypatch, tmp_path):
    args = _parsed(monkeypatch, tmp_path, ["list"])
    assert (args.os_interface, args.os_compute_api_version) == ("public", "2.latest")


def test_an_unknown_cloud_is_one_error_line(monkeypatch, tmp_path, capsys):
    (tmp_path / "clouds.yaml").write_text(CLOUDS)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(tmp_path / "clouds.yaml"))
    assert shell.main(["--os-cloud", "other", "list"]) == 1
    assert capsys.readouterr().err == (
        f"ERROR (CloudConfigError): cloud 'other' is not in {tmp_path / 'clouds.yaml'} "
        f"(clouds there: mine)\n")


def test_help_and_cache_commands_stay_light(cache_home):
    code = ("import sys; from computeclient import shell; shell.main(['cache', 'show']); "
            "shell.main(['completion', 'bash']); "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('keystoneauth1', 'requests', 'prettytable', 'yaml'))))")
    out = subprocess.run([sys.executable, "-c", "import json; " + code],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out.splitlines()[-1]) == []


def test_reader_defaults_match_openstacksdk():
    from openstack.config import defaults
    sdk = defaults.get_defaults()
    assert {k: sdk[k] for k in cloud_config.DEFAULTS} == cloud_config.DEFAULTS
