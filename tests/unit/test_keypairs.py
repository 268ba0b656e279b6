"""Keypair requests per microversion: types (2.2), other users (2.10), paging (2.35),
a public key required from 2.92."""

import json

import pytest

from computeclient import exceptions
from tests.unit.conftest import ENDPOINT

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBk me@host"


@pytest.fixture
def created(mock_http):
    mock_http.post(f"{ENDPOINT}/os-keypairs", json={"keypair": {"name": "k", "type": "ssh"}})
    return lambda: json.loads(mock_http.last_request.body)["keypair"]


def test_create_bodies(make_cs, created):
    make_cs("2.1").keypairs.create("k", public_key=KEY)
    assert created() == {"name": "k", "public_key": KEY}
    make_cs("2.2").keypairs.create("k", public_key=KEY, key_type="x509")
    assert created() == {"name": "k", "public_key": KEY, "type": "x509"}
    make_cs("2.10").keypairs.create("k", public_key=KEY, user_id="u2")
    assert created() == {"name": "k", "public_key": KEY, "type": "ssh", "user_id": "u2"}
    make_cs("2.91").keypairs.create("k")  # Nova generates the key
    assert created() == {"name": "k", "type": "ssh"}


@pytest.mark.parametrize("version, kwargs, needed", [
    ("2.1", {"public_key": KEY, "key_type": "x509"}, ">= 2.2"),
    ("2.9", {"public_key": KEY, "user_id": "u"}, ">= 2.10"),
    ("2.92", {}, "<= 2.91"),
])
def test_create_refusals(make_cs, mock_http, version, kwargs, needed):
    with pytest.raises(exceptions.VersionNotAvailable, match=needed):
        make_cs(version).keypairs.create("k", **kwargs)
    assert not mock_http.called


def test_list_paging_and_user(make_cs, mock_http):
    url = f"{ENDPOINT}/os-keypairs"
    mock_http.get(url, [
        {"json": {"keypairs": [{"keypair": {"name": "a"}}], "keypairs_links": [
            {"rel": "next", "href": f"{url}?marker=a&limit=1"}]}},
        {"json": {"keypairs": [{"keypair": {"name": "b"}}]}},
    ])
    names = [k.name for k in make_cs("2.35").keypairs.list(user_id="u", limit=-1)]
    assert names == ["a", "b"]
    assert mock_http.last_request.qs == {"user_id": ["u"], "marker": ["a"]}
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.35"):
        make_cs("2.34").keypairs.list(limit=1)
    with pytest.raises(exceptions.VersionNotAvailable, match=">= 2.10"):
        make_cs("2.9").keypairs.list(user_id="u")


def test_get_and_delete_for_user(make_cs, mock_http):
    mock_http.get(f"{ENDPOINT}/os-keypairs/k", json={"keypair": {"name": "k"}})
    mock_http.delete(f"{ENDPOINT}/os-keypairs/k", status_code=202)
    cs = make_cs("2.10")
    assert cs.keypairs.get("k", user_id="u").id == "k"
    assert mock_http.last_request.qs == {"user_id": ["u"]}
    cs.keypairs.delete("k", user_id="u")
    assert mock_http.last_request.method == "DELETE"
