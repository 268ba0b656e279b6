"""The shell remembers the server's microversion range; a stale entry heals."""

import argparse

from computeclient import client, shell_auth
from computeclient.api_versions import APIVersion
from computeclient.version_cache import VersionCache
from tests.unit.conftest import ENDPOINT

DOC = {"version": {"id": "v2.1", "version": "2.90", "min_version": "2.1"}}


def _cs(tmp_path):
    return client.Client("2.latest", auth_token="t", endpoint_override=ENDPOINT,
                         version_cache=VersionCache(tmp_path / "v.json"))


def test_second_client_skips_discovery(tmp_path, mock_http):
    mock_http.get(f"{ENDPOINT}/", json=DOC)
    mock_http.get(f"{ENDPOINT}/os-keypairs", json={"keypairs": []})
    _cs(tmp_path).keypairs.list()
    _cs(tmp_path).keypairs.list()
    assert [r.path for r in mock_http.request_history] == [
        "/v2.1/", "/v2.1/os-keypairs", "/v2.1/os-keypairs"]


def test_expired_entry_is_ignored(tmp_path):
    cache = VersionCache(tmp_path / "v.json", ttl=-1)
    cache.put("u", "2.1", "2.90")
    assert cache.get("u") is None


def test_stale_entry_renegotiates_on_406(tmp_path, mock_http):
    VersionCache(tmp_path / "v.json").put(f"{ENDPOINT}/", "2.1", "2.104")
    mock_http.get(f"{ENDPOINT}/", json=DOC)
    mock_http.get(f"{ENDPOINT}/os-keypairs", [
        {"status_code": 406,
         "json": {"computeFault": {"message": "Version 2.104 is not supported"}}},
        {"json": {"keypairs": []}}])
    cs = _cs(tmp_path)
    cs.keypairs.list()
    assert cs.api_version == APIVersion("2.90")
    assert mock_http.last_request.headers["OpenStack-API-Version"] == "compute 2.90"
    assert VersionCache(tmp_path / "v.json").get(f"{ENDPOINT}/") == ("2.1", "2.90")


def test_unwritable_cache_is_only_slower(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    VersionCache(blocker / "v.json").put("u", "2.1", "2.2")  # no exception


def _args(**kw):
    base = dict(os_auth_type=None, os_auth_url="http://k/v3", os_user_domain_name="Default",
                os_user_domain_id=None, os_project_domain_name="Default",
                os_project_domain_id=None, os_project_name="admin")
    base.update(kw)
    return argparse.Namespace(**base)


def test_v3_auth_url_skips_identity_discovery():
    args = _args()
    shell_auth.skip_identity_discovery(args)
    assert args.os_auth_type == "v3password"


def test_discovery_kept_when_url_or_domains_leave_doubt():
    for args in (_args(os_auth_url="http://k/"), _args(os_user_domain_name=None),
                 _args(os_project_domain_name=None), _args(os_auth_type="v3token")):
        before = args.os_auth_type
        shell_auth.skip_identity_discovery(args)
        assert args.os_auth_type == before
