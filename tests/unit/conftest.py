"""Fixtures for unit tests: a v2 Client over requests-mock."""

import pytest
import requests_mock

from computeclient import cache, client

ENDPOINT = "http://nova.test/v2.1"


@pytest.fixture
def mock_http():
    with requests_mock.Mocker() as mocker:
        yield mocker


@pytest.fixture
def make_cs(mock_http):
    """make_cs("2.60") -> a Client on HTTPClient talking to requests-mock."""
    def make(version="2.60"):
        return client.Client(version, auth_token="tok", endpoint_override=ENDPOINT)
    return make


@pytest.fixture(autouse=True)
def fresh_cache_warning(monkeypatch):
    """cache.warn says one line a run; each test is a run."""
    monkeypatch.setattr(cache, "_warned", [], raising=False)


def token_state(token: str = "t", expires_in: float = 3600) -> str:
    """A keystoneauth1 v3 auth state of the shape the token cache accepts."""
    import datetime
    import json
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        seconds=expires_in)
    catalog = [{"type": "compute", "endpoints": [{"interface": "public",
                                                  "url": "http://nova.test/v2.1"}]}]
    body = {"token": {"expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                      "user": {"id": "u1"}, "project": {"id": "p1"}, "catalog": catalog}}
    return json.dumps({"auth_token": token, "body": body})
