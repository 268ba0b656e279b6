"""Cache files someone else planted, damaged or linked: every file goes through
cache.read_private / write_private, is checked by shape, and anything wrong is
treated as absent and replaced, with one warning line a run at most."""

from __future__ import annotations

import json
import os
import stat

import pytest
import requests_mock as rm

from computeclient import cache, shell, version_cache, warm_auth
from tests.unit.conftest import token_state

KEYSTONE = "http://ks.test/v3"
NOVA = "http://nova.test/v2.1"
VERSIONS = {"version": {"id": "v2.1", "version": "2.90", "min_version": "2.1"}}
ROOT = NOVA + "/"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "computeclient"


def _valid_body(token="t"):
    return json.loads(token_state(token))["body"]


def _garbage_states():
    """Token states of the wrong shape, each a way the cache was seen broken."""
    good = json.loads(token_state())
    token = good["body"]["token"]

    def with_token(**changes):
        return json.dumps({**good, "body": {"token": {**token, **changes}}})

    def with_endpoints(endpoints):
        return with_token(catalog=[{"type": "compute", "endpoints": endpoints}])
    return {
        "project-a-string": with_token(project="p"),
        "user-a-string": with_token(user="u"),
        "endpoints-a-string": with_endpoints("http://nova.test/v2.1"),
        "endpoints-a-dict": with_endpoints({"url": NOVA, "interface": "public"}),
        "endpoint-url-a-number": with_endpoints([{"url": 5, "interface": "public"}]),
        "endpoint-interface-null": with_endpoints([{"url": NOVA, "interface": None}]),
        "token-a-string": json.dumps({**good, "body": {"token": "x"}}),
        "body-a-list": json.dumps({**good, "body": []}),
        "no-body": json.dumps({"auth_token": "t"}),
        "expires-not-a-date": with_token(expires_at="tomorrow"),
        "expires-a-number": with_token(expires_at=1e308),
        "expires-month-13": with_token(expires_at="2099-13-01T00:00:00Z"),
        "issued-a-number": with_token(issued_at=5),
        "catalog-a-dict": with_token(catalog={}),
        "catalog-empty": with_token(catalog=[]),
        "catalog-of-strings": with_token(catalog=["compute"]),
        "roles-a-string": with_token(roles="admin"),
        "methods-a-string": with_token(methods="password"),
        "auth-token-a-number": json.dumps({**good, "auth_token": 12345}),
        "auth-token-null": json.dumps({**good, "auth_token": None}),
        "auth-token-empty": json.dumps({**good, "auth_token": ""}),
        "auth-token-injects-a-header": json.dumps({**good, "auth_token": "a\r\nX-I: 1"}),
        "v2-token-a-string": json.dumps({"auth_token": "t", "body": {"access": {"token": "t"}}}),
        "not-json": "{not json",
        "json-null": "null",
        "json-list": "[]",
        "deeply-nested": "[" * 100000 + "]" * 100000,
    }


GARBAGE = _garbage_states()


@pytest.mark.parametrize("state", GARBAGE.values(), ids=GARBAGE.keys())
def test_a_token_state_of_the_wrong_shape_is_absent(cache_home, state, capsys):
    from keystoneauth1.identity import v3
    directory = cache.secure_dir()
    token_cache = cache.TokenCache("k", directory)
    cache.write_private(token_cache.path, state)
    auth = v3.Password(auth_url=KEYSTONE, username="u", password="p", project_name="p",
                       user_domain_id="default", project_domain_id="default")
    assert token_cache.restore(auth) is False and auth.auth_ref is None
    assert warm_auth.CachedToken.parse(state) is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err


def test_the_accepted_shape_is_what_keystoneauth1_reads():
    from keystoneauth1.identity import v3
    auth = v3.Password(auth_url=KEYSTONE, username="u", password="p")
    auth.set_auth_state(token_state())
    access = auth.auth_ref
    assert (access.project_id, access.user_id, access.will_expire_soon()) == ("p1", "u1", False)
    assert access.service_catalog.url_for(service_type="compute") == NOVA


def _keystone_and_nova(mock):
    mock.post(KEYSTONE + "/auth/tokens", status_code=201,
              headers={"X-Subject-Token": "fresh"}, json=_valid_body("fresh"))
    mock.get(ROOT, json=VERSIONS)
    mock.get(NOVA + "/flavors/detail", json={"flavors": []})


PASSWORD = ["--os-auth-url", KEYSTONE, "--os-username", "u", "--os-password", "p",
            "--os-project-name", "p", "--os-user-domain-id", "default",
            "--os-project-domain-id", "default"]


@pytest.mark.parametrize("state", GARBAGE.values(), ids=GARBAGE.keys())
def test_the_shell_heals_a_damaged_token_file(cache_home, state, capsys):
    with rm.Mocker() as mock:
        _keystone_and_nova(mock)
        assert shell.main([*PASSWORD, "flavor-list"]) == 0
        (token_file,) = cache_home.glob("token-*.json")
        cache.write_private(token_file, state)
        capsys.readouterr()
        assert shell.main([*PASSWORD, "flavor-list"]) == 0
        posts = [r for r in mock.request_history if r.method == "POST"]
    err = capsys.readouterr().err
    assert len(posts) == 2 and err.count("\n") == 1 and "damaged" in err
    assert json.loads(token_file.read_text())["auth_token"] == "fresh"  # replaced


BAD_VERSIONS = {
    "max-banana": {ROOT: {"min": "2.1", "max": "banana", "at": 1e308}},
    "at-a-string": {ROOT: {"min": "2.1", "max": "2.90", "at": "x"}},
    "at-far-future": {ROOT: {"min": "2.1", "max": "2.1", "at": 1e308}},
    "at-infinite": {ROOT: {"min": "2.1", "max": "2.90", "at": float("inf")}},
    "min-above-max": {ROOT: {"min": "2.90", "max": "2.1", "at": 1.0}},
    "entry-a-list": {ROOT: ["2.1", "2.90"]},
    "at-a-bool": {ROOT: {"min": "2.1", "max": "2.90", "at": True}},
    "a-list": [1, 2],
}


@pytest.mark.parametrize("planted", BAD_VERSIONS.values(), ids=BAD_VERSIONS.keys())
def test_a_planted_versions_file_is_absent_and_replaced(cache_home, planted, capsys,
                                                        token_env_nova):
    cache.secure_dir()
    cache.write_private(cache_home / "versions.json", json.dumps(planted))
    with rm.Mocker() as mock:
        mock.get(ROOT, json=VERSIONS)
        mock.get(NOVA + "/flavors/detail", json={"flavors": []})
        assert shell.main(["flavor-list"]) == 0
        assert mock.request_history[0].url == ROOT  # negotiated afresh
    assert capsys.readouterr().err.count("\n") == 1
    entry = json.loads((cache_home / "versions.json").read_text())[ROOT]
    assert (entry["min"], entry["max"]) == ("2.1", "2.90")


@pytest.fixture
def token_env_nova(monkeypatch, cache_home):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", NOVA)
    monkeypatch.setenv("OS_TOKEN", "t")


def test_a_directory_of_another_user_is_neither_read_nor_written_and_warned_once(
        cache_home, monkeypatch, capsys, token_env_nova):
    cache_home.mkdir(parents=True)
    planted = json.dumps({ROOT: {"min": "2.1", "max": "2.1", "at": 1.0e9}})
    (cache_home / "versions.json").write_text(planted)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_home).st_uid + 1)
    with rm.Mocker() as mock:
        mock.get(ROOT, json=VERSIONS)
        mock.get(NOVA + "/flavors/detail", json={"flavors": [{"id": "1", "name": "m1"}]})
        assert shell.main(["flavor-list"]) == 0
        assert mock.request_history[0].url == ROOT
    err = capsys.readouterr().err
    assert err == f"WARNING: cache directory {cache_home} belongs to another user; not used\n"
    assert sorted(p.name for p in cache_home.iterdir()) == ["versions.json"]
    assert (cache_home / "versions.json").read_text() == planted


@pytest.fixture
def linked_home(tmp_path, monkeypatch):
    """The cache directory is a symbolic link to someone's directory."""
    target = tmp_path / "target"
    target.mkdir(mode=0o755)
    os.chmod(target, 0o755)
    (target / "token-keep.json").write_text("theirs")
    (target / "versions.json").write_text("theirs")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "computeclient").symlink_to(target)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    return target


def test_a_linked_cache_directory_is_not_followed(linked_home, capsys, token_env_nova):
    with rm.Mocker() as mock:
        mock.get(ROOT, json=VERSIONS)
        mock.get(NOVA + "/flavors/detail", json={"flavors": [{"id": "1", "name": "m1"}]})
        assert shell.main(["flavor-list"]) == 0
    assert "is a symbolic link; not used" in capsys.readouterr().err
    assert stat.S_IMODE(linked_home.stat().st_mode) == 0o755
    assert sorted(p.name for p in linked_home.iterdir()) == ["token-keep.json",
                                                             "versions.json"]
    assert shell.main(["cache", "clear"]) == 0
    assert sorted(p.name for p in linked_home.iterdir()) == ["token-keep.json",
                                                             "versions.json"]


def test_a_linked_versions_file_is_not_written_through(cache_home, tmp_path):
    target = tmp_path / "elsewhere.json"
    target.write_text("precious")
    cache.secure_dir()
    (cache_home / "versions.json").symlink_to(target)
    versions = version_cache.VersionCache()
    assert versions.get(ROOT) is None
    versions.put(ROOT, "2.1", "2.90")
    versions.forget(ROOT)
    assert target.read_text() == "precious"
    assert not (cache_home / "versions.json").is_symlink()  # replaced by a file of ours


def test_fifo_and_oversized_names_files_do_not_block_cache_show(cache_home, capsys):
    cache.secure_dir()
    os.mkfifo(cache_home / "names-servers")
    with open(cache_home / "names-flavors", "w") as handle:
        handle.truncate(cache.MAX_FILE_BYTES + 1)
    os.chmod(cache_home / "names-flavors", 0o600)
    assert shell.main(["cache", "show"]) == 0
    shown = dict(line.rsplit(None, 1) for line in capsys.readouterr().out.splitlines())
    assert (shown["servers names"], shown["flavors names"]) == ("0", "0")


def test_a_directory_where_a_cache_file_belongs_is_absent(cache_home, capsys):
    cache.secure_dir()
    (cache_home / "versions.json").mkdir()
    assert version_cache.VersionCache().get(ROOT) is None
    assert "is not a regular file" in capsys.readouterr().err
