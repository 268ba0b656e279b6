"""A request that never left the client (a header requests refuses, a URL
that does not parse) is `RequestNotSent`: "nothing was sent", one line,
never retried, never "lost", and the refused value (a token) never quoted."""

from __future__ import annotations

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from computeclient import client, exceptions, resilience, shell
from tests.fuzz.fake_nova import FakeNova, ok_json, scripted

INJECTED = "admin:admin\r\nX-Injected: 1"
BOOT = {"server": {"name": "vm1", "imageRef": "i", "flavorRef": "f"}}


def _token_client(url: str, token: object):
    return client.Client("2.60", auth_token=token, endpoint_override=url)  # type: ignore[arg-type]


def _session_client(url: str, token: object):
    sess = ksa_session.Session(auth=token_endpoint.Token(url, token))
    return client.Client("2.60", session=sess)


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    monkeypatch.setattr(resilience.RetryPolicy, "_backoff", lambda self, attempt: 0.001)


@pytest.mark.parametrize("make", [_token_client, _session_client], ids=["token", "session"])
@pytest.mark.parametrize("token", [INJECTED, " s3cr3t", "snow\u2603man", 12345],
                         ids=["crlf", "space", "non-latin1", "not-a-string"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_refused_header_is_not_sent_not_retried_not_lost(make, token, method):
    with FakeNova(scripted(then=ok_json({"flavors": []}))) as nova:
        cs = make(nova.url, token)
        with pytest.raises(exceptions.RequestNotSent) as err:
            if method == "GET":
                cs.client.get("/flavors")
            else:
                cs.client.post("/servers", body=BOOT)
    message = str(err.value)
    assert message.endswith("nothing was sent") and "\n" not in message
    assert "lost" not in message and "outcome is unknown" not in message
    assert str(token).strip() not in message and "admin:admin" not in message
    assert err.value.__cause__ is None  # --debug's traceback would quote the token
    assert nova.count() == 0


@pytest.mark.parametrize("url", ["http://[::1/v2.1", "http://exa mple.com:99999/v2.1"])
def test_an_invalid_url_is_not_sent_not_retried(url):
    cs = client.Client("2.60", auth_token="t", endpoint_override=url, connect_retries=3)
    with pytest.raises(exceptions.EndpointNotFound, match="nothing was sent$"):
        cs.client.get("/flavors")


def test_shell_prints_one_line_without_retries(capsys, monkeypatch, tmp_path):
    with FakeNova(scripted(then=ok_json({"flavors": []}))) as nova:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        code = shell.main(["--os-auth-type", "admin_token", "--os-token", INJECTED,
                           "--os-endpoint-override", nova.url, "flavor-list"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("ERROR (RequestNotSent): Cannot send GET ")
    assert err.count("\n") == 1 and "retry" not in err and "admin:admin" not in err
    assert "header X-Auth-Token" in err
    assert nova.count() == 0
