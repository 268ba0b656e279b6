"""Fixtures for unit tests: a v2 Client over requests-mock."""

import pytest
import requests_mock

from computeclient import client

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
